"""Read and write RDF: one layer on pyoxigraph, datasets first, exact and deterministic.

Every RDF file mosgraph reads or writes goes through here.

* **Reading** (:func:`read`): quads in, with each named graph kept and every literal's
  lexical form exactly as written. Before the parser sees a file, mosgraph checks what the
  parser does not: the size (:class:`Limits`, ``MOSGRAPH_MAX_INPUT_MB``), RDF/XML entities and
  nesting (:mod:`mosgraph.rdfxml`), JSON-LD contexts and nesting (:mod:`mosgraph.jsonld`):
  nothing is ever fetched. :func:`load_graph` and :func:`load_dataset` give rdflib objects
  (converted in :mod:`mosgraph.terms`).
* **Writing** (:func:`serialize`, :func:`write_graph`): the same bytes for the same quads,
  whatever their order, their blank node labels or the process (quads sorted; blank nodes
  labelled canonically with RDFC-1.0). N-Quads, TriG and JSON-LD keep named graphs;
  Turtle, N-Triples and RDF/XML refuse a dataset with named graphs unless ``union=True``.
  Writes are atomic (:func:`atomic_write`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> bad = folder / "bad.ttl"
>>> _ = bad.write_text("@prefix ex: <http://example.org/> .\\nex:a ex:b ex:c ;\\n ex:d .\\n")
>>> load_graph(bad)  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.RDFSyntaxError: .../bad.ttl:3:7: not valid Turtle: . is not a valid RDF object
>>> data = read(b'<http://x/a> <http://x/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> '
...             b'<http://x/g> .', "nquads")
>>> print(serialize(data, "trig").decode(), end="")  # doctest: +NORMALIZE_WHITESPACE
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://x/g> {
    <http://x/a> <http://x/p> 01 .
}
"""

from __future__ import annotations

import contextvars
import io
import itertools
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph

from . import jsonld, rdfstream, rdfxml
from .errors import RDFSyntaxError, UsageError
from .formats import Format, by_name, for_path
from .output import atomic_write, write_files

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

__all__ = [
    "Limits",
    "Parsed",
    "atomic_write",
    "canonical",
    "convert",
    "load_dataset",
    "load_graph",
    "load_into",
    "named_contexts",
    "prefixes",
    "read",
    "serialize",
    "write_files",
    "write_graph",
]


@dataclass(frozen=True)
class Limits:
    """What mosgraph reads at most: ``max_bytes`` of input (``MOSGRAPH_MAX_INPUT_MB``,
    default 1024), RDF/XML elements and JSON-LD nested ``max_depth`` deep."""

    max_bytes: int = 1024 << 20
    max_depth: int = 32

    @classmethod
    def from_env(cls) -> Limits:
        text = os.environ.get("MOSGRAPH_MAX_INPUT_MB")
        if not text:
            return cls()
        try:
            return cls(max_bytes=int(float(text) * (1 << 20)))
        except ValueError:
            raise UsageError(f"MOSGRAPH_MAX_INPUT_MB must be a number of megabytes, not "
                             f"{text!r}") from None


_DEFAULT = pyoxigraph.DefaultGraph()

named_contexts: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "named_contexts", default=())
"""JSON-LD context files the user named (``--context``), for reads that name none."""


@dataclass(frozen=True)
class Parsed:
    """What a file holds: its quads (as pyoxigraph gives them) and the prefixes it declared."""

    quads: list[Any]
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def graph_names(self) -> list[Any]:
        """The names of its named graphs, sorted."""
        default = pyoxigraph.DefaultGraph()
        return sorted({q.graph_name for q in self.quads if q.graph_name != default}, key=str)


# --- reading -------------------------------------------------------------------------------------

_KIND = {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "trig": "TriG",
         "rdfxml": "RDF/XML", "jsonld": "JSON-LD"}


def _format(fmt: Format | str | None, path: str | os.PathLike[str] | None) -> Format:
    if isinstance(fmt, Format):
        if not fmt.is_rdf:
            raise UsageError(f"{fmt.name} is not an RDF format")
        return fmt
    if fmt:
        return by_name(fmt, rdf_only=True)
    if path is None:
        raise UsageError("give the format of RDF data that is not in a file")
    return for_path(path, rdf_only=True)


def read(source: str | os.PathLike[str] | bytes, fmt: Format | str | None = None, *,
         base_iri: str | None = None, contexts: Iterable[str | os.PathLike[str]] | None = None,
         limits: Limits | None = None) -> Parsed:
    """The quads of an RDF file (a path) or of RDF bytes (then ``fmt`` is needed).

    Raises :class:`~mosgraph.errors.RDFSyntaxError` naming the file, line and column of a
    syntax error, and for what mosgraph refuses to read (too large, nested too deep, an
    entity bomb, a JSON-LD context it would have to fetch).
    """
    return _checked(source, fmt, base_iri, contexts, limits or Limits.from_env()).read()


@dataclass(frozen=True)
class _Checked:
    """RDF input that passed the checks: what the parser gets."""

    format: Format
    name: str | None
    path: Path | None
    data: bytes | None
    base_iri: str | None
    original: bytes | None = None  # RDF/XML as written (data has its DTD expanded)

    def error(self, exc: SyntaxError) -> RDFSyntaxError:
        """The error for a parser's ``exc``; for RDF/XML that is not well-formed, with the
        line and column expat finds (pyoxigraph names none)."""
        error = _syntax_error(exc, self.name, self.format)
        if error.line is None and self.format.name == "rdfxml" and self.original is not None:
            error = RDFSyntaxError(error.message, file=self.name, **_xml_place(self.original))
        return error

    def parser(self, **options: Any) -> Any:
        ox_format = pyoxigraph.RdfFormat.from_media_type(self.format.media_type)
        if self.data is not None:
            return pyoxigraph.parse(self.data, format=ox_format, base_iri=self.base_iri,
                                    **options)
        return pyoxigraph.parse(path=str(self.path), format=ox_format, base_iri=self.base_iri,
                                **options)

    def read(self) -> Parsed:
        try:
            parser = self.parser()
            quads = list(parser)
            prefixes = dict(parser.prefixes)
        except SyntaxError as exc:
            raise self.error(exc) from exc
        except OSError as exc:
            raise RDFSyntaxError(f"cannot read it: {exc.strerror or exc}",
                                 file=self.name) from exc
        if self.format.name == "rdfxml" and self.data is not None and b"Literal" in self.data:
            quads = rdfxml.canonical_xml_literals(quads)
        return Parsed(quads, prefixes)


def _checked(source: str | os.PathLike[str] | bytes, fmt: Format | str | None,
             base_iri: str | None, contexts: Iterable[str | os.PathLike[str]] | None,
             limits: Limits) -> _Checked:
    path = None if isinstance(source, bytes) else Path(source)
    chosen = _format(fmt, path)
    name = str(path) if path is not None else None
    data: bytes | None = source if isinstance(source, bytes) else None
    if path is not None:
        if not path.is_file():
            raise RDFSyntaxError("file not found" if not path.exists() else
                                 "not a regular file", file=name)
        size = path.stat().st_size
    else:
        assert data is not None
        size = len(data)
    if size > limits.max_bytes:
        raise RDFSyntaxError(f"larger than mosgraph reads ({size / (1 << 20):.1f} MB > "
                             f"{limits.max_bytes / (1 << 20):.1f} MB; set MOSGRAPH_MAX_INPUT_MB "
                             "to read more)", file=name)
    original = None
    if chosen.name in ("rdfxml", "jsonld"):
        if data is None:
            assert path is not None
            data = _read_bytes(path)
        if chosen.name == "rdfxml":
            original = data
            data = rdfxml.defuse(data, file=name, max_depth=limits.max_depth)
        else:
            named = tuple(contexts) if contexts is not None else named_contexts.get()
            data = jsonld.resolve_contexts(data, file=name, contexts=named,
                                           max_depth=limits.max_depth)
    base = base_iri if base_iri is not None else path.resolve().as_uri() if path else None
    return _Checked(chosen, name, path, data, base, original)


def load_into(store: Any, source: str | os.PathLike[str], fmt: Format | str | None = None, *,
              contexts: Iterable[str | os.PathLike[str]] | None = None,
              bulk: bool = False) -> None:
    """Add the triples of the RDF file ``source`` to the default graph of ``store`` (a
    ``pyoxigraph.Store``), checked as :func:`read` checks them; the triples of every named
    graph go to the default graph too. Nothing is added if the file is not valid.

    ``bulk`` uses Oxigraph's bulk loader for a triples file (N-Triples, Turtle, RDF/XML):
    much faster into a store on disk, but it writes as it reads, so a syntax error part-way
    leaves the triples before it in the store."""
    checked = _checked(source, fmt, None, contexts, Limits.from_env())
    if checked.format.name == "rdfxml" and checked.data and b"Literal" in checked.data:
        store.extend(checked.read().quads)  # XML literals made canonical on the way
        return
    ox_format = pyoxigraph.RdfFormat.from_media_type(checked.format.media_type)
    had_named_graphs = checked.format.quads and any(True for _ in store.named_graphs())
    load = store.bulk_load if bulk and not checked.format.quads else store.load
    try:
        if checked.data is not None:
            load(checked.data, format=ox_format, base_iri=checked.base_iri)
        else:
            load(path=str(checked.path), format=ox_format, base_iri=checked.base_iri)
    except SyntaxError as exc:
        raise checked.error(exc) from exc
    if checked.format.quads and not had_named_graphs and any(True for _ in store.named_graphs()):
        # mosgraph queries the default graph: the named graphs' triples go there
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } ; DROP NAMED")


def prefixes(path: str | os.PathLike[str]) -> dict[str, str]:
    """The prefixes an RDF file declares (read as it is parsed: memory stays small)."""
    file = Path(path)
    fmt = for_path(file, rdf_only=True)
    if fmt.name in ("ntriples", "nquads"):
        return {}  # these formats have none
    if fmt.name in ("rdfxml", "jsonld"):
        return read(file, fmt).prefixes
    parser = pyoxigraph.parse(path=str(file),
                              format=pyoxigraph.RdfFormat.from_media_type(fmt.media_type))
    try:
        for _ in parser:
            pass
    except SyntaxError as exc:
        raise _syntax_error(exc, str(file), fmt) from exc
    return dict(parser.prefixes)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RDFSyntaxError(f"cannot read it: {exc.strerror or exc}", file=str(path)) from exc


_PLACE = re.compile(r"^Parser error (?:at line (\d+) column (\d+)|between line (\d+) column "
                    r"(\d+) and line \d+ column \d+|at line (\d+) between columns (\d+) "
                    r"and \d+): ")


def _xml_place(data: bytes) -> dict[str, int]:
    """Where XML that is not well-formed goes wrong, as expat finds it. Run on data
    :func:`rdfxml.defuse` accepted: its entities are internal and small; expat fetches
    nothing."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return {"line": exc.lineno, "column": exc.offset + 1}
    return {}


def _syntax_error(exc: SyntaxError, file: str | None, fmt: Format) -> RDFSyntaxError:
    message = str(exc).split("\n")[0]
    match = _PLACE.match(message)
    line = exc.lineno
    column = exc.offset
    if match:
        line = int(match.group(1) or match.group(3) or match.group(5))
        column = int(match.group(2) or match.group(4) or match.group(6))
        message = message[match.end():]
    message = re.sub(r"\s*\([^()]*, line \d+\)$", "", message)
    return RDFSyntaxError(f"not valid {_KIND.get(fmt.name, fmt.name)}: {' '.join(message.split())}",
                          file=file, line=line, column=column)


def load_graph(path: str | os.PathLike[str], fmt: Format | str | None = None, *,
               contexts: Iterable[str | os.PathLike[str]] | None = None) -> Graph:
    """The RDF file at ``path`` as an rdflib graph (format from the extension unless given).

    Quads formats give the union of their graphs (use :func:`load_dataset` to keep them).
    """
    from .terms import to_graph

    parsed = read(path, fmt, contexts=contexts)
    return to_graph(parsed.quads, parsed.prefixes)


def load_dataset(path: str | os.PathLike[str], fmt: Format | str | None = None, *,
                 contexts: Iterable[str | os.PathLike[str]] | None = None) -> Dataset:
    """The RDF file at ``path`` as an rdflib dataset, each named graph kept."""
    from .terms import to_dataset

    parsed = read(path, fmt, contexts=contexts)
    return to_dataset(parsed.quads, parsed.prefixes)


# --- writing -------------------------------------------------------------------------------------
_NQ = pyoxigraph.RdfFormat.N_QUADS


def _order(quad: Any) -> tuple[str, str]:
    """Default graph first, then each named graph; in a graph, N-Quads order."""
    return ("" if quad.graph_name == _DEFAULT else str(quad.graph_name), str(quad))


def canonical(quads: Iterable[Any], *, union: bool = False) -> list[Any]:
    """``quads`` without duplicates, blank nodes labelled canonically (RDFC-1.0), sorted
    (the default graph first, then each named graph; in a graph, as N-Quads lines sort);
    with ``union``, all in the default graph."""
    if union:
        quads = [q if q.graph_name == _DEFAULT else
                 pyoxigraph.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads]
    by_key = {_order(q): q for q in quads}
    if any("_:" in key[1] for key in by_key) and any(
            type(t) is pyoxigraph.BlankNode for q in by_key.values()
            for t in (q.subject, q.object, q.graph_name)):
        dataset = pyoxigraph.Dataset(by_key.values())
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
        by_key = {_order(q): q for q in dataset}
    return [by_key[key] for key in sorted(by_key)]


def _data_of(data: Graph | Parsed | Iterable[Any]) -> tuple[list[Any], dict[str, str]]:
    if isinstance(data, Parsed):
        return data.quads, dict(data.prefixes)
    from .terms import quads_of

    rdflib = sys.modules.get("rdflib")  # data is an rdflib graph only if rdflib is loaded
    if rdflib is not None and isinstance(data, rdflib.Graph):
        return quads_of(data), {p: str(n) for p, n in data.namespaces()}
    return quads_of(data), {}


def _refuse_named_graphs(quads: list[Any], chosen: Format) -> None:
    named = {q.graph_name for q in quads} - {_DEFAULT}
    if named:
        raise UsageError(
            f"the data holds {len(named)} named graph{'s' if len(named) > 1 else ''}, "
            f"which {_KIND[chosen.name]} cannot hold: write N-Quads, TriG or JSON-LD (or "
            "write the union of the graphs: --union)")


def serialize(data: Graph | Parsed | Iterable[Any], fmt: Format | str, *,
              prefixes: Mapping[str, str] | None = None, context_iri: str | None = None,
              union: bool = False) -> bytes:
    """The bytes of ``data`` (an rdflib graph or dataset, :class:`Parsed`, or pyoxigraph
    triples or quads) in the RDF format ``fmt`` (a Format or a name such as ``"ttl"``).

    The same quads give the same bytes. Lexical forms are kept; language tags are written
    in lower case (as RDF 1.1 allows). Turtle, TriG, RDF/XML and JSON-LD declare the
    prefixes (the data's own and ``prefixes``, then mosgraph's) that some IRI of the data
    starts with. For JSON-LD, the context is embedded unless ``context_iri`` names where it
    is published. Raises :class:`~mosgraph.errors.UsageError` for what ``fmt`` cannot hold:
    named graphs in a triples format (unless ``union``: then the union of the graphs is
    written), and in RDF/XML a predicate that does not end in an XML name or a character
    XML cannot hold.
    """
    chosen = _format(fmt, None)
    quads, declared = _data_of(data)
    declared.update(prefixes or {})
    out = io.BytesIO()
    _write_all(quads, declared, chosen, out, context_iri=context_iri, union=union)
    return out.getvalue()


def _write_all(quads: list[Any], declared: Mapping[str, str], chosen: Format, out: IO[bytes],
               *, context_iri: str | None, union: bool, folder: str | None = None) -> int:
    """Write ``quads`` (in any order, blank nodes labelled as they come) to ``out``."""
    if not chosen.quads and not union:
        _refuse_named_graphs(quads, chosen)
    ordered = canonical(quads, union=not chosen.quads)
    return rdfstream.write_sorted(lambda: ordered, out, chosen,
                                  rdfstream.Layout.of(chosen.quads, chosen, True),
                                  prefixes=declared, context_iri=context_iri, labelled=True,
                                  folder=folder)


def convert(source: str | os.PathLike[str], target: str | os.PathLike[str] | IO[bytes],
            fmt: Format | str, *, source_format: Format | str | None = None,
            context_iri: str | None = None, union: bool = False,
            contexts: Iterable[str | os.PathLike[str]] | None = None,
            limits: Limits | None = None) -> int:
    """Write the RDF file ``source`` in ``fmt`` to ``target`` (a path, written atomically,
    or a binary file); return how many statements it holds. The bytes are those of
    ``serialize(read(source), fmt)``, made in little memory:

    * a file in canonical order (as mosgraph writes them: see :mod:`mosgraph.rdfstream`) is
      written as it is read, through pyoxigraph's writers;
    * a file in any other order is sorted first, in sorted runs in temporary files that are
      then merged (beside ``target``);
    * a file with blank nodes (or RDF/XML with XML literals) is held in memory: labelling
      blank nodes canonically takes all the statements at once.
    """
    chosen = _format(fmt, None)
    checked = _checked(source, source_format, None, contexts, limits or Limits.from_env())
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        with atomic_write(path, "wb") as out:
            return _convert(checked, chosen, out, str(path.parent), context_iri, union)
    with tempfile.TemporaryFile() as out:
        count = _convert(checked, chosen, out, None, context_iri, union)
        out.seek(0)
        shutil.copyfileobj(out, target, 1 << 20)
    return count


def _convert(checked: _Checked, chosen: Format, out: IO[bytes], folder: str | None,
             context_iri: str | None, union: bool) -> int:
    layout = rdfstream.Layout.of(checked.format.quads, chosen, union)
    try:
        try:
            if not _xml_literals(checked):
                try:
                    return _stream(checked, chosen, out, layout, folder, context_iri)
                except rdfstream.NotSorted:
                    out.seek(0)
                    out.truncate()
                return _sort(checked, chosen, out, layout, folder, context_iri)
        except rdfstream.NeedsMemory:
            out.seek(0)
            out.truncate()
        parsed = checked.read()
        return _write_all(parsed.quads, parsed.prefixes, chosen, out, context_iri=context_iri,
                          union=union, folder=folder)
    except SyntaxError as exc:
        raise checked.error(exc) from exc


def _open(checked: _Checked) -> Any:
    """A parser of ``checked``, which has read its first statement (and the prefixes
    before it), and that first statement."""
    parser = checked.parser()
    try:
        first = list(itertools.islice(parser, 1))
    except OSError as exc:
        raise RDFSyntaxError(f"cannot read it: {exc.strerror or exc}", file=checked.name) from exc
    return parser, first


def _xml_literals(checked: _Checked) -> bool:
    """Whether ``checked`` is RDF/XML that may hold XML literals (made canonical in memory)."""
    return checked.format.name == "rdfxml" and checked.data is not None and \
        b"Literal" in checked.data


def _stream(checked: _Checked, chosen: Format, out: IO[bytes], layout: rdfstream.Layout,
            folder: str | None, context_iri: str | None) -> int:
    """Write ``checked`` as it is read: it must be in canonical order."""
    parser, first = _open(checked)
    declared = dict(parser.prefixes)  # those before the first statement
    sources = [itertools.chain(first, parser)]

    def source() -> Iterable[Any]:
        return sources.pop() if sources else checked.parser()

    count = rdfstream.write_sorted(source, out, chosen, layout, prefixes=declared,
                                   context_iri=context_iri, folder=folder)
    if dict(parser.prefixes) != declared:
        raise rdfstream.NotSorted("prefixes declared after the first statement")
    return count


def _sort(checked: _Checked, chosen: Format, out: IO[bytes], layout: rdfstream.Layout,
          folder: str | None, context_iri: str | None) -> int:
    """Write ``checked`` sorted first (in bounded memory)."""
    parser, first = _open(checked)
    statements = itertools.chain(first, parser)
    if chosen.name in ("ntriples", "nquads"):
        return rdfstream.sort_statements(statements, layout, out, folder=folder)
    with rdfstream.sorted_statements(statements, layout, folder=folder) as ordered:
        return rdfstream.write_sorted(
            lambda: ordered, out, chosen, layout,
            prefixes=dict(parser.prefixes), context_iri=context_iri, folder=folder)


def write_graph(data: Graph | Parsed | Iterable[Any], path: str | os.PathLike[str],
                fmt: Format | str | None = None, *, context_iri: str | None = None,
                union: bool = False) -> Format:
    """Write ``data`` to ``path`` atomically; the format comes from the extension if not
    given. See :func:`serialize`."""
    chosen = _format(fmt, path)
    payload = serialize(data, chosen, context_iri=context_iri, union=union)
    write_files({Path(path): payload})
    return chosen
