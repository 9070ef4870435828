"""The query workers' pool: each job runs in a worker process that can be killed at the timeout.

A query engine cannot be interrupted from another thread, so a query that runs too long is
stopped the only sure way: its process is killed and replaced (`kg.web.worker` is the process's
side). A memory limit per worker keeps one query from exhausting the host. The pool's own
refusals (busy, stopped) are `Failure`s like a worker's, so the HTTP side maps them alike.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
from collections import deque
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kg.config import Settings
from kg.errors import Busy, Stopped
from kg.store import current_release
from kg.web.jobs import Failure, Job, Result
from kg.web.worker import serve


def busy(message: str, retry_after: int) -> Failure:
    """503 with Retry-After: the server sheds load rather than queueing without bound."""
    return Failure(Busy, message, {"Retry-After": str(retry_after)})


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait, without a thread, until the worker has answered (or died), at most `timeout` s.

    The pipe is left blocking: some event loops (uvloop) make a watched descriptor
    non-blocking, and then a `recv` of an answer that fills more than the pipe's buffer fails
    half-way (EAGAIN) while the worker is still writing it, which would cost the worker its life.
    """
    if timeout <= 0 or conn.poll():
        return conn.poll()
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def answered() -> None:
        if not ready.done():
            ready.set_result(None)

    def expired() -> None:
        if not ready.done():
            ready.set_exception(TimeoutError())

    loop.add_reader(conn.fileno(), answered)
    timer = loop.call_later(timeout, expired)  # cheaper than wait_for, which wraps a task
    try:
        await ready
        return True
    except TimeoutError:
        return False
    finally:
        timer.cancel()
        loop.remove_reader(conn.fileno())
        os.set_blocking(conn.fileno(), True)


Worker = tuple[BaseProcess, Connection]


class QueryPool:
    """A fixed number of worker processes, and the rules that keep them answering under load.

    - A query past `timeout` costs its worker's life (422: the query asked too much). A warm
      spare takes the dead worker's place at once, and a new spare starts in the background.
    - At most `max_long` queries may run past `long_after` seconds at once; a further one is
      stopped with 503 and Retry-After. So at least one worker always turns over quickly.
    - One worker is kept for the named queries and resource pages, which also wait ahead of
      arbitrary SPARQL, so the API keeps its latency however many heavy queries are queued.
    - At most `max_waiting` requests wait for a worker, each at most `max_wait` seconds; past
      either bound the answer is 503 and Retry-After rather than an unbounded queue.
    """

    def __init__(self, settings: Settings) -> None:
        current_release(settings.store_path)  # fail at start-up, not at the first query
        self.settings = settings
        self.context = multiprocessing.get_context("spawn")
        # one process may hold a store open for writing, so a writable pool has one worker
        # and no spare
        self.size = 1 if settings.allow_update else settings.workers
        # one worker is kept for the light jobs: SPARQL may use the others, and all but one of
        # those for long queries, so short SPARQL queries keep moving too
        self.reserved = 1 if self.size > 1 else 0
        default_long = max(self.size - self.reserved - 1, 1)
        self.max_long = settings.max_long if settings.max_long is not None else default_long
        self.retry_after = max(1, math.ceil(2 * settings.long_after))
        self.long_running = 0
        self.heavy_running = 0
        self.free: list[Worker] = []
        self.spares: list[Worker] = []
        self.waiters: tuple[deque[asyncio.Future[Worker]], ...] = (deque(), deque())
        self.starting: set[asyncio.Task[None]] = set()

    @property
    def waiting(self) -> int:
        return sum(not waiter.done() for queue in self.waiters for waiter in queue)

    def _spawn(self) -> Worker:
        settings = self.settings
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=serve,
            args=(
                settings.store_path,
                settings.worker_memory,
                settings.allow_update,
                child,
                settings.max_rows,  # the listings' answers a worker keeps, up to a page's cap
            ),
            daemon=True,
        )
        process.start()
        child.close()
        return process, parent

    async def _start_worker(self, spare: bool) -> None:
        """Start a worker; once it has opened the store, it serves (or waits as the spare)."""
        while True:
            process, conn = self._spawn()
            try:
                if await _readable(conn, 60) and conn.recv() == "ready":
                    if spare:
                        self.spares.append((process, conn))
                    else:
                        self._release((process, conn))
                    return
            except (EOFError, OSError):
                pass
            await _kill(process, conn)
            await asyncio.sleep(1)

    def _in_background(self, spare: bool) -> None:
        task = asyncio.create_task(self._start_worker(spare))
        self.starting.add(task)
        task.add_done_callback(self.starting.discard)

    async def start(self) -> None:
        spares = 0 if self.settings.allow_update else 1
        await asyncio.gather(
            *(self._start_worker(False) for _ in range(self.size)),
            *(self._start_worker(True) for _ in range(spares)),
        )

    async def stop(self) -> None:
        for task in self.starting:
            task.cancel()
        for process, conn in self.free + self.spares:
            await _kill(process, conn)
        self.free, self.spares = [], []

    def _schedule(self) -> None:
        """Hand free workers to waiters: light jobs first; SPARQL only within its share."""
        while self.free:
            light, heavy = self.waiters
            while light and light[0].done():
                light.popleft()
            while heavy and heavy[0].done():
                heavy.popleft()
            if light:
                light.popleft().set_result(self.free.pop())
            elif heavy and self.heavy_running < self.size - self.reserved:
                self.heavy_running += 1
                heavy.popleft().set_result(self.free.pop())
            else:
                return

    def _release(self, worker: Worker) -> None:
        self.free.append(worker)
        self._schedule()

    async def _acquire(self, light: bool) -> Worker:
        """A worker for a job, first come first served within its kind, or TimeoutError."""
        waiter: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        self.waiters[0 if light else 1].append(waiter)
        self._schedule()
        if waiter.done():  # a worker was free: no timeout to arm
            return waiter.result()
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), self.settings.max_wait)
        except BaseException:  # timed out or cancelled; if handed a worker meanwhile, pass it on
            if waiter.done() and not waiter.cancelled():
                self._done(waiter.result(), light)
            waiter.cancel()
            raise

    def _done(self, worker: Worker, light: bool) -> None:
        if not light:
            self.heavy_running -= 1
        self._release(worker)

    async def _replace(self, process: BaseProcess, conn: Connection, light: bool) -> int | None:
        """Kill a worker and put the spare in its place; the dead one's exit code."""
        await _kill(process, conn)
        if not light:
            self.heavy_running -= 1
        if self.spares:
            self._release(self.spares.pop())
            self._in_background(spare=True)
        else:
            self._in_background(spare=False)
        return process.exitcode

    async def run(self, job: Job) -> Result:
        """The job's result, from a worker within the limits, or the failure that stopped it."""
        settings = self.settings
        if self.waiting >= settings.max_waiting:
            return busy(
                f"{self.waiting} requests are already waiting; retry later", self.retry_after
            )
        try:
            process, conn = await self._acquire(job.light)
        except TimeoutError:
            return busy(
                f"no query worker was free within {settings.max_wait:g} s", self.retry_after
            )
        try:
            conn.send(job)
            ready = await _readable(conn, min(settings.long_after, settings.timeout))
            if not ready and self.long_running >= self.max_long:
                await self._replace(process, conn, job.light)
                return busy(
                    f"{self.long_running} long queries are running; this one was stopped "
                    f"after {settings.long_after:g} s",
                    self.retry_after,
                )
            if not ready:
                self.long_running += 1
                try:
                    ready = await _readable(conn, settings.timeout - settings.long_after)
                finally:
                    self.long_running -= 1
            if ready:
                result: Result = conn.recv()
                self._done((process, conn), job.light)
                return result
        except (EOFError, OSError):  # the worker died: out of memory, or the engine crashed
            pass
        exitcode = await self._replace(process, conn, job.light)
        if exitcode not in (None, -signal.SIGKILL):
            return Failure(
                Stopped,
                f"the query stopped its worker (exit {exitcode}): it needed more than the "
                f"{settings.worker_memory // 2**20} MiB a query may use, or crashed the engine",
            )
        return Failure(Stopped, f"the query was stopped at the {settings.timeout:g} s time limit")


async def _kill(process: BaseProcess, conn: Connection) -> None:
    process.kill()
    await asyncio.get_running_loop().run_in_executor(None, process.join)
    conn.close()
