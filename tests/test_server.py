"""The SPARQL endpoint over real HTTP, with SPARQLWrapper as the client."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import SERVER_TIMEOUT as TIMEOUT
from conftest import start_server
from rdflib import RDF, Graph, URIRef
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from kg.store import open_store

G1202R = "SELECT ?label WHERE { ?a alkkg:inhibits ?t ; rdfs:label ?label . ?t rdfs:label 'ALK' } ORDER BY ?label"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def get(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["content-type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["content-type"], exc.read()


def wrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery("PREFIX alkkg: <https://w3id.org/alkkg/ontology/>\n"
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query)  # fmt: skip
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_round_trips_in_every_results_format(endpoint: str, method: str) -> None:
    as_json = wrapper(endpoint, G1202R, JSON, method).queryAndConvert()
    labels = [b["label"]["value"] for b in as_json["results"]["bindings"]]
    assert "crizotinib" in labels and "ceritinib" in labels
    as_xml = wrapper(endpoint, G1202R, XML, method).queryAndConvert()
    assert [n.firstChild.data for n in as_xml.getElementsByTagName("literal")] == labels
    as_csv = wrapper(endpoint, G1202R, CSV, method).queryAndConvert().decode()
    assert [row["label"] for row in csv.DictReader(io.StringIO(as_csv))] == labels
    as_tsv = wrapper(endpoint, G1202R, TSV, method).queryAndConvert().decode()
    assert as_tsv.splitlines()[0] == "?label"
    assert [line.strip('"') for line in as_tsv.splitlines()[1:]] == labels


def test_ask_and_construct(endpoint: str) -> None:
    assert wrapper(endpoint, "ASK { ?x a alkkg:ALKInhibitor }", JSON).queryAndConvert()["boolean"]
    construct = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a alkkg:ALKInhibitor ; rdfs:label ?l }"
    for fmt, rdflib_format in [
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("jsonld", "json-ld"),
        ("rdfxml", "xml"),
    ]:
        url = f"{endpoint}/sparql?" + urllib.parse.urlencode(
            {"query": _prefixed(construct), "format": fmt}
        )
        status, _, body = get(url)
        assert status == 200
        labels = {str(o) for o in Graph().parse(data=body, format=rdflib_format).objects()}
        assert {"lorlatinib", "crizotinib"} <= labels
    status, content_type, _ = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": _prefixed(construct)}),
                                  accept="application/n-triples")  # fmt: skip
    assert status == 200 and content_type.startswith("application/n-triples")


def _prefixed(query: str) -> str:
    return (
        "PREFIX alkkg: <https://w3id.org/alkkg/ontology/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        + query
    )


def test_named_queries_over_http(endpoint: str) -> None:
    status, _, body = get(f"{endpoint}/api/agents-active-against?mutation=p.Gly1202Arg")
    assert status == 200
    labels = {b["agentLabel"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert labels == {"lorlatinib"}
    status, content_type, body = get(f"{endpoint}/api/drug-targets?drug=LDK378&format=csv")
    assert status == 200 and content_type.startswith("text/csv")
    status, _, body = get(f"{endpoint}/api/agents-active-against?mutation=G1203R")
    assert status == 400 and b"did you mean" in body
    listing = json.loads(get(f"{endpoint}/api")[2])
    assert {q["name"] for q in listing["queries"]} >= {"agents-active-against", "source-conflicts"}
    openapi = json.loads(get(f"{endpoint}/openapi.json")[2])
    assert "/api/trial-outcomes" in openapi["paths"]


def test_resource_iris_dereference_in_every_format(endpoint: str) -> None:
    iri = "https://w3id.org/alkkg/id/agent/lorlatinib"
    for suffix, accept, rdflib_format in [
        (".ttl", None, "turtle"), (".nt", None, "nt"), (".jsonld", None, "json-ld"), (".rdf", None, "xml"),
        ("", "text/turtle", "turtle"), ("", "application/ld+json", "json-ld"), ("", "application/n-triples", "nt"),
    ]:  # fmt: skip
        status, _, body = get(f"{endpoint}/id/agent/lorlatinib{suffix}", accept=accept)
        assert status == 200, (suffix, accept)
        graph = Graph().parse(data=body, format=rdflib_format)
        assert any(str(s) == iri for s in graph.subjects())
    status, content_type, body = get(f"{endpoint}/id/agent/lorlatinib", accept="text/html")
    assert status == 200 and content_type.startswith("text/html")
    assert b"Kazaz &amp; Oztop 2017" in body and b"Claims about it" in body
    assert get(f"{endpoint}/id/agent/no-such-agent", accept="text/html")[0] == 404
    status, _, body = get(f"{endpoint}/ontology", accept="text/turtle")
    assert status == 200 and b"owl:versionIRI" in body
    status, content_type, body = get(f"{endpoint}/ontology", accept="text/html")  # pyLODE's page
    assert status == 200 and content_type.startswith("text/html")
    assert b'id="Agent"' in body and b'id="Grade3to4"' in body and b"Named Individuals" in body


def test_void_and_dump(endpoint: str) -> None:
    status, _, body = get(f"{endpoint}/.well-known/void")
    assert status == 200
    void = Graph().parse(data=body, format="turtle")
    triples = next(void.objects(predicate=URIRef("http://rdfs.org/ns/void#triples")))
    status, _, dump = get(f"{endpoint}/dump/alkkg.nt")
    assert status == 200 and len(Graph().parse(data=dump, format="nt")) == int(triples) > 15_000


def test_service_description(endpoint: str) -> None:
    status, content_type, body = get(f"{endpoint}/sparql", accept="text/turtle")
    assert status == 200 and content_type.startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(f"{endpoint}/sparql")
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "endpoint"), service) in graph
    languages = set(graph.objects(service, URIRef(sd + "supportedLanguage")))
    assert languages == {URIRef(sd + "SPARQL11Query")}  # read-only: no update language
    formats = {
        str(f).rsplit("/", 1)[1] for f in graph.objects(service, URIRef(sd + "resultFormat"))
    }
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV"} <= formats


def test_bad_requests_get_clear_4xx(endpoint: str) -> None:
    status, _, body = get(
        f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE {"})
    )
    assert status == 400 and b"syntax error" in body
    request = urllib.request.Request(f"{endpoint}/sparql", data=b"update=DROP+ALL", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": service}))
    assert status == 403 and b"SERVICE" in body
    big = urllib.request.Request(
        f"{endpoint}/sparql", data=b"query=" + b"x" * 100_000, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as too_big:
        urllib.request.urlopen(big, timeout=10)
    assert too_big.value.code == 413


def test_a_runaway_query_is_stopped_and_others_are_served(endpoint: str) -> None:
    outcome: dict[str, object] = {}

    def heavy() -> None:
        started = time.monotonic()
        outcome["heavy"] = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": HEAVY}))
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, _, _ = get(f"{endpoint}/api/drug-targets?drug=crizotinib")
    light_seconds = time.monotonic() - started
    thread.join(timeout=TIMEOUT + 20)
    assert status == 200 and light_seconds < 2
    heavy_status, _, body = outcome["heavy"]
    assert heavy_status == 422 and b"time limit" in body
    assert TIMEOUT <= outcome["seconds"] < TIMEOUT + 5
    # the worker that ran it was replaced: the server still answers
    assert get(f"{endpoint}/api/drug-targets?drug=crizotinib")[0] == 200


def test_a_query_past_the_worker_memory_is_stopped_and_others_are_served(
    store_path: Path,
) -> None:
    """The memory cap holds on whatever allocator the workers run on (kg.allocator)."""
    server = start_server(store_path, "--worker-memory", "1024", "--timeout", "60")
    endpoint = next(server).url
    try:
        # every pair of triples, sorted: hundreds of millions of rows, past 1 GiB in about a
        # second, long before the time limit
        pairs = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?a ?d"
        status, _, body = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": pairs}))
        assert status == 422 and b"more than the 1024 MiB a query may use" in body
        assert get(f"{endpoint}/api/drug-targets?drug=crizotinib")[0] == 200
    finally:
        server.close()


def test_updates_only_with_the_explicit_flag(store_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy, symlinks=True)
    server = start_server(copy, "--allow-update")
    endpoint = next(server).url
    try:
        insert = "INSERT DATA { <https://w3id.org/alkkg/id/agent/x> <http://www.w3.org/2000/01/rdf-schema#label> 'x' }"
        request = urllib.request.Request(
            f"{endpoint}/sparql", data=insert.encode(), method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 204
        ask = "ASK { <https://w3id.org/alkkg/id/agent/x> ?p 'x' }"
        status, _, body = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": ask}))
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        server.close()
    # the shared store, served without the flag, never saw it
    ask = "ASK { <https://w3id.org/alkkg/id/agent/x> ?p ?o }"
    assert wrapper_ask(store_path, ask) is False


def wrapper_ask(store_path: Path, query: str) -> bool:
    return bool(open_store(store_path).query(query))
