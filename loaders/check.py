"""Check the source tables the way the build does, for curators: `python -m loaders.check [FILE ...]`.

Every table the build reads is checked here as the build checks it: the entities and papers, the
publications, and the mapping set (whose subjects must be entities of the graph).

With files named, only their problems are printed (the other tables are still read, since names
resolve across files). Exit status 1 when there is any problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.resources import seeds_dir, tables_dir
from loaders.rdf import to_graph
from loaders.tables import SourceErrors, load


def main(argv: list[str] | None = None) -> int:
    wanted = {str(Path(a).resolve()) for a in (sys.argv[1:] if argv is None else argv)}
    seeds = seeds_dir()
    if seeds is None:
        print("warning: seed papers not found (set ALKKG_SEEDS); quotes not checked")
    try:
        tables = load(tables_dir(), seeds)
        to_graph(tables, tables_dir())  # the mapping set's subjects are checked against the graph
    except SourceErrors as exc:
        errors = [e for e in exc.errors if not wanted or str(Path(e.path).resolve()) in wanted]
        for error in errors:
            print(error)
        print(f"{len(errors)} problem(s)")
        return 1 if errors else 0
    print(f"ok: {len(tables.claims)} claims in {len(tables.papers)} papers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
