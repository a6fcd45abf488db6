"""Read HLG-MOS meeting reports (plain text) into the :mod:`mosgraph.report` dataclasses.

The layout is that of ``data/reports/hlg-mos-2021-01-29.txt``:

* the title, ``Report of the online HLG-MOS meeting (29 January 2021)``, is the first
  non-blank line (any body, any kind of event, a theme, a date range: see
  :mod:`mosgraph.titles`); paragraphs before the first heading are the preamble, and what
  they say about the event (place, attendance mode, the event it replaced, its purpose) is
  read by :mod:`mosgraph.eventfacts`;
* a heading is a short line (at most 80 characters, not ending in ``.``, ``;`` or ``,``)
  standing between blank lines; it opens a section that runs to the next heading;
* bullets start with ``-``, ``•`` or ``*``; a paragraph wraps onto the following lines
  until a blank line or the next bullet, and across a page break (blank lines) when it
  does not end in terminal punctuation and the next line starts with a lowercase letter;
* ``**bold**`` passages are quotes, and so are passages of three words or more between
  double quotation marks (``“...”``, ``"..."``, ``«...»``); shorter ones are names;
* the heading ``Annex ...: Attendees`` (or participants) starts the annex: sub-headings,
  bullets listing people as ``Name and Name (Organisation, role, representing Name)``,
  and an ``Apologies:`` line in the same grammar.

Every piece keeps its :class:`~mosgraph.report.Span` in the text. Only the standard
library is used, so that importing this module is cheap.

>>> report = parse_report(
...     "Report of the online HLG-MOS meeting (29 January 2021)\\n"
...     "\\n"
...     "Community\\n"
...     "\\n"
...     "- We should share\\n"
...     "  **our** experiences.\\n"
...     "\\n"
...     "Annex 1: Attendees:\\n"
...     "\\n"
...     "- Eric Deeben and Nicola Shearman (ONS, representing Ian Diamond)\\n"
...     "\\n"
...     "Apologies: Ian Diamond (ONS)\\n"
... )
>>> report.date, report.body, report.online
(datetime.date(2021, 1, 29), 'HLG-MOS', True)
>>> point = report.sections[0].points[0]
>>> point.text, point.span.exact, [q.exact for q in point.quotes]
('We should share our experiences.', 'We should share\\n  **our** experiences.', ['our'])
>>> [(a.name, a.organisation, a.representing) for a in report.attendees]
[('Eric Deeben', 'ONS', 'Ian Diamond'), ('Nicola Shearman', 'ONS', 'Ian Diamond')]
>>> [(a.name, a.organisation) for a in report.apologies]
[('Ian Diamond', 'ONS')]
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mosgraph.errors import ReportSyntaxError
from mosgraph.eventfacts import find_event_facts
from mosgraph.report import Apology, Attendee, Mention, Paragraph, Report, Section, Span
from mosgraph.titles import EXAMPLE, TitleError, TitlePart, read_title

__all__ = ["parse_report", "read_report"]

_LINE = re.compile(r"^.*$", re.M)
_CONTENT = re.compile(r"[^\s\ufeff](?:.*[^\s\ufeff])?")  # a line without outer spaces
_TRIMMED = re.compile(r"\S(?:.*\S)?", re.S)  # text, perhaps over lines, without outer spaces
_BULLET = re.compile(r"[-•*]\s+(?=\S)")
_TERMINAL = re.compile("[.!?:;\u2026][\"'\u201d\u2019\u00bb)\\]]*$")  # then closing quotes
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# words in quotation marks: said words when there are three or more ("the “Data Mesh” project"
# names a thing)
_QUOTED = re.compile(r"\u201c([^\u201c\u201d]+?)\u201d|(?<![\w\"])\"([^\"]+?)\"(?![\w\"])"
                     r"|\u00ab\s*([^\u00ab\u00bb]+?)\s*\u00bb", re.S)
_ANNEX = re.compile(r"annex\b.*\b(?:attendee|participant|attendance)"
                    r"|(?:list\s+of\s+)?(?:attendees|participants)(?:\s+list)?$"
                    r"|attendance(?:\s+list)?$", re.I)
_ABSENT = r"(?:apologies(?:\s+for\s+absence)?|regrets|excused|absent)"
# "Apologies:", "Apologies were received from:", "Apologies were received from X and Y"
_APOLOGIES = re.compile(
    rf"{_ABSENT}(?:\s+(?:were|was)\s+(?:received|sent|noted|given))?(?:\s+from)?\s*:\s*"
    r"|apologies\s+(?:were|was)\s+(?:received|sent)\s+from\s+", re.I)
_APOLOGIES_HEADING = re.compile(rf"{_ABSENT}(?:\s+received)?", re.I)

_NAME_STOP = re.compile(r"\s*[,;()]|\s+and(?=\s)")
_SEPARATOR = re.compile(r"(?:[,;]|and(?=\s))\s*")
_REPRESENTING = re.compile(
    r"(representing|on behalf of|replacing|substituting for|standing in for|alternate for"
    r"|deputi[sz]ing for)\b\s*(.*)", re.I | re.S)
_ROLE = re.compile(
    r"\b(?:co-chair|vice-chair|chairperson|chair|board|secretariat|secretary|member|head"
    r"|director|president|rapporteur|observer|coordinator|lead|convenor|manager|adviser"
    r"|advisor|chief|expert|bureau)s?\b",
    re.I,
)
# Statistical offices named "bureau" are organisations, not roles.
_NOT_ROLE = re.compile(r"\bbureau of (?:\w+ )?statistics\b|\b(?:statistics|census) bureau\b", re.I)


def read_report(path: str | os.PathLike[str]) -> Report:
    """Read the report in the UTF-8 file ``path``; ``Report.source`` is its file name.

    Line ends are kept as they are in the file, so every span is exact. A file that
    cannot be read, or is not UTF-8, raises :class:`ReportSyntaxError` naming it.

    >>> read_report("none.txt")
    Traceback (most recent call last):
    ...
    mosgraph.errors.ReportSyntaxError: none.txt: cannot read the report: No such file or directory
    """
    name = os.path.basename(os.fspath(path))
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        raise ReportSyntaxError(f"cannot read the report: {reason}", file=os.fspath(path)) from err
    try:
        text = data.decode("utf-8")  # no newline translation, as open(..., newline="")
    except UnicodeDecodeError as err:
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8", "replace")) + 1
        raise ReportSyntaxError(
            f"expected UTF-8 text, found the byte 0x{data[err.start]:02x}",
            file=name,
            line=data.count(b"\n", 0, err.start) + 1,
            column=column,
        ) from err
    return parse_report(text, name)


def parse_report(text: str, source: str = "<text>") -> Report:
    """Read a report from ``text``; ``source`` names it in the report and in errors.

    >>> report = parse_report("Report of the HLG-MOS meeting (2021-01-29)\\n\\nFocus\\n\\n- Go.")
    >>> report.title, report.date, report.online, report.sections[0].title
    ('Report of the HLG-MOS meeting (2021-01-29)', datetime.date(2021, 1, 29), False, 'Focus')
    >>> try:
    ...     parse_report("\\nMinutes of a meeting\\n", "r.txt")
    ... except ReportSyntaxError as err:
    ...     print(err)
    r.txt:2:21: expected the meeting date in parentheses at the end of the title
    """
    reader = _Reader(text, source)
    lines = reader.lines()
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    if first is None:
        raise reader.error(f"expected a title like {EXAMPLE}, found no text", len(text))
    title_line = lines[first]
    title = text[title_line.start : title_line.end]
    try:
        facts = read_title(title, title_line.start)
    except TitleError as err:
        raise reader.error(err.message, err.offset) from None

    preamble: list[Paragraph] = []
    sections: list[tuple[str, Span, list[Paragraph]]] = []
    blocks = reader.blocks(lines[first + 1 :])
    annex_title: str | None = None
    attendees: list[Attendee] = []
    apologies: list[Apology] = []
    for index, block in enumerate(blocks):
        if block.heading:
            heading, span = reader.heading(block)
            if _ANNEX.match(heading):
                annex_title = heading
                attendees, apologies = reader.annex(heading, blocks[index + 1 :])
                break
            sections.append((heading, span, []))
        else:
            (sections[-1][2] if sections else preamble).append(reader.paragraph(block))

    def mention(part: TitlePart | None) -> Mention | None:
        return Mention(part.value, Span.of(text, part.start, part.end)) if part else None

    describing = [p.span for p in preamble] + [
        p.span for _, _, paras in sections for p in paras if not p.is_point]
    event = find_event_facts(text, [(s.start, s.end) for s in describing], facts.kind.value,
                             mention(facts.mode))
    place = mention(facts.place) or event.place
    return Report(
        source=source,
        text=text,
        title=title,
        title_span=Span.of(text, title_line.start, title_line.end),
        date=facts.start,
        body=facts.body.value,
        preamble=tuple(preamble),
        sections=tuple(Section(t, span, tuple(paras)) for t, span, paras in sections),
        attendees=tuple(attendees),
        apologies=tuple(apologies),
        annex_title=annex_title,
        body_span=Span.of(text, facts.body.start, facts.body.end),
        kind=mention(facts.kind),
        theme=mention(facts.theme),
        end_date=facts.end,
        date_span=Span.of(text, facts.dates.start, facts.dates.end),
        place=place,
        mode=event.mode if event.mode or place is None else
        Mention("offline", place.span),
        replaced=event.replaced,
        purpose=event.purpose,
    )


@dataclass(frozen=True)
class _Line:
    """One line of the text: ``text[start:end]`` is its content without outer spaces."""

    number: int
    start: int
    end: int

    @property
    def blank(self) -> bool:
        return self.start == self.end


@dataclass
class _Block:
    """A heading or a paragraph: the ``(start, end)`` pieces of text on each of its lines."""

    pieces: list[tuple[int, int]]
    heading: bool = False
    is_point: bool = False

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


@dataclass(frozen=True)
class _Person:
    """A name read from a list of people, with the parenthetical of its group."""

    name: Span
    group: Span
    organisation: str | None = None
    roles: tuple[str, ...] = ()
    representing: str | None = None


class _Reader:
    """The text being read, its source name, and the helpers that read its parts."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def error(self, message: str, offset: int) -> ReportSyntaxError:
        """The error ``message`` located at ``offset`` in the text."""
        line, column = self.where(offset)
        return ReportSyntaxError(message, file=self.source, line=line, column=column)

    def where(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``."""
        return self.text.count("\n", 0, offset) + 1, offset - self.text.rfind("\n", 0, offset)

    def lines(self) -> list[_Line]:
        lines = []
        for number, match in enumerate(_LINE.finditer(self.text), 1):
            content = _CONTENT.search(self.text, match.start(), match.end())
            start, end = content.span() if content else (match.end(), match.end())
            lines.append(_Line(number, start, end))
        return lines

    def blocks(self, lines: list[_Line]) -> list[_Block]:
        """Group lines into headings and paragraphs (bullets, wrapped lines, page breaks)."""
        text = self.text
        blocks: list[_Block] = []
        current: _Block | None = None  # the paragraph the next line may continue
        blank_before = True
        for index, line in enumerate(lines):
            if line.blank:
                blank_before = True
                continue
            content = text[line.start : line.end]
            bullet = _BULLET.match(content)
            if (
                current is not None
                and bullet is None
                and (
                    not blank_before  # a wrapped line
                    or (  # a paragraph carried over a page break
                        content[0].islower()
                        and not _TERMINAL.search(text[current.pieces[-1][0] : current.end])
                    )
                )
            ):
                current.pieces.append((line.start, line.end))
            elif (
                bullet is None
                and blank_before
                and (index + 1 == len(lines) or lines[index + 1].blank)
                and len(content) <= 80
                and not content.endswith((".", ";", ","))
                and not _APOLOGIES.match(content)
            ):
                blocks.append(_Block([(line.start, line.end)], heading=True))
                current = None
            else:
                start = line.start + (bullet.end() if bullet else 0)
                current = _Block([(start, line.end)], is_point=bool(bullet))
                blocks.append(current)
            blank_before = False
        return blocks

    def heading(self, block: _Block) -> tuple[str, Span]:
        """The title of a heading without a trailing colon, and its span."""
        start, end = block.pieces[0]
        title = self.text[start:end].rstrip(":").rstrip()
        return title, Span.of(self.text, start, start + len(title))

    def paragraph(self, block: _Block) -> Paragraph:
        joined = " ".join(self.text[start:end] for start, end in block.pieces)
        quotes = sorted([
            *(Span.of(self.text, *match.span(1))
              for match in _BOLD.finditer(self.text, block.start, block.end)),
            *(Span.of(self.text, *match.span(match.lastindex or 1))
              for match in _QUOTED.finditer(self.text, block.start, block.end)
              if len(match.group(match.lastindex or 1).split()) >= 3),
        ])
        return Paragraph(
            text=_BOLD.sub(r"\1", joined),
            span=Span.of(self.text, block.start, block.end),
            is_point=block.is_point,
            quotes=tuple(quotes),
        )

    def annex(self, title: str, blocks: list[_Block]) -> tuple[list[Attendee], list[Apology]]:
        """Read the attendees and apologies from the blocks after the annex heading."""
        attendees: list[Attendee] = []
        apologies: list[Apology] = []
        heading = title
        listing_apologies = False
        for block in blocks:
            start = block.start
            if block.heading:
                heading = self.heading(block)[0]
                listing_apologies = bool(_APOLOGIES_HEADING.fullmatch(heading))
                continue
            if not block.is_point:
                match = _APOLOGIES.match(self.text, start, block.end)
                if match is None:
                    raise self.error(
                        "expected a sub-heading, a '- ' bullet listing attendees "
                        "or an 'Apologies:' line",
                        start,
                    )
                if match.end() == block.end:  # the list follows on bullet lines
                    listing_apologies = True
                    continue
                start = match.end()
            people = self.people(start, block.end)
            if listing_apologies or not block.is_point:
                apologies += (
                    Apology(_squash(p.name.exact), p.organisation, p.group, p.name) for p in people
                )
            else:
                attendees += (
                    Attendee(
                        _squash(p.name.exact),
                        p.organisation,
                        p.roles,
                        p.representing,
                        heading,
                        p.group,
                        p.name,
                    )
                    for p in people
                )
        return attendees, apologies

    def people(self, start: int, end: int) -> list[_Person]:
        """Read ``Name, Name and Name (parenthetical), Name (parenthetical); Name``.

        Names accumulate until a parenthetical, which they all share; at a ``;`` or at
        the end of the list each name still waiting is a group of its own (a bare name).
        """
        text = self.text
        people: list[_Person] = []
        waiting: list[Span] = []  # names awaiting their parenthetical
        position = start
        while True:
            stop = _NAME_STOP.search(text, position, end)
            mark = stop.group().strip() if stop else ""
            name_end = stop.start() if stop else end
            if stop is None and name_end - position > 1 and text[name_end - 1] == "." and \
                    not text[name_end - 3:name_end - 2].isspace():
                name_end -= 1  # the full stop that ends the list, not an initial ("A. B.")
            if name_end == position:
                found = repr(mark) if stop else "the end of the list"
                raise self.error(f"expected a name, found {found}", position)
            waiting.append(Span.of(text, position, name_end))
            if mark == ")":
                raise self.error("found ')' without a '(' before it", name_end)
            if stop is not None and mark == "(":
                opened = stop.end() - 1
                closed = self._closing(opened, end)
                group = Span.of(text, waiting[0].start, closed + 1)
                details = self._parenthetical(opened + 1, closed)
                people += (_Person(name, group, *details) for name in waiting)
                waiting = []
                position = self._skip_space(closed + 1, end)
                if position == end or (text[position] in ".,;" and position + 1 == end):
                    return people  # the list may end in a full stop
                separator = _SEPARATOR.match(text, position, end)
                if separator is None:
                    raise self.error("expected ',' or 'and' after ')'", position)
                position = separator.end()
                continue
            if mark in ("", ";"):
                people += (_Person(name, name) for name in waiting)
                waiting = []
            if stop is None:
                return people
            position = self._skip_space(stop.end(), end)

    def _skip_space(self, start: int, end: int) -> int:
        while start < end and self.text[start].isspace():
            start += 1
        return start

    def _closing(self, opened: int, end: int) -> int:
        """The offset of the ``)`` closing the ``(`` at ``opened``, nested ones skipped."""
        depth = 0
        for offset in range(opened, end):
            depth += {"(": 1, ")": -1}.get(self.text[offset], 0)
            if depth == 0:
                return offset
        line, column = self.where(opened)
        where = (
            f"line {line}, column {column}" if "\n" in self.text[opened:end] else f"column {column}"
        )
        raise self.error(f"expected ')' to close the parenthetical opened at {where}", end)

    def _parenthetical(
        self, start: int, end: int
    ) -> tuple[str | None, tuple[str, ...], str | None]:
        """Split ``text[start:end]`` at top-level commas: organisation, roles, represented."""
        parts: list[tuple[int, int]] = []
        depth, part_start = 0, start
        for offset in range(start, end):
            char = self.text[offset]
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                parts.append((part_start, offset))
                part_start = offset + 1
        parts.append((part_start, end))

        organisation: str | None = None
        roles: list[str] = []
        representing: str | None = None
        for part_start, part_end in parts:
            content = _TRIMMED.search(self.text, part_start, part_end)
            if content is None:
                raise self.error(
                    "expected an organisation, a role or 'representing NAME'", part_start
                )
            part = _squash(content.group())
            match = _REPRESENTING.match(part)
            if match:
                if not match.group(2):
                    raise self.error(f"expected a name after {match.group(1)!r}", content.end())
                if representing is not None:
                    raise self.error("expected one person represented, found two", content.start())
                representing = match.group(2)
            elif organisation is None and not _is_role(part):
                organisation = part
            else:
                roles.append(part)
        return organisation, tuple(roles), representing


def _is_role(part: str) -> bool:
    """Whether a part of a parenthetical names a role (``co-Chair Executive Board``)."""
    return bool(_ROLE.search(part)) and not _NOT_ROLE.search(part)


def _squash(text: str) -> str:
    """Collapse runs of whitespace (line breaks in wrapped names) into single spaces."""
    return " ".join(text.split())
