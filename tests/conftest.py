"""Shared fixtures: the built graph of the bundled report, the reference vocabularies."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def report_path() -> Path:
    return ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"


@pytest.fixture(scope="session")
def sources():  # type: ignore[no-untyped-def]
    from mosgraph.sources import load_sources

    return load_sources()


@pytest.fixture(scope="session")
def built_graph(sources) -> Graph:  # type: ignore[no-untyped-def]
    """The graph of the bundled report. Session-wide: do not modify it (copy it first)."""
    from mosgraph.build import build_graph

    return build_graph(sources)


def copy_of(graph: Graph) -> Graph:
    """A copy of ``graph`` with its prefixes, that a test may change."""
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


@pytest.fixture()
def graph(built_graph: Graph) -> Graph:
    """A fresh copy of the built graph that a test may change."""
    return copy_of(built_graph)


@pytest.fixture(scope="session")
def shared_vocab() -> Path:
    """``../shared/vocab`` (reference vocabularies and DCAT-AP shapes), or skip."""
    folder = SHARED / "vocab"
    if not folder.is_dir():
        pytest.skip("../shared/vocab is not beside this checkout (reference data for this test)")
    return folder


@pytest.fixture()
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def report_ttl(built_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graph of the bundled report, written as Turtle (session-wide: do not change it)."""
    from mosgraph.rdfio import write_graph

    path = tmp_path_factory.mktemp("report") / "report.ttl"
    write_graph(built_graph, path)
    return path


@pytest.fixture(scope="session")
def report_server(report_ttl: Path) -> Iterator[Any]:
    """``mosgraph serve`` on the report's graph, shared by the serve and publish tests."""
    from servers import MosgraphServer

    running = MosgraphServer(str(report_ttl), "--workers", "2")
    yield running
    running.stop()


def in_ci() -> bool:
    """True under CI, where a missing external tool is a failure, not a skip."""
    return bool(os.environ.get("CI"))


def read_gexf(path: Path) -> Any:
    """A GEXF 1.3 file read with networkx (which knows the 1.2 namespace: the elements mosgraph
    writes are the same in both)."""
    import io

    import networkx as nx

    data = path.read_bytes().replace(b'xmlns="http://gexf.net/1.3" version="1.3"',
                                     b'xmlns="http://www.gexf.net/1.2draft" version="1.2"')
    return nx.read_gexf(io.BytesIO(data))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The W3C RDF test suites' pass counts (tests/test_w3c.py), one line per suite."""
    import sys

    module = sys.modules.get("test_w3c")
    results = getattr(module, "RESULTS", None)
    if not results:
        return
    terminalreporter.section("W3C RDF 1.1 test suites")
    for suite, counts in sorted(results.items()):
        terminalreporter.write_line(
            f"{suite}: " + ", ".join(f"{number} {what}" for what, number in sorted(counts.items())))
