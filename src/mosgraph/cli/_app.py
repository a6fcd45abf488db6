"""The command-line application: a click group whose commands are imported when used.

Commands live one module each in this package and only parse options, call the library and
map errors to exit codes: 0 ok, 1 the data does not conform / a check found a problem,
2 usage or input error. Heavy libraries are imported inside the commands, so that
``mosgraph --help`` starts fast.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "context_option",
    "fail",
    "handle_errors",
    "main",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# command name -> "module:attribute"; a command module is imported only when it runs
_COMMANDS = {
    "build": "mosgraph.cli._build:build",
    "validate": "mosgraph.cli._build:validate",
    "read": "mosgraph.cli._build:read",
    "curate": "mosgraph.cli._curate:curate",
    "query": "mosgraph.cli._query:query",
    "load": "mosgraph.cli._query:load",
    "synth": "mosgraph.cli._query:synth",
    "export": "mosgraph.cli._export:export",
    "catalog": "mosgraph.cli._catalog:catalog",
    "network": "mosgraph.cli._network:network",
    "plot": "mosgraph.cli._network:plot",
    "serve": "mosgraph.cli._serve:serve",
    "publish": "mosgraph.cli._serve:publish",
}

F = TypeVar("F", bound=Callable[..., Any])


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in _COMMANDS if self.get_command(ctx, name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # that command is not part of this build
                return None
            raise
        command: click.Command = getattr(module, attribute)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mosgraph")
def main() -> None:
    """mosgraph: HLG-MOS meeting reports as a knowledge graph.

    Read a report, build and validate the graph, query it with SPARQL, export it, describe
    it for a catalogue, and analyse it as a network.

    \b
    Example:
        mosgraph build -o mosgraph.ttl && mosgraph validate mosgraph.ttl
    """


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print ``mosgraph: error: message`` on stderr and exit with ``code``."""
    click.echo(f"mosgraph: error: {message}", err=True)
    sys.exit(code)


def handle_errors(function: F) -> F:
    """Turn mosgraph's errors into one clear line on stderr and exit code 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import MosgraphError  # light module

        try:
            return function(*args, **kwargs)
        except MosgraphError as exc:
            fail(str(exc))
        except BrokenPipeError:  # output piped into `head` and closed early
            sys.exit(EXIT_OK)

    return wrapper  # type: ignore[return-value]


def context_option(function: F) -> F:
    """``--context FILE`` (or ``IRI=FILE``, repeatable): the JSON-LD context files a JSON-LD
    input may refer to. mosgraph fetches no context; without this option a document's
    reference to a context other than mosgraph's own is refused."""

    @functools.wraps(function)
    def wrapper(*args: Any, context: tuple[str, ...] = (), **kwargs: Any) -> Any:
        if not context:
            return function(*args, **kwargs)
        from ..rdfio import named_contexts

        token = named_contexts.set(context)
        try:
            return function(*args, **kwargs)
        finally:
            named_contexts.reset(token)

    option = click.option(
        "--context", "context", multiple=True, metavar="FILE|IRI=FILE",
        help="JSON-LD input: a local context file to use where the document refers to it "
        "(IRI=FILE for a given IRI). mosgraph never fetches a context.")
    return option(wrapper)  # type: ignore[return-value]
