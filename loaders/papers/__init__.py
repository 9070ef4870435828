"""The curated papers: `entities.yaml`, `papers/<seed>.yaml` and `publications.yaml`.

Reading (`tables.load`) checks every row; `graph.to_graph` turns the checked tables into RDF,
each row a claim written through `loaders.claims`. `source` is what the build is handed (entry
point `alkkg.sources: papers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg import __version__
from kg.build.sources import Snapshot, SourceData, SourceOptions
from loaders import TABLES
from loaders.papers.graph import to_graph
from loaders.papers.tables import Tables, load

__all__ = ["PapersSource", "Tables", "load", "snapshot", "source", "to_graph"]

SNAPSHOT_GRAPH = "https://w3id.org/alkkg/graph/source/papers/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
"""The curated tables' licence, as the ontology's `dcterms:license` and the README say."""


def snapshot(tables: Path | None = None) -> Snapshot:
    """The papers snapshot: the tables of this alkkg version, in graph `.../papers/<version>`.

    The tables carry no date of their own, so `issued` is the build date. The project publishes
    no URL (none in pyproject.toml or the README), so the origin is the package name and version
    for the shipped tables, or the folder given with `--tables`.
    """
    origin = f"alkkg {__version__}" if tables is None else str(tables)
    return Snapshot(
        graph=SNAPSHOT_GRAPH + __version__,
        title="alkkg curated paper tables",
        issued=date.today().isoformat(),
        licence=LICENCE,
        origin=origin,
        version=__version__,
    )


@dataclass(frozen=True)
class PapersSource:
    """The curated paper tables as a source of the graph."""

    name: str = "papers"

    def read(self, options: SourceOptions) -> SourceData:
        tables = options.tables or TABLES
        checked = load(tables, options.seeds)
        return SourceData(
            to_graph(checked, tables),
            claims=len(checked.claims),
            snapshot=snapshot(options.tables),
        )


source = PapersSource()
