"""The embedded store: pyoxigraph on disk, one folder per release, switched atomically.

Layout under the store path:

    releases/<stamp>/   an Oxigraph database, written once by a build
    current             a symlink to the release that queries use
    build.lock          held by a build while it runs
    imports/<name>.nq   external ontology modules (`alkkg import`), loaded into every release

A build writes a new release and only then repoints `current` (an atomic rename), so a failed or
killed build leaves the previous graph untouched, and readers never see a half-written one.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

import pyoxigraph as ox

from kg.errors import StoreError

KEEP_RELEASES = 2

#: Any RDF term a store returns: pyoxigraph has no name for the union.
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def current_release(store_path: Path) -> Path:
    link = store_path / "current"
    if not link.exists():
        raise StoreError(f"no graph built at {store_path}: run `alkkg build` first")
    return link.resolve()


def open_store(store_path: Path) -> ox.Store:
    """Open the current release read-only (several readers may share it)."""
    return ox.Store.read_only(str(current_release(store_path)))


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The solutions of a SELECT query.

    `Store.query` returns solutions, a boolean or triples depending on the query's form; our own
    queries know their form, and a mismatch is a bug in the query text, not in the data.
    """
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:200]}")
    return result


def ask(store: ox.Store, query: str) -> bool:
    """The answer to an ASK query (see `select`)."""
    result = store.query(query)
    if not isinstance(result, ox.QueryBoolean):
        raise TypeError(f"not an ASK query: {query[:200]}")
    return bool(result)


def construct(store: ox.Store, query: str) -> ox.QueryTriples:
    """The triples of a CONSTRUCT or DESCRIBE query (see `select`)."""
    result = store.query(query)
    if not isinstance(result, ox.QueryTriples):
        raise TypeError(f"not a CONSTRUCT query: {query[:200]}")
    return result


def default_graph_ntriples(store: ox.Store) -> bytes:
    """The store's default graph (the built graph, without imported modules) as N-Triples."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    if data is None:  # pyoxigraph returns None only when given a file to write to
        raise TypeError("Store.dump wrote to a file instead of returning the data")
    return data


def release_info(store_path: Path) -> dict[str, Any]:
    info: dict[str, Any] = json.loads((current_release(store_path) / "release.json").read_text())
    return info


@contextmanager
def build_lock(store_path: Path) -> Iterator[None]:
    """Serialise builds: a second build fails at once with a clear message."""
    store_path.mkdir(parents=True, exist_ok=True)
    with open(store_path / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"another build is writing {store_path}; try again when it ends"
            ) from None
        yield


def write_release(store_path: Path, ntriples: bytes, info: dict[str, Any]) -> Path:
    """Load N-Triples into a new release and make it current. Call under `build_lock`.

    The imported ontology modules (`imports/*.nq`, see `kg.build.imports`) go into every release, each
    in its named graph, so a rebuild keeps them.
    """
    releases = store_path / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    release = releases / stamp
    store = ox.Store(str(release))
    try:
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        for module in sorted((store_path / "imports").glob("*.nq")):
            store.bulk_load(path=str(module), format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
    finally:
        del store
    (release / "release.json").write_text(json.dumps(info, indent=2))
    link = store_path / "current"
    tmp_link = store_path / f".current-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(release.relative_to(store_path))
    os.replace(tmp_link, link)
    _prune(releases, keep=release)
    return release


def _prune(releases: Path, keep: Path) -> None:
    """Remove all but the newest releases (a reader may still hold the previous one)."""
    old = sorted(p for p in releases.iterdir() if p.is_dir() and p != keep)
    for path in old[: max(0, len(old) - (KEEP_RELEASES - 1))]:
        shutil.rmtree(path, ignore_errors=True)
