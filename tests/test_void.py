"""The VoID description counts what the graph holds and declares its links to other datasets."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Namespace

from kg.store import default_graph_size

VOID = Namespace("http://rdfs.org/ns/void#")


def test_void_counts_and_linksets(store: ox.Store) -> None:
    from kg.formats.void import void_description

    void = Graph().parse(
        data=void_description(store, "http://h/sparql", "http://h/dump"), format="turtle"
    )
    assert int(next(void.objects(predicate=VOID.triples))) == default_graph_size(store)
    classes = {str(c) for c in void.objects(predicate=VOID["class"])}
    assert "https://w3id.org/alkkg/ontology/ActivityClaim" in classes
    # one link set per predicate and target scheme, counting the mappings
    linksets = {
        (str(void.value(s, VOID.linkPredicate)), str(void.value(s, VOID.objectsTarget))): int(
            void.value(s, VOID.triples)
        )
        for s in void.subjects(VOID.linkPredicate, None)
    }
    chebi = linksets[
        "http://www.w3.org/2004/02/skos/core#exactMatch", "http://purl.obolibrary.org/obo/CHEBI_"
    ]
    assert (
        chebi
        == len(
            [
                q
                for q in store.quads_for_pattern(
                    None,
                    ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch"),
                    None,
                    ox.DefaultGraph(),
                )
                if q.object.value.startswith("http://purl.obolibrary.org/obo/CHEBI_")
            ]
        )
        >= 17
    )
    assert (
        "http://www.w3.org/2004/02/skos/core#exactMatch",
        "http://identifiers.org/hgnc/",
    ) in linksets
