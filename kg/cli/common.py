"""What the commands share: the common flags, where a query runs, writing the answer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kg.errors import UsageError
from kg.query.run import Source

Handler = Callable[[argparse.Namespace, Path], int]
"""A command: the parsed arguments and the store folder in, the exit code out."""


def store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="store folder (default: $ALKKG_STORE or ~/.local/share/alkkg/store)",
    )


def format_arg(parser: argparse.ArgumentParser) -> None:
    from kg.formats.results import FORMATS  # the table, or W3C formats as the endpoint writes

    parser.add_argument("--format", default="table", choices=FORMATS)


def remote_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", help="run on this SPARQL endpoint instead of the store")
    parser.add_argument("--graph", help="with --endpoint: query this named graph (a release)")
    parser.add_argument("--user", help="user for the endpoint (password from $ALKKG_PASSWORD)")


def source(args: argparse.Namespace, store_path: Path) -> Source:
    """The embedded store, or the remote endpoint named by --endpoint."""
    if getattr(args, "endpoint", None):
        from kg.query.remote import Auth, RemoteEndpoint

        return RemoteEndpoint(args.endpoint, args.graph, Auth.from_env(args.user))
    from kg.store import open_store

    return open_store(store_path)


def write(data: bytes) -> None:
    """Bytes as they are (a CSV's CRLF stays CRLF), after anything printed, ending in a newline."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")


def params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param takes KEY=VALUE, got {pair!r}")
        params[key.strip()] = value.strip()
    return params


def query_text(query: str) -> str:
    """The query itself, or the text of the .rq file it names."""
    try:
        is_file = "\n" not in query and Path(query).is_file()
    except OSError:  # a query too long to be a file name
        is_file = False
    return Path(query).read_text() if is_file else query
