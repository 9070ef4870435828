"""Publishing the graph: export, push, serve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import (
    Handler,
    store_arg,
)
from kg.errors import EXIT_OK, UsageError


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export", help="write the graph in an RDF format, as KGX TSV or as VA-Spec statements"
    )
    from kg.formats.rdf import EXPORT_FORMATS

    export.add_argument(
        "--format",
        default="turtle",
        choices=EXPORT_FORMATS,
        help="; ".join(f"{name}: {f.note}" for name, f in EXPORT_FORMATS.items() if f.note),
    )
    export.add_argument(
        "--out", type=Path, help="output file, or folder for kgx (default: standard output)"
    )
    store_arg(export)

    push = commands.add_parser("push", help="load the built graph into a remote triple store")
    push.add_argument("--endpoint", required=True, help="SPARQL query endpoint of the store")
    push.add_argument("--update-endpoint", help="SPARQL Update endpoint (default: --endpoint)")
    push.add_argument("--gsp", help="Graph Store Protocol URL (default: SPARQL Update only)")
    push.add_argument(
        "--graph", help="target graph (default: https://w3id.org/alkkg/graph/<version>)"
    )
    push.add_argument("--user", help="user (password from $ALKKG_PASSWORD; or $ALKKG_TOKEN)")
    push.add_argument("--password", help="password for --user (prefer $ALKKG_PASSWORD)")
    push.add_argument("--chunk", type=int, default=20_000, help="triples per request")
    store_arg(push)

    from kg.config import add_arguments

    serve = commands.add_parser("serve", help="a read-only SPARQL endpoint and the named queries")
    add_arguments(serve)  # one flag per setting of kg.config.Settings
    store_arg(serve)


def export_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.rdf import export
    from kg.store import open_store

    store = open_store(store_path)
    if args.format == "kgx":
        from kg.formats.kgx import write

        if not args.out:
            raise UsageError("--format kgx needs --out FOLDER (it writes nodes.tsv and edges.tsv)")
        kgx = write(store, args.out)
        print(
            f"wrote {len(kgx.nodes)} nodes and {len(kgx.edges)} edges to {args.out}",
            file=sys.stderr,
        )
        return EXIT_OK
    if args.format == "va-spec":
        from kg.formats.vaspec import to_json

        data = to_json(store)
    else:
        data = export(store, args.format)
    if args.out:
        args.out.write_bytes(data)
        print(f"wrote {len(data)} bytes to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def push_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.push import print_progress, push
    from kg.query.remote import Auth

    result = push(
        store_path,
        args.endpoint,
        update_url=args.update_endpoint,
        gsp_url=args.gsp,
        graph=args.graph,
        auth=Auth.from_env(args.user, args.password),
        chunk=args.chunk,
        progress=print_progress,
    )
    print(
        f"pushed {result.triples} triples into <{result.graph}> in {result.seconds:.1f} s "
        f"({result.triples_per_second:.0f} triples/s); count verified"
    )
    return EXIT_OK


def serve_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.config import Settings
    from kg.web.app import serve

    settings = Settings.from_args(args, store_path)
    print(
        f"alkkg: SPARQL endpoint at http://{settings.host}:{settings.port}/sparql", file=sys.stderr
    )
    serve(settings)
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "export": export_command,
    "push": push_command,
    "serve": serve_command,
}
