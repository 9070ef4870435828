"""The W3C SPARQL 1.1 Protocol tests (34, from the shared manifest) against a started server.

Each manifest entry is one test, named by its local name; its requests go, in order and byte for
byte as the manifest writes them (UTF-16 bodies included), to a real `alkkg serve`. The store is
made for the purpose: empty default graph, the manifest's data files as the named graphs it
names. Entries that update go to a server started with `--allow-update` on a copy of that store
(they clear it as they go); the others to a read-only one, so a refusal of a bad update is the
protocol's refusal and not the read-only one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from clients import Client
from conftest import start_server
from w3c_protocol import Expected, ProtocolTest, problems, read_manifest

from kg.store import build_lock, write_release

TESTS, DATA = read_manifest()
ENDPOINT_PATH = "/sparql"


def protocol_store(path: Path) -> Path:
    """A store whose current release holds the manifest's data files in their named graphs."""
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
        for graph, file in DATA.items()
        for t in ox.parse(path=str(file), format=ox.RdfFormat.N_TRIPLES)
    ]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert nquads is not None
    with build_lock(path):
        write_release(path, b"", {"purpose": "W3C SPARQL 1.1 Protocol tests"}, nquads)
    return path


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[bool, str]]:
    """Endpoint base URLs: `False` a read-only server, `True` one with --allow-update."""
    read_only = protocol_store(tmp_path_factory.mktemp("w3c-store"))
    writable = tmp_path_factory.mktemp("w3c-writable") / "store"
    shutil.copytree(read_only, writable, symlinks=True)
    query_server = start_server(read_only)
    update_server = start_server(writable, "--allow-update")
    try:
        yield {False: next(query_server).url, True: next(update_server).url}
    finally:
        query_server.close()
        update_server.close()


def test_the_manifest_has_its_34_tests_and_three_data_graphs() -> None:
    assert len(TESTS) == 34 and len({t.id for t in TESTS}) == 34
    assert sorted(DATA) == [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)]
    assert sum(t.updates for t in TESTS) == 13  # 7 updates and 6 bad updates


@pytest.mark.parametrize("case", TESTS, ids=[t.id for t in TESTS])
def test_w3c_protocol(case: ProtocolTest, servers: dict[bool, str]) -> None:
    client = Client(servers[case.updates], timeout=30)
    try:
        for number, request in enumerate(case.requests, 1):
            headers = {"host": case.authority, **dict(request.headers)}
            outcome = client.send(
                request.method, request.target(ENDPOINT_PATH), headers, request.body or b""
            )
            found = problems(outcome.status, outcome.headers, outcome.body, request.expected)
            assert not found, f"{case.name}, request {number}: {'; '.join(found)}"
    finally:
        client.close()


def test_the_checks_catch_a_wrong_answer() -> None:
    """The runner can fail: a wrong status, boolean or format is reported, not passed."""
    ask = Expected(frozenset({2, 3}), "boolean", True)
    json_type = {"content-type": "application/sparql-results+json"}
    assert problems(200, json_type, b'{"head":{},"boolean":true}', ask) == []
    assert problems(200, json_type, b'{"head":{},"boolean":false}', ask) == [
        "ASK answered False, expected True"
    ]
    assert problems(400, {}, b"bad", ask)[0].startswith("status 400, expected 2xx or 3xx")
    assert problems(200, {"content-type": "text/turtle"}, b"<a> <b> <c> .", ask) == [
        "boolean results expected, got 'text/turtle'"
    ]
    rdf = Expected(frozenset({2}), "RDF", None)
    assert "does not parse" in problems(200, {"content-type": "text/turtle"}, b"<a> <b", rdf)[0]
    table = Expected(frozenset({2}), "tabular", None)
    assert problems(200, json_type, b'{"head":{},"boolean":true}', table)


def test_using_graph_uri_reaches_delete_where_and_names_are_not_keywords(
    servers: dict[bool, str],
) -> None:
    """Beyond the manifest: `DELETE WHERE` (which has no place for USING) still reads only the
    graphs using-graph-uri names, and a prefixed name such as `with:` is not a WITH clause."""
    client = Client(servers[True], timeout=30)
    update_type = {"content-type": "application/sparql-update"}
    setup = (
        "PREFIX with: <http://example.org/> DROP ALL ; INSERT DATA { with:s with:p 1, 2 . "
        "GRAPH with:g1 { with:s with:p 1 } }"
    )
    try:
        assert client.send("POST", ENDPOINT_PATH, update_type, setup.encode()).status == 204
        delete = "PREFIX with: <http://example.org/> DELETE WHERE { with:s with:p ?o }"
        target = f"{ENDPOINT_PATH}?using-graph-uri=http%3A%2F%2Fexample.org%2Fg1"
        assert client.send("POST", target, update_type, delete.encode()).status == 204
        ask = "ASK { <http://example.org/s> ?p 2 FILTER NOT EXISTS { ?s ?p 1 } }"
        outcome = client.send(
            "POST", ENDPOINT_PATH, {"content-type": "application/sparql-query"}, ask.encode()
        )
        assert outcome.status == 200 and b'"boolean":true' in outcome.body.replace(b" ", b"")
    finally:
        client.close()
