"""``mosgraph synth``: a synthetic corpus of meetings, for benchmarks and tests at scale."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._app import echo, handle_errors

__all__ = ["MAX_MEETINGS", "MAX_STREAMED", "synth"]

MAX_MEETINGS = 10_000
"""The most meetings ``synth`` makes in a format it builds in memory (not N-Triples or
N-Quads): about 2.3 million triples, some 5 GB."""
MAX_STREAMED = 1_000_000
"""The most meetings ``synth`` writes as N-Triples or N-Quads, as they are generated (in
bounded memory): about 230 million triples, some 40 GB on disk."""


@click.command()
@click.option("--meetings", type=click.IntRange(min=1, max=MAX_STREAMED), required=True,
              help=f"How many meetings to generate (about 230 triples each; at most "
                   f"{MAX_STREAMED:,} in N-Triples or N-Quads, written as they are "
                   f"generated, {MAX_MEETINGS:,} in the other formats, built in memory).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed always gives the same graph.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Graph file; format from the extension (.ttl, .nt, .jsonld, ...).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that build the meetings (the file is the same).  [default: "
                   "the number of cores mosgraph may use]")
@handle_errors
def synth(meetings: int, seed: int, output: Path, jobs: int | None) -> None:
    """Write a synthetic corpus of meetings in the vocabulary of the real graph.

    For benchmarks and tests at scale: people, organisations, groups and projects that
    change over ten years of meetings, built like the bundled report. N-Triples (.nt) and
    N-Quads (.nq) are written as the meetings are generated, in bounded memory; the other
    formats are built in memory first. A progress bar shows on a terminal.

    \\b
    Example:
        mosgraph synth --meetings 1000 -o corpus.nt
        mosgraph synth --meetings 100000 -o corpus.nt --jobs 1
        mosgraph query corpus.nt attendance-counts
    """
    from ..cores import usable_cores
    from ..errors import UsageError
    from ..formats import for_path
    from ..output import check_target
    from ..synth import write_synthetic

    fmt = for_path(output, rdf_only=True)
    if fmt.name not in ("ntriples", "nquads") and meetings > MAX_MEETINGS:
        raise UsageError(f"{meetings:,} meetings in {fmt.name}: at most {MAX_MEETINGS:,} "
                         "(the graph is built in memory); write .nt or .nq for more (they "
                         "are written as the meetings are generated)")
    check_target(output)
    jobs = jobs or usable_cores()
    if sys.stderr.isatty():
        with click.progressbar(length=meetings, label="meetings", file=sys.stderr,
                               show_pos=True) as bar:
            done = 0

            def progress(count: int) -> None:
                nonlocal done
                bar.update(count - done)
                done = count

            triples = write_synthetic(meetings, output, seed=seed, jobs=jobs,
                                      progress=progress)
    else:
        triples = write_synthetic(meetings, output, seed=seed, jobs=jobs)
    echo(f"wrote {output} ({fmt.name}): {meetings} meetings, {triples} triples")
