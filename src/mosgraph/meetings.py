"""Which nodes of a graph are meetings: answered here once, for every module.

A meeting is an event that took place: a ``schema:Event`` (named by an IRI) with a
``schema:startDate``. An event a report only mentions, such as the meeting an online meeting
replaced, has no date and is not a meeting. Events of every kind count (a meeting, a
workshop, a seminar: ``mos:eventKind`` says which). The network projections, the catalogue
and the build summary all ask :func:`meetings`.

>>> from rdflib import Graph
>>> graph = Graph().parse(format="turtle", data='''
...     @prefix schema: <https://schema.org/> .
...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     <https://x.test/m1> a schema:Event ; rdfs:label "First" ;
...         schema:startDate "2021-01-29"^^xsd:date .
...     <https://x.test/m2> a schema:Event ; schema:startDate "2021-02-30"^^xsd:date .
...     <https://x.test/replaced> a schema:Event ; rdfs:label "Never held" .
... ''')
>>> [(m.label, m.date, m.written) for m in meetings(graph)]
[('https://x.test/m2', None, '2021-02-30'), ('First', datetime.date(2021, 1, 29), '2021-01-29')]
>>> find_meeting(graph, "2021-01-29").short
'29 January 2021'
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from .errors import InputError, UsageError
from .vocab import SCHEMA

__all__ = ["Meeting", "date_of", "dated", "find_meeting", "meeting_iris", "meetings"]


@dataclass(frozen=True)
class Meeting:
    """A meeting in the graph: its IRI, its date (``None`` when the date written, kept in
    ``written``, is not a valid date), and its label."""

    iri: URIRef
    date: dt.date | None
    label: str
    written: str = ""

    @property
    def short(self) -> str:
        """``29 January 2021`` (or the label when the date is unknown)."""
        return f"{self.date.day} {self.date:%B %Y}" if self.date else self.label


def meeting_iris(graph: Graph) -> dict[URIRef, str]:
    """The meetings of ``graph`` (events with a start date), each with its start date as
    written: the first part of :func:`meetings`, for who needs no more (labels are read one
    meeting at a time)."""
    events = set(graph.subjects(RDF.type, SCHEMA.Event))
    starts: dict[URIRef, str] = {}  # one scan of the dates: a store answers it at once
    for iri, start in graph.subject_objects(SCHEMA.startDate):
        if iri in events and isinstance(iri, URIRef):  # not: a meeting replaced, never held
            starts[iri] = min(starts.get(iri, str(start)), str(start))  # the same whatever
    return starts


def meetings(graph: Graph) -> list[Meeting]:
    """The meetings of ``graph``, by date (those whose date is not valid first)."""
    found = [Meeting(iri, date_of(start), str(graph.value(iri, RDFS.label) or iri), str(start))
             for iri, start in sorted(meeting_iris(graph).items())]
    return sorted(found, key=lambda m: (m.date or dt.date.min, str(m.iri)))


def dated(graph: Graph, *, file: str | os.PathLike[str] | None = None) -> list[Meeting]:
    """:func:`meetings`, each with a valid date; else :class:`~mosgraph.errors.InputError`
    naming the first that has none (and the line of ``file``, the graph's file, that
    writes it).

    >>> dated(Graph().parse(format="turtle", data='<https://x.test/m> a '
    ...     '<https://schema.org/Event> ; <https://schema.org/startDate> "2021-13-01" .'))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.InputError: the date of the meeting https://x.test/m is "2021-13-01", ...
    """
    found = meetings(graph)
    for meeting in found:
        if meeting.date is None:
            line = None
            if file is not None:
                try:
                    data = Path(file).read_bytes()
                except OSError:
                    data = b""
                at = data.find(meeting.written.encode("utf-8"))
                line = data.count(b"\n", 0, at) + 1 if at >= 0 else None
            raise InputError(f'the date of the meeting {meeting.label} is "{meeting.written}", '
                             "which is not a date (expected YYYY-MM-DD)",
                             file=None if file is None else str(file), line=line)
    return found


def find_meeting(graph: Graph, wanted: str) -> Meeting:
    """The meeting ``wanted`` names: its IRI, or its date (``2021-01-29``).

    >>> find_meeting(Graph(), "2021-01-29")
    Traceback (most recent call last):
    mosgraph.errors.UsageError: unknown meeting '2021-01-29': the graph has no meetings
    """
    known = meetings(graph)
    for meeting in known:
        if wanted in (str(meeting.iri), meeting.date.isoformat() if meeting.date else None):
            return meeting
    if not known:
        raise UsageError(f"unknown meeting '{wanted}': the graph has no meetings")
    listed = ", ".join(m.date.isoformat() if m.date else str(m.iri) for m in known[:10])
    more = f" and {len(known) - 10} more" if len(known) > 10 else ""
    raise UsageError(
        f"unknown meeting '{wanted}': expected a meeting IRI or date, one of {listed}{more}")


_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:T[\d:.]+)?(?:Z|[+-]\d{2}:\d{2})?\s*")


def date_of(value: object) -> dt.date | None:
    """The day a literal (``xsd:date`` or ``xsd:dateTime``, read from its lexical form)
    names, or ``None``.

    >>> date_of("2021-01-29"), date_of("2021-01-29T10:00:00Z"), date_of("2021-02-30")
    (datetime.date(2021, 1, 29), datetime.date(2021, 1, 29), None)
    """
    match = _DATE.fullmatch(str(value)) if value is not None else None
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
