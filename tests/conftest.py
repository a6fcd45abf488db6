"""Shared fixtures: the built graph of the bundled report, the reference vocabularies."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph

if TYPE_CHECKING:
    from mosgraph.store import RemoteStore

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


@pytest.fixture()
def graph(built_graph: Graph) -> Graph:
    """A fresh copy of the built graph that a test may change."""
    copy = Graph()
    for prefix, namespace in built_graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in built_graph:
        copy.add(triple)
    return copy


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


def in_ci() -> bool:
    """True under CI, where a missing external tool is a failure, not a skip."""
    return bool(os.environ.get("CI"))


# --- a real SPARQL server ------------------------------------------------------------------------


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def load_with_cli(*args: str) -> None:
    from click.testing import CliRunner

    from mosgraph.cli import main

    result = CliRunner().invoke(main, ["load", *args])
    assert result.exit_code == 0, result.output
    assert "it holds" in result.output


@pytest.fixture(scope="session")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], RemoteStore]]:
    """Start a real Oxigraph server (``oxigraph serve``) holding a graph file, loaded with
    ``mosgraph load --endpoint``; skipped where the binary is missing, a failure under CI."""
    binary = oxigraph_binary()
    if binary is None:
        message = "the oxigraph server binary is not installed (pip install oxigraph)"
        if in_ci():
            pytest.fail(message + ": CI must run the server tests")
        pytest.skip(message)
    servers: list[subprocess.Popen[bytes]] = []

    def start(graph_file: Path) -> RemoteStore:
        port = free_port()
        folder = tmp_path_factory.mktemp("oxigraph-server")
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        servers.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode() if process.stderr else ""
                    pytest.fail(f"oxigraph serve did not start: {error}")
                time.sleep(0.1)
        load_with_cli(str(graph_file), "--endpoint", f"{url}/query",
                       "--update-endpoint", f"{url}/update")
        from mosgraph.store import RemoteStore

        return RemoteStore(f"{url}/query", f"{url}/update")

    yield start
    for process in servers:
        process.terminate()
        process.wait(timeout=10)
