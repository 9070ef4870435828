"""Materialisation gives plain SPARQL the class hierarchy and sub-properties; HermiT finds
inconsistencies."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.build.pipeline import load_ontology
from kg.build.reason import check_consistency
from kg.resources import seeds_dir
from kg.vocab import ALKKG, ID


def ask(store: ox.Store, query: str) -> bool:
    from kg.vocab import PREFIXES

    return bool(store.query(query, prefixes=PREFIXES))


def test_hierarchy_and_subproperties_are_materialised(store: ox.Store) -> None:
    assert ask(
        store, "ASK { <https://w3id.org/alkkg/id/agent/lorlatinib> a alkkg:KinaseInhibitor }"
    )
    assert ask(
        store,
        "ASK { ?c a alkkg:ActivityClaim, alkkg:Claim ; "
        "alkkg:about <https://w3id.org/alkkg/id/variant/alk-g1202r> }",
    )
    assert ask(store, "ASK { ?trial alkkg:hasArm ?arm . ?arm alkkg:armOf ?trial }")
    assert ask(store, "ASK { ?a alkkg:contradicts ?b . ?b alkkg:contradicts ?a }")
    assert ask(store, "ASK { ?m a alkkg:BypassTrack, alkkg:ALKIndependentMechanism }")


def test_the_ontology_alone_is_consistent() -> None:
    assert check_consistency(load_ontology()).consistent


def test_the_ontology_with_the_curated_data_is_consistent() -> None:
    """What the build asks HermiT, asked again: the ontology with every asserted triple."""
    from kg.build.sources import SourceOptions, read_sources
    from loaders import sources

    data = read_sources(sources(), SourceOptions(seeds=seeds_dir())).graph
    assert len(data) > 15_000
    report = check_consistency(load_ontology() + data)
    assert report.consistent, report.message


def test_an_inconsistent_graph_is_reported() -> None:
    graph = load_ontology()
    thing = URIRef(ID["gene/ALK"])
    graph.add((thing, RDF.type, ALKKG.Gene))
    graph.add((thing, RDF.type, ALKKG.Claim))  # genes and claims are disjoint
    report = check_consistency(graph)
    assert not report.consistent


def test_mechanism_classes_are_disjoint() -> None:
    graph: Graph = load_ontology()
    thing = URIRef(ID["mechanism/x"])
    graph.add((thing, RDF.type, ALKKG.SecondaryMutationMechanism))
    graph.add((thing, RDF.type, ALKKG.BypassTrack))
    assert not check_consistency(graph).consistent


@pytest.mark.slow  # the reference engine on the whole graph
def test_materialise_on_the_store_gives_what_reasonable_gives() -> None:
    """kg.build.reason.materialise_store (SPARQL rules on Oxigraph, for large graphs) adds exactly the
    triples kg.build.reason.materialise (reasonable) adds, on the real tables."""
    from benchmarks.scale import real_graph
    from kg.build.reason import materialise_store

    real = real_graph()
    store = ox.Store()
    for part in (real.ontology, real.asserted, real.contradictions):
        store.load(part.encode(), format=ox.RdfFormat.N_TRIPLES)
    before = set(store)
    assert materialise_store(store) == len(set(store) - before)
    expected = {
        ox.Quad(t.subject, t.predicate, t.object)
        for t in ox.parse(real.inferred.encode(), format=ox.RdfFormat.N_TRIPLES)
    }
    assert set(store) - before == expected
