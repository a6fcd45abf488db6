"""Projections of the RDF graph onto networkx graphs: one plain function each.

Each projection reads a few triple patterns of the graph that :func:`mosgraph.build.build_graph`
makes and returns a networkx graph whose node keys are IRIs (as ``str``). Every node carries

``iri``, ``label``, ``short_label``
    the IRI, its ``rdfs:label`` and the shortest of its labels (``skos:altLabel`` included),
    for pictures;
``type``, ``rdf_type``
    a plain-words kind (``person``, ``national statistical office``, ``group``, ``meeting``,
    ...) and the node's ``rdf:type`` IRIs (space separated);
``sources``
    the report spans (``oa:SpecificResource`` IRIs, space separated) the node rests on.

and every edge carries

``relation``
    what the edge says, in words (a role, an attendance status, the reasons two
    organisations are linked, a governance relation);
``predicates``
    the RDF predicates that produced it (space separated);
``weight``, ``distance``
    how many distinct records, reasons or meetings attest it, and ``1 / weight`` (for the
    path-based metrics, so that strong ties are short);
``sources``, ``meetings``
    the report spans and the meetings (IRIs, space separated) it rests on.

All values are strings or numbers, so that GraphML and GEXF keep every attribute.

``meeting=`` restricts a projection to what one meeting's report says (a record at that
meeting, or a span of its report); without it the projection spans every meeting in the graph.

The projections (:data:`PROJECTIONS` maps their names to the functions):

=================  =================================================================
``affiliation``    people and organisations/bodies; an edge per ``org:Membership``
``attendance``     people and meetings; an edge per ``mos:Attendance``
``representation`` DiGraph person -> person represented (``mos:onBehalfOf``)
``organisation``   organisations linked by the groups, projects, decisions and
                   meetings they take part in together (weighted, reasons kept)
``governance``     DiGraph of bodies, groups, projects, decisions and their leaders
=================  =================================================================

>>> from mosgraph.sources import load_sources
>>> from mosgraph.build import build_graph
>>> graph = build_graph(load_sources())
>>> people = representation(graph)
>>> people.number_of_edges(), len({v for _, v in people.edges})
(7, 6)
>>> attended = attendance(graph)
>>> sorted({d["relation"] for _, _, d in attended.edges(data=True)})[:3]
['apologies', 'present', 'present on behalf of Angelique Berg']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS
from rdflib.term import Node

from ..errors import UsageError
from ..graphview import Description
from ..meetings import date_of, find_meeting, meeting_iris, meetings
from ..vocab import MOS, OA, SCHEMA

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "PROJECTIONS",
    "affiliation",
    "attendance",
    "governance",
    "organisation",
    "project",
    "representation",
]


# most specific first: the first class a node has gives its plain-words type
_TYPE_WORDS: tuple[tuple[URIRef, str], ...] = (
    (FOAF.Person, "person"),
    (MOS.NationalStatisticalOffice, "national statistical office"),
    (MOS.InternationalOrganisation, "international organisation"),
    (ORG.OrganizationalCollaboration, "collaboration"),
    (MOS.Board, "board"),
    (MOS.Secretariat, "secretariat"),
    (MOS.Group, "group"),
    (MOS.Network, "network"),
    (MOS.Community, "community"),
    (MOS.Project, "project"),
    (MOS.Activity, "activity"),
    (MOS.WorkProgramme, "work programme"),
    (MOS.Decision, "decision"),
    (SCHEMA.Event, "meeting"),
    (ORG.FormalOrganization, "organisation"),
    (ORG.OrganizationalUnit, "unit"),
    (ORG.Organization, "organisation"),
    (PROV.Activity, "activity"),
)
_SOURCE_PREDICATES = (PROV.wasDerivedFrom, PROV.wasInfluencedBy)
_TYPE, _LABEL, _HAS_SOURCE = RDF.type, RDFS.label, str(OA.hasSource)
_ROLE_WORDS = {MOS.Chair: "chair", MOS.CoChair: "co-chair", MOS.ViceChair: "vice-chair",
               MOS.Member: "member", MOS.Observer: "observer", MOS.Staff: "staff"}
_KIND_WORDS = {MOS.Selection: "selection", MOS.Merge: "merge", MOS.Continuation: "continuation",
               MOS.WorkProgrammeApproval: "work programme approval", MOS.Support: "support"}
_ACRONYM = re.compile(r"\((\S*[A-Z]\S*)\)$")  # "... (OECD)", "... (Istat)"; not "(United Kingdom)"
_BODY_CLASSES = (ORG.OrganizationalUnit, ORG.OrganizationalCollaboration)
_WORK_CLASSES = (MOS.Project, MOS.Activity, MOS.WorkProgramme, MOS.Community, MOS.Network,
                 MOS.Group, PROV.Activity)


# --- the machinery every projection shares ----------------------------------------------------


@dataclass
class _Edge:
    relations: set[str] = field(default_factory=set)
    predicates: set[URIRef] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # IRIs of spans
    meetings: set[URIRef] = field(default_factory=set)
    records: set[object] = field(default_factory=set)  # what the weight counts
    extra: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


class _Projector:
    """Reads the graph for one projection, restricted to one meeting or not."""

    def __init__(self, graph: Graph, meeting: str | URIRef | None) -> None:
        self.graph = graph
        self._about: dict[Node, Description | dict[str, list[Node]]] = {}
        self._describe: Callable[[Node], Description] | None = \
            getattr(graph.store, "describe", None)
        self._lookup: Callable[[str, str], list[str]] | None = \
            getattr(graph.store, "lookup", None)
        self.meeting = find_meeting(graph, str(meeting)).iri if meeting is not None else None
        self.report_meeting: dict[str, URIRef] = {}  # report IRI -> its meeting
        for report, about in graph.subject_objects(SCHEMA.about):
            if isinstance(report, URIRef) and isinstance(about, URIRef) and \
                    self.has(about, RDF.type, SCHEMA.Event):
                self.report_meeting[str(report)] = about
        self._span_meeting: dict[str, URIRef | None] = {}
        self._short: dict[URIRef, str] = {}
        self.nodes: dict[URIRef, set[str]] = {}  # node -> its sources (IRIs of spans)
        self.edges: dict[tuple[URIRef, URIRef], _Edge] = {}

    # reading -------------------------------------------------------------------------------
    def about(self, node: Node) -> Description | dict[str, list[Node]]:
        """What the graph says of ``node``, by predicate IRI, read in one lookup and kept: a
        projection asks each record and node for several properties, and one lookup per
        node is what keeps a projection of a large store (a read-only view, each lookup
        a call into Oxigraph) within seconds."""
        found = self._about.get(node)
        if found is None:
            if self._describe is not None:  # a view of a store: no rdflib generators between
                found = self._describe(node)
            else:
                plain: dict[str, list[Node]] = {}
                for predicate, obj in self.graph.predicate_objects(node):
                    plain.setdefault(str(predicate), []).append(obj)
                found = plain
            self._about[node] = found
        return found

    def objects(self, node: Node, predicate: URIRef) -> list[Node]:
        # by the IRI as a plain string: rdflib compares two URIRef objects in Python
        return self.about(node).get(str(predicate)) or []

    def value(self, node: Node, predicate: URIRef) -> Node | None:
        """One value of ``predicate`` for ``node`` (the one ``Graph.value`` gives), or None."""
        values = self.objects(node, predicate)
        return values[0] if values else None

    def iris(self, node: Node, predicate: URIRef) -> list[str]:
        """The IRIs ``node`` has as values of ``predicate``, as strings: what a test of
        membership needs (two strings compare in C, two URIRefs in Python)."""
        about = self.about(node)
        if isinstance(about, Description):
            return about.iris(str(predicate))
        return [str(o) for o in about.get(str(predicate), ()) if isinstance(o, URIRef)]

    def text(self, node: Node, predicate: URIRef) -> str | None:
        """``str`` of :meth:`value`, without making an rdflib term from a store."""
        about = self.about(node)
        if isinstance(about, Description):
            return about.text(str(predicate))
        values = about.get(str(predicate))
        return str(values[0]) if values else None

    def has(self, node: Node, predicate: URIRef, obj: URIRef) -> bool:
        return str(obj) in self.iris(node, predicate)

    def span_meeting(self, span: str) -> URIRef | None:
        if span not in self._span_meeting:
            # a span is asked for its source only: of a store, that one property is read
            sources = (self._lookup(span, _HAS_SOURCE) if self._lookup is not None
                       else self.iris(URIRef(span), OA.hasSource))
            self._span_meeting[span] = self.report_meeting.get(sources[0]) if sources else None
        return self._span_meeting[span]

    def memberships(self) -> Iterator[tuple[URIRef, URIRef, URIRef, set[str]]]:
        """Each org:Membership in scope, as (membership, member, organisation, spans)."""
        for membership in self.instances(ORG.Membership):
            spans = self.spans(membership)
            if self.meeting is not None and not spans:
                continue
            member = self.value(membership, ORG.member)
            unit = self.value(membership, ORG.organization)
            if isinstance(member, URIRef) and isinstance(unit, URIRef):
                yield membership, member, unit, spans

    def spans(self, record: URIRef) -> set[str]:
        """The IRIs of the spans ``record`` is derived from (only the chosen meeting's, if
        one is), as strings: they are only ever written out, and a store's are not made
        into rdflib terms."""
        found = {s for p in _SOURCE_PREDICATES  # an entity's, an activity's
                 for s in self.iris(record, p)}
        if self.meeting is None:
            return found
        return {s for s in found if self.span_meeting(s) == self.meeting}

    def record_meeting(self, record: URIRef) -> URIRef | None:
        value = self.value(record, MOS.atMeeting)
        return value if isinstance(value, URIRef) else None

    def in_scope(self, record: URIRef) -> bool:
        """Whether a record made at a meeting (``mos:atMeeting``) belongs to the projection."""
        return self.meeting is None or self.record_meeting(record) == self.meeting

    def instances(self, *classes: URIRef) -> list[URIRef]:
        found: set[URIRef] = set()
        for cls in classes:
            found.update(s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
        return sorted(found, key=str)  # the order of URIRefs, without their Python __lt__

    def is_a(self, node: URIRef, *classes: URIRef) -> bool:
        types = self.iris(node, _TYPE)
        return any(str(cls) in types for cls in classes)

    def label(self, node: URIRef) -> str:
        return self.text(node, _LABEL) or _tail(node)

    # collecting ----------------------------------------------------------------------------
    def node(self, node: URIRef, sources: Iterable[str] = ()) -> None:
        self.nodes.setdefault(node, set()).update(sources)

    def edge(self, u: URIRef, v: URIRef, *, relation: str, predicates: Iterable[URIRef],
             record: object, sources: Iterable[str] = (),
             meetings: Iterable[URIRef | None] = (), **extra: str) -> _Edge:
        self.node(u)
        self.node(v)
        edge = self.edges.setdefault((u, v), _Edge())
        edge.relations.add(relation)
        edge.predicates.update(predicates)
        sources = set(sources)
        edge.sources.update(sources)
        edge.meetings.update(m for m in meetings if m is not None)
        edge.meetings.update(m for m in map(self.span_meeting, sources) if m is not None)
        edge.records.add(record)
        for key, value in extra.items():
            edge.extra[key].add(value)
        return edge

    # output --------------------------------------------------------------------------------
    def to_networkx(self, name: str, *, directed: bool = False,
                    weight: Callable[[_Edge], int] | None = None,
                    node_extra: Callable[[URIRef], dict[str, Any]] | None = None) -> nx.Graph:
        import networkx as nx

        result: nx.Graph = nx.DiGraph() if directed else nx.Graph()
        result.graph.update(
            projection=name,
            meeting=str(self.meeting) if self.meeting is not None else "",
            scope=self.scope_words(),
        )
        for node in sorted(self.nodes, key=str):
            attributes = self.node_attributes(node)
            if node_extra is not None:
                attributes.update(node_extra(node))
            result.add_node(str(node), **attributes)
        for (u, v), edge in sorted(self.edges.items(), key=lambda item: (str(item[0][0]),
                                                                         str(item[0][1]))):
            count = weight(edge) if weight else len(edge.records)
            count = max(count, 1)
            attributes = {
                "relation": "; ".join(sorted(edge.relations)),
                "predicates": _join(edge.predicates),
                "weight": count,
                "distance": 1.0 / count,
                "sources": _join(edge.sources),
                "meetings": _join(edge.meetings),
            }
            for key, values in sorted(edge.extra.items()):
                attributes[key] = "; ".join(sorted(values))
            if not directed and str(v) < str(u):
                u, v = v, u
            result.add_edge(str(u), str(v), **attributes)
        return result

    def node_attributes(self, node: URIRef) -> dict[str, Any]:
        types = sorted(str(t) for t in self.objects(node, RDF.type))
        label = self.label(node)
        sources = set(self.nodes.get(node, ())) | self.spans(node)
        return {
            "iri": str(node),
            "label": label,
            "short_label": self.short_label(node),
            "type": self.type_words(node),
            "rdf_type": " ".join(types),
            "sources": _join(sources),
        }

    def short_label(self, node: URIRef) -> str:
        """A label short enough for a picture: ``OECD``, ``HLG-MOS 2021-01-29``, ... (made
        once per node: a meeting's names its organiser's, thousands of times)."""
        found = self._short.get(node)
        if found is None:
            found = self._short[node] = self._short_label(node)
        return found

    def _short_label(self, node: URIRef) -> str:
        label = self.label(node)
        if self.is_a(node, SCHEMA.Event):
            date = date_of(self.text(node, SCHEMA.startDate))
            organiser = self.value(node, SCHEMA.organizer)
            body = self.short_label(organiser) if isinstance(organiser, URIRef) else ""
            return " ".join(part for part in (body, date.isoformat() if date else "") if part) \
                or label
        if self.is_a(node, MOS.Decision):
            kind = self.value(node, MOS.decisionKind)
            words = (_KIND_WORDS.get(kind) or _tail(kind)) if isinstance(kind, URIRef) \
                else "decision"
            year = self.value(node, MOS.forYear)
            return f"{words} {year}" if year is not None else words
        acronym = _ACRONYM.search(label)
        if acronym:
            return acronym.group(1)
        shortest = min((str(a) for a in self.objects(node, SKOS.altLabel)),
                       key=lambda name: (len(name), name), default=label)
        return shortest if len(shortest) <= 0.7 * len(label) else label

    def type_words(self, node: URIRef) -> str:
        types = self.iris(node, _TYPE)
        for cls, words in _TYPE_WORDS:
            if str(cls) in types:
                return words
        return "thing"

    def scope_words(self) -> str:
        if self.meeting is None:
            found = meeting_iris(self.graph)
            if len(found) == 1:
                return meetings(self.graph)[0].label
            return f"all {len(found)} meetings" if found else "no meeting"
        return self.label(self.meeting)


def _join(iris: Iterable[object]) -> str:
    return " ".join(sorted(str(i) for i in iris))


def _tail(iri: URIRef) -> str:
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _uris(values: Iterable[object]) -> Iterator[URIRef]:
    return (v for v in values if isinstance(v, URIRef))


# --- affiliation ------------------------------------------------------------------------------


def affiliation(graph: Graph, meeting: str | URIRef | None = None) -> nx.Graph:
    """People and organisations/bodies, linked by their memberships.

    * node: a ``foaf:Person`` who is the ``org:member`` of an ``org:Membership`` or the
      ``mos:attendee`` of a ``mos:Attendance`` (present or apologies), and every
      ``org:member`` / ``org:organization`` of a membership (organisations, bodies, groups);
    * edge: member -- organisation, one per ``org:Membership``; ``role`` (and ``relation``)
      is the ``org:role`` in words: ``chair``, ``co-chair``, ``member``, ``staff``, or
      ``secretariat`` for a member of a ``mos:Secretariat``;
    * weight: how many report spans attest the memberships of the pair.

    >>> from mosgraph.sources import load_sources
    >>> from mosgraph.build import build_graph
    >>> g = affiliation(build_graph(load_sources()))
    >>> g.nodes["https://w3id.org/mosgraph/id/person/barteld-braaksma"]["type"]
    'person'
    >>> sorted(d["role"] for _, _, d in g.edges(
    ...     "https://w3id.org/mosgraph/id/person/barteld-braaksma", data=True))
    ['chair', 'member', 'staff']
    """
    p = _Projector(graph, meeting)
    for membership, member, unit, spans in p.memberships():
        roles = [_role_words(p, role, unit) for role in _uris(p.objects(membership, ORG.role))]
        for role in roles or ["member"]:
            p.edge(member, unit, relation=role, role=role, record=(membership, role),
                   predicates=(ORG.member, ORG.organization, ORG.role), sources=spans)
    for record in p.instances(MOS.Attendance):
        person = p.value(record, MOS.attendee)
        if isinstance(person, URIRef) and p.in_scope(record):
            p.node(person, p.spans(record))
    return p.to_networkx("affiliation", weight=lambda e: len(e.sources) or len(e.records))


def _role_words(p: _Projector, role: URIRef, unit: URIRef) -> str:
    if role == MOS.Member and p.has(unit, RDF.type, MOS.Secretariat):
        return "secretariat"
    if role in _ROLE_WORDS:
        return _ROLE_WORDS[role]
    label = p.value(role, RDFS.label)
    return str(label) if label is not None else _tail(role).lower()


# --- attendance -------------------------------------------------------------------------------


def attendance(graph: Graph, meeting: str | URIRef | None = None) -> nx.Graph:
    """People and meetings, linked by attendance records.

    * node: every ``mos:attendee`` and ``mos:atMeeting`` of a ``mos:Attendance``;
    * edge: person -- meeting, one per ``mos:Attendance``; ``status`` is ``present`` or
      ``apologies`` (``mos:attendanceStatus``), ``on_behalf_of`` the label of the
      ``mos:onBehalfOf`` person, and ``relation`` says both in words;
    * weight: 1.

    >>> from mosgraph.sources import load_sources
    >>> from mosgraph.build import build_graph
    >>> g = attendance(build_graph(load_sources()))
    >>> sum(d["status"] == "apologies" for _, _, d in g.edges(data=True))
    7
    """
    p = _Projector(graph, meeting)
    attendee, status_of, behalf = MOS.attendee, MOS.attendanceStatus, MOS.onBehalfOf
    apologies = str(MOS.Apologies)
    for record in p.instances(MOS.Attendance):
        person = p.value(record, attendee)
        event = p.record_meeting(record)
        if not isinstance(person, URIRef) or event is None or not p.in_scope(record):
            continue
        status = "apologies" if apologies in p.iris(record, status_of)[:1] else "present"
        predicates = [attendee, MOS.atMeeting, status_of]
        extra = {"status": status}
        relation = status
        represented = p.value(record, behalf)
        if isinstance(represented, URIRef):
            predicates.append(behalf)
            extra["on_behalf_of"] = p.label(represented)
            relation = f"{status} on behalf of {p.label(represented)}"
        p.edge(person, event, relation=relation, predicates=predicates, record=record,
               sources=p.spans(record), meetings=[event], **extra)
    return p.to_networkx("attendance")


# --- representation ---------------------------------------------------------------------------


def representation(graph: Graph, meeting: str | URIRef | None = None) -> nx.DiGraph:
    """Who represented whom: a DiGraph person -> person represented.

    * node: a ``foaf:Person`` at either end of a ``mos:onBehalfOf`` of a ``mos:Attendance``
      (or, for data without attendance records and without ``meeting=``, of a
      ``prov:actedOnBehalfOf`` between two people);
    * edge: attendee -> represented person; ``meetings`` lists the meetings;
    * weight: the number of meetings at which the attendee represented that person.
    """
    p = _Projector(graph, meeting)
    # the few records that represent someone, not every attendance record
    for record in sorted(set(_uris(graph.subjects(MOS.onBehalfOf, None)))):
        person = p.value(record, MOS.attendee)
        represented = p.value(record, MOS.onBehalfOf)
        if not (isinstance(person, URIRef) and isinstance(represented, URIRef)
                and p.is_a(record, MOS.Attendance)):
            continue
        if not p.in_scope(record):
            continue
        event = p.record_meeting(record)
        p.edge(person, represented, relation="on behalf of", record=event or record,
               predicates=(MOS.onBehalfOf, PROV.actedOnBehalfOf), sources=p.spans(record),
               meetings=[event])
    if p.meeting is None:
        for person, represented in graph.subject_objects(PROV.actedOnBehalfOf):
            if (isinstance(person, URIRef) and isinstance(represented, URIRef)
                    and (person, represented) not in p.edges
                    and p.is_a(person, FOAF.Person) and p.is_a(represented, FOAF.Person)):
                p.edge(person, represented, relation="on behalf of", record=None,
                       predicates=(PROV.actedOnBehalfOf,))
    return p.to_networkx("representation", directed=True)


# --- organisation collaboration ---------------------------------------------------------------


def organisation(graph: Graph, meeting: str | URIRef | None = None) -> nx.Graph:
    """Organisations linked when they take part in the same group, project, decision or meeting.

    * node: every ``org:FormalOrganization`` (with ``meeting=``: those the meeting's report
      names, and those that take part in something there); ``attendees`` counts the people
      listed with it as present (``mos:listedWith`` of a ``mos:Attendance``), ``meetings``
      the meetings where it had someone present;
    * what an organisation takes part in:

      - a **group** (any ``org:OrganizationalUnit`` or ``org:OrganizationalCollaboration``)
        it is the ``org:member`` of through an ``org:Membership``, or that one of its staff
        (a person with an ``org:Membership`` of role ``mos:Staff`` in it) is a member of;
      - a **project** (any other node) that is ``mos:ledBy`` or ``mos:supportedBy`` it;
      - a **decision** (``mos:Decision``) whose ``dcterms:subject``, or what that subject
        became (``mos:continuationOf``), is led or supported by it;
      - a **meeting** where someone listed with it was present;

    * edge: two organisations that take part in the same thing; ``reasons`` lists the shared
      things in words (``group: HLG-MOS Executive Board; meeting: ...``), ``contexts`` their
      IRIs;
    * weight: the number of shared things.

    >>> from mosgraph.sources import load_sources
    >>> from mosgraph.build import build_graph
    >>> g = organisation(build_graph(load_sources()))
    >>> max(g.nodes, key=lambda n: g.nodes[n]["attendees"]).rsplit("/", 1)[-1]
    'unece'
    """
    p = _Projector(graph, meeting)
    organisations = set(p.instances(ORG.FormalOrganization))
    presence = _Presence()
    parts = [*_group_parts(p, organisations), *_work_parts(p),
             *_meeting_parts(p, organisations, presence)]
    for org in sorted(organisations):
        if p.meeting is None or p.spans(org):
            p.node(org)
    _pair(p, parts, organisations)
    return p.to_networkx("organisation", node_extra=presence.extra)


@dataclass(frozen=True)
class _Part:
    """An organisation (``who``) taking part in something (``context``, a ``kind`` of thing:
    group, project, decision, meeting), as the sources ``spans`` say."""

    context: URIRef
    kind: str
    who: URIRef
    spans: set[str]


@dataclass
class _Presence:
    """Who was present for each organisation, and at which meetings."""

    attendees: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    meetings: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))

    def extra(self, node: URIRef) -> dict[str, Any]:
        return {"attendees": len(self.attendees.get(node, ())),
                "meetings": len(self.meetings.get(node, ()))}


def _group_parts(p: _Projector, organisations: set[URIRef]) -> Iterator[_Part]:
    """Groups an organisation is a member of, or one of its staff is."""
    staff_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    person_units: list[tuple[URIRef, URIRef, set[str]]] = []
    for membership, member, unit, spans in p.memberships():
        if unit in organisations and p.has(membership, ORG.role, MOS.Staff):
            staff_of[member].add(unit)
        elif p.is_a(unit, *_BODY_CLASSES) and unit not in organisations:
            if member in organisations:
                yield _Part(unit, "group", member, spans)
            else:
                person_units.append((member, unit, spans))
    for person, unit, spans in person_units:
        for employer in staff_of.get(person, ()):
            yield _Part(unit, "group", employer, spans)


def _work_parts(p: _Projector) -> Iterator[_Part]:
    """Work an organisation leads or supports, and the decisions about that work (or about
    what it continues): their spans place the leadership in a meeting."""
    graph = p.graph
    leaders: dict[URIRef, dict[URIRef, set[str]]] = defaultdict(dict)  # work -> org -> spans
    for predicate in (MOS.ledBy, MOS.supportedBy):  # stated on the work itself
        for work, leader in graph.subject_objects(predicate):
            if isinstance(work, URIRef) and isinstance(leader, URIRef):
                leaders[work].setdefault(leader, set())
    decision_leaders: dict[URIRef, dict[URIRef, set[str]]] = defaultdict(dict)
    for decision in p.instances(MOS.Decision):
        if not p.in_scope(decision):
            continue
        spans = p.spans(decision)
        for subject in _uris(p.objects(decision, DCTERMS.subject)):
            for work in (subject, *_uris(graph.subjects(MOS.continuationOf, subject))):
                for leader in leaders.get(work, {}):
                    decision_leaders[decision].setdefault(leader, set()).update(spans)
                    leaders[work][leader].update(spans)
    for work, by_leader in leaders.items():
        for leader, spans in by_leader.items():
            if p.meeting is None or spans:
                yield _Part(work, "project", leader, spans)
    for decision, by_leader in decision_leaders.items():
        for leader, spans in by_leader.items():
            yield _Part(decision, "decision", leader, spans)


def _meeting_parts(p: _Projector, organisations: set[URIRef],
                   presence: _Presence) -> Iterator[_Part]:
    """Meetings where someone listed with an organisation was present (counted in
    ``presence``); an organisation listed only with apologies is a node all the same."""
    for record in p.instances(MOS.Attendance):
        if not p.in_scope(record):
            continue
        listed = p.value(record, MOS.listedWith)
        event = p.record_meeting(record)
        attendee = p.value(record, MOS.attendee)
        if not isinstance(listed, URIRef) or event is None:
            continue
        if p.has(record, MOS.attendanceStatus, MOS.Apologies):
            if listed in organisations:
                p.node(listed, p.spans(record))
            continue
        if isinstance(attendee, URIRef) and listed in organisations:
            presence.attendees[listed].add(attendee)
            presence.meetings[listed].add(event)
        yield _Part(event, "meeting", listed, p.spans(record))


def _pair(p: _Projector, parts: Iterable[_Part], organisations: set[URIRef]) -> None:
    """The one pairing step: every two organisations taking part in one thing are linked,
    the thing named in ``reasons`` (its first kind wins) and its spans as the sources."""
    taking_part: dict[URIRef, dict[URIRef, set[str]]] = defaultdict(dict)
    kinds: dict[URIRef, str] = {}
    for part in parts:
        if part.who in organisations and part.context != part.who:
            kinds.setdefault(part.context, part.kind)
            taking_part[part.context].setdefault(part.who, set()).update(part.spans)
    for context in sorted(taking_part):
        members = taking_part[context]
        words = f"{kinds[context]}: {p.short_label(context)}"
        ordered = sorted(members)
        for org in ordered:
            p.node(org)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1:]:
                p.edge(first, second, relation=words, reasons=words, contexts=str(context),
                       record=context, sources=members[first] | members[second],
                       predicates=_CONTEXT_PREDICATES[kinds[context]])


_CONTEXT_PREDICATES = {
    "group": (ORG.member, ORG.organization, ORG.role),
    "project": (MOS.ledBy, MOS.supportedBy),
    "decision": (DCTERMS.subject, MOS.continuationOf, MOS.ledBy, MOS.supportedBy),
    "meeting": (MOS.listedWith, MOS.atMeeting, MOS.attendanceStatus),
}


# --- governance -------------------------------------------------------------------------------


def governance(graph: Graph, meeting: str | URIRef | None = None) -> nx.DiGraph:
    """Bodies, groups, projects and decisions, and how they are governed: a DiGraph.

    Edges, each read as "source *relation* target":

    ============================  ================================================
    ``part of``                   ``org:subOrganizationOf``
    ``hosted by``                 ``org:unitOf``
    ``leads``                     a work ``mos:ledBy`` it (leader -> work)
    ``supports``                  a work ``mos:supportedBy`` it (supporter -> work)
    ``continuation of``           ``mos:continuationOf``
    ``keeps ties with``           ``mos:keepsTiesWith``
    ``merged with``               two ``org:originalOrganization`` of one
                                  ``org:ChangeEvent`` (``merged into`` for its
                                  ``org:resultingOrganization``)
    ``selected for``              a work that a selection ``mos:Decision`` is about
                                  (work -> decision)
    ``decided``                   the body a ``mos:Decision`` ``prov:wasAssociatedWith``
                                  (body -> decision)
    ``concerns``                  any other decision's ``dcterms:subject``
                                  (decision -> subject)
    ============================  ================================================

    * node: every end of those edges (the people are left out);
    * sources: the spans of the decisions and status assessments behind an edge, or else the
      spans the subject's register entry rests on; with ``meeting=``, an edge is kept when
      one of its sources is in that meeting's report;
    * weight: the number of distinct records (triples, decisions, assessments) behind it.

    >>> from mosgraph.sources import load_sources
    >>> from mosgraph.build import build_graph
    >>> g = governance(build_graph(load_sources()))
    >>> ml = "https://w3id.org/mosgraph/id/work/machine-learning"
    >>> sorted(g.edges[u, v]["relation"] for u, v in g.in_edges(ml))
    ['concerns', 'continuation of']
    """
    p = _Projector(graph, meeting)
    people = set(graph.subjects(RDF.type, FOAF.Person))
    for link in chain(_structure_links(p), _leadership_links(p), _lineage_links(p),
                      _merge_links(p), _decision_links(p)):
        if link.source in people or link.target in people:
            continue
        spans = link.spans
        if not spans and p.meeting is None:
            spans = p.spans(link.source) | p.spans(link.target)
        if p.meeting is not None and not spans:
            continue
        p.edge(link.source, link.target, relation=link.relation, predicates=(link.predicate,),
               sources=spans, record=link.record)
    return p.to_networkx("governance", directed=True)


@dataclass(frozen=True)
class _Link:
    """A governance edge as a collector finds it: "source *relation* target", by
    ``predicate``, with the ``spans`` behind it and the ``record`` its weight counts."""

    source: URIRef
    target: URIRef
    relation: str
    predicate: URIRef
    spans: set[str]
    record: object


def _about_spans(p: _Projector, subject: URIRef, leader: URIRef | None = None) -> set[str]:
    """The spans of the decisions and status assessments about ``subject`` (or about what it
    continues); of the assessments, those naming ``leader`` when given."""
    graph = p.graph
    spans: set[str] = set()
    for target in {subject, *_uris(p.objects(subject, MOS.continuationOf))}:
        for decision in _uris(graph.subjects(DCTERMS.subject, target)):
            if p.is_a(decision, MOS.Decision) and p.in_scope(decision):
                spans |= p.spans(decision)
        for status in _uris(p.objects(target, MOS.hasStatus)):
            if p.in_scope(status) and (leader is None or p.has(status, MOS.ledBy, leader)):
                spans |= p.spans(status)
    return spans


def _structure_links(p: _Projector) -> Iterator[_Link]:
    """``part of`` and ``hosted by``."""
    for predicate, relation in ((ORG.subOrganizationOf, "part of"), (ORG.unitOf, "hosted by")):
        for u, v in p.graph.subject_objects(predicate):
            if isinstance(u, URIRef) and isinstance(v, URIRef):
                yield _Link(u, v, relation, predicate, p.spans(u), (u, predicate, v))


def _leadership_links(p: _Projector) -> Iterator[_Link]:
    """``leads`` and ``supports``, stated on the work or by a status assessment of it."""
    graph = p.graph
    for predicate, relation in ((MOS.ledBy, "leads"), (MOS.supportedBy, "supports")):
        for work, leader in graph.subject_objects(predicate):
            if not isinstance(work, URIRef) or not isinstance(leader, URIRef):
                continue
            if p.is_a(work, MOS.StatusAssessment):
                continue  # read through the work it assesses, below
            yield _Link(leader, work, relation, predicate, _about_spans(p, work, leader),
                        (work, predicate, leader))
    for work in _uris(graph.subjects(MOS.hasStatus, None)):
        for status in _uris(p.objects(work, MOS.hasStatus)):
            for leader in _uris(p.objects(status, MOS.ledBy)):
                if p.in_scope(status):
                    yield _Link(leader, work, "leads", MOS.ledBy, p.spans(status), status)


def _lineage_links(p: _Projector) -> Iterator[_Link]:
    """``continuation of`` and ``keeps ties with``."""
    for predicate, relation in ((MOS.continuationOf, "continuation of"),
                                (MOS.keepsTiesWith, "keeps ties with")):
        for u, v in p.graph.subject_objects(predicate):
            if isinstance(u, URIRef) and isinstance(v, URIRef):
                yield _Link(u, v, relation, predicate,
                            _about_spans(p, v) | _about_spans(p, u), (u, predicate, v))


def _merge_links(p: _Projector) -> Iterator[_Link]:
    """``merged with`` between the groups a change merges, ``merged into`` the result."""
    for change in p.instances(ORG.ChangeEvent):
        spans = p.spans(change)
        originals = sorted(_uris(p.objects(change, ORG.originalOrganization)))
        results = sorted(_uris(p.objects(change, ORG.resultingOrganization)))
        for i, first in enumerate(originals):
            for second in originals[i + 1:]:
                yield _Link(first, second, "merged with", ORG.originalOrganization, spans,
                            change)
            for result in results:
                if result != first:  # the group merged into is also one of the originals
                    yield _Link(first, result, "merged into", ORG.resultingOrganization,
                                spans, change)


def _decision_links(p: _Projector) -> Iterator[_Link]:
    """``decided`` (body -> decision), ``selected for`` (work -> selection) and
    ``concerns`` (decision -> subject)."""
    for decision in p.instances(MOS.Decision):
        if not p.in_scope(decision):
            continue
        spans = p.spans(decision)
        kind = p.value(decision, MOS.decisionKind)
        for body in _uris(p.objects(decision, PROV.wasAssociatedWith)):
            yield _Link(body, decision, "decided", PROV.wasAssociatedWith, spans, decision)
        for subject in _uris(p.objects(decision, DCTERMS.subject)):
            if kind == MOS.Selection:
                yield _Link(subject, decision, "selected for", DCTERMS.subject, spans, decision)
            else:
                yield _Link(decision, subject, "concerns", DCTERMS.subject, spans, decision)


# --- the registry -----------------------------------------------------------------------------

PROJECTIONS: dict[str, Callable[..., Any]] = {
    "affiliation": affiliation,
    "attendance": attendance,
    "representation": representation,
    "organisation": organisation,
    "governance": governance,
}


def project(graph: Graph, name: str, meeting: str | URIRef | None = None) -> nx.Graph:
    """The projection called ``name`` (see :data:`PROJECTIONS`) of ``graph``.

    >>> project(Graph(), "friendship")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.UsageError: unknown projection 'friendship': expected one of affiliation, ...
    """
    function = PROJECTIONS.get(name)
    if function is None:
        raise UsageError(
            f"unknown projection '{name}': expected one of {', '.join(PROJECTIONS)}")
    result: nx.Graph = function(graph, meeting)
    return result
