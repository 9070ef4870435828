"""The worker pool's hand-off: answers of any size come back whole, on any event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.web.jobs import Answer, SparqlJob
from kg.web.pool import QueryPool

EVERY_TRIPLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _loops() -> list[Callable[[Coroutine[Any, Any, Any]], Any]]:
    loops: list[Callable[[Coroutine[Any, Any, Any]], Any]] = [asyncio.run]
    try:
        import uvloop
    except ImportError:
        return loops
    return [*loops, uvloop.run]


@pytest.mark.parametrize("run", _loops(), ids=lambda run: run.__module__)
def test_answers_larger_than_the_pipe_come_back_whole(
    store_path: Path, run: Callable[[Coroutine[Any, Any, Any]], Any]
) -> None:
    """uvloop makes a descriptor it watches non-blocking; an answer of several megabytes, read
    while the worker still writes it, must still arrive whole, and the worker live on."""
    settings = replace(Settings(store_path), workers=1, max_rows=10**6)

    async def ask() -> list[Any]:
        pool = QueryPool(settings)
        await pool.start()
        try:
            job = SparqlJob(EVERY_TRIPLE, "json", "ntriples", settings.max_rows)
            return [await pool.run(job) for _ in range(3)]
        finally:
            await pool.stop()

    answers = run(ask())
    assert all(isinstance(a, Answer) for a in answers), answers
    bodies = {a.body for a in answers}
    assert len(bodies) == 1
    body = bodies.pop()
    assert len(body) > 2**20  # well past a pipe's buffer
    assert body.count(b"\n") >= 20_000  # every triple of the built graph, one a line
