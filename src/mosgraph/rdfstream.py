"""Writing RDF in canonical order as a stream: the same statements give the same bytes, in
little memory.

*Canonical order* is the order of every RDF file mosgraph writes: each statement once,
sorted as its N-Quads line sorts (the default graph first, then each named graph in the
order of its name), blank nodes labelled canonically (RDFC-1.0, see
:func:`mosgraph.rdfio.canonical`).

* :func:`write_sorted` writes statements that come in canonical order as they come:
  pyoxigraph's writers (or the JSON-LD writer) take them one by one, while each one's
  N-Quads line is compared with the one before (exact duplicates, next to each other in
  that order, are written once). A statement out of order raises :class:`NotSorted`; a
  blank node raises :class:`NeedsMemory` (labelling blank nodes canonically takes all the
  statements at once).
* :func:`sorted_statements` puts statements in canonical order in bounded memory: sorted
  runs of N-Quads lines in temporary files, merged (:mod:`mosgraph.extsort`) as the writer
  takes them (:class:`Sorted`); :func:`sort_statements` writes them as N-Quads.

Turtle, TriG, RDF/XML and JSON-LD declare the prefixes that some IRI of the data starts
with, which only the end of the data tells. So the body is written with every candidate
prefix, and its header then replaced by the one of the prefixes used: a prefix that no IRI
starts with abbreviates nothing, so the body is the same. Where the prefixes used would
change the body (say, a JSON-LD prefix named like a scheme of the data), it is written
again.

>>> import io, pyoxigraph as ox
>>> from mosgraph.formats import by_name
>>> lines = (b'<http://example.org/a> <http://xmlns.com/foaf/0.1/name> "A" .\\n'
...          b'<http://example.org/a> <http://xmlns.com/foaf/0.1/name> "A" .\\n'
...          b'<http://example.org/b> <http://xmlns.com/foaf/0.1/name> "B" .\\n')
>>> out = io.BytesIO()
>>> write_sorted(lambda: ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), out,
...              by_name("ttl"), Layout(False, True, False),
...              prefixes={"ex": "http://example.org/", "dc": "http://purl.org/dc/terms/"})
2
>>> print(out.getvalue().decode(), end="")
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/> .
ex:a foaf:name "A" .
ex:b foaf:name "B" .
>>> write_sorted(lambda: reversed(list(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))),
...              io.BytesIO(), by_name("ttl"), Layout(False, True, False))
Traceback (most recent call last):
mosgraph.rdfstream.NotSorted: <http://example.org/a> <http://xmlns.com/foaf/0.1/name> "A"
"""

from __future__ import annotations

import contextlib
import itertools
import operator
import re
import shutil
import tempfile
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any, cast

import pyoxigraph

from . import extsort, jsonld, rdfxml
from .errors import UsageError
from .formats import Format

__all__ = [
    "Layout",
    "NeedsMemory",
    "NotSorted",
    "Sorted",
    "sort_statements",
    "sorted_statements",
    "write_sorted",
]

_DEFAULT = pyoxigraph.DefaultGraph()
_NQ = pyoxigraph.RdfFormat.N_QUADS
_CHUNK = 4096  # statements checked at once
_BLOCK = 1 << 20  # bytes of N-Quads checked at once when pyoxigraph writes them in one call
_NAMED = b"\x7f"  # before a named graph's sort key: after every line of the default graph
_KIND = {"turtle": "Turtle", "trig": "TriG", "rdfxml": "RDF/XML", "jsonld": "JSON-LD"}


class NotSorted(Exception):
    """The statements are not in canonical order (the message is the first one out of it)."""


class NeedsMemory(Exception):
    """The statements hold blank nodes, or a named graph that a triples format refuses:
    only all of them at once say how to write them."""


@dataclass(frozen=True)
class Layout:
    """Where statements go: ``named`` if they may be in named graphs; ``fold`` to write them
    all in the default graph (a triples format); ``refuse`` to refuse a named graph instead
    (:class:`NeedsMemory`: all the names are needed to say so)."""

    named: bool
    fold: bool
    refuse: bool

    @classmethod
    def of(cls, named: bool, target: Format, union: bool) -> Layout:
        """The layout of statements (``named``: they may be in named graphs) written in
        ``target``, the union of the graphs if ``union``."""
        return cls(named, not target.quads, named and not target.quads and not union)


class _InOrder:
    """The statements of ``quads`` as they are written (folded into the default graph if
    ``layout.fold``), each once, checked to be in canonical order; ``look`` gets their
    N-Quads (bytes), a chunk at a time, before they go on.

    A chunk is checked at once: pyoxigraph writes its N-Quads (one call) and the lines are
    compared in C (``operator.lt`` mapped over them), so no Python code runs for each
    statement unless they may be in named graphs.
    """

    def __init__(self, quads: Iterable[Any], layout: Layout,
                 look: Callable[[bytes], Any] | None, *, blank_nodes: bool) -> None:
        self.quads, self.layout, self.look = quads, layout, look
        self.blank_nodes = blank_nodes
        self.count = 0
        self._line = b""  # the last line so far
        self._graph: Any = _DEFAULT
        self._graph_key = ""

    def __iter__(self) -> Iterator[Any]:
        return itertools.chain.from_iterable(self._chunks())

    def drain(self) -> None:
        """Go through the statements (``look`` sees them all). Statements in the default
        graph only are written as N-Quads by pyoxigraph in one call, and checked a block of
        lines at a time as it writes them (no Python code runs for each statement)."""
        if self.layout.named:
            for _ in self._chunks():
                pass
            return
        blocks = _Blocks(self._check_text)
        try:
            pyoxigraph.serialize(self.quads, output=cast(IO[bytes], blocks), format=_NQ)
        except BaseException as exc:
            if blocks.error is not None and blocks.error is not exc:
                raise blocks.error from None  # what the check raised, whatever came back
            raise
        blocks.close()

    def _chunks(self) -> Iterator[list[Any]]:
        quads = iter(self.quads)
        while chunk := list(itertools.islice(quads, _CHUNK)):
            yield self._graphs(chunk) if self.layout.named else self._check(chunk)

    def _graphs(self, chunk: list[Any]) -> list[Any]:
        """``chunk`` folded into the default graph, or checked graph by graph."""
        names = [quad.graph_name for quad in chunk]
        if self.layout.fold:
            if any(name != _DEFAULT for name in names):
                if self.layout.refuse:
                    raise NeedsMemory("a named graph")
                chunk = [quad if name == _DEFAULT else quad.triple
                         for quad, name in zip(chunk, names, strict=True)]
            return self._check(chunk)
        checked: list[Any] = []
        start = 0
        for end in [*(i for i in range(1, len(names)) if names[i] != names[i - 1]),
                    len(names)]:
            name = names[start]
            if name != self._graph:
                key = "" if name == _DEFAULT else str(name)
                if key <= self._graph_key:
                    raise NotSorted(str(chunk[start]))
                if key.startswith("_:") and not self.blank_nodes:
                    raise NeedsMemory("a blank node")
                self._graph, self._graph_key, self._line = name, key, b""
            checked += self._check(chunk[start:end])
            start = end
        return checked

    def _check(self, chunk: list[Any]) -> list[Any]:
        kept = self._check_text(pyoxigraph.serialize(chunk, format=_NQ) or b"")
        return chunk if kept is None else list(itertools.compress(chunk, kept))

    def _check_text(self, text: bytes) -> list[bool] | None:
        """Check the N-Quads lines ``text`` (whole lines) and give them to ``look``, each
        once; which of them are kept (``None``: all)."""
        lines = text.split(b"\n")
        del lines[-1]
        if not lines:
            return None
        # "_" first: a one-byte search is fast, and most texts hold no "_" at all
        if not self.blank_nodes and b"_" in text and b"_:" in text and \
                any(line.startswith(b"_:") or b"> _:" in line for line in lines):
            raise NeedsMemory("a blank node")
        kept = None
        if lines[0] <= self._line or not all(map(operator.lt, lines, lines[1:])):
            kept = self._unique(lines)
            lines = list(itertools.compress(lines, kept))
            text = b"".join(line + b"\n" for line in lines)
        if lines:
            self._line = lines[-1]
        self.count += len(lines)
        if self.look is not None and text:
            self.look(text)
        return kept

    def _unique(self, lines: list[bytes]) -> list[bool]:
        """Which of ``lines`` are kept (each once), or :class:`NotSorted`."""
        kept = []
        previous = self._line
        for line in lines:
            if line <= previous:
                if line == previous:
                    kept.append(False)
                    continue
                raise NotSorted(line.decode("utf-8")[:-2])
            previous = line
            kept.append(True)
        return kept


class _Blocks:
    """A file for pyoxigraph's writer that gives ``take`` what is written, whole lines, a
    block of about :data:`_BLOCK` bytes at a time (the rest with :meth:`close`). What
    ``take`` raises is kept in :attr:`error` (and nothing more is taken)."""

    def __init__(self, take: Callable[[bytes], Any]) -> None:
        self.take = take
        self.parts: list[bytes] = []
        self.size = 0
        self.error: BaseException | None = None

    def write(self, data: bytes) -> int:
        if self.error is None:
            self.parts.append(bytes(data))  # a copy if pyoxigraph lends its buffer
            self.size += len(data)
            if self.size >= _BLOCK:
                text = b"".join(self.parts)
                end = text.rfind(b"\n") + 1
                self.parts, self.size = [text[end:]], len(text) - end
                self._take(text[:end])
        return len(data)

    def flush(self) -> None:
        """Nothing: blocks go on when they are whole."""

    def close(self) -> None:
        """Give ``take`` the rest."""
        if self.parts and self.error is None:
            self._take(b"".join(self.parts))
            self.parts = []

    def _take(self, text: bytes) -> None:
        try:
            self.take(text)
        except BaseException as exc:
            self.error = exc
            raise


class Sorted:
    """Canonical N-Quads lines, sorted and each once (as :func:`sorted_statements` gives
    them), for :func:`write_sorted`: not checked again."""

    def __init__(self, chunks: Iterable[list[bytes]]) -> None:
        self.chunks = chunks  # lists of lines, as :func:`extsort.sorted_lines` gives them

    def texts(self) -> Iterator[tuple[int, bytes]]:
        """How many lines, and the N-Quads, a block of whole lines at a time, from the
        start."""
        held: list[bytes] = []
        for chunk in _nquads(self.chunks):
            held += chunk
            if len(held) >= _CHUNK:
                yield len(held), b"".join(held)
                held = []
        if held:
            yield len(held), b"".join(held)


class _Known:
    """The statements :class:`Sorted` gives; ``look`` gets their N-Quads a block at a
    time, before they go on (parsed by pyoxigraph without checking IRIs again: it wrote
    them in the sort, from the terms it parsed and checked)."""

    def __init__(self, given: Sorted, look: Callable[[bytes], Any] | None) -> None:
        self.given, self.look = given, look
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        return itertools.chain.from_iterable(map(self._parsed, self.given.texts()))

    def _parsed(self, counted: tuple[int, bytes]) -> Any:
        self._see(counted)
        # lenient: pyoxigraph wrote these lines from terms it had checked when it parsed them
        return pyoxigraph.parse(counted[1], format=_NQ, lenient=True)

    def drain(self) -> None:
        """Go through the statements (``look`` sees them all) without parsing them."""
        for counted in self.given.texts():
            self._see(counted)

    def _see(self, counted: tuple[int, bytes]) -> None:
        self.count += counted[0]
        if self.look is not None:
            self.look(counted[1])


def _statements(given: Iterable[Any] | Sorted, layout: Layout,
                look: Callable[[bytes], Any] | None, labelled: bool) -> _InOrder | _Known:
    """The statements ``given``: checked as they come (:class:`_InOrder`), or known to be
    in canonical order."""
    if isinstance(given, Sorted):
        return _Known(given, look)
    return _InOrder(given, layout, look, blank_nodes=labelled)


class _Used:
    """Which of ``namespaces`` the data uses: ``<`` and the namespace in its N-Quads (in a
    literal too: then the prefix is declared for nothing, which does no harm)."""

    def __init__(self, namespaces: Iterable[str]) -> None:
        self.missing = {("<" + namespace).encode("utf-8"): namespace
                        for namespace in namespaces}
        self.found: set[str] = set()

    def __call__(self, text: bytes) -> None:
        if self.missing:
            found = [start for start in self.missing if start in text]
            for start in found:
                self.found.add(self.missing.pop(start))


def _candidates(declared: Mapping[str, str]) -> list[tuple[str, str]]:
    """The prefixes Turtle, TriG and RDF/XML may declare, first chosen first: the data's
    own, then mosgraph's (those of its JSON-LD context)."""
    known = {name: ns for name, ns in jsonld.jsonld_context()["@context"].items()
             if isinstance(ns, str) and ns.endswith(("/", "#")) and "://" in ns}
    return [(prefix, namespace) for prefix, namespace in
            [*sorted(declared.items()), *sorted(known.items())]
            if re.fullmatch(r"[A-Za-z][\w-]*", prefix)]


def _choose(candidates: list[tuple[str, str]], used: Container[str] | None) -> dict[str, str]:
    """The prefixes to declare: each candidate whose namespace is ``used`` (all if
    ``None``) unless its name or namespace was chosen before."""
    chosen: dict[str, str] = {}
    for prefix, namespace in candidates:
        if prefix not in chosen and namespace not in chosen.values() and \
                (used is None or namespace in used):
            chosen[prefix] = namespace
    return dict(sorted(chosen.items()))


def _same_body(written: Mapping[str, str], wanted: Mapping[str, str], used: set[str]) -> bool:
    """Whether a body written with the prefixes ``written`` is the one ``wanted`` gives:
    each wanted prefix was there, and each other one abbreviates nothing."""
    return all(written.get(prefix) == namespace for prefix, namespace in wanted.items()) and \
        all(prefix in wanted or namespace not in used for prefix, namespace in written.items())


_SAMPLE = pyoxigraph.Triple(pyoxigraph.NamedNode("http://example.org/s"),
                            pyoxigraph.NamedNode("http://example.org/p"), pyoxigraph.Literal("o"))


def _header(ox_format: Any, prefixes: dict[str, str]) -> bytes:
    """What pyoxigraph writes in ``ox_format`` before the first statement, with
    ``prefixes``."""
    if ox_format == pyoxigraph.RdfFormat.RDF_XML:
        empty = pyoxigraph.serialize([], format=ox_format, prefixes=prefixes) or b""
        return empty[: empty.rindex(b"</rdf:RDF>")]
    sample = pyoxigraph.serialize([_SAMPLE], format=ox_format, prefixes=prefixes) or b""
    return b"".join(line for line in sample.splitlines(keepends=True)
                    if line.startswith(b"@prefix "))


def write_sorted(source: Callable[[], Iterable[Any] | Sorted], out: IO[bytes],
                 target: Format, layout: Layout, *, prefixes: Mapping[str, str] | None = None,
                 context_iri: str | None = None, labelled: bool = False,
                 folder: str | None = None) -> int:
    """Write the statements ``source()`` gives (pyoxigraph quads in canonical order, or a
    :class:`Sorted`) to ``out`` in ``target``, as ``layout`` says; return how many
    were written (each once).

    ``prefixes`` are the data's own (Turtle, TriG, RDF/XML and JSON-LD declare those some
    IRI starts with, and mosgraph's); ``context_iri`` is for JSON-LD, see
    :func:`mosgraph.jsonld.document_head`. ``source`` is called again if the body must be
    written again. ``labelled`` says that blank nodes are labelled canonically already.
    Temporary files go to ``folder``.

    Raises :class:`NotSorted` for statements out of canonical order, :class:`NeedsMemory`
    for blank nodes (unless ``labelled``), and :class:`~mosgraph.errors.UsageError` for what
    ``target`` cannot hold (see :func:`mosgraph.rdfio.serialize`). ``out`` then holds a part.
    """
    if target.name in ("ntriples", "nquads"):
        statements = _statements(source(), layout, out.write, labelled)
        statements.drain()
        return statements.count
    declared = dict(prefixes or {})
    if target.name == "jsonld" and not jsonld.extra_candidates(declared) and out.seekable():
        begin = out.tell()
        count = _json_ld_direct(source, out, layout, context_iri, labelled)
        if count is not None:
            return count
        out.seek(begin)
        out.truncate()
    with tempfile.SpooledTemporaryFile(1 << 20, dir=folder) as body:
        if target.name == "jsonld":
            count, start = _json_ld(source, body, layout, declared, context_iri, labelled, out)
        else:
            count, start = _pyoxigraph(source, body, target, layout, declared, labelled, out)
        body.seek(start)
        shutil.copyfileobj(body, out, 1 << 20)
    return count


def _pyoxigraph(source: Callable[[], Iterable[Any] | Sorted], body: IO[bytes], target: Format,
                layout: Layout, declared: dict[str, str], labelled: bool,
                out: IO[bytes]) -> tuple[int, int]:
    """Write the body with pyoxigraph's writer, and its header to ``out``; the statements
    written, and where in ``body`` what follows the header starts."""
    ox_format = pyoxigraph.RdfFormat.from_media_type(target.media_type)
    candidates = _candidates(declared)
    used = _Used({namespace for _, namespace in candidates})
    checked: set[bytes] = set()

    def look(text: bytes) -> None:
        used(text)
        if target.name == "rdfxml":
            rdfxml.check_nquads(text, checked)

    def write(prefixes: dict[str, str]) -> int:
        body.seek(0)
        body.truncate()
        statements = _statements(source(), layout, look, labelled)
        try:
            pyoxigraph.serialize(statements, output=body, format=ox_format, prefixes=prefixes)
        except OSError as exc:
            if exc.errno is not None:
                raise
            raise UsageError(f"cannot write {_KIND[target.name]}: {exc}") from exc
        return statements.count

    written = _choose(candidates, None)
    count = write(written)
    if count == 0 and ox_format != pyoxigraph.RdfFormat.RDF_XML:
        return 0, 0  # nothing at all, not even prefixes
    wanted = _choose(candidates, used.found)
    header = _header(ox_format, written)
    body.seek(0)
    if _same_body(written, wanted, used.found) and body.read(len(header)) == header:
        out.write(_header(ox_format, wanted))
        return count, len(header)
    return write(wanted), 0  # the body changes: written again, header and all


def _json_ld_direct(source: Callable[[], Iterable[Any] | Sorted], out: IO[bytes],
                    layout: Layout, context_iri: str | None, labelled: bool) -> int | None:
    """Write JSON-LD straight to ``out`` when the data declares no prefix that the context
    could take: its head is then known before its body, unless some IRI's scheme is named
    like a term of the context (which only the end of the data tells: then ``None``, and
    ``out`` holds a part). The statements written."""
    compactor = jsonld.Compactor(jsonld.jsonld_context()["@context"], {})
    out.write(jsonld.document_head({}, context_iri).encode("utf-8"))
    writer = jsonld.BodyWriter(compactor, out.write, named=layout.named and not layout.fold)
    statements = _statements(source(), layout, writer, labelled)
    statements.drain()
    writer.close()
    if jsonld.extra_prefixes({}, (), compactor.schemes):
        return None
    return statements.count


def _json_ld(source: Callable[[], Iterable[Any] | Sorted], body: IO[bytes], layout: Layout,
             declared: dict[str, str], context_iri: str | None, labelled: bool,
             out: IO[bytes]) -> tuple[int, int]:
    """Write the JSON-LD body, and its head to ``out``; the statements written, and 0."""
    context = jsonld.jsonld_context()["@context"]
    candidates = jsonld.extra_candidates(declared)
    used = _Used(candidates.values())

    def write(extra: dict[str, str]) -> tuple[int, set[str]]:
        body.seek(0)
        body.truncate()
        compactor = jsonld.Compactor(context, extra)
        writer = jsonld.BodyWriter(compactor, body.write, named=layout.named and not layout.fold)

        def look(text: bytes) -> None:
            used(text)
            writer(text)

        statements = _statements(source(), layout, look, labelled)
        statements.drain()
        writer.close()
        return statements.count, compactor.schemes

    count, schemes = write(candidates)
    wanted = jsonld.extra_prefixes(candidates, used.found, schemes)
    if not _same_body(candidates, wanted, used.found):
        count, _ = write(wanted)
    out.write(jsonld.document_head(wanted, context_iri).encode("utf-8"))
    return count, 0


# --- sorting -----------------------------------------------------------------------------------


def sort_statements(quads: Iterable[Any], layout: Layout, out: IO[bytes], *,
                    folder: str | None = None) -> int:
    """Write ``quads`` (pyoxigraph quads, in any order) to ``out`` as canonical N-Quads (as
    ``layout`` says: N-Triples if folded), each once; return how many were written.

    Sorted in bounded memory by :func:`sorted_statements`. Raises :class:`NeedsMemory`
    for blank nodes, and for a named graph if ``layout.refuse``.
    """
    count = 0
    with sorted_statements(quads, layout, folder=folder) as ordered:
        for chunk in _nquads(ordered.chunks):
            count += len(chunk)
            out.write(b"".join(chunk))
    return count


@contextlib.contextmanager
def sorted_statements(quads: Iterable[Any], layout: Layout, *,
                      folder: str | None = None) -> Iterator[Sorted]:
    """``quads`` (pyoxigraph quads, in any order) in canonical order (as ``layout`` says),
    each once, for :func:`write_sorted` (as often as it goes through them), in the block.

    Sorted in bounded memory by :func:`mosgraph.extsort.sorted_lines` (runs in temporary
    files in ``folder``). Raises :class:`NeedsMemory` for blank nodes, and for a named
    graph if ``layout.refuse``.
    """
    iterator = iter(quads)
    chunks = (_sort_keys(chunk, layout)
              for chunk in iter(lambda: list(itertools.islice(iterator, _CHUNK)), []))
    with extsort.sorted_lines(chunks, folder=folder) as lines:
        yield Sorted(lines)


def _sort_keys(chunk: list[Any], layout: Layout) -> list[bytes]:
    """The N-Quads lines of ``chunk`` as they sort: a named graph's lines start with
    :data:`_NAMED`, its name and a NUL (taken away when written)."""
    prefixes: list[bytes] | None = None
    if layout.named:
        names = [quad.graph_name for quad in chunk]
        if any(name != _DEFAULT for name in names):
            if layout.refuse:
                raise NeedsMemory("a named graph")
            if layout.fold:
                chunk = [quad if name == _DEFAULT else quad.triple
                         for quad, name in zip(chunk, names, strict=True)]
            else:
                keys = ["" if name == _DEFAULT else str(name) for name in names]
                if any(key.startswith("_:") for key in keys):
                    raise NeedsMemory("a blank node")
                prefixes = [_NAMED + key.encode("utf-8") + b"\0" if key else b""
                            for key in keys]
    text = pyoxigraph.serialize(chunk, format=_NQ) or b""
    lines = text.splitlines(keepends=True)
    if b"_" in text and b"_:" in text and \
            any(line.startswith(b"_:") or b"> _:" in line for line in lines):
        raise NeedsMemory("a blank node")
    if prefixes is not None:
        lines = [prefix + line for prefix, line in zip(prefixes, lines, strict=True)]
    return lines


def _nquads(chunks: Iterable[list[bytes]]) -> Iterator[list[bytes]]:
    """The lines of sorted keys ``chunks`` as N-Quads lines."""
    for chunk in chunks:
        if chunk[-1].startswith(_NAMED):  # named graphs sort last
            chunk = [line.partition(b"\0")[2] if line.startswith(_NAMED) else line
                     for line in chunk]
        yield chunk
