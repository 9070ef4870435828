"""The VoID description counts what the graph holds and declares its links to other datasets."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Namespace

VOID = Namespace("http://rdfs.org/ns/void#")


def test_void_counts_and_linksets(store: ox.Store) -> None:
    from kg.void import void_description

    copy = ox.Store()
    copy.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    copy.update(
        "INSERT DATA { <https://w3id.org/alkkg/id/agent/crizotinib> "
        "<http://www.w3.org/2004/02/skos/core#exactMatch> <http://purl.obolibrary.org/obo/CHEBI_64310> }"
    )
    void = Graph().parse(
        data=void_description(copy, "http://h/sparql", "http://h/dump"), format="turtle"
    )
    assert int(next(void.objects(predicate=VOID.triples))) >= len(store)
    classes = {str(c) for c in void.objects(predicate=VOID["class"])}
    assert "https://w3id.org/alkkg/ontology/ActivityClaim" in classes
    (linkset,) = void.subjects(VOID.linkPredicate, None)
    assert str(void.value(linkset, VOID.objectsTarget)) == "http://purl.obolibrary.org/obo/"
    assert int(void.value(linkset, VOID.triples)) == 1
