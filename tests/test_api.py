"""The public API is exactly what ``mosgraph.__all__`` names, and each name resolves."""

from __future__ import annotations

from pathlib import Path

import mosgraph


def test_every_public_name_resolves() -> None:
    for name in mosgraph.__all__:
        assert getattr(mosgraph, name) is not None, name


def test_public_names_are_pinned() -> None:
    assert set(mosgraph.__all__) == {
        "CurationError", "Format", "InputError", "MOS", "Minter", "MosgraphError",
        "QueryError", "QueryTimeout", "RDFSyntaxError", "Report", "ReportSyntaxError",
        "StoreError", "UnknownFormatError", "UsageError", "ValidationReport", "build_graph",
        "load_curation", "load_dataset", "load_graph", "load_sources", "parse_report",
        "read_report", "validate", "write_graph",
        "Store", "open_store", "SelectResult", "AskResult", "GraphResult", "export_graph",
        "describe", "write_catalog", "synthesize", "project", "compute_metrics",
        "diff_meetings", "validate_store", "OutputError",
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


def test_type_checkers_see_every_public_name() -> None:
    """The ``if TYPE_CHECKING:`` imports of ``mosgraph/__init__.py`` are the public names,
    each from the module ``__getattr__`` takes it from."""
    import ast
    from pathlib import Path

    source = Path(mosgraph.__file__).read_text(encoding="utf-8")
    block = next(node for node in ast.parse(source).body if isinstance(node, ast.If)
                 and ast.unparse(node.test) == "TYPE_CHECKING")
    imported = {alias.name: f"mosgraph.{node.module}" for node in block.body
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert imported == mosgraph._EXPORTS


def test_reveal_type_of_the_public_api_is_not_any(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = tmp_path / "probe.py"
    probe.write_text("import mosgraph\nreveal_type(mosgraph.build_graph)\n"
                     "reveal_type(mosgraph.load_graph)\nreveal_type(mosgraph.Store)\n",
                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary",
                             "--follow-imports=silent", str(probe)], capture_output=True,
                            text=True, cwd=tmp_path)
    notes = [line for line in result.stdout.splitlines() if "Revealed type" in line]
    assert len(notes) == 3, result.stdout + result.stderr
    assert not any('"Any"' in line for line in notes), notes
    assert "def (sources:" in notes[0] and "rdflib.graph.Graph" in notes[0], notes[0]
