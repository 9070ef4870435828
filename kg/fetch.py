"""`alkkg fetch <source>`: download a source's input from its publisher, for `alkkg load`.

`kg` never imports `loaders`, so the source is found by its entry point name (group
`alkkg.sources`) and must be a `FetchableSource`; the download itself (its API, paging, retries,
atomic write) is the source's business. Fetching and loading are separate steps on purpose: the
file fetched is what a release is loaded from, and can be kept, checked and loaded again.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from kg.build.sources import ENTRY_POINT_GROUP, FetchableSource, FetchResult
from kg.errors import UsageError


def _entries() -> dict[str, EntryPoint]:
    return {entry.name: entry for entry in entry_points(group=ENTRY_POINT_GROUP)}


def fetchable_source(name: str) -> FetchableSource:
    """The installed source called `name`, if it can be fetched; a `UsageError` saying which can."""
    entries = _entries()
    if name not in entries:
        raise UsageError(f"no source named {name!r}; installed: {', '.join(sorted(entries))}")
    source = entries[name].load()
    if not isinstance(source, FetchableSource):
        fetchable = sorted(
            other
            for other, entry in entries.items()
            if other != name and isinstance(entry.load(), FetchableSource)
        )
        raise UsageError(
            f"source {name!r} cannot be fetched (its input is curated here or loaded from a "
            f"file); fetchable: {', '.join(fetchable) or 'none installed'}"
        )
    return source


def fetch(name: str, out: Path | None = None, **options: str) -> FetchResult:
    """Fetch source `name` into `out` (None: the source's dated file name, here)."""
    return fetchable_source(name).fetch(out, **options)
