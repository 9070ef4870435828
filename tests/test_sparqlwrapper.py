"""SPARQLWrapper, the Python client most users reach for, against a started `alkkg serve`.

With its defaults it asks for XML: `format=xml` and `Accept: application/rdf+xml` for a
CONSTRUCT, SPARQL XML results for a SELECT. `queryAndConvert()` turns the answer into what the
user works with (an rdflib Graph for RDF/XML and JSON-LD, a DOM, a dict; Turtle and N3 it hands
back as bytes by design) only if the server answers in the format asked for; otherwise it warns
(a RuntimeWarning, an error here, so a mismatch fails).
"""

from __future__ import annotations

import warnings
from xml.dom.minidom import Document

import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

PREFIXES = (
    "PREFIX alkkg: <https://w3id.org/alkkg/ontology/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
CONSTRUCT = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a alkkg:ALKInhibitor ; rdfs:label ?l }"
SELECT = "SELECT ?l WHERE { ?a a alkkg:ALKInhibitor ; rdfs:label ?l } ORDER BY ?l"
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def converted(endpoint: str, query: str, fmt: str | None = None, method: str = "GET") -> object:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(PREFIXES + query)
    client.setMethod(method)
    if fmt is not None:
        client.setReturnFormat(fmt)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # "Format requested was X, but Y ..."
        return client.queryAndConvert()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_construct_with_the_defaults_is_an_rdflib_graph(endpoint: str, method: str) -> None:
    graph = converted(endpoint, CONSTRUCT, method=method)
    assert isinstance(graph, Graph)
    labels = {str(label) for label in graph.objects(None, LABEL)}
    assert {"crizotinib", "lorlatinib"} <= labels


@pytest.mark.parametrize("fmt", [RDFXML, JSONLD, TURTLE, N3])
def test_construct_in_every_rdf_format_it_asks_for(endpoint: str, fmt: str) -> None:
    answer = converted(endpoint, CONSTRUCT, fmt)
    if fmt in (TURTLE, N3):
        assert isinstance(answer, bytes)
        answer = Graph().parse(data=answer, format="turtle")
    assert isinstance(answer, Graph)
    assert (None, LABEL, Literal("crizotinib")) in answer


def test_select_is_a_dict_in_json_and_a_dom_with_the_defaults(endpoint: str) -> None:
    as_json = converted(endpoint, SELECT, JSON)
    assert isinstance(as_json, dict)
    labels = [b["l"]["value"] for b in as_json["results"]["bindings"]]
    assert "crizotinib" in labels and labels == sorted(labels)
    as_xml = converted(endpoint, SELECT)
    assert isinstance(as_xml, Document)
    assert [n.firstChild.data for n in as_xml.getElementsByTagName("literal")] == labels
    ask = converted(endpoint, "ASK { ?a a alkkg:ALKInhibitor }", JSON)
    assert ask == {"head": {}, "boolean": True}
    assert converted(endpoint, "ASK { ?a a alkkg:ALKInhibitor }", XML) is not None
