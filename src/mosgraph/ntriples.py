"""Canonical N-Triples lines straight from terms, without a store: the fast path of the build.

:func:`mosgraph.build.build_triples` makes IRIs (:class:`rdflib.URIRef`, a ``str``) and
literals as :class:`Lexical` (three strings, much cheaper than an rdflib literal); this
module writes such triples as the very bytes pyoxigraph's N-Triples writer (and so
:func:`mosgraph.rdfio.serialize`) gives them: the same escapes (``\\"``, ``\\\\``, ``\\n``,
``\\u0001``, ...), language tags in lower case, no datatype for ``xsd:string``.

>>> writer = Writer()
>>> writer.line(("http://x/a", "http://x/p", Lexical('say "hi"\\n', language="EN")))
b'<http://x/a> <http://x/p> "say \\\\"hi\\\\"\\\\n"@en .\\n'
>>> writer.line(("http://x/a", "http://x/n", Lexical("7", XSD_INTEGER)))
b'<http://x/a> <http://x/n> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'

An IRI is checked once, the first time it is written (as pyoxigraph would check it):

>>> writer.line(("http://x/a b", "http://x/p", "http://x/o"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.UsageError: not an IRI RDF allows: <http://x/a b> (Invalid IRI ...)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import pyoxigraph

from .errors import UsageError

__all__ = ["XSD_INTEGER", "XSD_STRING", "Lexical", "Writer", "escaped"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class Lexical(NamedTuple):
    """A literal as RDF has it: its lexical form, its datatype IRI (``""`` for
    ``xsd:string``, the one default) and its language tag (``""`` for none)."""

    lexical: str
    datatype: str = ""
    language: str = ""


Term = str | Lexical
"""An IRI (any ``str``, such as an rdflib ``URIRef``) or a literal."""

# what pyoxigraph escapes: the controls (by name where N-Triples has one), the quote, the
# backslash, DEL and the two noncharacters U+FFFE and U+FFFF; everything else is written as is
_ESCAPES = {code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                 0x22: '\\"', 0x5C: "\\\\"})
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")  # RFC 3987's iunreserved, ASCII only
_TO_ESCAPE = re.compile("[" + "".join(re.escape(chr(code)) for code in _ESCAPES) + "]")


def escaped(text: str) -> str:
    """``text`` as an N-Triples string holds it, between its quotes.

    >>> print(escaped('a "b" \\\\ \\t\\x7f é'))
    a \\"b\\" \\\\ \\t\\u007F é
    """
    return text.translate(_ESCAPES) if _TO_ESCAPE.search(text) else text


class Writer:
    """Writes triples as N-Triples lines; each term is checked and formatted once (the
    ``remembered`` last ones are kept: a writer can serve any number of triples)."""

    def __init__(self, remembered: int = 1 << 18) -> None:
        self._terms: dict[Term, str] = {}
        self._heads: set[str] = set()  # IRIs up to a slash, of IRIs found to be allowed
        self._remembered = remembered

    def term(self, term: Term) -> str:
        """``term`` as N-Triples writes it (a UsageError for an IRI RDF does not allow)."""
        found = self._terms.get(term)
        if found is None:
            if len(self._terms) >= self._remembered:
                self._terms.clear()
                self._heads.clear()
            found = self._terms[term] = self._literal(term) if isinstance(term, Lexical) \
                else self._iri(term)
        return found

    def _iri(self, iri: str) -> str:
        """``<iri>``: checked, unless a slash ends the head of an IRI already allowed and
        only unreserved characters follow it (which any part of an IRI allows there: the
        IRIs one mints, ``.../span/12-40`` after ``.../span/3-9``, are checked once)."""
        cut = iri.rfind("/") + 1
        head = iri[:cut]
        if not (cut and head in self._heads and _UNRESERVED.fullmatch(iri, cut)):
            _check_iri(iri)
            if cut:
                self._heads.add(head)
        return f"<{iri}>"

    def _literal(self, literal: Lexical) -> str:
        quoted = f'"{escaped(literal.lexical)}"'
        if literal.language:
            return f"{quoted}@{_language(literal.language)}"
        if literal.datatype and literal.datatype != XSD_STRING:
            return f"{quoted}^^{self.term(literal.datatype)}"
        return quoted

    def line(self, triple: tuple[str, str, Term]) -> bytes:
        """The N-Triples line of ``triple``, ending in a newline."""
        terms, term = self._terms, self.term
        subject, predicate, obj = triple
        return (f"{terms.get(subject) or term(subject)} {terms.get(predicate) or term(predicate)}"
                f" {terms.get(obj) or term(obj)} .\n").encode()

    def lines(self, triples: Iterable[tuple[str, str, Term]]) -> list[bytes]:
        """The lines of ``triples``, sorted (as :func:`mosgraph.rdfio.serialize` sorts them):
        :meth:`line` of each, without a call each."""
        get, term = self._terms.get, self.term
        return sorted([f"{get(subject) or term(subject)} {get(predicate) or term(predicate)}"
                       f" {get(obj) or term(obj)} .\n".encode()
                       for subject, predicate, obj in triples])


def _language(tag: str) -> str:
    """``tag`` in lower case, once it is known to be a language tag RDF allows."""
    try:
        pyoxigraph.Literal("", language=tag)
    except ValueError as exc:
        raise UsageError(f"not a language tag RDF allows: {tag!r} ({exc})") from None
    return tag.lower()


def _check_iri(iri: str) -> None:
    """A UsageError naming ``iri`` unless it is an IRI RDF allows."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        from rdflib import URIRef

        from .terms import to_oxigraph

        to_oxigraph(URIRef(iri))  # raises the UsageError that names it
        raise  # pragma: no cover - to_oxigraph refuses what pyoxigraph refuses
