"""The JSON-LD export: compacted against our published context, and exactly the graph."""

from __future__ import annotations

import json
import urllib.request

import pyoxigraph as ox
import pytest
from jsonld_helpers import jsonld_to_graph
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.formats.jsonld import (
    CONTEXT_IRI,
    _Compactor,
    compact,
    context_document,
    context_path,
    to_jsonld,
)


def _graph(store: ox.Store) -> Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=data, format="nt")


def test_committed_context_is_generated_from_the_ontology() -> None:
    assert json.loads(context_path().read_text()) == context_document(), (
        "run: python -c 'from kg.formats.jsonld import write_context; write_context()'"
    )


def test_every_property_and_class_in_the_graph_is_covered(store: ox.Store) -> None:
    """A term for each property, or at least a prefix: no key or type stays a full IRI."""
    compactor = _Compactor(context_document()["@context"])
    uncovered = set()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        key, _ = compactor.key(quad.predicate.value)
        if key == quad.predicate.value:
            uncovered.add(key)
        is_class = quad.predicate.value.endswith("#type") and isinstance(quad.object, ox.NamedNode)
        if is_class and compactor.iri(quad.object.value) == quad.object.value:
            uncovered.add(quad.object.value)
    assert not uncovered
    ours = {
        q.predicate.value
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if q.predicate.value.startswith("https://w3id.org/alkkg/ontology/")
    }
    assert len(ours) > 80 and ours <= set(compactor.terms), ours - set(compactor.terms)


def test_export_references_the_published_context(store: ox.Store) -> None:
    document = json.loads(to_jsonld(store))
    assert document["@context"] == CONTEXT_IRI == "https://w3id.org/alkkg/context.jsonld"
    claim = next(n for n in document["@graph"] if n["@id"] == "id:claim/000-activity-360bf3eb73")
    assert claim["agent"] == "id:agent/lorlatinib" and claim["activity"] == "alkkg:Sensitive"
    assert claim["wasDerivedFrom"] == "id:publication/000_b686ffc26ee90cf9"
    assert claim["quote"].startswith("Especially its high effectiveness on the G1202R")


@pytest.mark.slow  # the reference JSON-LD processor on the whole graph
def test_pyld_expansion_gives_exactly_the_graph(store: ox.Store) -> None:
    """Also catches a CURIE whose prefix the context lacks (PyLD would make a bogus IRI)."""
    reference = _graph(store)
    expanded = jsonld_to_graph(to_jsonld(store))
    assert len(expanded) == len(reference) > 15_000
    assert isomorphic(expanded, reference)


def test_cross_references_are_compact(store: ox.Store) -> None:
    data = to_jsonld(store)
    crizotinib = next(n for n in json.loads(data)["@graph"] if n["@id"] == "id:agent/crizotinib")
    assert {"NCIT:C74061", "CHEBI:64310"} <= set(crizotinib["exactMatch"])
    assert "http://identifiers.org/chembl.compound/CHEMBL601719" in crizotinib["exactMatch"]


def test_values_that_do_not_fit_a_term_stay_exact() -> None:
    """A literal where the term says @id, a wrong datatype, a language: all round-trip."""
    s = ox.NamedNode("https://w3id.org/alkkg/id/agent/x")
    odd = [
        ox.Triple(s, ox.NamedNode("https://w3id.org/alkkg/ontology/agent"), ox.Literal("text")),
        ox.Triple(
            s,
            ox.NamedNode("https://w3id.org/alkkg/ontology/value"),
            ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        ox.Triple(s, ox.NamedNode("https://w3id.org/alkkg/ontology/value"), ox.Literal("x")),
        ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  ox.Literal("y", language="fr")),
        ox.Triple(s, ox.NamedNode("https://example.org/p"), ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(s, ox.NamedNode("https://example.org/q"), ox.NamedNode("https://w3id.org/alkkg/ontology///x")),
    ]  # fmt: skip
    context = context_document()["@context"]
    document = {"@context": CONTEXT_IRI, "@graph": compact(odd, context)}
    expected = Graph().parse(data=ox.serialize(odd, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert isomorphic(jsonld_to_graph(json.dumps(document)), expected)


def test_server_serves_the_context(endpoint: str) -> None:
    with urllib.request.urlopen(f"{endpoint}/context.jsonld") as reply:
        assert reply.headers["Content-Type"].startswith("application/ld+json")
        assert json.loads(reply.read()) == json.loads(context_path().read_text())
