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

The releases are streamed from their on-disk stores: each claim is reduced to an
order-independent hash of its triples while the quads go by, and only the claims whose hashes
differ are read again in full, so memory holds one small record per claim, not the graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.prefixes import short_name
from kg.store import SOURCE_GRAPH as SOURCE_GRAPH
from kg.store import Release, Term, find_release, select, snapshot_name, snapshots
from kg.vocab import ALKKG, RDF, RDFS

CLAIM = str(ALKKG.Claim)
LOCATION_ONLY = frozenset({str(ALKKG.sourceRow)})
"""Where a claim's row is, not what it says: a change here alone is a move, not an edit."""
_LOCATION_ONLY = frozenset(f"<{p}>".encode() for p in LOCATION_ONLY)
TYPE = str(RDF.type)
LABEL = str(RDFS.label)
MASK = (1 << 64) - 1
MAX_DEPTH = 16
"""How deep blank nodes nest before the comparison stops following them (a cycle guard)."""


@dataclass
class _Claim:
    """One claim of one release, reduced to what the comparison needs."""

    graph: str
    content: int = 0
    location: int = 0

    def add(self, predicate: bytes, value: bytes) -> None:
        """Count one triple (predicate and value as N-Triples) into the claim's hashes."""
        digest = hash((predicate, value)) & MASK
        if predicate in _LOCATION_ONLY:
            self.location = (self.location + digest) & MASK
        else:
            self.content = (self.content + digest) & MASK


def _contents(node: bytes, bnodes: dict[bytes, list[tuple[bytes, bytes]]], depth: int) -> bytes:
    """A blank node as its sorted contents, recursively, so its label does not matter."""
    if depth > MAX_DEPTH:
        return "[…]".encode()
    inner = sorted(
        p + b" " + (_contents(o, bnodes, depth + 1) if o.startswith(b"_:") else o)
        for p, o in bnodes.get(node, [])
    )
    return b"[" + b" ; ".join(inner) + b"]"


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

    def claims(self) -> dict[str, _Claim]:
        """Every claim, with order-independent hashes of its triples (`LOCATION_ONLY` apart).

        Each graph is dumped as N-Triples by the store and read line by line: creating a Python
        object per term is what would cost most at scale, and a line's subject and predicate
        never hold a space (IRIs or blank node labels), so a split finds them.
        """
        iris = {
            f"<{row['c'].value}>".encode()
            for row in select(self.store, f"SELECT ?c WHERE {{ ?c a <{CLAIM}> }}")
        }
        found: dict[str, _Claim] = {}
        for graph in self.source_graphs() if self.named else [""]:
            data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=self._graph(graph))
            bnodes: dict[bytes, list[tuple[bytes, bytes]]] = {}
            nested: list[tuple[_Claim, bytes, bytes]] = []
            for line in (data or b"").splitlines():
                subject, predicate, rest = line.split(b" ", 2)
                value = rest[:-2]  # without " ."
                if subject.startswith(b"_:"):
                    bnodes.setdefault(subject, []).append((predicate, value))
                    continue
                if subject not in iris:
                    continue
                claim = found.setdefault(subject[1:-1].decode(), _Claim(graph))
                if value.startswith(b"_:"):
                    nested.append((claim, predicate, value))
                else:
                    claim.add(predicate, value)
            for claim, predicate, value in nested:
                claim.add(predicate, _contents(value, bnodes, 0))
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


def _entry(release: _Release, iri: str, claim: _Claim) -> dict[str, Any]:
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


def _changes(old: _Release, new: _Release, iri: str, before: _Claim, after: _Claim) -> list[Any]:
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
        entry = _entry(b, iri, now)
        if was.graph != now.graph:
            entry["old_source"] = was.graph
        entry["changes"] = _changes(a, b, iri, was, now)
        (diff.changed if was.content != now.content else diff.moved).append(entry)
    diff.sources = _summary(diff, a, b)
    return diff


def diff_releases(store_path: Path, names: Iterable[str] = ()) -> Diff:
    """`alkkg diff [OLD [NEW]]`: by default the previous release and the current one; one name
    compares that release with the current one."""
    given = list(names)
    old = given[0] if given else "previous"
    new = given[1] if len(given) > 1 else "current"
    return compare(find_release(store_path, old), find_release(store_path, new))
