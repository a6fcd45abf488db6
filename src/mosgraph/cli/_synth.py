"""``mosgraph synth``: a synthetic corpus of meetings, for benchmarks and tests at scale."""

from __future__ import annotations

from pathlib import Path

import click

from ._app import echo, handle_errors

__all__ = ["MAX_MEETINGS", "synth"]

MAX_MEETINGS = 10_000
"""The most meetings ``synth`` makes: about 2.3 million triples, some 5 GB in memory."""


@click.command()
@click.option("--meetings", type=click.IntRange(min=1, max=MAX_MEETINGS), required=True,
              help=f"How many meetings to generate (about 230 triples each; at most "
                   f"{MAX_MEETINGS:,}: the graph is built in memory).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed always gives the same graph.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Graph file; format from the extension (.ttl, .nt, .jsonld, ...).")
@handle_errors
def synth(meetings: int, seed: int, output: Path) -> None:
    """Write a synthetic corpus of meetings in the vocabulary of the real graph.

    For benchmarks and tests at scale: people, organisations, groups and projects that
    change over ten years of meetings, built like the bundled report.

    \b
    Example:
        mosgraph synth --meetings 1000 -o corpus.nt
        mosgraph query corpus.nt attendance-counts
    """
    from ..formats import for_path
    from ..output import check_target
    from ..rdfio import write_graph
    from ..synth import synthesize

    fmt = for_path(output, rdf_only=True)
    check_target(output)
    graph = synthesize(meetings, seed=seed)
    write_graph(graph, output, fmt)
    echo(f"wrote {output} ({fmt.name}): {meetings} meetings, {len(graph)} triples")
