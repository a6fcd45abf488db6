"""Draft the curation of a report from its sentences, and measure a draft against a curation.

:func:`draft_curation` reads the sentences of a report and proposes the facts a person would
curate, each with the exact words it rests on and marked ``confirmed: false``:

* projects selected for a year ("X and the Y projects were selected for 2021");
* merges and their direction ("The A group will be merged with the B group": A into B);
* completions ("The X project was successfully completed");
* continuations, and who leads them and keeps ties ("X will continue as a community led by
  ONS and will keep ties with HLG-MOS Executive Board");
* support for work under someone's leadership ("support for keeping the X going under the
  leadership of OECD and with support from the Executive Board");
* approval of the work programme; work most affected by the pandemic;
* figures ("over 300 members in groups", "over 1,200 in attendance of expert meetings");
* quotations and who said them ("The Chair, Anil Arora, concluded that **...**").

The projects, activities and bodies these sentences name become ``works:`` and ``bodies:``
entries; names the register of organisations knows are used by key. Nothing is proposed that
no sentence says: a sentence the patterns do not recognise gives nothing.

:func:`compare` measures a draft against a curation made by hand: precision and recall of
facts, by kind. Facts are compared by what they say, not by their keys: an entry of one
matches an entry of the other when they share a name.

>>> from mosgraph.reader import parse_report
>>> report = parse_report("Report of the HLG-MOS meeting (3 May 2024)\\n\\n"
...     "The Data Linking project was completed. The Cloud Tools group will be merged with "
...     "the Sharing Tools Group.\\n")
>>> draft = draft_curation(report)
>>> [(d.kind, d.about, d.into) for d in draft.decisions]
[('merge', ('cloud-tools-group', 'sharing-tools-group'), 'sharing-tools-group')]
>>> [(s.status, s.about) for s in draft.statuses]
[('completed', ('data-linking',))]
>>> print(draft.yaml().split("works:\\n")[1].split("\\n\\n")[0])
  - key: data-linking
    name: "Data Linking project"
    kind: project
    aliases: ["Data Linking project"]
    quote: "Data Linking project"
    confirmed: false
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .curation import BOUND_WORDS, Curation, parse_curation
from .iris import slug
from .registry import Entry, Register, default_register, normalise
from .report import Apology, Attendee, Report
from .resolve import Resolver, body_kind

__all__ = ["Draft", "Score", "compare", "draft_curation"]

_SENTENCE = re.compile(r"[^\s*](?:.*?)(?:[.!?;](?=\s|$)|$)", re.S)
_OFFICE_NAME = re.compile(r"statisti|census|\bINE\b|\bNSI\b|\bNSO\b", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_WORK_NOUN = re.compile(r"\s+(?P<noun>projects?|activit(?:y|ies)|work)$", re.I)
_LIST = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)
_LIST_BEFORE_ARTICLE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?=(?:the|a|an)\s)", re.I)
_HAS_ARTICLE = re.compile(r"(?:,|\band)\s+(?:the|a|an)\s", re.I)
_NAME = r"(?:the\s+)?[^\W\d_][^.;:!?]*?"  # a name of work, starting with a letter
_SELECTED = re.compile(
    rf"(?P<subject>{_NAME})\s+(?:was|were|have\s+been|has\s+been)\s+selected\s+for\s+"
    r"(?:the\s+year\s+)?(?P<year>\d{4})\b", re.I | re.S)
_COMPLETED = re.compile(
    rf"(?P<subject>{_NAME})\s+(?:was|were|has\s+been|have\s+been)\s+(?:\w+ly\s+)?"
    r"(?:completed|finished|concluded)\b", re.I | re.S)
_MERGED = re.compile(
    rf"(?P<subject>{_NAME})\s+(?:will\s+be|was|were|is\s+to\s+be|are\s+to\s+be|has\s+been)\s+"
    rf"merged\s+(?P<how>with|into)\s+(?P<other>{_NAME})\s*(?:[.;]|$)", re.I | re.S)
_AND_THEN = r"(?:(?:was|were|has\s+been|have\s+been|is|are)\s+\w+(?:\s+\w+)?\s+and\s+)?"
_CONTINUE = re.compile(
    rf"(?P<subject>{_NAME})\s+{_AND_THEN}will\s+continue\s+as\s+(?:a|an)\s+(?P<form>community|network"
    r"|group|activity)(?:\s+led\s+by\s+(?P<leader>[^,.;]+?))?(?:\s*,?\s+and\s+will\s+keep\s+"
    r"(?:close\s+)?ties\s+with\s+(?P<ties>[^,.;]+?))?\s*(?:[.;]|$)", re.I | re.S)
_CONTINUE_PLAIN = re.compile(
    rf"(?P<subject>{_NAME})\s+{_AND_THEN}will\s+(?:be\s+)?continue[ds]?\b(?!\s+(?:to|as)\b)"
    r"[^.;]*[.;]?",
    re.I | re.S)
_WORK_ON = re.compile(r"^(?:the\s+)?work\s+(?:on|of)\s+(?:the\s+)?", re.I)
_NOT_WORK = {"we", "they", "it", "this", "that", "members", "participants", "countries",
             "offices", "agencies", "the group", "everyone", "he", "she", "the chair"}
_SUPPORT = re.compile(
    r"support\s+for\s+(?:keeping|continuing|maintaining)\s+(?P<subject>(?:the\s+)?[^.;]+?)\s+"
    r"(?:going\s+)?under\s+the\s+leadership\s+of\s+(?P<leader>[^,.;]+?)(?:\s+and\s+with\s+"
    r"(?:the\s+)?support\s+(?:from|of)\s+(?P<supporter>[^,.;]+?))?\s*(?:[.;]|$)", re.I | re.S)
_WORK_PROGRAMME = re.compile(
    r"(?:general\s+support\s+for|approv(?:ed|al\s+of)|adopted|endorsed)\s+the\s+work\s+"
    r"programme(?:\s+for\s+(?P<year>\d{4}))?", re.I | re.S)
_PROGRAMME_YEAR = re.compile(r"work\s+programme\s+for\s+(?P<year>\d{4})", re.I)
_AFFECTED = re.compile(
    rf"(?P<subject>{_NAME})\s+(?:was|were)\s+(?:the\s+)?most\s+affected\b", re.I | re.S)
_FIGURE = re.compile(
    r"(?:(?P<bound>" + "|".join(sorted(BOUND_WORDS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)\s+(?P<what>(?:[\w-]+\s+){0,5}?[\w-]+)"
    r"(?=\s*(?:[.,;]|\s+and\b|$))", re.I | re.S)
_POPULATIONS = (
    (re.compile(r"^members?\s+(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?groups?", re.I), "group-members"),
    (re.compile(r"(?:in\s+attendance\s+(?:of|at)|participants?\s+(?:in|at)|attendees?\s+"
                r"(?:of|at))\s+(?:the\s+)?expert\s+meetings?", re.I), "expert-meeting-attendees"),
)
_YEAR_IN = re.compile(r"\bin\s+(?P<year>(?:19|20)\d{2})\b", re.I)
_SPEAKER = re.compile(
    r"(?P<who>(?:the\s+)?(?:chair(?:person)?|president|co-chair)(?:\s*,\s*(?P<name>[^,]+?)\s*,)?"
    r"|(?P<named>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+)+))\s+(?:concluded|said|noted|stressed"
    r"|emphasi[sz]ed|underlined|added|remarked|observed|thanked|closed|summari[sz]ed)\b"
    r"(?:\s+that)?", re.I)


@dataclass(frozen=True)
class _Work:
    key: str
    name: str
    kind: str  # project, activity, work-programme, or a body kind (community, group, ...)
    aliases: tuple[str, ...]
    quote: str
    part_of: str | None = None


@dataclass(frozen=True)
class DraftDecision:
    key: str
    kind: str
    about: tuple[str, ...]
    quote: str
    year: int | None = None
    into: str | None = None
    becomes: str | None = None
    led_by: str | None = None
    supported_by: str | None = None
    keeps_ties_with: str | None = None


@dataclass(frozen=True)
class DraftStatus:
    about: tuple[str, ...]
    status: str
    quote: str
    year: int | None = None


@dataclass(frozen=True)
class DraftFigure:
    key: str
    population: str
    year: int
    quote: str


@dataclass
class Draft:
    """A drafted curation: proposed facts, each with the words of the report it rests on."""

    report: Report
    works: list[_Work] = field(default_factory=list)
    offices: list[_Work] = field(default_factory=list)  # offices the register does not know
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


_WORKS = ("project", "activity", "work-programme")


def draft_curation(report: Report, register: Register | None = None) -> Draft:
    """Propose the curation of ``report``: what its sentences say, each with its quote."""
    return _Drafter(report, register or default_register()).draft()


class _Drafter:
    def __init__(self, report: Report, register: Register) -> None:
        self.report = report
        self.register = register
        self.names = Resolver(report, None, register)
        self.out = Draft(report)
        self.by_name: dict[str, _Work] = {}
        self.keys: set[str] = set()

    # --- entities ---------------------------------------------------------------------

    def work(self, written: str, kind: str | None = None, quote: str | None = None) -> str:
        """The key of the work (or body) named ``written``: registered, or proposed (resting
        on ``quote``, by default the name itself)."""
        name = " ".join(_ARTICLE.sub("", _WORK_ON.sub("", written.strip())).split())
        if "**" in name:  # emphasis in the report: the words are the name
            name = name.replace("**", "")
            quote = quote or written.strip()
        registered = self.register.lookup(name, within=self.names.context)
        if registered is not None:
            self.out.registered.add(registered.key)
            return registered.key
        core = _WORK_NOUN.sub("", name)
        known = self.by_name.get(normalise(core))
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

    def unique(self, key: str) -> str:
        candidate, number = key, 2
        while candidate in self.keys or self.register.get(candidate) is not None:
            candidate, number = f"{key}-{number}", number + 1
        self.keys.add(candidate)
        return candidate

    def organisation(self, written: str) -> str | None:
        """The key of the organisation or body a sentence names: registered; or proposed,
        when its name says it is a statistical office; else None."""
        name = " ".join(_ARTICLE.sub("", written.strip()).split())
        found: Entry | None = self.names.body(written) or self.register.lookup(
            name, within=self.names.context)
        if found is not None and self.register.get(found.key) is not None:
            self.out.registered.add(found.key)
            return found.key
        if _OFFICE_NAME.search(name):
            key = next((o.key for o in self.out.offices if o.name == name), None)
            if key is None:
                key = self.unique(slug(name))
                self.out.offices.append(_Work(key, name, "national-statistical-office",
                                              (name,), name))
            return key
        self.out.unknown.append((name, self.report.title_span.line))
        return None

    def subjects(self, written: str) -> list[str]:
        """The works a list names: "The A, the B and the C project". When the items have
        their own articles, the list is cut only before one, so that "the Capability and
        Communication Group" stays one name."""
        text = " ".join(written.split())
        if self.register.lookup(_ARTICLE.sub("", text), within=self.names.context):
            return [self.work(text)]
        splitter = _LIST_BEFORE_ARTICLE if _HAS_ARTICLE.search(text) else _LIST
        return [self.work(p) for p in splitter.split(text) if p.strip()]

    # --- sentences --------------------------------------------------------------------

    def sentences(self) -> Iterator[str]:
        report = self.report
        paragraphs = [*report.preamble, *(p for s in report.sections for p in s.paragraphs)]
        for paragraph in paragraphs:
            for match in _SENTENCE.finditer(report.text, paragraph.span.start,
                                            paragraph.span.end):
                yield " ".join(match.group().split())

    def draft(self) -> Draft:
        out = self.out
        programme_year = next((int(m["year"]) for m in _PROGRAMME_YEAR.finditer(
            self.report.text)), self.report.date.year)
        chair = next((a.name for a in self.report.attendees
                      if any(r.casefold() == "chair" for r in a.roles)), None)
        for sentence in self.sentences():
            self.selection(sentence)
            self.completion(sentence)
            self.merge(sentence)
            self.continuation(sentence)
            self.continued(sentence)
            self.support(sentence)
            self.programme(sentence, programme_year)
            self.affected(sentence)
            self.figures(sentence)
        for paragraph in (p for s in self.report.sections for p in s.paragraphs):
            if not paragraph.quotes:
                continue
            text = " ".join(paragraph.span.exact.split())
            said = _SPEAKER.search(text)
            if said is None or said.start() > text.find("**"):
                continue
            speaker = said.group("name") or said.group("named") or chair
            if speaker:
                out.quotations.append((speaker, said.group()))
        self.names_in_the_annex()
        return out

    def selection(self, sentence: str) -> None:
        for found in _SELECTED.finditer(sentence):
            year = int(found["year"])
            about = tuple(self.subjects(found["subject"]))
            self.out.decisions.append(DraftDecision(
                self.unique(f"selection-{year}"), "selection", about, found.group(), year=year))
            self.out.statuses.append(DraftStatus(about, "selected", found.group(), year))

    def completion(self, sentence: str) -> None:
        for found in _COMPLETED.finditer(sentence):
            self.out.statuses.append(DraftStatus(tuple(self.subjects(found["subject"])),
                                                 "completed", found.group()))

    def merge(self, sentence: str) -> None:
        for found in _MERGED.finditer(sentence):
            merged, other = (self.work(found[part], body_kind(found[part]) or "group")
                             for part in ("subject", "other"))  # groups merge
            quote = found.group().rstrip(" ;")
            self.out.decisions.append(DraftDecision(
                self.unique(f"{merged}-merge"), "merge", (merged, other), quote, into=other))

    def continuation(self, sentence: str) -> None:
        for found in _CONTINUE.finditer(sentence):
            subject = self.work(found["subject"])
            core = _WORK_NOUN.sub("", " ".join(_ARTICLE.sub("", found["subject"]).split()))
            form = found["form"].lower()
            said = found.group()[:found.end("form") - found.start()]  # "X will continue as a Y"
            becomes = self.work(f"{core} {form}", form, quote=said)
            leader = self.organisation(found["leader"]) if found["leader"] else None
            ties = self.organisation(found["ties"]) if found["ties"] else None
            quote = found.group().rstrip(" ;")
            self.out.decisions.append(DraftDecision(
                self.unique(f"{subject}-continuation"), "continuation", (subject,), quote,
                becomes=becomes, led_by=leader, keeps_ties_with=ties))
            self.out.statuses.append(DraftStatus((subject,), "continuing", quote))

    def continued(self, sentence: str) -> None:
        """"X will continue (in a lighter form)": a continuation of X as it is."""
        for found in _CONTINUE_PLAIN.finditer(sentence):
            subject = " ".join(found["subject"].split())
            if normalise(_WORK_ON.sub("", subject)) in _NOT_WORK or \
                    normalise(subject) in _NOT_WORK:
                continue
            key = self.work(subject)
            quote = found.group().rstrip()
            self.out.decisions.append(DraftDecision(
                self.unique(f"{key}-continuation"), "continuation", (key,), quote))
            self.out.statuses.append(DraftStatus((key,), "continuing", quote))

    def support(self, sentence: str) -> None:
        for found in _SUPPORT.finditer(sentence):
            subject = self.work(found["subject"])
            leader = self.organisation(found["leader"])
            supporter = self.organisation(found["supporter"]) if found["supporter"] else None
            start = sentence.rfind("There was", 0, found.start())
            quote = sentence[start if start >= 0 else found.start():found.end()].rstrip(" ;")
            self.out.decisions.append(DraftDecision(
                self.unique(f"{subject}-support"), "support", (subject,), quote,
                led_by=leader, supported_by=supporter))
            self.out.statuses.append(DraftStatus((subject,), "continuing", quote))

    def programme(self, sentence: str, default_year: int) -> None:
        found = _WORK_PROGRAMME.search(sentence)
        if found is None:
            return
        year = int(found["year"]) if found["year"] else default_year
        named = next((m for m in _PROGRAMME_YEAR.finditer(self.report.text)
                      if int(m["year"]) == year), None)
        written = " ".join(named.group().split()) if named else f"work programme for {year}"
        name = f"{self.report.body} work programme for {year}"
        key = self.unique(slug(name))
        self.out.works.append(_Work(key, name, "work-programme", (written,),
                                    written if named else found.group()))
        start = sentence.rfind("There was", 0, found.start())
        quote = sentence[start if start >= 0 else found.start():found.end()]
        self.out.decisions.append(DraftDecision(
            self.unique(f"work-programme-{year}"), "work-programme-approval", (key,), quote,
            year=year))

    def affected(self, sentence: str) -> None:
        for found in _AFFECTED.finditer(sentence):
            if "pandemic" not in " ".join(self.report.text.split()).lower():
                return
            self.out.statuses.append(DraftStatus(tuple(self.subjects(found["subject"])),
                                                 "pandemic-affected", sentence))

    def figures(self, sentence: str) -> None:
        year = _YEAR_IN.search(sentence)
        for found in _FIGURE.finditer(sentence):
            population = next((p for pattern, p in _POPULATIONS
                               if pattern.search(found["what"])), None)
            if population is None or year is None:
                continue
            reference = int(year["year"])
            self.out.figures.append(DraftFigure(
                self.unique(f"{population}-{reference}"), population, reference,
                found.group()))

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
            "# Names it does not know (built as written, with a warning; add them under",
            "# organisations: with their kind and country, or to data/registry/):",
            *(f"#   {written} (line {line})" for written, line in draft.unknown),
            "",
        ]
        def work(w: _Work) -> dict[str, object]:
            return {"key": _key(w.key), "name": _q(w.name), "kind": w.kind,
                    "part-of": _key(w.part_of),
                    "aliases": "[" + ", ".join(map(_q, w.aliases)) + "]", "quote": _q(w.quote)}

        def decision(d: DraftDecision) -> dict[str, object]:
            return {"key": _key(d.key), "kind": d.kind, "about": _keys(d.about), "year": d.year,
                    "into": _key(d.into), "becomes": _key(d.becomes), "led-by": _key(d.led_by),
                    "supported-by": _key(d.supported_by),
                    "keeps-ties-with": _key(d.keeps_ties_with), "quote": _q(d.quote)}

        sections: list[tuple[str, list[dict[str, object]]]] = [
            ("organisations", [work(w) for w in draft.offices]),
            ("bodies", [work(w) for w in draft.works if w.kind not in _WORKS]),
            ("works", [work(w) for w in draft.works if w.kind in _WORKS]),
            ("decisions", [decision(d) for d in draft.decisions]),
            ("statuses", [{"about": _keys(s.about), "status": s.status, "year": s.year,
                           "quote": _q(s.quote)} for s in draft.statuses]),
            ("figures:  # the number and its bound are read from the quote",
             [{"key": _key(f.key), "population": f.population, "year": f.year,
               "quote": _q(f.quote)} for f in draft.figures]),
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


def _key(key: str | None) -> str | None:
    """A key as YAML reads it back as text: bare when it cannot be read as anything else
    (a number, a boolean such as "no" or "on", null), else quoted."""
    if key is None:
        return None
    return key if re.fullmatch(r"[a-z][a-z0-9-]*", key) and not re.fullmatch(
        r"y|n|yes|no|on|off|true|false|null", key) else _q(key)


# --- measuring a draft against a hand-made curation --------------------------------------------


@dataclass(frozen=True)
class Score:
    """How a draft compares with a hand curation for one kind of fact."""

    kind: str
    drafted: int
    curated: int
    correct: int  # drafted facts that match one of the hand curation

    @property
    def precision(self) -> float | None:
        return self.correct / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.curated if self.curated else None


def compare(draft: Draft, hand: Curation, register: Register | None = None) -> list[Score]:
    """Precision and recall of the facts of ``draft`` against ``hand``, by kind of fact.

    Facts are compared by what they say, not by their keys: an entry matches another when
    they share a name, or stand for the same register entry. The kinds: organisations and
    bodies (those the hand curation names, found in the register or proposed), works,
    decisions (kind, subjects and year, and the group a merge goes into, what a continuation
    becomes, who leads, supports and keeps ties, where the hand curation says so), statuses
    (one fact per subject), figures (population, year, number, bound) and quotations
    (speaker and place).
    """
    register = register or default_register()
    confirmed = draft.confirmed(register)
    canon = _Canon(confirmed, hand, register)
    scores = []
    for kind, made in _FACTS.items():
        ours = list(dict.fromkeys(made(confirmed, canon, "draft")))
        theirs = list(dict.fromkeys(made(hand, canon, "hand")))
        if kind == "organisations and bodies":
            ours = list(dict.fromkeys([*(("organisation", f"register:{k}")
                                         for k in sorted(draft.registered)), *ours]))
        scores.append(Score(kind, len(ours), len(theirs), _matched(ours, theirs)))
    return scores


def _matched(ours: list[tuple[object, ...]], theirs: list[tuple[object, ...]]) -> int:
    """How many of ``ours`` match a distinct fact of ``theirs`` (None in theirs: unsaid)."""
    left = list(theirs)
    count = 0
    for fact in ours:
        found = next((t for t in left if len(t) == len(fact) and all(
            b is None or a == b for a, b in zip(fact, t, strict=True))), None)
        if found is not None:
            left.remove(found)
            count += 1
    return count


class _Canon:
    """Gives each key of either curation one token: its register key, or its hand entry."""

    def __init__(self, draft: Curation, hand: Curation, register: Register) -> None:
        self.register = register
        self.names = {"hand": {e.key: {normalise(n) for n in (e.name, *e.aliases)}
                               for e in hand.entities},
                      "draft": {e.key: {normalise(n) for n in (e.name, *e.aliases)}
                                for e in draft.entities}}

    def __call__(self, key: str | None, side: str) -> str | None:
        if key is None:
            return None
        names = self.names[side].get(key)
        if names is None:
            return f"register:{key}" if self.register.get(key) else f"{side}:{key}"
        registered = next((found for n in sorted(names)
                           if (found := self.register.lookup(n)) is not None), None)
        if registered is not None:
            return f"register:{registered.key}"
        for hand_key, hand_names in self.names["hand"].items():
            if names & hand_names:
                return f"hand:{hand_key}"
        return f"{side}:{key}"


_Facts = Callable[[Curation, _Canon, str], Iterator[tuple[object, ...]]]
_ORGANISATIONS = ("national-statistical-office", "international-organisation",
                  "collaboration", "board", "secretariat", "group", "network", "community")


def _entities(kinds: tuple[str, ...]) -> _Facts:
    def made(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
        for entity in c.entities:
            if entity.kind in kinds:
                yield ("organisation" if entity.kind in _ORGANISATIONS else "work",
                       canon(entity.key, side))
    return made


def _decisions(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for d in c.decisions:
        yield (d.kind, frozenset(canon(k, side) for k in d.about), d.year, canon(d.into, side),
               canon(d.becomes, side), canon(d.led_by, side), canon(d.supported_by, side),
               canon(d.keeps_ties_with, side))


def _statuses(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for s in c.statuses:
        for key in s.about:
            yield (s.status, canon(key, side), s.year)


def _figures(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for f in c.figures:
        yield (f.population, f.year, f.number, f.bound)


def _quotations(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for speaker, quote in c.quotations:
        yield (normalise(speaker), quote.span.start)


_FACTS: dict[str, _Facts] = {
    "organisations and bodies": _entities(_ORGANISATIONS),
    "works": _entities(_WORKS),
    "decisions": _decisions,
    "statuses": _statuses,
    "figures": _figures,
    "quotations": _quotations,
}
