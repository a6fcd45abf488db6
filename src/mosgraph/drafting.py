"""Draft the curation of a report from its sentences.

:func:`draft_curation` reads the sentences of a report with :mod:`mosgraph.phrasing` and
proposes the facts a person would curate, each with the exact words it rests on and marked
``confirmed: false``: projects selected for a year, merges and the group they go into,
completions, continuations (and what the work becomes), discontinuations, approval of the
work programme, who leads, supports and keeps ties with the work decided, work most affected
by the pandemic, figures ("over 150 participants from 40 countries": two figures, each with
its bound and the words of what it counts), and quotations with who said them.

The projects, activities and bodies these sentences name become ``works:`` and ``bodies:``
entries; organisations and bodies are resolved through the register of organisations and the
report's own bodies ("the Executive Board"), and a name neither knows is proposed as written.
Nothing is proposed that no sentence says: a sentence the patterns do not recognise gives
nothing. :func:`mosgraph.scoring.compare` measures a draft against a curation made by hand.

>>> from mosgraph.reader import parse_report
>>> report = parse_report("Report of the HLG-MOS meeting (3 May 2024)\\n\\n"
...     "The Data Linking project was completed. The Cloud Tools group will be merged with "
...     "the Sharing Tools Group. The Web Data project will be led by Statistics Norway with "
...     "support from INSEE. There were over 150 participants from 40 countries.\\n")
>>> draft = draft_curation(report)
>>> [(d.kind, d.about, d.into, d.led_by, d.supported_by) for d in draft.decisions]
... # doctest: +NORMALIZE_WHITESPACE
[('merge', ('cloud-tools-group', 'sharing-tools-group'), 'sharing-tools-group', (), ()),
 ('leadership', ('web-data',), None, ('statistics-norway',), ('insee',))]
>>> [(s.status, s.about) for s in draft.statuses]
[('completed', ('data-linking',))]
>>> [(f.population, f.year, f.quote) for f in draft.figures]
[('participants', 2024, 'over 150 participants'), ('countries', 2024, '40 countries')]
>>> print(draft.yaml().split("works:\\n")[1].split("\\n\\n")[0])
  - key: data-linking
    name: "Data Linking project"
    kind: project
    aliases: ["Data Linking project"]
    quote: "Data Linking project"
    confirmed: false
  - key: web-data
    name: "Web Data project"
    kind: project
    aliases: ["Web Data project"]
    quote: "Web Data project"
    confirmed: false
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from .curation import Curation, find_words, parse_curation
from .iris import slug
from .phrasing import Clause, clauses, figures, is_pronoun, speaker
from .registry import Entry, Register, default_register, normalise
from .report import Apology, Attendee, Paragraph, Report
from .resolve import Resolver, body_kind

__all__ = ["MAX_SENTENCE", "Draft", "DraftDecision", "DraftFigure", "DraftStatus",
           "draft_curation"]

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_YEAR_NAMED = re.compile(
    r"\b(?:in|of|during|for|throughout)\s+(?:the\s+year\s+)?((?:19|20)\d{2})\b", re.I)
_SENTENCE = re.compile(r"[^\s*](?:.*?)(?:[.!?;](?=\s|$)|$)", re.S)
_OFFICE_NAME = re.compile(r"statisti|census|\bINE\b|\bNSI\b|\bNSO\b", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_WORK_NOUN = re.compile(r"\s+(?P<noun>projects?|activit(?:y|ies)|work)$", re.I)
_LIST = re.compile(r"\s*(?:;|,)\s*(?:and\s+)?(?:-\s+)?|\s+and\s+", re.I)
_LIST_BEFORE_ARTICLE = re.compile(
    r"(?:\s*[,;]\s*(?:and\s+)?(?:-\s+)?|\s+and\s+)(?=(?:the|a|an)\s)", re.I)
_HAS_ARTICLE = re.compile(r"(?:[,;]|\band)\s+(?:-\s+)?(?:the|a|an)\s", re.I)
_WORK_ON = re.compile(r"^(?:the\s+)?work\s+(?:on|of)\s+(?:the\s+)?", re.I)
# what names a piece of work or a body: one of these words, or a capitalised name
_WORK_WORDS = re.compile(
    r"\b(?:projects?|activit(?:y|ies)|work|programmes?|initiatives?|reviews?|stud(?:y|ies)"
    r"|guides?|frameworks?|pilots?|sprints?|hubs?|labs?|groups?|teams?|task\s+forces?"
    r"|networks?|communit(?:y|ies)|committees?|boards?|surveys?|tools?|models?|platforms?"
    r"|catalogues?|services?|strateg(?:y|ies)|handbooks?|standards?)\b", re.I)
_CAPITALISED = re.compile(r"(?-i:\b[A-Z][\w-]*)|\*\*")
_NOT_WORK = {
    "we", "they", "it", "this", "that", "these", "those", "members", "participants",
    "countries", "offices", "agencies", "organisations", "organizations", "everyone", "he",
    "she", "the chair", "chair", "the meeting", "meeting", "the workshop", "workshop", "nsos",
    "there", "all", "some", "many", "most", "others", "delegates", "experts", "work",
}
_NOT_AGENT = _NOT_WORK | {"the", "a", "an", "board", "bureau", "secretariat", "group",
                          "the participants", "countries", "several countries"}
_EVENT = re.compile(r"(?:meetings?|workshops?|seminars?|sessions?|conferences?|webinars?"
                    r"|events?|discussions?|participants?)\b")  # the event, not work
_PERSON_TITLE = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Sir|Dame)\.?\s+")
_WORK_LISTED = re.compile(
    r"(?:projects?|activit(?:y|ies)|reviews?|groups?|task\s+forces?|items?|priorit(?:y|ies)"
    r"|topics?|proposals?)$", re.I)
_BODY_NAME = re.compile(
    r"(?-i:[A-Z][\w'-]*\s+(?:(?:(?i:and|of|for|on|the)\s+)?[A-Z][\w'-]*\s+){0,5})(?i:group|network|community|task\s+force|task\s+team|team"
    r"|committee)(?:\s+(?i:on|of|for)\s+(?-i:[A-Z][\w'-]*)(?:\s+(?:(?i:and|of|for|the)\s+)?"
    r"(?-i:[A-Z][\w'-]*))*)?"
    r"|(?-i:(?:Task\s+Force|Task\s+Team|Steering\s+Group|Working\s+Group|Expert\s+Group"
    r"|Working\s+Party))\s+(?i:on|of|for)\s+(?-i:[A-Z][\w'-]*)(?:\s+(?:(?i:and|of|for|the)\s+)?"
    r"(?-i:[A-Z][\w'-]*))*")
_WORKS = ("project", "activity", "work-programme")
MAX_SENTENCE = 5000  # characters: longer runs of text are not read for facts
_FORM_KIND = {"task force": "group", "task team": "group", "team": "group"}


@dataclass(frozen=True)
class _Work:
    key: str
    name: str
    kind: str | None  # project, activity, work-programme, a body kind, an organisation kind
    aliases: tuple[str, ...]
    quote: str
    part_of: str | None = None


@dataclass(frozen=True)
class DraftDecision:
    """A proposed decision; ``led_by`` and ``supported_by`` are keys."""

    key: str
    kind: str
    about: tuple[str, ...]
    quote: str
    year: int | None = None
    into: str | None = None
    becomes: str | None = None
    led_by: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()
    keeps_ties_with: str | None = None


@dataclass(frozen=True)
class DraftStatus:
    about: tuple[str, ...]
    status: str
    quote: str
    year: int | None = None


@dataclass(frozen=True)
class DraftFigure:
    """A proposed figure: ``population`` is the key of a population the ontology defines,
    or the words of the quote that say what it counts; ``year_given``: the sentence names
    the year (otherwise it is the year of the event, to be checked)."""

    key: str
    population: str
    year: int
    quote: str
    year_given: bool = True


@dataclass
class Draft:
    """A drafted curation: proposed facts, each with the words of the report it rests on."""

    report: Report
    works: list[_Work] = field(default_factory=list)
    offices: list[_Work] = field(default_factory=list)  # organisations the register lacks
    decisions: list[DraftDecision] = field(default_factory=list)
    statuses: list[DraftStatus] = field(default_factory=list)
    figures: list[DraftFigure] = field(default_factory=list)
    quotations: list[tuple[str, str]] = field(default_factory=list)
    matched: list[tuple[str, str, int]] = field(default_factory=list)  # written, name, line
    unknown: list[tuple[str, int]] = field(default_factory=list)  # written, line
    registered: set[str] = field(default_factory=set)  # register keys the report names

    def counts(self) -> dict[str, int]:
        return {"organisations": len(self.offices),
                "works": sum(w.kind in _WORKS for w in self.works),
                "bodies": sum(w.kind not in _WORKS for w in self.works),
                "decisions": len(self.decisions), "statuses": len(self.statuses),
                "figures": len(self.figures), "quotations": len(self.quotations)}

    def yaml(self) -> str:
        """The draft as a curation file: every entry ``confirmed: false``."""
        return _Writer(self).text()

    def confirmed(self, register: Register | None = None) -> Curation:
        """The draft as a curation with every entry confirmed (for measuring it)."""
        text = self.yaml().replace("    confirmed: false\n", "")
        return parse_curation(text, self.report, file=f"<draft of {self.report.source}>",
                              register=register)


def draft_curation(report: Report, register: Register | None = None) -> Draft:
    """Propose the curation of ``report``: what its sentences say, each with its quote."""
    return _Drafter(report, register or default_register()).draft()


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a lead-in with the list of points under it), spaces normalised."""

    text: str
    line: int
    year: int | None = None  # the year the text around it names (paragraph, heading)


class _Drafter:
    def __init__(self, report: Report, register: Register) -> None:
        self.report = report
        self.register = register
        self.names = Resolver(report, None, register)
        self.out = Draft(report)
        self.by_name: dict[str, _Work] = {}
        self.keys: set[str] = set()
        self.last: list[str] = []  # what the last clause was about ("it")
        self.before: list[int] = []  # the decisions of the sentence before
        listed: list[Attendee | Apology] = [*report.attendees, *report.apologies]
        self.people = {person.name for person in listed}
        self.pandemic = "pandemic" in report.text.lower()
        shorts = {n for e in register.entries if e.part_of in self.names.context
                  for n in e.short}  # "Executive Board" in a report of HLG-MOS
        self.shorts = re.compile(r"(?<![\w-])(?:" + "|".join(
            re.escape(n) for n in sorted(shorts, key=len, reverse=True)) + r")(?![\w-])") \
            if shorts else None

    # --- entities ---------------------------------------------------------------------

    def work(self, written: str, kind: str | None = None, quote: str | None = None) -> str:
        """The key of the work (or body) named ``written``: registered, or proposed (resting
        on ``quote``, by default the name itself)."""
        name = _clean_name(written)
        if "**" in name:  # emphasis in the report: the words are the name
            name = name.replace("**", "")
            quote = quote or " ".join(written.split()).strip(" ,;.")
        registered = self.register.lookup(name, within=self.names.context) or \
            self.names.body(name)
        if registered is not None and self.register.get(registered.key) is not None:
            self.out.registered.add(registered.key)
            return registered.key
        core = _WORK_NOUN.sub("", name)
        known = self.by_name.get(normalise(core)) or self.by_initials(core)
        if known is not None:
            if name not in known.aliases:
                index = self.out.works.index(known)
                known = _Work(known.key, known.name, known.kind, (*known.aliases, name),
                              known.quote, known.part_of)
                self.out.works[index] = known
                self.by_name[normalise(core)] = known
            return known.key
        noun = _WORK_NOUN.search(name)
        if kind is None:
            kind = body_kind(name) or ("activity" if noun and noun.group("noun").lower()
                                       .startswith(("activit", "work")) else "project")
        key = self.unique(slug(core))
        body = self.names.meeting_body
        work = _Work(key, name, kind, (name,), quote or name,
                     body.key if kind not in _WORKS and self.register.get(body.key) else None)
        self.out.works.append(work)
        self.by_name[normalise(core)] = work
        return key

    def by_initials(self, core: str) -> _Work | None:
        """The work or body a name with initials stands for ("ML community": the Machine
        Learning community), when exactly one fits."""
        first, *rest = core.split() or [""]
        if not (2 <= len(first) <= 6 and first.isupper() and first.isalpha()):
            return None
        fits = []
        for work in self.out.works:
            words = work.name.split()
            head = words[:len(first)]
            if len(head) == len(first) and "".join(w[0] for w in head) == first and \
                    all(w[0].isupper() for w in head) and \
                    normalise(" ".join(words[len(first):])) == normalise(" ".join(rest)):
                fits.append(work)
        return fits[0] if len(fits) == 1 else None

    def unique(self, key: str) -> str:
        candidate, number = key, 2
        while candidate in self.keys or self.register.get(candidate) is not None:
            candidate, number = f"{key}-{number}", number + 1
        self.keys.add(candidate)
        return candidate

    def organisation(self, written: str, line: int) -> str | None:
        """The key of the organisation or body a sentence names (as leader, supporter, ...):
        registered or a body of the report; else proposed as written (a statistical
        office when its name says so). None for a person or a word that names no one."""
        name = _clean_name(written).rstrip(".")
        if not name or normalise(name) in _NOT_AGENT or name in self.people or \
                _PERSON_TITLE.match(name):
            return None
        bracketed = re.fullmatch(r"(?P<name>.+?)\s*\((?P<short>[^()]+)\)", name)
        if bracketed:  # "Statistics Mexico (INEGI)": whichever the register knows
            for part in (name, bracketed["short"], bracketed["name"]):
                if self.register.lookup(part, within=self.names.context) is not None:
                    name = part
                    break
        found: Entry | None = self.names.body(name) or self.register.lookup(
            name, within=self.names.context)
        if found is not None and self.register.get(found.key) is not None:
            self.out.registered.add(found.key)
            return found.key
        if found is not None or body_kind(name):
            return self.work(name, found.kind if found else body_kind(name))
        known = next((o.key for o in self.out.offices if o.name == name), None)
        if known is not None:
            return known
        key = self.unique(slug(name))
        kind = "national-statistical-office" if _OFFICE_NAME.search(name) else None
        self.out.offices.append(_Work(key, name, kind, (name,), name))
        self.out.unknown.append((name, line))
        return key

    def agents(self, written: Sequence[str], line: int) -> list[str]:
        """The keys of the organisations a list of names stands for ("Statistics Sweden and
        the OECD"); names that contain "and" ("Food and Agriculture Organization") are kept
        whole when the whole is known."""
        keys: list[str] = []
        for text in written:
            for name in self.split(text):
                key = self.organisation(name, line)
                if key is not None and key not in keys:
                    keys.append(key)
        return keys

    def split(self, text: str) -> list[str]:
        pieces = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+(?:together"
                                      r"|jointly|along)\s+with\s+", text) if p]
        names: list[str] = []
        index = 0
        while index < len(pieces):
            for end in range(len(pieces), index, -1):  # the longest run that is one name
                joined = text_between(text, pieces[index], pieces[end - 1])
                if end - index == 1 or self.known(joined):
                    names.append(joined)
                    index = end
                    break
        return names

    def known(self, name: str) -> bool:
        cleaned = _clean_name(name)
        return self.register.lookup(cleaned, within=self.names.context) is not None or \
            normalise(cleaned) in self.by_name

    def subjects(self, written: str) -> list[str]:
        """The works a list names: "The A, the B and the C project"; "- A; - B". When the
        items have their own articles, the list is cut only before one, so that "the
        Capability and Communication Group" stays one name."""
        text = " ".join(written.split()).strip(" -")
        if is_pronoun(text):
            if text.lower().endswith("former"):
                return self.last[:1]
            if text.lower().endswith("latter"):
                return self.last[-1:]
            return list(self.last)
        if self.known(text):
            return [self.work(text)] if _is_work_name(text) else []
        splitter = _LIST_BEFORE_ARTICLE if _HAS_ARTICLE.search(text) else _LIST
        pieces = [p.strip(" -;,") for p in splitter.split(text)]
        return [self.work(p) for p in pieces if p and _is_work_name(p)]

    # --- sentences --------------------------------------------------------------------

    def units(self) -> Iterator[_Unit]:
        """The sentences of the report, and each lead-in ("... approved the following
        reviews for 2024:", a heading or a paragraph) joined with the points under it."""
        report, text = self.report, self.report.text
        blocks: list[tuple[int | None, int | None, Sequence[Paragraph]]] = [
            (None, None, report.preamble)]
        for section in report.sections:
            colon = text[section.span.end:section.span.end + 1] == ":"
            titled = _YEAR.findall(section.title)
            blocks.append((section.span.start if colon else None,
                           int(titled[-1]) if titled else None, section.paragraphs))
        for head, year, paragraphs in blocks:
            if head is not None:
                yield from self.lead_in(head, paragraphs, year)
            for index, paragraph in enumerate(paragraphs):
                if text[paragraph.span.start:paragraph.span.end].rstrip().endswith(":"):
                    yield from self.lead_in(paragraph.span.start, paragraphs[index + 1:], year)
                for match in _SENTENCE.finditer(text, paragraph.span.start, paragraph.span.end):
                    named = _YEAR_NAMED.findall(text, paragraph.span.start, match.start())
                    yield _Unit(" ".join(match.group().split()), paragraph.span.line,
                                int(named[-1]) if named else year)

    def lead_in(self, start: int, after: Sequence[Paragraph],
                year: int | None) -> Iterator[_Unit]:
        points = []
        for paragraph in after:
            if not paragraph.is_point:
                break
            points.append(paragraph)
        if points:
            yield _Unit(" ".join(self.report.text[start:points[-1].span.end].split()),
                        self.report.text.count("\n", 0, start) + 1, year)

    def draft(self) -> Draft:
        out = self.out
        programmes = {int(m["year"]) for m in re.finditer(
            r"work\s+programme\s+for\s+(?P<year>\d{4})", self.report.text, re.I)}
        seen: set[str] = set()
        for unit in self.units():
            if unit.text in seen or len(unit.text) > MAX_SENTENCE:
                continue  # a "sentence" this long is no sentence an author wrote
            seen.add(unit.text)
            self.sentence(unit, programmes)
            self.figures(unit)
            self.names_in(unit)
        self.quotations()
        self.body_written_out()
        self.names_in_the_annex()
        self.keep_quoted()
        return out

    def keep_quoted(self) -> None:
        """Leave out what rests on words the report does not have as written (a name pieced
        together around a phrase taken out of it), and what is about such a thing: a draft,
        once confirmed, is a curation the build accepts."""
        text, out = self.report.text, self.out

        def found(words: str) -> bool:
            return find_words(text, words) is not None

        dropped = {w.key for w in (*out.works, *out.offices) if not found(w.quote)}
        out.works = [w for w in out.works if w.key not in dropped]
        out.offices = [w for w in out.offices if w.key not in dropped]
        out.decisions = [d for d in out.decisions if found(d.quote) and not dropped & {
            *d.about, d.into, d.becomes, *d.led_by, *d.supported_by, d.keeps_ties_with}]
        out.statuses = [s for s in out.statuses if found(s.quote) and not dropped & {*s.about}]
        out.figures = [f for f in out.figures if found(f.quote)]
        out.quotations = [q for q in out.quotations if found(q[1])]

    def sentence(self, unit: _Unit, programmes: set[int]) -> None:
        said = clauses(unit.text)
        made = len(self.out.decisions)
        decided: list[tuple[Clause, int | None, list[str]]] = []
        for clause in said:
            if clause.kind == "leadership":
                continue
            if clause.kind == "selection" and re.search(r"\bwork\s+programme\b", clause.subject,
                                                        re.I):
                continue  # the work programme is approved, not selected (see "programme")
            about = [] if clause.kind == "programme" else self.subjects(clause.subject)
            index = self.decide(clause, about, unit, programmes)
            if about:
                self.last = about
                decided.append((clause, index, about))
        for clause, index, _ in decided:
            if index is not None and (clause.leaders or clause.supporters or clause.ties):
                self.lead(index, clause, unit.line)
        for clause in said:
            if clause.kind != "leadership":
                continue
            about = self.subjects(clause.subject)
            if len(about) != 1:
                continue
            self.last = about
            index = next((i for _, i, a in decided if i is not None and a == about), None)
            index = index if index is not None or not is_pronoun(clause.subject) else next(
                (i for i in self.before if self.out.decisions[i].about == tuple(about) and
                 self.in_report(f"{self.out.decisions[i].quote} {unit.text}")), None)
            previous = self.out.decisions[index] if index is not None else None
            if previous is not None and index in self.before and \
                    not previous.quote.endswith(unit.text):
                # "... entrusted to X; A and B will support it.": the decision goes on
                self.out.decisions[index] = replace(previous,
                                                    quote=f"{previous.quote} {unit.text}")
            if index is None:
                if not (self.agents(clause.leaders, unit.line) or
                        self.agents(clause.supporters, unit.line)):
                    continue  # no organisation leads or supports it ("chaired by Ana Lima")
                index = len(self.out.decisions)
                self.out.decisions.append(DraftDecision(
                    self.unique(f"{about[0]}-leadership"), "leadership", tuple(about),
                    unit.text))
                decided.append((clause, index, about))
            self.lead(index, clause, unit.line)
        self.before = [i for _, i, _ in decided if i is not None] or \
            list(range(made, len(self.out.decisions)))

    def in_report(self, words: str) -> bool:
        """Whether ``words`` are in the report, spaces as they may be."""
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        return re.search(pattern, self.report.text) is not None

    def decide(self, clause: Clause, about: list[str], unit: _Unit,
               programmes: set[int]) -> int | None:
        """Record what ``clause`` decides or states; the index of its decision, if any."""
        out, quote = self.out, unit.text
        decisions = out.decisions
        kind = clause.kind
        if kind == "programme":
            self.programme(clause, unit, programmes)
            return None
        if not about:
            return None
        last = decisions[-1] if decisions else None
        if last is not None and last.quote == quote and last.about == tuple(about) and \
                last.kind == kind and kind in ("continuation", "discontinuation"):
            # "will be maintained by X and will continue in 2024": one decision, one status
            decisions[-1] = replace(last, year=last.year or clause.year)
            for at, status in enumerate(out.statuses):
                if status.quote == quote and status.about == last.about and \
                        status.status in ("continuing", "discontinued"):
                    out.statuses[at] = replace(status, year=status.year or clause.year)
            return len(decisions) - 1
        if kind == "selection" and clause.year is not None:
            decisions.append(DraftDecision(self.unique(f"selection-{clause.year}"), "selection",
                                           tuple(about), quote, year=clause.year))
            out.statuses.append(DraftStatus(tuple(about), "selected", quote, clause.year))
        elif kind == "completion":
            out.statuses.append(DraftStatus(tuple(about), "completed", quote))
        elif kind == "affected" and self.pandemic:
            out.statuses.append(DraftStatus(tuple(about), "pandemic-affected", quote))
        elif kind == "continuation":
            becomes = None
            if clause.form and len(about) == 1:
                core = _WORK_NOUN.sub("", _clean_name(clause.subject))
                form_kind = _FORM_KIND.get(clause.form.split()[-1], clause.form.split()[-1])
                becomes = self.work(f"{core} {clause.form.split()[-1]}", form_kind,
                                    quote=quote)
            decisions.append(DraftDecision(self.unique(f"{about[0]}-continuation"),
                                           "continuation", tuple(about), quote,
                                           year=clause.year, becomes=becomes))
            out.statuses.append(DraftStatus(tuple(about), "continuing", quote, clause.year))
        elif kind == "support":
            decisions.append(DraftDecision(self.unique(f"{about[0]}-support"), "support",
                                           tuple(about), quote))
            out.statuses.append(DraftStatus(tuple(about), "continuing", quote))
        elif kind == "discontinuation":
            decisions.append(DraftDecision(self.unique(f"{about[0]}-discontinuation"),
                                           "discontinuation", tuple(about), quote))
            out.statuses.append(DraftStatus(tuple(about), "discontinued", quote))
        elif kind == "merge":
            groups = [self.regroup(key) for key in about]
            into = None
            if clause.other and _is_work_name(clause.other):
                other = self.work(clause.other, body_kind(_clean_name(clause.other)) or "group")
                if clause.into_other:
                    into = other
                if len(groups) == 1 or not clause.into_other:
                    groups.append(other)
            if len(groups) < 2 and into is None:
                return None
            decisions.append(DraftDecision(self.unique(f"{groups[0]}-merge"), "merge",
                                           tuple(groups), quote, into=into))
        else:
            return None
        return len(decisions) - 1 if kind in ("selection", "continuation", "support",
                                              "discontinuation", "merge") else None

    def regroup(self, key: str) -> str:
        """A work merged is a group (merges are of groups)."""
        work = next((w for w in self.out.works if w.key == key), None)
        if work is not None and work.kind in _WORKS:
            index = self.out.works.index(work)
            self.out.works[index] = _Work(work.key, work.name, body_kind(work.name) or "group",
                                          work.aliases, work.quote,
                                          self.names.meeting_body.key
                                          if self.register.get(self.names.meeting_body.key)
                                          else None)
        return key

    def lead(self, index: int, clause: Clause, line: int) -> None:
        """Who leads, supports and keeps ties with the work of decision ``index``."""
        decision = self.out.decisions[index]
        leaders = [*decision.led_by, *(k for k in self.agents(clause.leaders, line)
                                        if k not in decision.led_by)]
        supporters = [*decision.supported_by, *(k for k in self.agents(clause.supporters, line)
                                                if k not in decision.supported_by)]
        ties = self.agents(clause.ties, line)
        self.out.decisions[index] = DraftDecision(
            decision.key, decision.kind, decision.about, decision.quote, decision.year,
            decision.into, decision.becomes, tuple(leaders), tuple(supporters),
            decision.keeps_ties_with or (ties[0] if ties else None))

    def programme(self, clause: Clause, unit: _Unit, programmes: set[int]) -> None:
        year = clause.year or (max(programmes) if programmes else self.report.date.year)
        named = next((m for m in re.finditer(r"work\s+programme\s+for\s+(?P<year>\d{4})",
                                             self.report.text, re.I)
                      if int(m["year"]) == year), None)
        written = " ".join(named.group().split()) if named else None
        name = f"{self.report.body} work programme for {year}"
        key = self.unique(slug(name))
        quote = unit.text
        self.out.works.append(_Work(key, name, "work-programme",
                                    (written or f"work programme for {year}",),
                                    written or " ".join(quote.split())))
        self.out.decisions.append(DraftDecision(
            self.unique(f"work-programme-{year}"), "work-programme-approval", (key,), quote,
            year=year))

    def figures(self, unit: _Unit) -> None:
        for said in figures(unit.text):
            if re.search(r"[:\u2014\u2013]|\bnamely\b", unit.text[said.end:]) and \
                    _WORK_LISTED.search(said.population):
                continue  # "Two projects were chosen: A and B" counts the list
            year = said.year or unit.year or self.report.date.year
            population = said.named or said.population
            quote = unit.text[said.found.start:said.end]
            self.out.figures.append(DraftFigure(
                self.unique(f"{slug(population)}-{year}"), population, year, quote,
                (said.year or unit.year) is not None))

    def quotations(self) -> None:
        chair = next((a.name for a in self.report.attendees
                      if any(r.casefold() == "chair" for r in a.roles)), None)
        paragraphs = [*self.report.preamble, *(p for s in self.report.sections
                                               for p in s.paragraphs)]
        for paragraph in paragraphs:
            if not paragraph.quotes:
                continue
            found = speaker(" ".join(paragraph.span.exact.split()))
            if found is None:
                continue
            name, words, is_chair = found
            if name and self.register.lookup(name, within=self.names.context) is not None:
                continue  # an organisation said it, not a person
            who = self.person(name) if name else (chair if is_chair else None)
            if who:
                self.out.quotations.append((who, words))

    def person(self, written: str) -> str:
        """The attendee a speaker's name stands for ("Ms Kask": Liis Kask), or the name."""
        name = _PERSON_TITLE.sub("", written).strip()
        if name in self.people:
            return name
        matches = sorted(p for p in self.people if p.split()[-1] == name.split()[-1])
        return matches[0] if len(matches) == 1 else name

    def names_in(self, unit: _Unit) -> None:
        """The organisations and bodies a sentence names: register names, and bodies that
        say what they are ("the Task Force on Earth Observation")."""
        for match in _names_pattern(self.register).finditer(unit.text):
            entry = self.register.lookup(match.group(), within=self.names.context)
            if entry is not None and entry.key not in self.out.registered:
                self.out.registered.add(entry.key)
                self.out.matched.append((match.group(), entry.name, unit.line))
        for match in self.shorts.finditer(unit.text) if self.shorts else ():
            entry = self.register.lookup(match.group(), within=self.names.context)
            if entry is not None and entry.key not in self.out.registered:
                self.out.registered.add(entry.key)
                self.out.matched.append((match.group(), entry.name, unit.line))
        for match in _BODY_NAME.finditer(unit.text):
            name = match.group()
            if self.register.lookup(name, within=self.names.context) is None and \
                    self.names.body(name) is not None and _CAPITALISED.search(_clean_name(name)):
                self.work(name, body_kind(name) or "group")

    def body_written_out(self) -> None:
        """The body that met, when the register does not know it and the text writes it out
        with its abbreviation ("the Nordic Statistics Network (NSN)")."""
        body = self.names.meeting_body
        if self.register.get(body.key) is not None:
            return
        found = re.search(r"(?-i:(?P<name>[A-Z][\w'-]*(?:\s+(?:(?:of|for|on|and|the)\s+)?"
                          r"[A-Z][\w'-]*)+))\s*\(\s*" + re.escape(self.report.body) + r"\s*\)",
                          self.report.text)
        if found is None:
            return
        last = found["name"].split()[-1].lower()
        kind = {"network": "network", "group": "group", "committee": "group", "team": "group",
                "board": "board", "bureau": "board", "community": "community"}.get(
            last, "collaboration")
        key = self.unique(slug(self.report.body))
        self.out.works.append(_Work(key, f"{found['name']} ({self.report.body})", kind,
                                    (self.report.body, found["name"]), found.group()))
        self.by_name[normalise(self.report.body)] = self.out.works[-1]

    def names_in_the_annex(self) -> None:
        """The names of organisations and bodies the report writes: those of the annex, its
        headings and roles, and the body that met; register matches are listed."""
        registered = self.out.registered
        body = self.names.meeting_body
        for key in (body.key, body.part_of, body.hosted_by):
            if key and self.register.get(key):
                registered.add(key)
        for attendee in self.report.attendees:
            for role in attendee.roles:
                registered.update(b.key for _, b in self.names.roles(role)
                                  if b is not None and self.register.get(b.key))
            heading = self.names.heading(attendee.heading)
            for found in (heading.members_of, heading.observers_of, heading.organisation):
                if found is not None and self.register.get(found.key):
                    registered.add(found.key)
        for key in list(registered):
            entry = self.register.get(key)
            for parent in (entry.part_of, entry.hosted_by) if entry else ():
                if parent:
                    registered.add(parent)
        seen: set[str] = set()
        listed: list[Attendee | Apology] = [*self.report.attendees, *self.report.apologies]
        for person in listed:
            written = person.organisation
            if not written or written in seen:
                continue
            seen.add(written)
            found = self.names.organisation(written)
            if self.register.get(found.key) is not None:
                self.out.matched.append((written, found.name, person.span.line))
                registered.add(found.key)
            elif found.kind is None:
                self.out.unknown.append((written, person.span.line))
                if _OFFICE_NAME.search(written) and \
                        all(o.name != written for o in self.out.offices):
                    self.out.offices.append(_Work(self.unique(slug(written)), written,
                                                  "national-statistical-office", (written,),
                                                  written))


def text_between(text: str, first: str, last: str) -> str:
    """The words of ``text`` from ``first`` to ``last`` (pieces of it, in order)."""
    start = text.find(first)
    end = text.find(last, start) + len(last)
    return text[start:end]


def _clean_name(written: str) -> str:
    """A name as written, without its article, "work on", or "new" ("a new task team on
    respondent burden": the task team on respondent burden)."""
    name = " ".join(written.split()).strip(" ,;:-")
    name = _ARTICLE.sub("", _WORK_ON.sub("", name)).rstrip(".")
    return re.sub(r"^(?-i:new)\s+", "", name)


def _is_work_name(written: str) -> bool:
    """Whether ``written`` can name a piece of work or a group: a name, or words that say
    what it is ("the review of gender statistics", "work on synthetic data"); not a pronoun,
    a crowd or a count ("two new projects")."""
    if re.match(r"\s*(?:the\s+)?work\s+(?:on|of)\s+\w", written, re.I):
        return True
    name = _clean_name(written)
    folded = normalise(name)
    if not name or folded in _NOT_WORK or len(name.split()) > 12 or name[0].isdigit() or \
            _EVENT.match(folded):
        return False
    if re.match(r"(?:two|three|four|five|six|seven|eight|nine|ten|several|many|some|all"
                r"|both|following|these|those|other)\b", folded) or \
            _WORK_WORDS.fullmatch(name):
        return False
    return bool(_WORK_WORDS.search(name) or _CAPITALISED.search(name))


_PATTERNS: dict[int, tuple[Register, re.Pattern[str]]] = {}


def _names_pattern(register: Register) -> re.Pattern[str]:
    """Every name and alias of the register, as written (case matters: "WHO", not "who");
    made once per register."""
    kept = _PATTERNS.get(id(register))
    if kept is not None and kept[0] is register:
        return kept[1]
    names = {n for e in register.entries for n in (e.name, *e.aliases) if len(n) > 2}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    _PATTERNS[id(register)] = (register, pattern)
    return pattern


# --- writing the draft --------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.lines: list[str] = []

    def text(self) -> str:
        draft, lines = self.draft, self.lines
        lines += [
            f"# Draft curation of {draft.report.source}, made by `mosgraph curate`.",
            "#",
            "# Every entry is proposed (confirmed: false) and rests on the quoted words of the",
            "# report. Check each one: correct it, delete it, or set confirmed: true. `mosgraph",
            "# build` uses confirmed entries only and reports the others.",
            "",
            "# Names the register of organisations resolves:",
            *(f"#   {written} -> {name} (line {line})" for written, name, line in draft.matched),
            "# Names it does not know (built as written, with a warning; give them a kind and",
            "# a country under organisations:, or add them to data/registry/):",
            *(f"#   {written} (line {line})" for written, line in draft.unknown),
            "",
        ]

        def work(w: _Work) -> dict[str, object]:
            return {"key": _key(w.key), "name": _q(w.name), "kind": w.kind,
                    "part-of": _key(w.part_of),
                    "aliases": "[" + ", ".join(map(_q, w.aliases)) + "]", "quote": _q(w.quote)}

        def decision(d: DraftDecision) -> dict[str, object]:
            return {"key": _key(d.key), "kind": d.kind, "about": _keys(d.about), "year": d.year,
                    "into": _key(d.into), "becomes": _key(d.becomes),
                    "led-by": _key_or_keys(d.led_by),
                    "supported-by": _key_or_keys(d.supported_by),
                    "keeps-ties-with": _key(d.keeps_ties_with), "quote": _q(d.quote)}

        def figure(f: DraftFigure) -> dict[str, object]:
            year = str(f.year) if f.year_given else \
                f"{f.year}  # the sentence names no year: this is the event's; check it"
            return {"key": _key(f.key), "population": _q(f.population), "year": year,
                    "quote": _q(f.quote)}

        sections: list[tuple[str, list[dict[str, object]]]] = [
            ("organisations", [work(w) for w in draft.offices]),
            ("bodies", [work(w) for w in draft.works if w.kind not in _WORKS]),
            ("works", [work(w) for w in draft.works if w.kind in _WORKS]),
            ("decisions", [decision(d) for d in draft.decisions]),
            ("statuses", [{"about": _keys(s.about), "status": s.status, "year": s.year,
                           "quote": _q(s.quote)} for s in draft.statuses]),
            ("figures:  # the number and its bound are read from the quote",
             [figure(f) for f in draft.figures]),
            ("quotations", [{"speaker": _q(speaker), "quote": _q(quote)}
                            for speaker, quote in draft.quotations]),
        ]
        for title, entries in sections:
            if entries:
                lines.append(title if ":" in title else f"{title}:")
                for fields in entries:
                    self.entry(fields)
                lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"

    def entry(self, fields: dict[str, object]) -> None:
        first = True
        for name, value in fields.items():
            if value is None:
                continue
            self.lines.append(f"  {'- ' if first else '  '}{name}: {value}")
            first = False
        self.lines.append("    confirmed: false")


def _keys(keys: Sequence[str]) -> str:
    return "[" + ", ".join(_key(key) or "" for key in keys) + "]"


def _key_or_keys(keys: Sequence[str]) -> str | None:
    if not keys:
        return None
    return _key(keys[0]) if len(keys) == 1 else _keys(keys)


def _key(key: str | None) -> str | None:
    """A key as YAML reads it back as text: bare when it cannot be read as anything else
    (a number, a boolean such as "no" or "on", null), else quoted."""
    if key is None:
        return None
    return key if re.fullmatch(r"[a-z][a-z0-9-]*", key) and not re.fullmatch(
        r"y|n|yes|no|on|off|true|false|null", key) else _q(key)
