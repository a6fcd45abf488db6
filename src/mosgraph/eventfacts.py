"""What the text of a report says about the event itself: where, how people attended, what it
replaced and what it was for.

Only the paragraphs that describe the event are read: the preamble and the paragraphs that
are not bullet points (discussion points often talk about *other* meetings, such as "online
meetings mean that more are being able to participate"). A sentence counts when it is about
this event: its subject is the event ("The workshop was held in Geneva", "It took place
in Paris") and it is not about another one ("the next workshop will be held in Seoul").

* place: "was held / took place / was hosted ... in <Place>" (capitalised words, optionally
  ", <Country>");
* mode: "hybrid"; "held online / virtually / by videoconference"; "in person"; a place; and
  participants "joining online" (some of them: mixed; all of them: online);
* replacement: "<the usual meeting in New York> was replaced by <a shortened online
  meeting>" (the replaced event, its place, and the mode of this one);
* purpose: "The main goal of the meeting was to ...".

>>> text = ("The workshop was held in Geneva, Switzerland, with some participants joining "
...         "online. Next year it will be held in Seoul.")
>>> facts = find_event_facts(text, [(0, len(text))], "workshop")
>>> facts.place.value, facts.mode.value, facts.mode.span.exact
('Geneva, Switzerland', 'mixed', 'some participants joining online')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .report import Mention, Replacement, Span

__all__ = ["EventFacts", "find_event_facts", "place_at"]

_SENTENCE = re.compile(r"\S(?:.*?)(?:[.!?](?=\s|$)|$)", re.S)
_EVENT_WORDS = (r"meeting|workshop|seminar|session|conference|webinar|symposium|forum|retreat"
                r"|sprint|consultation|round[\s-]?table|summit|hackathon|event|gathering")
_ABOUT_THIS = re.compile(rf"^\s*(?:(?:the|this|our)\s+(?:[\w-]+\s+){{0,4}}?(?:{_EVENT_WORDS})\b"
                         rf"|it\b)", re.I)
_OTHER_EVENT = re.compile(rf"\b(?:previous|last|next|future|following|upcoming|earlier|usual"
                          rf"|coming|forthcoming|other)\s+(?:[\w-]+\s+){{0,2}}?"
                          rf"(?:{_EVENT_WORDS})s?\b", re.I)
_FUTURE = re.compile(r"\b(?:will|would|shall|to\s+be)\s+(?:\w+\s+)?(?:held|hosted|take\s+place)\b",
                     re.I)
_HELD = re.compile(
    r"\b(?:(?:was|were|has\s+been|had\s+been)\s+(?:\w+\s+){0,2}?"
    r"(?:held|hosted|organi[sz]ed|convened|conducted)|took\s+place|met|convened)\b", re.I)
_IN_WITHIN = re.compile(r"\s+(?:[\w'\u2019-]+\s+){0,5}?in\s+", re.I)
_ONLINE = re.compile(
    r"\b(?:(?:was|were)\s+(?:\w+\s+){0,2}?(?:held|conducted|organi[sz]ed|run)|took\s+place"
    r"|met)\s+(?:entirely\s+|fully\s+|only\s+)?(?:online|virtually|remotely"
    r"|by\s+video-?conference|via\s+(?:video-?conference|zoom|webex|(?:microsoft\s+)?teams"
    r"|skype|interactio))\b", re.I)
_IN_PERSON = re.compile(
    r"\b(?:(?:was|were)\s+(?:\w+\s+){0,2}?(?:held|conducted|organi[sz]ed)|took\s+place|met)"
    r"\s+(?:\w+\s+){0,2}?(?:in\s+person|face[\s-]to[\s-]face|on[\s-]site|physically)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_PEOPLE = (r"participants|delegates|members|attendees|speakers|colleagues|experts|people"
           r"|others|presenters|representatives")
_JOINING_ONLINE = re.compile(
    rf"\b(?:(?:(?P<all>all|every)|some|several|many|a\s+few|most|other|remote|\d+)\s+"
    rf"(?:\w+\s+){{0,2}}?)?(?:{_PEOPLE})\s+(?:\w+\s+){{0,3}}?"
    r"(?:join(?:ed|ing)?|connect(?:ed|ing)?|participat(?:ed|ing)|attend(?:ed|ing)"
    r"|follow(?:ed|ing)|took\s+part|taking\s+part)\s+(?:\w+\s+){0,2}?"
    r"(?:online|remotely|virtually|by\s+video(?:-?conference)?|via\s+\w+)\b", re.I)
_AND_ONLINE = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as|or)\s+(?:also\s+)?"
                         r"(?:online|virtually|remotely)\b", re.I)
_REPLACED = re.compile(
    r"(?P<what>\b(?:the|a|an|its|our|this)\s+[^.;,:]*?)\s+(?:was|were|has\s+been|had\s+been)"
    r"\s+replaced\s+by\s+(?P<by>(?:a|an|the)\s+[^.;]*?)(?=\s+on\s+\d|[.;]|$)", re.I | re.S)
_ONLINE_WORD = re.compile(r"\b(?:online|virtual|video-?conference|remote)\b", re.I)
_PURPOSE = re.compile(
    rf"^\s*(?:the\s+)?(?:(?:main|primary|overall|principal)\s+)?(?:goal|aim|purpose|objective)s?"
    rf"\s+of\s+(?:the|this)\s+(?:[\w-]+\s+){{0,3}}?(?:{_EVENT_WORDS})\s+(?:was|were|is)\b",
    re.I)
_IN_WORD = re.compile(r"\bin\s+", re.I)
_TOKEN = re.compile(r"[^\s,.;:()\[\]!?\"]+(?:\.(?=[^\s,.;:()]))?")
_CONNECTORS = {"de", "del", "della", "di", "da", "do", "la", "le", "les", "am", "an", "upon",
               "of", "sur", "en", "y", "el"}
_COUNTRY = re.compile(r",\s*([^\W\d_][\w'\u2019-]*)(?=\s*(?:[.,;:)]|$)|\s+[a-z])")
_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"}


@dataclass(frozen=True)
class EventFacts:
    """What the text says about the event (each fact with the words that say it)."""

    place: Mention | None = None
    mode: Mention | None = None  # value: online, offline or mixed
    replaced: Replacement | None = None
    purpose: Span | None = None


def find_event_facts(text: str, paragraphs: Sequence[tuple[int, int]], kind: str,
                     title_mode: Mention | None = None) -> EventFacts:
    """Read the facts about the event from the ``(start, end)`` paragraphs of ``text``.

    ``title_mode`` is the mode the title gives, if any: it wins over the text, except
    that an event the title calls in-person is mixed when the text says participants
    joined online.
    """
    place: Mention | None = None
    replaced: Replacement | None = None
    purpose: Span | None = None
    cues: dict[str, Span] = {}  # "online", "offline", "mixed", "some-online", "all-online"
    for start, end in paragraphs:
        for sentence in _SENTENCE.finditer(text, start, end):
            s_start, s_end = sentence.span()
            words = sentence.group()
            if purpose is None and _PURPOSE.match(words):
                purpose = Span.of(text, s_start, s_end)
            found = _REPLACED.search(words)
            if found and replaced is None:
                replaced = _replacement(text, s_start, found)
                if _ONLINE_WORD.search(found.group("by")):
                    cues.setdefault("online", Span.of(text, s_start + found.start("by"),
                                                      s_start + found.end("by")))
            about_this = bool(_ABOUT_THIS.match(words)) and not _OTHER_EVENT.search(words) \
                and not _FUTURE.search(words)
            for match in _JOINING_ONLINE.finditer(words):
                key = "all-online" if match.group("all") else "some-online"
                cues.setdefault(key, Span.of(text, s_start + match.start(),
                                             s_start + match.end()))
            if not about_this:
                continue
            if hybrid := _HYBRID.search(words):
                cues.setdefault("mixed", Span.of(text, s_start + hybrid.start(),
                                                 s_start + hybrid.end()))
            if online := _ONLINE.search(words):
                cues.setdefault("online", Span.of(text, s_start + online.start(),
                                                  s_start + online.end()))
            if in_person := _IN_PERSON.search(words):
                cues.setdefault("offline", Span.of(text, s_start + in_person.start(),
                                                   s_start + in_person.end()))
            held = _HELD.search(words)
            if held and place is None:
                where = _place_after(text, s_start + held.end(), s_end)
                if where:
                    place = Mention(text[where[0]:where[1]], Span.of(text, *where))
                    cues.setdefault("offline", Span.of(text, s_start + held.start(), where[1]))
                    if also := _AND_ONLINE.match(text, where[1], s_end):
                        cues.setdefault("mixed", Span.of(text, s_start + held.start(),
                                                         also.end()))
    return EventFacts(place, _mode(cues, title_mode), replaced, purpose)


def _mode(cues: dict[str, Span], title: Mention | None) -> Mention | None:
    """The attendance mode from the title and the cues of the text."""
    if title is not None:
        if title.value == "offline" and "some-online" in cues:
            return Mention("mixed", cues["some-online"])
        return title
    for value, keys in (("mixed", ("mixed",)), ("online", ("all-online",))):
        for key in keys:
            if key in cues:
                return Mention(value, cues[key])
    if "some-online" in cues:
        return Mention("mixed", cues["some-online"])
    if "online" in cues and "offline" in cues:
        return Mention("mixed", cues["online"])
    for value in ("online", "offline"):
        if value in cues:
            return Mention(value, cues[value])
    return None


def _replacement(text: str, base: int, found: re.Match[str]) -> Replacement:
    what = found.group("what")
    name = re.sub(r"^(?:the|a|an|its|our|this)\s+", "", " ".join(what.split()), flags=re.I)
    start = base + found.start("what")
    place = None
    for word in _IN_WORD.finditer(text, start, base + found.end("what")):
        where = place_at(text, word.end(), base + found.end("what"))
        if where:
            place = Mention(text[where[0]:where[1]], Span.of(text, *where))
            break
    return Replacement(name[:1].upper() + name[1:], Span.of(text, start, base + found.end("by")),
                       place)


def _place_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first place named after "in" within a few words of ``start``."""
    position = start
    while (found := _IN_WITHIN.match(text, position, end)) is not None:
        where = place_at(text, found.end(), end)
        if where:
            return where
        position = found.end() - 1
    return None


def place_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The ``(start, end)`` of a place name beginning at ``start``: capitalised words (with
    connectors such as "de" or "upon"), then perhaps ", Country". None when there is none.

    >>> text = "held in Rio de Janeiro, Brazil, on 3 May"
    >>> start, end = place_at(text, 8, len(text))
    >>> text[start:end]
    'Rio de Janeiro, Brazil'
    >>> place_at("held in June 2023", 8, 17), place_at("held in person", 8, 14)
    (None, None)
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    if tokens and text[tokens[0][0]:tokens[0][1]] == "the":
        tokens = tokens[1:]
    taken: list[tuple[int, int]] = []
    for index, (t_start, t_end) in enumerate(tokens):
        word = text[t_start:t_end]
        gap = text[(taken[-1][1] if taken else t_start):t_start]
        if taken and gap.strip():  # punctuation between words ends the name
            break
        capitalised = word[0].isupper() and word.lower() not in _MONTH_NAMES
        connecting = bool(taken) and word in _CONNECTORS and index + 1 < len(tokens) and \
            text[tokens[index + 1][0]].isupper()
        if not (capitalised or connecting):
            break
        taken.append((t_start, t_end))
    if not taken:
        return None
    place_end = taken[-1][1]
    country = _COUNTRY.match(text, place_end, end)
    if country and country.group(1)[0].isupper() and \
            country.group(1).lower() not in _MONTH_NAMES:
        place_end = country.end(1)
    return taken[0][0], place_end
