"""CIViC evidence (CC0) as a source: `alkkg load civic FILE`, kept in the store, read at every build.

`alkkg load civic FILE` checks the file (`accept`: read and mapped exactly as the build will) and
keeps it under `store/sources/civic/`; every build then reads the kept file (`read`). With no
store, or nothing loaded, the source contributes nothing: CIViC is optional. The mapping onto our
model is `mapping.py` (documented in `README.md` here); what it skipped or could not place is
logged (warnings, so a build shows them) with the evidence ids.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from kg.build.load import kept_files
from kg.build.sources import FetchResult, Snapshot, SourceData, SourceOptions
from kg.errors import SourceError
from loaders import TABLES
from loaders.civic.mapping import CivicGraph, map_items
from loaders.civic.places import Places

__all__ = ["CivicSource", "kept_file", "source"]

log = logging.getLogger(__name__)

GRAPH_BASE = "https://w3id.org/alkkg/graph/source/civic/"
LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/"
ORIGIN = "https://civicdb.org/api/graphql"
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def kept_file(store: Path | None) -> Path | None:
    """The file `alkkg load civic` kept in the store (the newest, should there be several)."""
    files = sorted(kept_files(store, "civic"), key=lambda p: (p.stat().st_mtime, p.name))
    return files[-1] if files else None


def snapshot(path: Path, data: bytes) -> Snapshot:
    """The snapshot a file is. Its date is the one in the file's name (CIViC's exports and
    `alkkg fetch civic` write it there: the day the API was read); a file without one is dated
    by its modification time. The items carry no dates of their own in the GraphQL export."""
    found = _DATE.search(path.name)
    issued = found[1] if found else time.strftime("%Y-%m-%d", time.gmtime(path.stat().st_mtime))
    return Snapshot(
        graph=f"{GRAPH_BASE}{issued}",
        title="CIViC evidence items (ALK)",
        issued=issued,
        licence=LICENCE,
        origin=ORIGIN,
        version=f"{path.name} sha256:{hashlib.sha256(data).hexdigest()[:16]}",
    )


def mapped(path: Path, tables: Path | None = None) -> CivicGraph:
    """Read and map one file (raising `SourceErrors` located by file and evidence id)."""
    from loaders.civic.read import read_evidence  # the readers of both published forms

    items = read_evidence(path)
    return map_items(items, Places.from_tables(tables or TABLES))


@dataclass(frozen=True)
class CivicSource:
    """CIViC evidence items loaded into the store."""

    name: str = "civic"

    def read(self, options: SourceOptions) -> SourceData:
        from rdflib import Graph

        path = kept_file(options.store)
        if path is None:
            return SourceData(Graph())
        result = mapped(path, options.tables)
        for line in result.report.lines():
            log.warning("civic: %s", line)
        return SourceData(
            result.graph, claims=result.claims, snapshot=snapshot(path, path.read_bytes())
        )

    def accept(self, path: Path) -> str:
        """Check the file as the build will read it; the name to keep it under."""
        if not path.is_file():
            raise SourceError(str(path), None, None, "no such file")
        mapped(path)  # what it could not place, the build that follows reports
        return path.name

    def fetch(self, out: Path | None = None, **options: str) -> FetchResult:
        """`alkkg fetch civic`: CIViC's GraphQL API into a file `alkkg load civic` reads."""
        from loaders.civic.fetch import fetch

        return fetch(out, **options)


source = CivicSource()
