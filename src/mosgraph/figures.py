"""Figures as reports write them: a number, the word that bounds it, and what it counts.

A number is written in digits, grouped by commas or spaces ("1,200", "1 200", "3000"), or in
words up to the thousands ("twelve", "forty-five", "two hundred and fifty"). The words before
it say how it relates to the true number (:data:`BOUND_WORDS`: "over 300" is more than 300,
"at least", "up to", "about", "almost", ...); a number with no such word is exact.

What a figure counts (its population) is named by the words that follow the number
("participants", "countries", "national statistical offices"): :func:`population_key` gives
the key of a population named so. Two populations are defined by the ontology and named by
their keys (:data:`POPULATIONS`): the members of a body's groups ("members in groups") and the
attendances at its expert meetings ("in attendance of expert meetings"); every other
population is minted from its words.

>>> [read_number(text) for text in ("1,200", "1 200", "3000", "twelve", "Forty-five",
...                                 "two hundred and fifty", "a thousand")]
[1200, 1200, 3000, 12, 45, 250, 1000]
>>> read_number("many") is None
True
>>> found = find_number("almost 400 members", before=11)
>>> found.number, found.bound, found.text
(400, 'approximately', 'almost 400')
>>> find_number("Registrations for the 2025 webinars reached 1,850").number  # not the year
1850
>>> population_key("members in groups"), population_key("National  Statistical Offices")
('group-members', 'national-statistical-offices')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .iris import slug

__all__ = [
    "BOUNDS",
    "BOUND_WORDS",
    "NUMBER",
    "POPULATIONS",
    "Found",
    "find_number",
    "named_population",
    "numbers",
    "population_key",
    "population_name",
    "read_number",
]

# how a number relates to the true one, by the words written before it
BOUND_WORDS = {
    "over": "more-than",
    "more than": "more-than",
    "above": "more-than",
    "exceeding": "more-than",
    "in excess of": "more-than",
    "at least": "at-least",
    "no fewer than": "at-least",
    "no less than": "at-least",
    "a minimum of": "at-least",
    "up to": "at-most",
    "at most": "at-most",
    "no more than": "at-most",
    "a maximum of": "at-most",
    "under": "fewer-than",
    "fewer than": "fewer-than",
    "less than": "fewer-than",
    "below": "fewer-than",
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "nearly": "approximately",
    "almost": "approximately",
    "close to": "approximately",
    "circa": "approximately",
    "an estimated": "approximately",
}
BOUNDS = ("exactly", "more-than", "at-least", "approximately", "at-most", "fewer-than")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
_WORDS = (rf"(?:(?:a\s+(?=hundred|thousand))?(?:{_WORD})(?!\w)"
          rf"(?:(?:\s+and\s+|[\s-]+)(?:{_WORD})(?!\w))*)")
# digits, grouped by commas or (no-break, thin) spaces in threes; or words
NUMBER = (r"(?<![\w.,/-])(?:\d{1,3}(?:(?:,|[ \u00a0\u2009\u202f])\d{3})+(?![\d,.]\d)|\d+"
          rf"(?![.,]\d)|{_WORDS})(?![\w-])")
_BOUND = (r"(?:(?:well|just|slightly|far|a\s+little)\s+)?(?P<bound>"
          + "|".join(sorted((w.replace(" ", r"\s+") for w in BOUND_WORDS), key=len,
                            reverse=True)) + ")")
_FIGURE = re.compile(rf"(?:\b{_BOUND}\s+)?(?P<number>{NUMBER})", re.I)

# the populations the ontology defines, and the words that name them
POPULATIONS = ("group-members", "expert-meeting-attendees")
_NAMED = (
    (re.compile(r"members?\s+(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?groups?", re.I), "group-members"),
    (re.compile(r"(?:in\s+attendance\s+(?:of|at)|participants?\s+(?:in|at)|attendees?\s+"
                r"(?:of|at))\s+(?:the\s+)?expert\s+meetings?", re.I), "expert-meeting-attendees"),
)


@dataclass(frozen=True)
class Found:
    """A number found in a text: its value, its bound, and where it is (with its bound)."""

    number: int
    bound: str
    start: int
    end: int
    text: str


def read_number(text: str) -> int | None:
    """The value of a number written in digits or words, or None."""
    text = " ".join(text.split()).lower()
    digits = re.sub(r"[,\s\u00a0\u2009\u202f]", "", text)
    if digits.isdigit():
        return int(digits)
    total = current = 0
    words = re.split(r"[\s-]+", text)
    if not words or words[-1] in ("a", "and"):
        return None
    for index, word in enumerate(words):
        if word == "a" and index == 0 and words[1] in _SCALES:
            current = 1
        elif word == "and" and index > 0:
            continue
        elif word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total, current = total + (current or 1) * 1000, 0
        else:
            return None
    return total + current


def _found(match: re.Match[str]) -> Found | None:
    number = read_number(match["number"])
    if number is None:
        return None
    bound = match["bound"]
    return Found(number, BOUND_WORDS[" ".join(bound.lower().split())] if bound else "exactly",
                 match.start(), match.end(), match.group())


def numbers(text: str) -> list[Found]:
    """The numbers of ``text``, each with its bound, in order."""
    return [f for m in _FIGURE.finditer(text) if (f := _found(m)) is not None]


def find_number(text: str, before: int | None = None) -> Found | None:
    """The number of a figure in ``text``: the last one before position ``before`` (where
    the words of its population start), or else the first one; None if there is none."""
    found = numbers(text)
    counts = [f for f in found if not _a_year(f)]
    found = counts or found  # "Registrations for the 2025 webinars reached 1,850"
    if before is not None:
        preceding = [f for f in found if f.end <= before]
        if preceding:
            return preceding[-1]
    return found[0] if found else None


def _a_year(found: Found) -> bool:
    return found.bound == "exactly" and re.fullmatch(r"(?:19|20)\d\d", found.text) is not None


def named_population(words: str) -> str | None:
    """The key of the ontology's population ``words`` name, or None."""
    text = " ".join(words.split())
    return next((key for pattern, key in _NAMED if pattern.fullmatch(text)), None)


def population_name(words: str) -> str:
    """The name of a population as written: spaces and a leading article tidied.

    >>> population_name("  the national\\n statistical offices")
    'national statistical offices'
    """
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(words.split()), flags=re.I)


def population_key(words: str) -> str:
    """The key of the population ``words`` name: the ontology's, or one minted from them."""
    return named_population(words) or slug(population_name(words))
