"""The `alkkg` command line. Each command is a thin wrapper over one library function."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from kg import __version__
from kg.errors import EXIT_BUG, EXIT_FAILED, EXIT_OK, UsageError, exit_code
from kg.resources import default_store_path


def _store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="store folder (default: $ALKKG_STORE or ~/.local/share/alkkg/store)",
    )


def _format_arg(parser: argparse.ArgumentParser) -> None:
    from kg.formats.results import FORMATS  # the table, or W3C formats as the endpoint writes

    parser.add_argument("--format", default="table", choices=FORMATS)


def _remote_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", help="run on this SPARQL endpoint instead of the store")
    parser.add_argument("--graph", help="with --endpoint: query this named graph (a release)")
    parser.add_argument("--user", help="user for the endpoint (password from $ALKKG_PASSWORD)")


def _source(args: argparse.Namespace, store_path: Path):
    """The embedded store, or the remote endpoint named by --endpoint."""
    if getattr(args, "endpoint", None):
        from kg.query.remote import Auth, RemoteEndpoint

        return RemoteEndpoint(args.endpoint, args.graph, Auth.from_env(args.user))
    from kg.store import open_store

    return open_store(store_path)


def _version() -> str:
    """The version line, with what a performance report needs: the engine and the allocator."""
    from importlib.metadata import version

    from kg.allocator import active

    return f"alkkg {__version__} (pyoxigraph {version('pyoxigraph')}, allocator {active()})"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alkkg", description="An open knowledge graph of ALK-positive NSCLC."
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the graph from the source tables")
    _store_arg(build)
    build.add_argument("--no-reasoner", action="store_true", help="skip the HermiT check")
    build.add_argument("--tables", type=Path, help="source tables folder (default: shipped)")
    build.add_argument("--seeds", type=Path, help="seed papers folder (default: $ALKKG_SEEDS)")

    validate = commands.add_parser("validate", help="check the built graph against the shapes")
    _store_arg(validate)
    validate.add_argument(
        "--engine",
        choices=("sparql", "pyshacl"),
        default="sparql",
        help="sparql (the shapes as queries on the store, as the build runs them; default) or "
        "pyshacl (the reference implementation, slower)",
    )

    query = commands.add_parser("query", help="run a named query")
    query.add_argument("name", nargs="?", help="named query (omit to list them)")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    _format_arg(query)
    _remote_args(query)
    _store_arg(query)

    sparql = commands.add_parser("sparql", help="run a SPARQL query (text or a .rq file)")
    sparql.add_argument("query", help="query text, or a path to a file with it")
    _format_arg(sparql)
    _remote_args(sparql)
    _store_arg(sparql)

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
    _store_arg(export)

    imports = commands.add_parser(
        "import",
        help="load the terms the graph references, and their ancestors, from an ontology file",
    )
    imports.add_argument("file", type=Path, help="an OBO, OWL (RDF/XML), Turtle or N-Triples file")
    imports.add_argument("--name", help="the import's name (default: from the file name)")
    _store_arg(imports)

    docs = commands.add_parser("docs", help="write the ontology documentation (HTML, pyLODE)")
    docs.add_argument(
        "--out", type=Path, default=Path("build/ontology"), help="folder (default: build/ontology)"
    )

    stats = commands.add_parser("stats", help="count each kind of thing in the graph")
    _store_arg(stats)

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
    _store_arg(push)

    from kg.config import add_arguments

    serve = commands.add_parser("serve", help="a read-only SPARQL endpoint and the named queries")
    add_arguments(serve)  # one flag per setting of kg.config.Settings
    _store_arg(serve)

    fetch = commands.add_parser(
        "fetch", help="download a source's input from its publisher (civic), for alkkg load"
    )
    fetch.add_argument("source", help="the source's name (civic)")
    fetch.add_argument(
        "--gene", help="civic: keep items whose molecular profile involves this gene (default: ALK)"
    )
    fetch.add_argument("--out", type=Path, help="output file (default: a dated file name, here)")
    fetch.add_argument("--endpoint", help="the publisher's API (default: the source's own)")
    fetch.add_argument("--page-size", help="records asked for per request")
    return parser


def _write(data: bytes) -> None:
    """Bytes as they are (a CSV's CRLF stays CRLF), after anything printed, ending in a newline."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param takes KEY=VALUE, got {pair!r}")
        params[key.strip()] = value.strip()
    return params


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    store_path = getattr(args, "store", None) or default_store_path()
    try:
        return COMMANDS[args.command](args, store_path)
    except KeyboardInterrupt as exc:
        return exit_code(exc)
    except Exception as exc:  # a failure is a message and an exit code; a bug says it is one
        code = exit_code(exc)
        if args.debug:
            traceback.print_exc()
        if code == EXIT_BUG:
            print(
                f"alkkg {args.command}: internal error ({type(exc).__name__}: {exc}); this is a "
                "bug in alkkg: please report it with the output of --debug",
                file=sys.stderr,
            )
        else:
            print(f"alkkg {args.command}: {exc}", file=sys.stderr)
        return code


def _build(args: argparse.Namespace, store_path: Path) -> int:
    from kg.build.pipeline import build
    from kg.build.sources import installed_sources

    started = time.perf_counter()
    print(f"building into {store_path}")
    result = build(
        store_path,
        installed_sources(),
        tables=args.tables,
        seeds=args.seeds,
        reasoner=not args.no_reasoner,
        log=print,
    )
    print(
        f"built {result.triples} triples, {result.claims} claims "
        f"in {time.perf_counter() - started:.1f} s; consistent; SHACL conforms"
    )
    return EXIT_OK


def _validate(args: argparse.Namespace, store_path: Path) -> int:
    from kg.build.validate import validate_store

    report = validate_store(store_path, engine=args.engine)
    print(report.text())
    return EXIT_OK if report.conforms else EXIT_FAILED


def _query(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.results import write_results
    from kg.query import named_queries, run_named

    if not args.name:
        for query in named_queries().values():
            params = " ".join(f"{p.name}=" if p.required else f"[{p.name}=]" for p in query.params)
            print(f"{query.name} {params}\n    {query.summary}")
        return EXIT_OK
    results = run_named(_source(args, store_path), args.name, _params(args.param))
    _write(write_results(results, args.format))
    return EXIT_OK


def _query_text(query: str) -> str:
    """The query itself, or the text of the .rq file it names."""
    try:
        is_file = "\n" not in query and Path(query).is_file()
    except OSError:  # a query too long to be a file name
        is_file = False
    return Path(query).read_text() if is_file else query


def _sparql(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.results import write_results
    from kg.query import run_sparql

    answer = run_sparql(_source(args, store_path), _query_text(args.query))
    _write(answer if isinstance(answer, bytes) else write_results(answer, args.format))
    return EXIT_OK


def _export(args: argparse.Namespace, store_path: Path) -> int:
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


def _import(args: argparse.Namespace, store_path: Path) -> int:
    from kg.build.imports import import_ontology

    result = import_ontology(store_path, args.file, args.name)
    print(
        f"imported {result.terms} terms ({result.referenced} referenced by the graph, the rest "
        f"their ancestors), {result.triples} triples, into <{result.graph}>"
    )
    return EXIT_OK


def _docs(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.docs import build_docs

    print(f"wrote {build_docs(args.out)}")
    return EXIT_OK


def _stats(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.results import write_results
    from kg.query.stats import stats
    from kg.store import open_store, release_info

    info = release_info(store_path)
    print(f"alkkg {info['version']}, built {info['built']}")
    _write(write_results(stats(open_store(store_path)), "table"))
    return EXIT_OK


def _push(args: argparse.Namespace, store_path: Path) -> int:
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


def _serve(args: argparse.Namespace, store_path: Path) -> int:
    from kg.config import Settings
    from kg.web.app import serve

    settings = Settings.from_args(args, store_path)
    print(
        f"alkkg: SPARQL endpoint at http://{settings.host}:{settings.port}/sparql", file=sys.stderr
    )
    serve(settings)
    return EXIT_OK


def _fetch(args: argparse.Namespace, store_path: Path) -> int:
    from kg.fetch import fetch

    given = {"gene": args.gene, "endpoint": args.endpoint, "page_size": args.page_size}
    options = {key: value for key, value in given.items() if value is not None}
    started = time.perf_counter()
    result = fetch(args.source, args.out, **options)
    print(
        f"wrote {result.records} records to {result.path} ({result.listed} listed by "
        f"{result.origin}, {result.pages} pages, {time.perf_counter() - started:.1f} s)"
    )
    return EXIT_OK


COMMANDS = {
    "build": _build,
    "validate": _validate,
    "query": _query,
    "sparql": _sparql,
    "export": _export,
    "import": _import,
    "stats": _stats,
    "docs": _docs,
    "serve": _serve,
    "push": _push,
    "fetch": _fetch,
}
