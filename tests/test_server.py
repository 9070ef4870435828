"""The SPARQL endpoint over real HTTP: SPARQLWrapper as the client, and the limits on queries.

What needs no socket (every route, negotiation, the 4xx messages) is tested in process in
`test_web_routes.py`; here is what only a running server shows: a real client's round trip, a
runaway query stopped at the time limit and one stopped at the worker's memory limit while
others are served.
"""

from __future__ import annotations

import csv
import io
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import SERVER_TIMEOUT as TIMEOUT
from conftest import start_server
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

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


def send(
    endpoint: str, target: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """A request to the server (POST when there is a body): status, headers, body."""
    request = urllib.request.Request(endpoint + target, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_relative_iris_resolve_against_the_endpoint_and_answers_vary_by_accept(
    endpoint: str,
) -> None:
    query = urllib.parse.urlencode({"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"})
    status, headers, body = send(endpoint, f"/sparql?{query}", headers={"Accept": "text/turtle"})
    assert status == 200 and "Accept" in headers["vary"]
    assert f"<{endpoint}/s> <{endpoint}/p> 1".encode() in body
    query = urllib.parse.urlencode({"query": "SELECT ?x WHERE { BIND(<../x> AS ?x) }"})
    status, headers, body = send(endpoint, f"/sparql?{query}", headers={"Accept": "text/csv"})
    assert (status, body) == (200, f"x\r\n{endpoint}/x\r\n".encode())


def test_one_operation_per_request_else_400(endpoint: str) -> None:
    ask = urllib.parse.quote("ASK {}")
    direct = {"Content-Type": "application/sparql-query"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    refused = {
        "a query in the URL and the body": send(
            endpoint, f"/sparql?query={ask}", b"ASK {}", direct
        ),
        "a form without a query": send(endpoint, "/sparql", b"format=json", form),
        "a query and an update": send(endpoint, "/sparql", b"query=ASK+{}&update=CLEAR+ALL", form),
        "a UTF-16 body": send(
            endpoint,
            "/sparql",
            "ASK {}".encode("utf-16"),
            {"Content-Type": "application/sparql-query; charset=UTF-16"},
        ),
        "a body that is not UTF-8": send(endpoint, "/sparql", b"ASK { ?s ?p '\xff' }", direct),
    }
    statuses = {why: answer[0] for why, answer in refused.items()}
    assert statuses == {
        "a query in the URL and the body": 400,
        "a form without a query": 400,
        "a query and an update": 400,
        "a UTF-16 body": 415,  # the protocol allows UTF-8 only
        "a body that is not UTF-8": 400,
    }
    assert refused["a form without a query"][2].startswith(b"no query or update in the request")
    assert send(endpoint, "/sparql")[0] == 200  # a GET without one: the service description


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
