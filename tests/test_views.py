"""The pictures' data and drawings: the activity matrix and the hazard-ratio forest plot."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.query import run_named
from kg.views import Links, forest_image, matrix_image
from kg.views.claims import cell_claims
from kg.views.forest import HazardRatio, hazard_ratios
from kg.views.matrix import Filters, activity_matrix, narrowed
from kg.views.select import source_select

ID = "https://w3id.org/alkkg/id/"
LORLATINIB, CRIZOTINIB = ID + "agent/lorlatinib", ID + "agent/crizotinib"
G1202R, I1171T = ID + "variant/alk-g1202r", ID + "variant/alk-i1171t"
PROFILE_1014 = ID + "trial/profile-1014"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def select(store: ox.Store):
    return source_select(store)


def test_lorlatinib_keeps_activity_against_g1202r_as_the_uhod_review_states(select) -> None:
    cell = activity_matrix(select).cell(G1202R, LORLATINIB)
    assert cell.verdict == "sensitive"
    assert cell.level == "review"  # a review's assertion, not clinical evidence
    assert (cell.sensitive, cell.reduced, cell.resistant) == (1, 0, 0)
    assert cell.by_source == "Kazaz & Oztop 2017, UHOD review: 1 sensitive"
    crizotinib = activity_matrix(select).cell(G1202R, CRIZOTINIB)
    assert crizotinib.verdict == "resistant" and crizotinib.count == 6


def test_every_cell_is_what_activity_profile_says(select, store: ox.Store) -> None:
    matrix = activity_matrix(select)
    profile = run_named(store, "activity-profile", {"mutation": "G1202R"})
    by_agent = {r[0].value: r[3].value for r in profile.rows if r[0] and r[3]}
    assert {c.agent: matrix.cell(G1202R, c.agent).verdict for c in matrix.columns} == by_agent
    assert "no data" in by_agent.values()  # agents nobody tested: "no data", not "inactive"


def test_rows_in_kinase_domain_order_with_compounds_after_their_first_residue(select) -> None:
    labels = [row.label for row in activity_matrix(select).rows]
    positions = [row.position for row in activity_matrix(select).rows]
    assert positions == sorted(positions)
    assert labels.index("C1156Y") < labels.index("C1156Y + L1198F") < labels.index("I1171N")
    assert labels.index("C1156Y") < labels.index("L1196M + C1156Y") < labels.index("I1171N")
    assert "G1269A" in labels and "G1269S" in labels and "G1269A/S" not in labels
    assert not any(label.startswith(("EML4", "EGFR")) for label in labels)


def test_columns_by_generation(select) -> None:
    columns = activity_matrix(select).columns
    assert columns[0].label == "crizotinib"
    assert columns[0].generation == "first-generation ALK inhibitor"
    assert {c.label for c in columns[1:3]} == {"alectinib", "ceritinib"}
    assert "lorlatinib" in [c.label for c in columns]


def test_minimum_level_leaves_a_review_assertion_as_no_data(select) -> None:
    matrix = activity_matrix(select, min_level="c")
    assert matrix.filters.min_level == "C"
    assert matrix.cell(G1202R, LORLATINIB).verdict == "no data"
    assert matrix.cell(G1202R, CRIZOTINIB).verdict == "resistant"


def test_source_filter_counts_one_source(select) -> None:
    matrix = activity_matrix(select, source="Shaw")
    assert matrix.filters.source_label == "Shaw & Engelman 2013, J Clin Oncol"
    crizotinib = matrix.cell(G1202R, CRIZOTINIB)
    assert crizotinib.by_source == "Shaw & Engelman 2013, J Clin Oncol: 2 resistant"
    assert matrix.cell(G1202R, LORLATINIB).verdict == "no data"


@pytest.mark.parametrize(
    ("source", "level", "message"),
    [("nobody", None, "not a source"), ("review", None, "names several"), (None, "Z", "A, B")],
)
def test_unknown_filters_name_the_known_ones(select, source, level, message) -> None:
    with pytest.raises(UsageError, match=message):
        activity_matrix(select, source=source, min_level=level)


def test_one_column_and_one_row(select) -> None:
    column = activity_matrix(select, agent=LORLATINIB)
    assert [c.label for c in column.columns] == ["lorlatinib"]
    assert len(column.cells) == len(column.rows) > 15
    row = activity_matrix(select, variant=ID + "variant/eml4-alk")  # any variant, asked for
    assert [r.label for r in row.rows] == ["EML4-ALK"]
    with pytest.raises(UsageError, match="not an ALK inhibitor"):
        activity_matrix(select, agent=ID + "agent/cisplatin")
    with pytest.raises(UsageError, match="no variant"):
        activity_matrix(select, variant=ID + "variant/none")


def test_the_filters_need_the_line_they_follow() -> None:
    with pytest.raises(RuntimeError, match="no longer has"):
        narrowed("SELECT * WHERE { ?s ?p ?o }", Filters(min_rank=4))


def test_a_conflicting_cell_lists_the_claims_of_both_sides(select) -> None:
    found = cell_claims(select, CRIZOTINIB, I1171T)
    assert found.cell.verdict == "conflicting" and found.cell.disputed
    counted = [c for c in found.claims if c.counted]
    assert {c.activity for c in counted} == {"sensitive", "resistant"}
    assert {c.claim for c in counted} == set(found.cell.claims)
    assert all(c.quote and c.locator for c in counted)  # each as its source states it


def test_claims_left_out_by_a_filter_say_so(select) -> None:
    found = cell_claims(select, LORLATINIB, G1202R, min_level="C")
    assert found.cell.verdict == "no data"
    (left_out,) = found.claims
    assert not left_out.counted and "below evidence level C" in left_out.why_not


def test_profile_1014_progression_free_survival_hr(select) -> None:
    rows = hazard_ratios(select, PROFILE_1014)
    assert {hr.trial for hr in rows} == {"PROFILE 1014"}
    pfs = [hr for hr in rows if hr.endpoint == "progression-free survival" and not hr.flagged]
    assert {hr.estimate for hr in pfs if hr.ci_low} == {"0.45 (0.35–0.60)"}
    assert {hr.comparison for hr in pfs} == {"crizotinib vs chemotherapy"}
    assert {hr.source for hr in pfs} >= {"Duchemann, Friboulet & Besse, review"}


def test_flagged_hazard_ratios_stay_with_their_correction(select) -> None:
    flagged = [hr for hr in hazard_ratios(select) if hr.flagged]
    assert flagged and all(hr.correction for hr in flagged)
    assert {hr.correction for hr in flagged if hr.trial == "PROFILE 1014"} == {
        "trial should be PROFILE 1007"
    }


def test_every_hazard_ratio_of_trial_outcomes_is_a_row(select, store: ox.Store) -> None:
    outcomes = run_named(store, "trial-outcomes", {})
    statistic = outcomes.variables.index("statistic")
    claim = outcomes.variables.index("claim")
    expected = {r[claim].value for r in outcomes.rows if r[statistic].value == "hazard ratio"}
    assert {hr.claim for hr in hazard_ratios(select)} == expected


def test_estimates_are_padded_never_rounded() -> None:
    hr = HazardRatio(
        *["x"] * 4, "0.125", "0.1", "0.2", None, "", "", "", "", "", False, "", "c"
    )  # fmt: skip
    assert hr.estimate == "0.125 (0.100–0.200)"


def test_matrix_svg_links_each_cell_to_its_claims(select) -> None:
    svg = matrix_image(select, "svg", Links(site="/"))
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    links = [a.get("{http://www.w3.org/1999/xlink}href", "") for a in root.iter(SVG + "a")]
    assert any("agent=" + LORLATINIB.replace(":", "%3A").replace("/", "%2F") in h for h in links)
    titles = [t.text or "" for t in root.iter(SVG + "title")]
    assert any(t.startswith("lorlatinib × G1202R: sensitive") for t in titles)
    assert "no data: nothing known (not inactive)" in svg.decode()


def test_forest_svg_shows_the_hr_and_links_to_its_claim(select) -> None:
    svg = forest_image(select, "svg", Links(site="/"), PROFILE_1014).decode()
    ET.fromstring(svg)
    assert "0.45 (0.35–0.60)" in svg
    assert 'xlink:href="/id/claim/001-outcome-f6fc51801e"' in svg
    assert "correction: trial should be PROFILE 1007" in svg
    assert "J-ALEX" not in svg


def test_png(select) -> None:
    png = forest_image(select, "png", Links())
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
