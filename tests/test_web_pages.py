"""The resource pages as a reader sees them: labels not IRIs, what a thing is first, the claims
by kind with their sources, an agent's activity by mutation, a variant's profile, a trial's
outcomes, a claim's quote; everything escaped."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from kg.web.pages import resource_page
from kg.web.pages.html import same_places

BASE = "https://w3id.org/alkkg/"
LORLATINIB = BASE + "id/agent/lorlatinib"
G1202R = BASE + "id/variant/alk-g1202r"
PROFILE_1014 = BASE + "id/trial/profile-1014"


class _Text(HTMLParser):
    """The text a reader sees, and the rows of every table by the table's class."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and self._depth == 0:
            css = dict(attrs).get("class") or ""
            self._table = self.tables.setdefault(css, [])
        if tag == "table":
            self._depth += 1
        if tag == "tr" and self._table is not None and self._depth == 1:
            self._table.append([])
        if tag == "td" and self._table is not None and self._depth == 1 and self._table:
            self._table[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
            if self._depth == 0:
                self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._table and self._table[-1] and self._depth == 1:
            self._table[-1][-1] += data


def read(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def rows(page: str, css: str) -> list[list[str]]:
    """The body rows of the table of class `css`, cell texts with spaces collapsed."""
    return [
        [" ".join(cell.split()) for cell in row]
        for row in read(page).tables.get(css, [])
        if row  # the header row has th cells only
    ]


@pytest.fixture(scope="module")
def lorlatinib(store: ox.Store) -> str:
    return resource_page(store, LORLATINIB, BASE)


def test_predicates_read_by_their_labels_with_the_iri_on_hover_and_the_curie_beside(
    lorlatinib: str,
) -> None:
    text = " ".join(read(lorlatinib).text)
    assert "22-rdf-syntax-ns#type" not in text and "rdf-schema#label" not in text
    properties = {row[0]: row for row in rows(lorlatinib, "properties")}
    assert properties["other names"][1:] == ["PF-06463922", "skos:altLabel"]
    assert properties["inhibits"][1:] == ["ALK; ROS1", "alkkg:inhibits"]
    assert "CHEBI:143117" in properties["exact match (SKOS)"][1]  # a CURIE, not a long IRI
    assert 'title="https://w3id.org/alkkg/ontology/inhibits"' in lorlatinib
    assert "type" not in properties and "label" not in properties  # said above the table


def test_the_asserted_class_comes_first_and_the_inferred_ones_are_folded(lorlatinib: str) -> None:
    shown = re.search(r"<p class=types>(.*?)</p>", lorlatinib, re.S)
    folded = re.search(r"<details class=inferred>(.*?)</details>", lorlatinib, re.S)
    assert shown is not None and folded is not None
    asserted = re.findall(r">([^<]+)</a>", shown.group(1))
    assert asserted == ["next-generation ALK inhibitor", "ALK inhibitor"]  # specific first
    inferred = re.findall(r">([^<]+)</a>", folded.group(1))
    assert {"kinase inhibitor", "substance", "targeted agent"} <= set(inferred)
    assert not set(asserted) & set(inferred)
    assert lorlatinib.index("<p class=types>") < lorlatinib.index("<details class=inferred>")


def test_claims_are_grouped_by_kind_with_level_source_and_place(lorlatinib: str) -> None:
    kinds = re.findall(r"<h3 class=kind[^>]*>([^<]+)</h3>", lorlatinib)
    assert kinds[0] == "Activity (3)"  # the kind people look for first
    assert {"Target (3)", "Alias (1)"} <= set(kinds)
    claims = rows(lorlatinib, "claims")
    g1202r = next(r for r in claims if r[0] == "lorlatinib / ALK G1202R sensitive")
    assert g1202r[1:4] == ["review", "Kazaz & Oztop 2017, UHOD review", 'Section "Lorlatinib"']
    assert "high effectiveness on the G1202R mutation" in g1202r[4]
    alias = next(r for r in claims if r[0].startswith("lorlatinib PF-063922"))
    assert "flagged as the source's error: alias should be PF-06463922" in alias[0]


def test_an_agents_page_shows_its_activity_by_mutation_as_the_papers_say(
    lorlatinib: str, store: ox.Store
) -> None:
    activity = {row[0]: row for row in rows(lorlatinib, "activity")}
    assert activity["ALK G1202R"][1:4] == ["sensitive", "for: review", "1 · 0 · 0"]
    assert activity["ALK G1202R"][4] == "Kazaz & Oztop 2017, UHOD review: 1 sensitive"
    assert activity["ALK L1198F"][1] == "resistant"
    assert list(activity)[:2] == ["ALK L1198F", "ALK G1202R"]  # kinase-domain order
    section = lorlatinib[lorlatinib.index("<section class=activity") :]
    assert 'href="/id/claim/000-activity-360bf3eb73"' in section  # the claim behind the cell
    # a mutation no claim about lorlatinib speaks of is named as "no data", not left out
    nodata = re.search(r"<p class=nodata>(.*?)</p>", section, re.S)
    assert nodata is not None and "ALK I1171T" in nodata.group(1)
    assert f"/views/activity-matrix.svg?agent={quote(LORLATINIB, safe='')}" in lorlatinib
    crizotinib = resource_page(store, BASE + "id/agent/crizotinib", BASE)
    verdicts = {row[0]: row[1] for row in rows(crizotinib, "activity")}
    assert verdicts["ALK G1202R"] == "resistant" and verdicts["ALK L1196M"] == "resistant"


def test_a_variants_page_shows_every_inhibitors_verdict_no_data_included(store: ox.Store) -> None:
    page = resource_page(store, G1202R, BASE)
    verdicts = {row[0]: row[2] for row in rows(page, "activity")}
    assert verdicts["lorlatinib"] == "sensitive"
    assert verdicts["crizotinib"] == verdicts["alectinib"] == verdicts["ceritinib"] == "resistant"
    assert verdicts["brigatinib"] == "no data"
    assert f"/views/activity-matrix.svg?variant={quote(G1202R, safe='')}" in page
    assert "Activity profile" in page


def test_a_trials_page_lists_arms_and_outcomes_with_the_hazard_ratio_and_its_ci(
    store: ox.Store,
) -> None:
    page = resource_page(store, PROFILE_1014, BASE)
    arms = {row[0]: row for row in rows(page, "arms")}
    assert arms["crizotinib"][1:] == ["crizotinib", "172"]
    assert arms["chemotherapy"][2] == "171"
    outcomes = rows(page, "outcomes")
    pfs_hr = [r for r in outcomes if r[0] == "progression-free survival (hazard ratio)"]
    assert ["crizotinib", "172 (arm)", "chemotherapy", "0.45", "0.35–0.60"] in [
        r[1:6] for r in pfs_hr
    ]
    # the figures a source gave for another trial are listed, flagged, with the correction
    assert any("trial should be PROFILE 1007" in r[9] for r in pfs_hr)
    assert f"/views/hazard-ratios.svg?trial={quote(PROFILE_1014, safe='')}" in page


def test_a_claims_page_sets_off_its_quote_and_shows_figures_with_their_unit(
    store: ox.Store,
) -> None:
    page = resource_page(store, BASE + "id/claim/003-t1-profile-1014-os-1y-rate", BASE)
    lead = re.search(r"<blockquote class=claim>(.*?)</blockquote>", page, re.S)
    assert lead is not None and "1-Year (%) 74.8 NA NA 84.0" in lead.group(1)
    assert "Giroux-Leprieur et al. 2016" in lead.group(1)
    properties = {row[0]: row[1] for row in rows(page, "properties")}
    assert properties["value"] == "84 percent" and properties["time point"] == "1 year (duration)"
    flagged = resource_page(store, BASE + "id/claim/003-p1014-dor-second-value", BASE)
    assert "Flagged as the source's error: arm should be chemotherapy" in flagged


def test_everything_from_the_graph_is_escaped_and_only_web_iris_are_links() -> None:
    store = ox.Store()
    thing = ox.NamedNode(BASE + "id/agent/x")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(thing, label, ox.Literal("<script>alert(1)</script>")))
    store.add(
        ox.Quad(thing, ox.NamedNode(BASE + "ontology/note"), ox.Literal('"><img src=x onerror=1>'))
    )
    store.add(ox.Quad(thing, ox.NamedNode(BASE + "ontology/see"), ox.NamedNode("javascript:x()")))
    page = resource_page(store, thing.value, BASE)
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert heading is not None and unescape(heading.group(1)) == "<script>alert(1)</script>"


def test_figures_are_written_to_the_same_places_without_rounding() -> None:
    assert same_places("0.45", "0.35", "0.6") == ["0.45", "0.35", "0.60"]
    assert same_places("10.9", "", "") == ["10.9", "", ""]
    assert same_places("0.123", "0.1") == ["0.123", "0.100"]  # zeros added, no digit lost
    assert same_places("NA", "1.5") == ["NA", "1.5"]


def test_a_publications_page_lists_every_claim_it_is_the_source_of_by_kind(
    store: ox.Store,
) -> None:
    publication = BASE + "id/publication/000_b686ffc26ee90cf9"
    page = resource_page(store, publication, BASE)
    count = store.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE "
        f"{{ ?c a <{BASE}ontology/Claim> ; <http://www.w3.org/ns/prov#wasDerivedFrom> <{publication}> }}"
    )
    expected = int(next(iter(count))["n"].value)  # type: ignore[index]
    assert expected > 100
    assert f"Claims it is the source of ({expected})" in page
    kinds = re.findall(r"<h3 class=kind[^>]*>([^<(]+) \(", page)
    assert kinds[:2] == ["Activity", "Resistance mechanism"]
    claims = rows(page, "claims")
    assert any(r[0] == "lorlatinib / ALK G1202R sensitive" for r in claims)
