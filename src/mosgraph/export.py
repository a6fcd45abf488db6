"""Export a graph: six RDF syntaxes, JSON-LD with mosgraph's context, and property graphs.

Every export is deterministic: the same triples (whatever their order, whatever the labels
of their blank nodes) give the same bytes, in every process. RDF exports parse back to the
same dataset: named graphs are kept in N-Quads, TriG and JSON-LD.

* RDF: Turtle, N-Triples, N-Quads, TriG, RDF/XML and JSON-LD, written by
  :func:`mosgraph.rdfio.serialize` (pyoxigraph's writers; exact lexical forms).
* JSON-LD is *compacted* with mosgraph's context (:func:`jsonld_context`), so that keys read
  as plain words (``name``, ``memberOf``, ``representing``). The context is embedded, so the
  file is self-contained: any JSON-LD processor reads it with no network. With
  ``context_iri`` (say :data:`CONTEXT_IRI`) the document refers to the published context
  instead.
* Property graphs for Gephi and Cytoscape: GraphML, GEXF 1.3, Cytoscape.js JSON and CSV node
  and edge tables, made by :func:`rdf_to_networkx` and written by :func:`write_property_graph`
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
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in export_graph(graph, folder / "people.jsonld", context_iri=CONTEXT_IRI)]
['people.jsonld']
>>> print((folder / "people.jsonld").read_text().replace(", ", ",\\n      "))
{
  "@context": "https://w3id.org/mosgraph/context.jsonld",
  "@graph": [
    {"id": "https://example.org/ana",
      "type": "foaf:Person",
      "memberOf": "https://example.org/ons",
      "name": "Ana"},
    {"id": "https://example.org/att",
      "attendee": "https://example.org/ana",
      "representing": "https://example.org/bo"}
  ]
}
<BLANKLINE>
>>> [p.name for p in export_graph(graph, folder / "people.csv")]
['people.nodes.csv', 'people.edges.csv']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formats import Format, by_name, for_path
from .jsonld import CONTEXT_FILE, CONTEXT_IRI, check_context_iri, jsonld_context
from .rdfio import Parsed, serialize, write_files

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = [
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "export_graph",
    "jsonld_context",
    "rdf_to_networkx",
    "write_property_graph",
]


def export_graph(data: Graph | Parsed | Any, path: str | os.PathLike[str],
                 fmt: Format | str | None = None, *, context_iri: str | None = None,
                 union: bool = False, force: bool = False) -> list[Path]:
    """Write ``data`` (an rdflib graph or dataset, or what :func:`mosgraph.rdfio.read` gives)
    to ``path`` in ``fmt`` (else the format of ``path``'s extension).

    RDF formats write one file. JSON-LD embeds mosgraph's context, or refers to it by
    ``context_iri`` (an absolute IRI). Data with named graphs goes to N-Quads, TriG or
    JSON-LD as it is; a triples format refuses it unless ``union`` (then the union of the
    graphs is written). CSV writes ``NAME.nodes.csv`` and ``NAME.edges.csv``. All is rendered
    in memory first and the files are renamed into place together, so a failure leaves no
    partial output; the two CSV files replace files of their names only if these hold the
    same bytes, or with ``force``. Returns the paths written.
    """
    path = Path(path)
    chosen = fmt if isinstance(fmt, Format) else by_name(fmt) if fmt else for_path(path)
    if context_iri is not None:
        check_context_iri(context_iri)
    if chosen.is_rdf:
        files = {path: serialize(data, chosen, context_iri=context_iri, union=union)}
    else:
        from .propertygraph import render

        files = render(rdf_to_networkx(data), path, chosen)
    write_files(files, named=path, force=force)
    return list(files)


def rdf_to_networkx(data: Graph | Parsed) -> nx.MultiDiGraph:
    """The property graph of ``data``: see :func:`mosgraph.propertygraph.rdf_to_networkx`."""
    from .propertygraph import rdf_to_networkx as convert

    return convert(data)


def write_property_graph(graph: Any, path: str | os.PathLike[str],
                         fmt: Format | str | None = None, *, force: bool = False) -> list[Path]:
    """Write a networkx graph: see :func:`mosgraph.propertygraph.write_property_graph`."""
    from .propertygraph import write_property_graph as write

    return write(graph, path, fmt, force=force)
