"""``mosgraph network`` and ``mosgraph plot``: tables, files written back, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from mosgraph.cli import main
from mosgraph.network.writeback import MOST_CENTRAL
from mosgraph.rdfio import load_graph, write_graph


@pytest.fixture(scope="module")
def graph_file(built_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "mosgraph.ttl"
    write_graph(built_graph, path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_table_ranks_by_the_chosen_metric(graph_file: Path) -> None:
    code, out = run("network", str(graph_file), "-p", "affiliation", "--sort", "betweenness",
                    "--top", "3")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("# affiliation projection, Online HLG-MOS meeting")
    assert lines[1].split()[:3] == ["rank", "label", "type"]
    assert "betweenness" in lines[1] and "pagerank" in lines[1]
    assert len(lines) == 2 + 3
    assert "High-Level Group for the Modernisation" in lines[2]


def test_csv_and_json_agree(graph_file: Path) -> None:
    _, as_csv = run("network", str(graph_file), "-p", "organisation", "--format", "csv")
    _, as_json = run("network", str(graph_file), "-p", "organisation", "--format", "json")
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    document = json.loads(as_json)
    assert len(rows) == len(document["rows"]) == document["nodes"] == 13
    assert [r["iri"] for r in rows] == [r["iri"] for r in document["rows"]]
    assert float(rows[0]["pagerank"]) == pytest.approx(document["rows"][0]["pagerank"])
    assert document["projection"] == "organisation" and "modularity" in document


def test_meeting_restriction(graph_file: Path) -> None:
    code, out = run("network", str(graph_file), "-p", "attendance", "--meeting", "2021-01-29",
                    "--format", "json")
    assert code == 0
    assert json.loads(out)["meeting"].endswith("/meeting/hlg-mos-2021-01-29")


def test_write_back_and_output(graph_file: Path, tmp_path: Path) -> None:
    rdf_out, graphml = tmp_path / "with-metrics.ttl", tmp_path / "org.graphml"
    code, out = run("network", str(graph_file), "-p", "organisation", "--write-back",
                    str(rdf_out), "-o", str(graphml), "--date", "2021-02-01")
    assert code == 0, out
    rows = list(load_graph(rdf_out).query(MOST_CENTRAL))
    assert len(rows) == 13 and str(rows[0].date) == "2021-02-01"
    back = nx.read_graphml(graphml)
    assert back.number_of_nodes() == 13
    assert {"pagerank", "betweenness", "label", "type", "iri"} <= set(
        next(iter(back.nodes.values())))


def test_write_back_in_place(built_graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(built_graph, path)
    code, out = run("network", str(path), "-p", "representation", "--write-back")
    assert code == 0, out
    assert len(load_graph(path)) > len(built_graph)


@pytest.mark.parametrize("args, words", [
    (["-p", "friends"], "unknown projection 'friends'"),
    (["--meeting", "1999-12-31"], "unknown meeting '1999-12-31'"),
    (["--sort", "fame"], "unknown metric 'fame'"),
    (["--backend", "warp"], "backend 'warp' is not installed"),
    (["--write-back", "out.docx"], "unknown format"),
    (["-o", "out.ttl"], "use --write-back for RDF"),
    (["--date", "yesterday", "--write-back", "x.ttl"], "not a date"),
])
def test_bad_input_is_one_line_exit_2_and_no_file(graph_file: Path, tmp_path: Path,
                                                  args: list[str], words: str) -> None:
    args = [str(tmp_path / a) if a.startswith(("out.", "x.")) else a for a in args]
    code, out = run("network", str(graph_file), *args, "-o", str(tmp_path / "net.graphml")) \
        if "-o" not in args else run("network", str(graph_file), *args)
    assert code == 2, out
    assert out.startswith("mosgraph: error: ") and words in out
    assert len(out.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    for command in (["network"], ["plot", "-o", str(tmp_path / "a.svg")]):
        code, out = run(*command, str(tmp_path / "nope.ttl"))
        assert code == 2 and out.strip().endswith("nope.ttl: file not found")
    assert list(tmp_path.iterdir()) == []


def test_plot_writes_svg_png_and_html(graph_file: Path, tmp_path: Path) -> None:
    for suffix in (".svg", ".png", ".html"):
        out = tmp_path / f"aff{suffix}"
        code, text = run("plot", str(graph_file), "-p", "affiliation", "-o", str(out),
                         "--size-by", "pagerank")
        assert code == 0, text
        assert out.stat().st_size > 1000 and text.startswith(f"wrote {out}")


def test_plot_rejects_bad_requests_without_writing(graph_file: Path, tmp_path: Path) -> None:
    for args, words in ((["-o", str(tmp_path / "a.jpg")], "expected a file ending in"),
                        (["-o", str(tmp_path / "a.svg"), "--size-by", "fame"],
                         "unknown metric 'fame'"),
                        (["-o", str(tmp_path / "a.svg"), "-p", "x"], "unknown projection")):
        code, out = run("plot", str(graph_file), *args)
        assert code == 2 and words in out and len(out.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_help_shows_examples_and_stays_light() -> None:
    for command in ("network", "plot"):
        code, out = run(command, "--help")
        assert code == 0 and "Example:" in out and f"mosgraph {command} " in out
    probe = ("import sys\nfrom mosgraph.cli import main\n"
             "try:\n    main(['network', '--help'])\nexcept SystemExit:\n    pass\n"
             "print([m for m in ('networkx', 'matplotlib', 'rdflib') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


# --- large graphs: read where they are, betweenness estimated and said so -------------------


def test_a_store_on_disk_gives_the_ranking_of_the_file(graph_file: Path, tmp_path: Path) -> None:
    code, output = run("load", str(graph_file), "--store", f"oxigraph:{tmp_path / 'db'}")
    assert code == 0, output
    for projection in ("affiliation", "organisation", "governance"):
        from_file = run("network", str(graph_file), "-p", projection, "--format", "json")
        from_store = run("network", "--store", f"oxigraph:{tmp_path / 'db'}", "-p", projection,
                         "--format", "json")
        assert from_store == from_file and from_file[0] == 0
    code, output = run("plot", "--store", f"oxigraph:{tmp_path / 'db'}", "-p", "governance",
                       "-o", str(tmp_path / "g.html"))
    assert code == 0 and (tmp_path / "g.html").stat().st_size > 1000


def test_the_projection_of_a_file_is_the_projection_of_its_rdflib_graph(
        graph_file: Path) -> None:
    from mosgraph.network.projections import PROJECTIONS, project
    from mosgraph.store import OxigraphStore

    store = OxigraphStore()
    store.load(graph_file)
    view, graph = store.as_graph(), load_graph(graph_file)
    assert len(view) == len(graph)
    for name in PROJECTIONS:
        a, b = project(graph, name), project(view, name)
        assert nx.utils.graphs_equal(a, b), name
        assert all(a.nodes[n] == b.nodes[n] for n in a) and \
            all(a.edges[e] == b.edges[e] for e in a.edges), name


def test_the_projections_of_a_corpus_in_a_store_are_those_of_its_rdflib_graph() -> None:
    """The projections read a store through a view, a node at a time (each node read once,
    its values converted when asked for): on a corpus of many meetings, they are the same
    networks, attribute for attribute, as those of the same triples in rdflib."""
    from mosgraph.network.projections import PROJECTIONS, project
    from mosgraph.store import OxigraphStore
    from mosgraph.synth import synthesize

    graph = synthesize(25, seed=4)
    store = OxigraphStore()
    store.load(graph)
    view = store.as_graph()
    for name in PROJECTIONS:
        a, b = project(graph, name), project(view, name)
        assert a.number_of_edges() > 0, name
        assert nx.utils.graphs_equal(a, b), name
        assert all(a.nodes[n] == b.nodes[n] for n in a) and \
            all(a.edges[e] == b.edges[e] for e in a.edges), name


def test_an_estimated_betweenness_is_said_in_every_format(
        graph_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mosgraph.network import metrics

    monkeypatch.setattr(metrics, "EXACT_WORK", 10)
    monkeypatch.setattr(metrics, "_SOURCES_AT_LEAST", 5)
    code, table = run("network", str(graph_file), "-p", "affiliation", "--top", "2")
    assert code == 0
    assert table.splitlines()[1].startswith("# betweenness: betweenness centrality")
    assert "estimated from 5 of the" in table.splitlines()[1]
    document = json.loads(run("network", str(graph_file), "-p", "affiliation",
                              "--format", "json")[1])
    assert "not exact" in document["methods"]["betweenness"]
    result = CliRunner().invoke(
        main, ["network", str(graph_file), "-p", "affiliation", "--format", "csv"])
    assert result.stderr.startswith("mosgraph: note: betweenness:")
    assert "not exact" not in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["-p", "attendance"], "give the graph: a FILE, or --store oxigraph:PATH"),
    (["--store", "memory"], "--store memory: expected oxigraph:PATH"),
    (["--store", "oxigraph:{dir}/none"], "no Oxigraph store at"),
    (["--store", "oxigraph:{dir}/db", "--write-back", "{dir}/out.ttl"],
     "--write-back writes a file: give the graph as a FILE"),
])
def test_store_usage_errors(args: list[str], message: str, tmp_path: Path,
                            graph_file: Path) -> None:
    run("load", str(graph_file), "--store", f"oxigraph:{tmp_path / 'db'}")
    code, output = run("network", *[a.format(dir=tmp_path) for a in args])
    assert code == 2 and message in output and "Traceback" not in output
