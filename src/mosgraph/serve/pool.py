"""A pool of worker processes that the server hands jobs to, and stops at their deadline.

Each worker (:mod:`mosgraph.serve.worker`) opens the data once and answers one job at a
time. :meth:`Pool.run` waits for a free worker, sends it the job and waits for the answer
until the time limit; past it, the worker is killed, so the query really stops and its core
is free again, and a new worker takes its place. The event loop never blocks on a worker: it
is woken when a worker's pipe has something to read.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from ..errors import StoreError
from . import worker as worker_module
from .worker import Reply, Settings

__all__ = ["Pool"]


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection


class Pool:
    """``size`` worker processes answering jobs about ``settings.data``.

    ``timeout`` is the time limit of one job (seconds); a job that waits longer than that for
    a free worker is turned away as well (the server is busy).
    """

    def __init__(self, settings: Settings, *, size: int, timeout: float) -> None:
        self.settings = settings
        self.size = max(1, size)
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.replaced = 0

    async def start(self) -> None:
        """Start the workers; raises :class:`StoreError` if they cannot open the data."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_module.main, args=(child, self.settings),
                                        name="mosgraph-worker", daemon=True)
        await asyncio.get_running_loop().run_in_executor(None, process.start)
        child.close()
        worker = _Worker(process, parent)
        self._all.add(worker)
        try:
            message = await self._receive(parent, None)
        except (EOFError, OSError):
            message = ("error", "a worker process stopped while opening the data")
        if message[0] != "ready":
            self._kill(worker)
            raise StoreError(str(message[1]))
        self._idle.put_nowait(worker)

    async def _receive(self, conn: Connection, timeout: float | None) -> Any:
        loop = asyncio.get_running_loop()
        if not conn.poll():
            ready: asyncio.Future[None] = loop.create_future()
            fd = conn.fileno()

            def wake() -> None:
                if not ready.done():
                    ready.set_result(None)

            loop.add_reader(fd, wake)
            try:
                await asyncio.wait_for(ready, timeout)
            finally:
                loop.remove_reader(fd)
                os.set_blocking(fd, True)  # uvloop makes a watched descriptor non-blocking
        return conn.recv()

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        with contextlib.suppress(OSError, ValueError):
            worker.process.kill()
        with contextlib.suppress(OSError):
            worker.conn.close()
        task = asyncio.get_running_loop().run_in_executor(None, worker.process.join, 10)
        task.add_done_callback(lambda _: worker.process.close())

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place (in the background)."""
        self._kill(worker)
        self.replaced += 1
        task = asyncio.create_task(self._spawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, job: tuple[Any, ...], timeout: float | None = -1) -> Any:
        """The answer of a free worker to ``job``, or an error reply (busy, too slow, failed).

        ``timeout`` replaces the pool's time limit for this job (``None``: no limit).
        """
        limit = self.timeout if timeout == -1 else timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), limit)
        except TimeoutError:
            return Reply.text(503, f"the server is busy: no query could start within "
                              f"{limit:g} s; try again later",
                              {"Retry-After": "5"})
        try:
            worker.conn.send(job)
            reply = await self._receive(worker.conn, limit)
        except TimeoutError:
            self._replace(worker)
            return Reply.text(503, f"the query did not finish within {limit:g} s, this "
                              "server's time limit (--timeout), and was stopped: ask for less "
                              "or add a LIMIT")
        except asyncio.CancelledError:  # the client went away: the job may run long
            self._replace(worker)
            raise
        except (EOFError, OSError):
            self._replace(worker)
            return Reply.text(500, "the process answering the query stopped unexpectedly")
        self._idle.put_nowait(worker)
        return reply

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            self._kill(worker)
        self._all.clear()

    def pids(self) -> list[int]:
        """The process ids of the workers now running."""
        return [w.process.pid for w in self._all if w.process.pid is not None]
