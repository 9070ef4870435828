"""The scale suite: every stage of the build and every named query at 1x, 10x, 100x ... the real graph.

    python -m benchmarks --sizes 1,10,100 [--deadline 540] [--json PATH] [--repeat 5]

Each size runs in its own child process (so its peak memory is its own), on a graph from
benchmarks.scale. Per size:

- generate: the scaled N-Triples (asserted data + ontology, and the full built graph);
- load: N-Triples parse alone (pyoxigraph.parse, the ceiling), into the embedded store
  (Store.bulk_load), and into rdflib's in-memory Graph (only up to --rdflib-max);
- build on the store: the contradiction rule, materialisation (kg.build.reason.materialise_store),
  SHACL (kg.build.validate.validate_store_graph), the mapping statistics (kg.formats.void); and the reference
  engines where they are feasible: reasonable (up to --reasonable-max), pyshacl (up to
  --pyshacl-max), owlrl (1x only, bounded);
- every named query of benchmarks.core.CASES: median on the store in memory, again on an on-disk
  copy (the store `alkkg query` and `alkkg serve` read) and on an in-memory store loaded from
  that copy's dump (the order of `alkkg export`), and on rdflib (bounded).

The table gives each figure, its ratio to the baseline engine of the same run, and its growth
with size (figure / figure at the smallest size / size ratio: 1.0 is linear). Stages that would
not fit in what is left of --deadline are skipped and say so. The suite runs on the allocator
`alkkg` itself runs on (kg.allocator); ALKKG_ALLOCATOR=system measures glibc's instead.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.core import CASES, _rdflib_bounded, _rdflib_prefixed, bounded
from benchmarks.scale import PARTS, Scaler, real_graph
from kg.allocator import active

BUILD_PARTS = ("ontology", "asserted", "contradictions")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time(func):
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def _median(func, repeat: int, limit: float = 2.0):
    times, result = [], None
    for _ in range(repeat):
        seconds, result = _time(func)
        times.append(seconds)
        if seconds > limit:
            break
    return statistics.median(times), result


def _describe(store: ox.Store) -> tuple[float, list[ox.Triple]]:
    """The build's last stage, on the scaled graph (the generator copies only the data): the
    mapping statistics that mapping-coverage reads. Returns the seconds it took, and them."""
    from kg.build.pipeline import add
    from kg.formats.void import mapping_statistics

    def describe() -> list[ox.Triple]:
        triples = mapping_statistics(store)
        add(store, triples)
        return triples

    return _time(describe)


def _named_queries(
    store: ox.Store, graph, figures: dict, options: dict, key: str = "queries"
) -> None:
    """Every named query of CASES: median on the store; on rdflib too when `graph` is given.
    The figures go to figures[key]: "queries" in memory, "queries_published" in memory in the
    order of `alkkg export`, "queries_on_disk" on disk."""
    from kg.query import prepare
    from kg.vocab import PREFIXES

    for name, params in CASES:
        _, text = prepare(store, name, params)
        seconds, rows = _median(
            lambda t=text: list(store.query(t, prefixes=PREFIXES)), options["repeat"]
        )
        entry = {"store_ms": seconds * 1000, "rows": len(rows)}
        left = options["deadline_at"] - time.time()
        if graph is not None and left > options["rdflib_limit"] + 30:
            rl_seconds, rl_rows = _rdflib_bounded(graph, _rdflib_prefixed(text), 1)
            entry["rdflib_ms"] = None if rl_seconds is None else rl_seconds * 1000
            if rl_rows is not None and rl_rows != len(rows):
                raise SystemExit(f"{name}: {len(rows)} rows on Oxigraph, {rl_rows} on rdflib")
        figures[key][name] = entry


def _as_published(store: ox.Store, figures: dict, options: dict) -> None:
    """The named queries again on the graph as alkkg publishes it. First on an on-disk copy of
    `store`: the store `alkkg query` and `alkkg serve` read (RocksDB), where each index lookup
    costs several times more. Then in memory, loaded from that copy's dump, which is what a user
    gets loading `alkkg export` into an Oxigraph store: the triples grouped by subject, which
    makes each per-subject lookup cheaper than in the order the generator writes them."""
    with tempfile.TemporaryDirectory(dir=options.get("workdir")) as folder:
        disk = ox.Store(str(Path(folder) / "store"))
        disk.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        disk.optimize()  # as kg.store.write_release leaves a release
        _named_queries(disk, None, figures, options, "queries_on_disk")
        published = ox.Store()
        published.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        disk = None  # close it before its folder goes
    _named_queries(published, None, figures, options, "queries_published")


def _run_on_disk(factor: int, scaler: Scaler, figures: dict, options: dict) -> dict:
    """A size too big for memory here (1000x: 18M triples, about 12 GB as an in-memory store):
    generate to a file, parse it, bulk-load it into an on-disk store, and run the named queries.
    The build stages and the reference engines are left out and say so."""
    stages = figures["stages"]
    with tempfile.TemporaryDirectory(dir=options.get("workdir")) as folder:
        data = Path(folder) / "graph.nt"

        def generate() -> None:
            with data.open("wb") as handle:
                for chunk in scaler.chunks(factor):
                    handle.write(chunk)

        stages["generate"] = {"seconds": _time(generate)[0]}
        figures["triples"] = scaler.triples(factor)
        figures["asserted_triples"] = scaler.triples(factor, BUILD_PARTS)
        seconds, _ = _time(
            lambda: sum(1 for _ in ox.parse(path=str(data), format=ox.RdfFormat.N_TRIPLES))
        )
        stages["parse (pyoxigraph.parse)"] = {"seconds": seconds}
        store = ox.Store(str(Path(folder) / "store"))
        seconds, _ = _time(lambda: store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES))
        stages["load (Store.bulk_load, on disk)"] = {
            "seconds": seconds,
            "baseline": "parse (pyoxigraph.parse)",
        }
        stages["mapping statistics (on disk)"] = {"seconds": _describe(store)[0]}
        _named_queries(store, None, figures, options, "queries_on_disk")
        store = None  # close it before its folder goes
    figures["skipped"] += [
        "load (rdflib Graph.parse)",
        "build stages (on disk only: an in-memory store would need about 12 GB)",
        "reasoning (reasonable)",
        "reasoning (owlrl)",
        "SHACL (pyshacl)",
    ]
    figures["peak_rss_mb"] = _rss_mb()
    return figures


def run_size(factor: int, options: dict) -> dict:
    """All the figures for one size (runs in its own process)."""
    deadline = options["deadline_at"]
    figures: dict = {
        "factor": factor,
        "stages": {},
        "queries": {},
        "queries_on_disk": {},
        "queries_published": {},
        "skipped": [],
    }
    stages = figures["stages"]

    def left() -> float:
        return deadline - time.time()

    seconds, real = _time(real_graph)
    scaler = Scaler(real)
    if factor >= options["disk_min"]:
        return _run_on_disk(factor, scaler, figures, options)
    seconds, build_input = _time(lambda: b"".join(scaler.chunks(factor, BUILD_PARTS)))
    full_seconds, full = _time(lambda: b"".join(scaler.chunks(factor, PARTS)))
    stages["generate"] = {"seconds": seconds + full_seconds}
    figures["triples"] = scaler.triples(factor)
    figures["asserted_triples"] = scaler.triples(factor, BUILD_PARTS)

    # Load: raw parse (ceiling), embedded store, rdflib.
    seconds, _ = _time(lambda: sum(1 for _ in ox.parse(full, format=ox.RdfFormat.N_TRIPLES)))
    stages["parse (pyoxigraph.parse)"] = {"seconds": seconds}

    def load() -> ox.Store:
        store = ox.Store()
        store.bulk_load(full, format=ox.RdfFormat.N_TRIPLES)
        return store

    seconds, store = _time(load)
    stages["load (Store.bulk_load)"] = {
        "seconds": seconds,
        "baseline": "parse (pyoxigraph.parse)",
    }
    graph = None
    if factor <= options["rdflib_max"] and left() > 60:
        from rdflib import Graph

        seconds, graph = _time(lambda: Graph().parse(data=full, format="nt"))
        stages["load (rdflib Graph.parse)"] = {
            "seconds": seconds,
            "baseline": "load (Store.bulk_load)",
        }
    else:
        figures["skipped"].append("load (rdflib Graph.parse)")

    statistics_seconds, statistics = _describe(store)  # reported with the build stages below
    if graph is not None:
        graph.parse(data=ox.serialize(statistics, format=ox.RdfFormat.N_TRIPLES), format="nt")
    _named_queries(store, graph, figures, options)
    if left() > 120:
        _as_published(store, figures, options)
    store = None  # free the memory before the build stages

    # The build on the store: contradictions, materialisation, SHACL.
    from kg.build.pipeline import add, contradictions
    from kg.build.reason import materialise_store
    from kg.build.validate import load_shapes, validate_store_graph

    asserted = b"".join(scaler.chunks(factor, ("ontology", "asserted")))
    build = ox.Store()
    seconds, _ = _time(lambda: build.bulk_load(asserted, format=ox.RdfFormat.N_TRIPLES))
    stages["build: load"] = {"seconds": seconds}

    def contradict() -> int:
        found = contradictions(build)
        add(build, found)
        return len(found)

    seconds, found = _time(contradict)
    stages["build: contradictions"] = {"seconds": seconds, "triples": found}
    seconds, inferred = _time(lambda: materialise_store(build))
    stages["build: materialise (SPARQL rules)"] = {"seconds": seconds, "triples": inferred}
    shapes = load_shapes()
    seconds, report = _time(lambda: validate_store_graph(build, shapes))
    stages["build: SHACL (SPARQL on the store)"] = {
        "seconds": seconds,
        "violations": len(report.violations),
    }
    stages["build: mapping statistics"] = {"seconds": statistics_seconds}
    # HermiT on the ontology with one copy of the data: the copies are renamed, disjoint
    # duplicates that no axiom relates to each other, so one copy is consistent iff all are.
    from rdflib import Graph

    from kg.build.reason import check_consistency

    sample = Graph().parse(data=real.ontology + real.asserted + real.contradictions, format="nt")
    seconds, report = _time(lambda: check_consistency(sample))
    stages["build: consistency (HermiT, ontology + one copy)"] = {
        "seconds": seconds,
        "consistent": report.consistent,
    }
    stages["build: total"] = {
        "seconds": sum(
            stages[s]["seconds"]
            for s in (
                "build: load",
                "build: contradictions",
                "build: materialise (SPARQL rules)",
                "build: consistency (HermiT, ontology + one copy)",
                "build: SHACL (SPARQL on the store)",
                "build: mapping statistics",
            )
        )
    }
    build = None

    # Reference engines, where they fit.
    if factor <= options["reasonable_max"] and left() > 60:
        import reasonable

        with tempfile.NamedTemporaryFile(suffix=".ttl") as handle:
            handle.write(build_input)
            handle.flush()

            def reason() -> int:
                reasoner = reasonable.PyReasoner()
                reasoner.load_file(handle.name)
                return len(reasoner.reason())

            seconds, _ = _time(reason)
        stages["reasoning (reasonable)"] = {
            "seconds": seconds,
            "baseline": "build: materialise (SPARQL rules)",
        }
    else:
        figures["skipped"].append("reasoning (reasonable)")
    if factor <= options["owlrl_max"] and left() > options["owlrl_limit"] + 30:
        from rdflib import Graph

        def owlrl_closure() -> int:
            import owlrl

            data = Graph().parse(data=build_input, format="nt")
            owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(data)
            return len(data)

        seconds, _ = bounded(owlrl_closure, options["owlrl_limit"])
        stages["reasoning (owlrl)"] = {
            "seconds": seconds,
            "limit": options["owlrl_limit"],
            "baseline": "build: materialise (SPARQL rules)",
        }
    else:
        figures["skipped"].append("reasoning (owlrl)")
    if graph is not None and factor <= options["pyshacl_max"] and left() > 60:
        from kg.build.validate import validate

        seconds, report = _time(lambda: validate(graph, shapes))
        stages["SHACL (pyshacl)"] = {
            "seconds": seconds,
            "violations": len(report.violations),
            "baseline": "build: SHACL (SPARQL on the store)",
        }
    else:
        figures["skipped"].append("SHACL (pyshacl)")
    figures["peak_rss_mb"] = _rss_mb()
    return figures


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks --sizes ...")
    parser.add_argument("--sizes", required=True, help="comma-separated multiples, e.g. 1,10,100")
    parser.add_argument("--deadline", type=float, default=540, help="seconds for the whole suite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--rdflib-max", type=int, default=10)
    parser.add_argument("--rdflib-limit", type=float, default=10)
    parser.add_argument("--pyshacl-max", type=int, default=10)
    parser.add_argument("--reasonable-max", type=int, default=100)
    parser.add_argument("--owlrl-max", type=int, default=1)
    parser.add_argument("--owlrl-limit", type=float, default=60)
    parser.add_argument(
        "--disk-min",
        type=int,
        default=1000,
        help="sizes from this one up are loaded into an on-disk store, queries only",
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--options", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    import benchmarks.core as core

    core.RDFLIB_LIMIT_SECONDS = args.rdflib_limit
    if args.one is not None:
        print(json.dumps(run_size(args.one, json.loads(args.options))))
        return 0
    started = time.time()
    options = {
        "deadline_at": started + args.deadline,
        "repeat": args.repeat,
        "rdflib_max": args.rdflib_max,
        "rdflib_limit": args.rdflib_limit,
        "pyshacl_max": args.pyshacl_max,
        "reasonable_max": args.reasonable_max,
        "owlrl_max": args.owlrl_max,
        "owlrl_limit": args.owlrl_limit,
        "disk_min": args.disk_min,
    }
    results = []
    for factor in sorted(int(s) for s in args.sizes.split(",")):
        remaining = options["deadline_at"] - time.time()
        if remaining < 30:
            print(f"{factor}x: skipped, {remaining:.0f} s left of the deadline", file=sys.stderr)
            continue
        print(f"{factor}x ...", file=sys.stderr, flush=True)
        size_started = time.time()
        try:
            child = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks",
                    "--sizes",
                    str(factor),
                    "--one",
                    str(factor),
                    "--options",
                    json.dumps(options),
                    "--rdflib-limit",
                    str(args.rdflib_limit),
                ],
                capture_output=True,
                text=True,
                timeout=max(remaining, 1),
            )
        except subprocess.TimeoutExpired:
            print(f"{factor}x: stopped at the deadline ({remaining:.0f} s left)", file=sys.stderr)
            continue
        print(f"{factor}x: {time.time() - size_started:.0f} s", file=sys.stderr, flush=True)
        if child.returncode != 0:
            print(f"{factor}x failed:\n{child.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    figures = {"seconds": time.time() - started, "allocator": active(), "sizes": results}
    print(table(results))
    print(f"suite: {figures['seconds']:.0f} s, allocator {figures['allocator']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


def table(results: list[dict]) -> str:
    """One row per stage or query and size: figure, ratio to its baseline, growth with size."""
    if not results:
        return "(no sizes measured)"
    first = results[0]
    lines = [
        f"{'size':>6} {'triples':>10}  {'stage / query':<40} {'figure':>12} {'vs baseline':>22} {'growth':>7}"
    ]

    def growth(value: float | None, key: tuple, result: dict) -> str:
        base = _lookup(first, key)
        if value is None or base is None or base <= 0 or result["factor"] == first["factor"]:
            return ""
        return f"{(value / base) / (result['factor'] / first['factor']):.2f}"

    for result in results:
        head = f"{result['factor']:>5}x {result['triples']:>10}  "
        for name, stage in result["stages"].items():
            value = stage["seconds"]
            figure = "> limit" if value is None else f"{value:.2f} s"
            ratio = ""
            if "baseline" in stage and value is not None:
                base = result["stages"].get(stage["baseline"], {}).get("seconds")
                if base:
                    ratio = f"{value / base:.1f}x {stage['baseline'].split(' (')[0][:12]}"
            lines.append(
                f"{head}{name:<40} {figure:>12} {ratio:>22} {growth(value, ('stages', name), result):>7}"
            )
        for kind, where in (
            ("queries", "in memory"),
            ("queries_published", "export order"),
            ("queries_on_disk", "on disk"),
        ):
            for name, query in result.get(kind, {}).items():
                value = query["store_ms"] / 1000
                ratio = ""
                if "rdflib_ms" in query:
                    ratio = (
                        "rdflib > limit"
                        if query["rdflib_ms"] is None
                        else f"rdflib {query['rdflib_ms'] / query['store_ms']:.0f}x slower"
                    )
                flag = " !" if query["store_ms"] > 100 else ""
                lines.append(
                    f"{head}{f'query {name} ({where})':<40} {query['store_ms']:>9.1f} ms{flag} "
                    f"{ratio:>20} {growth(value, (kind, name), result):>7}"
                )
        lines.append(
            f"{head}{'peak memory':<40} {result['peak_rss_mb']:>9.0f} MB"
            + (f"   skipped: {', '.join(result['skipped'])}" if result["skipped"] else "")
        )
    return "\n".join(lines)


def _lookup(result: dict, key: tuple) -> float | None:
    kind, name = key
    if kind == "stages":
        return result["stages"].get(name, {}).get("seconds")
    query = result.get(kind, {}).get(name)
    return None if query is None else query["store_ms"] / 1000
