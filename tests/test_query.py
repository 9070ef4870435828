"""Every named query, checked against what the papers state."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from kg.query import QueryError, Results, named_queries, run_named
from kg.resources import tables_dir
from kg.vocab import ALKKG, ID, RDF, SKOS
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
    strategies = {r["optionLabel"] for r in rows(results) if r["kind"] == "strategy"}
    assert "crizotinib" in strategies  # the 004 trial: crizotinib after alectinib


def test_source_conflicts_include_the_known_disagreements(store: ox.Store) -> None:
    table = rows(run_named(store, "source-conflicts", {}))
    ascend2 = [r for r in table if "ASCEND-2" in r["subject"]]
    assert any({r["valueA"], r["valueB"]} == {"54", "38.6"} for r in ascend2)
    i1171t = [r for r in table if "crizotinib" in r["subject"] and "I1171T" in r["subject"]]
    assert any({r["valueA"], r["valueB"]} == {"sensitive", "resistant"} for r in i1171t)


def test_mapping_coverage_counts_the_mapping_set(store: ox.Store) -> None:
    """The counts the build stores agree with loaders/tables/mappings.sssom.tsv, row by row."""
    mappings = read_mappings(tables_dir() / MAPPINGS_FILE)
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
        None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(ALKKG.Agent))
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
