"""`alkkg load <source> FILE...`: keep a source's input in the store and build a release with it.

Some sources are not shipped with the package but loaded by a user (CIViC's evidence export,
ClinicalTrials.gov records). The source checks each file exactly as the build will read it
(`LoadableSource.accept`), the files are kept under `store/sources/<name>/` (replacing what that
source had: a load gives the source's whole input, so the snapshot is what was loaded, never a
mix of loads), and a full build runs with the installed sources, which read the kept files;
every later `alkkg build` reads them again, as `alkkg import` keeps ontologies. If a check or
the build fails, the previous files are put back and the previous release stays current: a
failed load loses nothing. A source takes several files at once only when it says so
(`several_files`): CIViC's export is one whole snapshot, registry records come a file each.
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


def kept_files(store_path: Path | None, name: str) -> list[Path]:
    """The files the last `alkkg load <name>` kept (none without a store), by name; what a
    load is busy with (dot files) is not among them."""
    if store_path is None or not sources_dir(store_path, name).is_dir():
        return []
    kept = sources_dir(store_path, name).iterdir()
    return sorted(p for p in kept if p.is_file() and not p.name.startswith("."))


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
    paths: Path | Sequence[Path],
    store_path: Path,
    sources: Sequence[Source] | None = None,
    *,
    tables: Path | None = None,
    seeds: Path | None = None,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Check `paths`, keep them as source `name`'s input, and build; all or nothing."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    chosen = list(installed_sources() if sources is None else sources)
    source = loadable(name, chosen)
    if not paths:
        raise UsageError(f"alkkg load {name}: no file given")
    if len(paths) > 1 and not getattr(source, "several_files", False):
        raise UsageError(
            f"source {name!r} takes one file (its input is one whole snapshot); got {len(paths)}"
        )
    names: dict[str, Path] = {}
    for path in paths:
        keep_as = source.accept(path)
        if not keep_as or Path(keep_as).name != keep_as or keep_as.startswith("."):
            raise UsageError(f"source {name!r} asked to keep {path} under a bad name {keep_as!r}")
        if keep_as in names:
            raise UsageError(f"{names[keep_as]} and {path} would both be kept as {keep_as!r}")
        names[keep_as] = path
    kept = sources_dir(store_path, name)
    kept.mkdir(parents=True, exist_ok=True)
    with build_lock(store_path):  # no build reads the folder while it changes
        backup = Path(tempfile.mkdtemp(prefix=".previous-", dir=kept))
        for previous in kept.iterdir():
            if previous != backup:
                os.replace(previous, backup / previous.name)
        for keep_as, path in names.items():
            incoming = kept / f".incoming-{os.getpid()}"
            shutil.copyfile(path, incoming)
            os.replace(incoming, kept / keep_as)
            log(f"kept {path} as {kept / keep_as}")
    try:
        result = build(store_path, chosen, tables=tables, seeds=seeds, reasoner=reasoner, log=log)
    except BaseException:
        _restore(kept, backup)
        given = ", ".join(str(path) for path in paths)
        log(f"build failed: {given} not kept; the previous release is still current")
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
