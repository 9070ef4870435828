"""`alkkg releases`: the store's releases, and which source snapshots each was built from.

The snapshots are read from each release's own named graphs (their `void:Dataset` descriptions),
not from release.json, so the list says what the graph holds. A release written before the
snapshot graphs existed lists none, and says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import list_releases, snapshots


def describe_releases(store_path: Path) -> list[dict[str, Any]]:
    """Each release, oldest first: name, version, built, triples, claims, current, sources."""
    releases = list_releases(store_path)
    if not releases:
        raise StoreError(f"no graph built at {store_path}: run `alkkg build` first")
    described = []
    for release in releases:
        store = ox.Store.read_only(str(release.path))
        try:
            sources = snapshots(store)
        finally:
            del store
        described.append(
            {
                "name": release.name,
                "version": release.info.get("version", ""),
                "built": release.info.get("built", ""),
                "triples": release.info.get("triples"),
                "claims": release.info.get("claims"),
                "current": release.current,
                "sources": [
                    {k: s[k] for k in ("name", "version", "issued", "licence", "graph", "triples")}
                    for s in sources
                ],
            }
        )
    return described


def releases_table(described: list[dict[str, Any]]) -> str:
    """One line per release (the current one marked `*`), then one indented line per source."""
    lines = []
    for r in described:
        mark = "*" if r["current"] else " "
        lines.append(
            f"{mark} {r['name']}  alkkg {r['version']}  built {r['built']}  "
            f"{r['triples']} triples  {r['claims']} claims"
            + ("  (current)" if r["current"] else "")
        )
        if not r["sources"]:
            lines.append("    (no source snapshot graphs: written before releases had them)")
        for s in r["sources"]:
            lines.append(
                f"    {s['name']}  {s['version'] or '-'}  issued {s['issued'] or '-'}  "
                f"{s['triples'] or '?'} triples  licence {s['licence'] or '-'}"
            )
    return "\n".join(lines)


def releases_text(store_path: Path, fmt: str = "table") -> str:
    """`alkkg releases`: the table, or (`json`) the list `describe_releases` gives."""
    described = describe_releases(store_path)
    return json.dumps(described, indent=2) if fmt == "json" else releases_table(described)
