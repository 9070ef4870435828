"""Load on the SPARQL endpoint: `alkkg serve` against Oxigraph's own server, same data and queries.

    python -m benchmarks.load [--clients 8] [--seconds 5] [--json PATH]

Needs the `oxigraph` command (`pip install oxigraph`). Both servers run on 127.0.0.1 with the
built graph; concurrent clients (threads with keep-alive connections, bounded in number and
time) send each named query, bound to its benchmark parameters, as a SPARQL Protocol POST, and
the figures are throughput, p50 and p99 latency and errors per server, with our ratio to Oxigraph.
Both servers inherit the allocator this runner relaunches itself on (kg.allocator).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.core import CASES
from kg.build.pipeline import build
from kg.query import prepare
from kg.store import open_store
from kg.vocab import PREFIX_DECLARATIONS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def drive(port: int, query: str, clients: int, seconds: float) -> dict[str, float]:
    """`clients` threads POST `query` for `seconds`; latencies of successful answers."""
    body = urllib.parse.urlencode({"query": query})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("POST", "/sparql", body, headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "throughput": count / seconds,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000
        if latencies
        else float("nan"),
        "errors": errors[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    beside = Path(sys.executable).parent / "oxigraph"
    oxigraph = str(beside) if beside.exists() else shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("needs the oxigraph server: pip install oxigraph")
    figures: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        result = build(work / "store")
        dump = work / "alkkg.nt"
        dump.write_bytes(result.ntriples())
        subprocess.run([oxigraph, "load", "--location", str(work / "ox"), "--file", str(dump)],
                       check=True, capture_output=True)  # fmt: skip
        ours, theirs = _free_port(), _free_port()
        servers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kg",
                    "serve",
                    "--port",
                    str(ours),
                    "--store",
                    str(work / "store"),
                ],
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [
                    oxigraph,
                    "serve-read-only",
                    "--location",
                    str(work / "ox"),
                    "--bind",
                    f"127.0.0.1:{theirs}",
                ],
                stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            _wait(ours, "/api")
            _wait(theirs, "/")
            store = open_store(work / "store")
            for name, params in CASES:
                _, text = prepare(store, name, params)
                query = PREFIX_DECLARATIONS + text
                figures[name] = {
                    "alkkg": drive(ours, query, args.clients, args.seconds),
                    "oxigraph": drive(theirs, query, args.clients, args.seconds),
                }
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    _print(figures, args.clients)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


def _print(figures: dict, clients: int) -> None:
    print(f"{clients} concurrent clients; alkkg serve vs oxigraph serve-read-only, same graph")
    print(f"{'named query':<24}{'server':<10}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, pair in figures.items():
        for server, f in pair.items():
            print(
                f"{name:<24}{server:<10}{f['throughput']:>8.0f}{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}{f['errors']:>8}"
            )
        ratio = pair["alkkg"]["throughput"] / pair["oxigraph"]["throughput"]
        print(f"{'':<24}{'ratio':<10}{ratio:>8.2f}  (alkkg throughput / oxigraph)")


if __name__ == "__main__":
    from kg.allocator import relaunch

    relaunch()  # so that both servers, started from here, run on the same allocator
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
