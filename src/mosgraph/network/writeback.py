"""Write a projection's metrics back into RDF, as schema.org observations.

Every node+metric becomes one ``schema:Observation`` (no new terms are needed)::

    <…/id/dataset/network-organisation-all-meetings-2021-01-29/observation/betweenness/org-unece>
        a schema:Observation ;
        schema:observationAbout <…/id/org/unece> ;
        schema:variableMeasured <…/network-organisation-…/variable/betweenness> ;
        schema:value 0.0 ;
        schema:observationDate "2021-01-29"^^xsd:date ;
        dcterms:isPartOf <…/id/dataset/network-organisation-all-meetings-2021-01-29> .

The variable (``schema:StatisticalVariable``) names the metric (``schema:alternateName``,
the name :mod:`mosgraph.network.metrics` uses) and says how it was computed
(``schema:measurementMethod``; ``schema:measurementTechnique`` names networkx and the
precision, not its version: the numbers are the same on every supported version).
The dataset (``schema:Dataset``) says which projection, which meetings
(``prov:wasDerivedFrom``) and the date; the network's modularity, components and
communities are observations about the dataset. The date is the given one, or else the date
of the graph's latest meeting, so the same graph always gives the same triples.

SPARQL then answers "which organisation is most central" (see :data:`MOST_CENTRAL`).

>>> import networkx as nx
>>> from mosgraph.network.metrics import compute_metrics
>>> from rdflib import Graph
>>> net = nx.Graph(projection="organisation", meeting="", scope="test")
>>> net.add_edge("https://example.org/id/org/a", "https://example.org/id/org/b")
>>> rdf = metrics_graph(Graph(), net, compute_metrics(net), date="2024-01-01")
>>> len(list(rdf.subjects(RDF.type, SCHEMA.Observation)))
19
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..formats import for_path
from ..iris import Minter, slug
from ..meetings import meetings
from ..rdfio import atomic_write, serialize
from ..vocab import SCHEMA
from .metrics import METRICS, PRECISION, NetworkMetrics

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MOST_CENTRAL", "analysis_date", "metrics_graph", "write_back"]


MOST_CENTRAL = """\
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# the organisations by betweenness (brokerage), most central first
SELECT ?organisation ?label ?value ?date WHERE {
  ?observation a schema:Observation ;
      schema:observationAbout ?organisation ;
      schema:variableMeasured/schema:alternateName "betweenness" ;
      schema:value ?value ;
      schema:observationDate ?date .
  ?organisation a org:FormalOrganization ; rdfs:label ?label .
}
ORDER BY DESC(?value) ?label
"""


def analysis_date(graph: Graph, date: str | dt.date | None = None) -> dt.date:
    """``date`` if given, else the date of the latest meeting in ``graph`` (else 1970-01-01).

    >>> analysis_date(Graph(), "2024-02-29")
    datetime.date(2024, 2, 29)
    """
    if isinstance(date, dt.date):
        return date
    if date:
        try:
            return dt.date.fromisoformat(date)
        except ValueError:
            from ..errors import UsageError

            raise UsageError(f"not a date: '{date}' (expected YYYY-MM-DD)") from None
    dated = [m.date for m in meetings(graph) if m.date is not None]
    return max(dated) if dated else dt.date(1970, 1, 1)


def metrics_graph(
    graph: Graph,
    network: nx.Graph,
    metrics: NetworkMetrics,
    *,
    date: str | dt.date | None = None,
    base: str | None = None,
) -> Graph:
    """The observations of ``metrics`` (computed on ``network``, a projection of ``graph``)."""

    when = analysis_date(graph, date)
    base = base or _base_of(graph)
    iris = Minter(base)
    projection = str(network.graph.get("projection", "network"))
    meeting = str(network.graph.get("meeting", ""))
    scope = meeting.rstrip("/").rsplit("/", 1)[-1] if meeting else "all-meetings"
    dataset = iris.dataset(f"network {projection} {scope} {when.isoformat()}")
    out = Graph()
    for prefix, namespace in (("schema", SCHEMA), ("prov", PROV), ("dcterms", DCTERMS)):
        out.bind(prefix, namespace)
    date_literal = Literal(when.isoformat(), datatype=XSD.date)
    scope_words = str(network.graph.get("scope", ""))
    out.add((dataset, RDF.type, SCHEMA.Dataset))
    out.add((dataset, RDF.type, PROV.Entity))
    title = f"Network metrics of the {projection} projection ({scope_words}), as of {when}"
    out.add((dataset, RDFS.label, Literal(title)))
    out.add((dataset, SCHEMA.name, Literal(title, lang="en")))
    out.add((dataset, DCTERMS.date, date_literal))
    # no version: the numbers are the same on every networkx mosgraph supports (rounded,
    # see mosgraph.network.metrics), so the same graph gives the same bytes everywhere
    out.add((dataset, SCHEMA.measurementTechnique, Literal(
        f"networkx, mosgraph.network ({PRECISION} significant digits)")))
    for found in ([URIRef(meeting)] if meeting else [m.iri for m in meetings(graph)]):
        out.add((dataset, PROV.wasDerivedFrom, found))

    def variable(name: str, description: str) -> URIRef:
        iri = iris.variable(dataset, name)
        out.add((iri, RDF.type, SCHEMA.StatisticalVariable))
        out.add((iri, RDFS.label, Literal(f"{name} ({projection} projection)")))
        out.add((iri, SCHEMA.alternateName, Literal(name)))
        out.add((iri, SCHEMA.name, Literal(f"{description.split(':')[0]}", lang="en")))
        out.add((iri, SCHEMA.measurementMethod, Literal(description, lang="en")))
        out.add((dataset, SCHEMA.variableMeasured, iri))
        return iri

    def observe(about: URIRef, var: URIRef, name: str, key: str, value: float | int,
                label: str) -> None:
        iri = iris.observation(dataset, name, key)
        out.add((iri, RDF.type, SCHEMA.Observation))
        out.add((iri, RDFS.label, Literal(f"{name} of {label}: {_number(value)}")))
        out.add((iri, SCHEMA.observationAbout, about))
        out.add((iri, SCHEMA.variableMeasured, var))
        out.add((iri, SCHEMA.value, _literal(value)))
        out.add((iri, SCHEMA.observationDate, date_literal))
        out.add((iri, DCTERMS.isPartOf, dataset))

    variables = {name: variable(name, metrics.methods.get(name, name)) for name in METRICS}
    for node, row in metrics.nodes.items():
        about = URIRef(str(network.nodes[node].get("iri", node)))
        label = str(network.nodes[node].get("label", node))
        key = _node_key(about, iris.base)
        for name in METRICS:
            if name in row:
                observe(about, variables[name], name, key, row[name], label)
    whole = {
        "modularity": ("modularity: of the communities found, over weight",
                       metrics.modularity),
        "components": ("components: number of (weakly) connected components",
                       metrics.components),
        "communities": ("communities: number of communities found", len(metrics.communities)),
    }
    for name, (description, value) in whole.items():
        observe(dataset, variable(name, description), name, "network", value, title)
    return out


def write_back(graph: Graph, observations: Graph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` with ``observations`` to ``path`` atomically.

    In a format that holds named graphs (TriG, N-Quads, JSON-LD) the observations go in a
    named graph of their own (named after their dataset); otherwise they are added to the
    triples. Observations of the same dataset already in ``graph`` are replaced.
    """
    fmt = for_path(path, rdf_only=True)
    datasets = set(observations.subjects(RDF.type, SCHEMA.Dataset))
    kept = Graph()
    for prefix, namespace in graph.namespaces():
        kept.bind(prefix, namespace)
    prefixes = tuple(str(d) for d in datasets)
    for triple in graph:
        if not str(triple[0]).startswith(prefixes):
            kept.add(triple)
    if fmt.quads:
        data = Dataset()
        for prefix, namespace in (*kept.namespaces(), *observations.namespaces()):
            data.bind(prefix, namespace, override=False)
        default = data.default_graph if hasattr(data, "default_graph") else data.default_context
        for triple in kept:
            default.add(triple)
        names = sorted(str(d) for d in datasets)
        named = data.graph(URIRef(names[0] if names else "urn:x-mosgraph:metrics"))
        for triple in observations:
            named.add(triple)
        payload = serialize(data, fmt)
    else:
        for prefix, namespace in observations.namespaces():
            kept.bind(prefix, namespace, override=False)
        for triple in observations:
            kept.add(triple)
        payload = serialize(kept, fmt)
    with atomic_write(Path(path), "wb") as out:
        out.write(payload)


def _base_of(graph: Graph) -> str | None:
    """The base IRI the graph was built under, read off a meeting IRI."""
    for meeting in meetings(graph):
        match = re.match(r"(.*/)id/meeting/", str(meeting.iri))
        if match:
            return match.group(1)
    return None


def _node_key(node: URIRef, base: str) -> str:
    """``person-anil-arora`` for ``<base>id/person/anil-arora``; a hash for other IRIs."""
    text = str(node)
    if text.startswith(base + "id/"):
        return slug(text[len(base) + 3:].replace("/", "-")) or "node"
    return "n" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _literal(value: float | int) -> Literal:
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(repr(round(float(value), 12)), datatype=XSD.double)


def _number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.4g}"
