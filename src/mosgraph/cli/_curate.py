"""``mosgraph curate``: draft the curation of a report, and measure a draft."""

from __future__ import annotations

from pathlib import Path

import click

from ._app import echo, emit, fail, handle_errors

__all__ = ["curate"]


@click.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the draft here (default: print it).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--compare", "hand", type=click.Path(path_type=Path),
              help="A curation made by hand: print the precision and recall of the draft "
              "against it, by kind of fact.")
@handle_errors
def curate(report: Path, output: Path | None, force: bool, hand: Path | None) -> None:
    """Draft the curation of REPORT from its sentences: each fact with its quote, proposed.

    Every drafted entry is marked `confirmed: false`; `mosgraph build` uses it only once a
    person has checked it and set `confirmed: true` (or removed the line).

    \b
    Example:
        mosgraph curate report.txt -o report.yaml
        mosgraph curate data/reports/hlg-mos-2021-01-29.txt \\
            --compare tests/fixtures/curation/hlg-mos-2021-01-29.first.yaml
    """
    from ..curation import load_curation
    from ..drafting import draft_curation
    from ..output import check_target, write_files
    from ..reader import read_report
    from ..scoring import compare

    if output is not None:
        check_target(output)
    parsed = read_report(report)
    draft = draft_curation(parsed)
    text = draft.yaml()
    if hand is not None:
        scores = compare(draft, load_curation(hand, parsed))
        echo(f"the draft of {report.name} against {hand}:")
        echo(f"  {'kind':<26}{'drafted':>8}{'curated':>8}{'correct':>8}"
                   f"{'precision':>10}{'recall':>8}")
        for score in scores:
            def share(value: float | None) -> str:
                return "-" if value is None else f"{value:.2f}"
            echo(f"  {score.kind:<26}{score.drafted:>8}{score.curated:>8}"
                       f"{score.correct:>8}{share(score.precision):>10}"
                       f"{share(score.recall):>8}")
        if output is None:
            return
    if output is None:
        emit(text.encode("utf-8"))
        return
    if output.exists() and not force:
        fail(f"{output} exists: the draft would replace it (choose another file, or --force)")
    write_files({output: text.encode("utf-8")})
    counts = ", ".join(f"{n} {kind}" for kind, n in draft.counts().items() if n)
    echo(f"wrote {output}: {counts or 'nothing to propose'} (proposed, confirmed: false)")

