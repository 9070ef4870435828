"""The curated papers: `entities.yaml`, `papers/<seed>.yaml` and `publications.yaml`.

Reading (`tables.load`) checks every row; `graph.to_graph` turns the checked tables into RDF,
each row a claim written through `loaders.claims`. `source` is what the build is handed (entry
point `alkkg.sources: papers`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.build.sources import SourceData, SourceOptions
from loaders import TABLES
from loaders.papers.graph import to_graph
from loaders.papers.tables import Tables, load

__all__ = ["PapersSource", "Tables", "load", "source", "to_graph"]


@dataclass(frozen=True)
class PapersSource:
    """The curated paper tables as a source of the graph."""

    name: str = "papers"

    def read(self, options: SourceOptions) -> SourceData:
        tables = options.tables or TABLES
        checked = load(tables, options.seeds)
        return SourceData(to_graph(checked, tables), claims=len(checked.claims))


source = PapersSource()
