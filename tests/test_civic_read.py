"""Both of CIViC's published forms read into the same records; bad input is refused by name."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_civic_profiles import export_path

from kg.errors import SourceErrors
from loaders.civic.items import Disease, EvidenceItem, Source, Therapy
from loaders.civic.read import read_evidence
from loaders.civic.tsv import COLUMNS

TRANSCRIBED = Path(__file__).parent / "data" / "civic" / "evidence-transcribed.tsv"
TRANSCRIBED_IDS = [1187, 1203, 1241, 1193, 1192, 1271, 1351, 1357, 1483, 11114, 1283]
TRANSCRIBED_IDS += [444, 766, 11671, 12405, 1237, 7421, 1336, 1263]


def nodes() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(export_path().read_text())
    return data


def write_json(tmp_path: Path, data: Any, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def problems(path: Path) -> list[str]:
    """The messages `read_evidence` refuses the file with (it must refuse it)."""
    with pytest.raises(SourceErrors) as caught:
        read_evidence(path)
    return [str(e) for e in caught.value.errors]


# -- the JSON export ---------------------------------------------------------------------------


def test_the_export_reads_whole_with_its_counts() -> None:
    items = read_evidence(export_path())
    assert len(items) == 146
    assert Counter(i.evidence_type for i in items) == {
        "PREDICTIVE": 143,
        "DIAGNOSTIC": 2,
        "PROGNOSTIC": 1,
    }
    assert Counter(i.significance for i in items) == {
        "SENSITIVITYRESPONSE": 104,
        "RESISTANCE": 39,
        "POSITIVE": 2,
        "POOR_OUTCOME": 1,
    }
    assert Counter(i.level for i in items) == {"D": 57, "C": 56, "B": 18, "A": 11, "E": 4}
    assert Counter(i.direction for i in items) == {"SUPPORTS": 141, "DOES_NOT_SUPPORT": 5}
    assert Counter(len(i.therapies) for i in items) == {1: 135, 2: 6, 0: 4, 3: 1}


def test_item_1351_is_read_field_by_field() -> None:
    """The item the issue's done-when rests on: G1202R in EML4::ALK, brigatinib, resistance, D."""
    (item,) = [i for i in read_evidence(export_path()) if i.id == 1351]
    assert item == EvidenceItem(
        id=1351,
        status="ACCEPTED",
        evidence_type="PREDICTIVE",
        significance="RESISTANCE",
        direction="SUPPORTS",
        level="D",
        rating=3,
        description=item.description,
        profile_id=4237,
        profile_name="EML4::ALK Fusion AND ALK G1202R",
        therapies=(Therapy("Brigatinib", "C98831"),),
        therapy_interaction=None,
        disease=Disease(
            "Cancer", "162", ("Malignant Neoplasm", "Malignant Tumor", "Primary Cancer")
        ),
        source=Source(
            citation_id="25727400",
            source_type="PUBMED",
            title="Activity of second-generation ALK inhibitors against crizotinib-resistant "
            "mutants in an NPM-ALK model compared to EML4-ALK.",
            year=2015,
            pmc_id="PMC4529334",
        ),
    )
    assert item.description.startswith("This study compared drug responses in Ba/F3 cells")
    assert item.where == f"{export_path()}: evidence item 1351"
    assert item.url == "https://civicdb.org/links/evidence_items/1351"


def test_the_api_answer_edges_and_pages_read_as_the_node_list(tmp_path: Path) -> None:
    listed = nodes()
    expected = read_evidence(export_path())
    answer = {
        "data": {
            "evidenceItems": {
                "totalCount": len(listed),
                "pageInfo": {"hasNextPage": False, "endCursor": "MTQ2"},
                "nodes": listed,
            }
        }
    }
    assert read_evidence(write_json(tmp_path, answer)) == expected
    edges = {"data": {"evidenceItems": {"edges": [{"node": n} for n in listed]}}}
    assert read_evidence(write_json(tmp_path, edges)) == expected
    pages = [
        {"data": {"evidenceItems": {"pageInfo": {"hasNextPage": True}, "nodes": listed[:100]}}},
        {"data": {"evidenceItems": {"pageInfo": {"hasNextPage": False}, "nodes": listed[100:]}}},
    ]
    assert read_evidence(write_json(tmp_path, pages)) == expected


def test_fields_the_shared_query_did_not_ask_for_are_read_when_present(tmp_path: Path) -> None:
    node = next(n for n in nodes() if n["id"] == 1483)  # crizotinib and alectinib
    node = node | {"therapyInteractionType": "SEQUENTIAL", "variantOrigin": "SOMATIC"}
    node["source"] = node["source"] | {"clinicalTrials": [{"nctId": "NCT00585195"}]}
    (item,) = read_evidence(write_json(tmp_path, [node]))
    assert item.therapy_interaction == "SEQUENTIAL"
    assert item.variant_origin == "SOMATIC"
    assert item.nct_ids == ("NCT00585195",)
    assert [t.name for t in item.therapies] == ["Crizotinib", "Alectinib"]


def test_an_unknown_enum_value_is_kept_for_the_mapping_to_report(tmp_path: Path) -> None:
    node = nodes()[0] | {"significance": "SOMETHING_NEW", "evidenceDirection": "MAYBE"}
    (item,) = read_evidence(write_json(tmp_path, [node]))
    assert (item.significance, item.direction) == ("SOMETHING_NEW", "MAYBE")


def test_the_form_is_told_from_the_content_not_the_name(tmp_path: Path) -> None:
    json_as_tsv = tmp_path / "looks-like.tsv"
    json_as_tsv.write_bytes(export_path().read_bytes())
    assert len(read_evidence(json_as_tsv)) == 146
    tsv_as_json = tmp_path / "looks-like.json"
    tsv_as_json.write_bytes(TRANSCRIBED.read_bytes())
    assert len(read_evidence(tsv_as_json)) == 19


# -- the TSV transcription ---------------------------------------------------------------------


def carried_by_both(item: EvidenceItem) -> EvidenceItem:
    """The item without what the TSV does not carry: NCIt ids, disease aliases, the source's
    title, year and PMC id (and with the statement's newlines as CIViC's TSV writer writes them)."""
    return replace(
        item,
        description=item.description.replace("\n", " "),
        therapies=tuple(replace(t, ncit_id=None) for t in item.therapies),
        disease=replace(item.disease, aliases=()) if item.disease else None,
        source=replace(item.source, title=None, year=None, pmc_id=None),
    )


def test_the_transcription_reads_to_the_same_items_as_the_json() -> None:
    from_tsv = read_evidence(TRANSCRIBED)
    assert [i.id for i in from_tsv] == TRANSCRIBED_IDS
    from_json = {i.id: i for i in read_evidence(export_path())}
    for item in from_tsv:
        assert item == carried_by_both(from_json[item.id]), item.id
    assert from_tsv[0].where == f"{TRANSCRIBED}:2"


def test_tsv_lists_split_on_the_join_not_inside_a_name() -> None:
    by_id = {i.id: i for i in read_evidence(TRANSCRIBED)}
    assert [t.name for t in by_id[1192].therapies] == ["2,4-pyrimidinediamine"]
    assert [t.name for t in by_id[1203].therapies] == ["Crizotinib", "Retaspimycin Hydrochloride"]
    assert by_id[1263].therapies == ()
    assert by_id[1271].direction == "DOES_NOT_SUPPORT"


def tsv_row(**values: str) -> str:
    """The transcription's first row with some columns changed."""
    row = TRANSCRIBED.read_text().splitlines()[1].split("\t")
    for column, value in values.items():
        row[COLUMNS.index(column)] = value
    return "\t".join(row)


def write_tsv(tmp_path: Path, *rows: str, header: str = "\t".join(COLUMNS)) -> Path:
    path = tmp_path / "evidence.tsv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_tsv_display_spellings_quoting_and_lists(tmp_path: Path) -> None:
    row = tsv_row(
        therapies="Crizotinib,Alectinib",
        therapy_interaction_type="Combination",
        significance="Reduced Sensitivity",
        evidence_statement='"A ""quoted"" word,\tand a tab"',
        nct_ids="NCT00585195",
        variant_origin="Somatic",
        citation="Kwak et al., 2010, N Engl J Med",
    )
    (item,) = read_evidence(write_tsv(tmp_path, row))
    assert [t.name for t in item.therapies] == ["Crizotinib", "Alectinib"]
    assert item.therapy_interaction == "COMBINATION"
    assert item.significance == "REDUCED_SENSITIVITY"
    assert item.description == 'A "quoted" word,\tand a tab'
    assert item.nct_ids == ("NCT00585195",)
    assert item.variant_origin == "SOMATIC"
    assert item.source.citation == "Kwak et al., 2010, N Engl J Med"


def test_tsv_unknown_display_value_is_kept_as_written(tmp_path: Path) -> None:
    (item,) = read_evidence(write_tsv(tmp_path, tsv_row(significance="Brand New Meaning")))
    assert item.significance == "Brand New Meaning"


# -- bad input ---------------------------------------------------------------------------------


def test_truncated_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_bytes(export_path().read_bytes()[:5000])
    (message,) = problems(path)
    assert message.startswith(f"{path}:") and "not valid JSON" in message


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("evidence", "found a JSON string"),
        (42, "found a JSON number"),
        ([], "empty list"),
        ({"data": {"molecularProfiles": {"nodes": []}}}, "no data.evidenceItems"),
        ({"data": {"evidenceItems": {"nodes": []}}}, "holds no evidence items"),
    ],
)
def test_wrong_top_level_shapes_are_refused(tmp_path: Path, data: Any, problem: str) -> None:
    (message,) = problems(write_json(tmp_path, data))
    assert str(tmp_path / "export.json") in message and problem in message


def test_a_graphql_errors_answer_is_refused_with_its_message(tmp_path: Path) -> None:
    answer = {"data": None, "errors": [{"message": "Field 'evidenceItem' doesn't exist"}]}
    (message,) = problems(write_json(tmp_path, answer))
    assert "answered with errors" in message and "Field 'evidenceItem' doesn't exist" in message


def test_an_incomplete_paged_fetch_is_refused(tmp_path: Path) -> None:
    page = {"data": {"evidenceItems": {"pageInfo": {"hasNextPage": True}, "nodes": nodes()[:3]}}}
    (message,) = problems(write_json(tmp_path, [page]))
    assert "page 1" in message and "more pages follow" in message


def test_nodes_without_fields_are_named_by_id_or_position(tmp_path: Path) -> None:
    listed = nodes()[:4]
    listed[1] = {k: v for k, v in listed[1].items() if k != "molecularProfile"}
    listed[2] = {k: v for k, v in listed[2].items() if k != "id"}
    listed[3] = listed[3] | {"evidenceRating": "three"}
    messages = problems(write_json(tmp_path, listed))
    assert len(messages) == 3
    assert f"evidence item {listed[1]['id']}" in messages[0] and "molecularProfile" in messages[0]
    assert "node 3" in messages[1] and "'id'" in messages[1] and "missing" in messages[1]
    assert f"evidence item {listed[3]['id']}" in messages[2] and "evidenceRating" in messages[2]


def test_a_repeated_evidence_id_is_refused(tmp_path: Path) -> None:
    (message,) = problems(write_json(tmp_path, [nodes()[0], nodes()[0]]))
    assert "evidence item 1187 appears twice (node 1 and node 2)" in message


def test_neither_form_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("gene\tvariant\nALK\tG1202R\n")
    (message,) = problems(path)
    assert "neither CIViC's GraphQL JSON" in message
    empty = tmp_path / "empty.json"
    empty.write_text("\n")
    assert "is empty" in problems(empty)[0]


def test_a_tsv_missing_a_column_names_it(tmp_path: Path) -> None:
    header = "\t".join(c for c in COLUMNS if c != "evidence_level")
    (message,) = problems(write_tsv(tmp_path, header=header))
    assert message.startswith(f"{tmp_path / 'evidence.tsv'}:1:")
    assert "'evidence_level'" in message and "missing" in message


def test_a_tsv_with_columns_out_of_order_is_refused(tmp_path: Path) -> None:
    swapped = list(COLUMNS)
    swapped[7], swapped[8] = swapped[8], swapped[7]
    (message,) = problems(write_tsv(tmp_path, header="\t".join(swapped)))
    assert "column 8 should be 'evidence_type'" in message


def test_a_tsv_row_with_too_few_fields_names_its_line(tmp_path: Path) -> None:
    good = tsv_row()
    short = "\t".join(tsv_row(evidence_id="1203").split("\t")[:20])
    messages = problems(write_tsv(tmp_path, good, short))
    assert messages == [
        f"{tmp_path / 'evidence.tsv'}:3: has 20 fields, the header has 25 (a tab lost or added?)"
    ]


def test_a_tsv_row_with_bad_values_names_line_field_and_id(tmp_path: Path) -> None:
    row = tsv_row(evidence_id="1187", rating="five", evidence_type="")
    messages = problems(write_tsv(tmp_path, row))
    assert any(":2: field 'rating': evidence item 1187: 'five'" in m for m in messages)
    assert any(":2: field 'evidence_type': evidence item 1187: is empty" in m for m in messages)
