"""Every RDF export parses back to the graph exported: the real graph, and generated ones.

Generated graphs have random IRIs (non-ASCII too), blank nodes (also in cycles), and literals
with language tags, datatypes, unicode, newlines, carriage returns, quotes and backslashes.
JSON-LD is also read by an independent processor (PyLD), with no document loader, and must
give the same triples. Language tags are compared in lower case (pyoxigraph writes them so,
as RDF 1.1 allows).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from mosgraph.errors import UsageError
from mosgraph.export import export_graph
from mosgraph.formats import RDF_FORMATS, by_name
from mosgraph.propertygraph import JOIN, rdf_to_networkx
from mosgraph.rdfio import load_graph, serialize

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
XML_INVALID = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]}
# MOSGRAPH_EXAMPLES=2000 pytest tests/test_roundtrip.py searches harder
SETTINGS = settings(max_examples=int(os.environ.get("MOSGRAPH_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- strategies ----------------------------------------------------------------------------------

segment = st.lists(
    st.sampled_from([*"abcxyzABC019-._~éüø김中ßΩ'()!$&*+,;=:@", "%20", "%C3%A9"]), min_size=1,
    max_size=8).map("".join)
iris = st.builds(lambda a, b, sep: URIRef(f"https://example.org/{a}{sep}{b}"),
                 segment, segment, st.sampled_from(["/", "#", "/x/", "?q="]))
namespaces = st.sampled_from([
    "http://example.org/ns#", "https://schema.org/", "http://xmlns.com/foaf/0.1/",
    "https://w3id.org/mosgraph/ontology#", "http://example.org/other/",
])
local_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,8}", fullmatch=True)
predicates = st.one_of(
    st.builds(lambda ns, local: URIRef(ns + local), namespaces, local_names),
    st.sampled_from([URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                     URIRef("http://xmlns.com/foaf/0.1/name"),
                     URIRef("http://www.w3.org/ns/org#memberOf")]),
)
tricky = st.sampled_from(['"', '"""', "'", "\\", "\\n", "\n", "\r\n", "\r", "\t", " ", "",
                          "é", "😀", "a\u0301", "<&>", "]]>", "@en", "_:x", "x | y", "\u2028"])
texts = st.lists(st.one_of(tricky, st.text(alphabet=st.characters(
    blacklist_categories=("Cs",)), max_size=12)), max_size=3).map("".join)
# well-formed BCP 47 tags (pyoxigraph, like RDF 1.1, refuses others), in any case
languages = st.sampled_from(["en", "EN", "en-GB", "fr", "pt-BR", "zh-Hant-TW", "de-CH-1996",
                             "x-private", "sgn-BE-FR", "ar"])
literals = st.one_of(
    st.builds(Literal, texts),
    st.builds(lambda t, lang: Literal(t, lang=lang), texts, languages),
    st.builds(Literal, st.integers(min_value=-(10**20), max_value=10**20)),
    st.builds(Literal, st.booleans()),
    st.builds(Literal, st.dates(min_value=datetime.date(1, 1, 1))),
    st.builds(Literal, st.decimals(allow_nan=False, allow_infinity=False, places=3)),
    st.builds(Literal, st.floats(allow_nan=False, allow_infinity=False)),
    st.builds(lambda y: Literal(f"{y:04d}", datatype=XSD.gYear), st.integers(1000, 2999)),
    st.builds(lambda t: Literal(t, datatype=XSD.string), texts),
    st.builds(lambda t: Literal(t, datatype=URIRef("http://example.org/dt#weird")), texts),
)


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    blanks = [BNode() for _ in range(draw(st.integers(0, 3)))]
    nodes = st.one_of(iris, st.sampled_from(blanks)) if blanks else iris
    graph = Graph()
    for prefix in draw(st.sets(st.sampled_from(["ex", "s", "foaf", "other"]))):
        graph.bind(prefix, {"ex": "http://example.org/ns#", "s": "https://schema.org/",
                            "foaf": "http://xmlns.com/foaf/0.1/",
                            "other": "http://example.org/other/"}[prefix])
    for _ in range(draw(st.integers(0, 12))):
        subject = draw(nodes)
        predicate = draw(predicates)
        obj: Node = draw(st.one_of(nodes, literals))
        graph.add((subject, predicate, obj))
    return graph


def xml_safe(graph: Graph) -> bool:
    return not any(ch in XML_INVALID for triple in graph for t in triple for ch in str(t))


@pytest.fixture(scope="module")
def folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="mosgraph-roundtrip-"))


# --- the real graph ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_real_graph_round_trips(built_graph: Graph, tmp_path: Path, fmt: Any) -> None:
    path = tmp_path / f"mosgraph{fmt.extension}"
    written = export_graph(built_graph, path)
    assert written[0] == path
    back = load_graph(path)
    assert len(back) == len(built_graph) > 3000
    assert isomorphic(back, built_graph)


# --- generated graphs ----------------------------------------------------------------------------


@SETTINGS
@given(graph=graphs())
def test_every_rdf_format_round_trips(graph: Graph, folder: Path) -> None:
    for fmt in RDF_FORMATS:
        if fmt.name == "rdfxml" and not xml_safe(graph):
            with pytest.raises(UsageError, match="XML cannot hold"):
                serialize(graph, fmt)
            continue
        path = folder / f"generated{fmt.extension}"
        export_graph(graph, path)
        back = load_graph(path)
        assert isomorphic(back, _rdf11(graph)), (fmt.name, path.read_text("utf-8"))


def _shuffled(graph: Graph, seed: int) -> Graph:
    """The same triples, added in another order, with other blank node labels."""
    fresh: dict[Node, BNode] = {}

    def relabel(term: Node) -> Node:
        return fresh.setdefault(term, BNode()) if isinstance(term, BNode) else term

    triples = list(graph)
    random.Random(seed).shuffle(triples)
    other = Graph()
    for prefix, namespace in graph.namespaces():
        other.bind(prefix, namespace, override=True)
    for s, p, o in triples:
        other.add((relabel(s), p, relabel(o)))
    return other


@SETTINGS
@given(graph=graphs(), seed=st.integers(0, 2**32))
def test_same_triples_give_the_same_bytes(graph: Graph, seed: int) -> None:
    other = _shuffled(graph, seed)
    for fmt in RDF_FORMATS:
        if fmt.name == "rdfxml" and not xml_safe(graph):
            continue
        assert serialize(graph, fmt) == serialize(other, fmt), fmt.name


def _string_twins() -> Graph:
    """One RDF 1.1 triple that rdflib holds twice: ``""`` and ``""^^xsd:string``."""
    graph = Graph()
    for obj in (Literal(""), Literal("", datatype=XSD.string)):
        graph.add((URIRef("https://example.org/a/a"), URIRef("http://example.org/ns#A"), obj))
    return graph


@SETTINGS
@given(graph=graphs())
@example(graph=_string_twins())
def test_every_triple_is_an_edge_a_type_or_an_attribute(graph: Graph) -> None:
    """Counted as RDF 1.1 counts them (a plain literal is an xsd:string)."""
    assume(all(JOIN not in str(o) for o in graph.objects()))
    pg = rdf_to_networkx(graph)
    counted = pg.number_of_edges()
    for _, data in pg.nodes(data=True):
        assert isinstance(data["label"], str) and isinstance(data["type"], str)
        counted += len(data["type"].split(JOIN)) if data["type"] else 0
        for key, value in data.items():
            if key not in ("iri", "label", "type"):
                counted += len(str(value).split(JOIN))
    assert counted == len({(s, p, Literal(str(o)) if isinstance(o, Literal)
                            and o.datatype == XSD.string else o) for s, p, o in graph})


# --- JSON-LD through an independent processor ----------------------------------------------------


def pyld_triples(document: bytes, base: str = "file:///export/graph.jsonld") -> Graph:
    """Expand ``document`` with PyLD into a graph: the context is in it, nothing is loaded."""
    pyld = pytest.importorskip("pyld")
    jsonld = pyld.jsonld

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        raise AssertionError(f"PyLD asked for {url}: the document must be self-contained")

    nquads = jsonld.to_rdf(json.loads(document), {
        "base": base, "format": "application/n-quads", "documentLoader": loader})
    graph = Graph().parse(data=nquads or "", format="nquads")
    return _rdf11(graph)


def _rdf11(graph: Graph) -> Graph:
    """``graph`` with RDF 1.1's equalities made explicit: ``"x"^^xsd:string`` is ``"x"``,
    language tags are case-insensitive (PyLD writes them in lower case)."""
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal):
            if o.datatype == XSD.string:
                o = Literal(str(o))
            elif o.language:
                o = Literal(str(o), lang=o.language.lower())
        result.add((s, p, o))
    return result


def test_pyld_reads_the_real_graph(built_graph: Graph) -> None:
    document = serialize(built_graph, by_name("jsonld"))
    assert isomorphic(pyld_triples(document), _rdf11(built_graph))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=graphs())
def test_pyld_reads_generated_graphs(graph: Graph) -> None:
    # PyLD writes doubles in canonical form (1.0E0); RDF 1.1 compares lexical forms
    assume(not any(isinstance(o, Literal) and o.datatype == XSD.double
                   for o in graph.objects()))
    document = serialize(graph, by_name("jsonld"))
    assert isomorphic(pyld_triples(document), _rdf11(graph)), document.decode()


def test_decimal_and_double_lexical_forms_survive(tmp_path: Path) -> None:
    graph = Graph()
    subject, value = URIRef("https://example.org/s"), URIRef("https://example.org/v")
    for literal in (Literal("1.50", datatype=XSD.double), Literal("1.5E0", datatype=XSD.double),
                    Literal(Decimal("2.10")), Literal("x", datatype=XSD.string),
                    Literal("1", datatype=XSD.boolean), Literal("x")):
        graph.add((subject, value, literal))
    for fmt in RDF_FORMATS:
        path = tmp_path / f"g{fmt.extension}"
        export_graph(graph, path)
        assert isomorphic(load_graph(path), _rdf11(graph)), fmt.name
