"""`alkkg build`: source tables -> RDF -> reasoning -> consistency -> SHACL -> embedded store.

Every stage runs before anything is written; the store only changes when all of them pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import __version__
from kg.reason import check_consistency, materialise
from kg.resources import ontology_dir, seeds_dir, tables_dir
from kg.store import build_lock, write_release
from kg.validate import ValidationReport, validate
from kg.vocab import PREFIXES
from loaders.rdf import to_graph
from loaders.tables import load


class BuildError(RuntimeError):
    """The build stopped; the message says where (file and line, or node)."""


@dataclass
class BuildResult:
    graph: Graph
    claims: int
    timings: dict[str, float] = field(default_factory=dict)
    validation: ValidationReport | None = None
    release: Path | None = None

    @property
    def triples(self) -> int:
        return len(self.graph)


def load_ontology() -> Graph:
    return Graph().parse(ontology_dir() / "alkkg.ttl", format="turtle")


def contradictions(data: Graph) -> Graph:
    """Claims that disagree, by the rules in ontology/rules/contradictions.rq.

    The rule is a self-join over all claims; Oxigraph runs it in milliseconds where rdflib's
    engine takes seconds, so the data goes through an in-memory Oxigraph store.
    """
    query = (ontology_dir() / "rules" / "contradictions.rq").read_text()
    store = ox.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    result = Graph()
    for triple in store.query(query):
        result.add(
            (
                URIRef(triple.subject.value),
                URIRef(triple.predicate.value),
                URIRef(triple.object.value),
            )
        )
    return result


def assemble(
    tables: Path | None = None,
    seeds: Path | None = None,
    *,
    check_quotes: bool = True,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Everything but the write: the validated graph (ontology, data, inferences)."""
    timings: dict[str, float] = {}

    def stage(name: str, started: float) -> None:
        timings[name] = time.perf_counter() - started
        log(f"  {name}: {timings[name]:.2f} s")

    started = time.perf_counter()
    seeds = seeds if seeds is not None else seeds_dir()
    if check_quotes and seeds is None:
        log("  warning: seed papers not found (ALKKG_SEEDS); quotes not checked against them")
    checked = load(tables or tables_dir(), seeds if check_quotes else None)
    data = to_graph(checked, tables or tables_dir())
    stage("read tables", started)

    started = time.perf_counter()
    ontology = load_ontology()
    data += contradictions(data)
    inferred = materialise(ontology, data)
    graph = ontology + data + inferred
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    stage("materialise", started)

    if reasoner:
        started = time.perf_counter()
        report = check_consistency(graph)
        stage("consistency (HermiT)", started)
        if not report.consistent:
            raise BuildError(f"the reasoner found the graph inconsistent: {report.message}")

    started = time.perf_counter()
    validation = validate(graph)
    stage("SHACL", started)
    if not validation.conforms:
        raise BuildError(validation.text())
    return BuildResult(graph, len(checked.claims), timings, validation)


def build(
    store_path: Path,
    *,
    tables: Path | None = None,
    seeds: Path | None = None,
    check_quotes: bool = True,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build and, only if every check passes, make the result the store's current graph."""
    with build_lock(store_path):
        result = assemble(tables, seeds, check_quotes=check_quotes, reasoner=reasoner, log=log)
        started = time.perf_counter()
        ntriples = result.graph.serialize(format="nt", encoding="utf-8")
        info = {
            "version": __version__,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "triples": result.triples,
            "claims": result.claims,
        }
        result.release = write_release(store_path, ntriples, info)
        result.timings["write store"] = time.perf_counter() - started
        log(f"  write store: {result.timings['write store']:.2f} s")
    return result
