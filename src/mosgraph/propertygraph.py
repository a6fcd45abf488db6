"""RDF as a property graph, and property graphs as files that Gephi and Cytoscape open.

:func:`rdf_to_networkx` turns an RDF graph (or the quads of a file, all its graphs together)
into a :class:`networkx.MultiDiGraph`:

* every IRI or blank node that is a subject, or the object of a triple, is a node, keyed by
  its IRI (a blank node by ``_:label``, labelled canonically), with the string attributes
  ``iri``, ``label`` (its
  ``rdfs:label``, ``skos:prefLabel``, ``foaf:name``, ``schema:name`` or ``dcterms:title``,
  English first, else its prefixed name) and ``type`` (its classes, prefixed, sorted and joined
  with ``" | "``; ``""`` when it has none);
* every triple whose object is a literal becomes a node attribute keyed by the prefixed
  predicate (``schema:startDate``); several values are sorted and joined with ``" | "``.
  Values keep their lexical form, except a single number in canonical form (an
  ``xsd:integer`` ``"23"``, an ``xsd:decimal`` ``"0.5"``), which is a number, so that Gephi
  can size by it; language tags and datatypes are not carried over;
* ``rdf:type`` becomes the node's ``type``; every other triple is an edge keyed by its
  prefixed predicate, with the string attributes ``predicate`` and ``label`` (both the
  prefixed predicate).

So every triple is either an edge, a value in ``type``, or a value of a node attribute.

:func:`write_property_graph` writes *any* networkx graph (the ones above, or the projections of
:mod:`mosgraph.network`) as GraphML, GEXF 1.3, Cytoscape.js JSON or two CSV tables, the same
bytes for the same graph: nodes sorted by id, edges by source, target and attributes, edge ids
``e0``, ``e1``, ... in that order. An attribute column whose values are all numbers (or all
booleans) keeps that type, so that Gephi can size or colour by it; every other column is
written as strings (lists and sets joined with ``" | "``, mappings as JSON). Node ids are
written as strings; edge keys of multigraphs are not written (the edge's attributes are).

>>> from rdflib import Graph
>>> rdf = Graph().parse(format="turtle", data='''
...     @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...     @prefix org: <http://www.w3.org/ns/org#> .
...     <http://example.org/ana> a foaf:Person ; foaf:name "Ana" ;
...         org:memberOf <http://example.org/ons> .
... ''')
>>> pg = rdf_to_networkx(rdf)
>>> pg.nodes["http://example.org/ana"]
{'iri': 'http://example.org/ana', 'label': 'Ana', 'type': 'foaf:Person', 'foaf:name': 'Ana'}
>>> pg.nodes["http://example.org/ons"]["label"], pg.nodes["http://example.org/ons"]["type"]
('ons', '')
>>> [(s, o, data["predicate"]) for s, o, data in pg.edges(data=True)]
[('http://example.org/ana', 'http://example.org/ons', 'org:memberOf')]

>>> import tempfile, pathlib, networkx as nx
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_property_graph(pg, folder / "people.graphml")]
['people.graphml']
>>> nx.read_graphml(folder / "people.graphml").nodes["http://example.org/ana"]["type"]
'foaf:Person'
>>> [p.name for p in write_property_graph(pg, folder / "people.csv")]
['people.nodes.csv', 'people.edges.csv']
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph
from rdflib import Graph

from .errors import UsageError
from .formats import Format, by_name, for_path
from .jsonld import jsonld_context
from .rdfio import Parsed, canonical, write_files
from .terms import quads_of
from .vocab import PREFIXES

__all__ = ["JOIN", "rdf_to_networkx", "write_property_graph"]

JOIN = " | "
"""The separator of several values in one attribute (types, literal values)."""

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD = PREFIXES["xsd"]
_LABELS = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel",
           PREFIXES["foaf"] + "name", PREFIXES["schema"] + "name", PREFIXES["dcterms"] + "title")
_INTEGERS = {_XSD + name for name in ("integer", "int", "long", "short", "byte",
                                      "nonNegativeInteger", "positiveInteger",
                                      "nonPositiveInteger", "negativeInteger", "unsignedLong",
                                      "unsignedInt", "unsignedShort", "unsignedByte")}
_REALS = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_PROPERTY_FORMATS = ("graphml", "gexf", "cytoscape", "csv")


# --- RDF -> networkx -----------------------------------------------------------------------------


class _Prefixes:
    """Shortens IRIs to prefixed names with a graph's prefixes (and mosgraph's).

    >>> _Prefixes({"ex": "http://example.org/"}).short("http://example.org/a")
    'ex:a'
    >>> _Prefixes({}).short("https://schema.org/startDate")
    'schema:startDate'
    """

    def __init__(self, bindings: Mapping[str, str]) -> None:
        known = {k: v for k, v in jsonld_context()["@context"].items()
                 if isinstance(v, str) and "://" in v and v.endswith(("/", "#"))}
        chosen: dict[str, str] = {}  # namespace -> prefix
        for prefix, namespace in [*sorted(bindings.items()), *sorted(known.items())]:
            if prefix and namespace and prefix not in chosen.values():
                chosen.setdefault(namespace, prefix)
        # longest namespace first, so that the most specific prefix wins
        self._table = sorted(chosen.items(), key=lambda item: (-len(item[0]), item[0]))
        self._cache: dict[str, str] = {}

    def short(self, text: str) -> str:
        found = self._cache.get(text)
        if found is None:
            found = next((f"{prefix}:{text[len(namespace):]}" for namespace, prefix in self._table
                          if text.startswith(namespace) and len(text) > len(namespace)), text)
            self._cache[text] = found
        return found


def _node_id(term: Any) -> str:
    """The id of an RDF term as a property-graph node: the IRI, or ``_:label``."""
    return f"_:{term.value}" if type(term) is pyoxigraph.BlankNode else str(term.value)


def _number(literal: Any) -> Any:
    """The number a numeric literal in canonical form stands for, else its lexical form."""
    text = literal.value
    if literal.language is None:
        datatype = literal.datatype.value
        try:
            if datatype in _INTEGERS and str(int(text)) == text:
                return int(text)
            if datatype in _REALS and re.fullmatch(r"-?[0-9]+\.[0-9]+", text) and \
                    repr(float(text)) == text:
                return float(text)
        except ValueError:
            pass
    return text


def _label(values: list[Any]) -> str:
    def rank(value: Any) -> tuple[int, str, str]:
        language = (value.language or "").lower()
        preference = 0 if language == "en" or language.startswith("en-") else \
            1 if not language else 2
        return preference, value.value, language

    return str(min(values, key=rank).value)


def _fallback_label(term: Any, prefixes: _Prefixes) -> str:
    if type(term) is pyoxigraph.BlankNode:
        return f"_:{term.value}"
    text = term.value
    short = prefixes.short(text)
    if short != text:
        return short
    local = re.split(r"[/#:]", text.rstrip("/#"))[-1]
    return local or text


def rdf_to_networkx(data: Graph | Parsed) -> nx.MultiDiGraph:
    """The property graph of ``data`` (see the module docstring for the mapping).

    Triples of every graph of a dataset are taken together.
    """
    if isinstance(data, Parsed):
        quads, bindings = data.quads, data.prefixes
    else:
        quads = quads_of(data)
        bindings = {p: str(n) for p, n in data.namespaces()}
    quads = canonical(quads, union=True)
    prefixes = _Prefixes(bindings)
    nodes: dict[str, Any] = {}
    types: dict[str, list[str]] = defaultdict(list)
    literals: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    edges: list[tuple[str, str, str]] = []
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        source = _node_id(subject)
        nodes.setdefault(source, subject)
        if type(obj) is pyoxigraph.Literal:
            literals[source][predicate].append(obj)
        elif predicate == _RDF_TYPE:
            types[source].append(_node_id(obj) if type(obj) is pyoxigraph.BlankNode else
                                 prefixes.short(obj.value))
        else:
            target = _node_id(obj)
            nodes.setdefault(target, obj)
            edges.append((source, target, prefixes.short(predicate)))

    result = nx.MultiDiGraph()
    for key in sorted(nodes):
        term = nodes[key]
        values = literals.get(key, {})
        label_values = next((values[p] for p in _LABELS if values.get(p)), None)
        attributes: dict[str, Any] = {
            "iri": "" if type(term) is pyoxigraph.BlankNode else term.value,
            "label": _label(label_values) if label_values else _fallback_label(term, prefixes),
            "type": JOIN.join(sorted(types.get(key, ()))),
        }
        for name, found in sorted((prefixes.short(p), v) for p, v in values.items()):
            if len(found) == 1:
                attributes[name] = _number(found[0])
            else:
                attributes[name] = JOIN.join(sorted(v.value for v in found))
        result.add_node(key, **attributes)
    for source, target, predicate in sorted(edges):
        result.add_edge(source, target, key=predicate, predicate=predicate, label=predicate)
    return result


# --- networkx -> files ---------------------------------------------------------------------------

_NODE_FIRST = ("label", "type", "iri")  # columns that come first, the rest sorted
_EDGE_FIRST = ("predicate", "label")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class _Table:
    """A graph flattened to sorted rows with typed columns, ready to be written."""

    directed: bool
    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, str, dict[str, Any]]]  # id, source, target, attributes
    node_columns: dict[str, str]  # name -> kind: boolean, long, double, string
    edge_columns: dict[str, str]


def _kind(values: Iterable[Any]) -> str:
    values = list(values)
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
           and -(2**63) <= int(v) < 2**63 for v in values):
        return "long"
    if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return JOIN.join(_text(v) for v in value)
    if isinstance(value, set | frozenset):
        return JOIN.join(sorted(_text(v) for v in value))
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def _convert(value: Any, kind: str) -> Any:
    if kind == "boolean":
        return bool(value)
    if kind == "long":
        return int(value)
    if kind == "double":
        return float(value)
    return _text(value)


def _columns(rows: Iterable[Mapping[str, Any]], first: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        for key, value in row.items():
            if value is not None:
                values[str(key)].append(value)
    names = [n for n in first if n in values] + sorted(n for n in values if n not in first)
    return {name: _kind(values[name]) for name in names}


def _typed(row: Mapping[Any, Any], columns: Mapping[str, str]) -> dict[str, Any]:
    present = {str(k): v for k, v in row.items() if v is not None}
    return {name: _convert(present[name], kind) for name, kind in columns.items()
            if name in present}


def _tabulate(graph: Any) -> _Table:
    ids: dict[Any, str] = {node: str(node) for node in graph.nodes}
    if len(set(ids.values())) < len(ids):
        twice = Counter(ids.values()).most_common(1)[0][0]
        raise UsageError(f"two nodes of the graph are both written as '{twice}'")
    node_rows = sorted((ids[n], dict(data)) for n, data in graph.nodes(data=True))
    edge_rows = []
    for u, v, data in graph.edges(data=True):
        source, target = ids[u], ids[v]
        if not graph.is_directed() and target < source:
            source, target = target, source
        edge_rows.append((source, target, dict(data)))
    edge_rows.sort(key=lambda e: (e[0], e[1], json.dumps(e[2], sort_keys=True, default=str)))
    node_columns = _columns((data for _, data in node_rows), _NODE_FIRST)
    edge_columns = _columns((data for _, _, data in edge_rows), _EDGE_FIRST)
    return _Table(
        directed=graph.is_directed(),
        nodes=[(n, _typed(data, node_columns)) for n, data in node_rows],
        edges=[(f"e{i}", s, t, _typed(data, edge_columns))
               for i, (s, t, data) in enumerate(edge_rows)],
        node_columns=node_columns,
        edge_columns=edge_columns,
    )


def _xml_attr(text: str) -> str:
    """``text`` as a quoted XML attribute value (line breaks and tabs kept as references)."""
    return '"' + text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") \
        .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def _xml_content(text: str) -> str:
    """``text`` as XML character data (a carriage return kept as a reference)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")


def _check_xml(document: str, table: _Table, fmt: str) -> bytes:
    """``document`` as bytes, or a clear error naming what holds a character XML cannot."""
    if _XML_INVALID.search(document):
        items = [(f"node {n}", {"id": n, **d}) for n, d in table.nodes] + \
            [(f"edge {s} -> {t}", d) for _, s, t, d in table.edges] + \
            [("a column", {"name": n}) for n in [*table.node_columns, *table.edge_columns]]
        for where, data in items:
            for name, value in data.items():
                bad = _XML_INVALID.search(_text(value))
                if bad:
                    raise UsageError(
                        f"cannot write {fmt}: {name!r} of {where} holds the character "
                        f"U+{ord(bad.group()):04X}, which XML cannot hold (write csv or "
                        "cytoscape instead)")
    return document.encode("utf-8")


def _graphml(table: _Table) -> bytes:
    ns = "http://graphml.graphdrawing.org/xmlns"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<graphml xmlns="{ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{ns} {ns}/1.0/graphml.xsd">']
    keys: dict[tuple[str, str], str] = {}
    for scope, columns in (("node", table.node_columns), ("edge", table.edge_columns)):
        for name, kind in columns.items():
            keys[scope, name] = f"{scope[0]}{len(keys)}"
            out.append(f' <key id="{keys[scope, name]}" for="{scope}" '
                       f'attr.name={_xml_attr(name)} attr.type="{kind}"/>')
    out.append(f' <graph id="G" edgedefault="{"directed" if table.directed else "undirected"}">')

    def element(start: str, end: str, scope: str, data: dict[str, Any]) -> None:
        if not data:
            out.append(start[:-1] + "/>")
            return
        out.append(start)
        out.extend(f'   <data key="{keys[scope, name]}">{_xml_content(_text(value))}</data>'
                   for name, value in data.items())
        out.append(end)

    for node, data in table.nodes:
        element(f"  <node id={_xml_attr(node)}>", "  </node>", "node", data)
    for edge, source, target, data in table.edges:
        element(f'  <edge id="{edge}" source={_xml_attr(source)} target={_xml_attr(target)}>',
                "  </edge>", "edge", data)
    out += [" </graph>", "</graphml>", ""]
    return _check_xml("\n".join(out), table, "GraphML")


def _gexf(table: _Table) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
           " <meta>", "  <creator>mosgraph</creator>", " </meta>",
           f' <graph defaultedgetype="{"directed" if table.directed else "undirected"}" '
           'mode="static">']
    # node labels, and edge labels and weights, are GEXF attributes of their own
    node_columns = {k: v for k, v in table.node_columns.items() if k != "label"}
    edge_columns = {k: v for k, v in table.edge_columns.items()
                    if k != "label" and not (k == "weight" and v in ("long", "double"))}
    ids: dict[tuple[str, str], str] = {}
    for scope, columns in (("node", node_columns), ("edge", edge_columns)):
        if columns:
            out.append(f'  <attributes class="{scope}" mode="static">')
            for number, (name, kind) in enumerate(columns.items()):
                ids[scope, name] = str(number)
                out.append(f'   <attribute id="{number}" title={_xml_attr(name)} '
                           f'type="{kind}"/>')
            out.append("  </attributes>")

    def element(start: str, end: str, scope: str, data: dict[str, Any]) -> None:
        kept = [(name, value) for name, value in data.items() if (scope, name) in ids]
        if not kept:
            out.append(start[:-1] + "/>")
            return
        out.extend([start, "    <attvalues>"])
        out.extend(f'     <attvalue for="{ids[scope, name]}" value={_xml_attr(_text(value))}/>'
                   for name, value in kept)
        out.extend(["    </attvalues>", end])

    out.append("  <nodes>")
    for node, data in table.nodes:
        label = _text(data.get("label", node))
        element(f"   <node id={_xml_attr(node)} label={_xml_attr(label)}>", "   </node>",
                "node", data)
    out.append("  </nodes>")
    out.append("  <edges>")
    for edge, source, target, data in table.edges:
        extra = f" label={_xml_attr(_text(data['label']))}" if "label" in data else ""
        if "weight" in data and "weight" not in edge_columns:
            extra += f' weight="{_text(data["weight"])}"'
        element(f'   <edge id="{edge}" source={_xml_attr(source)} '
                f"target={_xml_attr(target)}{extra}>", "   </edge>", "edge", data)
    out += ["  </edges>", " </graph>", "</gexf>", ""]
    return _check_xml("\n".join(out), table, "GEXF")


def _json_value(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _cytoscape(table: _Table) -> bytes:
    def data(fixed: dict[str, Any], attributes: dict[str, Any], reserved: set[str]) -> dict[
            str, Any]:
        result = dict(fixed)
        for name, value in attributes.items():
            result[f"{name}_" if name in reserved else name] = _json_value(value)
        return result

    nodes = []
    for node, attributes in table.nodes:
        item = data({"id": node}, attributes, {"id", "parent"})
        item.setdefault("name", attributes.get("label", node))  # Cytoscape's label column
        nodes.append({"data": item})
    edges = []
    for edge, source, target, attributes in table.edges:
        item = data({"id": edge, "source": source, "target": target}, attributes,
                    {"id", "source", "target"})
        if "predicate" in attributes:
            item.setdefault("interaction", attributes["predicate"])  # Cytoscape's edge type
        edges.append({"data": item})
    document = {"data": {"directed": table.directed},
                "elements": {"nodes": nodes, "edges": edges}}
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode()


def _csv(rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow("" if v is None else _text(v) for v in row)
    return out.getvalue().encode("utf-8")


def _csv_tables(table: _Table) -> tuple[bytes, bytes]:
    node_names, edge_names = list(table.node_columns), list(table.edge_columns)
    nodes = _csv([["id", *node_names],
                  *([n, *(d.get(k) for k in node_names)] for n, d in table.nodes)])
    edges = _csv([["id", "source", "target", *edge_names],
                  *([e, s, t, *(d.get(k) for k in edge_names)] for e, s, t, d in table.edges)])
    return nodes, edges


def _csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where the node and edge tables for ``path`` go: ``out.csv`` → ``out.nodes.csv``,
    ``out.edges.csv``.

    >>> [p.name for p in _csv_paths("out/graph.csv")]
    ['graph.nodes.csv', 'graph.edges.csv']
    """
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    return base.with_name(base.name + ".nodes.csv"), base.with_name(base.name + ".edges.csv")


def render(graph: Any, path: str | os.PathLike[str],
           fmt: Format | str | None = None) -> dict[Path, bytes]:
    """The files :func:`write_property_graph` would write, as ``{path: bytes}``."""
    chosen = fmt if isinstance(fmt, Format) else by_name(fmt) if fmt else for_path(path)
    if chosen.name not in _PROPERTY_FORMATS:
        raise UsageError(f"a property graph is written as {', '.join(_PROPERTY_FORMATS)}, "
                         f"not {chosen.name}")
    table = _tabulate(graph)
    if chosen.name == "csv":
        return dict(zip(_csv_paths(path), _csv_tables(table), strict=True))
    render = {"graphml": _graphml, "gexf": _gexf, "cytoscape": _cytoscape}[chosen.name]
    return {Path(path): render(table)}


def write_property_graph(graph: Any, path: str | os.PathLike[str],
                         fmt: Format | str | None = None, *, force: bool = False) -> list[Path]:
    """Write the networkx ``graph`` to ``path`` as GraphML, GEXF, Cytoscape.js JSON or CSV.

    The format comes from ``fmt`` (a :class:`~mosgraph.formats.Format` or a name such as
    ``"gexf"``) or else from the extension of ``path``. CSV writes two files:
    ``out.csv`` becomes ``out.nodes.csv`` and ``out.edges.csv``. Everything is rendered
    before anything is written, and each file is written to a temporary file and renamed
    into place, so a failure leaves no partial output. The two CSV files replace files of
    their names only if these hold the same bytes, or with ``force``.
    Returns the paths written.
    """
    files = render(graph, path, fmt)
    write_files(files, named=Path(path), force=force)
    return list(files)

