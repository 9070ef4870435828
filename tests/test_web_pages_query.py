"""The query page as served: it opens on the G1202R question, whose query answers it when run,
and links to the pictures and the named queries; the pages come through the worker pool."""

from __future__ import annotations

import re
from html import unescape

from starlette.testclient import TestClient

from kg.web.pages import EXAMPLE


def test_the_query_page_opens_on_the_g1202r_question_and_its_query_answers_it(
    app_client: TestClient,
) -> None:
    page = app_client.get("/")
    assert page.status_code == 200
    shown = re.search(r"<pre id=example-query hidden>(.*?)</pre>", page.text, re.S)
    assert shown is not None and unescape(shown.group(1)) == EXAMPLE
    assert "?s ?p ?o" not in EXAMPLE and "PREFIX alkkg:" in EXAMPLE
    assert "Which ALK inhibitors keep activity against G1202R" in page.text
    answer = app_client.post("/sparql", data={"query": EXAMPLE})
    assert answer.status_code == 200
    bindings = answer.json()["results"]["bindings"]
    assert {b["agentLabel"]["value"] for b in bindings} == {"lorlatinib"}  # as 000 says
    assert {b["source"]["value"] for b in bindings} == {"Kazaz & Oztop 2017, UHOD review"}
    assert bindings[0]["agent"]["value"] == "https://w3id.org/alkkg/id/agent/lorlatinib"


def test_the_query_page_links_to_the_pictures_and_the_named_queries(
    app_client: TestClient,
) -> None:
    page = app_client.get("/").text
    for href in ("/views/activity-matrix", "/views/hazard-ratios", "/api"):
        assert f'href="{href}"' in page
    assert "agents-active-against G1202R" in page and "trial-outcomes PROFILE 1014" in page
    assert "cdn" not in page.lower() and 'src="http' not in page  # everything served here


def test_resource_pages_are_served_through_the_pool_with_the_site_stylesheet(
    app_client: TestClient,
) -> None:
    page = app_client.get("/id/agent/lorlatinib", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["x-graph-release"]
    assert "Activity by mutation" in page.text and "Claims about it (13)" in page.text
    css = app_client.get("/static/site.css")
    assert css.status_code == 200 and ".v-no-data" in css.text
    trial = app_client.get("/id/trial/profile-1014.html")
    assert trial.status_code == 200 and "0.35–0.60" in trial.text
