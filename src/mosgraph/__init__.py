"""mosgraph: HLG-MOS meeting reports as a validated, queryable knowledge graph.

The public API is the names below; each is imported on first use, so that importing
mosgraph (and starting the command line) stays fast.

>>> import mosgraph
>>> graph = mosgraph.build_graph(mosgraph.load_sources())
>>> result = mosgraph.validate(graph)
>>> result.conforms, len(result.warnings)
(True, 1)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    # errors
    "MosgraphError": "mosgraph.errors",
    "InputError": "mosgraph.errors",
    "ReportSyntaxError": "mosgraph.errors",
    "CurationError": "mosgraph.errors",
    "RDFSyntaxError": "mosgraph.errors",
    "UsageError": "mosgraph.errors",
    "UnknownFormatError": "mosgraph.errors",
    "QueryError": "mosgraph.errors",
    "QueryTimeout": "mosgraph.errors",
    "StoreError": "mosgraph.errors",
    "OutputError": "mosgraph.errors",
    # report in, graph out
    "Report": "mosgraph.report",
    "read_report": "mosgraph.reader",
    "parse_report": "mosgraph.reader",
    "load_curation": "mosgraph.curation",
    "load_sources": "mosgraph.sources",
    "build_graph": "mosgraph.build",
    "Minter": "mosgraph.iris",
    "MOS": "mosgraph.vocab",
    # files
    "Format": "mosgraph.formats",
    "load_graph": "mosgraph.rdfio",
    "load_dataset": "mosgraph.rdfio",
    "write_graph": "mosgraph.rdfio",
    # checking
    "validate": "mosgraph.validation",
    "validate_store": "mosgraph.validation",
    "ValidationReport": "mosgraph.validation",
    # querying: one interface over the embedded, on-disk and remote stores
    "Store": "mosgraph.store",
    "open_store": "mosgraph.store",
    "SelectResult": "mosgraph.query",
    "AskResult": "mosgraph.query",
    "GraphResult": "mosgraph.query",
    # publishing
    "export_graph": "mosgraph.export",
    "describe": "mosgraph.catalog",
    "write_catalog": "mosgraph.catalog",
    "synthesize": "mosgraph.synth",
    # network analysis
    "project": "mosgraph.network",
    "compute_metrics": "mosgraph.network",
    "diff_meetings": "mosgraph.network",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # what type checkers see: the real objects, not __getattr__'s Any
    from .build import build_graph
    from .catalog import describe, write_catalog
    from .curation import load_curation
    from .errors import (
        CurationError,
        InputError,
        MosgraphError,
        OutputError,
        QueryError,
        QueryTimeout,
        RDFSyntaxError,
        ReportSyntaxError,
        StoreError,
        UnknownFormatError,
        UsageError,
    )
    from .export import export_graph
    from .formats import Format
    from .iris import Minter
    from .network import compute_metrics, diff_meetings, project
    from .query import AskResult, GraphResult, SelectResult
    from .rdfio import load_dataset, load_graph, write_graph
    from .reader import parse_report, read_report
    from .report import Report
    from .sources import load_sources
    from .store import Store, open_store
    from .synth import synthesize
    from .validation import ValidationReport, validate, validate_store
    from .vocab import MOS


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mosgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
