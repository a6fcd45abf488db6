"""Load the curation of a report: facts that need human judgement, each anchored to a quote.

A curation file (YAML, one per report, ``data/curation/<report stem>.yaml``) is optional: a
report is built from its text and the register of organisations alone. The curation adds
what needs judgement: organisations, bodies and works the register does not know, what a
role or heading means when the text does not say, and the decisions, statuses, figures and
quotations a reader had to interpret. Every entry carries ``quote``: words of the report.
:func:`load_curation` finds each quote in the report text (line breaks and indentation in
the report may differ from the quote's spaces) and fails with the curation file and line
when one is missing. Keys may name entries of the register (``led-by: ons``).

An entry marked ``confirmed: false`` (as ``mosgraph curate`` drafts them) is a proposal: it
is checked like the others but not used; :attr:`Curation.proposed` lists it.

>>> from mosgraph.reader import parse_report
>>> report = parse_report(
...     "Report of the HLG-MOS meeting (1 March 2022)\\n\\nAnnex 1: Attendees\\n\\n"
...     "HLG-MOS members\\n\\n- Ana Lima (SZ)\\n")
>>> cur = parse_curation('''
... organisations:
...   - {key: statistics-zeta, name: Statistics Zeta, kind: national-statistical-office,
...      aliases: [SZ], quote: "Ana Lima (SZ)"}
... ''', report, file="c.yaml")
>>> cur.organisation_for("SZ").name
'Statistics Zeta'
>>> parse_curation('bodies: [{key: x, name: X, kind: group, quote: "not there"}]',
...                report, file="c.yaml")
Traceback (most recent call last):
mosgraph.errors.CurationError: c.yaml:1: quote not found in the report text: "not there"
>>> draft = parse_curation('bodies: [{key: x, name: X, kind: group, quote: "Ana Lima",'
...                        ' confirmed: false}]', report, file="c.yaml")
>>> draft.bodies, [(p.section, p.line, p.quote) for p in draft.proposed]
((), [('bodies', 1, 'Ana Lima')])
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CurationError
from .figures import (
    BOUND_WORDS,
    POPULATIONS,
    find_number,
    named_population,
    population_key,
    population_name,
)
from .registry import BODY_KINDS, ORGANISATION_KINDS, Register, default_register
from .report import Report, Span

__all__ = [
    "BODY_KINDS",
    "BOUND_WORDS",
    "DECISION_KINDS",
    "ORGANISATION_KINDS",
    "POPULATIONS",
    "ROLES",
    "STATUSES",
    "WORK_KINDS",
    "Curation",
    "Decision",
    "Entity",
    "Figure",
    "Heading",
    "Proposal",
    "Quote",
    "RoleMeaning",
    "Status",
    "find_words",
    "load_curation",
    "parse_curation",
]

WORK_KINDS = ("project", "activity", "work-programme")
ROLES = ("chair", "co-chair", "vice-chair", "member", "observer", "staff")
DECISION_KINDS = ("selection", "merge", "continuation", "discontinuation", "leadership",
                  "work-programme-approval", "support")
STATUSES = ("completed", "selected", "continuing", "discontinued", "pandemic-affected")


@dataclass(frozen=True)
class Quote:
    """Words of the report a curated fact rests on: where they are in the report (``span``)
    and on which line of the curation file they were written (``line``)."""

    text: str
    span: Span
    line: int


@dataclass(frozen=True)
class Entity:
    """An organisation, body or work in the register; an organisation of no known kind
    (``kind`` None) is one named as written."""

    key: str
    name: str
    kind: str | None
    aliases: tuple[str, ...]
    quote: Quote
    country: str | None = None
    part_of: str | None = None
    hosted_by: str | None = None


@dataclass(frozen=True)
class RoleMeaning:
    """What a role written next to a name means: ``role`` in the body ``of``."""

    text: str
    role: str
    of: str
    quote: Quote


@dataclass(frozen=True)
class Heading:
    """What a heading of the annex says about the people listed under it."""

    text: str
    quote: Quote
    organisations_member_of: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Decision:
    """A decision: ``about`` what; for a merge, the group the others merge ``into`` (one of
    them, or a new one); for a continuation, the body the work ``becomes``; who leads and
    supports the work decided (keys; one key is taken as a tuple of one)."""

    key: str
    kind: str
    about: tuple[str, ...]
    quote: Quote
    year: int | None = None
    becomes: str | None = None
    led_by: tuple[str, ...] = ()
    keeps_ties_with: str | None = None
    supported_by: tuple[str, ...] = ()
    into: str | None = None

    def __post_init__(self) -> None:
        for name in ("led_by", "supported_by"):
            value: object = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif value is None:
                object.__setattr__(self, name, ())


@dataclass(frozen=True)
class Status:
    about: tuple[str, ...]
    status: str
    quote: Quote
    year: int | None = None


@dataclass(frozen=True)
class Proposal:
    """An entry marked ``confirmed: false``: a fact proposed, not used until confirmed."""

    section: str
    line: int
    quote: str


@dataclass(frozen=True)
class Figure:
    """A figure; ``number`` and ``bound`` are read from the quote, not typed in.

    ``population`` is the key of what it counts: one of :data:`POPULATIONS` (defined by the
    ontology), or a key minted from the words of the report that name it; then
    ``population_name`` is those words and ``population_span`` where they are.
    """

    key: str
    population: str
    year: int
    number: int
    bound: str  # one of figures.BOUNDS: "exactly", "more-than", "at-least", ...
    quote: Quote
    population_name: str | None = None
    population_span: Span | None = None


@dataclass(frozen=True)
class Replaced:
    name: str
    location: str | None
    quote: Quote


@dataclass(frozen=True)
class Curation:
    """Everything curated for one report."""

    file: str
    organisations: tuple[Entity, ...] = ()
    bodies: tuple[Entity, ...] = ()
    works: tuple[Entity, ...] = ()
    roles: tuple[RoleMeaning, ...] = ()
    headings: tuple[Heading, ...] = ()
    purpose: Quote | None = None
    replaces: Replaced | None = None
    decisions: tuple[Decision, ...] = ()
    statuses: tuple[Status, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotations: tuple[tuple[str, Quote], ...] = ()
    proposed: tuple[Proposal, ...] = ()
    _alias_index: dict[str, Entity] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for entity in (*self.organisations, *self.bodies, *self.works):
            for alias in (entity.name, *entity.aliases):
                self._alias_index.setdefault(alias.casefold(), entity)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (*self.organisations, *self.bodies, *self.works)

    def organisation_for(self, written: str) -> Entity | None:
        """The organisation or body a name as written in the report stands for."""
        return self._alias_index.get(written.casefold())

    def role_for(self, written: str) -> RoleMeaning | None:
        """What a role as written next to a name means."""
        folded = written.casefold()
        return next((r for r in self.roles if r.text.casefold() == folded), None)

    def heading_for(self, written: str) -> Heading | None:
        folded = written.casefold()
        return next((h for h in self.headings if h.text.casefold() == folded), None)


def load_curation(path: str | os.PathLike[str], report: Report,
                  register: Register | None = None) -> Curation:
    """Read and check the curation file at ``path`` against ``report``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurationError("curation file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"cannot read the curation file: {exc}", file=str(path)) from exc
    return parse_curation(text, report, file=str(path), register=register)


def parse_curation(text: str, report: Report, *, file: str = "<curation>",
                   register: Register | None = None) -> Curation:
    """Check the curation ``text`` (YAML) against ``report`` and return it."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise CurationError(
            f"not valid YAML: {exc.problem}", file=file, line=line, column=column
        ) from exc
    except yaml.YAMLError as exc:
        raise CurationError(f"not valid YAML: {exc}", file=file) from exc
    except RecursionError:
        raise CurationError("nested too deeply to be a curation file", file=file) from None
    if data is None:
        data = _Map()
    if not isinstance(data, _Map):
        raise CurationError("expected a mapping of sections at the top level", file=file, line=1)
    return _Reader(file, report, data, register or default_register()).curation()


# --- YAML with line numbers ------------------------------------------------------------------


class _Map(dict[str, Any]):
    """A mapping that remembers the line of itself and of each of its keys."""

    line: int = 1
    lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.lines[str(key)] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


# --- checking --------------------------------------------------------------------------------


class _Reader:
    """Turns the parsed YAML into a :class:`Curation`, checking as it goes."""

    def __init__(self, file: str, report: Report, data: _Map, register: Register) -> None:
        self.file = file
        self.report = report
        self.data = data
        self.register = register
        self.proposed: list[Proposal] = []

    def fail(self, message: str, line: int | None) -> CurationError:
        return CurationError(message, file=self.file, line=line)

    def entries(self, section: str) -> Iterator[_Map]:
        value = self.data.get(section) or []
        if not isinstance(value, list):
            raise self.fail(f"expected a list under '{section}:'", self.data.lines.get(section))
        for item in value:
            if not isinstance(item, _Map):
                raise self.fail(f"expected each entry of '{section}:' to be a mapping",
                                self.data.lines.get(section))
            if self.confirmed(item):
                yield item
            else:
                quote = self.quote(item)  # a proposal's quote is checked all the same
                self.proposed.append(Proposal(section, item.line, quote.text))

    def confirmed(self, entry: _Map) -> bool:
        value = entry.get("confirmed", True)
        if not isinstance(value, bool):
            raise self.fail("expected 'confirmed:' to be true or false",
                            entry.lines.get("confirmed", entry.line))
        return value

    def text(self, entry: _Map, key: str, *, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing '{key}:'", entry.line)
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(f"expected text for '{key}:'", entry.lines.get(key, entry.line))
        return str(value)

    def req(self, entry: _Map, key: str) -> str:
        value = self.text(entry, key)
        assert value is not None
        return value

    def year(self, entry: _Map, *, required: bool = False) -> int | None:
        value = entry.get("year")
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2999:
            raise self.fail("expected 'year:' to be a four-digit year",
                            entry.lines.get("year", entry.line))
        return value

    def choice(self, entry: _Map, key: str, allowed: Iterable[str]) -> str:
        value = self.req(entry, key)
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.fail(
                f"unknown {key} '{value}'; expected one of: {', '.join(allowed)}",
                entry.lines.get(key, entry.line),
            )
        return value

    def keys(self, entry: _Map, key: str) -> tuple[str, ...]:
        value = entry.get(key)
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(f"expected '{key}:' to be a key or a list of keys",
                            entry.lines.get(key, entry.line))
        return tuple(value)

    def quote(self, entry: _Map) -> Quote:
        words = self.req(entry, "quote")
        line = entry.lines.get("quote", entry.line)
        span = find_words(self.report.text, words)
        if span is None:
            raise self.fail(f'quote not found in the report text: "{words}"', line)
        return Quote(words, Span.of(self.report.text, *span), line)

    # --- sections --------------------------------------------------------------------------

    def entity(self, entry: _Map, kinds: tuple[str, ...], *, kind_needed: bool = True) -> Entity:
        """An entry of organisations:, bodies: or works:. An organisation may leave out its
        kind: it is then an organisation named as written (validation warns about it)."""
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise self.fail("expected 'aliases:' to be a list of names",
                            entry.lines.get("aliases", entry.line))
        return Entity(
            key=self.req(entry, "key"),
            name=self.req(entry, "name"),
            kind=self.choice(entry, "kind", kinds)
            if kind_needed or entry.get("kind") is not None else None,
            aliases=tuple(aliases),
            quote=self.quote(entry),
            country=self.text(entry, "country", required=False),
            part_of=self.text(entry, "part-of", required=False),
            hosted_by=self.text(entry, "hosted-by", required=False),
        )

    def curation(self) -> Curation:
        known = (
            "organisations", "bodies", "works", "roles", "headings", "meeting", "decisions",
            "statuses", "figures", "quotations",
        )
        for key in self.data:
            if key not in known:
                raise self.fail(
                    f"unknown section '{key}:'; expected one of: {', '.join(known)}",
                    self.data.lines.get(key),
                )
        listed = {section: list(self.entries(section))
                  for section in ("organisations", "bodies", "works")}
        organisations = tuple(self.entity(e, ORGANISATION_KINDS, kind_needed=False)
                              for e in listed["organisations"])
        bodies = tuple(self.entity(e, BODY_KINDS) for e in listed["bodies"])
        works = tuple(self.entity(e, WORK_KINDS) for e in listed["works"])
        registered = {e.key for e in self.register.entries}
        groups = {e.key for e in (*organisations, *bodies)} | registered
        everything = groups | {e.key for e in works}
        seen: dict[str, int] = {}
        for entry in (*listed["organisations"], *listed["bodies"], *listed["works"]):
            key = str(entry.get("key"))
            if key in seen:
                raise self.fail(f"key '{key}' is used twice (first on line {seen[key]})",
                                entry.line)
            seen[key] = entry.line
            in_register = self.register.get(key)
            if in_register is not None and in_register.name != entry.get("name"):
                raise self.fail(
                    f"key '{key}' is the register's {in_register.name}: use the register's "
                    "name or another key", entry.line)
            for ref in ("part-of", "hosted-by"):
                self.known(entry, ref, groups)

        roles = tuple(
            RoleMeaning(self.req(e, "text"), self.choice(e, "role", ROLES),
                        self.known(e, "of", groups) or "", self.quote(e))
            for e in self.entries("roles")
        )
        headings = tuple(
            Heading(
                self.req(e, "text"),
                self.quote(e),
                organisations_member_of=self.known(e, "organisations-member-of", groups),
                organisation=self.known(e, "organisation", groups),
            )
            for e in self.entries("headings")
        )
        decisions = tuple(
            Decision(
                key=self.req(e, "key"),
                kind=self.choice(e, "kind", DECISION_KINDS),
                about=self.known_list(e, "about", everything),
                quote=self.quote(e),
                year=self.year(e),
                becomes=self.known(e, "becomes", groups),
                led_by=self.known_list(e, "led-by", groups) if "led-by" in e else (),
                keeps_ties_with=self.known(e, "keeps-ties-with", groups),
                supported_by=self.known_list(e, "supported-by", groups)
                if "supported-by" in e else (),
                into=self.known(e, "into", groups),
            )
            for e in self.entries("decisions")
        )
        statuses = tuple(
            Status(
                about=self.known_list(e, "about", everything),
                status=self.choice(e, "status", STATUSES),
                quote=self.quote(e),
                year=self.year(e),
            )
            for e in self.entries("statuses")
        )
        quotations = tuple((self.req(e, "speaker"), self.quote(e))
                           for e in self.entries("quotations"))
        purpose, replaces = self.meeting()
        return Curation(
            file=self.file,
            organisations=organisations,
            bodies=bodies,
            works=works,
            roles=roles,
            headings=headings,
            purpose=purpose,
            replaces=replaces,
            decisions=decisions,
            statuses=statuses,
            figures=self.figures(list(self.entries("figures"))),
            quotations=quotations,
            proposed=tuple(self.proposed),
        )

    def known(self, entry: _Map, key: str, keys: set[str]) -> str | None:
        value = self.text(entry, key, required=False)
        if value is not None and value not in keys:
            raise self.fail(f"'{key}: {value}' names no organisation, body or work of this file "
                            "or of the register", entry.lines.get(key, entry.line))
        return value

    def known_list(self, entry: _Map, key: str, keys: set[str]) -> tuple[str, ...]:
        values = self.keys(entry, key)
        for value in values:
            if value not in keys:
                raise self.fail(
                    f"'{key}: {value}' names no organisation, body or work of this file "
                    "or of the register",
                    entry.lines.get(key, entry.line),
                )
        return values

    def figures(self, entries: list[_Map]) -> tuple[Figure, ...]:
        """The figures: each population is one the ontology defines (by its key) or words of
        the figure's quote; or, for a figure that leaves them out ("up from about 1,900 in
        2023"), words another figure of this file takes from its quote."""
        written: dict[str, tuple[str, Span]] = {}  # key -> name and span, from any figure
        found: list[tuple[_Map, Quote, str, tuple[str, Span] | None]] = []
        for entry in entries:
            quote = self.quote(entry)
            population = self.req(entry, "population")
            at = None if population in POPULATIONS else _words_in(quote.text, population)
            said: tuple[str, Span] | None = None
            if at is not None:
                name = population_name(quote.text[at[0]:at[1]])
                said = (name, Span.of(self.report.text, quote.span.start + at[0],
                                      quote.span.start + at[1]))
                if named_population(name) is None:
                    written.setdefault(population_key(name), said)
            found.append((entry, quote, population, said))
        figures = []
        for entry, quote, population, words in found:
            key = population if population in POPULATIONS else population_key(population)
            if words is None and key not in POPULATIONS:
                words = written.get(key)
                if words is None:
                    raise self.fail(
                        f"'population: {population}' is neither one of "
                        f"{', '.join(POPULATIONS)} nor words of the quote (or of the quote of "
                        "another figure)",
                        entry.lines.get("population", entry.line))
            start = words[1].start - quote.span.start if words and \
                quote.span.start <= words[1].start < quote.span.end else None
            number = find_number(quote.text, start)
            if number is None:
                raise self.fail(f'no number in the quote of figure "{quote.text}"', quote.line)
            minted = key not in POPULATIONS
            figures.append(Figure(
                key=self.req(entry, "key"),
                population=key,
                year=self.year(entry, required=True) or 0,
                number=number.number,
                bound=number.bound,
                quote=quote,
                population_name=words[0] if minted and words else None,
                population_span=words[1] if minted and words else None,
            ))
        return tuple(figures)

    def meeting(self) -> tuple[Quote | None, Replaced | None]:
        meeting = self.data.get("meeting")
        if meeting is None:
            return None, None
        if not isinstance(meeting, _Map):
            raise self.fail("expected a mapping under 'meeting:'", self.data.lines.get("meeting"))
        purpose = meeting.get("purpose")
        replaces = meeting.get("replaces")
        for name, value in (("purpose", purpose), ("replaces", replaces)):
            if value is not None and not isinstance(value, _Map):
                raise self.fail(f"expected a mapping under '{name}:'", meeting.lines.get(name))
        if isinstance(purpose, _Map) and not self.confirmed(purpose):
            self.proposed.append(Proposal("meeting", purpose.line, self.quote(purpose).text))
            purpose = None
        if isinstance(replaces, _Map) and not self.confirmed(replaces):
            self.proposed.append(Proposal("meeting", replaces.line, self.quote(replaces).text))
            replaces = None
        return (
            self.quote(purpose) if isinstance(purpose, _Map) else None,
            Replaced(self.req(replaces, "name"), self.text(replaces, "location", required=False),
                     self.quote(replaces))
            if isinstance(replaces, _Map)
            else None,
        )


def find_words(text: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` occur in ``text``, letting any run of whitespace match any other."""
    start = text.find(words)
    if start >= 0:
        return start, start + len(words)
    parts = words.split()
    if not parts:
        return None
    match = re.search(r"\s+".join(re.escape(p) for p in parts), text)
    return (match.start(), match.end()) if match else None



def _words_in(text: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` occur in ``text`` as whole words, in any case and spacing."""
    parts = words.split()
    if not parts:
        return None
    match = re.search(r"(?<!\w)" + r"\s+".join(re.escape(p) for p in parts) + r"(?!\w)", text,
                      re.IGNORECASE)
    return (match.start(), match.end()) if match else None
