"""Pictures of the graph: alkkg plot activity-matrix | hazard-ratios --out FILE (.svg or .png)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import Handler, remote_args, source, store_arg
from kg.errors import EXIT_OK
from kg.query.run import Source

SITE_HELP = (
    "where the SVG's links point: a served alkkg's root URL (default: the graph's base "
    "https://w3id.org/alkkg/, which the site stands for)"
)


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plot = commands.add_parser(
        "plot", help="draw the activity matrix or the hazard-ratio forest plot (SVG or PNG)"
    )
    figures = plot.add_subparsers(dest="figure", required=True)
    matrix = figures.add_parser(
        "activity-matrix",
        help="ALK mutations × ALK inhibitors, each square activity-profile's verdict",
    )
    matrix.add_argument("--out", type=Path, required=True, help="the file: .svg or .png")
    matrix.add_argument(
        "--source", help="only the claims of this source: its IRI, its label or a word of it"
    )
    matrix.add_argument(
        "--min-level", help="only claims of this evidence level or stronger: A, B, C, D, E, review"
    )
    matrix.add_argument("--agent", help="one column: an ALK inhibitor, by name or IRI")
    matrix.add_argument("--variant", help="one row: a variant, by name (G1202R) or IRI")
    hrs = figures.add_parser(
        "hazard-ratios", help="every hazard ratio with its 95%% CI, by trial and endpoint"
    )
    hrs.add_argument("--out", type=Path, required=True, help="the file: .svg or .png")
    hrs.add_argument("--trial", help="one trial, by name (PROFILE 1014), registry id or IRI")
    for parser in (matrix, hrs):
        parser.add_argument("--site", default=None, help=SITE_HELP)
        remote_args(parser)
        store_arg(parser)


def plot_command(args: argparse.Namespace, store_path: Path) -> int:
    from kg.views import Links, forest_image, matrix_image
    from kg.views.render import output_format
    from kg.views.select import source_select

    fmt = output_format(args.out)
    graph = source(args, store_path)
    select = source_select(graph)
    links = Links(site=args.site.rstrip("/") + "/") if args.site else Links(site=Links().base)
    if args.figure == "activity-matrix":
        agent = _entity(graph, "Substance", args.agent)
        variant = _entity(graph, "Variant", args.variant)
        image = matrix_image(select, fmt, links, args.source, args.min_level, agent, variant)
    else:
        image = forest_image(select, fmt, links, _entity(graph, "ClinicalTrial", args.trial))
    args.out.write_bytes(image)
    print(f"wrote {args.out} ({len(image):,} bytes)")
    return EXIT_OK


def _entity(graph: Source, kind: str, raw: str | None) -> str | None:
    """A name as the named queries resolve it (labels, synonyms, registry ids), or an IRI."""
    if not raw:
        return None
    if raw.startswith(("http://", "https://")):
        return raw
    from kg.query.named import Param
    from kg.query.params import resolve

    return resolve(graph, Param(kind.lower(), kind, False, ""), raw).value


HANDLERS: dict[str, Handler] = {"plot": plot_command}
