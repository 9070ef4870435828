"""Named-query latency on a scaled graph kept on disk, for iterating on queries/*.rq.

    python -m benchmarks.qbench --factor 100 [--store /tmp/q100] [--only name,...] [--repeat 5]

The first run writes the built graph x factor (benchmarks.scale) and the ontology slices of
tests/data/ontologies (imported the way `alkkg import` keeps them) into an on-disk store; later
runs reuse it. Each query of benchmarks.core.CASES (plus agents-classed-as and mapping-coverage)
is prepared with kg.query.prepare and timed as the median of --repeat runs: the query alone
(store.query, solutions materialised) and kg.query.run_select (rows as Python lists).
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.core import CASES, _timed
from kg.query import prepare, run_select
from kg.vocab import PREFIXES

SLICES = Path(__file__).resolve().parent.parent / "tests" / "data" / "ontologies"
EXTRA_CASES = [
    ("agents-classed-as", {"class": "CHEBI:37699"}),
    ("mapping-coverage", {}),
]


def make_store(path: Path, factor: int) -> ox.Store:
    if (path / "READY").exists():
        return ox.Store(str(path))
    from benchmarks.scale import PARTS, Scaler, real_graph
    from kg.build.imports import IMPORT_GRAPH, extract_module, read_ontology, referenced_terms
    from kg.build.pipeline import add
    from kg.formats.void import mapping_statistics

    started = time.perf_counter()
    scaler = Scaler(real_graph())
    data = b"".join(scaler.chunks(factor, PARTS))
    store = ox.Store(str(path))
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    add(store, mapping_statistics(store))  # the build's last stage (kg.build.pipeline.assemble)
    seeds = referenced_terms(store)
    for file in sorted(SLICES.glob("*-slice.*")):
        kept, _ = extract_module(read_ontology(file), seeds)
        graph = ox.NamedNode(IMPORT_GRAPH + file.stem)
        store.bulk_extend(ox.Quad(*t, graph) for t in kept)
    store.flush()
    store.optimize()
    (path / "READY").write_text(str(len(store)))
    print(f"store {path}: {len(store)} quads in {time.perf_counter() - started:.1f} s")
    return store


def median_ms(func, repeat: int) -> tuple[float, object]:
    seconds, result = _timed(func, repeat)
    return seconds * 1000, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.qbench")
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--only", default="")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--digest", action="store_true", help="print a digest of each answer")
    parser.add_argument("--memory", action="store_true", help="copy the store into memory first")
    args = parser.parse_args(argv)
    path = args.store or Path(f"/tmp/q{args.factor}")
    path.mkdir(parents=True, exist_ok=True)
    store = make_store(path, args.factor)
    if args.memory:
        memory = ox.Store()
        memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
        store = memory
    only = set(filter(None, args.only.split(",")))
    print(f"{'query':<24}{'rows':>7}{'query ms':>10}{'run_select ms':>15}")
    for name, params in CASES + EXTRA_CASES:
        if only and name not in only:
            continue
        _, text = prepare(store, name, params)
        query_ms, rows = median_ms(
            lambda t=text: list(store.query(t, prefixes=PREFIXES)), args.repeat
        )
        select_ms, results = median_ms(lambda t=text: run_select(store, t), args.repeat)
        line = f"{name:<24}{len(rows):>7}{query_ms:>10.1f}{select_ms:>15.1f}"
        if args.digest:
            # GROUP_CONCAT's order is the engine's: compare the parts sorted
            canon = sorted(
                repr([", ".join(sorted(str(t).split(", "))) for t in row]) for row in results.rows
            )
            line += "  " + hashlib.sha1("\n".join(canon).encode()).hexdigest()[:12]
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
