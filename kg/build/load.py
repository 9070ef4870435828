"""`alkkg load <source> FILE`: keep a source's input in the store and build a release with it.

Some sources are not shipped with the package but loaded by a user (CIViC's evidence export).
The source checks the file exactly as the build will read it (`LoadableSource.accept`), the file
is kept under `store/sources/<name>/` (replacing that source's previous file), and a full build
runs with the installed sources, which read the kept file; every later `alkkg build` reads it
again, as `alkkg import` keeps ontologies. If the check or the build fails, the previous file is
put back and the previous release stays current: a failed load loses nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.build.pipeline import BuildResult, build
from kg.build.sources import LoadableSource, Source, installed_sources
from kg.errors import UsageError
from kg.store import build_lock


def sources_dir(store_path: Path, name: str) -> Path:
    """Where a loadable source's kept input lives."""
    return store_path / "sources" / name


def loadable(name: str, sources: Sequence[Source]) -> LoadableSource:
    """The installed source called `name`, if a user can load a file into it."""
    found = {s.name: s for s in sources}
    if name not in found:
        raise UsageError(f"no source called {name!r}; installed: {', '.join(sorted(found))}")
    source = found[name]
    if not isinstance(source, LoadableSource):
        choices = sorted(s.name for s in sources if isinstance(s, LoadableSource))
        raise UsageError(
            f"source {name!r} is not loaded from a file; loadable: {', '.join(choices) or 'none'}"
        )
    return source


def load(
    name: str,
    path: Path,
    store_path: Path,
    sources: Sequence[Source] | None = None,
    *,
    tables: Path | None = None,
    seeds: Path | None = None,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Check `path`, keep it as source `name`'s input, and build; all or nothing."""
    chosen = list(installed_sources() if sources is None else sources)
    source = loadable(name, chosen)
    keep_as = source.accept(path)
    if not keep_as or Path(keep_as).name != keep_as or keep_as.startswith("."):
        raise UsageError(f"source {name!r} asked to keep {path} under a bad name {keep_as!r}")
    kept = sources_dir(store_path, name)
    kept.mkdir(parents=True, exist_ok=True)
    with build_lock(store_path):  # no build reads the folder while it changes
        backup = Path(tempfile.mkdtemp(prefix=".previous-", dir=kept))
        for previous in kept.iterdir():
            if previous != backup:
                os.replace(previous, backup / previous.name)
        incoming = kept / f".incoming-{os.getpid()}"
        shutil.copyfile(path, incoming)
        os.replace(incoming, kept / keep_as)
    log(f"kept {path} as {kept / keep_as}")
    try:
        result = build(store_path, chosen, tables=tables, seeds=seeds, reasoner=reasoner, log=log)
    except BaseException:
        _restore(kept, backup)
        log(f"build failed: {path} not kept; the previous release is still current")
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return result


def _restore(kept: Path, backup: Path) -> None:
    """Put the source's previous files back, as they were before the load."""
    for current in kept.iterdir():
        if current == backup:
            continue
        if current.is_dir():
            shutil.rmtree(current)
        else:
            current.unlink()
    for previous in backup.iterdir():
        os.replace(previous, kept / previous.name)
    backup.rmdir()
