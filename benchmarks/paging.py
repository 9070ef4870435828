"""Paged listings and anchored answers on a scaled graph kept on disk (issue 16, item 4).

    python -m benchmarks.paging [--factor 100] [--store /tmp/q100] [--repeat 5] [--json PATH]
    python -m benchmarks --paging ...          (the same, from the suite's entry point)

The store is benchmarks.qbench's (the built graph x factor, on disk, as `alkkg serve` reads it;
made on the first run, reused after). For each listing (a named query whose answer grows with
the graph): the whole listing (ms, rows, µs a row), its first page of the HTTP API's default
size and a page from the middle, each as its own query (kg.query.paging.paged, the rows written
by the engine: kg.query.native) and as a server's worker serves it, a slice of the listing's
answer it keeps for the release (kg.query.paging.Listings). For each anchor of a listing: the
answer, with the parameter resolved from a name index already built (the worker builds one per
release: the figure a server gives) and the one-off cost of building that index. Targets: a first page and an
anchored answer under 100 ms, a whole listing under 60 µs a row.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks.qbench import make_store
from kg.config import Settings
from kg.query import Page, prepare
from kg.query.native import native_select
from kg.query.paging import Listings, paged
from kg.query.params import Names
from kg.vocab import PREFIXES

LISTINGS = ("cns-activity", "fusion-partners", "source-conflicts")
ANCHORS: list[tuple[str, dict[str, str]]] = [
    ("cns-activity", {"drug": "alectinib"}),
    ("cns-activity", {"drug": "crizotinib syn17"}),
    ("fusion-partners", {"partner": "EML4"}),
    ("fusion-partners", {"disease": "NSCLC syn42"}),
    ("source-conflicts", {"drug": "crizotinib"}),
    ("source-conflicts", {"trial": "ASCEND-2 syn7"}),
]
MAX_ROWS = Settings(Path()).max_rows
PAGE_TARGET_MS = 100.0
ROW_TARGET_US = 60.0


def _median_ms(func: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def _answer(store: ox.Store, text: str, page: Page) -> tuple[bytes, bool]:
    """What the worker does for a page: the paged query, its rows written as JSON."""
    return native_select(store.query(paged(text, page), prefixes=PREFIXES), "json", page.limit)


def _kept(listings: Listings, store: ox.Store, text: str, page: Page) -> tuple[bytes, bool]:
    """What a worker does for a page of a listing it keeps: a slice of the kept TSV, written."""
    kept = listings.page(store, text, page, MAX_ROWS)
    assert kept is not None  # the listings are well under the row cap
    rows = ox.parse_query_results(kept[0], format=ox.QueryResultsFormat.TSV)
    return native_select(rows, "json", page.limit)[0], kept[1]


def _rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def measure(store: ox.Store, repeat: int, page_size: int) -> dict[str, Any]:
    figures: dict[str, Any] = {"page_size": page_size, "listings": {}, "anchored": []}
    listings = Listings()  # as a worker keeps them
    for name in LISTINGS:
        _, text = prepare(store, name, {})
        whole_ms, (body, _) = _median_ms(lambda t=text: _answer(store, t, Page()), repeat)
        rows = _rows(body)
        first_ms, _ = _median_ms(lambda t=text: _answer(store, t, Page(page_size)), repeat)
        middle = Page(page_size, (rows // 2 // page_size) * page_size)
        middle_ms, _ = _median_ms(lambda t=text, m=middle: _answer(store, t, m), repeat)
        keep_ms, _ = _median_ms(lambda t=text: listings.whole(store, t, MAX_ROWS), 1)
        kept_first_ms, _ = _median_ms(
            lambda t=text: _kept(listings, store, t, Page(page_size)), repeat
        )
        kept_middle_ms, _ = _median_ms(
            lambda t=text, m=middle: _kept(listings, store, t, m), repeat
        )
        figures["listings"][name] = {
            "rows": rows,
            "whole_ms": whole_ms,
            "us_per_row": whole_ms * 1000 / max(rows, 1),
            "first_page_ms": first_ms,
            "middle_page_ms": middle_ms,
            "middle_offset": middle.offset,
            "keep_ms": keep_ms,
            "kept_first_page_ms": kept_first_ms,
            "kept_middle_page_ms": kept_middle_ms,
        }
        print(
            f"  {name}: {rows} rows, whole {whole_ms:.0f} ms, page 1 {first_ms:.0f} ms, "
            f"kept page 1 {kept_first_ms:.1f} ms",
            flush=True,
        )
    names = Names()
    for name, params in ANCHORS:
        index_ms, (_, text) = _median_ms(lambda n=name, p=params: prepare(store, n, p), 1)
        prepare(store, name, params, names)  # the worker's index, built once per release
        answer_ms, (body, _) = _median_ms(
            lambda n=name, p=params: _answer(
                store, prepare(store, n, p, names)[1], Page(page_size)
            ),
            repeat,
        )
        figures["anchored"].append(
            {
                "query": name,
                "params": params,
                "rows": _rows(body),
                "answer_ms": answer_ms,
                "name_index_ms": index_ms,
            }
        )
        print(f"  {name} {params}: {answer_ms:.1f} ms", flush=True)
    return figures


def table(figures: dict[str, Any]) -> str:
    size = figures["page_size"]
    lines = [
        f"{'listing':<20}{'rows':>7}{'whole ms':>10}{'µs/row':>8}"
        f"{f'page 1 ({size}) ms':>20}{'middle page ms':>16}{'kept: page 1, middle ms':>26}"
    ]
    for name, f in figures["listings"].items():
        over = " !" if f["us_per_row"] > ROW_TARGET_US else ""
        page = " !" if f["first_page_ms"] > PAGE_TARGET_MS else ""
        lines.append(
            f"{name:<20}{f['rows']:>7}{f['whole_ms']:>10.0f}{f['us_per_row']:>8.0f}{over:<2}"
            f"{f['first_page_ms']:>18.0f}{page:<2}{f['middle_page_ms']:>14.0f}"
            f"{f['kept_first_page_ms']:>18.1f}{f['kept_middle_page_ms']:>8.1f}"
        )
    lines.append(f"{'anchored answer':<52}{'rows':>6}{'ms':>8}{'name index ms (once)':>22}")
    for a in figures["anchored"]:
        label = a["query"] + " " + " ".join(f"{k}={v}" for k, v in a["params"].items())
        flag = " !" if a["answer_ms"] > PAGE_TARGET_MS else ""
        lines.append(
            f"{label:<52}{a['rows']:>6}{a['answer_ms']:>8.1f}{flag:<2}{a['name_index_ms']:>20.0f}"
        )
    lines.append(
        f"targets: page 1 and anchored answers under {PAGE_TARGET_MS:.0f} ms, a whole listing "
        f"under {ROW_TARGET_US:.0f} µs a row (! marks a miss). kept: a server's worker keeps each "
        "listing's answer for its release (filled in when it opens the release, the 'whole' "
        "figure once) and serves pages as slices of it"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.paging")
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page-size", type=int, default=Settings(Path()).page_size)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    path = args.store or Path(f"/tmp/q{args.factor}")
    path.mkdir(parents=True, exist_ok=True)
    store = make_store(path, args.factor)
    print(f"{args.factor}x on disk ({path}), median of {args.repeat}:", flush=True)
    figures = {"factor": args.factor, **measure(store, args.repeat, args.page_size)}
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
