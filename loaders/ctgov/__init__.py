"""ClinicalTrials.gov study records as a source: `alkkg load ctgov FILE...`, `alkkg fetch ctgov NCT...`.

`alkkg load ctgov FILE` checks a file of API v2 study records (`read.py`: one study, or the API's
`studies` list; the retired classic format is refused) exactly as the build will map it, and
keeps it under `store/sources/ctgov/`; every later build reads it again. With nothing loaded the
source adds nothing. The mapping (`mapping.py`, `results.py`, documented in `README.md` here) joins
a record to the papers' trial with the same registry id; what it could not place is logged as
warnings (`ctgov: ...`), so a load shows it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.build.load import kept_files as load_kept_files
from kg.build.sources import FetchResult, Snapshot, SourceData, SourceOptions
from kg.errors import SourceError, SourceErrors
from loaders import TABLES
from loaders.ctgov.mapping import CtgovGraph, map_studies
from loaders.ctgov.places import Index
from loaders.ctgov.read import Study, read_studies

__all__ = ["CtgovSource", "kept_file", "kept_files", "mapped", "source"]

log = logging.getLogger(__name__)

GRAPH_BASE = "https://w3id.org/alkkg/graph/source/ctgov/"
LICENCE = "https://www.nlm.nih.gov/databases/download/terms_and_conditions.html"
"""NLM's terms and conditions for its data (ClinicalTrials.gov is NLM's): not a licence we name
for it. See README.md here for what they say and where that was read."""
ORIGIN = "https://clinicaltrials.gov/api/v2/studies"


def kept_files(store: Path | None) -> list[Path]:
    """The files the last `alkkg load ctgov` kept in the store, by name."""
    return load_kept_files(store, "ctgov")


def kept_file(store: Path | None) -> Path | None:
    """The file `alkkg load ctgov` kept in the store, when it kept one (the last, by name)."""
    files = kept_files(store)
    return files[-1] if files else None


def snapshot(paths: Sequence[Path], studies: list[Study]) -> Snapshot:
    """The snapshot the kept files are, dated by their newest record's last update (the
    registry's own date of what they hold, whenever they were downloaded)."""
    issued = max(study.last_update for study in studies)
    ids = ", ".join(study.nct_id for study in studies[:5]) + (", ..." if len(studies) > 5 else "")
    files = "; ".join(
        f"{path.name} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}" for path in paths
    )
    return Snapshot(
        graph=f"{GRAPH_BASE}{issued}",
        title=f"ClinicalTrials.gov study records ({len(studies)}: {ids})",
        issued=issued,
        licence=LICENCE,
        origin=ORIGIN,
        version=files,
    )


_last: list[tuple[tuple[object, ...], tuple[list[Study], CtgovGraph]]] = []
"""The last files mapped, by content: `alkkg load` checks a file (`accept`) and then builds with
the copy it kept (`read`), in one process; the second mapping of the same bytes is this one."""


def mapped(
    paths: Path | Sequence[Path], tables: Path | None = None
) -> tuple[list[Study], CtgovGraph]:
    """Read and map one file or several into one graph (raising `SourceErrors` located by file,
    field and NCT id; a study in two files is an error naming both)."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    tables = tables or TABLES
    digests = []
    for path in paths:
        try:
            digests.append((hashlib.sha256(path.read_bytes()).hexdigest(), path.name))
        except OSError:
            digests.append(("", path.name))  # read_studies says why it cannot be read
    key = (tuple(digests), str(tables.resolve()))
    if all(digest for digest, _ in digests) and _last and _last[0][0] == key:
        return _last[0][1]
    read = [(path, read_studies(path)) for path in paths]
    seen: dict[str, Path] = {}
    twice = []
    for path, studies in read:
        for study in studies:
            if study.nct_id in seen:
                twice.append(
                    SourceError(
                        path,
                        None,
                        "protocolSection.identificationModule.nctId",
                        f"{study.nct_id} is also in {seen[study.nct_id].name}: load each record once",
                    )
                )
            seen.setdefault(study.nct_id, path)
    if twice:
        raise SourceErrors(twice)
    index = Index.from_tables(tables)
    graph: CtgovGraph | None = None
    for path, studies in read:
        graph = map_studies(studies, path, index, graph)
    result = [s for _, studies in read for s in studies], graph or CtgovGraph(index)
    _last[:] = [(key, result)]
    return result


@dataclass(frozen=True)
class CtgovSource:
    """ClinicalTrials.gov study records loaded into the store."""

    name: str = "ctgov"
    several_files: bool = True
    """`alkkg load ctgov A.json B.json`: records may come a file each (`alkkg fetch ctgov` into a
    folder writes them so); the build maps every kept file into one snapshot."""

    def read(self, options: SourceOptions) -> SourceData:
        from rdflib import Graph

        paths = kept_files(options.store)
        if not paths:
            return SourceData(Graph())
        studies, result = mapped(paths, options.tables)
        for line in result.report.lines():
            log.warning("ctgov: %s", line)
        return SourceData(result.graph, claims=result.claims, snapshot=snapshot(paths, studies))

    def accept(self, path: Path) -> str:
        """Check the file as the build will read it; the name to keep it under."""
        if not path.is_file():
            raise SourceError(str(path), None, None, "no such file")
        mapped(path)  # what it could not place, the build that follows reports
        return path.name

    def fetch(self, out: Path | None = None, **options: str) -> FetchResult:
        """`alkkg fetch ctgov`: study records from the API v2 into a file `alkkg load` reads."""
        from loaders.ctgov.fetch import fetch

        return fetch(out, **options)


source = CtgovSource()
