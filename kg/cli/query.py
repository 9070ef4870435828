"""Asking the graph: query, sparql, stats, releases, diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import (
    Handler,
    format_arg,
    params,
    query_text,
    remote_args,
    source,
    store_arg,
    write,
)
from kg.errors import EXIT_OK


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    query = commands.add_parser("query", help="run a named query")
    query.add_argument("name", nargs="?", help="named query (omit to list them)")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument(
        "--limit",
        metavar="N",
        help="at most N rows (default: every row); a note on stderr says when there are more",
    )
    query.add_argument("--offset", metavar="M", help="skip the first M rows (default 0)")
    format_arg(query)
    remote_args(query)
    store_arg(query)

    sparql = commands.add_parser("sparql", help="run a SPARQL query (text or a .rq file)")
    sparql.add_argument("query", help="query text, or a path to a file with it")
    format_arg(sparql)
    remote_args(sparql)
    store_arg(sparql)

    stats = commands.add_parser("stats", help="count each kind of thing in the graph")
    store_arg(stats)

    releases = commands.add_parser(
        "releases", help="list the store's releases and the source snapshots of each"
    )
    releases.add_argument("--format", default="table", choices=("table", "json"))
    store_arg(releases)

    diff = commands.add_parser(
        "diff", help="the claims added, removed and changed between two releases"
    )
    diff.add_argument(
        "releases",
        nargs="*",
        metavar="RELEASE",
        help="OLD [NEW] as `alkkg releases` names them, or previous / current "
        "(default: previous current; one name: that one and current)",
    )
    diff.add_argument("--format", default="table", choices=("table", "json"))
    store_arg(diff)


def query_command(args: argparse.Namespace, store_path: Path) -> int:
    import pyoxigraph as ox

    from kg.formats.results import write_results
    from kg.query import named_queries, parse_page, run_page
    from kg.query.native import NATIVE
    from kg.query.params import page_bytes

    if not args.name:
        for query in named_queries().values():
            usage = " ".join(f"{p.name}=" if p.required else f"[{p.name}=]" for p in query.params)
            print(f"{query.name} {usage}\n    {query.summary}")
        return EXIT_OK
    page = parse_page(args.limit, args.offset, default=None, cap=None)
    where, given = source(args, store_path), params(args.param)
    if isinstance(where, ox.Store) and args.format in NATIVE:  # as the HTTP API writes them
        body, more = page_bytes(where, args.name, given, page, args.format)
        write(body)
    else:
        results, more = run_page(where, args.name, given, page)
        write(write_results(results, args.format))
    if more:
        following = page.next()
        print(f"more rows follow: --limit {following.limit} --offset {following.offset}",
              file=sys.stderr)  # fmt: skip
    return EXIT_OK


def sparql_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.results import write_results
    from kg.query import run_sparql

    answer = run_sparql(source(args, store_path), query_text(args.query), args.format)
    write(answer if isinstance(answer, bytes) else write_results(answer, args.format))
    return EXIT_OK


def stats_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.results import write_results
    from kg.query.stats import stats
    from kg.store import open_store, release_info

    info = release_info(store_path)
    print(f"alkkg {info['version']}, built {info['built']}")
    write(write_results(stats(open_store(store_path)), "table"))
    return EXIT_OK


def releases_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.query.releases import releases_text

    print(releases_text(store_path, args.format))
    return EXIT_OK


def diff_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.query.diff import diff_text

    print(diff_text(store_path, args.releases, args.format))
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "query": query_command,
    "sparql": sparql_command,
    "stats": stats_command,
    "releases": releases_command,
    "diff": diff_command,
}
