"""ClinicalTrials.gov records loaded with `alkkg load ctgov` and queried: the issue's "done when".

One store per session gets the three shared API v2 examples (as the API's `studies` list, in
tmp) and one SYNTHETIC record carrying PROFILE 1014's registry id, built below: it is not that
trial's record (its figures are chosen to differ from the papers'), it is there to check that a
registry record joins the papers' trial and that a disagreement becomes a conflict.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from shared_data import CIVIC_EXPORT, SHARED_DATA

from kg.build.load import load
from kg.build.pipeline import BuildResult
from kg.build.sources import Source
from kg.errors import SourceErrors
from kg.query import Results, run_named
from kg.store import current_release, open_store, select
from loaders import sources
from loaders.ctgov import kept_file, mapped

SHARED = SHARED_DATA / "ctgov"
V2 = ["NCT02210780", "NCT00763412", "NCT03418623"]
PROFILE_1014 = "NCT01154140"
PREFIXES = """PREFIX alkkg: <https://w3id.org/alkkg/ontology/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def all_sources() -> list[Source]:
    return sources()


def shared(nct: str) -> dict[str, Any]:
    path = SHARED / f"{nct}.json"
    if not path.is_file():
        pytest.fail(f"the shared ClinicalTrials.gov examples are needed: {path}")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def synthetic_profile_1014() -> dict[str, Any]:
    """A made-up v2 record with PROFILE 1014's registry id (see the module docstring)."""
    groups = [
        {"id": "OG000", "title": "Crizotinib"},
        {"id": "OG001", "title": "Pemetrexed + platinum"},
    ]
    return {
        "protocolSection": {
            "identificationModule": {"nctId": PROFILE_1014, "briefTitle": "Synthetic test record"},
            "statusModule": {
                "overallStatus": "COMPLETED",
                "lastUpdatePostDateStruct": {"date": "2001-02-03", "type": "ACTUAL"},
            },
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE3"]},
            "armsInterventionsModule": {
                "armGroups": [
                    {"label": "Crizotinib", "type": "EXPERIMENTAL", "interventionNames": []},
                    {"label": "Pemetrexed + platinum", "type": "ACTIVE_COMPARATOR"},
                ],
                "interventions": [
                    {
                        "type": "DRUG",
                        "name": "Crizotinib",
                        "otherNames": ["PF-02341066"],
                        "armGroupLabels": ["Crizotinib"],
                    },
                    {
                        "type": "DRUG",
                        "name": "Pemetrexed",
                        "armGroupLabels": ["Pemetrexed + platinum"],
                    },
                    {
                        "type": "DRUG",
                        "name": "Synthetic agent Z",
                        "armGroupLabels": ["Pemetrexed + platinum"],
                    },
                ],
            },
        },
        "resultsSection": {
            "outcomeMeasuresModule": {
                "outcomeMeasures": [
                    {
                        "type": "PRIMARY",
                        "title": "Progression-Free Survival (PFS)",
                        "paramType": "MEDIAN",
                        "dispersionType": "95% Confidence Interval",
                        "unitOfMeasure": "months",
                        "timeFrame": "synthetic",
                        "groups": groups,
                        "classes": [
                            {
                                "categories": [
                                    {
                                        "measurements": [
                                            {
                                                "groupId": "OG000",
                                                "value": "12.5",
                                                "lowerLimit": "11.0",
                                                "upperLimit": "14.0",
                                            },
                                            {
                                                "groupId": "OG001",
                                                "value": "NA",
                                                "comment": "synthetic: not reached",
                                            },
                                        ]
                                    }
                                ]
                            }
                        ],
                        "analyses": [
                            {
                                "groupIds": ["OG000", "OG001"],
                                "paramType": "Hazard Ratio (HR)",
                                "paramValue": "0.45",
                                "ciPctValue": "95",
                                "ciNumSides": "TWO_SIDED",
                                "ciLowerLimit": "0.35",
                                "ciUpperLimit": "0.60",
                                "pValue": "<0.0001",
                                "statisticalMethod": "Log Rank",
                            }
                        ],
                    }
                ]
            }
        },
    }


@pytest.fixture(scope="session")
def ctgov_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    folder = tmp_path_factory.mktemp("ctgov-input")
    studies = folder / "ctgov-studies.json"
    studies.write_text(json.dumps({"studies": [*map(shared, V2), synthetic_profile_1014()]}))
    store_path = tmp_path_factory.mktemp("ctgov-store")
    return store_path, load("ctgov", studies, store_path, all_sources())


@pytest.fixture(scope="session")
def store(ctgov_built: tuple[Path, BuildResult]) -> ox.Store:
    return open_store(ctgov_built[0])


def query(store: ox.Store, text: str) -> list[Any]:
    return list(select(store, text))


def rows(results: Results) -> list[dict[str, str | None]]:
    return [
        {v: (t.value if t is not None else None) for v, t in zip(results.variables, r, strict=True)}
        for r in results.rows
    ]


def claim(nct: str, suffix: str) -> str:
    return f"https://w3id.org/alkkg/id/claim/ctgov-{nct.lower()}-{suffix}"


def outcomes(store: ox.Store, trial: str) -> dict[str, dict[str, str | None]]:
    return {r["claim"] or "": r for r in rows(run_named(store, "trial-outcomes", {"trial": trial}))}


# --- the "done when" ------------------------------------------------------------------


def alkkg(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALKKG_STORE": str(store_path)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_load_then_trial_outcomes_shows_measures_and_analyses_with_ci_and_p(tmp_path: Path) -> None:
    # --no-reasoner: the session store below is built with the consistency check, same records
    loaded = alkkg(tmp_path, "load", "ctgov", str(SHARED / "NCT02210780.json"), "--no-reasoner")
    assert loaded.returncode == 0, loaded.stderr
    assert "Dupilumab" in loaded.stdout + loaded.stderr  # the unmatched intervention is reported
    asked = alkkg(
        tmp_path, "query", "trial-outcomes", "--param", "trial=NCT02210780", "--format", "csv"
    )
    assert asked.returncode == 0, asked.stderr
    table = list(csv.DictReader(io.StringIO(asked.stdout)))
    by_claim = {r["claim"].rsplit("/", 1)[-1]: r for r in table}
    pruritus = by_claim["ctgov-nct02210780-o7-a1"]  # LS mean difference, ANCOVA
    assert (pruritus["value"], pruritus["ciLow"], pruritus["ciHigh"]) == ("-2.13", "-2.72", "-1.55")
    assert (pruritus["pRelation"], pruritus["pValue"]) == ("<", "0.0001")
    assert (pruritus["ciLevel"], pruritus["ciSides"], pruritus["method"]) == (
        "90",
        "TWO_SIDED",
        "ANCOVA",
    )
    assert (pruritus["armLabel"], pruritus["comparatorLabel"]) == (
        "Dupilumab 300 mg qw",
        "Placebo qw",
    )
    assert pruritus["statistic"] == "difference" and pruritus["database"] == "ClinicalTrials.gov"
    per_group = by_claim["ctgov-nct02210780-o7-og000"]
    assert (per_group["value"], per_group["n"], per_group["nOf"]) == ("-2.11", "90", "outcome")
    assert (per_group["dispersion"], per_group["spread"]) == ("Standard Error", "0.259")
    assert sum(1 for r in by_claim if "-a" in r) == 7  # the record's 7 analyses
    assert sum(1 for r in by_claim if "-og" in r) == 28  # 11 measures, 2 groups, 1 with 4 classes
    assert len(table) == len(by_claim), "one row per claim"


# --- the mapping ------------------------------------------------------------------------------


def test_every_registry_claim_cites_its_record_and_its_last_update(store: ox.Store) -> None:
    found = query(
        store,
        PREFIXES
        + """SELECT ?claim ?record ?locator WHERE {
            ?claim alkkg:knowledgeBase alkkg:ClinicalTrialsGov ; alkkg:evidenceId ?nct ;
                   prov:wasDerivedFrom ?record ; alkkg:locator ?locator . }""",
    )
    assert len(found) == 89  # 4 trial descriptions, 67 outcome values and comparisons, 18 events
    updated = {
        n: shared(n)["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
        for n in V2
    }
    updated[PROFILE_1014] = "2001-02-03"
    for row in found:
        nct = row["record"].value.removeprefix("https://clinicaltrials.gov/study/")
        assert nct in updated, row["record"]
        assert f"ClinicalTrials.gov {nct}, last updated {updated[nct]}: " in row["locator"].value


def test_adverse_events_are_counts_with_denominators_apart_from_graded_incidences(
    store: ox.Store,
) -> None:
    found = query(
        store,
        PREFIXES
        + """SELECT ?claim ?term ?affected ?risk ?serious WHERE {
            ?claim a alkkg:RegistryAdverseEventClaim ; alkkg:evidenceId "NCT02210780" ;
                   alkkg:eventTerm ?term ; alkkg:numAffected ?affected ; alkkg:numAtRisk ?risk ;
                   alkkg:eventSeriousness ?serious .
            FILTER NOT EXISTS { ?claim a alkkg:AdverseEventClaim } }""",
    )
    assert len(found) == 18  # 3 serious and 6 other events, 2 groups each
    sickness = [
        (r["affected"].value, r["risk"].value)
        for r in found
        if r["term"].value == "Serum sickness-like reaction"
        and r["serious"].value.endswith("SeriousEvent")
    ]
    assert sorted(sickness) == [("0", "97"), ("1", "97")]


def test_full_range_limits_and_categories_are_kept_and_not_taken_for_a_ci(store: ox.Store) -> None:
    found = outcomes(store, "NCT00763412")
    bmi = found[claim("NCT00763412", "o1-og000")]
    assert (bmi["value"], bmi["lowerLimit"], bmi["upperLimit"]) == ("19.63", "15.56", "22.64")
    assert bmi["dispersion"] == "Full Range" and bmi["ciLow"] is None
    assert bmi["statistic"] == "mean" and bmi["unit"] == "Kg/m^2" and bmi["n"] == "4"
    categories = {found[c]["category"] for c in found if "-o2-" in c}
    assert categories == {"Fat", "Lean"}


def test_a_protocol_only_record_is_a_trial_description(store: ox.Store) -> None:
    described = query(
        store,
        PREFIXES
        + f"""SELECT ?phase ?status ?n ?background WHERE {{
            <{claim("NCT03418623", "")[:-1]}> alkkg:phase ?phase ; alkkg:overallStatus ?status ;
                alkkg:sampleSize ?n ; alkkg:backgroundReference ?background . }}""",
    )
    assert [(r["phase"].value, r["status"].value, r["n"].value) for r in described] == [
        ("2", "COMPLETED", "24")
    ]
    assert described[0]["background"].value.endswith("/publication/pmid-23032071")
    assert outcomes(store, "NCT03418623") == {}


def test_the_snapshot_is_its_own_graph_dated_with_licence_and_origin(store: ox.Store) -> None:
    graph = "https://w3id.org/alkkg/graph/source/ctgov/2020-10-08"  # the newest last update
    described = query(
        store,
        f"""SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ <{graph}> ?p ?o }} }}""",
    )
    said = {r["p"].value.rsplit("/", 1)[-1]: r["o"].value for r in described}
    assert said["issued"].startswith("2020-10-08")
    assert said["license"] == "https://www.nlm.nih.gov/databases/download/terms_and_conditions.html"
    assert said["prov#wasDerivedFrom"] == "https://clinicaltrials.gov/api/v2/studies"


# --- across sources ---------------------------------------------------------------------------


def test_a_registry_record_joins_the_papers_trial_by_registry_id(store: ox.Store) -> None:
    trials = query(
        store,
        PREFIXES + f'SELECT ?trial WHERE {{ ?trial alkkg:registryId "{PROFILE_1014}" }}',
    )
    assert [r["trial"].value for r in trials] == ["https://w3id.org/alkkg/id/trial/profile-1014"]
    found = outcomes(store, PROFILE_1014)
    registry = found[claim(PROFILE_1014, "o1-og000")]
    assert registry["trialLabel"] == "PROFILE 1014" and registry["armLabel"] == "crizotinib"
    assert registry["endpoint"] == "progression-free survival"  # the title names our endpoint
    assert (registry["ciLow"], registry["ciHigh"], registry["ciLevel"]) == ("11", "14", "95")
    papers = [r for r in found.values() if r["database"] is None]
    assert papers, "the papers' rows stay beside the registry's"
    assert claim(PROFILE_1014, "o1-og001") not in found  # "NA": no value, and reported


def test_registry_and_paper_disagreeing_on_an_arm_is_a_conflict_with_its_reason(
    store: ox.Store,
) -> None:
    registry = claim(PROFILE_1014, "o1-og000")
    found = query(
        store,
        PREFIXES
        + f"""SELECT ?other ?reason WHERE {{
            <{registry}> alkkg:contradicts ?other .
            ?c alkkg:comparedClaim <{registry}>, ?other ; rdfs:comment ?reason . }}""",
    )
    assert found, "12.5 months in the registry against 10.9 in the papers"
    reason = found[0]["reason"].value
    assert "12.5" in reason and "10.9" in reason
    assert "registry record and the paper disagree" in reason
    hr = claim(PROFILE_1014, "o1-a1")
    linked = query(store, PREFIXES + f"SELECT ?x WHERE {{ <{hr}> alkkg:contradicts ?x }}")
    assert linked == []  # another comparator arm than the papers' HR: not the same statement


def test_registry_values_are_never_compared_with_each_other(store: ox.Store) -> None:
    both = query(
        store,
        PREFIXES
        + """SELECT ?a ?b WHERE { ?a alkkg:contradicts|alkkg:otherReportOf ?b .
            ?a alkkg:knowledgeBase alkkg:ClinicalTrialsGov . ?b alkkg:knowledgeBase alkkg:ClinicalTrialsGov }""",
    )
    assert both == []


# --- load: all or nothing; releases and diff --------------------------------------------------


def test_a_bad_file_fails_naming_file_field_and_study_and_changes_nothing(
    ctgov_built: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    store_path = ctgov_built[0]
    study = shared("NCT02210780")
    study["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]["classes"][0][
        "categories"
    ][0]["measurements"][1]["value"] = "eighty"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(study))
    before, kept = current_release(store_path), kept_file(store_path)
    assert kept is not None
    kept_bytes = kept.read_bytes()
    with pytest.raises(SourceErrors) as refused:
        load("ctgov", bad, store_path, all_sources(), reasoner=False)
    (error,) = refused.value.errors
    assert error.path == str(bad) and error.message.startswith("NCT02210780:")
    assert error.field is not None and error.field.endswith("measurements[1].value")
    assert current_release(store_path) == before
    assert kept_file(store_path) == kept and kept.read_bytes() == kept_bytes


def test_releases_and_diff_show_a_new_registry_snapshot(
    ctgov_built: tuple[Path, BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from kg.query.diff import diff_releases
    from kg.query.releases import describe_releases

    store_path = tmp_path_factory.mktemp("ctgov-diff")
    load("ctgov", SHARED / "NCT03418623.json", store_path, all_sources(), reasoner=False)
    load("ctgov", SHARED / "NCT02210780.json", store_path, all_sources(), reasoner=False)
    current = describe_releases(store_path)[-1]
    snapshots = {s["name"]: s for s in current["sources"]}
    assert snapshots["ctgov"]["issued"].startswith("2020-05-07")
    changes = diff_releases(store_path).to_json()
    added = json.dumps(changes["added"])
    assert "ctgov-nct02210780-o7-a1" in added
    assert "ctgov-nct03418623" in json.dumps(changes["removed"])


def test_a_paper_civic_and_the_registry_both_cite_is_one_node_with_one_label(
    tmp_path: Path,
) -> None:
    """CIViC and a registry record citing the same PMID (not in our tables) make one publication
    node: one label, both sources' notes; the build's one-label shape would refuse two."""
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef
    from rdflib.namespace import RDFS, SKOS

    from loaders.civic import mapped as civic_mapped

    civic = civic_mapped(CIVIC_EXPORT).graph
    pmids = {str(o) for o in civic.objects(None, URIRef("http://purl.org/ontology/bibo/pmid"))}
    cited = sorted(p for p in pmids if (None, RDFS.label, RdfLiteral(f"PMID {p}")) in civic)[0]
    record = shared("NCT03418623")
    record["protocolSection"]["referencesModule"] = {
        "references": [{"pmid": cited, "type": "RESULT", "citation": "(test) a shared citation"}]
    }
    path = tmp_path / "NCT03418623.json"
    path.write_text(json.dumps(record))
    both = civic + mapped(path)[1].graph
    node = URIRef(f"https://w3id.org/alkkg/id/publication/pmid-{cited}")
    assert list(both.objects(node, RDFS.label)) == [RdfLiteral(f"PMID {cited}")]
    assert len(list(both.objects(node, SKOS.editorialNote))) == 2
