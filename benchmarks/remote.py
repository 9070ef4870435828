"""Push throughput and remote query latency against engines you have running.

    python -m benchmarks.remote NAME=QUERY_URL,UPDATE_URL[,GSP_URL] [...] [--repeat 5]

Pushes the built store (default location) into each engine, once with the Graph Store Protocol
(when a GSP URL is given) and once with SPARQL Update only, then times every named query on the
engine against the embedded store.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.core import CASES
from kg.push import push
from kg.query import prepare, run_select
from kg.query.remote import RemoteEndpoint
from kg.resources import default_store_path
from kg.store import open_store


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.remote")
    parser.add_argument("engines", nargs="+", metavar="NAME=QUERY,UPDATE[,GSP]")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    store_path = default_store_path()
    store = open_store(store_path)
    for spec in args.engines:
        name, _, urls = spec.partition("=")
        query_url, update_url, *rest = urls.split(",")
        gsp_url = rest[0] if rest else None
        if gsp_url:
            gsp = push(store_path, query_url, update_url=update_url, gsp_url=gsp_url)
            print(
                f"{name}: push by GSP {gsp.triples_per_second:,.0f} triples/s ({gsp.seconds:.2f} s)"
            )
        upd = push(store_path, query_url, update_url=update_url, graph=None)
        print(
            f"{name}: push by SPARQL Update {upd.triples_per_second:,.0f} triples/s ({upd.seconds:.2f} s)"
        )
        remote = RemoteEndpoint(query_url, upd.graph)
        print(f"{'named query':<24}{'embedded ms':>12}{name + ' ms':>16}{'ratio':>8}")
        for query_name, params in CASES:
            _, text = prepare(store, query_name, params)
            local_ms = _median_ms(lambda t=text: run_select(store, t), args.repeat)
            remote_ms = _median_ms(lambda t=text, r=remote: run_select(r, t), args.repeat)
            print(
                f"{query_name:<24}{local_ms:>12.2f}{remote_ms:>16.2f}{remote_ms / local_ms:>8.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
