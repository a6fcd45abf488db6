"""The cases a query leaves in doubt, decided in Python exactly as pyshacl decides them.

SPARQL and Python agree on the plain forms stores write (``"42"^^xsd:integer``, an ASCII
string); they part on the edges: rdflib's idea of a well-formed literal (``" 5"`` is an
integer to it, ``"2021-02-29"`` is not a date), Python's regular expressions (``$`` matches
before a final newline) and the comparison of values of different types. The compiler sends
those values here.

>>> from rdflib import Literal, XSD
>>> datatype_fails(Literal("2021-02-29", datatype=XSD.date), XSD.date)
True
>>> datatype_fails(Literal("2024-02-29", datatype=XSD.date), XSD.date)
False
>>> pattern_fails(Literal("line=1,2\\n"), "^line=[0-9]+,[0-9]+$", "")
False
>>> range_fails(Literal("1e2", datatype=XSD.double), Literal(100), ">=")
False
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError

__all__ = ["datatype_fails", "pair_fails", "pattern_fails", "range_fails"]

# the Python type pyshacl requires of a well-formed value of these datatypes
_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def datatype_fails(value: Node, datatype: URIRef) -> bool:
    """Whether ``value`` breaks ``sh:datatype datatype`` (an ill-typed literal does)."""
    if not isinstance(value, Literal):
        return True
    with warnings.catch_warnings():  # rdflib warns about odd lexical forms it is given
        warnings.simplefilter("ignore")
        literal = Literal(str(value), lang=value.language, datatype=value.datatype)
    if literal.datatype == datatype:
        return literal.ill_typed is True or not _python_type(literal, datatype)
    if datatype == RDFS.Literal:
        return False
    if datatype == RDFS.Datatype and literal.datatype:
        return False
    if literal.datatype is None and literal.language is None and datatype == XSD.string:
        return not _python_type(literal, datatype)
    if datatype == RDF.langString and literal.language:
        return not _python_type(literal, datatype)
    return True


def _python_type(literal: Literal, datatype: URIRef) -> bool:
    wanted = _PYTHON_TYPES.get(datatype)
    return wanted is None or isinstance(literal.value, wanted)


def pattern_fails(value: Node, pattern: str, flags: str) -> bool:
    """Whether ``value`` breaks ``sh:pattern`` (Python's ``re.search``; ``i`` and ``m``)."""
    if isinstance(value, BNode):
        return True
    return _regex(pattern, flags).search(_string(value)) is None


@cache
def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    return re.compile(pattern, (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))


def _string(value: Node) -> str:
    if isinstance(value, Literal) and value.value is not None and \
            value.datatype in (None, RDF.langString, XSD.string):
        return str(value.value)
    return str(value)


def range_fails(value: Node, bound: Literal, operator: str) -> bool:
    """Whether ``value operator bound`` fails as pyshacl compares (``>``, ``>=``, ``<``,
    ``<=``): only literals compare, and strings only with strings."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(value, Literal):
        return True
    if isinstance(bound.value, str) != isinstance(_value(value), str):
        return True
    try:
        order: int = compare_literal(_fresh(value), bound)  # type: ignore[no-untyped-call]
    except (TypeError, NotImplementedError):
        return True
    return not {">": order > 0, ">=": order >= 0, "<": order < 0, "<=": order <= 0}[operator]


def pair_fails(value: Node, other: Node, operator: str, what: str) -> bool:
    """Whether ``value operator other`` fails for ``sh:lessThan`` (``<``) or
    ``sh:lessThanOrEquals`` (``<=``), as pyshacl compares them."""
    if isinstance(value, BNode) or isinstance(other, BNode):
        raise InputError(f"the shapes cannot be used for validation: Cannot use {what} to "
                         "compare a BlankNode.")
    left, left_text = _comparable(value)
    right, right_text = _comparable(other)
    if left_text != right_text:
        return True
    try:
        return not (left < right if operator == "<" else left <= right)
    except TypeError as exc:
        raise InputError(f"the shapes cannot be used for validation: {exc}") from exc


def _comparable(node: Node) -> tuple[Any, bool]:
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal):
        literal = _fresh(node)
        if isinstance(literal.value, str):
            return literal.value, True
        return literal, False
    return node, False


def _fresh(value: Literal) -> Literal:
    """The literal as rdflib makes it from its lexical form (value, ill-typedness)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Literal(str(value), lang=value.language, datatype=value.datatype)


def _value(value: Literal) -> Any:
    return _fresh(value).value
