"""What the names, roles and headings of one report stand for.

A name is looked up in the report's curation first (what a person confirmed), then in the
register of organisations (:mod:`mosgraph.registry`), and otherwise read for what it says
itself: "Executive Board" in a report of an ESF meeting is the *ESF Executive Board*, a
board that is part of ESF; "Data Ethics Group" is a group; any other name is an
organisation named as written, of unknown kind (validation warns about it).

Roles written next to a name ("Chair", "co-Chair Executive Board", "chair BSTN",
"Executive Board member", "HLG-MOS secretariat", "observer") become a role in a body. A
role without a body is a role in the body that met when the event is one of its own
meetings (a meeting, session, retreat or summit); at a workshop, seminar or conference it
organises, the Chair chairs the event and holds no role in the body (``None``).

Headings of the annex say what the people listed under them are: "HLG-MOS members"
(members of a body), "Observers", "UNECE Secretariat" or "UNECE" (staff of an
organisation).

>>> from mosgraph.reader import parse_report
>>> report = parse_report("Report of the ESF workshop (1 March 2024)\\n")
>>> names = Resolver(report)
>>> names.meeting_body.name, names.meeting_body.kind
('ESF', None)
>>> [(role, body.name, body.kind) for role, body in names.roles("co-Chair Executive Board")]
[('co-chair', 'ESF Executive Board', 'board')]
>>> names.roles("Chair")  # the chair of a workshop, not of ESF
[('chair', None)]
>>> names.roles("Head of Methodology")
[]
>>> names.organisation("ONS").key, names.organisation("Statistics Zeta").kind
('ons', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .curation import Curation, Entity
from .iris import slug
from .registry import BODY_KINDS, Entry, Register, default_register, normalise
from .report import Report

__all__ = ["BODY_MEETINGS", "HeadingMeaning", "Resolver", "body_kind"]

# kinds of event that are meetings of the body itself (others it organises for a wider public)
BODY_MEETINGS = ("meeting", "session", "retreat", "summit")

_ROLE_WORDS = (
    (r"co-?chair(?:person|man|woman)?s?|co-?presidents?", "co-chair"),
    (r"vice-?chair(?:person|man|woman)?s?|vice-?presidents?|deputy\s+chair(?:person)?s?",
     "vice-chair"),
    (r"chair(?:person|man|woman)?s?|presidents?|conven[eo]rs?", "chair"),
    (r"members?", "member"),
    (r"observers?", "observer"),
    (r"secretary", "member"),
)
_ROLE = "|".join(f"(?:{pattern})" for pattern, _ in _ROLE_WORDS)
_ROLE_FIRST = re.compile(rf"(?P<role>{_ROLE})(?:\s*,?\s+(?:of\s+)?(?:the\s+)?(?P<body>.+))?",
                         re.I | re.S)
_ROLE_LAST = re.compile(rf"(?P<body>.+?)\s+(?P<role>{_ROLE})", re.I | re.S)
_BODY_WORDS = (
    (r"secretariat", "secretariat"),
    (r"(?:(?:executive|steering|management|advisory)\s+)?(?:board|bureau|council)"
     r"|steering\s+committee", "board"),
    (r"network", "network"),
    (r"communit(?:y|ies)", "community"),
    (r"high-level\s+group|hlg\b|hlg-\S+", "collaboration"),
    (r"group|team|task\s*force|working\s+party|committee", "group"),
)
# words of the names of offices, agencies and other organisations, which are not bodies
_OFFICE = re.compile(r"statisti|census|institut|office|agency|authority|ministry|bank|service"
                     r"|department|commission|fund|organi[sz]ation|university", re.I)
_GENERIC = re.compile(
    r"(?:(?:executive|steering|management|advisory|core|coordination|organi[sz]ing|programme"
    r"|program)\s+)*(?:board|bureau|secretariat|committee|council|team|group|network)",
    re.I)
_MEMBERS = re.compile(r"(?:(?P<before>.+?)\s+)?members?(?:\s+of\s+(?:the\s+)?(?P<after>.+))?",
                      re.I | re.S)
_OBSERVERS = re.compile(r"(?:(?P<before>.+?)\s+)?observers?", re.I | re.S)
_STAFF = re.compile(r"(?P<org>.+?)(?:\s+(?:secretariat|staff|team|participants|delegation"
                    r"|representatives?))?", re.I | re.S)


def body_kind(name: str) -> str | None:
    """The kind of body a name says it is, or None (an office is not a body: "Kenya
    National Bureau of Statistics", "Census Bureau", "Statistics Service").

    >>> body_kind("Data Ethics Group"), body_kind("ESF Executive Board"), body_kind("INSEE")
    ('group', 'board', None)
    >>> body_kind("National Bureau of Statistics of Nigeria")
    """
    if _OFFICE.search(name):
        return None
    for pattern, kind in _BODY_WORDS:
        if re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", name, re.I):
            return kind
    return None


@dataclass(frozen=True)
class HeadingMeaning:
    """What a heading of the annex says about the people listed under it."""

    members_of: Entry | None = None  # they (and their organisations) are members of a body
    observers_of: Entry | None = None  # they observe a body
    organisation: Entry | None = None  # people listed without an organisation work here


class Resolver:
    """Resolves the names of one report: curation, then register, then the name itself."""

    def __init__(self, report: Report, curation: Curation | None = None,
                 register: Register | None = None) -> None:
        self.report = report
        self.curation = curation or Curation(file="")
        self.register = register or default_register()
        self._by_key: dict[str, Entry] = {}
        found = self._known(report.body, ())
        if found is None:
            kind = body_kind(report.body)
            found = Entry(slug(report.body), report.body, kind)
        self.meeting_body = self._keep(found)
        chain = [found.key]
        parent = found.part_of
        while parent and parent not in chain:
            chain.append(parent)
            parent = (self.entry(parent) or Entry(parent, parent, None)).part_of
        self.context = tuple(chain)

    # --- entries ----------------------------------------------------------------------

    def entry(self, key: str) -> Entry | None:
        """The entry with ``key``: one seen in this report, a curated one or a registered one."""
        if key in self._by_key:
            return self._by_key[key]
        curated = next((e for e in self.curation.entities if e.key == key), None)
        if curated is not None:
            return self._keep(self._from_curation(curated))
        registered = self.register.get(key)
        return self._keep(registered) if registered else None

    def organisation(self, written: str) -> Entry:
        """The organisation or body a name as written stands for (never None)."""
        found = self._known(written, self.context) or self._inferred_body(written)
        return self._keep(found or Entry(slug(written), " ".join(written.split()), None))

    def body(self, written: str) -> Entry | None:
        """The body (board, group, secretariat, ...) a name stands for, or None."""
        if normalise(written) == normalise(self.report.body):
            return self.meeting_body
        found = self._known(written, self.context) or self._inferred_body(written)
        if found is None or found.kind not in BODY_KINDS:
            return None
        return self._keep(found)

    # --- roles and headings -----------------------------------------------------------

    @property
    def own_body(self) -> Entry | None:
        """The body a role or heading without one refers to: the body that met, at its own
        meetings; None (the event itself) at an event it organises."""
        return self.meeting_body if self.report.event_kind in BODY_MEETINGS else None

    def roles(self, written: str) -> list[tuple[str, Entry | None]]:
        """The roles in bodies a role as written next to a name stands for (maybe none);
        a body None is the event itself (see :attr:`own_body`)."""
        curated = self.curation.role_for(written)
        if curated is not None:
            body = self.entry(curated.of)
            return [(curated.role, body)] if body else []
        text = " ".join(written.split())
        for pattern in (_ROLE_FIRST, _ROLE_LAST):
            match = pattern.fullmatch(text)
            if match is None:
                continue
            role = _role_of(match.group("role"))
            if not match.group("body"):
                return [(role, self.own_body)]
            body = self.body(match.group("body"))
            return [(role, body)] if body else []
        body = self.body(text)
        return [("member", body)] if body else []

    def heading(self, written: str) -> HeadingMeaning:
        """What the annex heading ``written`` says about the people under it."""
        curated = self.curation.heading_for(written)
        if curated is not None:
            return HeadingMeaning(
                members_of=self.entry(curated.organisations_member_of)
                if curated.organisations_member_of else None,
                organisation=self.entry(curated.organisation) if curated.organisation else None,
            )
        text = " ".join(written.split()).rstrip(":").strip()
        if match := _MEMBERS.fullmatch(text):
            named = match.group("before") or match.group("after")
            body = self.body(named) if named else self.own_body
            return HeadingMeaning(members_of=body)
        if match := _OBSERVERS.fullmatch(text):
            named = match.group("before")
            body = self.body(named) if named else self.own_body
            return HeadingMeaning(observers_of=body)
        match = _STAFF.fullmatch(text)
        if match:  # "UNECE", "UNECE Secretariat": staff of an organisation
            found = self._known(match.group("org"), self.context)
            if found is not None and found.kind not in BODY_KINDS:
                return HeadingMeaning(organisation=self._keep(found))
        body = self.body(text)  # "Secretariat", "HLG-MOS Executive Board"
        return HeadingMeaning(members_of=body) if body is not None else HeadingMeaning()

    # --- helpers ----------------------------------------------------------------------

    def _keep(self, entry: Entry) -> Entry:
        kept = self._by_key.setdefault(entry.key, entry)
        for ref in (entry.part_of, entry.hosted_by):
            if ref and ref not in self._by_key:
                self.entry(ref)
        return kept

    def _known(self, written: str, within: tuple[str, ...]) -> Entry | None:
        curated = self.curation.organisation_for(written)
        if curated is not None:
            return self._from_curation(curated)
        return self.register.lookup(written, within=within)

    def _inferred_body(self, written: str) -> Entry | None:
        """A body not in the register, read from its name ("Executive Board", "X Group")."""
        name = " ".join(written.split())
        kind = body_kind(name)
        if kind is None:
            return None
        if _GENERIC.fullmatch(name):  # named relative to the body that met
            full = f"{self.report.body} {name}"
            return Entry(slug(full), full, kind, aliases=(name,), part_of=self.meeting_body.key)
        return Entry(slug(name), name, kind)

    def _from_curation(self, entity: Entity) -> Entry:
        country = entity.country
        if country:
            country = self.register.country_code(country) or country
        registered = self.register.get(entity.key)
        return Entry(entity.key, entity.name, entity.kind, entity.aliases, country,
                     registered.wikidata if registered else None, entity.part_of,
                     entity.hosted_by)


def _role_of(word: str) -> str:
    for pattern, role in _ROLE_WORDS:
        if re.fullmatch(pattern, word, re.I):
            return role
    raise AssertionError(word)
