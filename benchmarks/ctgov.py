"""ClinicalTrials.gov at scale (issue 18): 1,000 study records read, mapped and loaded.

    python -m benchmarks.ctgov [--records 1000] [--json PATH] [--no-reasoner]

Not a test: it prints the figures (and writes them as JSON with --json).

**How the 1,000 records are made.** The three API v2 examples of `shared/data/ctgov/`
(`$ALKKG_CTGOV_DIR` or `--shared`: two with results, one protocol only) are copied in turn until
there are `--records` of them; copy `c` of a record gets the NCT id `NCT99<c padded to 6>`, its
only change, so no two share an id and none is the id of a real trial the papers name (issued
NCT ids are far below NCT99000000). They are written as the API's list form `{"studies": [...]}`
into a temporary folder, never into the repository. None is one of the papers' trials, so
nothing is compared with the papers: the figure is the reading, mapping and rebuilding.

**What is timed**:
- `parse`: `json.loads` of the file, the floor of any reader;
- `read`: `loaders.ctgov.read.read_studies`, checking each record's identity and date;
- `map`: `loaders.ctgov.mapped`, the records to claims (what `alkkg load` checks first);
- `build`: `alkkg build` into a fresh store (the papers alone), the baseline;
- `load`: `alkkg load ctgov FILE` into that store, as a user runs it (a subprocess, wall time).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(
    os.environ.get("ALKKG_CTGOV_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov"
)
EXAMPLES = ("NCT02210780", "NCT00763412", "NCT03418623")


def replicate(records: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` records: copies of the examples in turn, each with an NCT id of its own."""
    out = []
    for n in range(count):
        record = copy.deepcopy(records[n % len(records)])
        record["protocolSection"]["identificationModule"]["nctId"] = f"NCT99{n:06d}"
        out.append(record)
    return out


def _timed(label: str, figures: dict[str, Any], func: Any) -> Any:
    started = time.perf_counter()
    result = func()
    figures[label] = round(time.perf_counter() - started, 2)
    print(f"{label:<10} {figures[label]:8.2f} s", flush=True)
    return result


def _alkkg(store: Path, *args: str) -> None:
    env = {**os.environ, "ALKKG_STORE": str(store)}
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"alkkg {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def run(count: int, reasoner: bool) -> dict[str, Any]:
    from loaders.ctgov import mapped
    from loaders.ctgov.read import read_studies

    examples = [json.loads((SHARED / f"{nct}.json").read_text()) for nct in EXAMPLES]
    figures: dict[str, Any] = {"records": count, "reasoner": reasoner}
    folder = Path(tempfile.mkdtemp(prefix="alkkg-ctgov-bench-"))
    try:
        path = folder / "ctgov-studies.json"
        path.write_text(json.dumps({"studies": replicate(examples, count)}, indent=2))
        figures["megabytes"] = round(path.stat().st_size / 1e6, 1)
        _timed("parse", figures, lambda: json.loads(path.read_bytes()))
        _timed("read", figures, lambda: read_studies(path))
        _, graph = _timed("map", figures, lambda: mapped(path))
        figures["claims"], figures["triples"] = graph.claims, len(graph.graph)
        flags = [] if reasoner else ["--no-reasoner"]
        store = folder / "store"
        _timed("build", figures, lambda: _alkkg(store, "build", *flags))
        _timed("load", figures, lambda: _alkkg(store, "load", "ctgov", str(path), *flags))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{count} records ({figures['megabytes']} MB): {figures['claims']} claims, "
        f"{figures['triples']} triples; alkkg load ctgov {figures['load']:.1f} s "
        f"(the papers alone build in {figures['build']:.1f} s)"
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ctgov", description=__doc__)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-reasoner", action="store_true", help="skip the consistency check")
    args = parser.parse_args(argv)
    figures = run(args.records, not args.no_reasoner)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
