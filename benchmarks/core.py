"""Build time, load time and named-query latency: the embedded store against rdflib in memory.

Run with `python -m benchmarks [--repeat N] [--json PATH]`. The same query text (parameters
bound the same way) runs on both engines, so the ratio compares the engines, not the queries.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.build.pipeline import build
from kg.query import prepare
from kg.store import open_store
from kg.vocab import PREFIX_DECLARATIONS, PREFIXES

CASES: list[tuple[str, dict[str, str]]] = [
    ("agents-active-against", {"mutation": "G1202R"}),
    ("activity-profile", {"mutation": "G1202R"}),
    ("resistance-mutations", {"drug": "ceritinib"}),
    ("bypass-mechanisms", {"drug": "crizotinib"}),
    ("trial-outcomes", {"trial": "PROFILE 1014"}),
    ("adverse-events", {"drug": "crizotinib", "min_grade": "3"}),
    ("drug-targets", {"drug": "crizotinib"}),
    ("cns-activity", {}),
    ("fusion-partners", {}),
    ("drug-interactions", {"drug": "crizotinib"}),
    ("next-line-options", {"drug": "alectinib", "mutation": "I1171T"}),
    ("source-conflicts", {}),
    ("mapping-coverage", {}),
]


def _timed(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


RDFLIB_LIMIT_SECONDS = 30
RDFLIB_LIMIT_BYTES = 6 * 2**30


def bounded(target, seconds: float):
    """Run target() in a forked child, killed after `seconds`; (seconds taken, result), or
    (None, None) if it ran out of time or died (out of memory)."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()

    def work() -> None:
        started = time.perf_counter()
        result = target()
        child.send((time.perf_counter() - started, result))

    process = context.Process(target=work)
    process.start()
    answer = (None, None)
    if parent.poll(seconds):
        with contextlib.suppress(EOFError):
            answer = parent.recv()
    process.kill()
    process.join()
    return answer


def _rdflib_bounded(graph: Graph, text: str, repeat: int) -> tuple[float | None, int | None]:
    """Median seconds and row count on rdflib, or (None, None) past the time or memory limit.

    rdflib's query engine takes minutes and tens of GB on some of the named queries, so each
    runs in a forked child that is killed at the limit.
    """

    def run() -> tuple[float, int]:
        resource.setrlimit(resource.RLIMIT_AS, (RDFLIB_LIMIT_BYTES, RDFLIB_LIMIT_BYTES))
        seconds, rows = _timed(lambda: list(graph.query(text)), repeat)
        return seconds, len(rows)

    _, answer = bounded(run, RDFLIB_LIMIT_SECONDS * repeat)
    return answer if answer is not None else (None, None)


def _rdflib_prefixed(text: str) -> str:
    return PREFIX_DECLARATIONS + text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "store"
        started = time.perf_counter()
        result = build(store_path)
        figures["build_seconds"] = time.perf_counter() - started
        figures["build_stages"] = result.timings
        figures["triples"] = result.triples
        figures["claims"] = result.claims
        ntriples = result.ntriples()

        def load_oxigraph() -> ox.Store:
            store = ox.Store()
            store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
            return store

        ox_load, _ = _timed(load_oxigraph, args.repeat)
        rdflib_load, graph = _timed(lambda: Graph().parse(data=ntriples, format="nt"), args.repeat)
        figures["load"] = {
            "oxigraph": ox_load,
            "rdflib": rdflib_load,
            "ratio": rdflib_load / ox_load,
        }

        store = open_store(store_path)
        queries = {}
        for name, params in CASES:
            _, text = prepare(store, name, params)
            ox_time, ox_rows = _timed(
                lambda t=text: list(store.query(t, prefixes=PREFIXES)), args.repeat
            )
            rl_time, rl_rows = _rdflib_bounded(graph, _rdflib_prefixed(text), args.repeat)
            if rl_rows is not None and rl_rows != len(ox_rows):
                raise SystemExit(f"{name}: {len(ox_rows)} rows on Oxigraph, {rl_rows} on rdflib")
            queries[name] = {
                "rows": len(ox_rows),
                "oxigraph_ms": ox_time * 1000,
                "rdflib_ms": None if rl_time is None else rl_time * 1000,
                "ratio": None if rl_time is None else rl_time / ox_time,
            }
        figures["queries"] = queries
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


def _print(figures: dict) -> None:
    print(f"graph: {figures['triples']} triples, {figures['claims']} claims")
    print(f"build: {figures['build_seconds']:.2f} s")
    for stage, seconds in figures["build_stages"].items():
        print(f"  {stage:<22} {seconds:6.2f} s")
    load = figures["load"]
    print(
        f"load N-Triples: oxigraph {load['oxigraph'] * 1000:.0f} ms, rdflib {load['rdflib'] * 1000:.0f} ms"
        f" -> {load['ratio']:.1f}x faster"
    )
    print(f"{'named query':<24}{'rows':>6}{'oxigraph ms':>13}{'rdflib ms':>11}{'ratio':>8}")
    for name, q in figures["queries"].items():
        if q["rdflib_ms"] is None:
            limit = f"> {RDFLIB_LIMIT_SECONDS * 1000}"
            print(
                f"{name:<24}{q['rows']:>6}{q['oxigraph_ms']:>13.2f}{limit:>11}{'> ' + format(RDFLIB_LIMIT_SECONDS * 1000 / q['oxigraph_ms'], '.0f'):>7}x"
            )
        else:
            print(
                f"{name:<24}{q['rows']:>6}{q['oxigraph_ms']:>13.2f}{q['rdflib_ms']:>11.1f}{q['ratio']:>7.0f}x"
            )
