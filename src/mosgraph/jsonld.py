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

import itertools
import json
import operator
import os
import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from .errors import InputError, RDFSyntaxError, UsageError

__all__ = [
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "BodyWriter",
    "Compactor",
    "check_context_iri",
    "document_head",
    "extra_candidates",
    "extra_prefixes",
    "jsonld_context",
    "resolve_contexts",
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


class Compactor:
    """Writes terms in compact form under mosgraph's context and the ``extra`` prefixes
    (from :func:`extra_prefixes`). It notes the scheme of every IRI it writes
    (:attr:`schemes`): :func:`extra_prefixes` needs them."""

    def __init__(self, context: Mapping[str, Any], extra: Mapping[str, str]) -> None:
        self.namespaces: dict[str, str] = {}  # namespace -> prefix
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
        for prefix, namespace in extra.items():
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
        self.schemes: set[str] = set()
        self._cache: dict[str, str] = {}
        self.heads: dict[bytes, tuple[bytes, int]] = {}  # see compact()
        self.reach = max((len(ns.encode("utf-8")) for ns in self.namespaces), default=0) + 2
        # the longest namespace that starts an IRI and leaves a suffix that is not empty and
        # does not start with // (else the next longest), found in one step
        self._namespace = re.compile("(?:" + "|".join(
            re.escape(ns) for ns in sorted(self.namespaces, key=lambda ns: (-len(ns), ns))) +
            ")(?!//|$)" if self.namespaces else "(?!)")

    def iri(self, text: str, *, keep: bool = True) -> str:
        """The compact form of the IRI ``text``; kept for the next time if ``keep``."""
        found = self._cache.get(text)
        if found is not None:
            return found
        self.schemes.add(text.partition(":")[0])
        found = text
        match = self._namespace.match(text)
        if match is not None:
            found = f"{self.namespaces[match.group()]}:{text[match.end():]}"
        if keep:
            if len(self._cache) >= _CACHED:
                self._cache.clear()
            self._cache[text] = found
        return found

    def compact(self, iri: bytes) -> bytes:
        """The compact form of the IRI ``iri`` (UTF-8), as :meth:`iri` makes it: found from
        its first :attr:`reach` bytes (which say which namespace starts it, if any: no
        namespace is longer, and the two bytes after one say whether it may abbreviate
        it), made once for each.

        >>> Compactor({"ex": "http://example.org/"}, {}).compact(b"http://example.org/a")
        b'ex:a'
        """
        head = iri[: self.reach]
        found = self.heads.get(head)
        if found is None:
            text = iri.decode("utf-8")
            self.schemes.add(text.partition(":")[0])
            match = self._namespace.match(text)
            found = (f"{self.namespaces[match.group()]}:".encode(),
                     len(match.group().encode("utf-8"))) if match else (b"", 0)
            if b":" not in head:  # the scheme may go on: not the same for all such IRIs
                return found[0] + iri[found[1]:]
            if len(self.heads) >= _CACHED:
                self.heads.clear()
            self.heads[head] = found
        return found[0] + iri[found[1]:]


_CACHED = 20_000  # compacted IRIs kept (the cache is emptied when full: memory stays small)
_OBJECTS = 1024  # values of objects kept for a predicate (emptied when full)
_NOT_EXTRA = {"http", "https", "urn", "_"}


def _is_namespace(definition: str) -> bool:
    return "://" in definition and definition.endswith(("/", "#"))


def _expand(text: str, prefixes: Mapping[str, str]) -> str:
    prefix, _, suffix = text.partition(":")
    return prefixes[prefix] + suffix if prefix in prefixes else text


def extra_candidates(prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes of ``prefixes`` (a data's own) that could extend mosgraph's context:
    named as JSON-LD allows, not a name of the context, for a namespace it has no prefix
    for. Which of them it gets says :func:`extra_prefixes`.

    >>> extra_candidates({"ex": "http://example.org/", "name": "http://n/", "f": "http://xmlns.com/foaf/0.1/"})
    {'ex': 'http://example.org/'}
    """
    context = jsonld_context()["@context"]
    known = {ns for ns in context.values() if isinstance(ns, str) and _is_namespace(ns)}
    return {prefix: namespace for prefix, namespace in sorted(prefixes.items())
            if re.fullmatch(r"[A-Za-z][\w.-]*", prefix) and prefix not in context
            and prefix not in _NOT_EXTRA and namespace not in known
            and _is_namespace(namespace)}


def extra_prefixes(candidates: Mapping[str, str], used: Container[str],
                   schemes: Iterable[str]) -> dict[str, str]:
    """The prefixes added to mosgraph's context for a dataset: each of ``candidates``
    (:func:`extra_candidates`) whose namespace the data ``used`` (some IRI starts with
    it), unless it is named like a scheme of the data's IRIs (``schemes``: a compact IRI
    would be misread); and one prefix for each scheme named like a term of the context
    (its IRIs written as is would be misread as compact IRIs).

    >>> extra_prefixes({"ex": "http://example.org/", "tag": "http://t/"},
    ...                {"http://example.org/", "http://t/"}, {"http", "tag", "label"})
    {'ex': 'http://example.org/', 'label-iri': 'label:'}
    """
    schemes = set(schemes)
    extra = {prefix: namespace for prefix, namespace in candidates.items()
             if namespace in used and prefix not in schemes}
    for scheme in sorted(schemes & set(jsonld_context()["@context"])):
        extra[f"{scheme}-iri"] = scheme + ":"
    return extra


def document_head(extra: Mapping[str, str], context_iri: str | None = None) -> str:
    """What a document written with the ``extra`` prefixes starts with, up to the opening
    of its ``@graph``: the context embedded, or referred to by ``context_iri``."""
    shipped = jsonld_context()["@context"]
    context: Any = {**shipped, **extra} if context_iri is None else \
        [context_iri, dict(extra)] if extra else context_iri
    head = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f'{{\n  "@context": {head},\n  "@graph": ['


_XSD_STRING_BYTES = _XSD_STRING.encode("ascii")
_TYPES = b""  # where the IRIs of rdf:type go (the key of the node's types): first
_SHAPES = 2048  # shapes of node objects kept (emptied when full)
_SHAPE_VALUES = 32  # a shape is kept if it has no more values: memory stays small


class _Predicate(NamedTuple):
    """What :class:`BodyWriter` knows of a predicate."""

    key: bytes  # its key, quoted, then ": "
    fit: Any  # how it fits the context (see Compactor.terms), or None
    literals: dict[bytes, bytes]  # what follows a literal's quotes -> what its value starts with
    objects: dict[bytes, bytes]  # <IRI> -> its value (some of them)
    is_type: bool  # rdf:type: IRIs go to the node's types
    plain: bool  # a literal with no language and no datatype is written as it is
    iri: tuple[bytes, bytes]  # what the value of an IRI object starts and ends with


# what the writer's loop takes of a predicate, as a plain tuple (unpacked fastest): its key,
# the key of its IRI objects (_TYPES for rdf:type), literals, objects, plain, all of it
_Fast = tuple[bytes, bytes, dict[bytes, bytes], dict[bytes, bytes], bool, _Predicate]
_SPACES, _TWO = itertools.repeat(b" "), itertools.repeat(2)  # bytes.split's arguments


class BodyWriter:
    """Writes the node objects of canonical N-Quads (as pyoxigraph writes them, sorted as
    :func:`mosgraph.rdfio.canonical` sorts them), given a chunk of lines at a time, then
    with :meth:`close` the end of the document (what follows :func:`document_head`): one
    node object per subject of each graph, one per line, each named graph an object of its
    own. ``named``: the lines may be in named graphs (else they are N-Triples).

    It works on the text: an N-Quads literal, escapes and all, is a JSON string as it is;
    an IRI needs no escaping in JSON. How a literal is written is made once for each
    predicate and language or datatype; an IRI is compacted by :meth:`Compactor.compact`.
    A node object is its values put in a template made once for each *shape* (the keys
    its statements go to, in their order: nodes of a kind share one), with the keys
    sorted and each key's values together.
    """

    def __init__(self, compactor: Compactor, write: Callable[[bytes], Any], *,
                 named: bool = True) -> None:
        self.compactor, self.write, self.named = compactor, write, named
        self.id_key = json.dumps(compactor.id_key).encode("utf-8")
        self.start = b"{" + self.id_key + b': "'  # what a node object starts with
        self.between = b""  # what comes between two node objects of the graph
        self.type_key = json.dumps(compactor.type_key).encode("utf-8") + b": "
        self.first = True  # no node object written yet
        self.graph = b""  # the graph of the node object being made (b"": the default)
        self.node = b""  # its subject (after its graph and a new line if ``named``)
        self.keys: list[bytes] = []  # where each of its values goes (_TYPES or a key)
        self.values: list[bytes] = []  # what comes before its first key, then its values
        self.buffer: list[bytes] = []
        self.predicates: dict[bytes, _Fast] = {}
        self.shapes: dict[tuple[bytes, ...], tuple[bytes, Callable[[list[bytes]], Any]]] = {}

    def __call__(self, text: bytes) -> None:
        # every line pyoxigraph writes has three spaces or more and ends in " .\n" (a new
        # line in a literal is escaped); a triple term (<<...>>), which JSON-LD cannot hold,
        # is refused where it is compacted as an IRI
        found: Iterable[Sequence[bytes]] = \
            map(bytes.split, text[:-3].split(b" .\n"), _SPACES, _TWO) if text else ()
        named = self.named
        if named:  # the node's key: its graph, a new line, its subject
            found = list(found)
            if b"<<" in text:
                for s, _, rest in found:
                    _refuse(s)
                    _refuse(rest)
            found = [_graph_first(*line) for line in found]
        predicate_of = self.predicates.get
        compact = self.compactor.compact
        shape_of = self.shapes.get
        out = self.buffer.append
        start, between = self.start, self.between
        node, keys, values = self.node, self.keys, self.values
        last = b""  # the predicate of the line before, in this node
        key = ikey = b""
        literals: dict[bytes, bytes] = {}
        objects: dict[bytes, bytes] = {}
        plain, entry = False, _Predicate(b"", None, literals, objects, False, False, (b"", b""))
        for s, p, o in found:
            if s != node:
                if node:  # the node object made so far
                    shape = shape_of(tuple(keys)) or self._shape(tuple(keys))
                    out(shape[0] % shape[1](values))
                if named or self.first:
                    self._start(s)  # the graph's opening, if it starts one
                    between = self.between
                    subject, before = s.rpartition(b"\n")[2], b""
                else:
                    subject, before = s, between
                node = s
                if subject[0] == 60:  # <IRI>
                    if subject[1] == 60:
                        _refuse(subject)
                    values = [before + start + compact(subject[1:-1]) + b'"']
                else:
                    values = [before + start + subject + b'"']
                keys = []
                last = b""
            if p != last:
                last = p
                key, ikey, literals, objects, plain, entry = \
                    predicate_of(p) or self._predicate(p)
            kind = o[0]
            if kind == 60:  # <IRI>
                values.append(objects.get(o) or self._object(entry, o))
                keys.append(ikey)
                continue
            if kind == 34:  # a literal
                if o[-1] == 34:  # "...": no language, no datatype
                    values.append(o if plain else self._literal(entry, o, b""))
                else:
                    end = o.rindex(b'"') + 1
                    suffix = o[end:]
                    wrap = literals.get(suffix)
                    values.append((wrap + o[:end] + b"}" if wrap else o[:end])
                                  if wrap is not None else
                                  self._literal(entry, o[:end], suffix))
            else:
                values.append(self._blank(entry, o))
            keys.append(key)
        self.node, self.keys, self.values = node, keys, values
        if len(self.buffer) >= 256:
            self.write(b"".join(self.buffer))
            self.buffer.clear()

    def _shape(self, keys: tuple[bytes, ...]) -> tuple[bytes, Callable[[list[bytes]], Any]]:
        """The template of a node object whose values go to ``keys`` (in this order), and
        what takes them from the node's values, in the template's order; kept for the
        next time unless it is long (nodes with many values are few, and their shapes
        seldom the same)."""
        places: dict[bytes, list[int]] = {}
        for place, key in enumerate(keys, 1):
            places.setdefault(key, []).append(place)
        parts, order = [b"%s"], [0]
        for key in sorted(places):  # _TYPES first
            found = places[key]
            name = (self.type_key if key == _TYPES else key).replace(b"%", b"%%")
            parts.append(name + (b"%s" if len(found) == 1 else
                                 b"[" + b", ".join([b"%s"] * len(found)) + b"]"))
            order += found
        shape = (b", ".join(parts) + b"}", operator.itemgetter(*order))
        if len(keys) <= _SHAPE_VALUES:
            if len(self.shapes) >= _SHAPES:
                self.shapes.clear()
            self.shapes[keys] = shape
        return shape

    def _predicate(self, predicate: bytes) -> _Fast:
        text = predicate[1:-1].decode("utf-8")
        fit = self.compactor.terms.get(text)
        key = (json.dumps(fit[0]).encode("utf-8") if fit is not None else
               b'"' + self.compactor.compact(predicate[1:-1]) + b'"') + b": "
        is_type = text == _RDF_TYPE
        iri = (b'"', b'"') if is_type or (fit is not None and fit[1] == "@id") else \
            (b"{" + self.id_key + b': "', b'"}')
        entry = _Predicate(key, fit, {}, {}, is_type,
                           fit is None or (fit[1] is None and fit[2] is None), iri)
        fast = self.predicates[predicate] = (key, _TYPES if is_type else key, entry.literals,
                                             entry.objects, entry.plain, entry)
        return fast

    def _object(self, entry: _Predicate, term: bytes) -> bytes:
        """The value of the IRI ``term`` (``<IRI>``) with the predicate of ``entry``; kept
        for the next time."""
        if term[1] == 60:
            _refuse(term)
        value = entry.iri[0] + self.compactor.compact(term[1:-1]) + entry.iri[1]
        objects = entry.objects
        if len(objects) >= _OBJECTS:
            objects.clear()
        objects[term] = value
        return value

    def _blank(self, entry: _Predicate, blank: bytes) -> bytes:
        """The value of the blank node ``blank`` (``_:b``) with the predicate of ``entry``."""
        if entry.fit is not None and entry.fit[1] == "@id":
            return b'"' + blank + b'"'
        return b"{" + self.id_key + b': "' + blank + b'"}'

    def _literal(self, entry: _Predicate, quoted: bytes, suffix: bytes) -> bytes:
        """The value of the literal ``quoted`` (its lexical form in quotes) followed by
        ``suffix`` (``@tag`` or ``^^<datatype>`` or nothing) with the predicate of
        ``entry``. What such a value starts with is kept for the next time."""
        language = suffix[1:] if suffix.startswith(b"@") else b""
        datatype = suffix[3:-1] if suffix.startswith(b"^^") else b""
        before = self._wrap(entry.fit, language, datatype)
        if len(entry.literals) >= _OBJECTS:
            entry.literals.clear()
        entry.literals[suffix] = before
        return before + quoted + b"}" if before else quoted

    def _wrap(self, fit: Any, language: bytes, datatype: bytes) -> bytes:
        """What the value of a literal with ``language`` or ``datatype`` (or neither)
        starts with, before its lexical form in quotes and ``}`` (``b""``: the quoted form
        is the value)."""
        if language:
            tag, _, direction = language.partition(b"--")
            if direction:
                return b'{"@direction": "' + direction + b'", "@language": "' + tag + \
                    b'", "@value": '
            if fit is not None and fit[2] is not None and fit[2].encode("ascii") == tag:
                return b""
            return b'{"@language": "' + tag + b'", "@value": '
        datatype = datatype or _XSD_STRING_BYTES
        if fit is None or (fit[1] is None and fit[2] is None):
            plain = datatype == _XSD_STRING_BYTES
        elif fit[2] is not None:
            plain = False
        else:
            plain = datatype == fit[1].encode("utf-8")
        if plain:
            return b""
        if datatype != _XSD_STRING_BYTES:
            return b'{"@type": "' + self.compactor.compact(datatype) + b'", "@value": '
        return b'{"@value": '

    def _start(self, node: bytes) -> None:
        """Write what comes before the node object of ``node`` (its subject, after its
        graph and a new line if :attr:`named`): the graph's opening if it starts one."""
        graph = node.rpartition(b"\n")[0] if self.named else b""
        if graph != self.graph or self.first:
            if graph != self.graph:
                if self.graph:
                    self.buffer.append(b"\n    ]}")
                self.buffer.append((b"" if self.first else b",") + b"\n    " + self.start +
                                   _compact_term(self.compactor, graph) +
                                   b'", "@graph": [\n      ')
            else:
                self.buffer.append(b"\n    ")
            self.first = False
            self.graph = graph
            self.between = b",\n      " if graph else b",\n    "
        else:
            self.buffer.append(self.between)

    def _finish(self) -> None:
        if self.node:
            shape = self.shapes.get(tuple(self.keys)) or self._shape(tuple(self.keys))
            self.buffer.append(shape[0] % shape[1](self.values))

    def close(self) -> None:
        """Finish the document."""
        self._finish()
        if self.graph:
            self.buffer.append(b"\n    ]}")
        self.buffer.append(b"]\n}\n" if self.first else b"\n  ]\n}\n")
        self.write(b"".join(self.buffer))
        self.buffer.clear()


def _graph_first(subject: bytes, predicate: bytes, rest: bytes) -> tuple[bytes, bytes, bytes]:
    """An N-Quads line (its subject, predicate, and what follows) as the writer takes it:
    the graph name (``b""``: the default graph), a new line and the subject; the predicate;
    the object. The object holds no space but in a literal's quotes, and what follows
    them holds no quote."""
    end = rest.rfind(b'"') + 1
    found = rest.find(b" ", end)
    if found < 0:
        return b"\n" + subject, predicate, rest
    return rest[found + 1:] + b"\n" + subject, predicate, rest[:found]


def _refuse(term: bytes) -> None:
    """Raise :class:`~mosgraph.errors.UsageError` if ``term`` (as N-Quads writes it, or
    what follows it on the line) is a triple term."""
    if term.startswith(b"<<"):
        shown = term.decode("utf-8", "replace")
        raise UsageError(f"cannot write JSON-LD: {shown[:200]}: JSON-LD holds no triple terms")


def _compact_term(compactor: Compactor, term: bytes) -> bytes:
    """``<IRI>`` compacted, or a blank node ``_:b`` as it is."""
    _refuse(term)
    return compactor.compact(term[1:-1]) if term.startswith(b"<") else term


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
