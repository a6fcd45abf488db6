"""SPARQL queries: checked and parameterised before they run, one result type per query form.

A query is checked once, by the engine mosgraph embeds (Oxigraph), whatever store it then
runs on, so that a syntax error reads the same everywhere: :class:`~mosgraph.errors.QueryError`
with the line and column of the mistake. Parameters (``--bind year=2021``) are joined to
the query's ``WHERE`` pattern as a ``VALUES`` block, which every SPARQL 1.1 engine
understands, so a value can never change the shape of the query.

>>> prepared = prepare("SELECT ?p WHERE { ?p a ?type }", {"type": parse_binding("type=<http://x/T>")[1]})
>>> prepared.form
'select'
>>> print(prepared.text)
SELECT ?p WHERE { VALUES (?type) { (<http://x/T>) } { ?p a ?type } }
>>> prepare("SELECT ?p WHERE {\\n  ?p a \\n}")
Traceback (most recent call last):
mosgraph.errors.QueryError: line 2, column 3: not valid SPARQL near '?p a'

A query's answer is a :class:`SelectResult` (``SELECT``), an :class:`AskResult` (``ASK``)
or a :class:`GraphResult` (``CONSTRUCT`` and ``DESCRIBE``); :func:`serialize_result` writes
it as a readable table or in a standard format:

>>> from rdflib import Literal, URIRef
>>> result = SelectResult(("who", "age"), ((URIRef("http://x/ann"), Literal(42)),))
>>> serialize_result(result, result_format("csv", result))
b'who,age\\r\\nhttp://x/ann,42\\r\\n'
>>> print(serialize_result(result, result_format("table", result),
...                        labels={URIRef("http://x/ann"): "Ann"}).decode(), end="")
who  age
---  ---
Ann   42
<BLANKLINE>
1 row
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal as Form
from urllib.parse import urlsplit
from xml.etree import ElementTree

import rdflib.namespace as ns
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from .errors import QueryError, UnknownFormatError, UsageError
from .formats import Format, by_name, for_path
from .rdfio import serialize
from .vocab import WELL_KNOWN

__all__ = [
    "RESULT_FORMATS",
    "WELL_KNOWN",
    "AskResult",
    "GraphResult",
    "Prepared",
    "Result",
    "SelectResult",
    "ServiceCall",
    "Term",
    "check_services",
    "parse_binding",
    "prefixed",
    "prepare",
    "result_format",
    "serialize_result",
    "service_allowed",
    "service_calls",
    "syntax_error",
    "tokens",
]

# a plain Namespace: pytest's doctest finder trips over rdflib's DefinedNamespace attributes
XSD = Namespace(str(ns.XSD))

Term = URIRef | BNode | Literal
"""An RDF term as rdflib gives it: what a cell of a :class:`SelectResult` holds."""


@dataclass(frozen=True)
class SelectResult:
    """The answer to a ``SELECT`` query: variable names and rows of terms (``None`` unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, variable: str) -> list[Term | None]:
        """The values of one variable, row by row."""
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    """The answer to an ``ASK`` query."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


@dataclass(frozen=True)
class GraphResult:
    """The answer to a ``CONSTRUCT`` or ``DESCRIBE`` query: a graph."""

    graph: Graph

    def __len__(self) -> int:
        return len(self.graph)


Result = SelectResult | AskResult | GraphResult


# --- preparing a query ------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A query checked for syntax, with its parameters joined in.

    ``form`` is ``"select"``, ``"ask"`` or ``"graph"`` (``CONSTRUCT``/``DESCRIBE``).
    """

    text: str
    form: Form["select", "ask", "graph"]


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\U000effff]+)
      | (?P<prefixed>(?P<pname>[A-Za-z\u00c0-\U000effff][\w.\-\u00b7\u00c0-\U000effff]*?:
                  |:)[\w.\-:%\u00b7\u00c0-\U000effff]*(?<!\.))
      | (?P<word>[A-Za-z_]+)
      | (?P<open>[{(\[]) | (?P<close>[})\]])
      | (?P<other>.)""",
    re.X | re.S,
)
_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def tokens(sparql: str) -> Iterator[re.Match[str]]:
    """The tokens of a query that matter here: comments, strings and IRIs are kept whole."""
    return _TOKEN.finditer(sparql)


def prepare(sparql: str, bindings: Mapping[str, Term] | None = None) -> Prepared:
    """Check ``sparql`` and join ``bindings`` (variable name → term) to its ``WHERE`` pattern.

    Raises :class:`~mosgraph.errors.QueryError` with the line and column of a syntax
    error, and :class:`~mosgraph.errors.UsageError` for a binding of a variable the query
    does not use.
    """
    _check_syntax(sparql)
    form: str | None = None
    depth = 0
    where_seen = False
    group: tuple[int, int] | None = None  # offsets of the outermost WHERE group's braces
    open_at: int | None = None
    variables: set[str] = set()
    for token in tokens(sparql):
        kind = token.lastgroup
        if kind == "var":
            variables.add(token.group()[1:])
        elif kind == "word" and depth == 0:
            word = token.group().upper()
            if form is None and word in _FORMS:
                form = word
            elif word == "WHERE":
                where_seen = True
        elif kind == "open":
            if (
                token.group() == "{"
                and depth == 0
                and group is None
                and form is not None
                and (where_seen or form != "CONSTRUCT")
            ):
                open_at = token.start()
            depth += 1
        elif kind == "close":
            depth -= 1
            if token.group() == "}" and depth == 0 and group is None and open_at is not None:
                group = (open_at, token.start())
    assert form is not None  # the syntax check found a query form
    kind_of_form = _FORMS[form]
    if not bindings:
        return Prepared(sparql, kind_of_form)  # type: ignore[arg-type]
    unknown = sorted(set(bindings) - variables)
    if unknown:
        raise UsageError(
            f"the query has no variable ?{unknown[0]} to bind"
            + (f" (its variables: {', '.join('?' + v for v in sorted(variables))})"
               if variables else "")
        )
    if group is None:
        raise UsageError("a query needs a WHERE clause to take parameters")
    names = sorted(bindings)
    values = (
        f"VALUES ({' '.join('?' + name for name in names)}) "
        f"{{ ({' '.join(_sparql_term(bindings[name]) for name in names)}) }}"
    )
    start, end = group
    text = f"{sparql[: start + 1]} {values} {{{sparql[start + 1 : end]}}} {sparql[end:]}"
    _check_syntax(text)
    return Prepared(text, kind_of_form)  # type: ignore[arg-type]


def _sparql_term(term: Term) -> str:
    """``term`` written in SPARQL syntax (escaped, so a value cannot end the VALUES block)."""
    if isinstance(term, URIRef):
        iri = str(term)
        if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]*", iri):
            raise UsageError(f"not a valid IRI: <{iri}>")
        return f"<{iri}>"
    if isinstance(term, BNode):
        raise UsageError("a blank node cannot be a query parameter")
    return _literal(term)


def _literal(term: Literal) -> str:
    lexical = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


# --- syntax errors ------------------------------------------------------------------------------

_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


@cache
def _checker() -> object:
    from pyoxigraph import Store

    return Store()


def _check_syntax(sparql: str) -> None:
    """Raise :class:`QueryError` unless ``sparql`` is a SPARQL 1.1 query Oxigraph accepts.

    Oxigraph parses a query only on the way to running it, and it calls a ``SERVICE`` at
    once, even on an empty store. So each ``SERVICE [SILENT]`` is checked as a ``GRAPH`` of
    the same length (the same grammar: an IRI or a variable, then a group): the places of
    errors are unchanged and nothing is ever sent anywhere.
    """
    checked = sparql
    for call in service_calls(sparql):
        start, end = call.keyword
        checked = checked[:start] + "GRAPH".ljust(end - start) + checked[end:]
        if call.silent is not None:
            start, end = call.silent
            checked = checked[:start] + " " * (end - start) + checked[end:]
    store = _checker()
    try:
        store.query(checked)  # type: ignore[attr-defined]  # an empty store: parsing only
    except SyntaxError as exc:
        raise syntax_error(sparql, str(exc)) from exc


@dataclass(frozen=True)
class ServiceCall:
    """A ``SERVICE`` of a query: where it goes (``None`` when a variable or an unknown
    prefix says so), and the offsets of its keyword and of ``SILENT``."""

    iri: str | None
    written: str
    keyword: tuple[int, int]
    silent: tuple[int, int] | None


def service_calls(sparql: str) -> list[ServiceCall]:
    """The ``SERVICE`` calls of a query, in order (comments, strings and IRIs skipped).

    >>> [c.iri for c in service_calls('PREFIX w: <https://query.wikidata.org/> '
    ...     'SELECT * { SERVICE SILENT w:sparql { ?s ?p ?o } SERVICE ?where { } } # SERVICE <x>')]
    ['https://query.wikidata.org/sparql', None]
    """
    if "service" not in sparql.lower():
        return []  # the keyword is not there at all: no need to read the tokens
    prefixes: dict[str, str] = {}
    found = [t for t in tokens(sparql) if t.lastgroup != "comment" and not t.group().isspace()]
    calls = []
    for index, token in enumerate(found):
        text = token.group()
        if token.lastgroup == "word" and text.upper() == "PREFIX" and index + 2 < len(found):
            name, namespace = found[index + 1], found[index + 2]
            if name.lastgroup == "prefixed" and namespace.lastgroup == "iri":
                prefixes[name.group().rstrip(":")] = _unescape(namespace.group()[1:-1])
        if token.lastgroup != "word" or text.upper() != "SERVICE":
            continue
        following = found[index + 1: index + 3]
        silent = None
        if following and following[0].group().upper() == "SILENT":
            silent = following[0].span()
            following = following[1:]
        target = following[0] if following else None
        iri: str | None = None
        if target is not None and target.lastgroup == "iri":
            iri = _unescape(target.group()[1:-1])
        elif target is not None and target.lastgroup == "prefixed":
            prefix, _, local = target.group().partition(":")
            iri = prefixes[prefix] + local if prefix in prefixes else None
        calls.append(ServiceCall(iri, target.group() if target is not None else "",
                                 token.span(), silent))
    return calls


def check_services(sparql: str, allowed: Iterable[str] = ()) -> None:
    """Raise :class:`~mosgraph.errors.QueryError` if a ``SERVICE`` of ``sparql`` goes
    anywhere ``allowed`` does not name; nothing is sent to find out.

    An entry of ``allowed`` is a host name (``query.wikidata.org``: any http(s) URL on that
    host) or the start of a URL (``https://example.org/sparql``: that scheme, host and port,
    and a path that starts so). A ``SERVICE ?variable`` is always refused: where it goes is
    not known before it runs.

    >>> check_services("SELECT * { SERVICE <https://query.wikidata.org/sparql> {} }",
    ...                ["query.wikidata.org"])
    >>> check_services("SELECT * { SERVICE <http://elsewhere.example/q> {} }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.QueryError: SERVICE <http://elsewhere.example/q> is not allowed: ...
    """
    entries = list(allowed)
    for call in service_calls(sparql):
        if call.iri is None or not service_allowed(call.iri, entries):
            shown = f"<{call.iri}>" if call.iri else call.written or "without a target"
            how = ("name its host with --allow-service HOST to let it" if call.iri else
                   "give the IRI of the service it calls")
            raise QueryError(f"SERVICE {shown} is not allowed: mosgraph sends nothing to "
                             f"another host unless asked ({how})")


def service_allowed(iri: str, allowed: Iterable[str]) -> bool:
    """Whether the allow-list ``allowed`` (see :func:`check_services`) lets a query call
    the service at ``iri``.

    >>> service_allowed("https://example.org.evil.test/", ["https://example.org"])
    False
    """
    parts = urlsplit(iri)
    try:
        port = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower().rstrip(".")
    for entry in allowed:
        if "://" not in entry:
            if host == entry.lower().rstrip("."):
                return True
            continue
        wanted = urlsplit(entry)
        try:
            wanted_port = wanted.port
        except ValueError:
            continue
        if (wanted.scheme.lower(), (wanted.hostname or "").lower().rstrip("."),
                wanted_port) == (parts.scheme.lower(), host, port) \
                and parts.path.startswith(wanted.path):
            return True
    return False


def _unescape(iri: str) -> str:
    """An IRI with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes read (as SPARQL reads them)."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m[1] or m[2], 16)), iri)


def syntax_error(sparql: str, message: str, *, update: bool = False) -> QueryError:
    """The :class:`QueryError` for an engine's ``message`` about ``sparql``, made readable.

    Oxigraph names a line and column after the mistake (its parser reads ahead) and lists
    every token it would have taken; rdflib's parser, asked too, names where the construct
    in error begins. The clearer of the two places is reported, with the text found there.
    """
    match = _OX_ERROR.match(message)
    line, column = (int(match[1]), int(match[2])) if match else (None, None)
    detail = match[3] if match else message
    undeclared = _undeclared_prefix(sparql)
    if undeclared:
        name, offset = undeclared
        line, column = _line_column(sparql, offset)
        return QueryError(f"undeclared prefix '{name}:' (add PREFIX {name}: <...>)",
                          line=line, column=column)
    expected = _expected(detail)
    place = None if update else _rdflib_place(sparql)  # rdflib puts update errors at 1:1
    if place is not None:
        line, column = place
        expected = ""
    if line is None or column is None:
        return QueryError(f"not valid SPARQL: {' '.join(detail.split())}")
    near = _text_at(sparql, line, column)
    message = f"not valid SPARQL near {near!r}" if near else "not valid SPARQL: it ends too soon"
    return QueryError(message + (f": {expected}" if expected else ""), line=line, column=column)


def _expected(detail: str) -> str:
    """``expected one of A, B`` from Oxigraph's message, without character classes."""
    if not detail.startswith("expected"):
        return " ".join(detail.split())
    words = re.sub(r"\[[^\]]*\]+", "", detail.removeprefix("expected one of").removeprefix(
        "expected"))
    items = [item.strip() for item in words.split(",") if item.strip() and "'" not in item]
    if not items:
        return ""
    return "expected " + (items[0] if len(items) == 1 else "one of " + ", ".join(items[:12]))


def _rdflib_place(sparql: str) -> tuple[int, int] | None:
    """Where rdflib's parser says the construct in error begins, if it also fails."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseException as exc:
        return _line_column(sparql, exc.loc)
    except Exception:  # rdflib raises other errors for things its grammar reads late
        return None
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset`` in ``text``.

    >>> _line_column("ab\\ncd", 4)
    (2, 2)
    """
    offset = max(0, min(offset, len(text)))
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _text_at(text: str, line: int, column: int) -> str:
    """Up to 30 characters of ``text`` from ``line``:``column`` to the end of that line."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    rest = lines[line - 1][column - 1 :].strip()
    return rest if len(rest) <= 30 else rest[:29] + "…"


def _undeclared_prefix(sparql: str) -> tuple[str, int] | None:
    """The first prefixed name whose prefix the query does not declare, and its offset."""
    declared: set[str] = set()
    previous = ""
    for token in tokens(sparql):
        kind = token.lastgroup
        if kind == "comment" or token.group().isspace():
            continue
        if kind == "prefixed":
            name = token.group("pname")[:-1]
            if previous == "PREFIX":
                declared.add(name)
            elif name not in declared:
                return name, token.start()
        previous = token.group().upper() if kind == "word" else ""
    return None


# --- parameters ---------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"[+-]?(?:(?P<int>\d+)|(?P<dec>\d*\.\d+)|(?P<dbl>(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+))")
_QUOTED = re.compile(r'"(?P<text>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)'
                     r"|\^\^(?P<type><[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*))?")
_PNAME = re.compile(r"(?P<prefix>[A-Za-z][\w.-]*|):(?P<local>[\w.:%-]*)")


def parse_binding(text: str, *, query: str | None = None) -> tuple[str, Term]:
    """Read ``name=value`` into a variable name and an RDF term.

    The value is an IRI in angle brackets, a prefixed name (declared by ``query`` or
    well known: ``rdf rdfs xsd owl skos mos schema org foaf prov dcterms oa qb``), a number,
    ``true``/``false``, a literal in SPARQL syntax (``"2021"^^xsd:gYear``, ``"text"@en``),
    or else plain text.

    >>> parse_binding("year=2021")
    ('year', rdflib.term.Literal('2021', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))
    >>> parse_binding("?status=mos:Present")
    ('status', rdflib.term.URIRef('https://w3id.org/mosgraph/ontology#Present'))
    >>> parse_binding("name=Anil Arora")
    ('name', rdflib.term.Literal('Anil Arora'))
    >>> parse_binding("2021")
    Traceback (most recent call last):
    mosgraph.errors.UsageError: expected a parameter as NAME=VALUE, found '2021'
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise UsageError(f"expected a parameter as NAME=VALUE, found {text!r}")
    prefixes = dict(WELL_KNOWN)
    if query:
        prefixes.update(_declared_prefixes(query))
    return name, _term(value, prefixes)


def _declared_prefixes(query: str) -> dict[str, str]:
    return {
        match["name"]: match["iri"]
        for match in re.finditer(r"PREFIX\s+(?P<name>[\w.-]*):\s*<(?P<iri>[^>]*)>", query, re.I)
    }


def _term(value: str, prefixes: Mapping[str, str]) -> Term:
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]*", iri):
            raise UsageError(f"not a valid IRI: {value}")
        return URIRef(iri)
    if number := _NUMBER.fullmatch(value):
        datatype = XSD.integer if number["int"] else XSD.decimal if number["dec"] else XSD.double
        return Literal(value, datatype=datatype)
    if value in ("true", "false"):
        return Literal(value, datatype=XSD.boolean)
    if quoted := _QUOTED.fullmatch(value):
        lexical = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]),
                         quoted["text"])
        if quoted["type"]:
            return Literal(lexical, datatype=_term(quoted["type"], prefixes))
        return Literal(lexical, lang=quoted["lang"]) if quoted["lang"] else Literal(lexical)
    if pname := _PNAME.fullmatch(value):
        if pname["prefix"] in prefixes:
            return URIRef(prefixes[pname["prefix"]] + pname["local"])
        if not pname["prefix"] or " " in value:
            return Literal(value)
        raise UsageError(
            f"unknown prefix '{pname['prefix']}:' in {value!r}: write the IRI in <...>"
        )
    return Literal(value)


# --- output ---------------------------------------------------------------------------------------

RESULT_FORMATS: tuple[Format, ...] = (
    Format("table", "text/plain", (".txt",)),
    Format("csv", "text/csv", (".csv",)),
    Format("tsv", "text/tab-separated-values", (".tsv",)),
    Format("json", "application/sparql-results+json", (".srj", ".json")),
    Format("xml", "application/sparql-results+xml", (".srx", ".xml")),
)
_TABLE = RESULT_FORMATS[0]


def result_format(name: str | None, form: str | Result, *, path: str | None = None) -> Format:
    """The output format for results of ``form`` (``select``, ``ask``, ``graph`` or a result).

    By ``name``, else by the extension of ``path``; by default a table for ``SELECT`` and
    ``ASK`` and Turtle for a graph. A graph can be written as a table of triples or in any
    RDF format; ``json`` and ``xml`` then mean JSON-LD and RDF/XML.

    >>> result_format("json", "graph").name, result_format(None, "graph", path="out.nt").name
    ('jsonld', 'ntriples')
    >>> result_format("ttl", "select")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.UnknownFormatError: unknown format 'ttl' for SELECT results: expected ...
    """
    if not isinstance(form, str):
        form = "graph" if isinstance(form, GraphResult) else \
            "ask" if isinstance(form, AskResult) else "select"
    is_graph = form == "graph"
    if name is None and path is None:
        return by_name("turtle") if is_graph else _TABLE
    if name is None:
        assert path is not None
        suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if is_graph:
            return _TABLE if suffix == ".txt" else for_path(path, rdf_only=True)
        for fmt in RESULT_FORMATS:
            if suffix in fmt.extensions:
                return fmt
        raise UnknownFormatError(
            f"unknown format for '{path}': expected one of "
            f"{', '.join(ext for f in RESULT_FORMATS for ext in f.extensions)}"
        )
    wanted = name.lower()
    if is_graph:
        if wanted == "table":
            return _TABLE
        return by_name({"json": "jsonld", "xml": "rdfxml"}.get(wanted, wanted), rdf_only=True)
    for fmt in RESULT_FORMATS:
        if fmt.name == wanted:
            return fmt
    raise UnknownFormatError(
        f"unknown format '{name}' for {form.upper()} results: expected one of "
        f"{', '.join(f.name for f in RESULT_FORMATS)}"
    )


def serialize_result(
    result: Result, fmt: Format, *, labels: Mapping[URIRef, str] | None = None
) -> bytes:
    """The bytes of ``result`` in ``fmt`` (see :func:`result_format`).

    ``labels`` are shown instead of IRIs in a table; IRIs without one are written as
    prefixed names where a well-known prefix fits.
    """
    if isinstance(result, GraphResult):
        if fmt.name == "table":
            triples = sorted(result.graph, key=lambda t: tuple(str(x) for x in t))
            rows: tuple[tuple[Term | None, ...], ...] = tuple(
                tuple(term for term in triple if isinstance(term, URIRef | BNode | Literal))
                for triple in triples)
            return _table(SelectResult(("subject", "predicate", "object"), rows), labels or {})
        return serialize(result.graph, fmt)  # JSON-LD: self-contained, the context embedded
    if fmt.is_rdf:
        raise UnknownFormatError(f"a {fmt.name} file holds a graph, not query results")
    if isinstance(result, AskResult):
        return _ask(result, fmt)
    writer = {"table": lambda r: _table(_without_names(r) if labels else r, labels or {}),
              "csv": _csv, "tsv": _tsv,
              "json": _json, "xml": _xml}[fmt.name]
    return writer(result)


def _ask(result: AskResult, fmt: Format) -> bytes:
    word = "true" if result.value else "false"
    if fmt.name == "json":
        return (json.dumps({"head": {}, "boolean": result.value}, indent=2) + "\n").encode()
    if fmt.name == "xml":
        root = ElementTree.Element("sparql", xmlns=_SPARQL_XML)
        ElementTree.SubElement(root, "head")
        ElementTree.SubElement(root, "boolean").text = word
        return _xml_bytes(root)
    return (word + "\n").encode()


def prefixed(iri: str) -> str | None:
    """``iri`` as a prefixed name with a well-known prefix, if one fits.

    >>> prefixed("https://w3id.org/mosgraph/ontology#Present"), prefixed("http://x/y")
    ('mos:Present', None)
    """
    for prefix, namespace in WELL_KNOWN.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]+", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


def _cell(term: Term | None, labels: Mapping[URIRef, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return labels.get(term) or prefixed(str(term)) or f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = " ".join(str(term).split())
    return text if len(text) <= 100 else text[:99] + "…"


def _is_number(term: Term | None) -> bool:
    return isinstance(term, Literal) and term.datatype in (
        XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long,
        XSD.nonNegativeInteger, XSD.positiveInteger,
    )


def _without_names(result: SelectResult) -> SelectResult:
    """The result without its ``?xName`` columns where ``?x`` is a column too: a table that
    shows labels shows the name already (named queries answer in names for CSV and JSON)."""
    names = [str(v) for v in result.variables]
    keep = [i for i, v in enumerate(names) if not (v.endswith("Name") and v[:-4] in names)]
    if len(keep) == len(names):
        return result
    return SelectResult(tuple(result.variables[i] for i in keep),
                        tuple(tuple(row[i] for i in keep) for row in result.rows))


def _table(result: SelectResult, labels: Mapping[URIRef, str]) -> bytes:
    """A plain-text table: one column per variable, numbers aligned right, a row count."""
    header = list(result.variables)
    cells = [[_cell(term, labels) for term in row] for row in result.rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in
              enumerate(header)]
    right = [bool(result.rows) and all(_is_number(row[i]) or row[i] is None
                                       for row in result.rows) for i in range(len(header))]

    def line(values: Iterable[str]) -> str:
        parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right,
                                                                       strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(header), line("-" * w for w in widths)]
    out += [line(row) for row in cells]
    count = len(result.rows)
    out += ["", f"{count} row{'' if count == 1 else 's'}"]
    return ("\n".join(out) + "\n").encode("utf-8")


def _csv(result: SelectResult) -> bytes:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t)
                         for t in row])
    return buffer.getvalue().encode("utf-8")


def _tsv(result: SelectResult) -> bytes:
    """SPARQL 1.1 Query Results TSV: terms in SPARQL syntax, variables with ``?``."""
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(
            "" if t is None else f"_:{t}" if isinstance(t, BNode) else _sparql_term(t)
            for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    found = {"type": "literal", "value": str(term)}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        found["datatype"] = str(term.datatype)
    return found


def _json(result: SelectResult) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


_SPARQL_XML = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml(result: SelectResult) -> bytes:
    """SPARQL Query Results XML."""
    root = ElementTree.Element("sparql", xmlns=_SPARQL_XML)
    head = ElementTree.SubElement(root, "head")
    for variable in result.variables:
        ElementTree.SubElement(head, "variable", name=variable)
    results = ElementTree.SubElement(root, "results")
    for row in result.rows:
        element = ElementTree.SubElement(results, "result")
        for variable, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            binding = ElementTree.SubElement(element, "binding", name=variable)
            if isinstance(term, URIRef):
                ElementTree.SubElement(binding, "uri").text = str(term)
            elif isinstance(term, BNode):
                ElementTree.SubElement(binding, "bnode").text = str(term)
            else:
                attributes = (
                    {_XML_LANG: term.language} if term.language
                    else {"datatype": str(term.datatype)}
                    if term.datatype and term.datatype != XSD.string else {}
                )
                ElementTree.SubElement(binding, "literal", attributes).text = str(term)
    return _xml_bytes(root)


def _xml_bytes(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


