"""The model of a report as read from its text: plain frozen dataclasses, no RDF.

Every piece carries a :class:`Span`, the exact place in the report text it was read from,
so that the graph built from it can say where each fact came from.

>>> text = "Title\\n\\n- a point\\n"
>>> span = Span.of(text, 9, 16)
>>> span.exact, span.line
('a point', 3)
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

__all__ = [
    "EVENT_KINDS",
    "MODES",
    "Apology",
    "Attendee",
    "Mention",
    "Paragraph",
    "Replacement",
    "Report",
    "Section",
    "Span",
]

# The kinds of event a title may name, and the attendance modes a report may state.
EVENT_KINDS = (
    "meeting", "workshop", "seminar", "session", "conference", "webinar", "symposium",
    "forum", "retreat", "sprint", "consultation", "round-table", "summit", "hackathon",
)  # fmt: skip
MODES = ("online", "offline", "mixed")


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``text[start:end]`` of the report (Python code points), on line ``line``.

    ``line`` is the 1-based line on which the span starts; ``end_line`` where it ends.
    """

    start: int
    end: int
    line: int
    end_line: int
    exact: str = field(compare=False)

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]`` with its line numbers computed from ``text``."""
        newlines = _newlines(text)  # looked up, not counted: linear in the report's size
        line = bisect.bisect_left(newlines, start) + 1
        end_line = bisect.bisect_left(newlines, end) + 1 if end > start else line
        return cls(start, end, line, end_line, text[start:end])


@functools.lru_cache(maxsize=8)
def _newlines(text: str) -> list[int]:
    """The offsets of the newlines of ``text`` (of the few texts being read)."""
    return [found.start() for found in re.finditer("\n", text)]


@dataclass(frozen=True)
class Mention:
    """Something the report states, as a value (``value``) and the words that state it."""

    value: str
    span: Span


@dataclass(frozen=True)
class Replacement:
    """An event the report says this one replaced ("the usual meeting in New York was
    replaced by a shortened online meeting"): its description, where it would have been
    held, and the clause that says so (``span``)."""

    name: str
    span: Span
    place: Mention | None = None


@dataclass(frozen=True)
class Paragraph:
    """A bullet point or a free paragraph.

    ``text`` has wrapped lines joined by single spaces and ``**`` quote marks removed;
    ``quotes`` are the spans of the ``**bold**`` passages (without the asterisks).
    """

    text: str
    span: Span
    is_point: bool
    quotes: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and what stands under it until the next heading."""

    title: str
    span: Span
    paragraphs: tuple[Paragraph, ...]

    @property
    def points(self) -> tuple[Paragraph, ...]:
        """The bullet points of the section, in order."""
        return tuple(p for p in self.paragraphs if p.is_point)


@dataclass(frozen=True)
class Attendee:
    """One person listed in the annex of attendees.

    ``span`` covers the whole group the person is listed in (names and the parenthetical
    they share); ``name_span`` covers the name alone.
    """

    name: str
    organisation: str | None
    roles: tuple[str, ...]
    representing: str | None
    heading: str
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Apology:
    """One person listed on the apologies line."""

    name: str
    organisation: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Report:
    """Everything read from one report.

    Besides the title's date and body, the event itself: its ``kind`` (one of
    :data:`EVENT_KINDS`, read from the title), its theme ("workshop on <theme>"), the last
    day of a date range, where it was held, its attendance ``mode`` (one of :data:`MODES`,
    from the title or the text: "hybrid", "held in Geneva, with participants joining
    online"), the event it replaced and its purpose; each with the words that state it.
    """

    source: str  # file name the report was read from (no directories)
    text: str
    title: str
    title_span: Span
    date: dt.date
    body: str  # the body that met, as named in the title, e.g. "HLG-MOS"
    preamble: tuple[Paragraph, ...]  # paragraphs before the first heading
    sections: tuple[Section, ...]
    attendees: tuple[Attendee, ...]
    apologies: tuple[Apology, ...]
    annex_title: str | None = None
    body_span: Span | None = None
    kind: Mention | None = None  # value: one of EVENT_KINDS
    theme: Mention | None = None
    end_date: dt.date | None = None  # the last day, when the title gives a range
    date_span: Span | None = None
    place: Mention | None = None
    mode: Mention | None = None  # value: one of MODES; None when the report does not say
    replaced: Replacement | None = None
    purpose: Span | None = None

    @property
    def online(self) -> bool:
        """Whether the report says the event was held online (no one in a room)."""
        return self.mode is not None and self.mode.value == "online"

    @property
    def event_kind(self) -> str:
        """The kind of event (``meeting`` when the title names none we know)."""
        return self.kind.value if self.kind else "meeting"

    def as_json(self) -> dict[str, object]:
        """The JSON shape printed by ``mosgraph read --json``."""
        return {
            "title": self.title,
            "date": self.date.isoformat(),
            "event": {
                "body": self.body,
                "kind": self.event_kind,
                "theme": self.theme.value if self.theme else None,
                "end_date": self.end_date.isoformat() if self.end_date else None,
                "place": self.place.value if self.place else None,
                "mode": self.mode.value if self.mode else None,
                "replaced": self.replaced.name if self.replaced else None,
            },
            "sections": [
                {"title": s.title, "points": [p.text for p in s.points]} for s in self.sections
            ],
            "attendees": [
                {
                    "name": a.name,
                    "organisation": a.organisation,
                    "roles": list(a.roles),
                    "representing": a.representing,
                    "heading": a.heading,
                }
                for a in self.attendees
            ],
            "apologies": [
                {"name": a.name, "organisation": a.organisation} for a in self.apologies
            ],
        }
