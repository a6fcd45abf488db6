"""The register of organisations of official statistics: names as reports write them, resolved.

The register (``data/registry/organisations.yaml``, shipped with mosgraph) lists national
statistical offices, international organisations and the bodies that meet (HLG-MOS, its
Executive Board, ...): for each its key (the end of its IRI), full name, kind, country
(ISO 3166-1 alpha-2), the names and abbreviations reports use, and its Wikidata item where
one was checked. :meth:`Register.lookup` finds an entry by a name as written, ignoring case,
spacing, accents on apostrophes and dashes, and a leading "the".

>>> register = default_register()
>>> register.lookup("ONS").name
'Office for National Statistics (United Kingdom)'
>>> register.lookup("statsnz").key, register.lookup("Statistics South Korea").country
('statsnz', 'KR')
>>> register.lookup("Executive Board") is None  # a short name needs its parent body
True
>>> register.lookup("Executive Board", within=["hlg-mos"]).name
'HLG-MOS Executive Board'
>>> register.lookup("CBS") is None  # shared by several offices: never an alias
True
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

__all__ = [
    "BODY_KINDS",
    "ORGANISATION_KINDS",
    "Entry",
    "Register",
    "default_register",
    "load_register",
    "normalise",
]

ORGANISATION_KINDS = ("national-statistical-office", "international-organisation")
BODY_KINDS = ("collaboration", "board", "secretariat", "group", "network", "community")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")


@dataclass(frozen=True)
class Entry:
    """An organisation or body: from the register, a curation file, or named as written.

    ``kind`` is None for an organisation known only by the name a report wrote.
    """

    key: str
    name: str
    kind: str | None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None
    part_of: str | None = None
    hosted_by: str | None = None
    short: tuple[str, ...] = ()  # names the reports of its parent body use


@dataclass(frozen=True)
class Register:
    """Organisations and bodies by key, and the countries their codes stand for."""

    entries: tuple[Entry, ...] = ()
    countries: Mapping[str, str] = field(default_factory=dict)
    file: str = "<register>"
    _by_key: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    _by_name: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    _by_compact: dict[str, Entry | None] = field(default_factory=dict, compare=False,
                                                 repr=False)
    _country_codes: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for code, country in self.countries.items():
            self._country_codes.setdefault(normalise(country), code)
        for entry in self.entries:
            self._by_key[entry.key] = entry
            for alias in (entry.name, *entry.aliases):
                self._by_name.setdefault(normalise(alias), entry)
                compact = _compact(alias)
                if self._by_compact.get(compact, entry) is not entry:
                    self._by_compact[compact] = None  # two entries: too ambiguous
                else:
                    self._by_compact[compact] = entry

    def get(self, key: str) -> Entry | None:
        return self._by_key.get(key)

    def country_code(self, written: str) -> str | None:
        """The code of a country as written: a code the register knows, or a country's
        name (spaces and case aside); else None.

        >>> register = Register(countries={"NL": "Netherlands"})
        >>> [register.country_code(w) for w in ("NL", " netherlands", "Atlantis")]
        ['NL', 'NL', None]
        """
        if written in self.countries:
            return written
        return self._country_codes.get(normalise(written))

    def lookup(self, written: str, *, within: Iterable[str] = ()) -> Entry | None:
        """The entry a name as written stands for, or None.

        ``within`` are the keys of the bodies the report is about (the body that met and
        those it belongs to): a short name such as "Executive Board" is looked up among
        the bodies that are part of them.
        """
        found = self._by_name.get(normalise(written)) or self._by_compact.get(_compact(written))
        if found is not None:
            return found
        wanted = normalise(written)
        context = list(within)
        for key in context:
            for entry in self.entries:
                if entry.part_of == key and wanted in {normalise(s) for s in entry.short}:
                    return entry
        return None


@lru_cache(maxsize=1 << 16)  # names are matched again and again against the register
def normalise(name: str) -> str:
    """A name folded for matching: case, spacing, apostrophes, dashes and a leading "the".

    >>> normalise("  The Sharing\u2013Tools  group ")
    'sharing-tools group'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub("[\u2018\u2019\u02bc`]", "'", text)
    text = re.sub("[\u2010-\u2015]", "-", text)
    text = " ".join(text.split())
    return re.sub(r"^the\s+", "", text).rstrip(".")


def _compact(name: str) -> str:
    return "".join(ch for ch in normalise(name) if ch.isalnum())


def load_register(path: str | os.PathLike[str]) -> Register:
    """Read and check the register at ``path`` (YAML); mistakes name the file and entry."""
    file = os.fspath(path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there is one
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the register: {exc}", file=file) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=file,
                         line=mark.line + 1 if mark else None) from exc
    if not isinstance(data, dict):
        raise InputError("expected sections countries:, organisations: and bodies:", file=file)
    countries = {str(k): str(v) for k, v in (data.get("countries") or {}).items()}
    entries: list[Entry] = []
    for section, kinds in (("organisations", ORGANISATION_KINDS), ("bodies", BODY_KINDS)):
        for item in data.get(section) or []:
            entries.append(_entry(item, kinds, countries, file))
    _check(entries, file)
    return Register(tuple(entries), countries, file)


def _entry(item: Any, kinds: tuple[str, ...], countries: Mapping[str, str],
           file: str) -> Entry:
    if not isinstance(item, dict) or not item.get("key") or not item.get("name"):
        raise InputError(f"expected an entry with key: and name:, found {item!r}", file=file)
    key = str(item["key"])

    def fail(message: str) -> InputError:
        return InputError(f"entry '{key}': {message}", file=file)

    kind = item.get("kind")
    if kind not in kinds:
        raise fail(f"unknown kind {kind!r}; expected one of: {', '.join(kinds)}")
    country = item.get("country")
    if country is not None and country not in countries:
        raise fail(f"unknown country code {country!r}; add it under countries:")
    wikidata = item.get("wikidata")
    if wikidata is not None and not _WIKIDATA.fullmatch(str(wikidata)):
        raise fail(f"expected a Wikidata item like Q41550, found {wikidata!r}")
    return Entry(
        key=key,
        name=str(item["name"]),
        kind=str(kind),
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        country=country,
        wikidata=str(wikidata) if wikidata else None,
        part_of=item.get("part-of"),
        hosted_by=item.get("hosted-by"),
        short=tuple(str(a) for a in item.get("short") or ()),
    )


def _check(entries: list[Entry], file: str) -> None:
    keys: set[str] = set()
    names: dict[str, str] = {}
    for entry in entries:
        if entry.key in keys:
            raise InputError(f"key '{entry.key}' is used twice", file=file)
        keys.add(entry.key)
        for alias in {normalise(a) for a in (entry.name, *entry.aliases)}:
            other = names.setdefault(alias, entry.key)
            if other != entry.key:
                raise InputError(f"the name '{alias}' stands for both '{other}' and "
                                 f"'{entry.key}': qualify it", file=file)
    for entry in entries:
        for ref in (entry.part_of, entry.hosted_by):
            if ref is not None and ref not in keys:
                raise InputError(f"entry '{entry.key}' refers to unknown key '{ref}'", file=file)


@cache
def default_register() -> Register:
    """The register shipped with mosgraph."""
    from .resources import registry_path

    return load_register(registry_path())
