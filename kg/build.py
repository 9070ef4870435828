"""`alkkg build`: source tables -> RDF -> reasoning -> consistency -> SHACL -> embedded store.

Every stage runs before anything is written; the store only changes when all of them pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    tables: Path | None = None,
    seeds: Path | None = None,
    *,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
    stages: _Stages | None = None,
) -> BuildResult:
    """Everything but the write: the validated graph (ontology, data, inferences).

    Quotes are checked against the seed papers in `seeds` (default: `seeds_dir()`); without
    them the build warns and skips that check.
    """
    stage = stages or _Stages(log)
    tables = tables or tables_dir()
    seeds = seeds if seeds is not None else seeds_dir()
    with stage("read tables"):
        if seeds is None:
            log("  warning: seed papers not found (ALKKG_SEEDS); quotes not checked against them")
        checked = load(tables, seeds)
        data = to_graph(checked, tables)

    with stage("materialise"):
        ontology = load_ontology()
        data += contradictions(data)
        graph = ontology + data + materialise(ontology, data)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)

    if reasoner:
        with stage("consistency (HermiT)"):
            report = check_consistency(graph)
        if not report.consistent:
            raise BuildError(f"the reasoner found the graph inconsistent: {report.message}")

    with stage("SHACL"):
        validation = validate(graph)
    if not validation.conforms:
        raise BuildError(validation.text())
    return BuildResult(graph, len(checked.claims), stage.timings, validation)


def build(
    store_path: Path,
    *,
    tables: Path | None = None,
    seeds: Path | None = None,
    reasoner: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build and, only if every check passes, make the result the store's current graph."""
    stage = _Stages(log)
    with build_lock(store_path):
        result = assemble(tables, seeds, reasoner=reasoner, log=log, stages=stage)
        with stage("write store"):
            info = {
                "version": __version__,
                "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "triples": result.triples,
                "claims": result.claims,
            }
            ntriples = result.graph.serialize(format="nt", encoding="utf-8")
            result.release = write_release(store_path, ntriples, info)
    return result
