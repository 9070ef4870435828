"""The query worker: the process that answers jobs (`kg.web.jobs`) from the store.

Each worker opens the store's current release read-only and reopens it when a build switches
`current`, so a server picks up a new graph without a restart. A job is answered with an
`Answer`, or a `Failure` naming the error's class: what the engine raises for the client's query
text (a syntax error, an unsupported function, a result a format cannot hold) is the client's
(`QueryError`, 400); any other exception is a bug in alkkg, logged here with its traceback and
answered as one (500), never dressed up as the client's error.
"""

from __future__ import annotations

import json
import resource
import shlex
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import AlkkgError, NotFound, QueryError, Stopped
from kg.formats.rdf import FORMATS, GRAPH_FORMATS, export, serialize_triples
from kg.formats.results import MEDIA_TYPES, serialize_boolean, serialize_select
from kg.query import named_queries, prepare
from kg.query.native import NATIVE, native_select
from kg.query.paging import Listings, Page, listing_texts, paged
from kg.query.params import Names
from kg.store import current_release
from kg.vocab import PREFIXES
from kg.web.jobs import (
    Answer,
    DumpJob,
    ExamplesJob,
    Failure,
    Job,
    NamedJob,
    ResourceJob,
    Result,
    SparqlJob,
    UpdateJob,
    VoidJob,
)

T = TypeVar("T")


@contextmanager
def engine_errors() -> Iterator[None]:
    """The engine's errors on a client's query (or its results) as the client's `QueryError`.

    Oxigraph raises `SyntaxError` for a query it cannot parse, `RuntimeError` for one it cannot
    evaluate (an unsupported custom function, an existing graph in CREATE) and `OSError` for
    results a format cannot hold (RDF 1.2 triple terms in JSON-LD). Only the calls that run or
    serialise the client's own query are wrapped, so the same exceptions elsewhere stay bugs.
    """
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def _evaluated(items: Iterable[T]) -> Iterator[T]:
    """The solutions, with errors raised while evaluating them lazily as the client's."""
    iterator = iter(items)
    while True:
        with engine_errors():
            item = next(iterator, None)
        if item is None:
            return
        yield item


def failure(exc: Exception) -> Failure:
    """The failure an exception stands for; a bug is logged here and reported in one line."""
    if isinstance(exc, AlkkgError):
        return Failure(type(exc), str(exc))
    if isinstance(exc, MemoryError):
        return Failure(Stopped, "the query needed more memory than a query may use")
    traceback.print_exception(exc, file=sys.stderr)
    first = (str(exc).splitlines() or [""])[0][:200]
    return Failure(None, f"internal error ({type(exc).__name__}: {first}); this is a bug in alkkg")


class Worker:
    """The store a worker answers from, and the answer to each kind of job."""

    def __init__(self, store_path: Path, writable: bool, warm_rows: int = 0) -> None:
        self.store_path = store_path
        self.writable = writable
        self.warm_rows = warm_rows
        """Fill in the listings' answers of each release opened, up to this many rows (0: no)."""
        self.release: Path | None = None
        self.store: ox.Store | None = None
        self.names: Names | None = None
        self.listings: Listings | None = None

    def current_store(self) -> ox.Store:
        release = current_release(self.store_path)
        if release != self.release or self.store is None:
            self.store = None  # let go of the old release before opening the new one
            opened = ox.Store(str(release)) if self.writable else ox.Store.read_only(str(release))
            self.store, self.release = opened, release
            # a release never changes, so its names are indexed and its listings kept once; an
            # update may change them
            self.names = None if self.writable else Names()
            self.listings = None if self.writable else Listings()
            if self.listings is not None and self.warm_rows:
                self.listings.warm(opened, listing_texts(), self.warm_rows)
        return self.store

    def handle(self, job: Job) -> Result:
        """Answer one job; the result names the release it was answered from."""
        result: Result
        try:
            result = answer(self.current_store(), job, self.names, self.listings)
        except Exception as exc:  # every failure is reported; `failure` tells a bug apart
            result = failure(exc)
        if self.release is None:
            return result
        return replace(result, headers={**result.headers, "X-Graph-Release": self.release.name})


def answer(
    store: ox.Store, job: Job, names: Names | None = None, listings: Listings | None = None
) -> Answer:
    """The answer to a job, or the exception that stops it."""
    match job:
        case NamedJob():
            return named_answer(store, job, names, listings)
        case SparqlJob():
            return run(store, job.query, job.results_format, job.graph_format, job.cap, job)
        case ResourceJob():
            return resource_answer(store, job)
        case ExamplesJob():
            return examples(store, names)
        case UpdateJob():
            with engine_errors():
                store.update(job.update, base_iri=job.base_iri, prefixes=PREFIXES)
            return Answer("text/plain", b"")
        case DumpJob():
            return Answer(FORMATS[job.format].media_type, export(store, job.format))
        case VoidJob():
            from kg.formats.void import void_description

            return Answer("text/turtle", void_description(store, job.endpoint, job.dump))


def run(
    store: ox.Store,
    text: str,
    results_format: str,
    graph_format: str,
    cap: int,
    protocol: SparqlJob | None = None,
) -> Answer:
    """A query's results (a SELECT's rows or an ASK's boolean) or triples, at most `cap`; a
    client's query (`protocol`) on the dataset and with the base IRI its request gives."""
    with engine_errors():
        if protocol is None:
            results = store.query(text, prefixes=PREFIXES)
        else:
            default, named = protocol.default_graphs, protocol.named_graphs
            results = store.query(
                text,
                prefixes=PREFIXES,
                base_iri=protocol.base_iri,
                default_graph=None if default is None else [ox.NamedNode(g) for g in default],
                named_graphs=None if named is None else [ox.NamedNode(g) for g in named],
            )
    return results_answer(results, results_format, graph_format, cap)


def results_answer(
    results: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples,
    results_format: str,
    graph_format: str,
    cap: int,
) -> Answer:
    """Results (a SELECT's rows or an ASK's boolean) or triples written, at most `cap`."""
    if isinstance(results, ox.QueryBoolean):
        body = serialize_boolean(bool(results), results_format)
        return Answer(MEDIA_TYPES[results_format], body)
    if isinstance(results, ox.QuerySolutions):
        if results_format in NATIVE:
            with engine_errors():
                body, truncated = native_select(results, results_format, cap)
        else:
            variables = [v.value for v in results.variables]
            rows = ([solution[v] for v in variables] for solution in _evaluated(results))
            body, truncated = serialize_select(variables, rows, results_format, cap)
        headers = {"X-Result-Truncated": f"{cap} rows"} if truncated else {}
        return Answer(MEDIA_TYPES[results_format], body, headers)
    triples: list[ox.Triple] = []
    for triple in _evaluated(results):
        if len(triples) >= cap:
            break
        triples.append(triple)
    with engine_errors():
        body = serialize_triples(triples, graph_format)
    headers = {"X-Result-Truncated": f"{cap} triples"} if len(triples) >= cap else {}
    return Answer(GRAPH_FORMATS[graph_format].media_type, body, headers)


def named_answer(
    store: ox.Store, job: NamedJob, names: Names | None = None, listings: Listings | None = None
) -> Answer:
    """A named query's rows, or one page of them: a slice of the answer the worker keeps for
    the release (`kg.query.paging.Listings`), or else the page's own query, which asks for one
    row past the page, so that a cut answer means that another page follows."""
    _, text = prepare(store, job.name, dict(job.params), names)
    if job.limit is None:
        return run(
            store, paged(text, Page(None, job.offset)), job.results_format, "turtle", job.cap
        )
    page = Page(job.limit, job.offset)
    kept = listings.page(store, text, page, job.cap) if listings is not None else None
    if kept is not None:
        rows, more = kept
        solutions = ox.parse_query_results(rows, format=ox.QueryResultsFormat.TSV)
        return replace(results_answer(solutions, job.results_format, "turtle", job.cap), more=more)
    answer = run(store, paged(text, page), job.results_format, "turtle", job.limit)
    more = "X-Result-Truncated" in answer.headers
    headers = {k: v for k, v in answer.headers.items() if k != "X-Result-Truncated"}
    return replace(answer, headers=headers, more=more)


def resource_answer(store: ox.Store, job: ResourceJob) -> Answer:
    """A resource IRI as HTML (for browsers) or RDF: its triples and the ones pointing at it."""
    from kg.web.pages import resource_exists, resource_page

    if not resource_exists(store, job.iri):
        raise NotFound(f"no resource {job.iri} in this graph")
    if job.graph_format == "html":
        page = resource_page(store, job.iri, job.base)
        return Answer("text/html; charset=utf-8", page.encode())
    node = ox.NamedNode(job.iri)
    # the built graph only: each source snapshot's named graph repeats its triples
    triples = [q.triple for q in store.quads_for_pattern(node, None, None, ox.DefaultGraph())]
    incoming = store.quads_for_pattern(None, None, node, ox.DefaultGraph())
    triples += [q.triple for _, q in zip(range(job.cap), incoming, strict=False)]
    body = serialize_triples(triples, job.graph_format)
    return Answer(GRAPH_FORMATS[job.graph_format].media_type, body)


def examples(store: ox.Store, names: Names | None = None) -> Answer:
    """Each named query bound to its first example's parameters, for the query page."""
    out = []
    for query in named_queries().values():
        words = shlex.split(query.examples[0]) if query.examples else []
        params = dict(w.split("=", 1) for w in words if "=" in w)
        _, text = prepare(store, query.name, params, names)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        label = query.name + "".join(f" {v}" for v in params.values())
        out.append({"label": label, "summary": query.summary, "query": body.strip()})
    return Answer("application/json", json.dumps(out).encode())


def serve(
    store_path: Path, memory_bytes: int, writable: bool, conn: Connection, warm_rows: int = 0
) -> None:
    """The worker process: open the store (and fill in its listings' answers, up to `warm_rows`
    rows each), then answer each job sent until `None`."""
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    worker = Worker(store_path, writable, warm_rows)
    worker.current_store()
    conn.send("ready")  # only now is the worker given queries: start-up is not a query's time
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(worker.handle(job))
