"""Query workers: each query runs in a worker process that can be killed at the timeout.

A query engine cannot be interrupted from another thread, so a query that runs too long is
stopped the only sure way: its process is killed and replaced. Each worker opens the store's
current release read-only and reopens it when a build switches `current`, so a server picks up a
new graph without a restart. A memory limit per worker keeps one query from exhausting the host.
"""

from __future__ import annotations

import asyncio
import json
import math
import multiprocessing
import resource
import signal
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.formats.rdf import GRAPH_FORMATS, serialize_triples
from kg.formats.results import MEDIA_TYPES, serialize_boolean, serialize_select
from kg.query import QueryError, prepare
from kg.store import current_release
from kg.vocab import PREFIXES


@dataclass
class Reply:
    """What a worker answers: an HTTP status, a media type, a body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


class _Worker:
    """Runs in the worker process."""

    def __init__(self, store_path: Path, writable: bool) -> None:
        self.store_path = store_path
        self.writable = writable
        self.release: Path | None = None
        self.store: ox.Store | None = None

    def current_store(self) -> ox.Store:
        release = current_release(self.store_path)
        if release != self.release or self.store is None:
            self.store = None  # let go of the old release before opening the new one
            opened = ox.Store(str(release)) if self.writable else ox.Store.read_only(str(release))
            self.store, self.release = opened, release
        return self.store

    def handle(self, job: dict[str, Any]) -> Reply:
        """Answer one job; the reply names the release it was answered from."""
        reply = self._answer(job)
        if self.release is not None:
            reply.headers["X-Graph-Release"] = self.release.name
        return reply

    def _answer(self, job: dict[str, Any]) -> Reply:
        try:
            store = self.current_store()
            if job["kind"] == "named":
                _, text = prepare(store, job["name"], job["params"])
                return self.run(store, text, job["results_format"], "turtle", job["cap"])
            if job["kind"] == "resource":
                return self.resource(
                    store, job["iri"], job["graph_format"], job["base"], job["cap"]
                )
            if job["kind"] == "examples":
                return self.examples(store)
            if job["kind"] == "update":
                store.update(job["update"], prefixes=PREFIXES)
                return Reply(204, "text/plain", b"")
            if job["kind"] == "dump":
                from kg.formats.rdf import FORMATS, export

                return Reply(200, FORMATS[job["format"]].media_type, export(store, job["format"]))
            if job["kind"] == "void":
                return self.void(store, job["endpoint"], job["dump"])
            return self.run(
                store, job["query"], job["results_format"], job["graph_format"], job["cap"]
            )
        except QueryError as exc:
            return error(400, str(exc))
        except SyntaxError as exc:
            return error(400, f"SPARQL syntax error: {exc}")
        except MemoryError:
            return error(422, "the query needed more memory than a query may use")
        except Exception as exc:  # an engine error is the client's query, not a crash
            return error(400, f"the query failed: {exc}")

    def run(
        self, store: ox.Store, text: str, results_format: str, graph_format: str, cap: int
    ) -> Reply:
        answer = store.query(text, prefixes=PREFIXES)
        if isinstance(answer, ox.QueryBoolean):
            return Reply(
                200, MEDIA_TYPES[results_format], serialize_boolean(bool(answer), results_format)
            )
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = ([solution[v] for v in variables] for solution in answer)
            body, truncated = serialize_select(variables, rows, results_format, cap)
            headers = {"X-Result-Truncated": f"{cap} rows"} if truncated else {}
            return Reply(200, MEDIA_TYPES[results_format], body, headers)
        triples = []
        for triple in answer:
            if len(triples) >= cap:
                break
            triples.append(triple)
        body = serialize_triples(triples, graph_format)
        headers = {"X-Result-Truncated": f"{cap} triples"} if len(triples) >= cap else {}
        return Reply(200, GRAPH_FORMATS[graph_format].media_type, body, headers)

    def resource(self, store: ox.Store, iri: str, graph_format: str, base: str, cap: int) -> Reply:
        """A resource IRI as HTML (for browsers) or RDF: its triples and the ones pointing at it."""
        from kg.web.pages import resource_exists, resource_page

        if not resource_exists(store, iri):
            return error(404, f"no resource {iri} in this graph")
        if graph_format == "html":
            return Reply(200, "text/html; charset=utf-8", resource_page(store, iri, base).encode())
        node = ox.NamedNode(iri)
        triples = [q.triple for q in store.quads_for_pattern(node, None, None)]
        triples += [
            q.triple
            for _, q in zip(range(cap), store.quads_for_pattern(None, None, node), strict=False)
        ]
        media_type = GRAPH_FORMATS[graph_format].media_type
        return Reply(200, media_type, serialize_triples(triples, graph_format))

    def examples(self, store: ox.Store) -> Reply:
        """Each named query bound to its first example's parameters, for the query page."""
        import shlex

        from kg.query import named_queries

        out = []
        for query in named_queries().values():
            words = shlex.split(query.examples[0]) if query.examples else []
            params = dict(w.split("=", 1) for w in words if "=" in w)
            _, text = prepare(store, query.name, params)
            body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
            label = query.name + "".join(f" {v}" for v in params.values())
            out.append({"label": label, "summary": query.summary, "query": body.strip()})
        return Reply(200, "application/json", json.dumps(out).encode())

    def void(self, store: ox.Store, endpoint: str, dump: str) -> Reply:
        """A VoID description with counts, class and property partitions, vocabularies, dumps."""
        from kg.formats.void import void_description

        body = void_description(store, endpoint, dump)
        return Reply(200, "text/turtle", body)


def _serve(store_path: Path, memory_bytes: int, writable: bool, conn: Connection) -> None:
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    worker = _Worker(store_path, writable)
    worker.current_store()
    conn.send("ready")  # only now is the worker given queries: start-up is not a query's time
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(worker.handle(job))


def busy(message: str, retry_after: int) -> Reply:
    """503 with Retry-After: the server sheds load rather than queueing without bound."""
    reply = error(503, message)
    reply.headers["Retry-After"] = str(retry_after)
    return reply


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait, without a thread, until the worker has answered (or died), at most `timeout` s."""
    if timeout <= 0 or conn.poll():
        return conn.poll()
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    loop.add_reader(conn.fileno(), lambda: ready.done() or ready.set_result(None))
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(conn.fileno())


Worker = tuple[Any, Connection]
LIGHT_JOBS = frozenset({"named", "resource", "examples", "void"})
"""Jobs known to be cheap (the named queries, resource pages): they go ahead of SPARQL queries."""


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

    def __init__(
        self,
        store_path: Path,
        *,
        size: int = 3,
        memory_bytes: int = 2 * 2**30,
        writable: bool = False,
        long_after: float = 1.0,
        max_long: int | None = None,
        max_waiting: int = 64,
        max_wait: float = 10.0,
    ) -> None:
        current_release(store_path)  # fail at start-up, not at the first query, if there is none
        self.store_path = store_path
        self.memory_bytes = memory_bytes
        self.writable = writable
        self.context = multiprocessing.get_context("spawn")
        # one process may hold a store open for writing, so a writable pool has one worker
        # and no spare
        self.size = 1 if writable else size
        self.long_after = long_after
        # one worker is kept for the light jobs: SPARQL may use the others, and all but one of
        # those for long queries, so short SPARQL queries keep moving too
        self.reserved = 1 if self.size > 1 else 0
        self.max_long = max_long if max_long is not None else max(self.size - self.reserved - 1, 1)
        self.max_waiting = max_waiting
        self.max_wait = max_wait
        self.retry_after = max(1, math.ceil(2 * long_after))
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
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_serve,
            args=(self.store_path, self.memory_bytes, self.writable, child),
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
        spares = 0 if self.writable else 1
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
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), self.max_wait)
        except BaseException:  # timed out or cancelled; if handed a worker meanwhile, pass it on
            if waiter.done() and not waiter.cancelled():
                self._done(waiter.result(), light)
            waiter.cancel()
            raise

    def _done(self, worker: Worker, light: bool) -> None:
        if not light:
            self.heavy_running -= 1
        self._release(worker)

    async def _replace(self, process: Any, conn: Connection, light: bool) -> int | None:
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

    async def run(self, job: dict[str, Any], timeout: float) -> Reply:
        if self.waiting >= self.max_waiting:
            return busy(
                f"{self.waiting} requests are already waiting; retry later", self.retry_after
            )
        light = job["kind"] in LIGHT_JOBS
        try:
            process, conn = await self._acquire(light)
        except TimeoutError:
            return busy(f"no query worker was free within {self.max_wait:g} s", self.retry_after)
        try:
            conn.send(job)
            ready = await _readable(conn, min(self.long_after, timeout))
            if not ready and self.long_running >= self.max_long:
                await self._replace(process, conn, light)
                return busy(
                    f"{self.long_running} long queries are running; this one was stopped "
                    f"after {self.long_after:g} s",
                    self.retry_after,
                )
            if not ready:
                self.long_running += 1
                try:
                    ready = await _readable(conn, timeout - self.long_after)
                finally:
                    self.long_running -= 1
            if ready:
                reply = conn.recv()
                self._done((process, conn), light)
                return reply
        except (EOFError, OSError):  # the worker died: out of memory, or the engine crashed
            pass
        exitcode = await self._replace(process, conn, light)
        if exitcode not in (None, -signal.SIGKILL):
            return error(
                422,
                f"the query stopped its worker (exit {exitcode}): it needed more than the "
                f"{self.memory_bytes // 2**20} MiB a query may use, or crashed the engine",
            )
        return error(422, f"the query was stopped at the {timeout:g} s time limit")


async def _kill(process: Any, conn: Connection) -> None:
    process.kill()
    await asyncio.get_running_loop().run_in_executor(None, process.join)
    conn.close()


def describe_named_queries() -> list[dict[str, Any]]:
    """The named queries as the HTTP API lists them."""
    from kg.query import named_queries

    return [
        {
            "name": q.name,
            "summary": q.summary,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "description": p.description,
                }
                for p in q.params
            ],
            "examples": list(q.examples),
            "path": f"/api/{q.name}",
        }
        for q in named_queries().values()
    ]
