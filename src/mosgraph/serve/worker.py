"""What a worker process does: open the data once, then answer jobs until it is stopped.

A job is a small tuple sent over a pipe by the server (:mod:`mosgraph.serve.pool`); the
answer is a :class:`Reply` (status, content type, body). Queries run here, in a process of
their own, so that the server can stop a query past its time limit by killing the process:
Oxigraph cannot be interrupted inside an evaluation, and a thread cannot be killed.

:class:`Handler` is the same code without the process around it (``mosgraph publish`` and
the tests call it directly).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import IO, Any, cast

import pyoxigraph

from ..errors import MosgraphError, QueryError, StoreError
from ..query import WELL_KNOWN
from .pages import Reports, render_document
from .protocol import Operation, ProtocolError, rdf_format, results_format
from .site import Site
from .source import DataSpec, Source

__all__ = ["Handler", "Reply", "Settings", "main"]


@dataclass(frozen=True)
class Reply:
    """An answer: HTTP status, ``Content-Type`` and body, and any further headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A plain-text answer of one line (an error message)."""
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"),
                   tuple((headers or {}).items()))


@dataclass(frozen=True)
class Settings:
    """What every worker needs to know: the data, the site, the limits."""

    data: DataSpec
    site: Site
    max_result_bytes: int = 50_000_000
    report_folders: tuple[str, ...] = field(default_factory=tuple)


class _TooLarge(Exception):
    pass


class _Capped:
    """A binary writer that stops the serialiser past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.exceeded = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.exceeded = True
            raise OSError("the result is too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


class Handler:
    """Answers jobs against one source of data."""

    def __init__(self, settings: Settings, source: Source | None = None) -> None:
        self.settings = settings
        self.source = source if source is not None else settings.data.open()
        from ..resources import reports_dir

        folders = [*settings.report_folders]
        with contextlib.suppress(FileNotFoundError):
            folders.append(str(reports_dir()))
        self.reports = Reports(folders)

    def __call__(self, job: tuple[Any, ...]) -> Any:
        kind = job[0]
        if kind == "query":
            return self.query(job[1], job[2])
        if kind == "document":
            return self.document(job[1], job[2])
        if kind == "site":  # the site's own documents, made once at start
            from .documents import site_documents

            return site_documents(self.source, self.settings.site, endpoint=job[1])
        raise ValueError(f"unknown job {kind!r}")

    # --- the SPARQL endpoint ------------------------------------------------------------------

    def query(self, operation: Operation, accept: str | None) -> Reply:
        """Run a query and write its answer in the format ``accept`` prefers."""
        limit = self.settings.max_result_bytes
        out = _Capped(limit)
        try:
            result = self.source.query(operation.query, default_graph=operation.default_graphs,
                                       named_graphs=operation.named_graphs,
                                       base_iri=self.settings.site.base_url + "sparql")
            if isinstance(result, pyoxigraph.QueryBoolean):
                answer, content_type = results_format(accept)
                return Reply(200, content_type, result.serialize(format=answer) or b"")
            if isinstance(result, pyoxigraph.QuerySolutions):
                answer, content_type = results_format(accept)
                result.serialize(output=cast(IO[bytes], out), format=answer)
            else:
                graph, content_type = rdf_format(accept)
                pyoxigraph.serialize(result, output=cast(IO[bytes], out), format=graph,
                                     prefixes=WELL_KNOWN)
            return Reply(200, content_type, out.value())
        except ProtocolError as exc:
            return Reply.text(exc.status, exc.message)
        except QueryError as exc:
            return Reply.text(400, f"the query is not valid: {exc}")
        except StoreError as exc:
            return Reply.text(502, str(exc))
        except (OSError, RuntimeError, ValueError) as exc:
            if out.exceeded:
                return Reply.text(
                    422, f"the result is larger than this server sends "
                    f"({limit / 1_000_000:g} MB, its --max-result-mb): add a LIMIT, or ask "
                    "for fewer variables")
            return Reply.text(500, f"the query failed: {' '.join(str(exc).split())}")

    # --- pages --------------------------------------------------------------------------------

    def document(self, iri: str, media_type: str) -> Reply:
        body = render_document(self.source, self.settings.site, iri, media_type, self.reports)
        if body is None:
            from .site_pages import not_found

            return Reply(404, "text/html; charset=utf-8",
                         not_found(self.source, self.settings.site, iri))
        return Reply(200, _content_type(media_type), body)


def _content_type(media_type: str) -> str:
    if media_type.startswith("text/"):
        return f"{media_type}; charset=utf-8"
    return media_type


def main(conn: Connection, settings: Settings) -> None:  # pragma: no cover - in a child process
    """The worker process: open the data, say so, answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when workers stop
    try:
        handler = Handler(settings)
    except MosgraphError as exc:
        conn.send(("error", str(exc)))
        return
    except Exception as exc:
        conn.send(("error", f"cannot open the data: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = handler(job)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            reply = Reply.text(500, f"the server failed: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
