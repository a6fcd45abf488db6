"""What changed between two meetings: who joined and left, what merged, started and ended.

:func:`diff_meetings` compares meeting A with a later meeting B of the same graph:

* **people joined / left**: present at B and not at A / present at A and not at B
  (``mos:Attendance`` with ``mos:attendanceStatus mos:Present``; someone who sent apologies
  was not present);
* **organisations joined / left**: the same for the organisations people were listed with
  (``mos:listedWith``);
* **groups merged**: each ``org:ChangeEvent`` informed by a decision (``prov:wasInformedBy``)
  taken at a meeting after A up to and including B, with its ``org:originalOrganization``;
* **work started**: work selected (a selection ``mos:Decision`` about it, or a
  ``mos:Selected`` status assessment) after A up to B, and what continues other work
  (``mos:continuationOf``) by a decision of that time;
* **work ended**: work assessed ``mos:Completed`` after A up to B, and work another one
  continues by a decision of that time.

>>> from mosgraph.sources import load_sources
>>> from mosgraph.build import build_graph
>>> graph = build_graph(load_sources())
>>> diff_meetings(graph, "2021-01-29", "2021-01-29")
Traceback (most recent call last):
mosgraph.errors.UsageError: meeting A (2021-01-29) must be earlier than meeting B (2021-01-29)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

from ..errors import UsageError
from ..meetings import Meeting, find_meeting, meetings
from ..vocab import MOS

__all__ = ["Change", "NetworkDiff", "diff_meetings"]


@dataclass(frozen=True)
class Change:
    """One change: what (``iri``, ``label``), in words (``detail``), and at which meeting."""

    iri: str
    label: str
    detail: str = ""
    meeting: str = ""


@dataclass
class NetworkDiff:
    """The changes from meeting ``a`` to meeting ``b``, each list sorted by label."""

    a: Meeting
    b: Meeting
    joined: list[Change] = field(default_factory=list)
    left: list[Change] = field(default_factory=list)
    organisations_joined: list[Change] = field(default_factory=list)
    organisations_left: list[Change] = field(default_factory=list)
    merged: list[Change] = field(default_factory=list)
    started: list[Change] = field(default_factory=list)
    ended: list[Change] = field(default_factory=list)

    SECTIONS = (("joined", "people joined"), ("left", "people left"),
                ("organisations_joined", "organisations joined"),
                ("organisations_left", "organisations left"),
                ("merged", "groups merged"), ("started", "work started"),
                ("ended", "work ended"))

    def rows(self) -> list[dict[str, str]]:
        """One flat row per change (for CSV and JSON)."""
        return [
            {"change": name, "iri": c.iri, "label": c.label, "detail": c.detail,
             "meeting": c.meeting}
            for name, _ in self.SECTIONS
            for c in getattr(self, name)
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": {"iri": str(self.a.iri), "date": _iso(self.a.date), "label": self.a.label},
            "to": {"iri": str(self.b.iri), "date": _iso(self.b.date), "label": self.b.label},
            **{name: [vars(c) for c in getattr(self, name)] for name, _ in self.SECTIONS},
        }

    def text(self) -> str:
        """The changes in plain lines, one section a line."""
        lines = [f"From {self.a.label} to {self.b.label}:"]
        for name, words in self.SECTIONS:
            changes = getattr(self, name)
            listed = "; ".join(
                c.label + (f" ({c.detail})" if c.detail else "") for c in changes) or "none"
            lines.append(f"  {words} ({len(changes)}): {listed}")
        return "\n".join(lines)


def diff_meetings(graph: Graph, a: str, b: str) -> NetworkDiff:
    """The changes from meeting ``a`` to the later meeting ``b`` (IRIs or dates)."""
    first, second = find_meeting(graph, a), find_meeting(graph, b)
    if (first.date or dt.date.min) >= (second.date or dt.date.min):
        raise UsageError(f"meeting A ({a}) must be earlier than meeting B ({b})")
    between = {m.iri for m in meetings(graph)
               if m.date is not None and first.date is not None and second.date is not None
               and first.date < m.date <= second.date}
    result = NetworkDiff(first, second)

    def label(node: Node | None) -> str:
        return str(graph.value(node, RDFS.label) or node)

    def at(record: Node | None) -> URIRef | None:
        value = graph.value(record, MOS.atMeeting) if record is not None else None
        return value if isinstance(value, URIRef) and value in between else None

    def changes(nodes: Iterable[URIRef], detail: str = "") -> list[Change]:
        return sorted((Change(str(n), label(n), detail) for n in set(nodes)),
                      key=lambda c: (c.label, c.iri))

    people_a, orgs_a = _present(graph, first.iri)
    people_b, orgs_b = _present(graph, second.iri)
    result.joined = changes(people_b - people_a)
    result.left = changes(people_a - people_b)
    result.organisations_joined = changes(orgs_b - orgs_a)
    result.organisations_left = changes(orgs_a - orgs_b)

    started: dict[tuple[URIRef, str], URIRef] = {}
    ended: dict[tuple[URIRef, str], URIRef] = {}
    for change in _uris(graph.subjects(RDF.type, ORG.ChangeEvent)):
        decision = graph.value(change, PROV.wasInformedBy)
        when = at(decision)
        if when is None:
            continue
        groups = sorted(label(o) for o in graph.objects(change, ORG.originalOrganization))
        result.merged.append(Change(str(change), " + ".join(groups), _date_of(graph, when),
                                    str(when)))
    for decision in _uris(graph.subjects(RDF.type, MOS.Decision)):
        when = at(decision)
        if when is None:
            continue
        kind = graph.value(decision, MOS.decisionKind)
        for subject in _uris(graph.objects(decision, DCTERMS.subject)):
            if kind == MOS.Selection:
                year = graph.value(decision, MOS.forYear)
                started[(subject, f"selected for {year}" if year else "selected")] = when
            for successor in _uris(graph.subjects(MOS.continuationOf, subject)):
                started[(successor, f"continues {label(subject)}")] = when
                ended[(subject, f"continued as {label(successor)}")] = when
    for status in _uris(graph.subjects(RDF.type, MOS.StatusAssessment)):
        when = at(status)
        value = graph.value(status, MOS.status)
        for work in _uris(graph.subjects(MOS.hasStatus, status)):
            if when is not None and value == MOS.Completed:
                ended[(work, "completed")] = when
            if when is not None and value == MOS.Selected and not any(
                    key[0] == work for key in started):
                year = graph.value(status, MOS.forYear)
                started[(work, f"selected for {year}" if year else "selected")] = when
    result.started = _listed(graph, started, label)
    result.ended = _listed(graph, ended, label)
    result.merged.sort(key=lambda c: (c.label, c.iri))
    return result


def _present(graph: Graph, meeting: URIRef) -> tuple[set[URIRef], set[URIRef]]:
    """The people present at ``meeting`` and the organisations they were listed with."""
    people: set[URIRef] = set()
    organisations: set[URIRef] = set()
    for record in _uris(graph.subjects(MOS.atMeeting, meeting)):
        if (record, MOS.attendanceStatus, MOS.Present) not in graph:
            continue
        person = graph.value(record, MOS.attendee)
        if isinstance(person, URIRef):
            people.add(person)
        organisations.update(_uris(graph.objects(record, MOS.listedWith)))
    return people, organisations


def _listed(graph: Graph, found: dict[tuple[URIRef, str], URIRef],
            label: Any) -> list[Change]:
    by_work: dict[URIRef, list[tuple[str, URIRef]]] = {}
    for (work, detail), when in found.items():
        by_work.setdefault(work, []).append((detail, when))
    listed = []
    for work, details in by_work.items():
        details.sort()
        words = "; ".join(f"{d}, {_date_of(graph, w)}" for d, w in details)
        listed.append(Change(str(work), label(work), words, str(details[-1][1])))
    return sorted(listed, key=lambda c: (c.label, c.iri))


def _date_of(graph: Graph, meeting: URIRef) -> str:
    value = graph.value(meeting, URIRef("https://schema.org/startDate"))
    return str(value) if value is not None else str(meeting)


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _uris(values: Iterable[object]) -> list[URIRef]:
    return sorted(v for v in values if isinstance(v, URIRef))
