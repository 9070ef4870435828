"""`alkkg diff`: the claims added, removed and changed between two releases of the store.

It lives with the queries, not the build: it only reads releases already on disk, as `alkkg
stats` does, and never writes one.

A claim is a node typed `alkkg:Claim` in a release's default graph (the build materialises that
type for every subclass). What a claim says is read from its source snapshot's named graph
(`kg.store.SOURCE_GRAPH`), where the source's asserted triples are kept apart from what the build
derives: so a contradiction the rule newly finds, or an inference, does not make every claim it
touches look edited. A release written before the snapshot graphs existed has only its default
graph; then both releases are compared on their default graphs, and the result says so.

Compared are the sets of triples about each claim IRI. Blank nodes are compared by what they
hold (recursively), never by their labels, which differ between any two stores. A claim whose
only difference is `alkkg:sourceRow` (its row moved in the table because a row above it was added
or removed) is not "changed": it is counted as moved, and listed under `moved`.

Each claim is reduced to two order-independent digests of its triples (what it says; where its
row is), which the build writes beside the release (`claims.tsv`, `kg.store.claim_index`), so a
diff reads two small files and looks up in the stores only the claims that differ. Reading every
claim's triples back from an on-disk store costs about 9 µs a quad (each term is a dictionary
lookup): at 100× scale, 1.8 million quads per release, that was 86 s and 3 GB. A release written
without an index is streamed instead: each graph dumped to a temporary file and digested line by
line, in constant memory per claim.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.prefixes import short_name
from kg.store import (
    CLAIM,
    SOURCE_GRAPH,
    ClaimDigest,
    Release,
    Term,
    digest_claims,
    find_release,
    read_claim_index,
    select,
    snapshot_name,
    snapshots,
)
from kg.vocab import RDF, RDFS

TYPE = str(RDF.type)
LABEL = str(RDFS.label)
MAX_DEPTH = 16
"""How deep blank nodes nest before the comparison stops following them (a cycle guard)."""


class _Release:
    """An open release: its claims streamed and hashed, and its blank nodes' contents cached."""

    def __init__(self, release: Release, named: bool) -> None:
        self.release = release
        self.store = ox.Store.read_only(str(release.path))
        self.named = named
        self._bnodes: dict[str, str] = {}

    def source_graphs(self) -> list[str]:
        return sorted(
            g.value
            for g in self.store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(SOURCE_GRAPH)
        )

    def key(self, term: Term, graph: str, depth: int = 0) -> str:
        """A term as text that is equal in two stores when the term is the same: N-Triples for
        IRIs and literals, a blank node's sorted contents for a blank node."""
        if not isinstance(term, ox.BlankNode):
            return str(term)
        cached = self._bnodes.get(term.value)
        if cached is not None:
            return cached
        if depth > MAX_DEPTH:
            return "[…]"
        inner = sorted(
            f"{q.predicate} {self.key(q.object, graph, depth + 1)}"
            for q in self.store.quads_for_pattern(term, None, None, self._graph(graph))
        )
        text = "[" + " ; ".join(inner) + "]"
        self._bnodes[term.value] = text
        return text

    def _graph(self, graph: str) -> ox.NamedNode | ox.DefaultGraph:
        return ox.NamedNode(graph) if graph else ox.DefaultGraph()

    def claims(self) -> dict[str, ClaimDigest]:
        """Every claim and its digests: from the index the build wrote beside the release, or
        (a release written without one) streamed from the store, each graph dumped to a
        temporary N-Triples file and read line by line."""
        index = read_claim_index(self.release.path) if self.named else None
        return self.stream() if index is None else index

    def stream(self) -> dict[str, ClaimDigest]:
        """The claims' digests read from the store itself (see `claims`)."""
        iris = {
            str(row["c"]).encode()
            for row in select(self.store, f"SELECT ?c WHERE {{ ?c a <{CLAIM}> }}")
        }
        found: dict[str, ClaimDigest] = {}
        for graph in self.source_graphs() if self.named else [""]:
            with tempfile.TemporaryFile() as dump:
                self.store.dump(dump, format=ox.RdfFormat.N_TRIPLES, from_graph=self._graph(graph))
                dump.seek(0)
                digest_claims(dump, iris, graph, found)
        return found

    def about(self, iri: str, graph: str) -> dict[str, dict[str, Term]]:
        """The claim's triples: for each property, its values by their comparison key."""
        values: dict[str, dict[str, Term]] = {}
        for quad in self.store.quads_for_pattern(ox.NamedNode(iri), None, None, self._graph(graph)):
            values.setdefault(quad.predicate.value, {})[self.key(quad.object, graph)] = quad.object
        return values


def term_json(term: Term, key: str) -> dict[str, str]:
    """A value as the W3C SPARQL JSON results write a term; a blank node by its contents."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "bnode", "value": key}


def _short(term: dict[str, str]) -> str:
    if term["type"] == "uri":
        return short_name(term["value"])
    return " ".join(term["value"].split())


@dataclass
class Diff:
    """What changed between two releases, claim by claim, and a summary per source."""

    old: Release
    new: Release
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old.name,
            "new": self.new.name,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "moved": self.moved,
            "sources": self.sources,
            **({"note": self.note} if self.note else {}),
        }

    def table(self) -> str:
        """For a person at a terminal: the per-source summary, then each claim."""

        def name(release: Release) -> str:
            return release.name + (" (current)" if release.current else "")

        lines = [f"diff {name(self.old)} -> {name(self.new)}"]
        if self.note:
            lines.append(f"note: {self.note}")
        for s in self.sources:
            lines.append(
                f"  {s['source']}: {s['old'] or '-'} -> {s['new'] or '-'}: {s['added']} added, "
                f"{s['removed']} removed, {s['changed']} changed, {s['moved']} moved"
            )
        for title, entries in (
            ("added", self.added),
            ("removed", self.removed),
            ("changed", self.changed),
        ):
            lines.append(f"{title} ({len(entries)})")
            for e in entries:
                kind = ", ".join(short_name(c) for c in e["class"]) or "-"
                lines.append(
                    f"  {short_name(e['claim'])}  {kind}  [{snapshot_name(e['source'])}]  "
                    f"{e['label']}"
                )
                for change in e.get("changes", []):
                    old = ", ".join(_short(v) for v in change["old"]) or "(none)"
                    new = ", ".join(_short(v) for v in change["new"]) or "(none)"
                    lines.append(f"      {short_name(change['property'])}: {old} -> {new}")
        lines.append(f"moved ({len(self.moved)}): only their row in the table changed")
        return "\n".join(lines)


def _entry(release: _Release, iri: str, claim: ClaimDigest) -> dict[str, Any]:
    """What names a claim for a reader: its IRI, asserted class, label and snapshot graph."""
    about = release.about(iri, claim.graph)
    labels = sorted(t.value for t in about.get(LABEL, {}).values() if isinstance(t, ox.Literal))
    types = about.get(TYPE, {}).values()
    return {
        "claim": iri,
        "class": sorted(t.value for t in types if isinstance(t, ox.NamedNode) and t.value != CLAIM),
        "label": labels[0] if labels else "",
        "source": claim.graph,
    }


def _changes(
    old: _Release, new: _Release, iri: str, before: ClaimDigest, after: ClaimDigest
) -> list[Any]:
    """Property by property: the values only the old release has, and those only the new has."""
    was, now = old.about(iri, before.graph), new.about(iri, after.graph)
    changes = []
    for prop in sorted(was.keys() | now.keys()):
        a, b = was.get(prop, {}), now.get(prop, {})
        gone, came = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
        if gone or came:
            changes.append(
                {
                    "property": prop,
                    "old": [term_json(a[k], k) for k in gone],
                    "new": [term_json(b[k], k) for k in came],
                }
            )
    return changes


def _versions(release: _Release) -> dict[str, str]:
    if not release.named:
        return {}
    return {
        s["name"]: s["version"] + (f" ({s['issued']})" if s["issued"] else "")
        for s in snapshots(release.store)
    }


def _summary(diff: Diff, old: _Release, new: _Release) -> list[dict[str, Any]]:
    was, now = _versions(old), _versions(new)
    names = sorted(was.keys() | now.keys())
    counted: dict[str, dict[str, int]] = {}
    for key, entries in (
        ("added", diff.added),
        ("removed", diff.removed),
        ("changed", diff.changed),
        ("moved", diff.moved),
    ):
        for e in entries:
            source = snapshot_name(e["source"]) if e["source"] else "default graph"
            counted.setdefault(source, {}).setdefault(key, 0)
            counted[source][key] += 1
            if source not in names:
                names.append(source)
    keys = ("added", "removed", "changed", "moved")
    return [
        {
            "source": n,
            "old": was.get(n, ""),
            "new": now.get(n, ""),
            **{k: counted.get(n, {}).get(k, 0) for k in keys},
        }
        for n in names
    ]


def compare(old: Release, new: Release) -> Diff:
    """The claims added, removed, changed and moved from release `old` to release `new`."""
    probe = [_Release(r, named=True) for r in (old, new)]
    named = all(r.source_graphs() for r in probe)
    a, b = probe if named else [_Release(r, named=False) for r in (old, new)]
    diff = Diff(old, new)
    if not named:
        diff.note = (
            "a release has no source snapshot graphs (written before they existed): compared on "
            "the default graphs, so derived triples (inferences, contradictions) count as changes"
        )
    before, after = a.claims(), b.claims()
    diff.added = [_entry(b, i, after[i]) for i in sorted(after.keys() - before.keys())]
    diff.removed = [_entry(a, i, before[i]) for i in sorted(before.keys() - after.keys())]
    for iri in sorted(before.keys() & after.keys()):
        was, now = before[iri], after[iri]
        if was.content == now.content and was.location == now.location:
            continue
        if was.content == now.content:  # only its row moved: named, not looked up
            diff.moved.append({"claim": iri, "source": now.graph})
            continue
        entry = _entry(b, iri, now)
        if was.graph != now.graph:
            entry["old_source"] = was.graph
        entry["changes"] = _changes(a, b, iri, was, now)
        diff.changed.append(entry)
    diff.sources = _summary(diff, a, b)
    return diff


def diff_releases(store_path: Path, names: Iterable[str] = ()) -> Diff:
    """`alkkg diff [OLD [NEW]]`: by default the previous release and the current one; one name
    compares that release with the current one."""
    given = list(names)
    old = given[0] if given else "previous"
    new = given[1] if len(given) > 1 else "current"
    return compare(find_release(store_path, old), find_release(store_path, new))


def diff_text(store_path: Path, names: list[str], fmt: str = "table") -> str:
    """`alkkg diff [OLD [NEW]] --format table|json` as the command prints it."""
    if len(names) > 2:
        raise UsageError(f"diff takes at most two releases (OLD NEW), got {len(names)}")
    result = diff_releases(store_path, names)
    return json.dumps(result.to_json(), indent=2) if fmt == "json" else result.table()
