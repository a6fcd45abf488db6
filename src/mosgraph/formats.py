"""File formats mosgraph reads and writes: one :class:`Format` object each.

A format knows its name, its media type (by which pyoxigraph knows the RDF ones), its file
extensions, and whether it holds RDF and named graphs. Lookups go by extension or by name;
an unknown one raises :class:`~mosgraph.errors.UnknownFormatError` listing what is known.

>>> for_path("graph.ttl").media_type
'text/turtle'
>>> by_name("jsonld").extension
'.jsonld'
>>> for_path("graph.xyz")  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.UnknownFormatError: unknown format for 'graph.xyz': expected one of .graphml, ...
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UnknownFormatError

__all__ = ["FORMATS", "RDF_FORMATS", "Format", "by_name", "for_path"]


@dataclass(frozen=True)
class Format:
    """A file format; ``rdf`` for an RDF syntax, ``quads`` if it can hold named graphs."""

    name: str
    media_type: str
    extensions: tuple[str, ...]
    rdf: bool = False
    quads: bool = False

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def is_rdf(self) -> bool:
        return self.rdf


RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", (".ttl",), rdf=True),
    Format("ntriples", "application/n-triples", (".nt",), rdf=True),
    Format("nquads", "application/n-quads", (".nq",), rdf=True, quads=True),
    Format("trig", "application/trig", (".trig",), rdf=True, quads=True),
    Format("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), rdf=True),
    Format("jsonld", "application/ld+json", (".jsonld", ".json"), rdf=True, quads=True),
)
FORMATS: tuple[Format, ...] = (
    Format("graphml", "application/graphml+xml", (".graphml",)),
    Format("gexf", "application/gexf+xml", (".gexf",)),
    Format("cytoscape", "application/vnd.cytoscape.js+json", (".cyjs",)),
    Format("csv", "text/csv", (".csv",)),
    *RDF_FORMATS,
)
_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
            "n-quads": "nquads", "xml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml",
            "json-ld": "jsonld", "cyjs": "cytoscape"}


def by_name(name: str, *, rdf_only: bool = False) -> Format:
    """The format called ``name`` (``turtle``, ``ttl``, ``jsonld``, ``graphml``, ...)."""
    wanted = _ALIASES.get(name.lower(), name.lower())
    choices = RDF_FORMATS if rdf_only else FORMATS
    for fmt in choices:
        if fmt.name == wanted:
            return fmt
    raise UnknownFormatError(
        f"unknown format '{name}': expected one of {', '.join(f.name for f in choices)}"
    )


def for_path(path: str | os.PathLike[str], *, rdf_only: bool = False) -> Format:
    """The format a file name's extension stands for."""
    suffix = Path(path).suffix.lower()
    choices = RDF_FORMATS if rdf_only else FORMATS
    for fmt in choices:
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(ext for f in choices for ext in f.extensions)
    raise UnknownFormatError(f"unknown format for '{path}': expected one of {known}")
