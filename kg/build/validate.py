"""SHACL validation of the built graph, with a report a curator can act on.

Each violation names the node, the property and the message, and for a claim the source-table row
it was built from (`alkkg:sourceRow`), so the fix starts in the right file at the right line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg.errors import UsageError
from kg.prefixes import short_name
from kg.resources import ontology_dir
from kg.vocab import ALKKG

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    source_row: str
    severity: str
    shape: str

    def __str__(self) -> str:
        where = f" [{self.source_row}]" if self.source_row else ""
        path = f" {self.path}:" if self.path else ""
        return f"{self.severity}: <{self.focus}>{path} {self.message}{where}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]

    def text(self) -> str:
        if self.conforms:
            return "SHACL: the graph conforms to ontology/shapes.ttl."
        lines = [f"SHACL: {len(self.violations)} violation(s)"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


def load_shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def validate(
    graph: Graph,
    shapes: Graph | None = None,
    *,
    inplace: bool = False,
    only: list[str] | None = None,
) -> ValidationReport:
    """Validate `graph` (data with its materialised inferences) against the shapes.

    `inplace`: let pyshacl work on `graph` itself instead of a copy (its advanced mode copies the
    data graph in case shapes carry rules; ours carry none): for a caller that throws the graph
    away. `only`: the node shapes (IRIs) to check, for a caller that asks about one shape.
    """
    shapes = shapes if shapes is not None else load_shapes()
    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=inplace,
        use_shapes=only,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        source_row = graph.value(focus, ALKKG.sourceRow) if focus is not None else None
        shape = results.value(result, SH.sourceShape)
        owner = shapes.value(None, SH.property, shape) if shape is not None else None
        violations.append(
            Violation(
                focus=str(focus),
                path=_short(path),
                message=str(message or "violates its shape"),
                source_row=str(source_row or ""),
                severity=_short(severity) or "Violation",
                shape=str(owner if owner is not None else shape),
            )
        )
    violations.sort(key=lambda v: (v.source_row, v.focus, v.path))
    return ValidationReport(bool(conforms), violations)


def _short(term: object) -> str:
    """A path or severity as the graph's CURIE (`alkkg:quote`, `sh:Violation`), for people."""
    return "" if term is None else short_name(str(term))


def validate_store(store_path: Path, engine: str = "sparql") -> ValidationReport:
    """Validate the store's current graph as built (read back from the store).

    `engine` is pyshacl (the reference) or sparql (kg.build.shacl, on the store itself).
    """
    from kg.store import default_graph_ntriples, open_store

    store = open_store(store_path)
    if engine == "sparql":
        return validate_store_graph(store)
    if engine != "pyshacl":
        raise UsageError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")
    graph = Graph().parse(data=default_graph_ntriples(store), format="nt")
    return validate(graph)


ENGINES = ("sparql", "pyshacl")


def validate_store_graph(store: ox.Store, shapes: Graph | None = None) -> ValidationReport:
    """Validate the store's default graph with the shapes compiled to SPARQL (kg.build.shacl).

    Same violations as pyshacl on our shapes, in a fraction of the time: the constraints run as
    queries on Oxigraph's indexes instead of a walk over the graph in Python.
    """
    from kg.build.shacl import compile_shapes, run_checks

    shapes = shapes if shapes is not None else load_shapes()
    violations = []
    source_rows: dict[str, str] = {}
    for result in run_checks(store, compile_shapes(shapes, store)):
        focus = result.focus.value
        if focus not in source_rows:
            rows = store.quads_for_pattern(
                result.focus, ox.NamedNode(str(ALKKG.sourceRow)), None, ox.DefaultGraph()
            )
            source_rows[focus] = next(
                (q.object.value for q in rows if not isinstance(q.object, ox.Triple)), ""
            )
        violations.append(
            Violation(
                focus=focus,
                path=_short(result.check.path),
                message=result.check.message,
                source_row=source_rows[focus],
                severity="sh:Violation",
                shape=result.check.node_shape,
            )
        )
    violations.sort(key=lambda v: (v.source_row, v.focus, v.path))
    return ValidationReport(not violations, violations)


def graph_to_store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store
