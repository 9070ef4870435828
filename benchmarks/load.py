"""Load on the SPARQL endpoint: `alkkg serve` against Oxigraph's own server, same data and queries.

    python -m benchmarks.load [--clients 8] [--seconds 5] [--rounds 3] [--only a,b] [--json PATH]

Needs the `oxigraph` command (`pip install oxigraph`). Both servers run on 127.0.0.1 with the
built graph; concurrent clients (threads with keep-alive connections, bounded in number and
time) send each named query, bound to its benchmark parameters, as a SPARQL Protocol POST, and
the figures are throughput, p50 and p99 latency and errors per server, with our ratio to Oxigraph.
Each query runs `--rounds` times on each server, interleaved (who goes first alternates), and the
figures are the medians; the ratio is the median of the rounds' ratios. On a shared machine the
throughput moves with everything else that runs, so each server's CPU time per request (its
process and its workers, from /proc) is given too: it hardly moves, and its ratio is what the
throughput ratio tends to on a quiet machine where both servers are CPU-bound.
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


def _tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by a process and its descendants (the server's
    workers), from /proc; None where there is no /proc. Unlike throughput, this hardly moves
    with whatever else the machine runs, so it is the steadier measure of each server's cost."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        if current in stats:
            total += int(stats[current][11]) + int(stats[current][12])
    return total / os.sysconf("SC_CLK_TCK")


def measured(pid: int, port: int, query: str, clients: int, seconds: float) -> dict[str, float]:
    """`drive`'s figures, and the server's CPU milliseconds per answered request."""
    before = _tree_cpu(pid)
    figures = drive(port, query, clients, seconds)
    after = _tree_cpu(pid)
    if before is not None and after is not None and figures["requests"]:
        figures["cpu_ms"] = (after - before) * 1000 / figures["requests"]
    return figures


def combined(rounds: list[dict[str, float]]) -> dict[str, float]:
    """The median over rounds of each figure (errors: their sum)."""
    keys = set().union(*rounds)
    out = {k: statistics.median(r[k] for r in rounds if k in r) for k in keys if k != "errors"}
    out["errors"] = sum(r["errors"] for r in rounds)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs per query and server, interleaved"
    )
    parser.add_argument("--only", default="", help="named queries to run, comma-separated")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    beside = Path(sys.executable).parent / "oxigraph"
    oxigraph = str(beside) if beside.exists() else shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("needs the oxigraph server: pip install oxigraph")
    only = set(filter(None, args.only.split(",")))
    figures: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        result = build(work / "store")
        dump = work / "alkkg.nt"
        dump.write_bytes(result.ntriples())
        subprocess.run([oxigraph, "load", "--location", str(work / "ox"), "--file", str(dump)],
                       check=True, capture_output=True)  # fmt: skip
        ours, theirs = _free_port(), _free_port()
        serve = [sys.executable, "-m", "kg", "serve", "--port", str(ours)]
        servers = [
            subprocess.Popen([*serve, "--store", str(work / "store")], stderr=subprocess.DEVNULL),
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
                if only and name not in only:
                    continue
                _, text = prepare(store, name, params)
                query = PREFIX_DECLARATIONS + text
                runs: dict[str, list[dict[str, float]]] = {"alkkg": [], "oxigraph": []}
                for round_ in range(args.rounds):  # alternate who goes first
                    pair = [("alkkg", servers[0].pid, ours), ("oxigraph", servers[1].pid, theirs)]
                    for server, pid, port in pair if round_ % 2 == 0 else pair[::-1]:
                        runs[server].append(measured(pid, port, query, args.clients, args.seconds))
                ratios = [
                    a["throughput"] / o["throughput"]
                    for a, o in zip(runs["alkkg"], runs["oxigraph"], strict=True)
                    if o["throughput"]
                ]
                figures[name] = {server: combined(r) for server, r in runs.items()}
                figures[name]["ratio"] = {
                    "throughput": statistics.median(ratios) if ratios else float("nan"),
                    "rounds": ratios,  # type: ignore[dict-item]
                }
                _print_one(name, figures[name])
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    _print(figures, args.clients, args.rounds)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


HEADER = (
    f"{'named query':<24}{'server':<10}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
    f"{'CPU ms/req':>12}"
)


def _print_one(name: str, pair: dict) -> None:
    for server in ("alkkg", "oxigraph"):
        f = pair[server]
        cpu = f"{f['cpu_ms']:>12.2f}" if "cpu_ms" in f else f"{'-':>12}"
        print(
            f"{name:<24}{server:<10}{f['throughput']:>8.0f}{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}"
            f"{f['errors']:>8}{cpu}",
            flush=True,
        )
    rounds = ", ".join(f"{r:.2f}" for r in pair["ratio"]["rounds"])
    cpu = ""
    if "cpu_ms" in pair["alkkg"] and "cpu_ms" in pair["oxigraph"]:
        cpu = f"; CPU per request {pair['oxigraph']['cpu_ms'] / pair['alkkg']['cpu_ms']:.2f}"
    print(
        f"{'':<24}{'ratio':<10}{pair['ratio']['throughput']:>8.2f}  (throughput, median of "
        f"rounds {rounds}{cpu} [oxigraph / alkkg])",
        flush=True,
    )


def _print(figures: dict, clients: int, rounds: int) -> None:
    print(
        f"\n{clients} concurrent clients; alkkg serve vs oxigraph serve-read-only, same graph; "
        f"median of {rounds} interleaved rounds"
    )
    print(HEADER)
    for name, pair in figures.items():
        _print_one(name, pair)


if __name__ == "__main__":
    from kg.allocator import relaunch

    relaunch()  # so that both servers, started from here, run on the same allocator
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
