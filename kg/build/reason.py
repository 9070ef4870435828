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

import pyoxigraph as ox
import reasonable
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import UnsupportedOntology
from kg.store import construct

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


_RDF_TYPE = str(RDF.type)


def _closure(direct: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in direct.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def materialise_store(store: ox.Store) -> int:
    """The same entailments as `materialise`, added in place to an Oxigraph store; how many.

    Our ontology uses few OWL RL rules that produce new links or types between our resources:
    subclass and subproperty hierarchies, rdfs:domain and rdfs:range, owl:inverseOf and
    owl:SymmetricProperty (no restrictions, chains or transitive properties; `UnsupportedOntology`
    says so if that changes). Each rule becomes a SPARQL INSERT run on the store until nothing new
    is added, which is linear in the data, where `reasonable` needs the whole graph as Python
    objects. tests/test_reason.py checks both give the same triples on the real graph.
    """

    def related(predicate: str) -> dict[str, set[str]]:
        """Each IRI subject of `predicate` with its IRI objects."""
        objects: dict[str, set[str]] = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                objects.setdefault(q.subject.value, set()).add(q.object.value)
        return objects

    unsupported = [
        str(OWL.TransitiveProperty),
        str(OWL.propertyChainAxiom),
        str(OWL.someValuesFrom),
        str(OWL.allValuesFrom),
        str(OWL.hasValue),
        str(OWL.equivalentClass),
        str(OWL.equivalentProperty),
        str(OWL.sameAs),
        str(OWL.intersectionOf),
        str(OWL.unionOf),
    ]
    for iri in unsupported:
        node = ox.NamedNode(iri)
        if next(store.quads_for_pattern(None, node, None), None) or next(
            store.quads_for_pattern(None, None, node), None
        ):
            raise UnsupportedOntology(f"the ontology uses {iri}; use materialise (reasonable)")

    builtin = (str(OWL), str(RDFS), str(RDF))
    sub_property = related(str(RDFS.subPropertyOf))
    inverse = related(str(OWL.inverseOf))
    for a, others in list(inverse.items()):
        for b in others:
            inverse.setdefault(b, set()).add(a)
    symmetric = {
        q.subject.value
        for q in store.quads_for_pattern(
            None,
            ox.NamedNode(_RDF_TYPE),
            ox.NamedNode(str(OWL.SymmetricProperty)),
            ox.DefaultGraph(),
        )
        if isinstance(q.subject, ox.NamedNode)
    }
    sub_class = related(str(RDFS.subClassOf))
    domains = related(str(RDFS.domain))
    ranges = related(str(RDFS.range))

    def our(iri: str) -> bool:
        return not iri.startswith(builtin)

    # Each rule is a CONSTRUCT (read-only, fast on Oxigraph's indexes) of only what is not in
    # the store yet (its FILTER NOT EXISTS is one index lookup per triple), serialised and
    # bulk-loaded without a Python object per triple. SPARQL INSERT ... WHERE on the in-memory
    # store slows down with the size of the transaction (457 s for 48,000 inferred triples at
    # 10x, where these take a second).
    def add(rules: list[str]) -> int:
        added = 0
        for rule in rules:
            new = construct(store, rule).serialize(format=ox.RdfFormat.N_TRIPLES)
            if new:
                store.bulk_load(new, format=ox.RdfFormat.N_TRIPLES)
                added += new.count(b"\n")
        return added

    def rule(head: str, body: str) -> str:
        return f"CONSTRUCT {{ {head} }} WHERE {{ {body} FILTER NOT EXISTS {{ {head} }} }}"

    rules = []
    for p, supers in sorted(sub_property.items()):
        rules += [rule(f"?s <{q}> ?o", f"?s <{p}> ?o") for q in sorted(supers - {p})]
    for p, others in sorted(inverse.items()):
        rules += [
            rule(f"?o <{q}> ?s", f"?s <{p}> ?o FILTER (!isLITERAL(?o))") for q in sorted(others)
        ]
    rules += [
        rule(f"?o <{p}> ?s", f"?s <{p}> ?o FILTER (!isLITERAL(?o))") for p in sorted(symmetric)
    ]
    total = 0
    while added := add(rules):
        total += added
    # Types from domains and ranges, then up the class hierarchy.
    typing = []
    for p, classes in sorted(domains.items()):
        typing += [
            rule(f"?s a <{c}>", f"?s <{p}> ?o FILTER (isIRI(?s))")
            for c in sorted(classes)
            if our(c)
        ]
    for p, classes in sorted(ranges.items()):
        typing += [
            rule(f"?o a <{c}>", f"?s <{p}> ?o FILTER (isIRI(?o))")
            for c in sorted(classes)
            if our(c)
        ]
    total += add(typing)
    total += add(
        [
            rule(f"?x a <{s}>", f"?x a <{c}>")
            for c in sorted(sub_class)
            for s in sorted(_closure(sub_class, c) - {c})
            if our(s)
        ]
    )
    return total
