"""Every route of the server, in process (Starlette's TestClient, the worker pool running).

The real server over a socket is kept for what only it shows (`test_server.py`: time and memory
limits, load; `test_fuzz.py`: hostile clients, slowloris).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import SERVER_TIMEOUT
from rdflib import RDF, Graph, URIRef
from starlette.testclient import TestClient

from kg.config import Settings
from kg.store import open_store
from kg.web.app import create_app

PREFIXES = (
    "PREFIX alkkg: <https://w3id.org/alkkg/ontology/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
G1202R = "SELECT ?label WHERE { ?a alkkg:inhibits ?t ; rdfs:label ?label . ?t rdfs:label 'ALK' } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a alkkg:ALKInhibitor ; rdfs:label ?l }"
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def test_select_answers_in_the_format_accept_asks_for(app_client: TestClient) -> None:
    query = {"query": PREFIXES + G1202R}
    as_json = app_client.get("/sparql", params=query)
    assert as_json.headers["content-type"].startswith("application/sparql-results+json")
    labels = [b["label"]["value"] for b in as_json.json()["results"]["bindings"]]
    assert "crizotinib" in labels and "ceritinib" in labels
    as_csv = app_client.post("/sparql", data=query, headers={"Accept": "text/csv"})
    assert [row["label"] for row in csv.DictReader(io.StringIO(as_csv.text))] == labels
    as_xml = app_client.get("/sparql", params=query, headers={"Accept": "application/xml"})
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<literal>crizotinib</literal>" in as_xml.text
    assert as_xml.headers["x-graph-release"]  # the release it was answered from


def test_ask_and_construct_in_every_graph_format(app_client: TestClient) -> None:
    ask = app_client.get("/sparql", params={"query": PREFIXES + "ASK { ?x a alkkg:ALKInhibitor }"})
    assert ask.json()["boolean"] is True
    for fmt, rdflib_format in RDFLIB.items():
        answer = app_client.get("/sparql", params={"query": PREFIXES + CONSTRUCT, "format": fmt})
        assert answer.status_code == 200
        labels = {
            str(o) for o in Graph().parse(data=answer.content, format=rdflib_format).objects()
        }
        assert {"lorlatinib", "crizotinib"} <= labels
    answer = app_client.get(
        "/sparql",
        params={"query": PREFIXES + CONSTRUCT},
        headers={"Accept": "application/n-triples"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/n-triples")
    body = app_client.post(
        "/sparql",
        content=PREFIXES + CONSTRUCT,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert body.status_code == 200 and body.headers["content-type"].startswith("text/turtle")


def test_named_queries_over_http(app_client: TestClient) -> None:
    answer = app_client.get("/api/agents-active-against?mutation=p.Gly1202Arg")
    assert answer.status_code == 200
    labels = {b["agentLabel"]["value"] for b in answer.json()["results"]["bindings"]}
    assert labels == {"lorlatinib"}
    answer = app_client.get("/api/drug-targets?drug=LDK378&format=csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    answer = app_client.get("/api/agents-active-against?mutation=G1203R")
    assert answer.status_code == 400 and "did you mean" in answer.text
    listing = app_client.get("/api").json()
    assert {q["name"] for q in listing["queries"]} >= {"agents-active-against", "source-conflicts"}


@pytest.mark.parametrize(
    ("accept", "media_type", "marker"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", "<literal>lorlatinib"),
        ("text/tab-separated-values", "text/tab-separated-values", '"lorlatinib"'),
        ("application/sparql-results+json", "application/sparql-results+json", '"lorlatinib"'),
        ("text/csv", "text/csv", "lorlatinib"),
        ("text/html, */*;q=0.1", "application/sparql-results+json", '"lorlatinib"'),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", ">lorlatinib"),
    ],
)  # fmt: skip
def test_named_queries_honour_accept_like_sparql(
    app_client: TestClient, accept: str, media_type: str, marker: str
) -> None:
    answer = app_client.get(
        "/api/agents-active-against?mutation=G1202R", headers={"Accept": accept}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media_type)
    assert marker in answer.text


def test_format_parameter_wins_over_accept_and_unknown_ones_are_listed(
    app_client: TestClient,
) -> None:
    answer = app_client.get(
        "/api/drug-targets?drug=crizotinib&format=tsv", headers={"Accept": "text/csv"}
    )
    assert answer.headers["content-type"].startswith("text/tab-separated-values")
    answer = app_client.get("/api/drug-targets?drug=crizotinib&format=yaml")
    assert answer.status_code == 400
    assert answer.text == "unknown format 'yaml': one of json, xml, csv, tsv\n"
    answer = app_client.get("/sparql", params={"query": "ASK {}", "format": "yaml"})
    assert answer.status_code == 400
    assert "one of json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml" in answer.text


def test_unknown_query_names_and_bad_parameters_are_4xx_with_the_way_out(
    app_client: TestClient,
) -> None:
    answer = app_client.get("/api/agents-active")
    assert answer.status_code == 404
    assert "no named query 'agents-active'; known:" in answer.text
    assert "agents-active-against" in answer.text
    answer = app_client.get("/api/drug-targets?drug=crizotinib&colour=red")
    assert answer.status_code == 400 and "no parameter 'colour'" in answer.text
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"


def test_openapi_describes_every_named_query(app_client: TestClient) -> None:
    document = app_client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    operation = document["paths"]["/api/trial-outcomes"]["get"]
    assert operation["operationId"] == "trial-outcomes"
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert formats["schema"]["enum"] == ["json", "xml", "csv", "tsv"]


def test_resource_iris_dereference_in_every_format(app_client: TestClient) -> None:
    iri = "https://w3id.org/alkkg/id/agent/lorlatinib"
    for suffix, accept, rdflib_format in [
        (".ttl", None, "turtle"), (".nt", None, "nt"), (".jsonld", None, "json-ld"), (".rdf", None, "xml"),
        ("", "text/turtle", "turtle"), ("", "application/ld+json", "json-ld"), ("", "application/n-triples", "nt"),
        ("?format=nt", "text/html", "nt"), ("", "*/*", "turtle"),
    ]:  # fmt: skip
        headers = {"Accept": accept} if accept else {}
        answer = app_client.get(f"/id/agent/lorlatinib{suffix}", headers=headers)
        assert answer.status_code == 200, (suffix, accept)
        graph = Graph().parse(data=answer.content, format=rdflib_format)
        assert any(str(s) == iri for s in graph.subjects())
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for path, accept in [("/id/agent/lorlatinib", browser), ("/id/agent/lorlatinib.html", None)]:
        answer = app_client.get(path, headers={"Accept": accept} if accept else {})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
        assert "Kazaz &amp; Oztop 2017" in answer.text and "Claims about it" in answer.text
    missing = app_client.get("/id/agent/no-such-agent", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert (
        missing.text == "no resource https://w3id.org/alkkg/id/agent/no-such-agent in this graph\n"
    )
    not_an_iri = app_client.get("/id/agent/lorlatinib%00")
    assert not_an_iri.status_code == 400 and "is not an IRI" in not_an_iri.text


def test_the_ontology_dereferences(app_client: TestClient) -> None:
    answer = app_client.get("/ontology", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and "owl:versionIRI" in answer.text
    answer = app_client.get("/ontology", headers={"Accept": "text/html"})  # pyLODE's page
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert 'id="Agent"' in answer.text and 'id="Grade3to4"' in answer.text
    assert "Named Individuals" in answer.text


def test_void_and_dump(app_client: TestClient) -> None:
    answer = app_client.get("/.well-known/void")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=answer.content, format="turtle")
    triples = next(void.objects(predicate=URIRef("http://rdfs.org/ns/void#triples")))
    assert URIRef("http://testserver/sparql") in set(
        void.objects(predicate=URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))
    )
    dump = app_client.get("/dump/alkkg.nt")
    assert dump.status_code == 200
    assert dump.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=dump.content, format="nt")) == int(triples) > 15_000
    for ext in ("html", "xyz"):
        answer = app_client.get(f"/dump/alkkg.{ext}")
        assert answer.status_code == 404 and "/dump/alkkg.nt" in answer.text


def test_query_page_and_json_ld_context(app_client: TestClient) -> None:
    page = app_client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "agents-active-against G1202R" in page.text
    context = app_client.get("/context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    assert "@context" in context.json()
    assert app_client.get("/static/yasgui/yasgui.min.js").status_code == 200


def test_service_description(app_client: TestClient) -> None:
    answer = app_client.get("/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=answer.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef("http://testserver/sparql")
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "endpoint"), service) in graph
    languages = set(graph.objects(service, URIRef(sd + "supportedLanguage")))
    assert languages == {URIRef(sd + "SPARQL11Query")}  # read-only: no update language
    formats = {
        str(f).rsplit("/", 1)[1] for f in graph.objects(service, URIRef(sd + "resultFormat"))
    }
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV"} <= formats
    assert f"timeout {SERVER_TIMEOUT} s" in answer.text


def test_bad_requests_get_clear_4xx(app_client: TestClient) -> None:
    def status_and_text(method: str, **kwargs: object) -> tuple[int, str]:
        answer = app_client.request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
        return answer.status_code, answer.text

    status, text = status_and_text("GET", params={"query": "SELECT * WHERE {"})
    assert status == 400 and "syntax error" in text
    status, text = status_and_text("GET", params={"query": "SELECT (<http://x/f>(1) AS ?x) {}"})
    assert status == 400 and text.startswith("the query failed: ") and "<http://x/f>" in text
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert status_and_text("POST", content=b"update=DROP+ALL", headers=form) == (
        403,
        "this endpoint is read-only: SPARQL Update is refused\n",
    )
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, text = status_and_text("GET", params={"query": service})
    assert status == 403 and "SERVICE" in text
    assert status_and_text("POST", content=b"query=" + b"x" * 100_000, headers=form) == (
        413,
        "request body over 65536 bytes\n",
    )
    status, text = status_and_text(
        "POST", content=b"ASK {}", headers={"Content-Type": "text/plain"}
    )
    assert (status, text) == (415, "unsupported content type 'text/plain'\n")
    assert status_and_text("GET", params={"update": "CLEAR ALL"}) == (
        400,
        "send one update by POST\n",
    )
    assert status_and_text("GET", params=[("query", "ASK {}"), ("query", "ASK {}")]) == (
        400,
        "give one query\n",
    )
    status, text = status_and_text(
        "GET", params={"query": "ASK {}", "default-graph-uri": "not an IRI"}
    )
    assert status == 400 and text.startswith("default-graph-uri: 'not an IRI' is not an absolute")
    assert status_and_text("PUT", content=b"ASK {}")[0] == 405


def test_updates_only_with_the_explicit_flag(store_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy, symlinks=True)
    insert = "INSERT DATA { <https://w3id.org/alkkg/id/agent/x> <http://www.w3.org/2000/01/rdf-schema#label> 'x' }"
    with TestClient(create_app(Settings(copy, allow_update=True))) as writable:
        answer = writable.post(
            "/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}
        )
        assert answer.status_code == 204
        ask = "ASK { <https://w3id.org/alkkg/id/agent/x> ?p 'x' }"
        assert writable.get("/sparql", params={"query": ask}).json()["boolean"] is True
        description = writable.get("/sparql").text
        assert "sd:SPARQL11Update" in description and "updates allowed" in description
    # the shared store, served without the flag, never saw it
    ask = "ASK { <https://w3id.org/alkkg/id/agent/x> ?p ?o }"
    assert bool(open_store(store_path).query(ask)) is False


def test_results_are_cut_at_max_rows_and_say_so(app_client: TestClient) -> None:
    many = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 20000"
    answer = app_client.get("/sparql", params={"query": many})
    assert answer.headers["x-result-truncated"] == "10000 rows"
    assert len(answer.json()["results"]["bindings"]) == 10_000


def test_cors_lets_a_page_elsewhere_query(app_client: TestClient) -> None:
    answer = app_client.get(
        "/api/drug-targets?drug=crizotinib", headers={"Origin": "https://example.org"}
    )
    assert answer.headers["access-control-allow-origin"] == "*"
    assert json.loads(answer.text)["results"]["bindings"]


@pytest.mark.parametrize(
    ("method", "params", "status"),
    [
        ("GET", {"query": "ASK { ?s ?p ?o }"}, 200),
        ("POST", {"query": "ASK { ?s ?p ?o }"}, 200),
        ("GET", {"query": "ASK {"}, 400),
        ("POST", {"query": "ASK {}", "update": "CLEAR ALL"}, 400),
        ("GET", {"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}, 403),
    ],
)
def test_sparql_answers_alike_with_or_without_cors(
    app_client: TestClient, method: str, params: dict[str, str], status: int
) -> None:
    """Without an Origin, /sparql skips Starlette's middleware (kg.web.app.LeanSparql); the
    answer (status, body, media type, Vary) is the one the whole stack gives with an Origin,
    less the CORS header the Origin asks for."""
    answers = []
    for origin in ({}, {"Origin": "https://example.org"}):
        send = app_client.get if method == "GET" else app_client.post
        kind = "params" if method == "GET" else "data"
        answers.append(send("/sparql", **{kind: params}, headers=origin))  # type: ignore[operator]
    lean, full = answers
    assert lean.status_code == full.status_code == status
    assert lean.content == full.content and lean.content
    assert lean.headers["content-type"] == full.headers["content-type"]
    assert lean.headers["vary"] == full.headers["vary"]
    assert "Origin" in lean.headers["vary"]
    assert full.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in lean.headers


def test_every_answer_chosen_by_accept_says_vary_accept(app_client: TestClient) -> None:
    """A cache between client and server must not give one client's Turtle to another who asked
    for JSON: every negotiated answer says `Vary: Accept`; one named by its suffix does not."""
    query = {"query": "ASK {}"}
    for path, params in (
        ("/sparql", query),
        ("/api/drug-targets", {"drug": "crizotinib"}),
        ("/id/agent/lorlatinib", {}),
    ):
        answer = app_client.get(path, params=params, headers={"Accept": "text/turtle, */*;q=0.1"})
        assert answer.status_code == 200, (path, answer.text)
        assert "Accept" in [v.strip() for v in answer.headers["vary"].split(",")], path
    by_suffix = app_client.get("/id/agent/lorlatinib.ttl")
    assert by_suffix.status_code == 200 and "Accept" not in by_suffix.headers.get("vary", "")
