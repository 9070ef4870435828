"""Push the built graph into real engines and get the same answers from them, row for row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
from engines import Engine, oxigraph_server, require, virtuoso

from benchmarks.core import CASES
from kg.push import push, release_graph
from kg.query import Results, run_named
from kg.query.remote import Auth, RemoteEndpoint, RemoteError
from kg.store import default_graph_size

pytestmark = pytest.mark.slow  # starts Virtuoso and Oxigraph server


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp(request.param)
    start = oxigraph_server if request.param == "oxigraph" else virtuoso
    try:
        with start(folder) as started:
            yield started
    except RuntimeError as exc:
        require(str(exc))


def canonical(results: Results) -> list[tuple[str, ...]]:
    """Rows as comparable values: numbers by value, concatenated lists in sorted order.

    Booleans compare as 1/0: Virtuoso stores xsd:boolean as an integer.
    """

    def _unordered(value: str) -> str:
        if value.startswith("http") and " " in value:  # a list of IRIs (activity-profile's claims)
            return " ".join(sorted(value.split(" ")))
        return ", ".join(sorted(value.split(", "))) if ", " in value else value

    def cell(term: object) -> str:
        if term is None:
            return ""
        value = {"true": "1", "false": "0"}.get(term.value, term.value)
        if (
            isinstance(term, ox.Literal)
            and term.datatype is not None
            and "XMLSchema#" in term.datatype.value
        ):
            try:
                return str(Decimal(value).normalize())
            except InvalidOperation:
                pass
        return "; ".join(sorted(_unordered(part) for part in value.split("; ")))

    return sorted(tuple(cell(t) for t in row) for row in results.rows)


@pytest.fixture(scope="module")
def pushed(engine: Engine, store_path: Path) -> tuple[Engine, str]:
    result = push(store_path, engine.query, update_url=engine.update, gsp_url=engine.gsp)
    assert result.graph == release_graph(store_path)
    return engine, result.graph


@pytest.mark.parametrize(("name", "params"), CASES, ids=[name for name, _ in CASES])
def test_named_queries_answer_the_same_remotely(
    pushed: tuple[Engine, str], store: ox.Store, name: str, params: dict[str, str]
) -> None:
    engine, graph = pushed
    local = run_named(store, name, params)
    remote = run_named(RemoteEndpoint(engine.query, graph), name, params)
    assert local.variables == remote.variables
    assert canonical(remote) == canonical(local)
    assert local.rows


def test_push_without_gsp_and_a_second_release_keeps_the_first(
    pushed: tuple[Engine, str], store_path: Path, store: ox.Store
) -> None:
    engine, graph = pushed
    other = graph + "-next"
    result = push(store_path, engine.query, update_url=engine.update, graph=other)
    assert result.triples == default_graph_size(store)
    for kept in (graph, other):
        count = RemoteEndpoint(engine.query).select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{kept}> {{ ?s ?p ?o }} }}"
        )[1][0][0]
        assert int(count.value) == default_graph_size(store)


def test_failures_are_clear_and_change_nothing(
    pushed: tuple[Engine, str], store_path: Path
) -> None:
    engine, graph = pushed
    with pytest.raises(RemoteError, match="cannot reach"):
        push(store_path, "http://127.0.0.1:9/sparql", graph=graph)
    with pytest.raises(RemoteError, match="was not changed"):
        push(
            store_path, engine.query, update_url=engine.update + "-nowhere", graph=graph + "-broken"
        )
    still = RemoteEndpoint(engine.query).select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}-broken> {{ ?s ?p ?o }} }}"
    )[1][0][0]
    assert int(still.value) == 0


def test_refused_credentials_are_reported(pushed: tuple[Engine, str], store_path: Path) -> None:
    engine, graph = pushed
    if engine.name != "virtuoso":
        pytest.skip("the Oxigraph server has no authentication")
    auth_update = engine.update.replace("/sparql", "/sparql-auth")
    with pytest.raises(RemoteError, match="authorisation refused"):
        push(
            store_path,
            engine.query,
            update_url=auth_update,
            graph=graph + "-auth",
            auth=Auth(user="dba", password="wrong"),
        )
    result = push(
        store_path,
        engine.query,
        update_url=auth_update,
        graph=graph + "-auth",
        auth=Auth(user="dba", password="dba"),
    )
    assert result.triples > 15_000
