"""Every named query, checked against what the papers state."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from kg.query import QueryError, Results, named_queries, run_named
from kg.vocab import ALKKG, ID, RDF, SKOS
from loaders import TABLES
from loaders.mappings import MAPPINGS_FILE, read_mappings

EXPECTED_QUERIES = {
    "agents-active-against",
    "resistance-mutations",
    "bypass-mechanisms",
    "trial-outcomes",
    "adverse-events",
    "drug-targets",
    "cns-activity",
    "fusion-partners",
    "drug-interactions",
    "next-line-options",
    "source-conflicts",
    "agents-classed-as",
    "mapping-coverage",
    "activity-profile",
}


def rows(results: Results) -> list[dict[str, str]]:
    return [
        {
            v: (t.value if t is not None else None)
            for v, t in zip(results.variables, row, strict=True)
        }
        for row in results.rows
    ]


def column(results: Results, name: str) -> set[str]:
    return {row[name] for row in rows(results) if row[name] is not None}


def test_the_public_set_of_named_queries_exists_with_headers() -> None:
    queries = named_queries()
    assert set(queries) >= EXPECTED_QUERIES
    for query in queries.values():
        assert query.summary and query.examples, query.name


@pytest.mark.parametrize("typed", ["G1202R", "p.G1202R", "p.Gly1202Arg", "ALK G1202R", "g1202r"])
def test_g1202r_lorlatinib_retains_activity_and_older_agents_do_not(
    store: ox.Store, typed: str
) -> None:
    results = run_named(store, "agents-active-against", {"mutation": typed})
    agents = column(results, "agentLabel")
    assert "lorlatinib" in agents
    assert not agents & {"crizotinib", "ceritinib", "alectinib"}
    for row in rows(results):
        assert row["source"] and row["locator"] and row["quote"] and row["evidence"]
    lorlatinib = next(r for r in rows(results) if r["agentLabel"] == "lorlatinib")
    assert lorlatinib["source"].startswith("Kazaz & Oztop 2017")
    assert "G1202R" in lorlatinib["quote"]


def test_agents_active_against_say_how_strongly_each_row_is_known(store: ox.Store) -> None:
    results = run_named(store, "agents-active-against", {"mutation": "G1202R"})
    lorlatinib = next(r for r in rows(results) if r["agentLabel"] == "lorlatinib")
    # 000, Lorlatinib section: one sentence, no evidence shown: a review's own assertion.
    assert lorlatinib["level"] == "review assertion"


def profile(store: ox.Store, mutation: str) -> dict[str, dict[str, str]]:
    return {
        r["agentLabel"]: r
        for r in rows(run_named(store, "activity-profile", {"mutation": mutation}))
    }


def test_activity_profile_g1202r_has_a_verdict_for_every_alk_inhibitor(store: ox.Store) -> None:
    by_agent = profile(store, "G1202R")
    verdicts = {agent: row["verdict"] for agent, row in by_agent.items()}
    # 000 (Lorlatinib section; Table 3 G1202R column), 002 (Ba/F3 panel), 003, 004.
    assert verdicts["lorlatinib"] == "sensitive"
    assert {verdicts[a] for a in ("crizotinib", "ceritinib", "alectinib")} == {"resistant"}
    assert verdicts["brigatinib"] == "no data"  # "no data" is a row, never a missing one
    inhibitors = store.query(f"SELECT DISTINCT ?a WHERE {{ ?a a <{ALKKG.ALKInhibitor}> }}")
    assert len(by_agent) == len(list(inhibitors)) >= 10
    crizotinib = by_agent["crizotinib"]
    assert int(crizotinib["against"]) >= 3 and crizotinib["for"] == "0"
    assert crizotinib["strongestAgainst"] in {"A", "B", "C", "D", "E", "review"}
    assert "Kazaz & Oztop 2017" in crizotinib["bySource"]
    assert by_agent["lorlatinib"]["strongestFor"] == "review"
    assert by_agent["brigatinib"]["for"] == by_agent["brigatinib"]["against"] == "0"
    assert not by_agent["brigatinib"]["claims"]
    for claim in by_agent["crizotinib"]["claims"].split():
        assert claim.startswith(str(ID["claim/"]))


def test_activity_profile_i1171t_shows_the_disagreement_on_crizotinib(store: ox.Store) -> None:
    by_agent = profile(store, "I1171T")
    # 000 Table 3: crizotinib '+', ceritinib '+', alectinib '--'; 003 (two sections): I1171T
    # confers resistance to crizotinib and to alectinib; 004: alectinib resistance (I1171T/N/S).
    crizotinib = by_agent["crizotinib"]
    assert crizotinib["verdict"] == "conflicting"
    assert (crizotinib["for"], crizotinib["against"]) == ("1", "2")
    assert by_agent["alectinib"]["verdict"] == "resistant"
    assert by_agent["alectinib"]["against"] == "3"
    assert by_agent["ceritinib"]["verdict"] == "sensitive"
    assert by_agent["lorlatinib"]["verdict"] == by_agent["brigatinib"]["verdict"] == "no data"


def test_activity_profile_l1196m_the_gatekeeper(store: ox.Store) -> None:
    by_agent = profile(store, "L1196M")
    # Crizotinib: resistant in every paper, down to patients' rebiopsies (002, 001: level C).
    assert by_agent["crizotinib"]["verdict"] == "resistant"
    assert by_agent["crizotinib"]["strongestAgainst"] == "C"
    assert by_agent["crizotinib"]["for"] == "0"
    # 000 Table 3 '+' for ceritinib and alectinib; 001 reports ceritinib responses with L1196M.
    assert by_agent["ceritinib"]["verdict"] == by_agent["alectinib"]["verdict"] == "sensitive"
    assert by_agent["ceritinib"]["strongestFor"] == "C"
    # "designed to overcome L1196M" (001) is intent, not measured activity: no claim here.
    assert by_agent["brigatinib"]["verdict"] == "no data"


def test_ceritinib_resistance_mutations_follow_table_3(store: ox.Store) -> None:
    # 000 Table 3, ceritinib row: '--' under C1156Y, L1198F, F1174V/L, D1203N and G1202R.
    results = run_named(store, "resistance-mutations", {"drug": "LDK378"})
    variants = column(results, "variantLabel")
    assert {"ALK C1156Y", "ALK L1198F", "ALK F1174V/L", "ALK D1203N", "ALK G1202R"} <= variants
    assert "ALK L1196M" not in variants  # '+' in the same row
    table_rows = [r for r in rows(results) if r["locator"].startswith("Table 3")]
    assert {r["source"] for r in table_rows} == {"Kazaz & Oztop 2017, UHOD review"}


def test_bypass_mechanisms_after_crizotinib_name_genes_shares_and_partners(store: ox.Store) -> None:
    results = run_named(store, "bypass-mechanisms", {"drug": "crizotinib"})
    by_mechanism = {r["mechanismLabel"]: r for r in rows(results)}
    egfr = by_mechanism["EGFR activation (bypass)"]
    assert egfr["genes"] == "EGFR"
    assert "erlotinib" in egfr["partners"]
    assert any(
        r["count"] == "1" and r["total"] == "11"
        for r in rows(results)
        if r["mechanismLabel"] == "EGFR activation (bypass)"
    )
    assert any("KIT" in label for label in by_mechanism)
    everything = run_named(store, "bypass-mechanisms", {})
    assert len(everything.rows) >= len(results.rows)


def test_profile_1014_outcomes_per_arm(store: ox.Store) -> None:
    results = run_named(store, "trial-outcomes", {"trial": "PROFILE 1014"})
    table = rows(results)
    hr = [
        r
        for r in table
        if r["statistic"] == "hazard ratio" and r["endpoint"] == "progression-free survival"
    ]
    assert any(
        r["value"] == "0.45"
        and r["ciLow"] == "0.35"
        and r["ciHigh"] == "0.6"
        and r["pValue"] == "0.001"
        and r["pRelation"] == "<"
        and r["armLabel"] == "crizotinib"
        and r["comparatorLabel"] == "chemotherapy"
        for r in hr
    )
    pfs = {
        (r["armLabel"], r["value"])
        for r in table
        if r["endpoint"] == "progression-free survival" and r["statistic"] == "median"
    }
    assert ("crizotinib", "10.9") in pfs and ("chemotherapy", "7") in pfs
    orr = {(r["armLabel"], r["value"]) for r in table if r["endpoint"] == "objective response rate"}
    assert ("crizotinib", "74") in orr and ("chemotherapy", "45") in orr
    assert all(r["unit"] for r in table)
    by_registry_id = run_named(store, "trial-outcomes", {"trial": "NCT01154140"})
    assert len(by_registry_id.rows) == len(results.rows)


@pytest.mark.parametrize(
    ("registry_id", "label"),
    [
        ("NCT01801111", "Alectinib phase II after crizotinib (Ou et al.)"),
        ("NCT01449461", "Brigatinib phase I/II (Camidge et al.)"),
    ],
)
def test_one_trial_is_one_node_whatever_name_a_paper_uses(
    store: ox.Store, registry_id: str, label: str
) -> None:
    # 000 names these trials by author, 001 only by registry id: one node each.
    table = rows(run_named(store, "trial-outcomes", {"trial": registry_id}))
    assert {r["trialLabel"] for r in table} == {label}
    assert {r["source"].split(",")[0] for r in table} >= {"Kazaz & Oztop 2017"}
    nodes = store.query(f'SELECT ?t WHERE {{ ?t <{ALKKG.registryId}> "{registry_id}" }}')
    assert len(list(nodes)) == 1


def test_rates_carry_their_time_point_and_outcomes_their_own_n(store: ox.Store) -> None:
    table = rows(run_named(store, "trial-outcomes", {"trial": "PROFILE 1001"}))
    # 001, Section "Crizotinib": "6-month OS rate of 87.9%".
    six_months = [r for r in table if r["value"] == "87.9"]
    assert six_months and all(r["timePoint"] == "6 months" for r in six_months)
    assert all(r["timePoint"] for r in table if r["statistic"] == "rate")
    # 003: the initial report's 57% was over 82 patients, the update's 60.8% over 143.
    orr = {
        (r["value"], r["n"], r["nOf"]) for r in table if r["endpoint"] == "objective response rate"
    }
    assert ("57", "82", "outcome") in orr and ("60.8", "143", "outcome") in orr


def test_a_drug_lists_outcomes_of_its_trials(store: ox.Store) -> None:
    trials = column(run_named(store, "trial-outcomes", {"drug": "ceritinib"}), "trialLabel")
    assert {"ASCEND-1", "ASCEND-2"} <= trials
    assert "PROFILE 1014" not in trials


def test_crizotinib_grade_3_4_adverse_events(store: ox.Store) -> None:
    results = run_named(store, "adverse-events", {"drug": "crizotinib", "min_grade": "3"})
    table = rows(results)
    assert table and all(r["grade"] != "any grade" for r in table)
    assert any(
        r["eventLabel"] == "elevated transaminases"
        and r["trialLabel"] == "PROFILE 1014"
        and r["percent"] == "14"
        for r in table
    )
    one_trial = run_named(store, "adverse-events", {"drug": "crizotinib", "trial": "PROFILE 1007"})
    assert column(one_trial, "trialLabel") == {"PROFILE 1007"}


def test_crizotinib_targets(store: ox.Store) -> None:
    targets = column(run_named(store, "drug-targets", {"drug": "PF-02341066"}), "targetLabel")
    assert {"ALK", "MET", "ROS1", "MST1R"} <= targets


def test_cns_activity_and_why_crizotinib_fails_in_the_brain(store: ox.Store) -> None:
    table = rows(run_named(store, "cns-activity", {}))
    assert {"alectinib", "crizotinib"} <= {r["agentLabel"] for r in table}
    pgp = [r for r in table if r["kind"] == "P-glycoprotein substrate"]
    assert any(r["agentLabel"] == "alectinib" and r["finding"] == "false" for r in pgp)
    reasons = {r["finding"] for r in table if r["kind"] == "reason for poor CNS control"}
    assert any("P-glycoprotein" in r for r in reasons)


def test_fusion_partners_by_disease(store: ox.Store) -> None:
    table = rows(run_named(store, "fusion-partners", {}))
    lung = {
        r["partnerLabel"] for r in table if r["diseaseLabel"] == "non-small cell lung carcinoma"
    }
    lymphoma = {r["partnerLabel"] for r in table if "lymphoma" in r["diseaseLabel"]}
    assert {"EML4", "KIF5B", "TFG", "KLC1"} <= lung
    assert {"NPM1", "TPM3"} <= lymphoma


def test_crizotinib_interactions(store: ox.Store) -> None:
    table = rows(run_named(store, "drug-interactions", {"drug": "crizotinib"}))
    interactors = {r["interactorLabel"] for r in table}
    assert {"ketoconazole", "rifampicin", "grapefruit"} <= interactors


def test_after_alectinib_with_i1171t(store: ox.Store) -> None:
    results = run_named(store, "next-line-options", {"drug": "alectinib", "mutation": "I1171T"})
    activity = {r["optionLabel"] for r in rows(results) if r["kind"] == "activity"}
    assert "ceritinib" in activity  # 000 Table 3, ceritinib row: '+' under I1171T
    assert "alectinib" not in activity
    # The 004 trial gave crizotinib after alectinib: what its patients received, not advice.
    reported = {r["optionLabel"] for r in rows(results) if r["kind"] == "reported practice"}
    assert "crizotinib" in reported
    crizotinib = [r for r in rows(results) if r["optionLabel"] == "crizotinib"]
    # 003 says I1171T confers resistance to crizotinib: every crizotinib row says so.
    assert all("I1171T confers resistance to crizotinib" in r["caution"] for r in crizotinib)


def test_after_crizotinib_with_i1171t_alectinib_is_never_a_plain_option(store: ox.Store) -> None:
    table = rows(
        run_named(store, "next-line-options", {"drug": "crizotinib", "mutation": "I1171T"})
    )
    alectinib = [r for r in table if r["optionLabel"] == "alectinib"]
    assert alectinib, "the papers' advice to switch to alectinib is shown, with its caution"
    for row in alectinib:
        assert row["kind"] in {"avoid", "reported practice"}
        # 000 Table 3 (alectinib '--' under I1171T), 003 (twice) and 004 say it resists.
        assert row["caution"].startswith("3 claim(s) that ALK I1171T confers resistance")
    activity = {r["optionLabel"] for r in table if r["kind"] == "activity"}
    assert activity == {"ceritinib"}  # 000 Table 3: '+' under I1171T
    advised = [r for r in table if r["kind"] == "strategy"]
    assert advised and all(r["stance"] == "advised" for r in advised)


def test_next_line_options_change_with_the_mutation(store: ox.Store) -> None:
    def kinds(mutation: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        params = {"drug": "crizotinib", "mutation": mutation}
        for r in rows(run_named(store, "next-line-options", params)):
            found[r["optionLabel"] or ""].add(r["kind"])
        return found

    i1171t, g1202r, none = kinds("I1171T"), kinds("G1202R"), kinds("")
    assert "avoid" in i1171t["alectinib"] and "avoid" in g1202r["alectinib"]
    assert "activity" in i1171t["ceritinib"] and "avoid" in g1202r["ceritinib"]
    assert "activity" in g1202r["lorlatinib"] and "activity" not in i1171t.get("lorlatinib", set())
    assert "avoid" not in none.get("alectinib", set())  # no mutation: nothing to caution about


def test_source_conflicts_include_the_known_disagreements(store: ox.Store) -> None:
    table = rows(run_named(store, "source-conflicts", {}))
    ascend2 = [r for r in table if "ASCEND-2" in r["subject"]]
    assert any({r["valueA"], r["valueB"]} == {"54", "38.6"} for r in ascend2)
    assert all("flagged as the source's error" in r["reason"] for r in ascend2)
    i1171t = [r for r in table if "crizotinib" in r["subject"] and "I1171T" in r["subject"]]
    assert any({r["valueA"], r["valueB"]} == {"sensitive", "resistant"} for r in i1171t)
    assert all(r["reason"] for r in table)


def test_source_conflicts_compare_like_with_like(store: ox.Store) -> None:
    table = rows(run_named(store, "source-conflicts", {}))
    pairs = [{r["valueA"], r["valueB"]} for r in table if "PROFILE" in r["subject"]]
    # 003: 57% (initial report, 82 patients) and 60.8% (update, 143): successive reports.
    assert {"57", "60.8"} not in pairs
    # 003: median response 11.3 months in the text, 48.4 weeks in Table 1: not compared.
    assert not any({"11.3", "48.4"} <= p for p in pairs)
    # 000: "around 60%" for PROFILE 1001 and 1005 together is no conflict with 61% or 53%.
    assert not any("60" in p for p in pairs)
    updates = store.query(
        f"SELECT ?r WHERE {{ ?c <{ALKKG.verdict}> <{ALKKG.SuccessiveReport}> ; "
        "<http://www.w3.org/2000/01/rdf-schema#comment> ?r }"
    )
    assert any("57% (n = 82)" in s["r"].value and "60.8%" in s["r"].value for s in updates)


def test_mapping_coverage_counts_the_mapping_set(store: ox.Store) -> None:
    """The counts the build stores agree with loaders/tables/mappings.sssom.tsv, row by row."""
    mappings = read_mappings(TABLES / MAPPINGS_FILE)
    expected: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for m in mappings.mappings:
        kind = m.subject.removeprefix(str(ID)).split("/", 1)[0]
        scheme = max((ns for ns in mappings.curie_map.values() if m.object.startswith(ns)), key=len)
        expected[kind, scheme, m.predicate].add(m.subject)
    table = rows(run_named(store, "mapping-coverage", {}))
    got = {(r["kind"], r["scheme"], r["predicate"]): int(r["entities"]) for r in table}
    assert got == {key: len(subjects) for key, subjects in expected.items()}
    assert got["agent", "http://purl.obolibrary.org/obo/CHEBI_", str(SKOS.exactMatch)] >= 17
    agents = store.quads_for_pattern(
        None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(ALKKG.Agent)), ox.DefaultGraph()
    )
    assert {int(r["of"]) for r in table if r["kind"] == "agent"} == {len(list(agents))}


def test_unknown_names_suggest_the_closest(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="G1202R"):
        run_named(store, "agents-active-against", {"mutation": "G1203R"})
    with pytest.raises(QueryError, match="ceritinib"):
        run_named(store, "resistance-mutations", {"drug": "ceritinb"})
    with pytest.raises(QueryError, match="needs --param mutation"):
        run_named(store, "agents-active-against", {})
    with pytest.raises(QueryError, match="no parameter"):
        run_named(store, "agents-active-against", {"mutation": "G1202R", "drug": "x"})
    with pytest.raises(QueryError, match="agents-active-against"):
        run_named(store, "agents-active-agains", {})


def test_without_civic_the_knowledge_base_columns_are_empty(store: ox.Store) -> None:
    """The default build has no CIViC: the new columns exist, and say nothing for papers' rows."""
    for name, params in (
        ("resistance-mutations", {"drug": "ceritinib"}),
        ("agents-active-against", {"mutation": "G1202R"}),
    ):
        found = rows(run_named(store, name, params))
        assert found
        for row in found:
            assert row["database"] is None and row["evidenceId"] is None, row
    g1202r = profile(store, "G1202R")
    assert g1202r["brigatinib"]["verdict"] == "no data"
    assert all(not r["evidenceIds"] for r in g1202r.values())


def test_resistance_rows_come_once_per_claim(store: ox.Store) -> None:
    found = rows(run_named(store, "resistance-mutations", {"drug": "ceritinib"}))
    claims = [r["claim"] for r in found]
    assert len(claims) == len(set(claims))
    assert {r["level"] for r in found} <= {"A", "B", "C", "D", "E", "review"}


def _sorted(table: list[dict[str, str]]) -> list[str]:
    return sorted(repr(sorted(r.items(), key=lambda kv: kv[0])) for r in table)


@pytest.mark.parametrize("drug", ["alectinib", "crizotinib", "ceritinib"])
def test_cns_activity_for_one_drug_is_its_rows_of_the_listing(store: ox.Store, drug: str) -> None:
    """The anchor changes the work, not the answer: the drug's rows of the whole listing (its
    claims, outcomes of arms giving it, reasons for poor CNS control reported against it)."""
    table = rows(run_named(store, "cns-activity", {}))
    mine = [r for r in table if drug in (r["agentLabel"] or "").split(", ")]
    anchored = rows(run_named(store, "cns-activity", {"drug": drug}))
    assert anchored and _sorted(anchored) == _sorted(mine)


def test_cns_activity_for_alectinib_and_crizotinib_as_the_papers_say(store: ox.Store) -> None:
    alectinib = rows(run_named(store, "cns-activity", {"drug": "CH5424802"}))
    assert {r["agentLabel"] for r in alectinib} == {"alectinib"}
    assert any(
        r["kind"] == "P-glycoprotein substrate" and r["finding"] == "false" for r in alectinib
    )
    crizotinib = rows(run_named(store, "cns-activity", {"drug": "crizotinib"}))
    reasons = {r["finding"] for r in crizotinib if r["kind"] == "reason for poor CNS control"}
    assert any("P-glycoprotein" in r for r in reasons)


@pytest.mark.parametrize(
    ("params", "column", "value"),
    [
        ({"partner": "EML4"}, "partnerLabel", "EML4"),
        ({"disease": "NSCLC"}, "diseaseLabel", "non-small cell lung carcinoma"),
        (
            {"disease": "anaplastic large cell lymphoma"},
            "diseaseLabel",
            "anaplastic large cell lymphoma",
        ),
    ],
)
def test_fusion_partners_by_disease_or_partner_are_those_rows_of_the_listing(
    store: ox.Store, params: dict[str, str], column: str, value: str
) -> None:
    table = rows(run_named(store, "fusion-partners", {}))
    anchored = rows(run_named(store, "fusion-partners", params))
    assert anchored and _sorted(anchored) == _sorted([r for r in table if r[column] == value])


def test_fusion_partners_in_lymphoma_are_npm1_and_tpm3(store: ox.Store) -> None:
    table = rows(run_named(store, "fusion-partners", {"disease": "anaplastic large cell lymphoma"}))
    assert {"NPM1", "TPM3"} <= {r["partnerLabel"] for r in table}
    assert "EML4" not in {r["partnerLabel"] for r in table}


def test_source_conflicts_by_trial_and_by_drug(store: ox.Store) -> None:
    ascend2 = rows(run_named(store, "source-conflicts", {"trial": "ASCEND-2"}))
    assert ascend2 and all("ASCEND-2" in r["subject"] for r in ascend2)
    assert any({r["valueA"], r["valueB"]} == {"54", "38.6"} for r in ascend2)
    crizotinib = rows(run_named(store, "source-conflicts", {"drug": "crizotinib"}))
    assert crizotinib and all("crizotinib" in r["subject"] for r in crizotinib)
    i1171t = [r for r in crizotinib if "I1171T" in r["subject"]]
    assert any({r["valueA"], r["valueB"]} == {"sensitive", "resistant"} for r in i1171t)
    table = rows(run_named(store, "source-conflicts", {}))
    assert _sorted(crizotinib) == _sorted(
        [r for r in table if r["claimA"] in {c["claimA"] for c in crizotinib}]
    )
    assert not rows(run_named(store, "source-conflicts", {"trial": "PROFILE 1014"}))


def test_source_conflicts_by_drug_and_trial_is_both_and_each_alone_is_the_listing_cut(
    store: ox.Store,
) -> None:
    """The anchors only choose where the query starts: each answer is the unanchored listing's
    rows about the drug, the trial, or both, with nothing added or repeated."""
    table = rows(run_named(store, "source-conflicts", {}))
    assert len(_sorted(table)) == len(set(_sorted(table)))
    by_drug = rows(run_named(store, "source-conflicts", {"drug": "ceritinib"}))
    by_trial = rows(run_named(store, "source-conflicts", {"trial": "ASCEND-2"}))
    both = rows(run_named(store, "source-conflicts", {"drug": "ceritinib", "trial": "ASCEND-2"}))
    assert both and len(set(_sorted(both))) == len(both)
    trial_claims = {r["claimA"] for r in by_trial}
    assert _sorted(both) == _sorted([r for r in by_drug if r["claimA"] in trial_claims])
    for anchored in (by_drug, by_trial):
        assert set(_sorted(anchored)) <= set(_sorted(table))
