"""SHACL property paths as SPARQL 1.1 property paths.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
...     ex:s sh:path ( ex:a [ sh:inversePath ex:b ] [ sh:zeroOrMorePath ex:c ] ) .
... ''')
>>> print(sparql_path(g, g.value(URIRef("https://example.org/s"), SH.path)))
<https://example.org/a>/^<https://example.org/b>/(<https://example.org/c>)*
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import InputError

__all__ = ["exists", "iri", "rdflib_path", "sparql_path"]

_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_REPEATS = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


def iri(node: URIRef) -> str:
    """``<node>``, refusing characters that cannot be in a SPARQL IRI."""
    text = str(node)
    if _NOT_IN_IRI.search(text):
        raise InputError(f"the shapes use an IRI that SPARQL cannot write: {text!r}")
    return f"<{text}>"


def sparql_path(graph: Graph, path: Node, _depth: int = 0) -> str:
    """The SPARQL property path of the SHACL path ``path`` (a node of ``graph``).

    Raises :class:`~mosgraph.errors.InputError` for a malformed path.
    """
    if _depth > 50:
        raise InputError("a SHACL property path nests too deeply (a cycle?)")
    if isinstance(path, URIRef):
        return iri(path)
    if not isinstance(path, BNode):
        raise InputError(f"a SHACL property path must be an IRI or a blank node, not {path!r}")
    if (path, RDF.first, None) in graph:
        steps = [sparql_path(graph, step, _depth + 1) for step in graph.items(path)]
        if len(steps) < 2:
            raise InputError("a SHACL sequence path needs at least two steps")
        return "/".join(steps)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _group(sparql_path(graph, inverse, _depth + 1))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [sparql_path(graph, step, _depth + 1) for step in graph.items(alternatives)]
        if len(options) < 2:
            raise InputError("a SHACL alternative path needs at least two options")
        return "(" + "|".join(options) + ")"
    for predicate, suffix in _REPEATS:
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({sparql_path(graph, inner, _depth + 1)}){suffix}"
    raise InputError("a SHACL property path is a blank node that is not a path")


def _group(text: str) -> str:
    return text if text.startswith("<") and text.endswith(">") else f"({text})"


# --- walking a path inside EXISTS ----------------------------------------------------------------
#
# Oxigraph plans the pattern of an EXISTS filter before it knows which variables the outer
# row binds: a sequence path or a group of several triple patterns in it is evaluated over
# the whole graph for every row. One triple pattern whose subject (or object) is bound is
# fast. So inside EXISTS a path is walked one step at a time, each step an EXISTS of its own.


def exists(graph: Graph, path: Node, start: str, body: Callable[[str], str] | None,
           fresh: Callable[[], str]) -> str:
    """A SPARQL expression: some node reached from ``start`` along ``path`` passes ``body``.

    ``body`` makes an expression about the variable it is given (``None``: any node).

    >>> from rdflib import Graph
    >>> names = iter(range(1, 100))
    >>> print(exists(Graph(), URIRef("https://example.org/p"), "?x",
    ...              lambda v: f"isIRI({v})", lambda: f"?v{next(names)}"))
    EXISTS { ?x <https://example.org/p> ?v1 FILTER (isIRI(?v1)) }
    """
    return _walk(_tree(graph, path, False, 0), start, body, fresh)


# ("step", iri, inverse) | ("seq", [trees]) | ("alt", [trees]) | ("rep", path, op, tree)
_Tree = tuple[Any, ...]


def _tree(graph: Graph, path: Node, inverse: bool, depth: int) -> _Tree:
    if depth > 50:
        raise InputError("a SHACL property path nests too deeply (a cycle?)")
    if isinstance(path, URIRef):
        iri(path)
        return ("step", path, inverse)
    if (path, RDF.first, None) in graph:
        steps = [_tree(graph, s, inverse, depth + 1) for s in graph.items(path)]
        return ("seq", steps[::-1] if inverse else steps)
    inner = graph.value(path, SH.inversePath)
    if inner is not None:
        return _tree(graph, inner, not inverse, depth + 1)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return ("alt", [_tree(graph, a, inverse, depth + 1) for a in graph.items(alternatives)])
    for predicate, suffix in _REPEATS:
        inner = graph.value(path, predicate)
        if inner is not None:
            text = sparql_path(graph, inner, depth + 1)
            return ("rep", f"{'^' if inverse else ''}({text}){suffix}", suffix,
                    _tree(graph, inner, inverse, depth + 1))
    raise InputError("a SHACL property path is a blank node that is not a path")


def _walk(tree: _Tree, start: str, body: Callable[[str], str] | None,
          fresh: Callable[[], str]) -> str:
    kind = tree[0]
    if kind == "seq":
        steps: list[_Tree] = tree[1]
        if len(steps) == 1:
            return _walk(steps[0], start, body, fresh)
        return _walk(steps[0], start,
                     lambda middle: _walk(("seq", steps[1:]), middle, body, fresh), fresh)
    if kind == "alt":
        return "(" + " || ".join(_walk(option, start, body, fresh) for option in tree[1]) + ")"
    end = fresh()
    if kind == "step":
        triple = f"{end} {iri(tree[1])} {start}" if tree[2] else f"{start} {iri(tree[1])} {end}"
    else:  # a repetition: one path pattern, walked by the store from the bound start
        triple = f"{start} {tree[1]} {end}"
        if tree[2] == "?":  # zero or one step: the start itself, or one step on
            here = body(start) if body is not None else "true"
            return f"({here} || {_walk(tree[3], start, body, fresh)})"
    return f"EXISTS {{ {triple}{_filter(body, end)} }}"


def _filter(body: Callable[[str], str] | None, var: str) -> str:
    return f" FILTER ({body(var)})" if body is not None else ""


def rdflib_path(graph: Graph, path: Node, _depth: int = 0) -> Any:
    """The SHACL path ``path`` as an rdflib path (for ``Graph.objects(node, path)``)."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if _depth > 50:
        raise InputError("a SHACL property path nests too deeply (a cycle?)")
    if isinstance(path, URIRef):
        return path
    if (path, RDF.first, None) in graph:
        return SequencePath(*(rdflib_path(graph, s, _depth + 1) for s in graph.items(path)))
    inner = graph.value(path, SH.inversePath)
    if inner is not None:
        return InvPath(rdflib_path(graph, inner, _depth + 1))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return AlternativePath(*(rdflib_path(graph, a, _depth + 1)
                                 for a in graph.items(alternatives)))
    for predicate, suffix in _REPEATS:
        inner = graph.value(path, predicate)
        if inner is not None:
            return MulPath(rdflib_path(graph, inner, _depth + 1), suffix)  # type: ignore[arg-type]
    raise InputError("a SHACL property path is a blank node that is not a path")
