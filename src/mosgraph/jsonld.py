"""JSON-LD: mosgraph's published context, the compacted writer, and contexts on reading.

**The context.** :func:`jsonld_context` is the one source of mosgraph's JSON-LD context
(``context.jsonld`` in the package), published at :data:`CONTEXT_IRI`. It names our terms
in plain words (``name``, ``memberOf``, ``representing``, ``meeting``, ``derivedFrom``) and
declares the datatype or language of their values.

**Writing** (:func:`write`): a dataset as one JSON-LD document, *compacted* with the context:
one node object per subject, sorted, one per line; keys are the context's terms where they
fit, else prefixed names (``ex:knows``, adding the graph's own prefixes to the context) or
full IRIs; values that fit no term (another language, another datatype) are value objects,
so nothing is lost, and every literal keeps its exact lexical form. Named graphs are
``{"id": G, "@graph": [...]}`` objects. The context is embedded by default, so that any
JSON-LD processor (pyoxigraph, PyLD) reads the document with no network and no document
loader; ``context_iri`` refers to the published context by its IRI instead.

**Reading** (:func:`resolve_contexts`): a document's ``@context`` may name other documents.
mosgraph fetches nothing: it reads its own context by its IRI, and local files the user
names (``--context FILE`` or ``--context IRI=FILE``); any other reference is refused with a
clear error, before anything is parsed.

>>> import pyoxigraph as ox
>>> quads = list(ox.parse(b'''
...     @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...     <https://example.org/ana> a foaf:Person ; foaf:name "Ana" .
... ''', format=ox.RdfFormat.TURTLE))
>>> from mosgraph.rdfio import serialize
>>> print(serialize(quads, "jsonld", context_iri=CONTEXT_IRI).decode())
{
  "@context": "https://w3id.org/mosgraph/context.jsonld",
  "@graph": [
    {"id": "https://example.org/ana", "type": "foaf:Person", "name": "Ana"}
  ]
}
<BLANKLINE>
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pyoxigraph

from .errors import InputError, RDFSyntaxError, UsageError

__all__ = [
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "check_context_iri",
    "jsonld_context",
    "resolve_contexts",
    "write",
]

CONTEXT_FILE = "context.jsonld"
"""The name of the published JSON-LD context in the package (and on the web)."""

CONTEXT_IRI = "https://w3id.org/mosgraph/" + CONTEXT_FILE
"""Where the context is published: under :data:`mosgraph.iris.DEFAULT_BASE`."""

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@cache
def _context_bytes() -> bytes:
    return (resources.files("mosgraph") / CONTEXT_FILE).read_bytes()


def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context document (``{"@context": {...}}``), a fresh copy.

    >>> jsonld_context()["@context"]["representing"]
    {'@id': 'mos:onBehalfOf', '@type': '@id'}
    """
    document: dict[str, Any] = json.loads(_context_bytes())
    return document


# --- writing -----------------------------------------------------------------------------------


class _Compactor:
    """Writes terms in compact form under mosgraph's context (plus prefixes it adds)."""

    def __init__(self, context: dict[str, Any], prefixes: Mapping[str, str],
                 nquads: bytes) -> None:
        self.namespaces: dict[str, str] = {}  # namespace -> prefix
        self.taken = set(context)
        definitions: dict[str, Any] = {}
        self.id_key, self.type_key = "@id", "@type"
        for name, definition in context.items():
            if definition == "@id":
                self.id_key = name
            elif definition == "@type":
                self.type_key = name
            elif isinstance(definition, str) and _is_namespace(definition):
                self.namespaces.setdefault(definition, name)
            else:
                definitions[name] = definition
        expand = {prefix: ns for ns, prefix in self.namespaces.items()}
        self.extra = self._extra(prefixes, nquads)
        for prefix, namespace in self.extra.items():
            self.namespaces.setdefault(namespace, prefix)
        # predicate IRI -> (key, "@id" | datatype IRI | None, language | None)
        self.terms: dict[str, tuple[str, str | None, str | None]] = {}
        for name in sorted(definitions):
            definition = definitions[name]
            if isinstance(definition, str):
                definition = {"@id": definition}
            kind = definition.get("@type")
            iri = _expand(definition["@id"], expand)
            self.terms.setdefault(iri, (name, kind if kind in (None, "@id") else
                                        _expand(kind, expand), definition.get("@language")))
        self._cache: dict[str, str] = {}
        # the longest namespace that starts an IRI, found in one step
        self._namespace = re.compile("|".join(
            re.escape(ns) for ns in sorted(self.namespaces, key=lambda ns: (-len(ns), ns))))

    def _extra(self, prefixes: Mapping[str, str], nquads: bytes) -> dict[str, str]:
        """Prefixes to add: the data's own that shorten some IRI (in its N-Quads), and one
        for each IRI scheme that is a name of the context (written as is, ``label:x`` would
        be misread)."""
        known = set(self.namespaces)
        extra = {
            prefix: namespace for prefix, namespace in sorted(prefixes.items())
            if re.fullmatch(r"[A-Za-z][\w.-]*", prefix) and prefix not in self.taken
            and prefix not in ("http", "https", "urn", "_") and namespace not in known
            and _is_namespace(namespace)
            and re.search(re.escape(("<" + namespace).encode("utf-8")) + rb"[^>]", nquads)
        }
        schemes = {s.decode("ascii") for s in _SCHEME.findall(nquads)}
        extra = {p: ns for p, ns in extra.items() if p not in schemes}
        for scheme in sorted(schemes & (self.taken | set(extra))):
            extra[f"{scheme}-iri"] = scheme + ":"
        return extra

    def iri(self, text: str) -> str:
        found = self._cache.get(text)
        if found is not None:
            return found
        found = text
        match = self._namespace.match(text)
        if match is not None:
            suffix = text[match.end():]
            if suffix and not suffix.startswith("//"):
                found = f"{self.namespaces[match.group()]}:{suffix}"
        if len(self._cache) < 100_000:
            self._cache[text] = found
        return found

    def term(self, term: Any) -> str:
        if type(term) is pyoxigraph.BlankNode:
            return f"_:{term.value}"
        return self.iri(term.value)

    def value(self, fit: tuple[str, str | None, str | None] | None, obj: Any) -> Any:
        if type(obj) is pyoxigraph.Literal:
            language = obj.language
            datatype = None if language else obj.datatype.value
            if fit is None or (fit[1] is None and fit[2] is None):
                plain = datatype == _XSD_STRING
            elif fit[2] is not None:
                plain = language == fit[2]
            else:
                plain = datatype is not None and datatype == fit[1]
            direction = obj.direction if language else None
            if direction is not None:
                return {"@direction": str(direction.value), "@language": language,
                        "@value": obj.value}
            if plain:
                return obj.value
            if language:
                return {"@language": language, "@value": obj.value}
            if datatype != _XSD_STRING:
                return {"@type": self.iri(datatype or ""), "@value": obj.value}
            return {"@value": obj.value}
        if fit is not None and fit[1] == "@id":
            return self.term(obj)
        return {self.id_key: self.term(obj)}


_SCHEME = re.compile(rb"<([A-Za-z][A-Za-z0-9+.-]*):")


def _is_namespace(definition: str) -> bool:
    return "://" in definition and definition.endswith(("/", "#"))


def _expand(text: str, prefixes: Mapping[str, str]) -> str:
    prefix, _, suffix = text.partition(":")
    return prefixes[prefix] + suffix if prefix in prefixes else text


def _nodes(compactor: _Compactor, quads: Iterable[Any],
           named: bool) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(graph name, node object) for ``quads``, sorted as :func:`mosgraph.rdfio.canonical`
    sorts them: one node object per subject of each graph, in their order."""
    id_key, type_key = compactor.id_key, compactor.type_key
    terms = compactor.terms
    current: tuple[Any, Any] | None = None
    node: dict[str, Any] = {}
    values: dict[str, list[Any]] = {}
    types: list[str] = []

    def close() -> dict[str, Any]:
        if types:
            node[type_key] = types[0] if len(types) == 1 else list(types)
        for key in sorted(values):
            found = values[key]
            node[key] = found[0] if len(found) == 1 else found
        return node

    default = pyoxigraph.DefaultGraph()
    for quad in quads:
        place = (quad.graph_name if named else default, quad.subject)
        if place != current:
            if current is not None:
                yield current[0], close()
            current = place
            node, values, types = {id_key: compactor.term(place[1])}, {}, []
        predicate, obj = quad.predicate.value, quad.object
        if predicate == _RDF_TYPE and type(obj) is pyoxigraph.NamedNode:
            types.append(compactor.iri(obj.value))
            continue
        fit = terms.get(predicate)
        key = fit[0] if fit is not None else compactor.iri(predicate)
        values.setdefault(key, []).append(compactor.value(fit, obj))
    if current is not None:
        yield current[0], close()


def write(quads: Iterable[Any], *, nquads: bytes, prefixes: Mapping[str, str] | None = None,
          context_iri: str | None = None, named: bool = True) -> bytes:
    """The JSON-LD document of ``quads``, sorted as :func:`mosgraph.rdfio.canonical` sorts
    them, whose N-Quads are ``nquads`` (see :func:`mosgraph.rdfio.serialize`, which calls
    this). ``context_iri`` refers to mosgraph's context by that IRI; by default it is
    embedded. ``named=False`` says that all quads are in the default graph."""
    shipped = jsonld_context()["@context"]
    compactor = _Compactor(shipped, prefixes or {}, nquads)
    context: Any
    if context_iri is None:
        context = {**shipped, **compactor.extra}
    else:
        context = [context_iri, compactor.extra] if compactor.extra else context_iri
    head = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    default = pyoxigraph.DefaultGraph()
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    lines: list[str] = []
    graph: Any = default
    inner: list[str] = []

    def close_graph() -> None:
        if graph != default:
            lines.append(f'{{"{compactor.id_key}": {dumps(compactor.term(graph))}, "@graph": ['
                         "\n      " + ",\n      ".join(inner) + "\n    ]}")

    for name, node in _nodes(compactor, quads, named):
        if name != graph:
            close_graph()
            graph, inner = name, []
        (lines if name == default else inner).append(dumps(node))
    close_graph()
    body = ",\n    ".join(lines)
    text = f'{{\n  "@context": {head},\n  "@graph": [\n    {body}\n  ]\n}}\n' if lines else \
        f'{{\n  "@context": {head},\n  "@graph": []\n}}\n'
    return text.encode("utf-8")


# --- reading -------------------------------------------------------------------------------------

_REFERENCE = re.compile(rb'"@(?:context|import)"\s*:\s*[\["]')


def _own_contexts() -> dict[str, bytes]:
    base = os.environ.get("MOSGRAPH_BASE") or "https://w3id.org/mosgraph/"  # as mosgraph.iris
    return {CONTEXT_IRI: _context_bytes(), base + CONTEXT_FILE: _context_bytes()}


def _parse_named(contexts: Iterable[str | os.PathLike[str]]) -> list[tuple[str | None, Path]]:
    named: list[tuple[str | None, Path]] = []
    for item in contexts:
        text = os.fspath(item)
        iri, sep, file = text.partition("=")
        if sep and urlsplit(iri).scheme and not Path(text).exists():
            named.append((iri, Path(file)))
        else:
            named.append((None, Path(text)))
    return named


def resolve_contexts(data: bytes, *, file: str | None = None,
                     contexts: Iterable[str | os.PathLike[str]] = (),
                     max_depth: int = 32) -> bytes:
    """``data`` (a JSON-LD document) with every context it refers to put inline.

    A reference is replaced by mosgraph's own context (:data:`CONTEXT_IRI`) or by a file of
    ``contexts``: ``IRI=FILE`` for that IRI, a plain ``FILE`` for a reference that resolves to
    it (against the document's location) or, failing that, for the document's only other
    reference. Anything else raises :class:`~mosgraph.errors.RDFSyntaxError`: mosgraph never
    fetches a context. Also refuses JSON nested deeper than ``max_depth``.

    >>> resolve_contexts(b'{"@context": "https://example.org/ctx", "@id": "http://a"}',
    ...                  file="doc.jsonld")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.RDFSyntaxError: doc.jsonld: the JSON-LD context <https://example.org/ctx> ...
    """
    _check_depth(data, file, max_depth)
    if _REFERENCE.search(data) is None:
        return data
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return data  # the parser says what is wrong, with the line
    location = Path(file).resolve().as_uri() if file else None
    named = _parse_named(contexts)
    loaded: dict[str, Any] = {}
    loading: set[str] = set()
    references: list[str] = []
    _walk(document, lambda ref: references.append(_absolute(ref, location)))
    distinct = sorted(set(references) - set(_own_contexts()))

    def load(reference: str) -> Any:
        if reference in loaded:
            return loaded[reference]
        own = _own_contexts().get(reference)
        if own is not None:
            loaded[reference] = json.loads(own)["@context"]
            return loaded[reference]
        path = _file_for(reference, named, distinct)
        if path is None:
            raise RDFSyntaxError(
                f"the JSON-LD context <{reference}> is not read: mosgraph fetches nothing; "
                "save it and name it with --context FILE", file=file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the context: {exc.strerror or exc}",
                             file=str(path)) from exc
        _check_depth(raw, str(path), max_depth)
        try:
            context = json.loads(raw)
        except ValueError as exc:
            raise RDFSyntaxError(f"not a JSON-LD context: {exc}", file=str(path)) from exc
        if not isinstance(context, dict) or "@context" not in context:
            raise RDFSyntaxError('not a JSON-LD context: expected {"@context": ...}',
                                 file=str(path))
        if reference in loading:
            raise RDFSyntaxError(f"the JSON-LD context <{reference}> refers to itself",
                                 file=str(path))
        loading.add(reference)
        inner = context["@context"]
        nested = {"@context": inner}
        _walk(nested, lambda ref: None, lambda ref: load(_absolute(ref, path.resolve()
                                                                   .as_uri())))
        loaded[reference] = nested["@context"]
        return loaded[reference]

    _walk(document, lambda ref: None, lambda ref: load(_absolute(ref, location)))
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _absolute(reference: str, location: str | None) -> str:
    return urljoin(location, reference) if location else reference


def _file_for(reference: str, named: list[tuple[str | None, Path]],
              distinct: list[str]) -> Path | None:
    for iri, path in named:
        if iri == reference:
            return path
    if reference.startswith("file:"):
        target = Path(unquote(urlsplit(reference).path)).resolve()
        for iri, path in named:
            if iri is None and path.resolve() == target:
                return path
    plain = [path for iri, path in named if iri is None]
    if len(plain) == 1 and len(distinct) == 1:
        return plain[0]
    return None


def _walk(value: Any, found: Any, replace: Any = None) -> None:
    """Call ``found`` on every context reference in ``value``; with ``replace``, put
    ``replace(reference)`` in its place. Iterative: JSON may be deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        for key in ("@context", "@import"):
            if key not in item:
                continue
            reference = item[key]
            if isinstance(reference, str):
                found(reference)
                if replace is not None:
                    if key == "@import":
                        imported = replace(reference)
                        del item["@import"]
                        if isinstance(imported, dict):
                            for name, definition in imported.items():
                                item.setdefault(name, definition)
                    else:
                        item[key] = replace(reference)
            elif isinstance(reference, list):
                spliced: list[Any] = []
                for entry in reference:
                    if isinstance(entry, str):
                        found(entry)
                        if replace is not None:
                            entry = replace(entry)
                    spliced.extend(entry if isinstance(entry, list) else [entry])
                item[key] = spliced
        for key, child in item.items():
            if key not in ("@value",) and isinstance(child, dict | list):
                stack.append(child)


def _check_depth(data: bytes, file: str | None, max_depth: int) -> None:
    """Refuse JSON nested deeper than ``max_depth`` (the JSON-LD parser's time and memory
    grow with the depth)."""
    # escapes out, then all but quotes and brackets, then strings out: the structure is left
    structure = re.sub(rb"\\.", b"", data).translate(None, _NOT_STRUCTURE)
    brackets = b"".join(structure.split(b'"')[::2])
    for _ in range(max_depth):  # each round takes away the innermost level
        if not brackets:
            return
        brackets = brackets.replace(b"{}", b"\0").replace(b"[]", b"\0").replace(b"\0", b"")
    if b"{}" in brackets or b"[]" in brackets:
        raise RDFSyntaxError(f"not valid JSON-LD for mosgraph: nested more than {max_depth} "
                             "deep", file=file)


_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'[]{}"')


def check_context_iri(iri: str) -> str:
    """``iri`` if it can stand for the context in a document (an absolute IRI)."""
    if not urlsplit(iri).scheme:
        raise UsageError(f"the context IRI must be absolute (like {CONTEXT_IRI}), not {iri!r}")
    return iri
