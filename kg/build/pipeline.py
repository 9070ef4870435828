"""`alkkg build`: sources -> RDF -> reasoning -> consistency -> SHACL -> embedded store.

The sources (`kg.build.sources`: the curated papers, the mapping set) are handed in; by default
the installed ones, found by entry point, so the build never imports the loaders.

Every stage runs before anything is written; the store only changes when all of them pass. The
graph is assembled in an in-memory Oxigraph store, and the stages that grow with the data run on
it as SPARQL: the contradiction rule, the OWL RL materialisation (`kg.build.reason.materialise_store`),
SHACL (`kg.build.shacl`) and the mapping statistics (`kg.formats.void.mapping_statistics`). pyshacl and
`reasonable` remain the reference engines the tests compare them with. HermiT checks the ontology
with the asserted data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__
from kg.build.conflicts import compare
from kg.build.reason import check_consistency, materialise_store
from kg.build.sources import Source, SourceOptions, installed_sources, read_sources
from kg.build.validate import ValidationReport, validate_store_graph
from kg.errors import BuildError
from kg.formats.void import mapping_statistics
from kg.resources import ontology_dir, seeds_dir
from kg.store import build_lock, default_graph_ntriples, write_release

NT = ox.RdfFormat.N_TRIPLES


@dataclass
class BuildResult:
    store: ox.Store
    """The built graph in memory: ontology, data, contradictions and inferences."""
    claims: int
    timings: dict[str, float] = field(default_factory=dict)
    validation: ValidationReport | None = None
    release: Path | None = None

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
    return BuildResult(store, read.claims, stage.timings, validation)


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
            }
            result.release = write_release(store_path, result.ntriples(), info)
    return result
