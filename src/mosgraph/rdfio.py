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
import json
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

    rdflib writes several formats in the order of its store, which varies from process to
    process; here every format comes out in a canonical order.
    """
    if fmt.name == "jsonld":
        data = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
        return (json.dumps(_canonical(data), indent=2, sort_keys=True, ensure_ascii=False)
                + "\n").encode("utf-8")
    ordered: Graph = Dataset() if fmt.quads and not isinstance(graph, Dataset) else Graph()
    if isinstance(graph, Dataset):
        ordered = graph  # named graphs kept as they are
    else:
        # a plain graph goes into the default graph (rdflib would name it with a random
        # blank node in TriG), with its triples inserted in sorted order
        for prefix, namespace in graph.namespaces():
            ordered.bind(prefix, namespace)
        for triple in sorted(graph):
            ordered.add(triple)
    text: bytes = ordered.serialize(format=str(fmt.rdflib), encoding="utf-8")
    if fmt.name == "rdfxml":
        return _sorted_rdfxml(text.decode("utf-8")).encode("utf-8")
    if fmt.name in ("ntriples", "nquads"):
        lines = sorted({line for line in text.decode("utf-8").splitlines() if line.strip()})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return text


def _sorted_rdfxml(text: str) -> str:
    """rdflib's flat RDF/XML with its ``rdf:Description`` blocks in a stable order."""
    marker = "\n  <rdf:Description"
    head, _, rest = text.partition(marker)
    if not rest:
        return text
    body, tail = (marker + rest).rsplit("\n</rdf:RDF>", 1)
    blocks = [marker + block for block in body.split(marker)[1:]]
    return head + "".join(sorted(blocks)) + "\n</rdf:RDF>" + tail


def _canonical(value: Any) -> Any:
    """JSON-LD with every array in a stable order (rdflib writes them in store order)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        if all(isinstance(item, dict) and "@list" not in item for item in items) or all(
            not isinstance(item, dict | list) for item in items
        ):
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        return items
    return value


def write_graph(graph: Graph, path: str | os.PathLike[str], fmt: Format | None = None) -> Format:
    """Write ``graph`` to ``path`` atomically; the format comes from the extension if not given."""
    fmt = fmt or for_path(path, rdf_only=True)
    data = serialize(graph, fmt)
    with atomic_write(path, "wb") as out:
        out.write(data)
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
