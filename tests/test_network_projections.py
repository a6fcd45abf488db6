"""Projections of :mod:`mosgraph.network.projections`: facts of the report, computed from the
graph, and node sets that agree with SPARQL queries asking for the same entities."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, Namespace

from mosgraph.build import build_graph
from mosgraph.errors import UsageError
from mosgraph.network.projections import PROJECTIONS, find_meeting, meetings, project
from mosgraph.sources import load_sources

OA = Namespace("http://www.w3.org/ns/oa#")
MULTI = Path(__file__).resolve().parent / "fixtures" / "multi" / "reports"
PREFIXES = """
PREFIX mos: <https://w3id.org/mosgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

# what each projection's nodes are, asked in SPARQL (without a meeting: every meeting)
NODE_QUERIES = {
    "affiliation": """SELECT DISTINCT ?x WHERE {
        { ?m a org:Membership ; org:member ?x } UNION { ?m a org:Membership ; org:organization ?x }
        UNION { ?a a mos:Attendance ; mos:attendee ?x } }""",
    "attendance": """SELECT DISTINCT ?x WHERE {
        ?a a mos:Attendance . { ?a mos:attendee ?x } UNION { ?a mos:atMeeting ?x } }""",
    "representation": """SELECT DISTINCT ?x WHERE {
        { ?a a mos:Attendance ; mos:onBehalfOf ?x } UNION
        { ?a a mos:Attendance ; mos:onBehalfOf [] ; mos:attendee ?x } UNION
        { ?x a foaf:Person ; prov:actedOnBehalfOf [] } UNION
        { [] a foaf:Person ; prov:actedOnBehalfOf ?x } }""",
    "organisation": """SELECT DISTINCT ?x WHERE { ?x a org:FormalOrganization }""",
    "governance": """SELECT DISTINCT ?x WHERE {
        { ?x org:subOrganizationOf|org:unitOf|mos:continuationOf|mos:keepsTiesWith ?y }
        UNION { ?y org:subOrganizationOf|org:unitOf|mos:continuationOf|mos:keepsTiesWith ?x }
        UNION { ?w mos:ledBy|mos:supportedBy ?x FILTER NOT EXISTS { ?w a mos:StatusAssessment } }
        UNION { ?x mos:ledBy|mos:supportedBy ?y FILTER NOT EXISTS { ?x a mos:StatusAssessment } }
        UNION { ?x mos:hasStatus/mos:ledBy ?y } UNION { ?w mos:hasStatus/mos:ledBy ?x }
        UNION { ?c a org:ChangeEvent ; org:originalOrganization|org:resultingOrganization ?x }
        UNION { ?x a mos:Decision .
                { ?x dcterms:subject [] } UNION { ?x prov:wasAssociatedWith [] } }
        UNION { ?d a mos:Decision ; dcterms:subject|prov:wasAssociatedWith ?x } }""",
}

# the same, for one meeting (?meeting is bound)
MEETING_QUERIES = {
    "attendance": """SELECT DISTINCT ?x WHERE {
        ?a a mos:Attendance ; mos:atMeeting ?meeting . { ?a mos:attendee ?x } UNION
        { BIND(?meeting AS ?x) } }""",
    "representation": """SELECT DISTINCT ?x WHERE {
        ?a a mos:Attendance ; mos:atMeeting ?meeting ; mos:onBehalfOf [] .
        { ?a mos:onBehalfOf ?x } UNION { ?a mos:attendee ?x } }""",
    "affiliation": """SELECT DISTINCT ?x WHERE {
        { ?m a org:Membership ; prov:wasDerivedFrom/oa:hasSource/schema:about ?meeting .
          { ?m org:member ?x } UNION { ?m org:organization ?x } }
        UNION { ?a a mos:Attendance ; mos:atMeeting ?meeting ; mos:attendee ?x } }""",
}


@pytest.fixture(scope="module")
def multi() -> Graph:
    """Two meetings of an invented body (tests/fixtures/multi), built like any report."""
    return build_graph(load_sources(sorted(MULTI.glob("*.txt"))))


def nodes_of(graph: Graph, query: str, **bindings: object) -> set[str]:
    init = {k: v for k, v in bindings.items()}
    return {str(row[0]) for row in graph.query(PREFIXES + query, initBindings=init)}


# --- what the 2021 report says ----------------------------------------------------------------


def test_the_organisation_with_the_most_attendees_is_unece(built_graph: Graph) -> None:
    net = project(built_graph, "organisation")
    counts = Counter({net.nodes[n]["short_label"]: net.nodes[n]["attendees"] for n in net})
    (first, most), (_, second) = counts.most_common(2)
    assert first == "UNECE" and most > second
    # the same count straight from the triples: people present, by the organisation listed
    rows = built_graph.query(PREFIXES + """
        SELECT ?org (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?a mos:attendanceStatus mos:Present ; mos:listedWith ?org ; mos:attendee ?p }
        GROUP BY ?org ORDER BY DESC(?n) LIMIT 1""")
    assert [str(r[0]).rsplit("/", 1)[-1] for r in rows] == ["unece"]


def test_representation_has_seven_edges_into_six_people(built_graph: Graph) -> None:
    net = project(built_graph, "representation")
    assert isinstance(net, nx.DiGraph)
    assert net.number_of_edges() == 7
    represented = {v for _, v in net.edges}
    assert len(represented) == 6
    assert all(net.in_degree(v) >= 1 and net.out_degree(v) == 0 for v in represented)
    ian = next(v for v in represented if net.nodes[v]["label"] == "Ian Diamond")
    assert net.in_degree(ian) == 2  # Eric Deeben and Nicola Shearman


def test_affiliation_has_every_attendee_and_everyone_who_sent_apologies(
        built_graph: Graph) -> None:
    net = project(built_graph, "affiliation")
    people = nodes_of(built_graph, "SELECT ?p WHERE { ?a a mos:Attendance ; mos:attendee ?p }")
    apologies = nodes_of(built_graph, """SELECT ?p WHERE {
        ?a mos:attendanceStatus mos:Apologies ; mos:attendee ?p }""")
    assert len(apologies) == 7 and apologies < people
    assert people <= set(net)
    assert all(net.nodes[p]["type"] == "person" for p in people)
    # and each of them is tied to the organisation the report lists them with
    listed = built_graph.query(PREFIXES + """SELECT ?p ?o WHERE {
        ?a mos:attendee ?p ; mos:listedWith ?o }""")
    for person, organisation in listed:
        assert net.has_edge(str(person), str(organisation))


def test_affiliation_edges_carry_roles(built_graph: Graph) -> None:
    net = project(built_graph, "affiliation")
    roles = Counter(role for _, _, data in net.edges(data=True)
                    for role in data["role"].split("; "))
    assert set(roles) == {"chair", "co-chair", "member", "staff", "secretariat"}
    assert roles["secretariat"] == 3 and roles["co-chair"] == 2


def test_attendance_statuses_and_on_behalf_of(built_graph: Graph) -> None:
    net = project(built_graph, "attendance")
    statuses = Counter(data["status"] for _, _, data in net.edges(data=True))
    assert statuses == {"present": 23, "apologies": 7}
    behalf = [data["on_behalf_of"] for _, _, data in net.edges(data=True)
              if "on_behalf_of" in data]
    assert len(behalf) == 7 and behalf.count("Ian Diamond") == 2


def test_organisation_edges_keep_their_reasons(built_graph: Graph) -> None:
    net = project(built_graph, "organisation")
    by_label = {net.nodes[n]["short_label"]: n for n in net}
    board = net.edges[by_label["StatCan"], by_label["CSO Ireland"]]
    assert "group: Executive Board" in board["reasons"]
    assert board["weight"] == len(board["reasons"].split("; ")) == 3
    assert net.edges[by_label["ABS"], by_label["Eurostat"]]["weight"] == 2


def test_governance_relations(built_graph: Graph) -> None:
    net = project(built_graph, "governance")
    said = {(net.nodes[u]["short_label"], d["relation"], net.nodes[v]["short_label"])
            for u, v, d in net.edges(data=True)}
    assert ("OECD", "leads", "StatsBot activity") in said
    assert ("Executive Board", "supports", "StatsBot activity") in said
    assert ("ML community", "continuation of", "Machine Learning project") in said
    # the direction of the merge: Sharing Tools into Supporting Standards
    assert ("Sharing Tools Group", "merged into; merged with", "Supporting Standards Group") \
        in said
    assert ("Synthetic Data Guide", "selected for", "selection 2021") in said
    assert ("Executive Board", "part of", "HLG-MOS") in said


# --- the shape every projection has ------------------------------------------------------------


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_nodes_and_edges_carry_iri_label_type_and_provenance(built_graph: Graph,
                                                             name: str) -> None:
    net = project(built_graph, name)
    assert net.number_of_nodes() and net.number_of_edges()
    for node, data in net.nodes(data=True):
        assert data["iri"] == node and data["label"] and data["type"] != "thing"
    spans = {str(s) for s in built_graph.subjects(RDF.type, OA.SpecificResource)}
    for _, _, data in net.edges(data=True):
        assert data["predicates"] and data["weight"] >= 1
        assert data["distance"] == pytest.approx(1 / data["weight"])
        assert data["sources"], data  # the report spans the edge rests on
        assert set(data["sources"].split()) <= spans


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_node_set_equals_the_sparql_answer(built_graph: Graph, multi: Graph, name: str) -> None:
    for graph in (built_graph, multi):
        assert set(project(graph, name)) == nodes_of(graph, NODE_QUERIES[name])


@pytest.mark.parametrize("name", list(MEETING_QUERIES))
def test_node_set_for_one_meeting_equals_the_sparql_answer(multi: Graph, name: str) -> None:
    for meeting in meetings(multi):
        expected = nodes_of(multi, MEETING_QUERIES[name], meeting=meeting.iri)
        assert set(project(multi, name, meeting.iri)) == expected


# --- across meetings --------------------------------------------------------------------------


def test_a_meeting_can_be_named_by_date_or_iri(multi: Graph) -> None:
    first = find_meeting(multi, "2024-03-12")
    assert find_meeting(multi, str(first.iri)) == first
    by_date = project(multi, "attendance", "2024-03-12")
    by_iri = project(multi, "attendance", first.iri)
    assert nx.utils.graphs_equal(by_date, by_iri)


def test_one_meeting_sees_only_its_own_records(multi: Graph) -> None:
    both = project(multi, "attendance")
    first = project(multi, "attendance", "2024-03-12")
    second = project(multi, "attendance", "2024-09-20")
    assert both.number_of_edges() == first.number_of_edges() + second.number_of_edges()
    assert "2024-09-20" not in " ".join(d["sources"] for _, _, d in first.edges(data=True))
    merged = project(multi, "governance", "2024-03-12")
    assert not any(d["relation"] == "merged with" for _, _, d in merged.edges(data=True))
    assert any(d["relation"] == "merged with"
               for _, _, d in project(multi, "governance", "2024-09-20").edges(data=True))


def test_weights_across_meetings_count_meetings(multi: Graph) -> None:
    net = project(multi, "organisation")
    by_label = {net.nodes[n]["short_label"]: n for n in net}
    alpha_beta = net.edges[by_label["Statistics Alpha"], by_label["Statistics Beta"]]
    assert alpha_beta["reasons"].count("meeting:") == 2
    assert len(alpha_beta["meetings"].split()) == 2
    assert net.nodes[by_label["Statistics Delta"]]["meetings"] == 1


def test_unknown_projection_and_meeting_are_usage_errors(built_graph: Graph) -> None:
    with pytest.raises(UsageError, match="unknown projection 'friends'"):
        project(built_graph, "friends")
    with pytest.raises(UsageError, match=r"unknown meeting '2020-01-01'.*2021-01-29"):
        project(built_graph, "attendance", "2020-01-01")
