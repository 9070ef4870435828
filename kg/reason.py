"""Reasoning: materialise what the queries rely on, and check logical consistency.

Materialisation uses `reasonable` (an OWL 2 RL engine in Rust): the class hierarchy, inverse,
symmetric and sub-properties (so `?x a alkkg:ALKInhibitor` finds lorlatinib and `alkkg:about`
lists every claim's subjects) become plain triples that any SPARQL engine sees.
Consistency is checked with a DL reasoner (HermiT through owlready2), which also catches what
OWL RL does not (disjoint classes shared by one individual, for instance).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import reasonable
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

_BUILTIN = (str(OWL), str(RDFS), str(RDF))


def materialise(ontology: Graph, data: Graph) -> Graph:
    """The entailed triples worth storing: new links and types between our own resources.

    Literal triples are left out (the engine re-types plain strings, which would duplicate them),
    and so are the engine's bookkeeping triples about OWL and RDFS built-ins.
    """
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(ontology + data)
    inferred = Graph()
    for s, p, o in reasoner.reason():
        if isinstance(o, Literal) or str(s).startswith(_BUILTIN) or str(o).startswith(_BUILTIN):
            continue
        if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.sameAs):
            continue
        if (s, p, o) not in data and (s, p, o) not in ontology:
            inferred.add((s, p, o))
    return inferred


@dataclass
class ConsistencyReport:
    consistent: bool
    seconds: float
    message: str = ""


def check_consistency(graph: Graph) -> ConsistencyReport:
    """Run HermiT over `graph` (ontology and data) and say whether it is consistent."""
    import owlready2

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, keep_tmp_file=False
                )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ConsistencyReport(False, time.perf_counter() - started, str(exc))
        except owlready2.OwlReadyJavaError as exc:
            return ConsistencyReport(False, time.perf_counter() - started, f"HermiT: {exc}")
        unsatisfiable = list(world.inconsistent_classes())
        if unsatisfiable:
            names = ", ".join(sorted(str(c) for c in unsatisfiable)[:10])
            return ConsistencyReport(
                False, time.perf_counter() - started, f"unsatisfiable classes: {names}"
            )
    return ConsistencyReport(True, time.perf_counter() - started)
