"""The files mosgraph ships: ontology, shapes, named queries, and the bundled reports.

In a wheel they live in ``mosgraph/_resources/``; in a source checkout (editable install)
they are the top-level folders of the repository. Either way, these functions find them.

>>> ontology_path().name
'mosgraph.ttl'
>>> "chair" in named_queries()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "NamedQuery",
    "curation_dir",
    "named_queries",
    "ontology_path",
    "queries_dir",
    "registry_path",
    "reports_dir",
    "resource",
    "shapes_path",
]

_HERE = Path(__file__).resolve().parent
_ROOTS = (_HERE / "_resources", _HERE.parent.parent)


def resource(relative: str) -> Path:
    """The path of a shipped file or folder, e.g. ``resource("shapes/mosgraph.shacl.ttl")``."""
    for root in _ROOTS:
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"mosgraph resource not found: {relative} (broken installation?)")


def ontology_path() -> Path:
    return resource("ontology/mosgraph.ttl")


def shapes_path() -> Path:
    return resource("shapes/mosgraph.shacl.ttl")


def queries_dir() -> Path:
    return resource("queries")


def reports_dir() -> Path:
    return resource("data/reports")


def curation_dir() -> Path:
    return resource("data/curation")


def registry_path() -> Path:
    """The register of organisations (``data/registry/organisations.yaml``)."""
    return resource("data/registry/organisations.yaml")


@dataclass(frozen=True)
class NamedQuery:
    """A named SPARQL query shipped in ``queries/``: its question comes from its header."""

    name: str
    description: str
    text: str
    path: Path


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The shipped queries by name, in alphabetical order.

    The description is the first ``#`` comment line of the file.
    """
    found: dict[str, NamedQuery] = {}
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        description = next(
            (line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), ""
        )
        found[path.stem] = NamedQuery(path.stem, description, text, path)
    return found
