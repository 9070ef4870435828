"""Check the sources the way the build does, for curators: `python -m loaders.check [FILE ...]`.

This runs exactly what `alkkg build` runs before it reasons (`kg.build.sources.read_sources` on
the installed sources: the papers with their entities and publications, the mapping set, and
whatever else is installed), so a table it passes is one the build accepts. Every problem is
printed as `file:line: field: message`.

With files named, only their problems are printed (the other tables are still read, since names
resolve across files). Exit status 1 when there is any problem.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.build.sources import Source, SourceOptions, installed_sources, read_sources
from kg.errors import SourceErrors
from kg.resources import seeds_dir


def check(sources: Sequence[Source], options: SourceOptions, wanted: set[str] | None = None) -> int:
    """Print every problem (of the `wanted` files only, if given); the exit status."""
    if options.seeds is None:
        print("warning: seed papers not found (set ALKKG_SEEDS); quotes not checked")
    try:
        read = read_sources(sources, options)
    except SourceErrors as exc:
        errors = [e for e in exc.errors if not wanted or str(Path(e.path).resolve()) in wanted]
        for error in errors:
            print(error)
        print(f"{len(errors)} problem(s)")
        return 1 if errors else 0
    print(f"ok: {read.claims} claims from {', '.join(read.names)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.check", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="only report these files' problems")
    parser.add_argument("--tables", type=Path, help="source tables folder (default: shipped)")
    parser.add_argument("--seeds", type=Path, help="seed papers folder (default: $ALKKG_SEEDS)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    options = SourceOptions(tables=args.tables, seeds=args.seeds or seeds_dir())
    wanted = {str(path.resolve()) for path in args.files}
    return check(installed_sources(), options, wanted)


if __name__ == "__main__":
    raise SystemExit(main())
