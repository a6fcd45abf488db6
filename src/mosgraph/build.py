"""Turn reports and their curation into one RDF graph (no I/O here).

What a report says is read by :mod:`mosgraph.reader`; what needs judgement comes from
:mod:`mosgraph.curation`. This module maps both onto the vocabulary: standard terms first
(W3C ORG, FOAF, PROV-O, schema.org, DCTERMS, SKOS, Web Annotation, Data Cube) and ``mos:``
terms where no standard says it. Every n-ary node (attendance, membership, decision, status
assessment, statement, quotation, observation) gets ``prov:wasDerivedFrom`` a span of the
report: an ``oa:SpecificResource`` with a position, a quote and an RFC 5147 line selector.

No blank nodes are made, so that the same inputs always give the same triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS

from .curation import Curation
from .errors import CurationError, ReportSyntaxError
from .iris import Minter
from .report import Attendee, Paragraph, Report, Span
from .vocab import MOS, OA, QB, RFC5147, SCHEMA

__all__ = ["NAMESPACES", "build_graph"]


NAMESPACES: dict[str, str] = {
    "mos": str(MOS),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "oa": str(OA),
    "qb": str(QB),
}

_CLASS_OF_KIND = {
    # every organisation is also typed org:Organization, so that queries and shapes need no
    # inference to find them
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
_ROLE = {"chair": MOS.Chair, "co-chair": MOS.CoChair, "vice-chair": MOS.ViceChair,
         "member": MOS.Member, "observer": MOS.Observer, "staff": MOS.Staff}
_POST_ROLES = {"chair": "Chair", "co-chair": "Co-chair", "vice-chair": "Vice-chair"}
_DECISION = {
    "selection": MOS.Selection,
    "merge": MOS.Merge,
    "continuation": MOS.Continuation,
    "work-programme-approval": MOS.WorkProgrammeApproval,
    "support": MOS.Support,
}
_STATUS = {
    "completed": MOS.Completed,
    "selected": MOS.Selected,
    "continuing": MOS.Continuing,
    "pandemic-affected": MOS.PandemicAffected,
}
_POPULATION = {"group-members": MOS.GroupMembers,
               "expert-meeting-attendees": MOS.ExpertMeetingAttendees}
_BOUND = {"exactly": MOS.Exactly, "more-than": MOS.MoreThan, "fewer-than": MOS.FewerThan,
          "approximately": MOS.Approximately}


def build_graph(sources: Sequence[tuple[Report, Curation]], *, base: str | None = None) -> Graph:
    """Build the graph of one or more reports, each with its curation.

    Raises :class:`~mosgraph.errors.CurationError` (naming the curation file) or
    :class:`~mosgraph.errors.ReportSyntaxError` (naming the report line) when a name in a
    report is not in the register, or two curations disagree about one key.
    """
    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace)
    iris = Minter(base)
    registered: dict[str, tuple[str, str]] = {}
    for report, curation in sources:
        for entity in curation.entities:
            previous = registered.setdefault(entity.key, (entity.name, curation.file))
            if previous[0] != entity.name:
                raise CurationError(
                    f"'{entity.key}' is named '{entity.name}' here but '{previous[0]}' in "
                    f"{previous[1]}",
                    file=curation.file,
                    line=entity.quote.line,
                )
        _ReportBuilder(graph, iris, report, curation).build()
    return graph


@dataclass
class _ReportBuilder:
    graph: Graph
    iris: Minter
    report: Report
    curation: Curation

    # --- small helpers ---------------------------------------------------------------------

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal | None) -> None:
        if obj is not None:
            self.graph.add((subject, predicate, obj))

    def node(self, iri: URIRef, types: Iterable[URIRef], label: str) -> URIRef:
        for rdf_type in types:
            self.graph.add((iri, RDF.type, rdf_type))
        self.graph.set((iri, RDFS.label, Literal(label)))
        return iri

    def span(self, span: Span) -> URIRef:
        """The oa:SpecificResource for ``span`` of this report (made once)."""
        iri = self.iris.span(self.report_iri, span.start, span.end)
        if (iri, RDF.type, OA.SpecificResource) in self.graph:
            return iri
        self.node(iri, [OA.SpecificResource], f"{self.report.source}, line {span.line}")
        self.add(iri, OA.hasSource, self.report_iri)
        position = self.iris.selector(iri, "position")
        self.node(position, [OA.TextPositionSelector], f"characters {span.start}-{span.end}")
        # xsd:integer (not oa's xsd:nonNegativeInteger): every store keeps it as written, so a
        # copy out of Oxigraph (which rewrites integer subtypes) is the same graph
        self.add(position, OA.start, Literal(span.start, datatype=XSD.integer))
        self.add(position, OA.end, Literal(span.end, datatype=XSD.integer))
        quote = self.iris.selector(iri, "quote")
        self.node(quote, [OA.TextQuoteSelector], "exact text")
        self.add(quote, OA.exact, Literal(span.exact))
        lines = self.iris.selector(iri, "lines")
        self.node(lines, [OA.FragmentSelector], f"lines {span.line}-{span.end_line}")
        self.add(lines, DCTERMS.conformsTo, RFC5147)
        self.add(lines, RDF.value, Literal(f"line={span.line - 1},{span.end_line}"))
        for selector in (position, quote, lines):
            self.add(iri, OA.hasSelector, selector)
        return iri

    def derived(self, subject: URIRef, span: Span) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.span(span))

    def entity(self, key: str) -> URIRef:
        found = next(e for e in self.curation.entities if e.key == key)
        return self.iris.work(key) if found.kind in ("project", "activity",
                                                     "work-programme") else \
            self.iris.organisation(key)

    def resolve(self, written: str, span: Span) -> URIRef:
        """The organisation a name as written in the report stands for."""
        found = self.curation.organisation_for(written)
        if found is None:
            raise ReportSyntaxError(
                f"unknown organisation '{written}': add it to the register (organisations:) "
                f"of {self.curation.file}",
                file=self.report.source,
                line=span.line,
            )
        return self.entity(found.key)

    def person(self, name: str) -> URIRef:
        iri = self.node(self.iris.person(name), [FOAF.Person], name)
        self.add(iri, FOAF.name, Literal(name))
        return iri

    # --- the parts of a report ----------------------------------------------------------------

    def build(self) -> None:
        report = self.report
        self.report_iri = self.iris.report(report.source.rsplit(".", 1)[0])
        body = self.curation.organisation_for(report.body)
        if body is None:
            raise ReportSyntaxError(
                f"unknown body '{report.body}' in the title: add it to the register (bodies:) "
                f"of {self.curation.file}",
                file=report.source,
                line=report.title_span.line,
            )
        self.body_iri = self.entity(body.key)
        self.meeting = self.iris.meeting(report.body, report.date.isoformat())
        self.register()
        self.document()
        self.meeting_node()
        self.attendance()
        self.statements()
        self.decisions()
        self.statuses()
        self.figures()

    def register(self) -> None:
        for entity in self.curation.entities:
            iri = self.node(self.entity(entity.key), _CLASS_OF_KIND[entity.kind], entity.name)
            self.add(iri, SKOS.prefLabel, Literal(entity.name, lang="en"))
            for alias in entity.aliases:
                if alias != entity.name:
                    self.add(iri, SKOS.altLabel, Literal(alias, lang="en"))
            self.derived(iri, entity.quote.span)
            if entity.part_of:
                self.add(iri, ORG.subOrganizationOf, self.entity(entity.part_of))
            if entity.hosted_by:
                self.add(iri, ORG.unitOf, self.entity(entity.hosted_by))
            if entity.country:
                country = self.node(self.iris.place(entity.country), [SCHEMA.Country],
                                    entity.country)
                self.add(country, SCHEMA.name, Literal(entity.country, lang="en"))
                self.add(iri, SCHEMA.areaServed, country)

    def document(self) -> None:
        report, iri = self.report, self.report_iri
        self.node(iri, [FOAF.Document, SCHEMA.Report, PROV.Entity], report.title)
        self.add(iri, DCTERMS.title, Literal(report.title, lang="en"))
        self.add(iri, DCTERMS.identifier, Literal(report.source))
        self.add(iri, SCHEMA.sha256,
                 Literal(hashlib.sha256(report.text.encode("utf-8")).hexdigest()))
        self.add(iri, DCTERMS.format, Literal("text/plain"))
        self.add(iri, SCHEMA.about, self.meeting)

    def meeting_node(self) -> None:
        report, meeting = self.report, self.meeting
        label = f"{'online ' if report.online else ''}{report.body} meeting, " \
                f"{report.date.day} {report.date:%B %Y}"
        self.node(meeting, [SCHEMA.Event, PROV.Activity], label[0].upper() + label[1:])
        self.add(meeting, SCHEMA.name, Literal(label[0].upper() + label[1:], lang="en"))
        self.add(meeting, SCHEMA.startDate, Literal(report.date.isoformat(), datatype=XSD.date))
        self.add(meeting, SCHEMA.organizer, self.body_iri)
        mode = SCHEMA.OnlineEventAttendanceMode if report.online else \
            SCHEMA.OfflineEventAttendanceMode
        self.add(meeting, SCHEMA.eventAttendanceMode, mode)
        self.derived(meeting, report.title_span)
        if self.curation.purpose:
            self.add(meeting, SCHEMA.description,
                     Literal(" ".join(self.curation.purpose.span.exact.split()), lang="en"))
        replaced = self.curation.replaces
        if replaced:
            usual = self.node(self.iris.replaced_meeting(meeting), [SCHEMA.Event], replaced.name)
            self.add(usual, SCHEMA.name, Literal(replaced.name, lang="en"))
            if replaced.location:
                place = self.node(self.iris.place(replaced.location), [SCHEMA.Place],
                                  replaced.location)
                self.add(place, SCHEMA.name, Literal(replaced.location, lang="en"))
                self.add(usual, SCHEMA.location, place)
            self.add(meeting, DCTERMS.replaces, usual)
            self.add(meeting, SCHEMA.eventStatus, SCHEMA.EventMovedOnline)
            self.derived(usual, replaced.quote.span)

    # --- attendance, representation and memberships -------------------------------------------

    def attendance(self) -> None:
        report, meeting = self.report, self.meeting
        for attendee in report.attendees:
            person = self.person(attendee.name)
            organisation = self.organisation_of(attendee)
            record = self.node(self.iris.attendance(meeting, person), [MOS.Attendance],
                               f"{attendee.name} at the {self.meeting_label}")
            self.add(record, MOS.attendee, person)
            self.add(record, MOS.atMeeting, meeting)
            self.add(record, MOS.attendanceStatus, MOS.Present)
            self.add(record, MOS.listedWith, organisation)
            self.add(record, MOS.listedUnder, Literal(attendee.heading))
            for role in attendee.roles:
                self.add(record, MOS.statedRole, Literal(role))
            self.derived(record, attendee.span)
            self.add(meeting, SCHEMA.attendee, person)
            if attendee.representing:
                represented = self.person(attendee.representing)
                self.add(record, MOS.onBehalfOf, represented)
                self.add(person, PROV.actedOnBehalfOf, represented)
                # the same, qualified: on behalf of whom, at which meeting
                delegation = self.node(self.iris.delegation(record), [PROV.Delegation],
                                       f"{attendee.name} for {attendee.representing} at the "
                                       f"{self.meeting_label}")
                self.add(person, PROV.qualifiedDelegation, delegation)
                self.add(delegation, PROV.agent, represented)
                self.add(delegation, PROV.hadActivity, meeting)
                self.derived(delegation, attendee.span)
            if organisation is not None:
                self.membership(person, organisation, "staff", attendee.span)
            for role_text in attendee.roles:
                meaning = self.curation.role_for(role_text)
                if meaning is None:
                    raise ReportSyntaxError(
                        f"unknown role '{role_text}' next to {attendee.name}: say what it means "
                        f"under roles: in {self.curation.file}",
                        file=report.source,
                        line=attendee.span.line,
                    )
                body = self.entity(meaning.of)
                self.membership(person, body, meaning.role, attendee.span)
                if meaning.role == "chair" and body == self.body_iri:
                    self.add(meeting, MOS.chairedBy, person)
            heading = self.curation.heading_for(attendee.heading)
            if heading and heading.organisations_member_of and organisation is not None:
                self.membership(organisation, self.entity(heading.organisations_member_of),
                                "member", attendee.span)
        member_heading = next(
            (h for h in self.curation.headings if h.organisations_member_of), None)
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
                organisation = self.resolve(apology.organisation, apology.span)
                self.add(record, MOS.listedWith, organisation)
                self.membership(person, organisation, "staff", apology.span)
                if member_heading and member_heading.organisations_member_of:
                    self.membership(organisation,
                                    self.entity(member_heading.organisations_member_of),
                                    "member", apology.span)

    @property
    def meeting_label(self) -> str:
        return f"{self.report.body} meeting of {self.report.date.isoformat()}"

    def organisation_of(self, attendee: Attendee) -> URIRef | None:
        if attendee.organisation:
            return self.resolve(attendee.organisation, attendee.span)
        heading = self.curation.heading_for(attendee.heading)
        if heading and heading.organisation:
            return self.entity(heading.organisation)
        return None

    def membership(self, member: URIRef, organisation: URIRef, role: str, span: Span) -> None:
        iri = self.iris.membership(member, organisation, role)
        member_label = self.graph.value(member, RDFS.label)
        org_label = self.graph.value(organisation, RDFS.label)
        self.node(iri, [ORG.Membership], f"{member_label}, {role} of {org_label}")
        self.add(iri, ORG.member, member)
        self.add(iri, ORG.organization, organisation)
        self.add(iri, ORG.role, _ROLE[role])
        self.derived(iri, span)
        self.add(member, ORG.memberOf, organisation)
        if role in _POST_ROLES:
            key = str(organisation).rsplit("/", 1)[-1]
            post = self.node(self.iris.post(key, role), [ORG.Post],
                             f"{_POST_ROLES[role]} of {org_label}")
            self.add(post, ORG.postIn, organisation)
            self.add(post, ORG.role, _ROLE[role])
            self.add(post, ORG.heldBy, member)
            self.add(member, ORG.holds, post)
            if role != "vice-chair":
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
            self.add(topic, SKOS.prefLabel, Literal(section.title, lang="en"))
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
                self.add(iri, SCHEMA.text, Literal(paragraph.text, lang="en"))
                self.add(iri, SCHEMA.position, Literal(position))
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
                    quotation = self.node(self.iris.quotation(meeting, quote_number),
                                          [SCHEMA.Quotation], _short(quoted.exact))
                    self.add(quotation, SCHEMA.text, Literal(quoted.exact, lang="en"))
                    self.add(quotation, SCHEMA.isPartOf, iri)
                    if speaker:
                        self.add(quotation, SCHEMA.spokenByCharacter, self.person(speaker))
                    self.derived(quotation, quoted)

    def decisions(self) -> None:
        for decision in self.curation.decisions:
            iri = self.iris.decision(self.meeting, decision.key)
            about = [self.entity(key) for key in decision.about]
            names = ", ".join(str(self.graph.value(a, RDFS.label)) for a in about)
            kind = _DECISION[decision.kind]
            self.node(iri, [MOS.Decision, PROV.Activity],
                      f"{decision.kind.replace('-', ' ')}: {names}")
            self.add(iri, MOS.decisionKind, kind)
            for subject in about:
                self.add(iri, DCTERMS.subject, subject)
            self.add(iri, MOS.atMeeting, self.meeting)
            self.add(iri, PROV.wasAssociatedWith, self.body_iri)
            self.add(iri, SCHEMA.text, Literal(" ".join(decision.quote.span.exact.split()),
                                              lang="en"))
            if decision.year:
                self.add(iri, MOS.forYear, Literal(str(decision.year), datatype=XSD.gYear))
            self.derived(iri, decision.quote.span)
            if decision.kind == "merge":
                change = self.node(self.iris.change(self.meeting, decision.key),
                                   [ORG.ChangeEvent], f"Merge of {names}")
                for subject in about:
                    self.add(change, ORG.originalOrganization, subject)
                self.add(change, PROV.wasInformedBy, iri)
                self.derived(change, decision.quote.span)
            for subject in about:
                target = self.entity(decision.becomes) if decision.becomes else subject
                if decision.becomes:
                    self.add(target, MOS.continuationOf, subject)
                if decision.led_by:
                    self.add(target, MOS.ledBy, self.entity(decision.led_by))
                if decision.keeps_ties_with:
                    self.add(target, MOS.keepsTiesWith, self.entity(decision.keeps_ties_with))
                if decision.supported_by:
                    self.add(target, MOS.supportedBy, self.entity(decision.supported_by))

    def statuses(self) -> None:
        for status in self.curation.statuses:
            for key in status.about:
                subject = self.entity(key)
                iri = self.iris.status(self.meeting, subject, status.status)
                value = _STATUS[status.status]
                self.node(iri, [MOS.StatusAssessment],
                          f"{self.graph.value(subject, RDFS.label)}: "
                          f"{status.status.replace('-', ' ')}")
                self.add(subject, MOS.hasStatus, iri)
                self.add(iri, MOS.status, value)
                self.add(iri, MOS.atMeeting, self.meeting)
                if status.year:
                    self.add(iri, MOS.forYear, Literal(str(status.year), datatype=XSD.gYear))
                if status.led_by:
                    self.add(iri, MOS.ledBy, self.entity(status.led_by))
                self.derived(iri, status.quote.span)

    def figures(self) -> None:
        if not self.curation.figures:
            return
        dataset = self.node(self.iris.dataset(f"{self.report.body} participation"),
                            [QB.DataSet], f"Participation in {self.report.body}")
        self.add(dataset, QB.structure, MOS.ParticipationStructure)
        for figure in self.curation.figures:
            iri = self.iris.figure(self.meeting, figure.key)
            population = _POPULATION[figure.population]
            bound = _BOUND[figure.bound]
            self.node(iri, [QB.Observation],
                      f"{figure.population.replace('-', ' ')} in "
                      f"{figure.year}: {' '.join(figure.quote.span.exact.split())}")
            self.add(iri, QB.dataSet, dataset)
            self.add(iri, MOS.referenceYear, Literal(str(figure.year), datatype=XSD.gYear))
            self.add(iri, MOS.population, population)
            self.add(iri, MOS.headcount, Literal(figure.number, datatype=XSD.integer))
            self.add(iri, MOS.bound, bound)
            self.add(iri, MOS.atMeeting, self.meeting)
            self.derived(iri, figure.quote.span)


def _short(text: str, limit: int = 80) -> str:
    """A label for a long text: its first words, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

