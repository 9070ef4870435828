"""The sources of the graph, one module per source, each handed to the build as a
`kg.build.sources.Source` (entry points `alkkg.sources` in pyproject.toml): `papers` (the curated
paper tables), `mappings` (the SSSOM mapping set), and two a user loads into the store: `civic`
(CIViC evidence, `alkkg load civic FILE`) and `ctgov` (ClinicalTrials.gov study records, `alkkg
load ctgov FILE`). The curated tables ship in `tables/`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.build.sources import Source

TABLES = Path(__file__).resolve().parent / "tables"
"""The curated source tables shipped with the package."""


def sources() -> list[Source]:
    """This package's sources, as `pyproject.toml` declares them to the build (entry points
    `alkkg.sources`): for tests and benchmarks run from a checkout whose metadata may be stale."""
    from loaders.civic import source as civic
    from loaders.ctgov import source as ctgov
    from loaders.mappings import source as mappings
    from loaders.papers import source as papers

    return [civic, ctgov, mappings, papers]
