"""Precision and recall of `mosgraph curate` against hand curations, by kind of fact.

    python bench/curate_accuracy.py tests/fixtures/heldout tests/fixtures/blind ...

Each folder holds ``reports/*.txt`` and, for each, ``curation/<same stem>.yaml`` made by hand.
The table sums the facts of the reports of each folder (see the README, "Drafting the
curation of a new report"). To measure the drafter of an earlier commit (the blind sets were
measured at the commits that froze the rules), run this file with that commit's sources:
``git worktree add /tmp/frozen c49f855 && PYTHONPATH=/tmp/frozen/src python
bench/curate_accuracy.py tests/fixtures/blind``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mosgraph.curation import load_curation
from mosgraph.drafting import draft_curation
from mosgraph.reader import read_report
from mosgraph.scoring import Score, compare, summed


def totals(folder: Path) -> list[Score]:
    """Facts drafted, curated and correct, by kind, over the reports of ``folder``."""
    scores = []
    for path in sorted((folder / "reports").glob("*.txt")):
        report = read_report(path)
        hand = load_curation(folder / "curation" / f"{path.stem}.yaml", report)
        scores.append(compare(draft_curation(report), hand))
    return summed(scores)


def main(folders: list[str]) -> None:
    for folder in map(Path, folders):
        reports = len(list((folder / "reports").glob("*.txt")))
        print(f"{folder} ({reports} reports)")
        print(f"  {'kind':<26}{'drafted':>8}{'curated':>8}{'correct':>8}{'precision':>10}"
              f"{'recall':>8}")
        for score in totals(folder):
            precision = "-" if score.precision is None else f"{score.precision:.2f}"
            recall = "-" if score.recall is None else f"{score.recall:.2f}"
            print(f"  {score.kind:<26}{score.drafted:>8}{score.curated:>8}{score.correct:>8}"
                  f"{precision:>10}{recall:>8}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["tests/fixtures/heldout", "tests/fixtures/blind",
                          "tests/fixtures/blind2"])
