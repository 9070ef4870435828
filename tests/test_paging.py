"""Named queries a page at a time: over HTTP (limit, offset, Link: rel="next", the default page
size and the row cap) and on the command line (--limit, --offset), on an order that never ties."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.config import Settings
from kg.errors import QueryError
from kg.query import Page, named_queries, parse_page, prepare, run_named, run_page
from kg.query.paging import Listings, paged, projected, total_order
from kg.vocab import PREFIXES
from kg.web.api import RESERVED
from kg.web.app import create_app

Row = dict[str, Any]


def bindings(response: Any) -> list[Row]:
    rows: list[Row] = response.json()["results"]["bindings"]
    return rows


def next_link(response: Any) -> str | None:
    """The URL of the Link header's rel="next", or None."""
    header = response.headers.get("link")
    if header is None:
        return None
    target, relation = header.split(";", 1)
    assert relation.strip() == 'rel="next"'
    return str(target.strip().strip("<>"))


def test_every_named_query_ends_with_an_order_by_and_pages_on_a_total_order() -> None:
    for query in named_queries().values():
        last = [line for line in query.text.splitlines() if line.strip()][-1]
        assert last.startswith("ORDER BY"), query.name
        keys = total_order(query.text).splitlines()[-1]
        # every projected variable is a key, after the query's own keys (its order comes first)
        assert keys.startswith(last)
        for variable in projected(query.text):
            assert f"?{variable}" in keys, (query.name, variable)
        assert not set(RESERVED) & {p.name for p in query.params}, query.name


def test_a_page_is_stable_even_where_the_engine_breaks_ties_differently_each_run(
    store: ox.Store,
) -> None:
    # next-line-options ties on (kind, option, source): unpaged, its rows come in another order
    # from one run to the next; a page of it must hold the same rows every time
    _, text = prepare(store, "next-line-options", {"drug": "crizotinib", "mutation": "I1171T"})
    pages = {
        str(list(store.query(paged(text, Page(10, 20)), prefixes=PREFIXES))) for _ in range(15)
    }
    assert len(pages) == 1


@pytest.mark.parametrize(
    ("limit", "offset", "message"),
    [
        ("0", None, "limit must be a positive whole number, got '0'"),
        ("ten", None, "limit must be a positive whole number, got 'ten'"),
        ("-5", None, "limit must be a positive whole number"),
        (None, "-1", "offset must be a whole number, 0 or more, got '-1'"),
        ("20000", None, "limit 20000 is over the 10000 rows a page may hold"),
    ],
)
def test_a_bad_page_is_refused_with_what_is_wrong(
    limit: str | None, offset: str | None, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        parse_page(limit, offset, default=100, cap=10_000)


def test_pages_over_http_add_up_to_the_whole_listing(app_client: TestClient) -> None:
    whole = app_client.get("/api/fusion-partners", params={"limit": "10000"})
    assert whole.status_code == 200 and next_link(whole) is None
    everything = bindings(whole)
    assert len(everything) > 12  # three pages of 5, the last one short

    pages: list[list[Row]] = []
    url: str | None = "/api/fusion-partners?limit=5"
    while url is not None:
        response = app_client.get(url)
        assert response.status_code == 200
        pages.append(bindings(response))
        url = next_link(response)
    assert all(len(page) == 5 for page in pages[:-1]) and 0 < len(pages[-1]) <= 5
    assert [row for page in pages for row in page] == everything

    second = app_client.get("/api/fusion-partners", params={"limit": "5", "offset": "5"})
    assert bindings(second) == everything[5:10]
    assert "offset=10" in (next_link(second) or "") and "limit=5" in (next_link(second) or "")


def test_a_page_keeps_the_query_parameters_and_format_in_its_next_link(
    app_client: TestClient,
) -> None:
    response = app_client.get(
        "/api/fusion-partners", params={"disease": "NSCLC", "limit": "2", "format": "csv"}
    )
    assert response.status_code == 200 and response.text.count("\r\n") == 3  # header + 2
    link = next_link(response)
    assert link is not None and "disease=NSCLC" in link and "format=csv" in link
    following = app_client.get(link)
    assert following.status_code == 200 and following.text != response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "limit must be a positive whole number, got 'abc'"),
        ({"limit": "0"}, "limit must be a positive whole number"),
        ({"offset": "x"}, "offset must be a whole number"),
        ({"limit": "10001"}, "limit 10001 is over the 10000 rows a page may hold"),
    ],
)
def test_a_bad_page_over_http_is_a_400(
    app_client: TestClient, params: dict[str, str], message: str
) -> None:
    response = app_client.get("/api/fusion-partners", params=params)
    assert response.status_code == 400 and response.text.startswith(message)


def test_the_page_size_is_a_setting_a_client_can_raise(store_path: Path) -> None:
    settings = Settings(store_path, workers=1, page_size=4)
    with TestClient(create_app(settings)) as client:
        first = client.get("/api/cns-activity")
        assert len(bindings(first)) == 4 and next_link(first) is not None
        raised = client.get("/api/cns-activity", params={"limit": "1000"})
        assert len(bindings(raised)) > 4 and next_link(raised) is None
        assert bindings(raised)[:4] == bindings(first)
        capped = client.get("/api/cns-activity", params={"limit": "20000"})
        assert capped.status_code == 400 and "10000 rows a page may hold" in capped.text


def test_the_openapi_document_names_the_paging_parameters(app_client: TestClient) -> None:
    paths = app_client.get("/openapi.json").json()["paths"]
    names = {p["name"] for p in paths["/api/cns-activity"]["get"]["parameters"]}
    assert {"limit", "offset", "format", "drug"} <= names


def test_run_page_drops_the_row_that_only_says_there_is_more(store: ox.Store) -> None:
    whole = run_named(store, "fusion-partners", {})
    first, more = run_page(store, "fusion-partners", {}, Page(5, 0))
    assert more and first.rows == whole.rows[:5]
    rest, more = run_page(store, "fusion-partners", {}, Page(1000, 5))
    assert not more and first.rows + rest.rows == whole.rows
    exact, more = run_page(store, "fusion-partners", {}, Page(len(whole.rows), 0))
    assert not more and exact.rows == whole.rows


@pytest.fixture(scope="module")
def cli(store_path: Path) -> Iterator[Any]:
    env = {**os.environ, "ALKKG_STORE": str(store_path)}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, env=env)

    yield run


def test_cli_pages_add_up_to_every_row_and_say_when_more_follow(cli: Any) -> None:
    every = cli("query", "fusion-partners", "--format", "tsv")
    assert every.returncode == 0 and every.stderr == b""
    rows = every.stdout.splitlines()
    first = cli("query", "fusion-partners", "--format", "tsv", "--limit", "5")
    assert first.returncode == 0
    assert b"more rows follow: --limit 5 --offset 5" in first.stderr
    rest = cli("query", "fusion-partners", "--format", "tsv", "--offset", "5")
    assert rest.returncode == 0 and rest.stderr == b""
    assert first.stdout.splitlines() + rest.stdout.splitlines()[1:] == rows
    bad = cli("query", "fusion-partners", "--limit", "none")
    assert bad.returncode == 2 and b"limit must be a positive whole number" in bad.stderr


def test_a_listing_over_the_row_cap_is_not_kept_and_not_tried_again(store: ox.Store) -> None:
    listings = Listings()
    _, text = prepare(store, "fusion-partners", {})
    assert listings.page(store, text, Page(5), max_rows=10) is None  # more than 10 rows
    assert text in listings.too_big and not listings.kept
    kept = listings.page(store, text, Page(5, 20), max_rows=100)
    assert kept is None  # remembered as too big for this release, whatever the cap asked
    total = len(run_named(store, "fusion-partners", {}).rows)
    rows, more = Listings().page(store, text, Page(5, total - 2), max_rows=100) or (b"", True)
    assert not more and rows.count(b"\n") == 1 + 2  # the header and the last two rows


def test_warming_stops_at_its_time_budget(store: ox.Store) -> None:
    texts = [q.text for q in named_queries().values() if not any(p.required for p in q.params)]
    stopped = Listings()
    stopped.warm(store, texts, 10_000, seconds=-1)
    assert not stopped.kept
    warmed = Listings()
    warmed.warm(store, texts, 10_000)
    assert len(warmed.kept) == len(texts)


def test_another_store_gets_at_most_20_order_keys() -> None:
    """Virtuoso 7 refuses more than 20 ORDER BY keys (SQ186): trial-outcomes projects 33."""
    text = "SELECT " + " ".join(f"?v{i}" for i in range(33)) + " WHERE { }\nORDER BY ?v3 DESC(?v1)"
    keys = total_order(text, max_keys=20).rsplit("ORDER BY", 1)[1].split()
    assert len(keys) == 20 and keys[:2] == ["?v3", "DESC(?v1)"] and keys[2] == "?v0"
    assert len(total_order(text).rsplit("ORDER BY", 1)[1].split()) == 33  # DESC(?v1) is a key
