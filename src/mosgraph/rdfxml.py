"""RDF/XML checks that the parser and the writer do not make themselves.

Reading (:func:`defuse`): the RDF/XML parser expands every entity a document declares, with
no limit, so a file of a few hundred bytes ("billion laughs") or a quadratic blow-up could
take gigabytes; and its time grows with the square of the nesting depth. Before parsing,
mosgraph therefore

* expands only *simple internal* entities itself (``<!ENTITY owl "http://...#">``, as
  ontology editors write them): no external (``SYSTEM``/``PUBLIC``) or parameter entity, no
  entity whose text holds markup or another reference, and no more output than
  :data:`EXPANSION` times the input (plus 1 MiB). The document handed to the parser has no
  DTD left;
* refuses elements nested deeper than ``max_depth``.

Writing (:func:`check_writable`): XML cannot hold most control characters, and a predicate
must end in an XML name to be written as an element.

>>> defuse(b'<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/">]><a b="&ex;x">&ex;</a>')
b'<a b="http://example.org/x">http://example.org/</a>'
>>> laughs = b'<!DOCTYPE a [<!ENTITY a "ha"><!ENTITY b "&a;&a;">]><a>&b;</a>'
>>> defuse(laughs, file="laughs.rdf")  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.RDFSyntaxError: laughs.rdf:1: not valid RDF/XML for mosgraph: the entity 'b' ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import RDFSyntaxError, UsageError

__all__ = [
    "EXPANSION",
    "XML_LITERAL",
    "canonical_xml_literals",
    "check_nquads",
    "check_writable",
    "defuse",
    "nesting_depth",
]

EXPANSION = 16
"""How many times its own size a document may grow by entity expansion (plus 1 MiB)."""

_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)\b[^\[>]*)?\s*(?:\[(.*?)\])?\s*>", re.S)
_DECLARATION = re.compile(
    rb"""\s*(?:<!--.*?-->|<!ENTITY\s+(%\s+)?([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)'|(\S[^>]*))\s*>
         |<!ELEMENT\s[^>]*>|(\S))""", re.S | re.X)
_SKIP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_PREDEFINED = {b"lt", b"gt", b"amp", b"apos", b"quot"}
_TAG = re.compile(rb"""<(?:!--.*?--|!\[CDATA\[.*?\]\]|\?.*?\?|!(?:[^>"']++|"[^"]*+"|'[^']*+')*+
                        |(/)[^>]*+|[^\s>/!?](?:[^>"'/]++|"[^"]*+"|'[^']*+'|/(?!>))*+(/?))>""",
                  re.S | re.X)


def _refuse(message: str, file: str | None, data: bytes, offset: int) -> RDFSyntaxError:
    line = data.count(b"\n", 0, offset) + 1
    return RDFSyntaxError(f"not valid RDF/XML for mosgraph: {message}", file=file, line=line)


def defuse(data: bytes, *, file: str | None = None, max_depth: int = 1000) -> bytes:
    """``data`` with its DTD removed and its simple entities expanded, or an error.

    Raises :class:`~mosgraph.errors.RDFSyntaxError` (with the file and line) for a DTD
    mosgraph does not read, an expansion past the limit, or nesting deeper than
    ``max_depth``.
    """
    start = data.find(b"<!DOCTYPE")
    if start >= 0:
        data = _expand(data, start, file)
    elif b"<!ENTITY" in data:
        raise _refuse("an entity declared outside a DOCTYPE", file, data, data.find(b"<!ENTITY"))
    depth, offset = nesting_depth(data, max_depth)
    if depth > max_depth:
        raise _refuse(f"elements nested more than {max_depth} deep", file, data, offset)
    return data


def _expand(data: bytes, start: int, file: str | None) -> bytes:
    doctype = _DOCTYPE.match(data, start)
    if doctype is None:
        raise _refuse("a DOCTYPE mosgraph cannot read (an external DTD?)", file, data, start)
    if re.search(rb"\b(?:SYSTEM|PUBLIC)\b", data[start:doctype.start(1) if doctype.group(1)
                                              is not None else doctype.end()]):
        raise _refuse("an external DTD (mosgraph reads no file or URL a document names)", file,
                      data, start)
    entities: dict[bytes, bytes] = {}
    subset = doctype.group(1) or b""
    position = 0
    while position < len(subset):
        declaration = _DECLARATION.match(subset, position)
        if declaration is None or declaration.end() == position:
            break
        position = declaration.end()
        parameter, name, double, single, external, other = declaration.groups()
        where = doctype.start(1) + declaration.start()
        if other is not None:
            raise _refuse("a DTD declaration other than a plain entity (mosgraph reads only "
                          "<!ENTITY name \"text\">)", file, data, where)
        if name is None:
            continue  # a comment or an element declaration: no meaning for RDF
        if parameter is not None or external is not None:
            raise _refuse(f"the {'parameter' if parameter else 'external'} entity "
                          f"'{name.decode('utf-8', 'replace')}' (mosgraph expands only entities "
                          "that stand for plain text)", file, data, where)
        value = double if double is not None else single
        assert value is not None
        if b"&" in value or b"<" in value or b"%" in value:
            raise _refuse(f"the entity '{name.decode('utf-8', 'replace')}' refers to another "
                          "entity; mosgraph expands only entities that stand for plain text",
                          file, data, where)
        entities.setdefault(name, value)
    if position < len(subset) and subset[position:].strip():
        raise _refuse("a DTD mosgraph cannot read", file, data, doctype.start(1) + position)
    body = data[: start] + data[doctype.end():]
    if not entities:
        return body
    return _substitute(body, entities, len(data), file)


def _substitute(body: bytes, entities: dict[bytes, bytes], size: int,
                file: str | None) -> bytes:
    limit = EXPANSION * size + (1 << 20)
    reference = re.compile(rb"&(" + b"|".join(re.escape(n) for n in entities) + rb");")
    out: list[bytes] = []
    total = 0
    position = 0

    def expand(chunk: bytes) -> None:
        nonlocal total
        cursor = 0
        for found in reference.finditer(chunk):
            value = entities[found.group(1)]
            out.append(chunk[cursor:found.start()])
            out.append(value)
            total += found.start() - cursor + len(value)
            cursor = found.end()
            if total > limit:
                raise _refuse(f"entities expand it past {EXPANSION} times its size (an "
                              "expansion bomb?)", file, body, found.start())
        out.append(chunk[cursor:])
        total += len(chunk) - cursor

    for skipped in _SKIP.finditer(body):  # no references inside comments, CDATA, PIs
        expand(body[position:skipped.start()])
        out.append(skipped.group())
        position = skipped.end()
    expand(body[position:])
    return b"".join(out)


def nesting_depth(data: bytes, stop: int | None = None) -> tuple[int, int]:
    """The deepest element nesting of the XML ``data`` and where it is reached (an offset).

    Scanning stops once ``stop`` is passed.

    >>> nesting_depth(b'<a><b x="/>"/><c><d/></c></a>', stop=1)
    (2, 14)
    """
    deepest = level = 0
    for number, (end, empty) in enumerate(_TAG.findall(data)):
        if end:
            level -= 1
        elif empty == b"":  # a start tag that is not empty (<a/>)
            level += 1
            if level > deepest:
                deepest = level
                if stop is not None and deepest > stop:
                    return deepest, _offset_of_tag(data, number)
    return deepest, _offset_of_tag(data, None)


def _offset_of_tag(data: bytes, number: int | None) -> int:
    if number is None:
        return 0
    for count, tag in enumerate(_TAG.finditer(data)):
        if count == number:
            return tag.start()
    return 0


# --- XML literals -------------------------------------------------------------------------------

XML_LITERAL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"


def canonical_xml_literals(quads: list[Any]) -> list[Any]:
    """``quads`` with each ``rdf:XMLLiteral`` in canonical form (only the namespaces it uses
    declared, as RDF/XML's ``parseType="Literal"`` asks), where the parser left others.

    >>> import pyoxigraph as ox
    >>> value = ox.Literal('<br xmlns:eg="http://example.org/"></br>',
    ...                    datatype=ox.NamedNode(XML_LITERAL))
    >>> canonical_xml_literals([ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"),
    ...                                 value)])[0].object.value
    '<br></br>'
    """
    import xml.etree.ElementTree as ElementTree

    import pyoxigraph

    result = []
    for quad in quads:
        literal = quad.object
        if type(literal) is pyoxigraph.Literal and literal.datatype.value == XML_LITERAL:
            try:
                text = ElementTree.canonicalize(f"<w>{literal.value}</w>")[3:-4]
            except ElementTree.ParseError:
                text = literal.value
            if text != literal.value:
                quad = pyoxigraph.Quad(quad.subject, quad.predicate,
                                       pyoxigraph.Literal(text, datatype=literal.datatype),
                                       quad.graph_name)
        result.append(quad)
    return result


# --- writing ---------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NAME_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
               "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
               "\U00010000-\U000effff")
_NAME_CHARS = re.compile(f"[{_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*$")
_FIRST_NAME_START = re.compile(f"[{_NAME_START}]")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RESERVED = {"RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "li",
             "Description", "aboutEach", "aboutEachPrefix", "bagID"}


def check_writable(predicates: Iterable[str]) -> None:
    """Raise :class:`~mosgraph.errors.UsageError` unless every predicate can be an element.

    >>> check_writable(["http://example.org/p/1num"])  # written <num xmlns=".../p/1">
    >>> check_writable(["http://example.org/p/123"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.UsageError: cannot write RDF/XML: the predicate <...p/123> does not end in ...
    """
    for predicate in predicates:
        # the writer splits a predicate where the XML name it ends with begins
        tail = _NAME_CHARS.search(predicate)
        assert tail is not None  # the pattern matches the empty string
        first = _FIRST_NAME_START.search(predicate, tail.start())
        if first is None:
            raise UsageError(f"cannot write RDF/XML: the predicate <{predicate}> does not end in "
                             "an XML name (write Turtle, N-Triples or JSON-LD instead)")
        if not predicate[: first.start()].isascii():
            raise UsageError(f"cannot write RDF/XML: the namespace of the predicate <{predicate}>"
                             " is not ASCII, which XML namespaces need (write Turtle, N-Triples "
                             "or JSON-LD instead)")
        if predicate.startswith(_RDF) and predicate[len(_RDF):] in _RESERVED:
            raise UsageError(f"cannot write RDF/XML: rdf:{predicate[len(_RDF):]} cannot be a "
                             "property there (write Turtle, N-Triples or JSON-LD instead)")


_ESCAPED_INVALID = re.compile(rb"\\(?:[bf]|u000[0-8BCEF]|u001[0-9A-F]|uFFF[EF])")
# the predicate after a new line (the search skips to new lines: faster than ^ and re.M)
_PREDICATE = re.compile(rb"\n(?:<[^>]*>|_:\S+) <([^>]*)>")


def check_nquads(text: bytes, predicates: set[bytes]) -> None:
    r"""Raise :class:`~mosgraph.errors.UsageError` unless RDF/XML can hold the statements of
    ``text`` (N-Quads as pyoxigraph writes them): every predicate ends in an XML name (see
    :func:`check_writable`), and no term holds a character XML cannot hold (N-Quads writes
    those escaped). ``predicates`` are those already checked; the new ones are added.

    >>> check_nquads(b'<http://x/a> <http://x/p> "bell\\u0007" .\n', set())
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.UsageError: cannot write RDF/XML: "bell\u0007" holds the character U+0007, ...
    """
    new = set(_PREDICATE.findall(b"\n" + text)) - predicates
    if new:
        check_writable(sorted(predicate.decode("utf-8") for predicate in new))
        predicates |= new
    if _ESCAPED_INVALID.search(text) is None:
        return
    import pyoxigraph

    lines = b"".join(line + b"\n" for line in text.split(b"\n")
                     if _ESCAPED_INVALID.search(line))
    for quad in pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.object, quad.graph_name):
            bad = _XML_INVALID.search(getattr(term, "value", ""))
            if bad:
                shown = str(term) if len(str(term)) <= 80 else str(term)[:79] + "…"
                raise UsageError(f"cannot write RDF/XML: {shown} holds the character "
                                 f"U+{ord(bad.group()):04X}, which XML cannot hold (write "
                                 "Turtle, N-Triples or JSON-LD instead)")
