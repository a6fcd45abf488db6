"""Measure a drafted curation against one made by hand: precision and recall, by kind of fact.

Facts are compared by what they say, not by their keys: an entry of one curation matches an
entry of the other when they share a name (or stand for the same register entry). The kinds:

* organisations and bodies: those the hand curation lists; the draft's are those it proposes
  and the register entries the report names (in its annex or its sentences);
* works: projects, activities, work programmes;
* decisions: kind, what they are about, the year, the group a merge goes into and what a
  continuation becomes (where the hand curation says so);
* leaders and supporters: who leads, supports and keeps ties with the work each decision
  decides (one fact per work and organisation);
* statuses: one fact per subject, with the year;
* figures: population, year, number and bound;
* quotations: who said the words quoted in a paragraph.

>>> from mosgraph.reader import read_report
>>> from mosgraph.drafting import draft_curation
>>> from mosgraph.curation import load_curation
>>> from mosgraph.resources import curation_dir, reports_dir
>>> report = read_report(reports_dir() / "hlg-mos-2021-01-29.txt")
>>> hand = load_curation(curation_dir() / "hlg-mos-2021-01-29.yaml", report)
>>> [(s.kind, s.recall) for s in compare(draft_curation(report), hand)][1:3]
[('works', 1.0), ('decisions', 1.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .curation import Curation
from .drafting import Draft
from .registry import Register, default_register, normalise
from .report import Report

__all__ = ["KINDS", "Score", "compare", "summed"]


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
    """Precision and recall of the facts of ``draft`` against ``hand``, by kind of fact
    (in the order of :data:`KINDS`)."""
    register = register or default_register()
    confirmed = draft.confirmed(register)
    canon = _Canon(confirmed, hand, register, draft.report)
    scores = []
    for kind, made in _FACTS.items():
        ours = list(dict.fromkeys(made(confirmed, canon, "draft")))
        theirs = list(dict.fromkeys(made(hand, canon, "hand")))
        if kind == "organisations and bodies":
            ours = list(dict.fromkeys([*(("organisation", f"register:{k}")
                                         for k in sorted(draft.registered)), *ours]))
        scores.append(Score(kind, len(ours), len(theirs), _matched(ours, theirs)))
    return scores


def summed(scores: Iterable[Sequence[Score]]) -> list[Score]:
    """The scores of several reports added up, kind by kind.

    >>> summed([[Score("figures", 2, 2, 1)], [Score("figures", 3, 1, 1)]])
    [Score(kind='figures', drafted=5, curated=3, correct=2)]
    """
    totals: dict[str, list[int]] = {}
    for report in scores:
        for score in report:
            row = totals.setdefault(score.kind, [0, 0, 0])
            row[0] += score.drafted
            row[1] += score.curated
            row[2] += score.correct
    return [Score(kind, *row) for kind, row in totals.items()]


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

    def __init__(self, draft: Curation, hand: Curation, register: Register,
                 report: Report) -> None:
        self.register = register
        self.spans = [p.span for p in (*report.preamble,
                                       *(p for s in report.sections for p in s.paragraphs))]
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
                return self(hand_key, "hand") if side == "draft" else f"hand:{hand_key}"
        return f"{side}:{key}"


    def paragraph(self, start: int) -> int:
        """The paragraph (by its place in the report) that the character ``start`` is in."""
        return next((i for i, span in enumerate(self.spans) if span.start <= start < span.end),
                    -start - 1)


_Facts = Callable[[Curation, _Canon, str], Iterator[tuple[object, ...]]]
_ORGANISATIONS = (None, "national-statistical-office", "international-organisation",
                  "collaboration", "board", "secretariat", "group", "network", "community")
_WORKS = ("project", "activity", "work-programme")


def _entities(kinds: tuple[str | None, ...]) -> _Facts:
    def made(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
        for entity in c.entities:
            if entity.kind in kinds:
                yield ("organisation" if entity.kind in _ORGANISATIONS else "work",
                       canon(entity.key, side))
    return made


def _decisions(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for d in c.decisions:
        yield (d.kind, frozenset(canon(k, side) for k in d.about), d.year, canon(d.into, side),
               canon(d.becomes, side))


def _leaders(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for d in c.decisions:
        for work in (d.becomes,) if d.becomes else d.about:
            for relation, keys in (("led-by", d.led_by), ("supported-by", d.supported_by),
                                   ("keeps-ties-with", (d.keeps_ties_with,)
                                    if d.keeps_ties_with else ())):
                for key in keys:
                    yield (canon(work, side), relation, canon(key, side))


def _statuses(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for s in c.statuses:
        for key in s.about:
            yield (s.status, canon(key, side), s.year)


def _figures(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for f in c.figures:
        yield (f.population, f.year, f.number, f.bound)


def _quotations(c: Curation, canon: _Canon, side: str) -> Iterator[tuple[object, ...]]:
    for speaker, quote in c.quotations:
        yield (normalise(speaker), canon.paragraph(quote.span.start))


_FACTS: dict[str, _Facts] = {
    "organisations and bodies": _entities(_ORGANISATIONS),
    "works": _entities(_WORKS),
    "decisions": _decisions,
    "leaders and supporters": _leaders,
    "statuses": _statuses,
    "figures": _figures,
    "quotations": _quotations,
}
KINDS = tuple(_FACTS)
