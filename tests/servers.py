"""Real server processes for tests: ``oxigraph serve`` and ``mosgraph serve``, on loopback.

Shared by the tests that need one (named queries on a remote store, the serve tests, the
benchmarks). A missing ``oxigraph`` binary skips locally and fails under CI.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import in_ci


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary (the ``oxigraph`` package ships it), or skip."""
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if found is None:
        message = "the oxigraph server binary is not installed (pip install oxigraph)"
        if in_ci():
            pytest.fail(message + ": CI must run the server tests")
        pytest.skip(message)
    return found


def wait_for(url: str, process: subprocess.Popen[bytes], what: str,
             timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers (any status), or fail with the process's stderr."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                error = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"{what} did not start: {error}")
            time.sleep(0.1)


def start_oxigraph(folder: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """``oxigraph serve`` on a store folder; returns the process and its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/query?query=ASK%7B%7D", process, "oxigraph serve")
    return process, url


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class MosgraphServer:
    """``mosgraph serve ARGS --port P`` in its own process (its stderr is kept).

    ``{port}`` in an argument is replaced by the port.
    """

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        args = tuple(a.replace("{port}", str(self.port)) for a in args)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mosgraph", "serve", *args, "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})})
        self.errors: list[str] = []
        assert self.process.stderr is not None
        stream = self.process.stderr
        threading.Thread(target=lambda: self.errors.extend(
            line.decode("utf-8", "replace") for line in stream), daemon=True).start()
        deadline = time.monotonic() + 120
        while not any("serving" in line for line in self.errors):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                time.sleep(0.2)
                pytest.fail("mosgraph serve did not start: " + "".join(self.errors))
            time.sleep(0.05)

    def stop(self) -> None:
        stop(self.process)
