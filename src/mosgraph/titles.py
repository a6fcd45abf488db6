"""Read the title line of a report: the body that met, the kind of event, theme, place, dates.

A title follows the pattern ``Report of the [online|virtual|hybrid|in-person] <body>
<meeting|workshop|seminar|session|conference|…> [on <theme>] [held in <place>] (<date or
date range>)``. Words that only qualify the event ("annual", "expert", "10th", "2023") may
stand before the body or the kind. Dates are ``29 January 2021``, ``29 Jan 2021``,
``January 29, 2021`` or ``2021-01-29``, and ranges of them: ``12-14 June 2023``,
``30 November - 2 December 2022``, ``2023-06-12 to 2023-06-14``.

>>> title = read_title("Report of the hybrid HLG-MOS Workshop on Data Integration "
...                    "(12-14 June 2023)")
>>> title.body.value, title.kind.value, title.theme.value, title.mode.value
('HLG-MOS', 'workshop', 'Data Integration', 'mixed')
>>> title.start, title.end
(datetime.date(2023, 6, 12), datetime.date(2023, 6, 14))
>>> read_title("Report of the HLG-MOS Executive Board meeting (5 Sept 2023)").body.value
'HLG-MOS Executive Board'
>>> try:
...     read_title("Report of the online HLG-MOS (2021-01-29)")
... except TitleError as err:
...     print(err.offset, err.message)  # doctest: +NORMALIZE_WHITESPACE
14 expected the kind of event (meeting, workshop, seminar, session, conference, ...) after
the body that met, found 'online HLG-MOS'

Offsets in the results count from the start of the string given (``offset`` adds to them),
so that the reader can turn them into spans of the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["TitleError", "TitleFacts", "TitlePart", "parse_dates", "read_title"]

EXAMPLE = "'Report of the online HLG-MOS meeting (29 January 2021)'"

# words for the kind of event, by the concept they name (see report.EVENT_KINDS)
_KINDS = {
    "meeting": "meeting", "workshop": "workshop", "seminar": "seminar", "session": "session",
    "conference": "conference", "webinar": "webinar", "symposium": "symposium",
    "forum": "forum", "retreat": "retreat", "sprint": "sprint",
    "consultation": "consultation", "round table": "round-table", "roundtable": "round-table",
    "round-table": "round-table", "summit": "summit", "hackathon": "hackathon",
    "plenary": "meeting",
}  # fmt: skip
_MODES = {
    "online": "online", "virtual": "online", "remote": "online", "hybrid": "mixed",
    "in-person": "offline", "in person": "offline", "face-to-face": "offline",
    "physical": "offline",
}  # fmt: skip
# words that only qualify the event: stripped from the body's name
_QUALIFIERS = (
    r"\d{4}|\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|annual|joint|expert|plenary|extraordinary|special|informal|regular|strategic"
    r"|technical|thematic|closing|opening|kick-off|final|interim|preparatory|coordination"
    r"|planning|mid-year|year-end|ad hoc|ad-hoc|high-level"
)
_EDGE_WORD = re.compile(
    r"(?:(?P<mode>" + "|".join(sorted(map(re.escape, _MODES), key=len, reverse=True)) + r")"
    r"|(?:" + _QUALIFIERS + r"))(?![\w-])",
    re.I,
)
_KIND = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, _KINDS), key=len, reverse=True)) +
    r")(?![\w-])",
    re.I,
)
# what may follow the kind: the end, a theme, a place
_AFTER_KIND = re.compile(r"\s*$|\s+on\s|\s*,?\s+(?:held\s+)?(?:in|at)\s", re.I)
_THEME = re.compile(r"\s+on\s+(?P<theme>.+?)(?:\s*,?\s+held\s+(?:in|at)\s+(?P<place>.+?))?\s*$",
                    re.I | re.S)
_PLACE = re.compile(r"\s*,?\s+(?:held\s+)?(?:in|at)\s+(?P<place>.+?)"
                    r"(?:\s+on\s+(?P<theme>.+?))?\s*$", re.I | re.S)
_OPENING = re.compile(r"report\s+(?:of|on)\s+(?:the\s+)?", re.I)
_DATE_AT_END = re.compile(r"\(([^()]*)\)\s*$")

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.I)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_TO = rf"\s*(?:[{_DASHES}]|\bto\b|\buntil\b|\band\b)\s*"
_MONTH = r"[^\W\d_]{3,}\.?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_RANGE = re.compile(rf"(\d{{4}}-\d{{1,2}}-\d{{1,2}})(?:\s*/\s*|\s+(?:to|until|[{_DASHES}])\s+"
                        rf"|\s*[\u2013\u2014]\s*)(\d{{4}}-\d{{1,2}}-\d{{1,2}})", re.I)
_DAY_FIRST = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?)?{_TO}"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})", re.I)
_MONTH_FIRST = re.compile(
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:,?\s+(?P<y1>\d{{4}}))?{_TO}"
    rf"(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})", re.I)
_ONE_DAY_FIRST = re.compile(rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})", re.I)
_ONE_MONTH_FIRST = re.compile(rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})",
                              re.I)


class TitleError(ValueError):
    """A title the reader cannot use; ``offset`` is where in the title the problem is."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class TitlePart:
    """A part of the title: its value and where it is (``start``, ``end``) in the string."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class TitleFacts:
    """What a title says."""

    body: TitlePart
    kind: TitlePart  # value: a kind of report.EVENT_KINDS
    dates: TitlePart  # value: the text in parentheses
    start: dt.date
    end: dt.date | None = None
    theme: TitlePart | None = None
    place: TitlePart | None = None
    mode: TitlePart | None = None  # value: online, offline or mixed


def read_title(title: str, offset: int = 0) -> TitleFacts:
    """Read ``title`` (one line, no outer spaces); offsets in the result add ``offset``.

    Raises :class:`TitleError` with the offset (plus ``offset``) of the problem.
    """
    date_match = _DATE_AT_END.search(title)
    if date_match is None:
        raise TitleError("expected the meeting date in parentheses at the end of the title",
                         offset + len(title))
    dates = parse_dates(date_match.group(1))
    where: TitlePart | None = None  # "(12-14 June 2023, Geneva)" or "(Geneva, 12 June 2023)"
    inside, at = date_match.group(1), date_match.start(1)
    for cut in (m.start() for m in re.finditer(",", inside)) if dates is None else ():
        first, second = inside[:cut], inside[cut + 1:]
        for when, place, place_at in ((first, second, cut + 1), (second, first, 0)):
            days = parse_dates(when)
            name = place.strip()
            if days and name[:1].isupper() and not any(ch.isdigit() for ch in name):
                dates = days
                start = at + place_at + place.find(name)
                where = TitlePart(name, offset + start, offset + start + len(name))
                break
        if dates is not None:
            break
    if dates is None:
        raise TitleError(
            "expected a date like '29 January 2021', '2021-01-29' or '12-14 June 2023', "
            f"found {date_match.group(1)!r}",
            offset + date_match.start(1),
        )
    opening = _OPENING.match(title)
    if opening is None:
        raise TitleError(f"expected a title like {EXAMPLE}", offset)
    start, end = opening.end(), date_match.start()
    while end > start and title[end - 1].isspace():
        end -= 1
    kind = next((k for k in _KIND.finditer(title, start, end)
                 if _AFTER_KIND.match(title[k.end():end] + " ")), None)
    if kind is None:
        raise TitleError(
            "expected the kind of event (meeting, workshop, seminar, session, conference, "
            f"...) after the body that met, found {title[start:end]!r}",
            offset + start,
        )
    mode: TitlePart | None = None
    body_start, body_end = start, kind.start()
    while body_end > body_start and title[body_end - 1].isspace():
        body_end -= 1
    while True:  # qualifiers and the mode before the body ...
        word = _EDGE_WORD.match(title, body_start, body_end)
        if word is None or not title[word.end():body_end][:1].isspace():
            break
        mode = _mode(word, offset) or mode
        body_start = _skip_space(title, word.end(), body_end)
    while True:  # ... and between the body and the kind
        word = next((w for w in _EDGE_WORD.finditer(title, body_start, body_end)
                     if not title[w.end():body_end].strip()
                     and title[w.start() - 1:w.start()].isspace()), None)
        if word is None:
            break
        mode = _mode(word, offset) or mode
        body_end = word.start()
        while body_end > body_start and title[body_end - 1].isspace():
            body_end -= 1
    body = title[body_start:body_end]
    if not any(ch.isalpha() for ch in body):
        raise TitleError(f"expected the name of the body that met before {kind.group()!r}",
                         offset + kind.start())
    theme = place = None
    tail = title[kind.end():end]
    found = _THEME.match(tail) or _PLACE.match(tail)
    if found:
        base = offset + kind.end()
        if found.group("theme"):
            theme = _part(found, "theme", base)
        if found.group("place"):
            place = _part(found, "place", base)
    place = place or where
    return TitleFacts(
        body=TitlePart(body, offset + body_start, offset + body_end),
        kind=TitlePart(_KINDS[" ".join(kind.group().lower().split())], offset + kind.start(),
                       offset + kind.end()),
        dates=TitlePart(date_match.group(1), offset + date_match.start(1),
                        offset + date_match.end(1)),
        start=dates[0],
        end=dates[1],
        theme=theme,
        place=place,
        mode=mode,
    )


def parse_dates(text: str) -> tuple[dt.date, dt.date | None] | None:
    """The first and last day in ``text`` (the last is None for one day), or None.

    >>> parse_dates("29 January 2021")
    (datetime.date(2021, 1, 29), None)
    >>> parse_dates("30 November - 2 December 2022")
    (datetime.date(2022, 11, 30), datetime.date(2022, 12, 2))
    >>> parse_dates("June 12-14, 2023")[1], parse_dates("2023-06-12 to 2023-06-14")[1]
    (datetime.date(2023, 6, 14), datetime.date(2023, 6, 14))
    >>> parse_dates("31 February 2022"), parse_dates("14-12 June 2023")
    (None, None)
    """
    text = _ORDINAL.sub("", _WEEKDAY.sub("", " ".join(text.split())))
    try:
        if match := _ISO.fullmatch(text):
            return _iso(match), None
        if match := _ISO_RANGE.fullmatch(text):
            first, last = _ISO.fullmatch(match[1]), _ISO.fullmatch(match[2])
            assert first is not None and last is not None
            return _ordered(_iso(first), _iso(last))
        for pattern in (_ONE_DAY_FIRST, _ONE_MONTH_FIRST):
            if match := pattern.fullmatch(text):
                return _day(match["d1"], match["m1"], match["y1"]), None
        for pattern in (_DAY_FIRST, _MONTH_FIRST):
            if match := pattern.fullmatch(text):
                return _ordered(
                    _day(match["d1"], match["m1"] or match["m2"], match["y1"] or match["y2"]),
                    _day(match["d2"], match["m2"] or match["m1"], match["y2"]))
    except (ValueError, StopIteration):
        return None
    return None


def _ordered(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date | None] | None:
    if last < first:
        return None
    return first, (last if last != first else None)


def _iso(match: re.Match[str]) -> dt.date:
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


def _day(day: str, month: str, year: str) -> dt.date:
    word = month.rstrip(".").lower()
    number = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(word))
    return dt.date(int(year), number, int(day))


def _mode(word: re.Match[str], offset: int) -> TitlePart | None:
    if not word.group("mode"):
        return None
    return TitlePart(_MODES[" ".join(word.group("mode").lower().split())],
                     offset + word.start(), offset + word.end())


def _part(match: re.Match[str], group: str, base: int) -> TitlePart:
    value = match.group(group).strip().strip("\"'\u201c\u201d\u2018\u2019")
    if group == "theme":  # "on the Management of ...": the theme is "Management of ..."
        value = re.sub(r"^the\s+", "", value, flags=re.I)
    start = match.start(group) + match.group(group).find(value)
    return TitlePart(value, base + start, base + start + len(value))


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start
