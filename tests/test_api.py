"""The public API is exactly what ``mosgraph.__all__`` names, and each name resolves."""

from __future__ import annotations

import mosgraph


def test_every_public_name_resolves() -> None:
    for name in mosgraph.__all__:
        assert getattr(mosgraph, name) is not None, name


def test_public_names_are_pinned() -> None:
    assert set(mosgraph.__all__) == {
        "CurationError", "Format", "InputError", "MOS", "Minter", "MosgraphError",
        "QueryError", "QueryTimeout", "RDFSyntaxError", "Report", "ReportSyntaxError",
        "StoreError", "UnknownFormatError", "UsageError", "ValidationReport", "build_graph",
        "load_curation", "load_graph", "load_sources", "parse_report", "read_report",
        "validate", "write_graph",
        "Store", "open_store", "SelectResult", "AskResult", "GraphResult", "export_graph",
        "describe", "write_catalog", "synthesize", "project", "compute_metrics",
        "diff_meetings", "validate_store",
    }


def test_errors_form_one_tree() -> None:
    for name in mosgraph.__all__:
        value = getattr(mosgraph, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, mosgraph.MosgraphError), name


def test_the_documented_flow_runs_through_the_public_api() -> None:
    graph = mosgraph.build_graph(mosgraph.load_sources())
    with mosgraph.open_store(None) as store:
        store.load(graph)
        answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(answer, mosgraph.SelectResult)
    assert int(answer.rows[0][0]) == len(graph)
    network = mosgraph.project(graph, "representation")
    assert network.number_of_edges() == 7
