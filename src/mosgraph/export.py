"""Export a graph: six RDF syntaxes, JSON-LD with a published context, and property graphs.

Every export is deterministic: the same triples (whatever their order, whatever the labels
of their blank nodes) give the same bytes, in every process. RDF exports parse back to a
graph isomorphic to the one exported.

* RDF: Turtle, N-Triples, N-Quads, TriG, RDF/XML and JSON-LD (:func:`serialize_rdf`).
* JSON-LD is *compacted* with mosgraph's published context (``context.jsonld``, shipped in
  the package, see :func:`jsonld_context`), so that keys read as plain words (``name``,
  ``memberOf``, ``representing``, ``meeting``, ``derivedFrom``) and dates, years, integers and
  English strings are plain JSON strings. Predicates the context does not name are written
  as prefixed names (``ex:knows``), adding the graph's own prefixes to the context where
  needed, and values that do not fit a term (another language, another datatype) as value
  objects: nothing is lost. The document refers to the context by a relative IRI,
  ``context.jsonld``, written next to it (or by an IRI of your choice, or embeds it).
* Property graphs for Gephi and Cytoscape: GraphML, GEXF, Cytoscape.js JSON and CSV node and
  edge tables, made by :func:`rdf_to_networkx` and written by :func:`write_property_graph`
  (both from :mod:`mosgraph.propertygraph`).

>>> from rdflib import Graph
>>> graph = Graph().parse(format="turtle", data='''
...     @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...     @prefix org: <http://www.w3.org/ns/org#> .
...     @prefix mos: <https://w3id.org/mosgraph/ontology#> .
...     <https://example.org/ana> a foaf:Person ; foaf:name "Ana" ;
...         org:memberOf <https://example.org/ons> .
...     <https://example.org/att> mos:attendee <https://example.org/ana> ;
...         mos:onBehalfOf <https://example.org/bo> .
... ''')
>>> print(serialize_rdf(graph, "jsonld").decode())
{
  "@context": "context.jsonld",
  "@graph": [
    {
      "id": "https://example.org/ana",
      "type": "foaf:Person",
      "memberOf": "https://example.org/ons",
      "name": "Ana"
    },
    {
      "id": "https://example.org/att",
      "attendee": "https://example.org/ana",
      "representing": "https://example.org/bo"
    }
  ]
}
<BLANKLINE>
>>> print(serialize_rdf(graph, "nt").decode().splitlines()[2])
<https://example.org/ana> <http://xmlns.com/foaf/0.1/name> "Ana" .

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in export_graph(graph, folder / "people.jsonld")]
['people.jsonld', 'context.jsonld']
>>> [p.name for p in export_graph(graph, folder / "people.gexf")]
['people.gexf']
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import UsageError
from .formats import Format
from .propertygraph import (
    _canonical,
    _node_id,
    _render,
    _resolve_format,
    _write_files,
    _xml_attr,
    _xml_content,
    rdf_to_networkx,
    write_property_graph,
)

__all__ = [
    "CONTEXT_FILE",
    "export_graph",
    "jsonld_context",
    "rdf_to_networkx",
    "serialize_rdf",
    "write_property_graph",
]

CONTEXT_FILE = "context.jsonld"
"""The name of the published JSON-LD context, in the package and next to JSON-LD exports."""

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --- the published context -----------------------------------------------------------------------


@cache
def _context_bytes() -> bytes:
    return (resources.files("mosgraph") / CONTEXT_FILE).read_bytes()


def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context document (``{"@context": {...}}``), a fresh copy.

    >>> jsonld_context()["@context"]["representing"]
    {'@id': 'mos:onBehalfOf', '@type': '@id'}
    """
    document: dict[str, Any] = json.loads(_context_bytes())
    return document


@dataclass(frozen=True)
class _Term:
    name: str
    iri: str
    type: str | None  # "@id", a datatype IRI, or None
    language: str | None


def _is_prefix(definition: str) -> bool:
    return "://" in definition and definition.endswith(("/", "#"))


class _Compactor:
    """Writes triples as compacted JSON-LD node objects under a fixed context."""

    def __init__(self, context: dict[str, Any], graph: Graph) -> None:
        self.prefixes: dict[str, str] = {}
        definitions: dict[str, Any] = {}
        self.id_key, self.type_key = "@id", "@type"
        for name, definition in context.items():
            if definition == "@id":
                self.id_key = name
            elif definition == "@type":
                self.type_key = name
            elif isinstance(definition, str) and _is_prefix(definition):
                self.prefixes[name] = definition
            else:
                definitions[name] = definition
        self.extra = self._extra_prefixes(graph, set(context))
        self.prefixes.update(self.extra)
        self._table = sorted(((ns, p) for p, ns in self.prefixes.items()),
                             key=lambda item: (-len(item[0]), item[1]))
        self.terms: dict[str, _Term] = {}
        for name in sorted(definitions):
            definition = definitions[name]
            if isinstance(definition, str):
                definition = {"@id": definition}
            kind = definition.get("@type")
            term = _Term(name, self._expand(definition["@id"]),
                         kind if kind in (None, "@id") else self._expand(kind),
                         definition.get("@language"))
            self.terms.setdefault(term.iri, term)

    def _expand(self, text: str) -> str:
        prefix, _, suffix = text.partition(":")
        return self.prefixes[prefix] + suffix if prefix in self.prefixes else text

    def _extra_prefixes(self, graph: Graph, taken: set[str]) -> dict[str, str]:
        """The graph's own prefixes that shorten some IRI the context leaves long."""
        known = set(self.prefixes.values())
        candidates = {
            prefix: str(ns) for prefix, ns in graph.namespaces()
            if re.fullmatch(r"[A-Za-z][\w.-]*", prefix or "") and prefix not in taken
            and prefix not in ("http", "https", "urn") and str(ns) not in known
            and str(ns).endswith(("/", "#", ":", "?", "[", "]", "@"))
        }
        if not candidates:
            return {}
        iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
        iris |= {str(o.datatype) for o in graph.objects() if isinstance(o, Literal)
                 and o.datatype}
        # a prefix named like the scheme of an IRI (mailto:...) would misread that IRI
        schemes = {i.split(":", 1)[0] for i in iris}
        used = {p: ns for p, ns in candidates.items() if p not in schemes
                and any(i.startswith(ns) and len(i) > len(ns) for i in iris)}
        return dict(sorted(used.items()))

    def iri(self, term: Node) -> str:
        if isinstance(term, BNode):
            return term.n3()
        text = str(term)
        for namespace, prefix in self._table:
            if text.startswith(namespace):
                suffix = text[len(namespace):]
                if suffix and not suffix.startswith("//"):
                    return f"{prefix}:{suffix}"
        return text

    def value(self, term: _Term | None, obj: Node) -> Any:
        if isinstance(obj, Literal):
            if term is None or (term.type is None and term.language is None):
                plain = obj.datatype is None and obj.language is None
            elif term.language is not None:
                plain = obj.language == term.language
            else:
                plain = obj.datatype is not None and str(obj.datatype) == term.type
            if plain:
                return str(obj)
            if obj.language is not None:
                return {"@language": obj.language, "@value": str(obj)}
            if obj.datatype is not None:
                return {"@type": self.iri(obj.datatype), "@value": str(obj)}
            return {"@value": str(obj)}
        if term is not None and term.type == "@id":
            return self.iri(obj)
        return {self.id_key: self.iri(obj)}

    def node(self, subject: Node, pairs: list[tuple[Node, Node]]) -> dict[str, Any]:
        result: dict[str, Any] = {self.id_key: self.iri(subject)}
        types = sorted(self.iri(o) for p, o in pairs if p == RDF.type and isinstance(o, URIRef))
        if types:
            result[self.type_key] = types[0] if len(types) == 1 else types
        values: dict[str, list[Any]] = {}
        for predicate, obj in pairs:
            if predicate == RDF.type and isinstance(obj, URIRef):
                continue
            term = self.terms.get(str(predicate))
            key = term.name if term else self.iri(predicate)
            values.setdefault(key, []).append(self.value(term, obj))
        for key in sorted(values):
            found = sorted(values[key], key=_value_order)
            result[key] = found[0] if len(found) == 1 else found
        return result


def _value_order(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _jsonld(graph: Graph, context_iri: str | None) -> bytes:
    shipped = jsonld_context()["@context"]
    compactor = _Compactor(shipped, graph)
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((p, o))
    nodes = [compactor.node(s, pairs) for s, pairs in by_subject.items()]
    nodes.sort(key=lambda n: str(n[compactor.id_key]))
    context: Any
    if context_iri is None:
        context = {**shipped, **compactor.extra}
    else:
        context = [context_iri, compactor.extra] if compactor.extra else context_iri
    document = {"@context": context, "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- RDF syntaxes --------------------------------------------------------------------------------


_XSD = "http://www.w3.org/2001/XMLSchema#"
# Turtle's short forms of numbers and booleans, and the lexical forms they stand for exactly
_SHORT_FORMS = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
_PREFIX = re.compile(r"(?:[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_IRI_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x21), *map(ord, '<>"{}|^`\\')]}
_STRING_ESCAPES = {
    **{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]},
    ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
}


class _TurtleNames:
    """Prefixed names for IRIs where Turtle allows one, full ``<IRI>`` otherwise."""

    def __init__(self, graph: Graph) -> None:
        from .propertygraph import _KNOWN_PREFIXES

        self.namespaces: dict[str, str] = {}
        for prefix, namespace in [*sorted((p, str(n)) for p, n in graph.namespaces()),
                                  *_KNOWN_PREFIXES.items()]:
            if _PREFIX.fullmatch(prefix) and prefix not in self.namespaces.values():
                self.namespaces.setdefault(namespace, prefix)
        self.used: set[str] = set()
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self._cache.get(iri)
        if found is None:
            found = f"<{iri.translate(_IRI_ESCAPES)}>"
            cut = max(iri.rfind("/"), iri.rfind("#"), iri.rfind(":")) + 1
            prefix = self.namespaces.get(iri[:cut])
            if prefix is not None and _LOCAL.fullmatch(iri[cut:]):
                found = f"{prefix}:{iri[cut:]}"
                self.used.add(iri[:cut])
            self._cache[iri] = found
        return found

    def term(self, term: Node) -> str:
        if isinstance(term, BNode):
            return term.n3()
        if not isinstance(term, Literal):
            return self.iri(str(term))
        lexical = str(term)
        if term.language:
            return f'"{lexical.translate(_STRING_ESCAPES)}"@{term.language}'
        if term.datatype is None:
            return f'"{lexical.translate(_STRING_ESCAPES)}"'
        datatype = str(term.datatype)
        short = _SHORT_FORMS.get(datatype)
        if short is not None and short.fullmatch(lexical):
            return lexical
        return f'"{lexical.translate(_STRING_ESCAPES)}"^^{self.iri(datatype)}'


def _turtle(graph: Graph, *, trig: bool = False) -> bytes:
    """Turtle (or TriG, the triples as its default graph): one block per subject, sorted.

    Every literal keeps its exact lexical form; numbers and booleans are written short only
    where the short form is that lexical form. (rdflib's writer rewrites numbers, orders
    some output by hash, and is slow on large graphs.)
    """
    names = _TurtleNames(graph)
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((p, o))
    indent = "    " if trig else ""
    blocks = []
    for subject in sorted(by_subject, key=_node_id):
        grouped: dict[Node, list[Node]] = {}
        for predicate, obj in by_subject[subject]:
            grouped.setdefault(predicate, []).append(obj)
        lines = []
        for predicate in sorted(grouped, key=lambda p: (p != RDF.type, names.term(p))):
            verb = "a" if predicate == RDF.type else names.term(predicate)
            objects = sorted(names.term(o) for o in grouped[predicate])
            lines.append(f"{indent}    {verb} " + f" ,\n{indent}        ".join(objects))
        blocks.append(f"{indent}{names.term(subject)}\n" + " ;\n".join(lines) + " .\n")
    header = "".join(f"@prefix {names.namespaces[ns]}: <{ns.translate(_IRI_ESCAPES)}> .\n"
                     for ns in sorted(names.used, key=lambda ns: names.namespaces[ns]))
    body = "\n".join(blocks)
    if trig:
        body = "{\n" + body + "}\n" if body else ""
    return (header + ("\n" if header and body else "") + body).encode("utf-8")


_RDF_NS = str(RDF)
# rdf: names that RDF/XML reserves for its syntax and so cannot be written as properties
_NOT_PROPERTIES = {"RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "li",
                   "Description", "aboutEach", "aboutEachPrefix", "bagID"}


def _xml_safe(text: str, what: str) -> str:
    bad = _XML_INVALID.search(text)
    if bad:
        raise UsageError(
            f"cannot write RDF/XML: {what} holds the character U+{ord(bad.group()):04X}, "
            "which XML cannot hold (write Turtle, N-Triples or JSON-LD instead)"
        )
    return text


def _rdfxml(graph: Graph) -> bytes:
    """Flat RDF/XML: one ``rdf:Description`` per subject, all sorted.

    (rdflib's RDF/XML writer orders subjects by hash, which changes from run to run.)
    """
    from rdflib.namespace import split_uri

    bound = {str(ns): prefix for prefix, ns in sorted(graph.namespaces())
             if prefix and re.fullmatch(r"[A-Za-z_][\w.-]*", prefix)
             and not prefix.lower().startswith("xml") and prefix != "rdf"}
    names: dict[Node, tuple[str, str]] = {}  # predicate -> (namespace, local name)
    for predicate in sorted(set(graph.predicates()), key=_node_id):
        try:
            namespace, local = split_uri(str(predicate))
        except ValueError:
            raise UsageError(f"cannot write RDF/XML: the predicate <{predicate}> does not end "
                             "in a name (write Turtle or N-Triples instead)") from None
        if namespace == _RDF_NS and local in _NOT_PROPERTIES:
            raise UsageError(f"cannot write RDF/XML: rdf:{local} cannot be a property there")
        names[predicate] = (namespace, local)
    prefixes = {_RDF_NS: "rdf"}
    for namespace, _ in sorted(set(names.values())):
        if namespace not in prefixes:
            prefix = bound.get(namespace)
            if prefix is None or prefix in prefixes.values():
                prefix = next(f"ns{n}" for n in range(1, len(names) + 2)
                              if f"ns{n}" not in prefixes.values()
                              and f"ns{n}" not in bound.values())
            prefixes[namespace] = prefix

    def node(term: Node) -> str:
        if isinstance(term, BNode):
            return f"rdf:nodeID={_xml_attr(str(term))}"
        return f"rdf:about={_xml_attr(_xml_safe(str(term), term.n3()))}"

    out = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    out += [f"   xmlns:{prefix}={_xml_attr(ns)}"
            for ns, prefix in sorted(prefixes.items(), key=lambda item: item[1])]
    out[-1] += ">"
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((p, o))
    for subject in sorted(by_subject, key=_node_id):
        out.append(f"  <rdf:Description {node(subject)}>")
        for predicate, obj in sorted(by_subject[subject],
                                     key=lambda po: (_node_id(po[0]), _object_order(po[1]))):
            namespace, local = names[predicate]
            tag = f"{prefixes[namespace]}:{local}"
            if isinstance(obj, Literal):
                extra = f" xml:lang={_xml_attr(obj.language)}" if obj.language else \
                    f" rdf:datatype={_xml_attr(str(obj.datatype))}" if obj.datatype else ""
                text = _xml_content(_xml_safe(str(obj), f"the literal {obj.n3()[:60]}"))
                out.append(f"    <{tag}{extra}>{text}</{tag}>")
            elif isinstance(obj, BNode):
                out.append(f"    <{tag} rdf:nodeID={_xml_attr(str(obj))}/>")
            else:
                out.append(f"    <{tag} rdf:resource="
                           f"{_xml_attr(_xml_safe(str(obj), obj.n3()))}/>")
        out.append("  </rdf:Description>")
    out.append("</rdf:RDF>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _object_order(term: Node) -> tuple[str, str, str]:
    if isinstance(term, Literal):
        return (str(term), term.language or "", str(term.datatype or ""))
    return (_node_id(term), "", "")


def serialize_rdf(graph: Graph, fmt: Format | str, *,
                  context_iri: str | None = CONTEXT_FILE) -> bytes:
    """The bytes of ``graph`` in the RDF format ``fmt`` (a Format or a name like ``"ttl"``).

    For JSON-LD, ``context_iri`` is what the document's ``@context`` refers to; ``None``
    embeds the context in the document. Raises :class:`~mosgraph.errors.UsageError` for a
    format that is not RDF, or a graph that the format cannot hold (RDF/XML needs predicates
    that end in a name, and no control characters).
    """
    chosen = _resolve_format(fmt, "")
    if not chosen.is_rdf:
        raise UsageError(f"{chosen.name} is not an RDF format: use write_property_graph")
    graph = _canonical(graph)
    if chosen.name == "jsonld":
        return _jsonld(graph, context_iri)
    if chosen.name in ("ntriples", "nquads"):
        # a graph without names: its N-Quads are its N-Triples (the default graph).
        # Split on "\n" only: literals may hold other line breaks (U+2028, U+0085...) as is
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = sorted({line for line in text.split("\n") if line.strip()})
        return "".join(line + "\n" for line in lines).encode("utf-8")
    if chosen.name in ("turtle", "trig"):
        return _turtle(graph, trig=chosen.name == "trig")
    return _rdfxml(graph)


def _relative(iri: str) -> bool:
    parts = urlsplit(iri)
    return not parts.scheme and not parts.netloc and not iri.startswith("/") and \
        bool(parts.path)


def export_graph(graph: Graph, path: str | os.PathLike[str], fmt: Format | str | None = None,
                 *, context_iri: str | None = CONTEXT_FILE) -> list[Path]:
    """Write ``graph`` to ``path`` in ``fmt`` (else the format of ``path``'s extension).

    RDF formats write one file; JSON-LD also writes the context next to it when
    ``context_iri`` is relative (the default, ``context.jsonld``); CSV writes
    ``NAME.nodes.csv`` and ``NAME.edges.csv``. All is rendered in memory first and the files
    are renamed into place together, so a failure leaves no partial output. Returns the
    paths written.
    """
    path = Path(path)
    chosen = _resolve_format(fmt, path)
    if not chosen.is_rdf:
        files = _render(rdf_to_networkx(graph), path, chosen)
    else:
        files = {path: serialize_rdf(graph, chosen, context_iri=context_iri)}
        if chosen.name == "jsonld" and context_iri is not None and _relative(context_iri):
            context_path = path.parent / urlsplit(context_iri).path
            if context_path.resolve() == path.resolve():
                raise UsageError(f"{path} would be overwritten by the JSON-LD context: "
                                 "name the output otherwise, or give another context IRI")
            files[context_path] = _context_bytes()
    _write_files(files)
    return list(files)

