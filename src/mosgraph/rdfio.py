"""Read and write RDF files: parser errors translated, writes atomic and deterministic.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> bad = folder / "bad.ttl"
>>> _ = bad.write_text("@prefix ex: <http://example.org/> .\\nex:a ex:b ex:c ;\\n ex:d .\\n")
>>> load_graph(bad)  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.RDFSyntaxError: .../bad.ttl:3: not valid Turtle: ...
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset, Graph

from .errors import RDFSyntaxError
from .formats import Format, for_path

__all__ = ["atomic_write", "load_graph", "serialize", "write_graph"]

_LINE = re.compile(r"(?:line[ :]*|at line )(\d+)", re.IGNORECASE)


def load_graph(path: str | os.PathLike[str], fmt: Format | None = None) -> Graph:
    """Parse the RDF file at ``path`` (format from its extension unless given).

    Quads formats are read into a :class:`rdflib.Dataset` and returned as one graph (the
    union of its named graphs), so that every RDF file gives the same kind of object.
    """
    path = Path(path)
    fmt = fmt or for_path(path, rdf_only=True)
    if not path.is_file():
        raise RDFSyntaxError("file not found", file=str(path))
    try:
        if fmt.quads:
            dataset = Dataset()
            dataset.parse(path, format=fmt.rdflib)
            graph = Graph()
            for prefix, namespace in dataset.namespaces():
                graph.bind(prefix, namespace)
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt.rdflib)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        message = " ".join(str(exc).split()).split(" at ^ in:")[0]
        match = _LINE.search(message)
        line = int(match.group(1)) if match else _line_of(path, message)
        message = re.sub(r"^at line \d+ of <[^>]*>:\s*", "", message)
        kind = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML"}.get(
            fmt.rdflib or "", fmt.name
        )
        raise RDFSyntaxError(f"not valid {kind}: {message}", file=str(path), line=line) from exc


def _line_of(path: Path, message: str) -> int | None:
    """The line of ``path`` that a parser message quotes (N-Triples names no line number)."""
    quoted = message.split("Invalid line:", 1)[-1].strip() if "Invalid line:" in message else ""
    if quoted:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip() == quoted:
                    return number
    return None


def serialize(graph: Graph, fmt: Format) -> bytes:
    """The bytes of ``graph`` in ``fmt``, the same bytes for the same triples every time.

    A plain graph is written by :func:`mosgraph.export.serialize_rdf` (canonical order,
    lexical forms kept, JSON-LD with the published context embedded); a :class:`rdflib.Dataset`
    keeps its named graphs, in sorted N-Quads or rdflib's TriG.
    """
    if isinstance(graph, Dataset) and fmt.quads and fmt.name != "jsonld":
        text = graph.serialize(format="nquads", encoding="utf-8").decode("utf-8")
        lines = sorted({line for line in text.split("\n") if line.strip()})
        if fmt.name == "nquads":
            return "".join(line + "\n" for line in lines).encode("utf-8")
        ordered = Dataset()
        for prefix, namespace in graph.namespaces():
            ordered.bind(prefix, namespace)
        ordered.parse(data="\n".join(lines), format="nquads")
        data: bytes = ordered.serialize(format="trig", encoding="utf-8")
        return data
    from .export import serialize_rdf  # export builds on this module's writers

    # bytes not tied to a file carry their JSON-LD context inside (write_graph refers to a
    # context.jsonld written beside the file instead)
    return serialize_rdf(graph, fmt, context_iri=None)


def write_graph(graph: Graph, path: str | os.PathLike[str], fmt: Format | None = None) -> Format:
    """Write ``graph`` to ``path`` atomically; the format comes from the extension if not given.

    JSON-LD also writes its ``context.jsonld`` beside the file.
    """
    from .export import export_graph

    fmt = fmt or for_path(path, rdf_only=True)
    export_graph(graph, path, fmt)
    return fmt


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    If the body raises, the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as out:
            yield out
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
