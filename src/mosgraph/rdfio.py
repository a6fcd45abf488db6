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
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Dataset, Graph

from . import jsonld, rdfxml
from .errors import RDFSyntaxError, UsageError
from .formats import Format, by_name, for_path
from .output import atomic_write, write_files
from .terms import quads_of, to_dataset, to_graph

__all__ = [
    "Limits",
    "Parsed",
    "atomic_write",
    "canonical",
    "load_dataset",
    "load_graph",
    "named_contexts",
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
    limits = limits or Limits.from_env()
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
    original = data
    if chosen.name in ("rdfxml", "jsonld"):
        if data is None:
            assert path is not None
            data = original = _read_bytes(path)
        if chosen.name == "rdfxml":
            data = rdfxml.defuse(data, file=name, max_depth=limits.max_depth)
        else:
            named = tuple(contexts) if contexts is not None else named_contexts.get()
            data = jsonld.resolve_contexts(data, file=name, contexts=named,
                                           max_depth=limits.max_depth)
    ox_format = pyoxigraph.RdfFormat.from_media_type(chosen.media_type)
    base = base_iri if base_iri is not None else path.resolve().as_uri() if path else None
    try:
        parser = pyoxigraph.parse(data, format=ox_format, base_iri=base) if data is not None \
            else pyoxigraph.parse(path=str(path), format=ox_format, base_iri=base)
        quads = list(parser)
        prefixes = dict(parser.prefixes)
    except SyntaxError as exc:
        error = _syntax_error(exc, name, chosen)
        if error.line is None and chosen.name == "rdfxml" and original is not None:
            error = RDFSyntaxError(error.message, file=name, **_xml_place(original))
        raise error from exc
    except OSError as exc:
        raise RDFSyntaxError(f"cannot read it: {exc.strerror or exc}", file=name) from exc
    return Parsed(quads, prefixes)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RDFSyntaxError(f"cannot read it: {exc.strerror or exc}", file=str(path)) from exc


_PLACE = re.compile(r"^Parser error (?:at line (\d+) column (\d+)|between line (\d+) column "
                    r"(\d+) and line \d+ column \d+|at line (\d+) between columns (\d+) "
                    r"and \d+): ")


def _xml_place(data: bytes) -> dict[str, int]:
    """Where XML that is not well-formed goes wrong, as expat finds it (pyoxigraph's
    RDF/XML errors name no place). Run on data :func:`rdfxml.defuse` accepted: its
    entities are internal and small; expat fetches nothing."""
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
    parsed = read(path, fmt, contexts=contexts)
    return to_graph(parsed.quads, parsed.prefixes)


def load_dataset(path: str | os.PathLike[str], fmt: Format | str | None = None, *,
                 contexts: Iterable[str | os.PathLike[str]] | None = None) -> Dataset:
    """The RDF file at ``path`` as an rdflib dataset, each named graph kept."""
    parsed = read(path, fmt, contexts=contexts)
    return to_dataset(parsed.quads, parsed.prefixes)


# --- writing -------------------------------------------------------------------------------------

_DEFAULT = pyoxigraph.DefaultGraph()


def canonical(quads: Iterable[Any], *, union: bool = False) -> list[Any]:
    """``quads`` without duplicates, blank nodes labelled canonically (RDFC-1.0), sorted;
    with ``union``, all in the default graph."""
    if union:
        quads = [q if q.graph_name == _DEFAULT else
                 pyoxigraph.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads]
    by_key = {str(q): q for q in quads}
    if any("_:" in key for key in by_key) and any(
            type(t) is pyoxigraph.BlankNode for q in by_key.values()
            for t in (q.subject, q.object, q.graph_name)):
        dataset = pyoxigraph.Dataset(by_key.values())
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
        by_key = {str(q): q for q in dataset}
    return [by_key[key] for key in sorted(by_key)]


def _prefixes(quads: list[Any], declared: Mapping[str, str]) -> dict[str, str]:
    """Prefixes for Turtle, TriG and RDF/XML: the data's own, then mosgraph's, where used."""
    known = {k: v for k, v in jsonld.jsonld_context()["@context"].items()
             if isinstance(v, str) and v.endswith(("/", "#")) and "://" in v}
    namespaces: set[str] = set()
    seen: set[Any] = set()
    for quad in quads:
        for term in (quad.predicate, quad.object, quad.subject):
            if term not in seen:
                seen.add(term)
                text = term.value if type(term) is pyoxigraph.NamedNode else \
                    term.datatype.value if type(term) is pyoxigraph.Literal else ""
                cut = max(text.rfind("/"), text.rfind("#")) + 1
                namespaces.add(text[:cut])
    chosen: dict[str, str] = {}
    for prefix, namespace in [*sorted(declared.items()), *sorted(known.items())]:
        if prefix and re.fullmatch(r"[A-Za-z][\w-]*", prefix) and prefix not in chosen and \
                namespace in namespaces and namespace not in chosen.values():
            chosen[prefix] = namespace
    return dict(sorted(chosen.items()))


def serialize(data: Graph | Parsed | Iterable[Any], fmt: Format | str, *,
              prefixes: Mapping[str, str] | None = None, context_iri: str | None = None,
              union: bool = False) -> bytes:
    """The bytes of ``data`` (an rdflib graph or dataset, :class:`Parsed`, or pyoxigraph
    triples or quads) in the RDF format ``fmt`` (a Format or a name such as ``"ttl"``).

    The same quads give the same bytes. Lexical forms are kept; language tags are written
    in lower case (as RDF 1.1 allows). For JSON-LD, the context is embedded unless
    ``context_iri`` names where it is published. Raises
    :class:`~mosgraph.errors.UsageError` for what ``fmt`` cannot hold: named graphs in a
    triples format (unless ``union``: then the union of the graphs is written), and in
    RDF/XML a predicate that does not end in an XML name or a character XML cannot hold.
    """
    chosen = _format(fmt, None)
    if isinstance(data, Parsed):
        quads, declared = data.quads, dict(data.prefixes)
    else:
        quads = quads_of(data)
        declared = {p: str(n) for p, n in data.namespaces()} if isinstance(data, Graph) else {}
    declared.update(prefixes or {})
    if not chosen.quads:
        named = {q.graph_name for q in quads} - {_DEFAULT}
        if named and not union:
            raise UsageError(
                f"the data holds {len(named)} named graph{'s' if len(named) > 1 else ''}, "
                f"which {_KIND[chosen.name]} cannot hold: write N-Quads, TriG or JSON-LD (or "
                "write the union of the graphs: --union)")
    quads = canonical(quads, union=not chosen.quads)
    if chosen.name == "jsonld":
        return jsonld.write(quads, prefixes=declared, context_iri=context_iri)
    ox_format = pyoxigraph.RdfFormat.from_media_type(chosen.media_type)
    items = quads if chosen.quads else [q.triple for q in quads]
    if chosen.name in ("ntriples", "nquads"):
        output = pyoxigraph.serialize(items, format=ox_format)
    else:
        if chosen.name == "rdfxml":
            rdfxml.check_writable(sorted({q.predicate.value for q in quads}))
        try:
            output = pyoxigraph.serialize(items, format=ox_format,
                                          prefixes=_prefixes(quads, declared))
        except OSError as exc:
            raise UsageError(f"cannot write {_KIND[chosen.name]}: {exc}") from exc
        if chosen.name == "rdfxml" and output is not None:
            rdfxml.check_characters(output, (t for q in quads for t in (q.subject, q.object)))
    assert output is not None
    return output


def write_graph(data: Graph | Parsed | Iterable[Any], path: str | os.PathLike[str],
                fmt: Format | str | None = None, *, context_iri: str | None = None,
                union: bool = False) -> Format:
    """Write ``data`` to ``path`` atomically; the format comes from the extension if not
    given. See :func:`serialize`."""
    chosen = _format(fmt, path)
    payload = serialize(data, chosen, context_iri=context_iri, union=union)
    write_files({Path(path): payload})
    return chosen
