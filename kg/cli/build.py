"""Building the graph: build, validate, import, fetch and load a source, docs."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.cli.common import (
    Handler,
    store_arg,
)
from kg.errors import EXIT_FAILED, EXIT_OK


def build_args(parser: argparse.ArgumentParser) -> None:
    """What a build is run with: `alkkg build` and `alkkg load` (which builds) take the same."""
    parser.add_argument("--no-reasoner", action="store_true", help="skip the HermiT check")
    parser.add_argument("--tables", type=Path, help="source tables folder (default: shipped)")
    parser.add_argument("--seeds", type=Path, help="seed papers folder (default: $ALKKG_SEEDS)")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser("build", help="build the graph from the source tables")
    store_arg(build)
    build_args(build)

    validate = commands.add_parser("validate", help="check the built graph against the shapes")
    store_arg(validate)
    validate.add_argument(
        "--engine",
        choices=("sparql", "pyshacl"),
        default="sparql",
        help="sparql (the shapes as queries on the store, as the build runs them; default) or "
        "pyshacl (the reference implementation, slower)",
    )

    imports = commands.add_parser(
        "import",
        help="load the terms the graph references, and their ancestors, from an ontology file",
    )
    imports.add_argument("file", type=Path, help="an OBO, OWL (RDF/XML), Turtle or N-Triples file")
    imports.add_argument("--name", help="the import's name (default: from the file name)")
    store_arg(imports)

    load = commands.add_parser(
        "load", help="load a source's file into the store (kept for every build) and build"
    )
    load.add_argument("source", help="the source to load into (alkkg load civic FILE)")
    load.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="the file(s) to load (ctgov: several)"
    )
    store_arg(load)
    build_args(load)

    docs = commands.add_parser("docs", help="write the ontology documentation (HTML, pyLODE)")
    docs.add_argument(
        "--out", type=Path, default=Path("build/ontology"), help="folder (default: build/ontology)"
    )

    fetch = commands.add_parser(
        "fetch", help="download a source's input from its publisher (civic, ctgov), for alkkg load"
    )
    fetch.add_argument("source", help="the source's name (civic, ctgov)")
    fetch.add_argument("ids", nargs="*", metavar="ID", help="ctgov: the studies' NCT ids")
    fetch.add_argument(
        "--gene", help="civic: keep items whose molecular profile involves this gene (default: ALK)"
    )
    fetch.add_argument(
        "--out",
        type=Path,
        help="output file, or an existing folder for one file a record (ctgov); default: a dated "
        "file name, here",
    )
    fetch.add_argument("--endpoint", help="the publisher's API (default: the source's own)")
    fetch.add_argument("--page-size", help="records asked for per request")


def build_command(args: argparse.Namespace, store_path: Path) -> int:
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


def validate_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.build.validate import validate_store

    report = validate_store(store_path, engine=args.engine)
    print(report.text())
    return EXIT_OK if report.conforms else EXIT_FAILED


def import_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.build.imports import import_ontology

    result = import_ontology(store_path, args.file, args.name)
    print(
        f"imported {result.terms} terms ({result.referenced} referenced by the graph, the rest "
        f"their ancestors), {result.triples} triples, into <{result.graph}>"
    )
    return EXIT_OK


def load_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.build.load import load

    started = time.perf_counter()
    print(f"loading {', '.join(map(str, args.files))} into source {args.source} of {store_path}")
    result = load(
        args.source,
        args.files,
        store_path,
        tables=args.tables,
        seeds=args.seeds,
        reasoner=not args.no_reasoner,
        log=print,
    )
    print(
        f"built {result.triples} triples, {result.claims} claims "
        f"in {time.perf_counter() - started:.1f} s; release {result.release}"
    )
    return EXIT_OK


def docs_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.formats.docs import build_docs

    print(f"wrote {build_docs(args.out)}")
    return EXIT_OK


def fetch_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.fetch import fetch

    given = {
        "gene": args.gene,
        "endpoint": args.endpoint,
        "page_size": args.page_size,
        "ids": " ".join(args.ids) or None,
    }
    options = {key: value for key, value in given.items() if value is not None}
    started = time.perf_counter()
    result = fetch(args.source, args.out, **options)
    print(
        f"wrote {result.records} records to {result.path} ({result.listed} listed by "
        f"{result.origin}, {result.pages} pages, {time.perf_counter() - started:.1f} s)"
    )
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "build": build_command,
    "validate": validate_command,
    "import": import_command,
    "load": load_command,
    "docs": docs_command,
    "fetch": fetch_command,
}
