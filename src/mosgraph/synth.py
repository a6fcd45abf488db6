"""A deterministic generator of realistic meetings, for benchmarks and tests at scale.

The generator invents a world: a high-level group (``HLG-SYN``) with an executive board, a
secretariat hosted by an international organisation, expert groups, projects and
activities, and about thirty statistical offices whose people come and go. It then writes
the report of each meeting in the layout :mod:`mosgraph.reader` reads, together with the
curation a person would add, and builds them with :func:`mosgraph.build.build_graph`. So a
synthetic graph has the vocabulary, IRIs and node shapes of the real one, and every named
query has something to find in it: chairs, co-chairs, people attending on behalf of their
heads, projects selected each year and completed later, groups merging, figures, and the
pandemic years.

Names are made from syllables; the same ``seed`` always gives the same graph.

>>> graph = synthesize(4, seed=7)  # four yearly plenaries: ~1,500 triples each
>>> 3000 < len(graph) < 10000
True
>>> set(graph) == set(synthesize(4, seed=7))
True
>>> [report.title for report, _ in synthetic_sources(2)]  # doctest: +NORMALIZE_WHITESPACE
['Report of the HLG-SYN meeting (5 January 2015)',
 'Report of the online HLG-SYN meeting (5 January 2020)']

Meetings are mostly small (expert groups and the board, with a yearly plenary), and every
attendance, point and decision carries its provenance span (17 triples): a corpus has
about 185 triples a meeting, so 1,000 meetings make about 185,000 triples.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .build import build_graph, build_triples
from .curation import Curation, Decision, Entity, Figure, Heading, Quote, RoleMeaning, Status
from .iris import slug
from .ntriples import Writer
from .reader import parse_report
from .report import Report, Span

__all__ = ["synthesize", "synthetic_sources", "usable_cores", "write_synthetic"]

_START = dt.date(2015, 1, 5)
_ERA_DAYS = 3652  # meetings are spread over ten years unless there are more than this
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SYLLABLES = (
    "ka", "lo", "mi", "ra", "sen", "tor", "vi", "an", "del", "ru", "ma", "no", "el", "is",
    "be", "ta", "go", "li", "fa", "ro", "zu", "wen", "shi", "pa", "do", "ne", "kir", "sa",
    "vel", "ho", "ju", "len", "mar", "ti", "os", "bra", "dan", "fe", "gu", "ib", "jo",
    "kas", "lu", "mo", "nu", "ol", "pe", "ri", "su", "ty", "ur", "va", "wo", "ya", "ze",
)
_THEMES = (
    "Data Integration", "Sharing Tools", "Supporting Standards", "Capability and Communication",
    "Data Architecture", "Machine Learning", "Synthetic Data", "Input Privacy",
    "Web Scraping", "Cloud Computing", "Data Editing", "Linked Open Data",
    "Earth Observation", "Mobile Phone Data", "Statistical Chatbots", "Record Linkage",
    "Nowcasting", "Data Visualisation", "Text Classification", "Small Area Estimation",
    "Open Source Software", "Data Ethics", "Register-Based Census", "Metadata Systems",
    "Quality Frameworks", "Geospatial Integration", "Scanner Data", "Imputation Methods",
)
_PROJECT_KINDS = ("Guide", "Framework", "Toolkit", "Pilot", "Handbook")
_ACTIVITIES = ("StatsBot", "Code Sharing", "Training Catalogue", "Methods Library",
               "Data Science Campus", "Privacy Sandbox")
_TOPICS = ("Community", "Implementation", "Communication", "Data sources", "Privacy and trust",
           "Skills", "Tools", "Standards", "Funding", "Reflecting", "Focus {year}", "Risks")
_POINTS = (
    "We should share what we learned about {theme} with more countries.",
    "The work on {theme} needs to move from experimentation to production.",
    "Several offices offered to test the new {theme} methods in {year}.",
    "The outcomes on {theme} need to be communicated better to senior management.",
    "Funding for {theme} should be secured before the next work programme.",
    "{org} will host a workshop on {theme} later in {year}.",
    "A clear use case is needed before more resources go into {theme}.",
    "Members asked for a short guide to {theme} for statistical offices.",
    "The group should reuse the tools already built for {theme}.",
    "Risks to privacy must be considered early in any work on {theme}.",
)
_CONCLUSIONS = ("the system we put in place really does work",
                "we move faster when we work together",
                "our work is only as good as the use that is made of it",
                "sharing is what makes this group strong")
_PANDEMIC = (2020, 2021)


# --- the world --------------------------------------------------------------------------------


@dataclass
class _Thing:
    """An organisation, body or work of the synthetic world."""

    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    country: str | None = None
    part_of: str | None = None
    hosted_by: str | None = None

    @property
    def alias(self) -> str:
        """The name as the reports write it."""
        return self.aliases[0]


@dataclass
class _Person:
    name: str
    org: _Thing


@dataclass
class _Project:
    thing: _Thing
    year: int  # selected for this year
    ends: int  # completed at the first meeting of this year


@dataclass
class _World:
    """Everyone and everything, changing from year to year."""

    rng: random.Random
    used: set[str] = field(default_factory=set)
    offices: list[_Thing] = field(default_factory=list)
    internationals: list[_Thing] = field(default_factory=list)
    heads: dict[str, _Person] = field(default_factory=dict)  # organisation key -> head
    staff: dict[str, list[_Person]] = field(default_factory=dict)  # organisation key -> staff
    groups: list[_Thing] = field(default_factory=list)  # active groups
    rosters: dict[str, list[_Person]] = field(default_factory=dict)  # group key -> members
    group_chairs: dict[str, _Person] = field(default_factory=dict)
    projects: list[_Project] = field(default_factory=list)  # selected, not yet completed
    activities: list[_Thing] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # themes not yet used by a project
    board_members: list[_Person] = field(default_factory=list)
    co_chairs: list[_Person] = field(default_factory=list)
    chair: _Person | None = None
    year: int = 0

    def __post_init__(self) -> None:
        rng = self.rng
        self.collab = _Thing("hlg-syn", "High-Level Group for Synthetic Statistics (HLG-SYN)",
                             "collaboration", ("HLG-SYN",))
        self.board = _Thing("hlg-syn-executive-board", "HLG-SYN Executive Board", "board",
                            ("Executive Board", "HLG-SYN Executive Board"), part_of="hlg-syn")
        for _ in range(26):
            country = self.unique(
                lambda: self.word(2, 3, suffix=rng.choice(("ia", "land", "a", "or", "esh", ""))))
            name, alias = rng.choice((
                ("Statistics {c}", "Statistics {c}"),
                ("National Statistical Institute of {c}", "NSI {c}"),
                ("{c} Statistical Office", "{c} Statistical Office"),
                ("Central Statistics Office {c}", "CSO {c}"),
            ))
            self.offices.append(self.thing(name.format(c=country), "national-statistical-office",
                                           alias.format(c=country), country=country))
        for template in ("Economic Commission for {r}", "Organisation for Statistical "
                         "Co-operation in {r}", "{r} Development Fund"):
            region = self.word(2, 3)
            name = template.format(r=region)
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            self.internationals.append(self.thing(name, "international-organisation", initials))
        host = self.internationals[0]
        self.secretariat = _Thing("hlg-syn-secretariat", "HLG-SYN secretariat", "secretariat",
                                  ("HLG-SYN secretariat",), part_of="hlg-syn",
                                  hosted_by=host.key)
        for org in (*self.offices, *self.internationals):
            self.heads[org.key] = self.person(org)
            self.staff[org.key] = [self.person(org) for _ in range(rng.randint(3, 6))]
        self.themes = list(_THEMES)
        rng.shuffle(self.themes)
        for _ in range(5):
            self.new_group()
        self.activities = [self.thing(f"{name} activity", "activity") for name in
                           _ACTIVITIES[:2]]

    # --- making names ------------------------------------------------------------------

    def word(self, low: int, high: int, suffix: str = "") -> str:
        text = "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(low, high)))
        return (text + suffix).capitalize()

    def unique(self, make: Callable[[], str]) -> str:
        """A name from ``make`` whose slug no other name has, with no word "and" in it."""
        while True:
            name = make()
            if slug(name) not in self.used and "and" not in name.lower().split():
                self.used.add(slug(name))
                return name

    def thing(self, name: str, kind: str, alias: str | None = None, **extra: str) -> _Thing:
        key, number = slug(name), 2
        while key in self.used:
            key, number = f"{slug(name)}-{number}", number + 1
        self.used.add(key)
        aliases = (alias, name) if alias and alias != name else (name,)
        return _Thing(key, name, kind, aliases, **extra)

    def person(self, org: _Thing) -> _Person:
        return _Person(self.unique(lambda: f"{self.word(2, 2)} {self.word(2, 3)}"), org)

    def new_group(self) -> None:
        theme = self.themes.pop()
        group = self.thing(f"{theme} Group", "group", f"{theme} Group", part_of="hlg-syn")
        group.aliases = (group.name, f"HLG-SYN {group.name}")
        self.groups.append(group)
        self.rosters[group.key] = self.rng.sample(self.all_staff(), 6)
        self.group_chairs[group.key] = self.rosters[group.key][0]

    def all_staff(self) -> list[_Person]:
        return [p for org in (*self.offices, *self.internationals[1:]) for p in
                self.staff[org.key]]

    # --- a new year: people come and go ------------------------------------------------

    def new_year(self, year: int) -> None:
        rng = self.rng
        self.year = year
        for org in (*self.offices, *self.internationals):
            if rng.random() < 0.2:
                self.heads[org.key] = self.person(org)
            self.staff[org.key] = [p if rng.random() > 0.15 else self.person(org)
                                   for p in self.staff[org.key]]
        active = {p.name for p in self.all_staff()}
        heads = [self.heads[o.key] for o in self.offices]
        if self.chair is None or self.chair not in heads or year % 3 == 0:
            self.chair = rng.choice(heads)
        if len(self.co_chairs) < 2 or any(p not in heads for p in self.co_chairs) or \
                rng.random() < 0.3:
            self.co_chairs = rng.sample([h for h in heads if h is not self.chair], 2)
        members = [p for p in self.board_members if p.name in active]
        while len(members) < 3:  # three different people
            if (person := rng.choice(self.all_staff())) not in members:
                members.append(person)
        self.board_members = members
        for group in self.groups:
            roster = [p for p in self.rosters[group.key] if p.name in active]
            while len(roster) < 5:  # five different people: a group meeting needs them
                if (person := rng.choice(self.all_staff())) not in roster:
                    roster.append(person)
            self.rosters[group.key] = roster
            chair = self.group_chairs[group.key]
            if chair not in roster or rng.random() < 0.4:
                self.group_chairs[group.key] = rng.choice(roster)


# --- writing one report ------------------------------------------------------------------------


class _Writer:
    """The text of one report and the curation of it, written side by side (and read as a
    report and a curation by :meth:`finish`, which a worker process can do)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []
        self.things: dict[str, tuple[_Thing, str]] = {}  # key -> (thing, quote)
        self.roles: dict[str, tuple[str, str, str]] = {}  # text -> (role, body key, quote)
        self.headings: list[tuple[str, str | None]] = []
        self.decisions: list[tuple[str, str, tuple[str, ...], str, dict[str, object]]] = []
        self.statuses: list[tuple[tuple[str, ...], str, str, dict[str, object]]] = []
        self.figures: list[tuple[str, str, int, int, str]] = []
        self.quotations: list[tuple[str, str]] = []
        self.purpose: str | None = None

    def block(self, text: str) -> None:
        self.lines += [text, ""]

    def mention(self, thing: _Thing, quote: str) -> None:
        self.things.setdefault(thing.key, (thing, quote))

    def people(self, people: Sequence[_Person], *details: str) -> str:
        """``A, B and C (Org, details)``: one group of the annex, mentioned for its org."""
        names = [p.name for p in people]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        group = f"{listed} ({', '.join((people[0].org.alias, *details))})"
        self.mention(people[0].org, group)
        return group

    def role(self, text: str, role: str, body: _Thing, quote: str) -> None:
        self.roles.setdefault(text, (role, body.key, quote))
        self.mention(body, quote)

    def finish(self) -> tuple[Report, Curation]:
        text = "\n".join(self.lines).rstrip("\n") + "\n"
        report = parse_report(text, self.source)

        def quote(words: str) -> Quote:
            start = text.find(words)
            assert start >= 0, words
            return Quote(words, Span.of(text, start, start + len(words)), 1)

        def entity(thing: _Thing, words: str) -> Entity:
            return Entity(thing.key, thing.name, thing.kind, thing.aliases, quote(words),
                          thing.country, thing.part_of, thing.hosted_by)

        things = [entity(t, q) for t, q in self.things.values()]
        kinds = ("national-statistical-office", "international-organisation")
        works = ("project", "activity", "work-programme")
        curation = Curation(
            file=f"<synthetic curation of {self.source}>",
            organisations=tuple(e for e in things if e.kind in kinds),
            bodies=tuple(e for e in things if e.kind not in kinds + works),
            works=tuple(e for e in things if e.kind in works),
            roles=tuple(RoleMeaning(t, r, of, quote(q)) for t, (r, of, q) in self.roles.items()),
            headings=tuple(Heading(t, quote(t), organisations_member_of=of)
                           for t, of in self.headings),
            purpose=quote(self.purpose) if self.purpose else None,
            decisions=tuple(Decision(key, kind, about, quote(q), **extra)  # type: ignore[arg-type]
                            for key, kind, about, q, extra in self.decisions),
            statuses=tuple(Status(about, status, quote(q), **extra)  # type: ignore[arg-type]
                           for about, status, q, extra in self.statuses),
            figures=tuple(Figure(key, population, year, number, "more-than", quote(q))
                          for key, population, year, number, q in self.figures),
            quotations=tuple((speaker, quote(q)) for speaker, q in self.quotations),
        )
        return report, curation


def _date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _listing(names: Sequence[str]) -> str:
    """``The A``, ``The A and the B``, ``The A, the B and the C``: a sentence's subject."""
    listed = [f"the {n}" for n in names]
    text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return text[0].upper() + text[1:]


class _Meetings:
    """Writes the meetings of the world, one report each."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.world = _World(rng)

    def meeting(self, day: dt.date, plenary: bool) -> _Writer:
        online = day.year in _PANDEMIC or (not plenary and self.rng.random() < 0.4)
        if plenary:
            return self.plenary(day, online)
        if self.rng.random() < 0.25:
            return self.board(day, online)
        return self.group(day, online, self.rng.choice(self.world.groups))

    def title(self, writer: _Writer, body: _Thing, alias: str, day: dt.date,
              online: bool) -> None:
        title = f"Report of the {'online ' if online else ''}{alias} meeting ({_date(day)})"
        writer.block(title)
        writer.mention(body, title)
        writer.mention(self.world.collab, title)

    def topics(self, writer: _Writer, count: int, points: tuple[int, int]) -> None:
        rng, world = self.rng, self.world
        titles = [t.format(year=world.year) for t in _TOPICS]
        if world.year in (*_PANDEMIC, 2022):
            titles.append("Pandemic legacy")
        for title in rng.sample(titles, count):
            writer.block(title)
            for template in rng.sample(_POINTS, rng.randint(*points)):
                theme = rng.choice(_THEMES)
                org = rng.choice(world.offices).alias
                writer.lines.append("- " + template.format(theme=theme, org=org,
                                                           year=world.year))
            writer.lines.append("")

    # --- the yearly plenary -------------------------------------------------------------

    def plenary(self, day: dt.date, online: bool) -> _Writer:
        rng, world = self.rng, self.world
        year = day.year
        world.new_year(year)
        writer = _Writer(f"hlg-syn-{day.isoformat()}.txt")
        self.title(writer, world.collab, "HLG-SYN", day, online)
        purpose = (f"The main goal of the meeting was to review the {year - 1} achievements "
                   f"and to approve the work programme for {year}.")
        writer.block(purpose)
        writer.purpose = purpose
        writer.block("Summary")
        self.completions(writer, year)
        self.selections(writer, year)
        if len(world.groups) >= 4 and rng.random() < 0.5:
            self.merge(writer)
        if len(world.groups) < 5 and world.themes:
            world.new_group()
        if year in _PANDEMIC:
            affected = rng.sample([*world.groups, *(p.thing for p in world.projects)], 3)
            sentence = f"{_listing([a.name for a in affected])} were most affected by " \
                       "the pandemic."
            writer.block(sentence)
            for thing in affected:
                writer.mention(thing, sentence)
            writer.statuses.append((tuple(a.key for a in affected), "pandemic-affected",
                                    sentence, {}))
        members, attendees = rng.randint(250, 400), rng.randint(800, 1500)
        sentence = (f"In {year - 1} there were over {members} members in groups and over "
                    f"{attendees:,} participants in expert meetings.")
        writer.block(sentence)
        writer.figures += [
            (f"group-members-{year - 1}", "group-members", year - 1, members, sentence),
            (f"expert-meeting-attendees-{year - 1}", "expert-meeting-attendees", year - 1,
             attendees, sentence),
        ]
        programme = world.thing(f"HLG-SYN work programme for {year}", "work-programme",
                                f"work programme for {year}")
        sentence = f"There was a general support for the work programme for {year}."
        writer.block(sentence)
        writer.mention(programme, sentence)
        writer.decisions.append((f"work-programme-{year}", "work-programme-approval",
                                 (programme.key,), sentence, {"year": year}))
        self.topics(writer, 2, (2, 4))
        chair = world.chair
        assert chair is not None
        if rng.random() < 0.5:
            words = rng.choice(_CONCLUSIONS)
            writer.block(f"The Chair, {chair.name}, concluded that **{words}**.")
            writer.quotations.append((chair.name, f"The Chair, {chair.name}, concluded that"))
        self.plenary_annex(writer)
        return writer

    def completions(self, writer: _Writer, year: int) -> None:
        rng, world = self.rng, self.world
        for project in [p for p in world.projects if p.ends <= year]:
            world.projects.remove(project)
            thing = project.thing
            sentence = f"The {thing.name} project was successfully completed."
            writer.block(sentence)
            writer.mention(thing, sentence)
            writer.statuses.append(((thing.key,), "completed", sentence, {}))
            if rng.random() < 0.4:
                leader = rng.choice(world.offices)
                community = world.thing(f"{thing.name} community", "community",
                                        part_of="hlg-syn")
                sentence = (f"The {thing.name} project will continue as a community led by "
                            f"{leader.alias} and will keep ties with HLG-SYN Executive Board.")
                writer.block(sentence)
                for mentioned in (thing, community, leader, world.board):
                    writer.mention(mentioned, sentence)
                writer.decisions.append((f"{thing.key}-continuation", "continuation",
                                         (thing.key,), sentence,
                                         {"becomes": community.key, "led_by": leader.key,
                                          "keeps_ties_with": world.board.key}))
                writer.statuses.append(((thing.key,), "continuing", sentence, {}))

    def selections(self, writer: _Writer, year: int) -> None:
        rng, world = self.rng, self.world
        chosen = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            if not world.themes:
                break
            theme = world.themes.pop()
            thing = world.thing(f"{theme} {rng.choice(_PROJECT_KINDS)}", "project")
            world.projects.append(_Project(thing, year, year + rng.choice((1, 1, 2))))
            chosen.append(thing)
        if not chosen:
            return
        if len(chosen) == 1:
            sentence = f"The {chosen[0].name} project was selected for {year}."
        else:
            sentence = f"{_listing([c.name for c in chosen])} projects were selected for {year}."
        writer.block(sentence)
        keys = tuple(c.key for c in chosen)
        for thing in chosen:
            writer.mention(thing, sentence)
        writer.decisions.append((f"projects-selected-{year}", "selection", keys, sentence,
                                 {"year": year}))
        writer.statuses.append((keys, "selected", sentence, {"year": year}))

    def merge(self, writer: _Writer) -> None:
        world = self.world
        merged, into = self.rng.sample(world.groups, 2)
        sentence = f"The {merged.name} will be merged with the {into.name}."
        writer.block(sentence)
        writer.mention(merged, sentence)
        writer.mention(into, sentence)
        writer.decisions.append((f"{merged.key}-merge", "merge", (merged.key, into.key),
                                 sentence, {"into": into.key}))
        world.groups.remove(merged)
        roster = world.rosters[into.key]
        for person in world.rosters.pop(merged.key):
            if person not in roster:
                roster.append(person)

    def plenary_annex(self, writer: _Writer) -> None:
        rng, world = self.rng, self.world
        chair = world.chair
        assert chair is not None
        writer.block("Annex 1: Attendees")
        writer.block("HLG-SYN members")
        writer.headings.append(("HLG-SYN members", world.collab.key))
        present = {chair.name, *(p.name for p in world.co_chairs)}
        group = writer.people([chair], "Chair")
        writer.role("Chair", "chair", world.collab, group)
        lines = [group]
        for co_chair in world.co_chairs:
            group = writer.people([co_chair], "co-Chair Executive Board")
            writer.role("co-Chair Executive Board", "co-chair", world.board, group)
            lines.append(group)
        apologies = []
        for org in rng.sample(world.offices, 12) + world.internationals[1:]:
            head = world.heads[org.key]
            if head.name in present:
                continue
            if rng.random() < 0.25:
                deputies = rng.sample(world.staff[org.key], rng.choice((1, 1, 2)))
                lines.append(writer.people(deputies, f"representing {head.name}"))
                present.update(p.name for p in deputies)
                apologies.append(head)
            else:
                lines.append(writer.people([head]))
                present.add(head.name)
        for member in world.board_members:
            if member.name not in present and rng.random() < 0.5:
                group = writer.people([member], "Executive Board")
                writer.role("Executive Board", "member", world.board, group)
                lines.append(group)
                present.add(member.name)
        writer.lines += [*(f"- {line}" for line in lines), ""]
        self.secretariat(writer, heading=True)
        absent = [world.heads[o.key] for o in rng.sample(world.offices, 3)]
        self.apologies(writer, apologies + [p for p in absent if p.name not in present
                                            and p not in apologies])

    def secretariat(self, writer: _Writer, *, heading: bool) -> None:
        world = self.world
        host = world.internationals[0]
        staff = world.staff[host.key][: 3 if heading else 1]
        if heading:
            writer.block("Secretariat")
        group = writer.people(staff, "HLG-SYN secretariat")
        writer.role("HLG-SYN secretariat", "member", world.secretariat, group)
        writer.mention(world.secretariat, group)
        writer.block(f"- {group}")

    def apologies(self, writer: _Writer, people: Sequence[_Person]) -> None:
        if people:
            groups = [writer.people([p]) for p in people]
            writer.block("Apologies: " + (groups[0] if len(groups) == 1 else
                                          ", ".join(groups[:-1]) + " and " + groups[-1]))

    # --- board and group meetings ---------------------------------------------------------

    def board(self, day: dt.date, online: bool) -> _Writer:
        rng, world = self.rng, self.world
        writer = _Writer(f"hlg-syn-executive-board-{day.isoformat()}.txt")
        self.title(writer, world.board, "HLG-SYN Executive Board", day, online)
        self.topics(writer, 1, (1, 1))
        if rng.random() < 0.15:
            activity = rng.choice(world.activities)
            leader = rng.choice(world.internationals[1:] + world.offices[:4])
            sentence = (f"There was support for keeping the {activity.name} going under the "
                        f"leadership of {leader.alias} and with support from the Executive "
                        "Board.")
            writer.lines[-1:] = [f"- {sentence}", ""]
            for thing in (activity, leader, world.board):
                writer.mention(thing, sentence)
            writer.decisions.append((f"{activity.key}-support", "support", (activity.key,),
                                     sentence, {"led_by": leader.key,
                                                "supported_by": world.board.key}))
            writer.statuses.append(((activity.key,), "continuing", sentence, {}))
            if len(world.activities) < len(_ACTIVITIES) and rng.random() < 0.3:
                world.activities.append(world.thing(
                    f"{_ACTIVITIES[len(world.activities)]} activity", "activity"))
        writer.block("Annex 1: Attendees")
        present = [p for p in world.co_chairs if rng.random() < 0.9] or world.co_chairs[:1]
        lines = []
        for number, co_chair in enumerate(present):
            roles = ("co-Chair Executive Board", "Chair") if number == 0 else \
                ("co-Chair Executive Board",)
            group = writer.people([co_chair], *roles)
            writer.role("co-Chair Executive Board", "co-chair", world.board, group)
            writer.role("Chair", "chair", world.board, group)  # the co-chair in the chair
            lines.append(group)
        members = rng.sample(world.board_members, 1)
        for member in members:
            group = writer.people([member], "Executive Board")
            writer.role("Executive Board", "member", world.board, group)
            lines.append(group)
        writer.block("- " + ", ".join(lines))
        self.secretariat(writer, heading=False)
        self.apologies(writer, [p for p in world.co_chairs if p not in present])
        return writer

    def group(self, day: dt.date, online: bool, group: _Thing) -> _Writer:
        rng, world = self.rng, self.world
        writer = _Writer(f"{group.key}-{day.isoformat()}.txt")
        self.title(writer, group, f"HLG-SYN {group.name}", day, online)
        if rng.random() < 0.6:
            self.topics(writer, 1, (1, 1) if rng.random() < 0.7 else (2, 2))
        writer.block("Annex 1: Attendees")
        chair = world.group_chairs[group.key]
        others = [p for p in world.rosters[group.key] if p is not chair]
        present = rng.sample(others, rng.choice((1, 1, 2, 2, 3)))
        role = f"chair {group.name}"
        chair_group = writer.people([chair], role)
        writer.role(role, "chair", group, chair_group)
        lines = [f"- {chair_group}"]
        by_org: dict[str, list[_Person]] = {}
        for person in present:
            by_org.setdefault(person.org.key, []).append(person)
        lines += [f"- {writer.people(people)}" for people in by_org.values()]
        writer.lines += [*lines, ""]
        absent = [p for p in others if p not in present]
        if absent and rng.random() < 0.25:
            self.apologies(writer, [rng.choice(absent)])
        return writer


# --- the public functions ----------------------------------------------------------------------


def synthetic_sources(meetings: int, *, seed: int = 0) -> list[tuple[Report, Curation]]:
    """The reports and curations of ``meetings`` synthetic meetings, oldest first.

    The meetings are spread evenly over ten years from January 2015 (one a day beyond
    3,652); the first meeting of each year is the plenary of the high-level group.
    """
    return [writer.finish() for writer in _written(meetings, seed)]


def _written(meetings: int, seed: int) -> Iterator[_Writer]:
    """The meetings of :func:`synthetic_sources`, one at a time, written but not read."""
    if meetings < 0:
        raise ValueError("the number of meetings cannot be negative")
    writer = _Meetings(random.Random(seed))
    era = max(_ERA_DAYS, meetings)
    year = 0
    for index in range(meetings):
        day = _START + dt.timedelta(days=index * era // max(meetings, 1))
        yield writer.meeting(day, plenary=day.year != year)
        year = day.year


def synthesize(meetings: int, *, seed: int = 0, base: str | None = None) -> Graph:
    """The graph of ``meetings`` synthetic meetings (about 240 triples each at scale).

    ``base`` is the base IRI, as for :func:`mosgraph.build.build_graph`.
    """
    return build_graph(synthetic_sources(meetings, seed=seed), base=base)


# --- writing a corpus as it is generated ----------------------------------------------------------

_TASK = 250  # meetings a process builds and sorts at a time (8 tasks at least) ...
_RUNS = 512  # ... unless that makes more runs than this: every part reads a piece of each
_PART_BYTES = 32 << 20  # lines merged at a time by a process, at the end
_LINES = Writer(1 << 14)  # in each process: the terms written lately (a small table is faster)


def write_synthetic(meetings: int, path: str | os.PathLike[str], *, seed: int = 0,
                    base: str | None = None, jobs: int = 1,
                    progress: Callable[[int], None] | None = None) -> int:
    """Write the corpus of :func:`synthesize` to ``path``; returns its number of triples.

    In N-Triples or N-Quads the corpus is written as it is generated, in bounded memory:
    the meetings are built a few hundred at a time (a meeting's triples do not depend on
    the others': the union of the graphs of the meetings is the graph of all of them) and
    written as N-Triples lines straight from their triples (:mod:`mosgraph.ntriples`),
    sorted and merged by the same processes (:mod:`mosgraph.rangesort`), so the file has
    the very bytes ``write_graph(synthesize(...), path)`` writes (sorted, canonical
    N-Triples, a triple several meetings state written once). Other formats are built in
    memory first. ``jobs`` processes build the meetings (the bytes do not depend on it).
    ``progress`` is called with the number of meetings done after each task.
    """
    from .formats import for_path
    from .rdfio import atomic_write, write_graph

    target = Path(path)
    fmt = for_path(target, rdf_only=True)
    if fmt.name not in ("ntriples", "nquads"):
        graph = synthesize(meetings, seed=seed, base=base)
        write_graph(graph, target, fmt)
        if progress is not None:
            progress(meetings)
        return len(graph)
    from functools import partial

    from .rangesort import write_sorted
    from .registry import default_register

    size = max(1, min(_TASK, -(-meetings // 8)), -(-meetings // _RUNS))
    done = 0

    def counted(task: list[_Writer]) -> None:
        nonlocal done
        done += len(task)
        if progress is not None:
            progress(done)

    default_register()  # read once, before the processes start from a copy of this one
    # the output's temporary file first: a folder it cannot be written to is named as such
    with atomic_write(target, "wb") as out:
        return write_sorted(partial(_task_lines, base=base), _tasks(meetings, seed, size),
                            out, jobs=min(jobs, -(-meetings // size)),
                            folder=str(target.parent), part_bytes=_PART_BYTES, done=counted)


def usable_cores() -> int:
    """How many cores this process may run on (its CPU affinity, where the system says).

    >>> 1 <= usable_cores() <= (os.cpu_count() or 1)
    True
    """
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return int(os.process_cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


_BATCH = 50  # meetings built together


def _tasks(meetings: int, seed: int, size: int) -> Iterator[list[_Writer]]:
    """The meetings of :func:`_written`, ``size`` at a time."""
    written = _written(meetings, seed)
    while task := list(itertools.islice(written, size)):
        yield task


def _task_lines(task: list[_Writer], base: str | None) -> list[bytes]:
    """The meetings of ``task`` read and built (:data:`_BATCH` at a time), as canonical
    N-Triples lines.

    Reading and building make millions of small tuples and hardly a reference cycle: the
    cyclic garbage collector, which would go through every object held again and again
    (a third of the time), waits until the task is done.
    """
    lines: list[bytes] = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        for start in range(0, len(task), _BATCH):
            sources = [written.finish() for written in task[start:start + _BATCH]]
            lines += _LINES.lines(build_triples(sources, base=base))
    finally:
        if collecting:
            gc.enable()
    return lines
