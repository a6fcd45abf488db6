"""Turn reports (and, where there is one, their curation) into one RDF graph (no I/O here).

What a report says is read by :mod:`mosgraph.reader`; what its names stand for comes from the
curation, the register of organisations and the names themselves (:mod:`mosgraph.resolve`);
what needs judgement (decisions, statuses, figures, quotations) comes from the curation
(:mod:`mosgraph.curation`), which is optional. This module maps them onto the vocabulary:
standard terms first (W3C ORG, FOAF, PROV-O, schema.org, DCTERMS, SKOS, Web Annotation, Data
Cube) and ``mos:`` terms where no standard says it.

Provenance: every node the report states is traced to a span of the report text: an
``oa:SpecificResource`` with a position, a quote and an RFC 5147 line selector. Entities
(records, organisations, people's memberships) are ``prov:wasDerivedFrom`` their span;
activities (the meeting, decisions, projects, changes of organisation) are
``prov:wasInfluencedBy`` it, since PROV-O keeps activities and entities apart. A fact about
the event (its kind, theme, place and attendance mode) is stated once more as an
``rdf:Statement`` derived from the words that state it.

No blank nodes are made, so that the same inputs always give the same triples.

The triples are gathered in a light :class:`Triples` (rdflib's ``Graph`` costs some 50 µs a
triple to fill as one goes); :func:`build_graph` turns them into a ``Graph`` at the end, and
:func:`build_triples` gives them as they are, for writing them out (:mod:`mosgraph.ntriples`).

>>> from mosgraph.reader import parse_report
>>> report = parse_report(
...     "Report of the ESF workshop on Data Linking held in Lisbon (4-5 March 2024)\\n\\n"
...     "Some participants joined online.\\n\\nAnnex 1: Attendees\\n\\n"
...     "- Ana Lima (Statistics Zeta, Chair)\\n")
>>> graph = build_graph([(report, None)])
>>> meeting = next(graph.subjects(SCHEMA.organizer, None))
>>> str(graph.value(meeting, SCHEMA.name))
'Hybrid ESF workshop on Data Linking, 4-5 March 2024'
>>> graph.value(meeting, SCHEMA.eventAttendanceMode) == SCHEMA.MixedEventAttendanceMode
True
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import rdflib
from rdflib import Graph, URIRef
from rdflib import namespace as rdflib_namespaces

from . import vocab
from .curation import Curation, Figure
from .errors import CurationError
from .iris import Minter, slug, wikidata_item
from .ntriples import XSD_INTEGER, Lexical
from .registry import Entry, Register, default_register
from .report import Attendee, Mention, Paragraph, Report, Span
from .resolve import HeadingMeaning, Resolver
from .terms import literal
from .vocab import DATA_PREFIXES, RFC5147

__all__ = ["NAMESPACES", "Triples", "build_graph", "build_triples"]


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef (~2 µs) each time a
    term of a namespace is named, and the build names one for nearly every triple."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


OWL, RDF, RDFS, XSD = (_Terms(n) for n in (rdflib.OWL, rdflib.RDF, rdflib.RDFS, rdflib.XSD))
DCTERMS, FOAF, ORG, PROV, SKOS = (_Terms(getattr(rdflib_namespaces, n)) for n in (
    "DCTERMS", "FOAF", "ORG", "PROV", "SKOS"))
MOS, OA, QB, SCHEMA = (_Terms(getattr(vocab, n)) for n in ("MOS", "OA", "QB", "SCHEMA"))


NAMESPACES = DATA_PREFIXES
"""The prefixes of the built graph (see :data:`mosgraph.vocab.DATA_PREFIXES`)."""

_CLASS_OF_KIND: dict[str | None, tuple[URIRef, ...]] = {
    # every organisation is also typed org:Organization, so that queries and shapes need no
    # inference to find them; one named only as written in a report is nothing more
    None: (ORG.Organization,),
    "national-statistical-office": (ORG.Organization, ORG.FormalOrganization,
                                    MOS.NationalStatisticalOffice),
    "international-organisation": (ORG.Organization, ORG.FormalOrganization,
                                   MOS.InternationalOrganisation),
    "collaboration": (ORG.Organization, ORG.OrganizationalCollaboration),
    "board": (ORG.Organization, ORG.OrganizationalUnit, MOS.Board),
    "secretariat": (ORG.Organization, ORG.OrganizationalUnit, MOS.Secretariat),
    "group": (ORG.Organization, ORG.OrganizationalUnit, MOS.Group),
    "network": (ORG.Organization, ORG.OrganizationalUnit, MOS.Network),
    "community": (ORG.Organization, ORG.OrganizationalUnit, MOS.Community),
    "project": (PROV.Activity, MOS.Project),
    "activity": (PROV.Activity, MOS.Activity),
    "work-programme": (MOS.WorkProgramme,),
}
_ACTIVITY_KINDS = ("project", "activity")
_WORK_KINDS = ("project", "activity", "work-programme")
_ROLE = {"chair": MOS.Chair, "co-chair": MOS.CoChair, "vice-chair": MOS.ViceChair,
         "member": MOS.Member, "observer": MOS.Observer, "staff": MOS.Staff}
_POST_ROLES = {"chair": "Chair", "co-chair": "Co-chair", "vice-chair": "Vice-chair"}
_DECISION = {
    "selection": MOS.Selection,
    "merge": MOS.Merge,
    "continuation": MOS.Continuation,
    "discontinuation": MOS.Discontinuation,
    "leadership": MOS.Leadership,
    "work-programme-approval": MOS.WorkProgrammeApproval,
    "support": MOS.Support,
}
_STATUS = {
    "completed": MOS.Completed,
    "selected": MOS.Selected,
    "continuing": MOS.Continuing,
    "discontinued": MOS.Discontinued,
    "pandemic-affected": MOS.PandemicAffected,
}
_POPULATION = {"group-members": MOS.GroupMembers,
               "expert-meeting-attendees": MOS.ExpertMeetingAttendees}
_BOUND = {"exactly": MOS.Exactly, "more-than": MOS.MoreThan, "at-least": MOS.AtLeast,
          "approximately": MOS.Approximately, "at-most": MOS.AtMost,
          "fewer-than": MOS.FewerThan}
_MODE = {"online": SCHEMA.OnlineEventAttendanceMode, "offline": SCHEMA.OfflineEventAttendanceMode,
         "mixed": SCHEMA.MixedEventAttendanceMode}
_MODE_WORD = {"online": "online ", "mixed": "hybrid ", "offline": ""}
_EVENT_KIND = {
    "meeting": MOS.Meeting, "workshop": MOS.Workshop, "seminar": MOS.Seminar,
    "session": MOS.Session, "conference": MOS.Conference, "webinar": MOS.Webinar,
    "symposium": MOS.Symposium, "forum": MOS.Forum, "retreat": MOS.Retreat,
    "sprint": MOS.Sprint, "consultation": MOS.Consultation, "round-table": MOS.RoundTable,
    "summit": MOS.Summit, "hackathon": MOS.Hackathon,
}
_NOT_A_MEMBER = ("chair", "co-chair", "vice-chair", "observer")  # a seat of its own, or none


Triple = tuple[URIRef, URIRef, URIRef | Lexical]


class Triples:
    """The triples of a build, each once, in the order they were made; the label of a
    node (``rdfs:label``) is its last one, as with rdflib's ``Graph.set``."""

    def __init__(self) -> None:
        self.triples: dict[Triple, None] = {}
        self.labels: dict[URIRef, str] = {}

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self.triples

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Lexical) -> None:
        self.triples[subject, predicate, obj] = None

    def label(self, node: URIRef, label: str) -> None:
        """Set the label of ``node`` (in place of the one it had)."""
        previous = self.labels.get(node)
        if previous == label:
            return
        if previous is not None:
            del self.triples[node, _LABEL, _plain(previous)]
        self.labels[node] = label
        self.triples[node, _LABEL, _plain(label)] = None

    def graph(self) -> Graph:
        """These triples as an rdflib graph, with the prefixes of :data:`NAMESPACES`."""
        graph = Graph()
        for prefix, namespace in NAMESPACES.items():
            graph.bind(prefix, namespace)
        add = graph.add
        for subject, predicate, obj in self.triples:
            add((subject, predicate, literal(*obj) if isinstance(obj, Lexical) else obj))
        return graph


_LABEL, _TYPE = RDFS.label, RDF.type
_EXACT_TEXT = Lexical("exact text")  # the label of every quote selector


class _Once:
    """The IRIs of a :class:`~mosgraph.iris.Minter`, each minted once: the same arguments
    give the very same object, which is much cheaper than minting it again (a slug, a new
    URIRef) and than comparing two equal URIRefs (rdflib's ``__eq__`` is Python)."""

    def __init__(self, minter: Minter) -> None:
        self._minter = minter
        self._made: dict[tuple[object, ...], URIRef] = {}

    def __getattr__(self, name: str) -> Callable[..., URIRef]:
        mint = getattr(self._minter, name)
        made = self._made

        def once(*args: object) -> URIRef:
            key = (name, *args)
            found = made.get(key)
            if found is None:
                found = made[key] = mint(*args)
            return found

        setattr(self, name, once)
        return once


_tuple = tuple.__new__  # a NamedTuple's own constructor is a Python function: 3x slower


def _plain(text: str) -> Lexical:
    """``Lexical(text)``, made quickly."""
    return _tuple(Lexical, (text, "", ""))


def _en(text: str) -> Lexical:
    return _tuple(Lexical, (text, "", "en"))


def _integer(number: int) -> Lexical:
    return _tuple(Lexical, (str(number), XSD_INTEGER, ""))


def build_graph(sources: Sequence[tuple[Report, Curation | None]], *, base: str | None = None,
                register: Register | None = None) -> Graph:
    """Build the graph of one or more reports, each with its curation (or None).

    Names are resolved against the curation, then ``register`` (default: the register
    shipped with mosgraph). Raises :class:`~mosgraph.errors.CurationError` (naming the
    curation file) when two curations disagree about one key.
    """
    return build_triples(sources, base=base, register=register).graph()


def build_triples(sources: Sequence[tuple[Report, Curation | None]], *,
                  base: str | None = None, register: Register | None = None) -> Triples:
    """The triples of :func:`build_graph`, before they become an rdflib graph (which takes
    longer than making them): for writing them straight away (:mod:`mosgraph.ntriples`).

    >>> from mosgraph.reader import parse_report
    >>> report = parse_report("Report of the ESF meeting (4 March 2024)\\n\\n"
    ...                       "Annex 1: Attendees\\n\\n- Ana Lima (Statistics Zeta)\\n")
    >>> triples = build_triples([(report, None)])
    >>> len(triples) == len(build_graph([(report, None)]))
    True
    """
    iris = cast(Minter, _Once(Minter(base)))  # a Minter's methods, each IRI made once
    register = register or default_register()
    registered: dict[str, tuple[str, str]] = {}
    for _, curation in sources:
        if curation is None:
            continue
        for entity in curation.entities:
            previous = registered.setdefault(entity.key, (entity.name, curation.file))
            if previous[0] != entity.name:
                raise CurationError(
                    f"'{entity.key}' is named '{entity.name}' here but '{previous[0]}' in "
                    f"{previous[1]}",
                    file=curation.file,
                    line=entity.quote.line,
                )
    triples = Triples()
    for report, curation in sources:
        _ReportBuilder(triples, iris, report, curation or Curation(file=""), register).build()
    return triples


@dataclass
class _ReportBuilder:
    graph: Triples
    iris: Minter
    report: Report
    curation: Curation
    register: Register
    kinds: dict[URIRef, str | None] = field(default_factory=dict)  # entities made so far
    roles_held: set[tuple[URIRef, URIRef, str]] = field(default_factory=set)
    listed: dict[URIRef, URIRef] = field(default_factory=dict)  # attendance -> first listing

    # --- small helpers ---------------------------------------------------------------------

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Lexical | None) -> None:
        if obj is not None:
            self.graph.triples[subject, predicate, obj] = None

    def node(self, iri: URIRef, types: Iterable[URIRef], label: str) -> URIRef:
        triples = self.graph.triples
        for rdf_type in types:
            triples[iri, _TYPE, rdf_type] = None
        self.graph.label(iri, label)
        return iri

    def span(self, span: Span) -> URIRef:
        """The oa:SpecificResource for ``span`` of this report (made once, its 17 triples in
        one step: spans make half the triples of a build)."""
        iri = self.iris.span(self.report_iri, span.start, span.end)
        labels = self.graph.labels
        if iri in labels:
            return iri
        position, quote, lines = self.iris.selectors(iri)
        start, end, line, end_line = span.start, span.end, span.line, span.end_line
        label, where = f"{self.report.source}, line {line}", f"characters {start}-{end}"
        numbered = f"lines {line}-{end_line}"
        labels.update(((iri, label), (position, where), (quote, _EXACT_TEXT.lexical),
                       (lines, numbered)))
        self.graph.triples.update(dict.fromkeys((
            (iri, _TYPE, OA.SpecificResource), (iri, _LABEL, _plain(label)),
            (iri, OA.hasSource, self.report_iri),
            (position, _TYPE, OA.TextPositionSelector), (position, _LABEL, _plain(where)),
            # xsd:integer (not oa's xsd:nonNegativeInteger): every store keeps it as
            # written, so a copy out of Oxigraph (which rewrites integer subtypes) is the
            # same graph
            (position, OA.start, _integer(start)), (position, OA.end, _integer(end)),
            (quote, _TYPE, OA.TextQuoteSelector), (quote, _LABEL, _EXACT_TEXT),
            (quote, OA.exact, _plain(span.exact)),
            (lines, _TYPE, OA.FragmentSelector), (lines, _LABEL, _plain(numbered)),
            (lines, DCTERMS.conformsTo, RFC5147),
            (lines, RDF.value, _plain(f"line={line - 1},{end_line}")),
            (iri, OA.hasSelector, position), (iri, OA.hasSelector, quote),
            (iri, OA.hasSelector, lines))))
        return iri

    def derived(self, subject: URIRef, span: Span) -> None:
        """``subject`` (an entity) rests on ``span``."""
        self.add(subject, PROV.wasDerivedFrom, self.span(span))

    def influenced(self, subject: URIRef, span: Span) -> None:
        """``subject`` (an activity: PROV-O keeps it apart from entities) rests on ``span``."""
        self.add(subject, PROV.wasInfluencedBy, self.span(span))

    def stated(self, predicate: URIRef, obj: URIRef, span: Span, what: str) -> None:
        """State ``meeting predicate obj`` and, as an rdf:Statement, the words that say it."""
        self.add(self.meeting, predicate, obj)
        record = self.node(self.iris.evidence(self.meeting, what), [RDF.Statement],
                           f"{what.capitalize()} of the {self.meeting_label}")
        self.add(record, RDF.subject, self.meeting)
        self.add(record, RDF.predicate, predicate)
        self.add(record, RDF.object, obj)
        self.derived(record, span)

    def person(self, name: str) -> URIRef:
        iri = self.node(self.iris.person(name), [FOAF.Person], name)
        self.add(iri, FOAF.name, _plain(name))
        return iri

    # --- organisations, bodies and works -----------------------------------------------

    def entity(self, entry: Entry, span: Span) -> URIRef:
        """The node of ``entry`` (made on first use in this report, traced to ``span``)."""
        iri = self.iris.work(entry.key) if entry.kind in _WORK_KINDS else \
            self.iris.organisation(entry.key)
        if iri in self.kinds:
            return iri
        self.kinds[iri] = entry.kind
        self.node(iri, _CLASS_OF_KIND[entry.kind], entry.name)
        self.add(iri, SKOS.prefLabel, _en(entry.name))
        for alias in (*entry.aliases, *entry.short):  # short: as its parent's reports say
            if alias != entry.name:
                self.add(iri, SKOS.altLabel, _en(alias))
        if entry.kind in _ACTIVITY_KINDS:
            self.influenced(iri, span)
        else:
            self.derived(iri, span)
        if entry.wikidata:
            self.add(iri, OWL.sameAs, wikidata_item(entry.wikidata))
        for ref, predicate in ((entry.part_of, ORG.subOrganizationOf),
                               (entry.hosted_by, ORG.unitOf)):
            parent = self.names.entry(ref) if ref else None
            if parent is not None:
                self.add(iri, predicate, self.entity(parent, span))
        if entry.country:
            self.add(iri, SCHEMA.areaServed, self.country(entry.country))
        return iri

    def country(self, code_or_name: str) -> URIRef:
        name = self.register.countries.get(code_or_name, code_or_name)
        code = code_or_name if code_or_name in self.register.countries else slug(name)
        country = self.node(self.iris.country(code), [SCHEMA.Country], name)
        self.add(country, SCHEMA.name, _en(name))
        if code_or_name in self.register.countries:
            self.add(country, SCHEMA.identifier, Lexical(code_or_name))
        return country

    def keyed(self, key: str, span: Span) -> URIRef:
        """The node of the entry a curation key names (curation or register)."""
        found = self.names.entry(key)
        assert found is not None, key  # the curation checked its keys
        return self.entity(found, span)

    def organisation(self, written: str, span: Span) -> URIRef:
        return self.entity(self.organisation_named(written), span)

    # --- the parts of a report ----------------------------------------------------------------

    def build(self) -> None:
        report = self.report
        self.names = Resolver(report, self.curation, self.register)
        # a name or heading means the same all through a report: resolved once each
        self.heading = functools.cache(self.names.heading)
        self.organisation_named = functools.cache(self.names.organisation)
        self.report_iri = self.iris.report(report.source.rsplit(".", 1)[0])
        body = self.names.meeting_body
        self.body_iri = self.entity(body, report.body_span or report.title_span)
        kind = report.event_kind
        self.meeting = self.iris.meeting(
            body.key if kind == "meeting" else f"{body.key}-{kind}", report.date.isoformat())
        for entity in self.curation.entities:
            found = self.names.entry(entity.key)
            assert found is not None  # a curated entity is always known by its key
            self.entity(found, entity.quote.span)
        self.document()
        self.meeting_node()
        self.attendance()
        self.statements()
        self.decisions()
        self.statuses()
        self.figures()

    def document(self) -> None:
        report, iri = self.report, self.report_iri
        self.node(iri, [FOAF.Document, SCHEMA.Report, PROV.Entity], report.title)
        self.add(iri, DCTERMS.title, _en(report.title))
        self.add(iri, DCTERMS.identifier, Lexical(report.source))
        self.add(iri, SCHEMA.sha256,
                 Lexical(hashlib.sha256(report.text.encode("utf-8")).hexdigest()))
        self.add(iri, DCTERMS.format, Lexical("text/plain"))
        self.add(iri, SCHEMA.about, self.meeting)

    @functools.cached_property
    def meeting_name(self) -> str:
        report = self.report
        mode = _MODE_WORD[report.mode.value] if report.mode else ""
        theme = f" on {report.theme.value}" if report.theme else ""
        first, last = report.date, report.end_date
        if last is None:
            dates = f"{first.day} {first:%B %Y}"
        elif (first.year, first.month) == (last.year, last.month):
            dates = f"{first.day}-{last.day} {last:%B %Y}"
        elif first.year == last.year:
            dates = f"{first.day} {first:%B} - {last.day} {last:%B %Y}"
        else:
            dates = f"{first.day} {first:%B %Y} - {last.day} {last:%B %Y}"
        name = f"{mode}{report.body} {report.event_kind.replace('-', ' ')}{theme}, {dates}"
        return name[0].upper() + name[1:]

    @functools.cached_property
    def meeting_label(self) -> str:
        return f"{self.report.body} {self.report.event_kind.replace('-', ' ')} of " \
               f"{self.report.date.isoformat()}"

    def meeting_node(self) -> None:
        report, meeting = self.report, self.meeting
        self.node(meeting, [SCHEMA.Event, PROV.Activity], self.meeting_name)
        self.add(meeting, SCHEMA.name, _en(self.meeting_name))
        self.add(meeting, SCHEMA.startDate, Lexical(report.date.isoformat(), XSD.date))
        if report.end_date:
            self.add(meeting, SCHEMA.endDate,
                     Lexical(report.end_date.isoformat(), XSD.date))
        self.add(meeting, SCHEMA.organizer, self.body_iri)
        self.influenced(meeting, report.title_span)
        if report.kind:
            self.stated(MOS.eventKind, _EVENT_KIND[report.kind.value], report.kind.span, "kind")
        if report.mode:
            self.stated(SCHEMA.eventAttendanceMode, _MODE[report.mode.value], report.mode.span,
                        "attendance mode")
        if report.theme:
            theme = self.node(self.iris.theme(report.theme.value), [SKOS.Concept],
                              report.theme.value)
            self.add(theme, SKOS.prefLabel, _en(report.theme.value))
            self.add(theme, SKOS.inScheme, self.node(self.iris.theme_scheme(), [
                SKOS.ConceptScheme], "Themes of events"))
            self.derived(theme, report.theme.span)
            self.stated(SCHEMA.about, theme, report.theme.span, "theme")
        if report.place:
            self.stated(SCHEMA.location, self.place(report.place), report.place.span, "place")
        purpose = self.curation.purpose.span if self.curation.purpose else report.purpose
        if purpose:
            self.add(meeting, SCHEMA.description, _en(" ".join(purpose.exact.split())))
        self.replaced()

    def place(self, mention: Mention) -> URIRef:
        place = self.node(self.iris.place(mention.value), [SCHEMA.Place], mention.value)
        self.add(place, SCHEMA.name, _en(mention.value))
        self.derived(place, mention.span)
        return place

    def replaced(self) -> None:
        curated, read = self.curation.replaces, self.report.replaced
        if curated is None and read is None:
            return
        usual = self.iris.replaced_meeting(self.meeting)
        if curated is not None:
            name, span = curated.name, curated.quote.span
            location = Mention(curated.location, curated.quote.span) if curated.location \
                else None
        else:
            assert read is not None
            name, span, location = read.name, read.span, read.place
        self.node(usual, [SCHEMA.Event], name)
        self.add(usual, SCHEMA.name, _en(name))
        if location:
            self.add(usual, SCHEMA.location, self.place(location))
        self.add(self.meeting, DCTERMS.replaces, usual)
        if self.report.online:
            self.add(self.meeting, SCHEMA.eventStatus, SCHEMA.EventMovedOnline)
        self.influenced(usual, span)

    # --- attendance, representation and memberships -------------------------------------------

    def attendance(self) -> None:
        report, meeting = self.report, self.meeting
        represented: dict[str, Attendee] = {}  # name -> who represented them
        for attendee in report.attendees:
            person = self.person(attendee.name)
            heading = self.heading(attendee.heading)
            organisation = self.organisation_of(attendee, heading)
            record = self.node(self.iris.attendance(meeting, person), [MOS.Attendance],
                               f"{attendee.name} at the {self.meeting_label}")
            self.add(record, MOS.attendee, person)
            self.add(record, MOS.atMeeting, meeting)
            self.add(record, MOS.attendanceStatus, MOS.Present)
            self.add(record, MOS.listedWith, organisation)
            if organisation is not None:
                self.listed.setdefault(record, organisation)
            self.add(record, MOS.listedUnder, _plain(attendee.heading))
            for role in attendee.roles:
                self.add(record, MOS.statedRole, _plain(role))
            self.derived(record, attendee.span)
            self.add(meeting, SCHEMA.attendee, person)
            if organisation is not None:
                self.membership(person, organisation, "staff", attendee.span)
            for role_text in attendee.roles:
                for role, body in self.names.roles(role_text):
                    if body is None:  # a role in the event itself (a workshop's chair)
                        if role == "chair":
                            self.add(meeting, MOS.chairedBy, person)
                        continue
                    body_iri = self.entity(body, attendee.span)
                    self.membership(person, body_iri, role, attendee.span)
                    if role == "chair" and body_iri == self.body_iri:
                        self.add(meeting, MOS.chairedBy, person)
            if attendee.representing:
                represented.setdefault(attendee.representing, attendee)
                self.representation(attendee, person, record)
            self.seats(attendee, person, organisation, heading)
        members = next((h.members_of for h in map(self.heading,
                                                   dict.fromkeys(a.heading for a in
                                                                 report.attendees))
                        if h.members_of), None)
        for apology in report.apologies:
            person = self.person(apology.name)
            record = self.node(
                self.iris.apologies(meeting, person),
                [MOS.Attendance],
                f"Apologies from {apology.name} for the {self.meeting_label}",
            )
            self.add(record, MOS.attendee, person)
            self.add(record, MOS.atMeeting, meeting)
            self.add(record, MOS.attendanceStatus, MOS.Apologies)
            self.derived(record, apology.span)
            if apology.organisation:
                organisation = self.organisation(apology.organisation, apology.span)
                self.add(record, MOS.listedWith, organisation)
                self.membership(person, organisation, "staff", apology.span)
                represented.pop(apology.name, None)
                if members is not None and members.kind == "collaboration":
                    self.membership(organisation, self.entity(members, apology.span),
                                    "member", apology.span)
        for name, proxy in represented.items():  # nothing else says where they work
            listed = self.listed.get(self.iris.attendance(meeting, self.person(proxy.name)))
            if listed is not None:
                self.membership(self.person(name), listed, "staff", proxy.span, derived=True)

    def representation(self, attendee: Attendee, person: URIRef, record: URIRef) -> None:
        assert attendee.representing
        represented = self.person(attendee.representing)
        self.add(record, MOS.onBehalfOf, represented)
        self.add(person, PROV.actedOnBehalfOf, represented)
        # the same, qualified: on behalf of whom, at which meeting
        delegation = self.node(self.iris.delegation(record), [PROV.Delegation],
                               f"{attendee.name} for {attendee.representing} at the "
                               f"{self.meeting_label}")
        self.add(person, PROV.qualifiedDelegation, delegation)
        self.add(delegation, PROV.agent, represented)
        self.add(delegation, PROV.hadActivity, self.meeting)
        self.derived(delegation, attendee.span)

    def seats(self, attendee: Attendee, person: URIRef, organisation: URIRef | None,
              heading: HeadingMeaning) -> None:
        """What the heading says: members of a body (people, and their organisations, in a
        collaboration; a represented person holds the seat their representative fills),
        or observers."""
        if heading.observers_of is not None:
            body = self.entity(heading.observers_of, attendee.span)
            self.membership(person, body, "observer", attendee.span)
        members = heading.members_of
        if members is None:
            return
        body = self.entity(members, attendee.span)
        if organisation is not None and members.kind == "collaboration":
            self.membership(organisation, body, "member", attendee.span)
        holder = self.person(attendee.representing) if attendee.representing else person
        if not any((holder, body, role) in self.roles_held for role in _NOT_A_MEMBER):
            self.membership(holder, body, "member", attendee.span)

    def organisation_of(self, attendee: Attendee, heading: HeadingMeaning) -> URIRef | None:
        if attendee.organisation:
            return self.organisation(attendee.organisation, attendee.span)
        if heading.organisation is not None:
            return self.entity(heading.organisation, attendee.span)
        return None

    def membership(self, member: URIRef, organisation: URIRef, role: str, span: Span, *,
                   derived: bool = False) -> None:
        """``member`` holds ``role`` in ``organisation``: an org:Membership, and the short
        forms ORG allows (org:memberOf, a post and org:headOf). A person's membership of a
        collaboration has no short form: ORG makes every member of a collaboration an
        organisation (owl:allValuesFrom on org:hasMember, the inverse of org:memberOf).
        ``derived``: the report does not state it (marked mos:DerivedMembership)."""
        iri = self.iris.membership(member, organisation, role)
        member_label = self.graph.labels.get(member)
        org_label = self.graph.labels.get(organisation)
        types = [ORG.Membership, MOS.DerivedMembership] if derived else [ORG.Membership]
        self.node(iri, types, f"{member_label}, {role} of {org_label}"
                  f"{' (derived)' if derived else ''}")
        self.add(iri, ORG.member, member)
        self.add(iri, ORG.organization, organisation)
        self.add(iri, ORG.role, _ROLE[role])
        self.derived(iri, span)
        self.roles_held.add((member, organisation, role))
        person_in_collaboration = self.kinds.get(organisation) == "collaboration" and \
            (member, RDF.type, FOAF.Person) in self.graph
        if not person_in_collaboration:
            self.add(member, ORG.memberOf, organisation)
        if role in _POST_ROLES:
            key = str(organisation).rsplit("/", 1)[-1]
            post = self.node(self.iris.post(key, role), [ORG.Post],
                             f"{_POST_ROLES[role]} of {org_label}")
            self.add(post, ORG.postIn, organisation)
            self.add(post, ORG.role, _ROLE[role])
            self.add(post, ORG.heldBy, member)
            self.add(member, ORG.holds, post)
            if role != "vice-chair" and not person_in_collaboration:
                self.add(member, ORG.headOf, organisation)

    # --- what was said ------------------------------------------------------------------------

    def statements(self) -> None:
        meeting = self.meeting
        scheme = self.node(self.iris.topic_scheme(meeting), [SKOS.ConceptScheme],
                           f"Topics of the {self.meeting_label}")
        number = 0
        quote_number = 0
        speakers = {quote.span.start: name for name, quote in self.curation.quotations}
        sections: list[tuple[URIRef | None, Sequence[Paragraph]]] = [
            (None, self.report.preamble)]
        for section in self.report.sections:
            topic = self.node(self.iris.topic(meeting, section.title), [SKOS.Concept],
                              section.title)
            self.add(topic, SKOS.prefLabel, _en(section.title))
            self.add(topic, SKOS.inScheme, scheme)
            self.derived(topic, section.span)
            sections.append((topic, section.paragraphs))
        for section_topic, paragraphs in sections:
            for position, paragraph in enumerate(paragraphs, start=1):
                number += 1
                iri = self.iris.statement(meeting, number)
                types = [MOS.Statement, MOS.DiscussionPoint] if paragraph.is_point else \
                    [MOS.Statement]
                self.node(iri, types, _short(paragraph.text))
                self.add(iri, SCHEMA.text, _en(paragraph.text))
                self.add(iri, SCHEMA.position, _integer(position))
                self.add(iri, DCTERMS.subject, section_topic)
                self.add(iri, MOS.atMeeting, meeting)
                self.derived(iri, paragraph.span)
                speaker = next(
                    (name for start, name in speakers.items()
                     if paragraph.span.start <= start < paragraph.span.end),
                    None,
                )
                for quoted in paragraph.quotes:
                    quote_number += 1
                    said = " ".join(quoted.exact.split())  # as the statement's text has it
                    quotation = self.node(self.iris.quotation(meeting, quote_number),
                                          [SCHEMA.Quotation], _short(said))
                    self.add(quotation, SCHEMA.text, _en(said))
                    self.add(quotation, SCHEMA.isPartOf, iri)
                    if speaker:
                        self.add(quotation, SCHEMA.spokenByCharacter, self.person(speaker))
                    self.derived(quotation, quoted)

    def decisions(self) -> None:
        """Each decision, about what it is about; the work it decides (what a continued
        work becomes, or the work itself) carries who leads and supports it, so that one
        pattern answers "who leads the work decided": ``?decision dcterms:subject ?work .
        ?work mos:ledBy ?leader``."""
        for decision in self.curation.decisions:
            span = decision.quote.span
            iri = self.iris.decision(self.meeting, decision.key)
            about = [self.keyed(key, span) for key in decision.about]
            names = ", ".join(str(self.graph.labels.get(a)) for a in about)
            kind = _DECISION[decision.kind]
            self.node(iri, [MOS.Decision, PROV.Activity],
                      f"{decision.kind.replace('-', ' ')}: {names}")
            self.add(iri, MOS.decisionKind, kind)
            becomes = self.keyed(decision.becomes, span) if decision.becomes else None
            for subject in (*about, becomes):
                self.add(iri, DCTERMS.subject, subject)
            self.add(iri, MOS.atMeeting, self.meeting)
            self.add(iri, PROV.wasAssociatedWith, self.body_iri)
            self.add(iri, SCHEMA.text, _en(" ".join(span.exact.split())))
            if decision.year:
                self.add(iri, MOS.forYear, Lexical(str(decision.year), XSD.gYear))
            self.influenced(iri, span)
            if decision.kind == "merge":
                change = self.node(self.iris.change(self.meeting, decision.key),
                                   [ORG.ChangeEvent], f"Merge of {names}")
                for subject in about:
                    self.add(change, ORG.originalOrganization, subject)
                if decision.into:
                    self.add(change, ORG.resultingOrganization, self.keyed(decision.into, span))
                self.add(change, PROV.wasInformedBy, iri)
                self.influenced(change, span)
            closed = [a for a in about if self.kinds.get(a) not in _WORK_KINDS]
            if decision.kind == "discontinuation" and closed:  # a body closed: ORG's change
                change = self.node(self.iris.change(self.meeting, decision.key),
                                   [ORG.ChangeEvent], f"Closure of {names}")
                for subject in closed:
                    self.add(change, ORG.originalOrganization, subject)
                self.add(change, PROV.wasInformedBy, iri)
                self.influenced(change, span)
            for subject in about:
                if becomes is not None:
                    self.add(becomes, MOS.continuationOf, subject)
                target = becomes if becomes is not None else subject
                for keys, predicate in ((decision.led_by, MOS.ledBy),
                                        ((decision.keeps_ties_with,) if decision.keeps_ties_with
                                         else (), MOS.keepsTiesWith),
                                        (decision.supported_by, MOS.supportedBy)):
                    for key in keys:
                        self.add(target, predicate, self.keyed(key, span))

    def statuses(self) -> None:
        for status in self.curation.statuses:
            for key in status.about:
                subject = self.keyed(key, status.quote.span)
                iri = self.iris.status(self.meeting, subject, status.status)
                value = _STATUS[status.status]
                self.node(iri, [MOS.StatusAssessment],
                          f"{self.graph.labels.get(subject)}: "
                          f"{status.status.replace('-', ' ')}")
                self.add(subject, MOS.hasStatus, iri)
                self.add(iri, MOS.status, value)
                self.add(iri, MOS.atMeeting, self.meeting)
                if status.year:
                    self.add(iri, MOS.forYear, Lexical(str(status.year), XSD.gYear))
                self.derived(iri, status.quote.span)

    def figures(self) -> None:
        if not self.curation.figures:
            return
        dataset = self.node(self.iris.dataset(f"{self.report.body} participation"),
                            [QB.DataSet], f"Participation in {self.report.body}")
        self.add(dataset, QB.structure, MOS.ParticipationStructure)
        for figure in self.curation.figures:
            iri = self.iris.figure(self.meeting, figure.key)
            population = self.population(figure)
            bound = _BOUND[figure.bound]
            what = figure.population_name or figure.population.replace("-", " ")
            self.node(iri, [QB.Observation],
                      f"{what} in {figure.year}: {' '.join(figure.quote.span.exact.split())}")
            self.add(iri, QB.dataSet, dataset)
            self.add(iri, MOS.referenceYear, Lexical(str(figure.year), XSD.gYear))
            self.add(iri, MOS.population, population)
            self.add(iri, MOS.headcount, _integer(figure.number))
            self.add(iri, MOS.bound, bound)
            self.add(iri, MOS.atMeeting, self.meeting)
            self.derived(iri, figure.quote.span)

    def population(self, figure: Figure) -> URIRef:
        """The population a figure counts: the ontology's, or a concept of the population
        scheme named by the words of the report (the first name given to it is kept)."""
        if figure.population in _POPULATION:
            return _POPULATION[figure.population]
        assert figure.population_name is not None and figure.population_span is not None
        iri = self.iris.population(figure.population)
        if (iri, RDF.type, SKOS.Concept) not in self.graph:
            self.node(iri, [SKOS.Concept], figure.population_name)
            self.add(iri, SKOS.prefLabel, _en(figure.population_name))
            self.add(iri, SKOS.inScheme, MOS.PopulationScheme)
        self.derived(iri, figure.population_span)
        return iri


def _short(text: str, limit: int = 80) -> str:
    """A label for a long text: its first words, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
