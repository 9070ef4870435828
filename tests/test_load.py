"""Load with faults: heavy queries flood the server while light ones must keep their latency.

Eight clients send heavy SPARQL (cartesian products, `(p|^p)*` closures) without pause and
ignore Retry-After, as a careless crawler would; four clients call the named queries and resource
pages. The server must shed the heavy load (503 with Retry-After, or 422 at the limits), answer
every light request, keep the light ones' p99 low, and stay under its memory cap.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from pathlib import Path

import pytest
from clients import Client, MemoryWatch, Outcome
from conftest import start_server

pytestmark = pytest.mark.slow  # a load run against a real server

HEAVY = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (alkkg:about|^alkkg:about)* ?o . ?o ?p ?x }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) < STR(?f)) }",
]
LIGHT = [
    "/api/agents-active-against?mutation=G1202R",
    "/api/drug-targets?drug=crizotinib",
    "/api/trial-outcomes?trial=PROFILE%201014",
    "/id/agent/lorlatinib.ttl",
    "/api/resistance-mutations?drug=ceritinib&format=csv",
]
SECONDS = 20.0
WORKERS, WORKER_MEMORY_MIB = 3, 1024
LIGHT_P99_LIMIT = 1.0


def test_light_queries_keep_their_latency_under_heavy_load(
    store_path: Path, tmp_path: Path
) -> None:
    light: list[Outcome] = []
    heavy: list[Outcome] = []
    lock = threading.Lock()
    stop = threading.Event()
    flags = ["--workers", str(WORKERS), "--worker-memory", str(WORKER_MEMORY_MIB)]
    for server in start_server(store_path, "--timeout", "5", *flags):

        def heavy_client(n: int, url: str = server.url) -> None:
            client = Client(url, timeout=30)
            while not stop.is_set():
                body = f"query={HEAVY[n % len(HEAVY)]}".encode()
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                outcome = client.send("POST", "/sparql", headers, body)
                with lock:
                    heavy.append(outcome)
                n += 1

        def light_client(n: int, url: str = server.url) -> None:
            client = Client(url, timeout=30)
            while not stop.is_set():
                outcome = client.send("GET", LIGHT[n % len(LIGHT)], {}, b"")
                with lock:
                    light.append(outcome)
                n += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=heavy_client, args=(i,)) for i in range(8)]
        threads += [threading.Thread(target=light_client, args=(i,)) for i in range(4)]
        with MemoryWatch(server.pid) as memory:
            for thread in threads:
                thread.start()
            time.sleep(SECONDS)
            stop.set()
            for thread in threads:
                thread.join()

    latencies = sorted(o.seconds for o in light)
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    heavy_statuses = sorted({o.status for o in heavy}, key=str)
    report = {
        "light_requests": len(light),
        "light_p50_ms": round(p50 * 1000),
        "light_p99_ms": round(p99 * 1000),
        "light_max_ms": round(latencies[-1] * 1000),
        "heavy_requests": len(heavy),
        "heavy_statuses": {str(s): sum(o.status == s for o in heavy) for s in heavy_statuses},
        "peak_rss_mib": round(memory.peak / 2**20),
    }
    (tmp_path / "load.json").write_text(json.dumps(report))
    print(json.dumps(report))

    assert len(light) > 100
    assert all(o.status == 200 for o in light), {o.status for o in light}
    assert p99 < LIGHT_P99_LIMIT
    # the heavy load was shed, each refusal saying when to come back; nothing crashed
    assert None not in heavy_statuses and 500 not in heavy_statuses
    shed = [o for o in heavy if o.status == 503]
    assert shed and all(o.headers.get("retry-after", "").isdigit() for o in shed)
    assert memory.peak < (WORKERS + 1) * WORKER_MEMORY_MIB * 2**20 + 512 * 2**20
