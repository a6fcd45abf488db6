"""The ontology: our namespace matches it, our terms are documented, external terms exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from mosgraph.resources import ontology_path, shapes_path
from mosgraph.vocab import MOS, ONTOLOGY_IRI

NS = str(MOS)
# reference copies in ../shared/vocab, by namespace
REFERENCES = {
    "http://www.w3.org/ns/org#": "org.ttl",
    "http://xmlns.com/foaf/0.1/": "foaf.ttl",
    "http://www.w3.org/ns/prov#": "prov-o.ttl",
    "http://purl.org/dc/terms/": "dublin_core_terms.ttl",
    "http://www.w3.org/2004/02/skos/core#": "skos.ttl",
    "http://www.w3.org/ns/dcat#": "dcat3.ttl",
    "http://rdfs.org/ns/void#": "void.ttl",
    "http://www.w3.org/2006/time#": "time.ttl",
    "http://www.w3.org/ns/oa#": "oa.ttl",
    "http://purl.org/linked-data/cube#": "cube.ttl",
    "https://schema.org/": "schemaorg-current-https.ttl",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path())


def test_namespace_class_matches_the_ontology(ontology: Graph) -> None:
    defined = {str(s)[len(NS):] for s in ontology.subjects() if str(s).startswith(NS)}
    declared = {n for n in MOS.__annotations__ if not n.startswith("_")} | set(MOS._extras)
    assert declared == defined


def test_every_minted_term_has_label_definition_and_is_defined_by(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert len(terms) > 40
    for term in terms:
        assert (term, RDFS.label, None) in ontology, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, term
        comment = ontology.value(term, RDFS.comment)  # how it is used (issue 10)
        assert comment is not None and len(str(comment).split()) >= 4, term
        if (term, RDF.type, OWL.Class) in ontology or (term, RDF.type, OWL.ObjectProperty) in \
                ontology or (term, RDF.type, OWL.DatatypeProperty) in ontology:
            assert (term, SKOS.definition, None) in ontology, term


def test_ontology_metadata(ontology: Graph) -> None:
    from rdflib.namespace import DCTERMS

    for predicate in (DCTERMS.title, DCTERMS.description, OWL.versionIRI, DCTERMS.license,
                      DCTERMS.creator,
                      URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"),
                      URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")):
        assert (ONTOLOGY_IRI, predicate, None) in ontology, predicate


def _external_terms(graph: Graph) -> set[URIRef]:
    terms = set()
    for triple in graph:
        for position, term in enumerate(triple):
            if isinstance(term, URIRef) and (position == 1 or triple[1] == RDF.type or
                                             str(term).rsplit("#", 1)[0] in
                                             {r.rstrip("#") for r in REFERENCES}):
                terms.add(term)
    return {t for t in terms if any(str(t).startswith(ns) for ns in REFERENCES)}


def test_every_external_term_exists_in_its_vocabulary(
    shared_vocab: Path, ontology: Graph, built_graph: Graph
) -> None:
    used = _external_terms(ontology) | _external_terms(built_graph) | \
        _external_terms(Graph().parse(shapes_path()))
    missing = []
    defined: dict[str, set[URIRef]] = {}
    for term in sorted(used):
        namespace = next(ns for ns in REFERENCES if str(term).startswith(ns))
        if namespace not in defined:
            reference = Graph().parse(shared_vocab / REFERENCES[namespace])
            defined[namespace] = {s for s in reference.subjects() if isinstance(s, URIRef)}
        if term not in defined[namespace]:
            missing.append(str(term))
    assert missing == []
    assert len(used) > 60


def test_every_namespace_is_declared_once_in_vocab() -> None:
    """No module other than vocab writes a namespace of vocab's table as a string of its own
    (but the RDF/XML reader, which names the syntax's own namespace without importing
    rdflib), and the published JSON-LD context gives each prefix the same namespace."""
    import ast
    import json

    from mosgraph.vocab import PREFIXES

    package = Path(__file__).resolve().parent.parent / "src" / "mosgraph"
    namespaces = set(PREFIXES.values())
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name in ("vocab.py", "rdfxml.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in namespaces:
                found.append(f"{path.relative_to(package)}:{node.lineno} {node.value}")
    assert found == []
    context = json.loads((package / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for prefix, namespace in PREFIXES.items():
        assert context.get(prefix, namespace) == namespace, prefix
