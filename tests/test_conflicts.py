"""kg.build.conflicts: claims are paired only when they state the same thing, and each pair says why."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.build.conflicts import Outcome, compare_outcomes, rounding
from kg.vocab import ALKKG

ORR = Outcome(
    claim="urn:a",
    trial="urn:trial",
    trial_label="PROFILE 1001",
    arm=None,
    comparator=None,
    endpoint=str(ALKKG.ORR),
    endpoint_label="objective response rate",
    statistic=str(ALKKG.Proportion),
    value=Decimal("57"),
    unit=str(ALKKG.Percent),
    population=None,
    time=None,
    n=None,
    report=None,
    approximate=False,
    publication="urn:paper-1",
    publication_label="paper 1",
    quote="ORR was 57%",
    locator="Results",
    unit_label="percent",
)


def other(**changes: object) -> Outcome:
    """The same statement from another paper, changed as given."""
    base = replace(ORR, claim="urn:b", publication="urn:paper-2", publication_label="paper 2")
    return replace(base, **changes)  # type: ignore[arg-type]


def verdicts(*outcomes: Outcome, single_arm: frozenset[str] = frozenset()) -> list[str]:
    return [c.verdict for c in compare_outcomes(list(outcomes), set(single_arm))]


def test_different_values_of_the_same_statistic_contradict_with_a_reason() -> None:
    (found,) = compare_outcomes([ORR, other(value=Decimal("38.6"))], set())
    assert found.verdict == "contradicts"
    assert "PROFILE 1001 objective response rate" in found.reason
    assert "57" in found.reason and "38.6" in found.reason
    assert "paper 1, Results" in found.reason and "paper 2" in found.reason


def test_values_within_the_rounding_of_their_wording_agree() -> None:
    assert verdicts(ORR, other(value=Decimal("57.4"))) == []  # "57" covers 56.5-57.5
    assert verdicts(ORR, other(value=Decimal("57.6"))) == ["contradicts"]
    around = replace(ORR, value=Decimal("60"), approximate=True)
    assert verdicts(around, other(value=Decimal("60.8"))) == []  # "around 60%"
    assert verdicts(around, other(value=Decimal("53"))) == ["contradicts"]


def test_rounding_allowance_follows_the_digits_written() -> None:
    assert rounding(Decimal("57"), False) == Decimal("0.5")
    assert rounding(Decimal("60.8"), False) == Decimal("0.05")
    assert rounding(Decimal("60"), True) == Decimal("3.00")


def test_successive_reports_are_updates_not_contradictions() -> None:
    initial = replace(ORR, n=82)
    update = other(value=Decimal("60.8"), n=143)
    (found,) = compare_outcomes([initial, update], set())
    assert found.verdict == "otherReportOf"
    assert "n = 82" in found.reason and "n = 143" in found.reason
    named = verdicts(replace(ORR, report="initial"), other(value=Decimal("61"), report="update"))
    assert named == ["otherReportOf"]


def test_a_figure_matching_a_later_report_is_an_update_of_an_earlier_one() -> None:
    initial = replace(ORR, n=82)  # 57% over 82 patients
    later = other(claim="urn:c", value=Decimal("60.8"), n=143)
    unnamed = other(claim="urn:d", value=Decimal("61"), publication="urn:paper-3")
    found = {(c.a, c.b): c for c in compare_outcomes([initial, later, unnamed], set())}
    assert {c.verdict for c in found.values()} == {"otherReportOf"}
    assert "matches 60.8% (n = 143)" in found[("urn:a", "urn:d")].reason


def test_a_flagged_claim_says_so_in_the_reason() -> None:
    (found,) = compare_outcomes([ORR, other(value=Decimal("54"), flagged=True)], set())
    assert "flagged as the source's error" in found.reason


def test_months_and_weeks_are_not_compared() -> None:
    months = replace(ORR, statistic=str(ALKKG.Median), unit=str(ALKKG.Month), value=Decimal("11.3"))
    weeks = other(statistic=str(ALKKG.Median), unit=str(ALKKG.Week), value=Decimal("48.4"))
    assert verdicts(months, weeks) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"population": "patients with brain metastases"},
        {"time": ("6", str(ALKKG.Month))},
        {"endpoint": str(ALKKG.PFS)},
        {"statistic": str(ALKKG.Median)},
        {"trial": "urn:another-trial"},
        {"arm": "urn:arm/crizotinib"},
    ],
)
def test_different_populations_time_points_or_arms_are_not_compared(changes: dict) -> None:
    assert verdicts(ORR, other(value=Decimal("38"), **changes)) == []


def test_an_arm_and_no_arm_are_the_same_population_when_the_trial_has_one_arm() -> None:
    with_arm = other(value=Decimal("38"), arm="urn:arm/crizotinib")
    assert verdicts(ORR, with_arm, single_arm=frozenset({"urn:trial"})) == ["contradicts"]
    assert verdicts(ORR, with_arm) == []


def test_one_passage_split_into_rows_is_not_compared_with_itself() -> None:
    assert verdicts(ORR, replace(ORR, claim="urn:b", value=Decimal("5.3"))) == []


def test_hazard_ratios_are_compared_in_one_direction() -> None:
    hr = replace(
        ORR,
        statistic=str(ALKKG.HazardRatio),
        unit=str(ALKKG.Ratio),
        value=Decimal("0.45"),
        arm="urn:arm/crizotinib",
        comparator="urn:arm/chemotherapy",
    )
    reversed_agrees = other(
        statistic=hr.statistic,
        unit=hr.unit,
        value=Decimal("2.22"),
        arm=hr.comparator,
        comparator=hr.arm,
    )
    assert verdicts(hr, reversed_agrees) == []
    (found,) = compare_outcomes([hr, replace(reversed_agrees, value=Decimal("1.5"))], set())
    assert found.verdict == "contradicts"
    assert found.compared_value == "1.5 as worded is 0.67 the other way round"


def test_a_comparison_becomes_a_node_with_both_claims_verdict_and_reason() -> None:
    (found,) = compare_outcomes([ORR, other(value=Decimal("38.6"))], set())
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in found.triples())
    ask = f"""ASK {{
      <urn:a> <{ALKKG.contradicts}> <urn:b> .
      ?c a <{ALKKG.ClaimComparison}> ; <{ALKKG.comparedClaim}> <urn:a>, <urn:b> ;
         <{ALKKG.verdict}> <{ALKKG.Contradiction}> ;
         <http://www.w3.org/2000/01/rdf-schema#comment> ?reason .
    }}"""
    assert bool(store.query(ask))
