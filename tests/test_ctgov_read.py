"""Reading ClinicalTrials.gov records: the three API v2 examples, the list forms, the refused
classic format and XML, and bad fields named by file, JSON path and NCT id.

The records are the shared examples (`shared/data/ctgov/`, read-only, never copied here); a broken
one is written to `tmp_path` by the test that breaks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shared_data import SHARED_DATA

from kg.errors import SourceError, SourceErrors
from loaders.ctgov import mapped
from loaders.ctgov.read import read_studies
from loaders.ctgov.results import p_value

SHARED = SHARED_DATA / "ctgov"
V2 = ["NCT02210780", "NCT00763412", "NCT03418623"]
CLASSIC = SHARED / "NCT04780763-classic.json"


def record(nct: str) -> dict[str, Any]:
    path = SHARED / f"{nct}.json"
    if not path.is_file():
        pytest.fail(f"the shared ClinicalTrials.gov examples are needed: {path}")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def errors_of(path: Path) -> list[SourceError]:
    with pytest.raises(SourceErrors) as refused:
        mapped(path)
    return refused.value.errors


@pytest.mark.parametrize("nct", V2)
def test_each_v2_example_reads_as_one_study_dated_by_its_last_update(nct: str) -> None:
    studies = read_studies(SHARED / f"{nct}.json")
    assert [s.nct_id for s in studies] == [nct]
    expected = record(nct)["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
    assert studies[0].last_update == expected


def test_the_api_list_and_a_plain_list_read_the_same_studies(tmp_path: Path) -> None:
    listed = tmp_path / "studies.json"
    listed.write_text(json.dumps({"studies": [record(n) for n in V2]}))
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps([record(n) for n in V2]))
    assert [s.nct_id for s in read_studies(listed)] == V2
    assert [s.nct_id for s in read_studies(plain)] == V2


def test_the_classic_format_is_refused_naming_it_and_what_to_download() -> None:
    (error,) = errors_of(CLASSIC)
    assert error.path == str(CLASSIC)
    assert "FullStudiesResponse" in error.message and "1.01.02" in error.message
    assert "https://clinicaltrials.gov/api/v2/studies/" in error.message


def test_the_old_xml_is_refused_naming_it_and_what_to_download(tmp_path: Path) -> None:
    old = tmp_path / "NCT00000000.xml"
    old.write_text('<?xml version="1.0"?>\n<clinical_study><id_info/></clinical_study>\n')
    (error,) = errors_of(old)
    assert "XML" in error.message and "/api/v2/studies/" in error.message


def test_a_bad_p_value_names_the_file_the_json_path_and_the_study(tmp_path: Path) -> None:
    study = record("NCT02210780")
    measures = study["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"]
    measures[3]["analyses"][0]["pValue"] = "about 0.01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(study))
    (error,) = errors_of(bad)
    assert error.path == str(bad)
    assert (
        error.field == "resultsSection.outcomeMeasuresModule.outcomeMeasures[3].analyses[0].pValue"
    )
    assert error.message.startswith("NCT02210780:") and "about 0.01" in error.message


def test_every_bad_study_of_a_list_is_reported_at_once(tmp_path: Path) -> None:
    first, second = record("NCT02210780"), record("NCT00763412")
    del first["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]
    second["protocolSection"]["identificationModule"]["nctId"] = "NCT123"
    bad = tmp_path / "studies.json"
    bad.write_text(json.dumps({"studies": [first, second, record("NCT02210780")]}))
    with pytest.raises(SourceErrors) as refused:
        read_studies(bad)
    fields = [e.field for e in refused.value.errors]
    assert fields == [
        "studies[0].protocolSection.statusModule.lastUpdatePostDateStruct",
        "studies[1].protocolSection.identificationModule.nctId",
    ]
    assert "NCT123" in refused.value.errors[1].message


def test_the_same_study_twice_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps({"studies": [record("NCT03418623"), record("NCT03418623")]}))
    with pytest.raises(SourceErrors, match="NCT03418623 again"):
        read_studies(twice)


def test_more_affected_than_at_risk_is_an_error_at_its_count(tmp_path: Path) -> None:
    study = record("NCT02210780")
    stat = study["resultsSection"]["adverseEventsModule"]["seriousEvents"][0]["stats"][1]
    stat["numAffected"] = stat["numAtRisk"] + 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(study))
    (error,) = errors_of(bad)
    assert error.field == "resultsSection.adverseEventsModule.seriousEvents[0].stats[1]"


@pytest.mark.parametrize(
    ("text", "relation", "value"),
    [
        ("<0.0001", "<", "0.0001"),
        ("0.023", "=", "0.023"),
        ("≤ 0.05", "<=", "0.05"),
        (">0.999", ">", "0.999"),
    ],
)
def test_p_values_keep_their_relation(text: str, relation: str, value: str) -> None:
    found = p_value(text, "pValue")
    assert (found[0], str(found[1])) == (relation, value)
