"""The embedded store: pyoxigraph on disk, one folder per release, switched atomically.

Layout under the store path:

    releases/<stamp>/   an Oxigraph database, written once by a build, with its release.json
    current             a symlink to the release that queries use
    build.lock          held by a build while it runs
    imports/<name>.nq   external ontology modules (`alkkg import`), loaded into every release

A build writes a new release and only then repoints `current` (an atomic rename), so a failed or
killed build leaves the previous graph untouched, and readers never see a half-written one.

A release's default graph is the built graph the queries read. Its named graphs are the imported
modules (`graph/import/<name>`) and one graph per source snapshot (`graph/source/<name>/<version>`:
that source's asserted triples and a description of the snapshot), which `alkkg releases` lists
and `alkkg diff` compares.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import pyoxigraph as ox

from kg.errors import StoreError, UsageError
from kg.vocab import BASE

KEEP_RELEASES = 2
"""The current release and the one before it: what `alkkg diff` compares by default, and what a
reader that opened the graph before a build may still hold. An older release is pruned."""

SOURCE_GRAPH = BASE + "graph/source/"
"""The prefix of every source snapshot's named graph."""

CLAIMS_FILE = "claims.tsv"
"""A release's claim index: per claim, its snapshot graph and digests of its triples there."""
CLAIM = BASE + "ontology/Claim"
LOCATION_ONLY = frozenset({BASE + "ontology/sourceRow"})
"""Where a claim's row is, not what it says: digested apart, so a row that only moved in its
table (a row above it added or removed) is not an edit."""
_LOCATION = frozenset(f"<{p}>".encode() for p in LOCATION_ONLY)
_MASK = (1 << 64) - 1
_MAX_DEPTH = 16

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


def default_graph_size(store: ox.Store) -> int:
    """How many triples the default graph (the built graph) holds; `len(store)` counts every
    graph, the source snapshots and imports included."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def source_graphs_nquads(store: ox.Store) -> bytes:
    """The source snapshot graphs as N-Quads: what a new release made from this one's default
    graph (`alkkg import`) must carry over, as the build wrote them."""
    quads = [
        quad
        for graph in store.named_graphs()
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(SOURCE_GRAPH)
        for quad in store.quads_for_pattern(None, None, None, graph)
    ]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


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


def write_release(
    store_path: Path,
    ntriples: bytes,
    info: dict[str, Any],
    graphs: bytes = b"",
    files: dict[str, bytes] | None = None,
) -> Path:
    """Load N-Triples (the default graph) and N-Quads `graphs` (the source snapshots) into a new
    release, write `files` (the claim index) beside it, and make it current. Call under
    `build_lock`.

    The imported ontology modules (`imports/*.nq`, see `kg.build.imports`) go into every release, each
    in its named graph, so a rebuild keeps them. A release is complete once its `release.json` is
    written; a failed write removes its folder, so a later prune never keeps a broken release in
    place of the previous one.
    """
    releases = store_path / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    release = releases / stamp
    again = 1
    while release.exists():  # two releases in one second (a build, then an import)
        again += 1
        release = releases / f"{stamp}-{again}"
    try:
        store = ox.Store(str(release))
        try:
            store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
            if graphs:
                store.bulk_load(graphs, format=ox.RdfFormat.N_QUADS)
            for module in sorted((store_path / "imports").glob("*.nq")):
                store.bulk_load(path=str(module), format=ox.RdfFormat.N_QUADS)
            store.flush()
            store.optimize()
        finally:
            del store
        for name, data in (files or {}).items():
            (release / name).write_bytes(data)
        (release / "release.json").write_text(json.dumps(info, indent=2))
    except BaseException:
        shutil.rmtree(release, ignore_errors=True)
        raise
    link = store_path / "current"
    tmp_link = store_path / f".current-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(release.relative_to(store_path))
    os.replace(tmp_link, link)
    _prune(releases, keep=release)
    return release


def _prune(releases: Path, keep: Path) -> None:
    """Remove all but the newest KEEP_RELEASES releases (a reader may still hold the previous
    one, and `alkkg diff` compares it with the current), and any folder a killed build left
    without its release.json (called under the build lock: no build is writing one)."""
    old = sorted(
        p for p in releases.iterdir() if p.is_dir() and p != keep and (p / "release.json").exists()
    )
    broken = [p for p in releases.iterdir() if p.is_dir() and not (p / "release.json").exists()]
    for path in [*old[: max(0, len(old) - (KEEP_RELEASES - 1))], *broken]:
        shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class Release:
    """One release on disk, as `alkkg releases` lists it and `alkkg diff` names it."""

    name: str
    """The folder name under `releases/` (its build time and process id)."""
    path: Path
    info: dict[str, Any]
    """Its release.json: version, built, triples, claims."""
    current: bool


def list_releases(store_path: Path) -> list[Release]:
    """The store's complete releases, oldest first (folder names start with the build time)."""
    folder = store_path / "releases"
    link = store_path / "current"
    current = link.resolve() if link.exists() else None
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        info_file = path / "release.json"
        if path.is_dir() and info_file.exists():
            info = json.loads(info_file.read_text())
            found.append(Release(path.name, path, info, path.resolve() == current))
    return found


_RELEASE_NAME = re.compile(r"\d{8}T\d{6}-\d+(-\d+)?")
"""A release folder's whole name: its time stamp, the building process, and a count when two
releases were written in the same second (`write_release`)."""


def find_release(store_path: Path, name: str) -> Release:
    """The release called `name`: a folder name, a unique start of one, `current`, or
    `previous` (the newest one before the current). Anything else is a usage error that lists
    the releases there are."""
    releases = list_releases(store_path)
    if not releases:
        raise StoreError(f"no graph built at {store_path}: run `alkkg build` first")
    index = next((i for i, r in enumerate(releases) if r.current), len(releases) - 1)
    if name == "current":
        return releases[index]
    if name == "previous":
        if index == 0:
            raise UsageError(
                f"there is no release before the current one ({releases[index].name}) in "
                f"{store_path}: build again to have two to compare"
            )
        return releases[index - 1]
    matches = [r for r in releases if r.name == name]
    if not matches and not _RELEASE_NAME.fullmatch(name):
        # A whole name never stands for a longer one: a pruned `T-PID` is not `T-PID-2`.
        matches = [r for r in releases if r.name.startswith(name)]
    if len(matches) != 1:
        known = ", ".join(r.name + (" (current)" if r.current else "") for r in releases)
        problem = "matches several releases" if matches else "no such release"
        raise UsageError(f"{name!r}: {problem}; the releases are {known}, previous, current")
    return matches[0]


_SNAPSHOTS = f"""PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?graph ?title ?issued ?licence ?origin ?version ?triples WHERE {{
  GRAPH ?graph {{
    ?graph a void:Dataset .
    OPTIONAL {{ ?graph dcterms:title ?title }}
    OPTIONAL {{ ?graph dcterms:issued ?issued }}
    OPTIONAL {{ ?graph dcterms:license ?licence }}
    OPTIONAL {{ ?graph prov:wasDerivedFrom ?origin }}
    OPTIONAL {{ ?graph owl:versionInfo ?version }}
    OPTIONAL {{ ?graph void:triples ?triples }}
  }}
  FILTER(STRSTARTS(STR(?graph), "{SOURCE_GRAPH}"))
}} ORDER BY ?graph"""


def snapshot_name(graph: str) -> str:
    """The source a snapshot graph belongs to (`graph/source/<name>/<version>` -> name)."""
    return graph.removeprefix(SOURCE_GRAPH).split("/", 1)[0]


def snapshots(store: ox.Store) -> list[dict[str, str]]:
    """The source snapshots a release holds, as their graphs describe them: name, graph, title,
    issued, licence, origin, version and triples (absent ones are empty strings)."""
    rows = []
    for row in select(store, _SNAPSHOTS):
        values: dict[str, str] = {}
        for key in ("graph", "title", "issued", "licence", "origin", "version", "triples"):
            term = row[key]
            values[key] = "" if term is None else term.value
        values["name"] = snapshot_name(values["graph"])
        rows.append(values)
    return rows


def release_files(store_path: Path) -> dict[str, bytes]:
    """The files beside the current release's database (its claim index) that a release made
    from it (`alkkg import`) carries over."""
    index = current_release(store_path) / CLAIMS_FILE
    return {CLAIMS_FILE: index.read_bytes()} if index.exists() else {}


@dataclass
class ClaimDigest:
    """One claim in one release: its snapshot graph ("" for the default graph) and
    order-independent digests of its triples there, what it says and where its row is."""

    graph: str
    content: int = 0
    location: int = 0

    def add(self, predicate: bytes, value: bytes) -> None:
        digest = int.from_bytes(
            hashlib.blake2b(predicate + b" " + value, digest_size=8).digest(), "big"
        )
        if predicate in _LOCATION:
            self.location = (self.location + digest) & _MASK
        else:
            self.content = (self.content + digest) & _MASK


def _contents(node: bytes, bnodes: dict[bytes, list[tuple[bytes, bytes]]], depth: int) -> bytes:
    """A blank node as its sorted contents, recursively, so its label does not matter."""
    if depth > _MAX_DEPTH:
        return b"[...]"
    inner = sorted(
        p + b" " + (_contents(o, bnodes, depth + 1) if o.startswith(b"_:") else o)
        for p, o in bnodes.get(node, [])
    )
    return b"[" + b" ; ".join(inner) + b"]"


def digest_claims(
    lines: Iterable[bytes], claims: set[bytes], graph: str, into: dict[str, ClaimDigest]
) -> None:
    """Digest the claims (`<iri>` as N-Triples writes it) of one graph's N-Triples `lines`.

    The build runs this on each snapshot graph it writes, and `alkkg diff` on a release that
    has no index; a line's subject and predicate never hold a space, so a split finds them.
    """
    bnodes: dict[bytes, list[tuple[bytes, bytes]]] = {}
    nested: list[tuple[ClaimDigest, bytes, bytes]] = []
    for line in lines:
        line = line.rstrip(b"\r\n")
        if not line:
            continue
        subject, predicate, rest = line.split(b" ", 2)
        value = rest[:-2]  # without " ."
        if subject.startswith(b"_:"):
            bnodes.setdefault(subject, []).append((predicate, value))
            continue
        if subject not in claims:
            continue
        claim = into.setdefault(subject[1:-1].decode(), ClaimDigest(graph))
        if value.startswith(b"_:"):
            nested.append((claim, predicate, value))
        else:
            claim.add(predicate, value)
    for claim, predicate, value in nested:
        claim.add(predicate, _contents(value, bnodes, 0))


def claim_index(digests: dict[str, ClaimDigest]) -> bytes:
    """The claim index as written beside a release: `iri graph content location`, tab-separated."""
    return "".join(
        f"{iri}\t{d.graph}\t{d.content:016x}\t{d.location:016x}\n"
        for iri, d in sorted(digests.items())
    ).encode()


def read_claim_index(release: Path) -> dict[str, ClaimDigest] | None:
    """A release's claim index, or None if it was written without one."""
    path = release / CLAIMS_FILE
    if not path.exists():
        return None
    found = {}
    for line in path.read_text().splitlines():
        iri, graph, content, location = line.split("\t")
        found[iri] = ClaimDigest(graph, int(content, 16), int(location, 16))
    return found
