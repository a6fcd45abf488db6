"""The command-line application: a click group whose commands are imported when used.

Commands live one module each in this package and only parse options, call the library and
map errors to exit codes: 0 ok, 1 the data does not conform / a check found a problem,
2 usage or input error. Heavy libraries are imported inside the commands, so that
``mosgraph --help`` starts fast.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "context_option",
    "echo",
    "emit",
    "fail",
    "force_option",
    "handle_errors",
    "main",
    "printable",
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
    "synth": "mosgraph.cli._synth:synth",
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

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """As click's, but a usage mistake is one line: ``mosgraph: error: ...`` (exit 2)."""
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # click 8.2: the help, as asked
                exc.show()
                sys.exit(exc.exit_code)
            path = exc.ctx.command_path.split()[1:] if isinstance(exc, click.UsageError) \
                and exc.ctx else []
            where = " ".join(["mosgraph", *path])
            fail(f"{exc.format_message()} (see {where} --help)", exc.exit_code)
        except click.Abort:
            click.echo("mosgraph: interrupted", err=True)
            sys.exit(130)


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


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` with control characters (but newlines and tabs) written as escapes, so that
    what a file says (an ANSI colour, a window title, a carriage return, a bidirectional
    override) cannot act on the terminal.

    >>> printable("Bad\x1b[31mRED\x1b]0;title\x07 \u202eevil")
    'Bad\\x1b[31mRED\\x1b]0;title\\x07 \\u202eevil'
    """
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text meant for people (tables, summaries, messages), control characters escaped."""
    click.echo(printable(text), err=err, nl=nl)


def emit(data: bytes) -> None:
    """Write data in a file format (CSV, JSON, RDF, ...) to standard output: exactly, unless
    standard output is a terminal (then control characters are escaped)."""
    stream = sys.stdout
    if stream.isatty():
        click.echo(printable(data.decode("utf-8", "replace")), nl=False)
        return
    stream.flush()
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (tests capture the output)
        stream.buffer.write(data)
        stream.flush()
        return
    view = memoryview(data)
    while view:  # os.write, not a buffered stream: a short write (a size limit) is not lost
        view = view[os.write(fd, view):]


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``mosgraph: error: message`` on stderr (one line) and exit with ``code``."""
    click.echo(f"mosgraph: error: {printable(' '.join(message.split()))}", err=True)
    sys.exit(code)


def handle_errors(function: F) -> F:
    """Turn every failure into one line on stderr and an exit code of the contract.

    mosgraph's errors (bad input, bad usage, a store that fails, a file that cannot be
    written) and the operating system's (a file that cannot be read, standard output that
    cannot take the output) exit 2; a pipe closed early (``| head``) ends quietly. Anything
    else is a bug, reported on one line as an internal error (``MOSGRAPH_DEBUG=1`` shows the
    traceback) with exit 2.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import MosgraphError  # light module

        try:
            try:
                return function(*args, **kwargs)
            finally:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        except MosgraphError as exc:
            fail(str(exc))
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head` and closed early
            _drop_stdout()
            sys.exit(EXIT_OK)
        except OSError as exc:
            if exc.filename is None and exc.errno is not None:  # writing to stdout failed
                _drop_stdout()
                fail(f"cannot write the output: {exc.strerror or exc}")
            fail(f"{exc.filename}: {exc.strerror or exc}")
        except RecursionError:
            fail("the input is nested too deeply for mosgraph to read")
        except MemoryError:
            fail("out of memory: the input is too large for this machine")
        except Exception as exc:
            if os.environ.get("MOSGRAPH_DEBUG"):
                raise
            fail(f"internal error (a bug in mosgraph: please report it; MOSGRAPH_DEBUG=1 "
                 f"shows where): {type(exc).__name__}: {exc}")

    return wrapper  # type: ignore[return-value]


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that Python's last flush does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def force_option(function: F) -> F:
    """``--force``: replace files written beside the output even if they hold something else."""
    option = click.option(
        "--force", is_flag=True,
        help="Replace the files written beside the output (CSV tables, VoID, schema.org) "
        "even when a file of that name holds something else.")
    return option(function)


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
