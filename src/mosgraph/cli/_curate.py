"""``mosgraph curate``: draft the curation of a report, and measure a draft."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ._app import fail, handle_errors

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
    from ..reader import read_report
    from ..scoring import compare

    parsed = read_report(report)
    draft = draft_curation(parsed)
    text = draft.yaml()
    if hand is not None:
        scores = compare(draft, load_curation(hand, parsed))
        click.echo(f"the draft of {report.name} against {hand}:")
        click.echo(f"  {'kind':<26}{'drafted':>8}{'curated':>8}{'correct':>8}"
                   f"{'precision':>10}{'recall':>8}")
        for score in scores:
            def share(value: float | None) -> str:
                return "-" if value is None else f"{value:.2f}"
            click.echo(f"  {score.kind:<26}{score.drafted:>8}{score.curated:>8}"
                       f"{score.correct:>8}{share(score.precision):>10}"
                       f"{share(score.recall):>8}")
        if output is None:
            return
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        fail(f"{output} exists: the draft would replace it (choose another file, or --force)")
    _write(output, text)
    counts = ", ".join(f"{n} {kind}" for kind, n in draft.counts().items() if n)
    click.echo(f"wrote {output}: {counts or 'nothing to propose'} (proposed, confirmed: false)")


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
