"""SHACL validation as whole-graph SPARQL queries, run where the data is.

The shapes are read as pyshacl reads them (:mod:`.shapes`), compiled to one query per
constraint component per shape (:mod:`.compiler`), and run on any
:class:`~mosgraph.store.Store`: Oxigraph in this process, an Oxigraph folder, or a remote
SPARQL endpoint (:mod:`.engine`). The report is the one pyshacl, the reference engine,
gives for the same graph: the same focus nodes, paths, values, severities and messages;
a shape whose features the compiler does not translate is validated by pyshacl, with a
note. :func:`mosgraph.validation.validate` chooses the engine.
"""

from __future__ import annotations

from .engine import Finding, Outcome, check

__all__ = ["Finding", "Outcome", "check"]
