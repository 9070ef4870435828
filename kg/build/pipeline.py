"""`alkkg build`: sources -> RDF -> reasoning -> consistency -> SHACL -> embedded store.

The sources (`kg.build.sources`: the curated papers, the mapping set) are handed in; by default
the installed ones, found by entry point, so the build never imports the loaders.

Every stage runs before anything is written; the store only changes when all of them pass. The
graph is assembled in an in-memory Oxigraph store, and the stages that grow with the data run on
it as SPARQL: the contradiction rule, the OWL RL materialisation (`kg.build.reason.materialise_store`),
SHACL (`kg.build.shacl`) and the mapping statistics (`kg.formats.void.mapping_statistics`). pyshacl and
`reasonable` remain the reference engines the tests compare them with. HermiT checks the ontology
with the asserted data.

Each source's triples also go, unchanged, into the named graph of its snapshot
(`kg.build.sources.Snapshot`), described there (title, date, licence, origin, version, size), so a
release says what it was built from and `alkkg diff` can compare releases source by source. Every
stage above runs on the default graph alone: the snapshot graphs are added only when the release
is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__
from kg.build.conflicts import compare
from kg.build.reason import check_consistency, materialise_store
from kg.build.sources import (
    Snapshot,
    Source,
    SourceData,
    SourceOptions,
    installed_sources,
    read_sources,
)
from kg.build.validate import ValidationReport, validate_store_graph
from kg.errors import BuildError
from kg.formats.void import mapping_statistics
from kg.resources import ontology_dir, seeds_dir
from kg.store import (
    CLAIM,
    CLAIMS_FILE,
    ClaimDigest,
    build_lock,
    claim_index,
    default_graph_ntriples,
    digest_claims,
    write_release,
)

NT = ox.RdfFormat.N_TRIPLES
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class BuildResult:
    store: ox.Store
    """The built graph in memory: ontology, data, contradictions and inferences."""
    claims: int
    timings: dict[str, float] = field(default_factory=dict)
    validation: ValidationReport | None = None
    release: Path | None = None
    graphs: bytes = b""
    """The source snapshot graphs (N-Quads), written into the release beside the default graph."""
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    """What each snapshot is (name, graph, version, issued, licence, origin, triples)."""
    claim_index: bytes = b""
    """Each claim's snapshot graph and digests (`kg.store.claim_index`), written beside it."""

    @property
    def triples(self) -> int:
        return len(self.store)

    def ntriples(self) -> bytes:
        return default_graph_ntriples(self.store)


def load_ontology() -> Graph:
    return Graph().parse(ontology_dir() / "alkkg.ttl", format="turtle")


def contradictions(store: ox.Store) -> list[ox.Triple]:
    """Claims that disagree or update each other, each pair with its reason (`kg.build.conflicts`)."""
    return compare(store)


def _issued(snapshot: Snapshot, name: str) -> ox.Literal:
    """The snapshot's date as xsd:date or xsd:dateTime; anything else is the source's bug."""
    try:
        if len(snapshot.issued) == 10:
            return ox.Literal(
                date.fromisoformat(snapshot.issued).isoformat(), datatype=_xsd("date")
            )
        datetime.fromisoformat(snapshot.issued)
    except ValueError:
        raise BuildError(
            f"source {name}: snapshot date {snapshot.issued!r} is not an ISO 8601 date"
        ) from None
    return ox.Literal(snapshot.issued, datatype=_xsd("dateTime"))


def _xsd(name: str) -> ox.NamedNode:
    return ox.NamedNode(XSD + name)


def snapshot_quads(name: str, data: SourceData) -> tuple[list[ox.Quad], dict[str, Any]]:
    """The source's triples in its snapshot's named graph, and the graph's description there.

    The description lives in the snapshot graph itself (not the default graph the queries and
    checks read): `a void:Dataset`, `dcterms:title`, `dcterms:issued`, `dcterms:license`,
    `prov:wasDerivedFrom` (an IRI when the origin is a URL, else the text the source gives, e.g.
    the package name and version: we never make up a URL), `owl:versionInfo`, `void:triples`.
    """
    snapshot = data.snapshot
    if snapshot is None:
        return [], {}
    try:
        graph = ox.NamedNode(snapshot.graph)
        licence = ox.NamedNode(snapshot.licence)
    except ValueError as exc:
        raise BuildError(f"source {name}: snapshot IRI not valid: {exc}") from None
    triples = ox.parse(data.graph.serialize(format="nt", encoding="utf-8"), format=NT)
    quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in triples]
    size = len(quads)
    origin: ox.NamedNode | ox.Literal = (
        ox.NamedNode(snapshot.origin)
        if snapshot.origin.startswith(("http://", "https://"))
        else ox.Literal(snapshot.origin)
    )
    about: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        (RDF_TYPE.value, ox.NamedNode(VOID + "Dataset")),
        (DCTERMS + "title", ox.Literal(snapshot.title)),
        (DCTERMS + "issued", _issued(snapshot, name)),
        (DCTERMS + "license", licence),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", origin),
        (VOID + "triples", ox.Literal(str(size), datatype=_xsd("integer"))),
    ]
    if snapshot.version:
        about.append(("http://www.w3.org/2002/07/owl#versionInfo", ox.Literal(snapshot.version)))
    quads += [ox.Quad(graph, ox.NamedNode(p), o, graph) for p, o in about]
    info = {
        "name": name,
        "graph": snapshot.graph,
        "version": snapshot.version,
        "issued": snapshot.issued,
        "licence": snapshot.licence,
        "origin": snapshot.origin,
        "triples": size,
    }
    return quads, info


def snapshot_graphs(
    parts: dict[str, SourceData], store: ox.Store
) -> tuple[bytes, list[dict[str, Any]], bytes]:
    """Every source's snapshot graph as N-Quads, what each is, and the claim index (`alkkg diff`
    reads it instead of every claim's triples). Two sources claiming the same graph would mix
    their triples, so that is an error."""
    claims = {
        str(q.subject).encode()
        for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(CLAIM), ox.DefaultGraph())
        if isinstance(q.subject, ox.NamedNode)
    }
    quads: list[ox.Quad] = []
    described: list[dict[str, Any]] = []
    digests: dict[str, ClaimDigest] = {}
    for name, data in parts.items():
        more, info = snapshot_quads(name, data)
        if not info:
            continue
        taken = next((d["name"] for d in described if d["graph"] == info["graph"]), None)
        if taken:
            raise BuildError(f"sources {taken} and {name} both write graph <{info['graph']}>")
        # digested as a store writes them back (it normalises literals: "0.80"^^xsd:decimal
        # is read back as 0.8), so the index matches what `alkkg diff` would read from it
        held = ox.Store()
        held.extend(more)
        triples = held.dump(format=NT, from_graph=ox.NamedNode(info["graph"])) or b""
        digest_claims(triples.splitlines(), claims, info["graph"], digests)
        quads += more
        described.append(info)
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return nquads, described, claim_index(digests)


def add(store: ox.Store, triples: list[ox.Triple]) -> None:
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)


class _Stages:
    """Times each stage of a build and reports it as it ends."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log
        self.timings: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - started
        self.log(f"  {name}: {self.timings[name]:.2f} s")


def assemble(
    sources: Sequence[Source] | None = None,
    *,
    tables: Path | None = None,
    seeds: Path | None = None,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
    stages: _Stages | None = None,
    store_path: Path | None = None,
) -> BuildResult:
    """Everything but the write: the validated graph (ontology, data, inferences).

    `sources` default to the installed ones. `tables` is the curated tables folder (default: the
    shipped one). Quotes are checked against the seed papers in `seeds` (default: `seeds_dir()`);
    without them the build warns and skips that check. `store_path` is where sources loaded into
    the store keep their input (`alkkg load`); None: such sources have nothing to read.
    """
    stage = stages or _Stages(log)
    seeds = seeds if seeds is not None else seeds_dir()
    with stage("read tables"):
        if seeds is None:
            log("  warning: seed papers not found (ALKKG_SEEDS); quotes not checked against them")
        chosen = installed_sources() if sources is None else sources
        read = read_sources(chosen, SourceOptions(tables=tables, seeds=seeds, store=store_path))
        data = read.graph

    with stage("materialise"):
        ontology = load_ontology()
        store = ox.Store()
        for graph in (ontology, data):
            store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=NT)
        add(store, contradictions(store))
        materialise_store(store)

    if reasoner:
        with stage("consistency (HermiT)"):
            report = check_consistency(ontology + data)
        if not report.consistent:
            raise BuildError(f"the reasoner found the graph inconsistent: {report.message}")

    with stage("SHACL"):
        validation = validate_store_graph(store)
    if not validation.conforms:
        raise BuildError(validation.text())
    with stage("mapping statistics"):
        add(store, mapping_statistics(store))
    with stage("snapshot graphs"):
        graphs, snapshots, index = snapshot_graphs(read.parts, store)
    return BuildResult(
        store,
        read.claims,
        stage.timings,
        validation,
        graphs=graphs,
        snapshots=snapshots,
        claim_index=index,
    )


def build(
    store_path: Path,
    sources: Sequence[Source] | None = None,
    *,
    tables: Path | None = None,
    seeds: Path | None = None,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build and, only if every check passes, make the result the store's current graph."""
    stage = _Stages(log)
    with build_lock(store_path):
        result = assemble(
            sources,
            tables=tables,
            seeds=seeds,
            reasoner=reasoner,
            log=log,
            stages=stage,
            store_path=store_path,
        )
        with stage("write store"):
            info = {
                "version": __version__,
                "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "triples": result.triples,
                "claims": result.claims,
                "sources": result.snapshots,
            }
            result.release = write_release(
                store_path,
                result.ntriples(),
                info,
                result.graphs,
                {CLAIMS_FILE: result.claim_index},
            )
    return result
