"""`/views/...`: the activity matrix and the forest plot served, as pages and as bare SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

ID = "https://w3id.org/alkkg/id/"
LORLATINIB, CRIZOTINIB = ID + "agent/lorlatinib", ID + "agent/crizotinib"
G1202R = ID + "variant/alk-g1202r"
PROFILE_1014 = ID + "trial/profile-1014"


def cells(svg: str) -> int:
    return svg.count('<g id="cell-')


def test_matrix_page_has_the_picture_inline_and_the_filters(app_client: TestClient) -> None:
    page = app_client.get("/views/activity-matrix")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<select name=source>" in page.text and "<select name=min_level>" in page.text
    assert "Kazaz &amp; Oztop 2017, UHOD review</option>" in page.text
    assert "<svg" in page.text and "<script" not in page.text  # nothing fetched at run time
    claims_link = (
        f"/views/activity-matrix/claims?agent={quote(LORLATINIB, safe='')}"
        f"&amp;variant={quote(G1202R, safe='')}"
    )
    assert claims_link in page.text
    filtered = app_client.get("/views/activity-matrix", params={"min_level": "B"})
    assert '<option value="B" selected>' in filtered.text
    assert "min_level=B" in filtered.text  # each square's link keeps the filter


def test_bare_svg_of_one_column_and_one_row(app_client: TestClient) -> None:
    full = app_client.get("/views/activity-matrix.svg")
    assert full.headers["content-type"] == "image/svg+xml"
    column = app_client.get("/views/activity-matrix.svg", params={"agent": LORLATINIB})
    row = app_client.get("/views/activity-matrix.svg", params={"variant": G1202R})
    ET.fromstring(column.content)
    rows, columns = cells(column.text), cells(row.text)
    assert rows * columns == cells(full.text) and rows > 15 and columns > 5
    assert ">crizotinib<" not in column.text and ">crizotinib<" in row.text


def test_claims_of_one_square(app_client: TestClient) -> None:
    page = app_client.get(
        "/views/activity-matrix/claims", params={"agent": LORLATINIB, "variant": G1202R}
    )
    assert page.status_code == 200
    assert "lorlatinib × G1202R" in page.text and "<strong>sensitive</strong>" in page.text
    assert 'href="/id/claim/000-activity-360bf3eb73"' in page.text
    claim = app_client.get("/id/claim/000-activity-360bf3eb73")
    assert claim.status_code == 200  # each claim's link leads to its page


def test_forest_page_and_one_trial(app_client: TestClient) -> None:
    page = app_client.get("/views/hazard-ratios")
    assert page.status_code == 200 and "<select name=trial>" in page.text
    assert "0.45 (0.35–0.60)" in page.text and "J-ALEX" in page.text
    one = app_client.get("/views/hazard-ratios.svg", params={"trial": PROFILE_1014})
    assert one.headers["content-type"] == "image/svg+xml"
    assert "0.45 (0.35–0.60)" in one.text and "J-ALEX" not in one.text
    assert 'xlink:href="/id/claim/001-outcome-f6fc51801e"' in one.text


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/views/activity-matrix.svg", {"min_level": "Q"}, "not an evidence level"),
        ("/views/activity-matrix.svg", {"source": "nobody"}, "not a source"),
        ("/views/activity-matrix.svg", {"agent": CRIZOTINIB + "x"}, "not an ALK inhibitor"),
        ("/views/activity-matrix.svg", {"variant": "not an iri"}, "is not an IRI"),
        ("/views/activity-matrix", {"colour": "red"}, "unknown parameter 'colour'"),
        ("/views/activity-matrix/claims", {"agent": LORLATINIB}, "needs variant"),
        ("/views/hazard-ratios.svg", {"trial": LORLATINIB}, "not a clinical trial"),
        ("/views/hazard-ratios", {"trial": [PROFILE_1014, PROFILE_1014]}, "give it once"),
    ],
)
def test_bad_parameters_are_400_with_the_reason(
    app_client: TestClient, path: str, params: dict[str, str], message: str
) -> None:
    answer = app_client.get(path, params=params)
    assert answer.status_code == 400
    assert message in answer.text
