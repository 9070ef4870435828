"""Activity claims as GA4GH VA-Spec Statements, checked with the ga4gh.va_spec models."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from ga4gh.va_spec.base.core import Statement

from kg.formats.vaspec import statements, to_json

ACTIVITY = """
PREFIX alkkg: <https://w3id.org/alkkg/ontology/>
SELECT ?level (COUNT(*) AS ?n) WHERE { ?c a alkkg:ActivityClaim ; alkkg:activity ?level }
GROUP BY ?level
"""


@pytest.fixture(scope="module")
def exported(store: ox.Store) -> list[dict]:
    return json.loads(to_json(store))


def test_every_statement_is_valid_va_spec(exported: list[dict]) -> None:
    for statement in exported:
        model = Statement(**statement)
        # Nothing was silently dropped or defaulted by the model.
        assert model.model_dump(mode="json", exclude_none=True) == statement


def test_one_statement_per_asserted_activity_claim(store: ox.Store, exported: list) -> None:
    counts = {r["level"].value.rsplit("/", 1)[1]: int(r["n"].value) for r in store.query(ACTIVITY)}
    assert len(exported) == sum(n for level, n in counts.items() if level != "NotTested")
    assert len({s["id"] for s in exported}) == len(exported)
    predicates = [s["proposition"]["predicate"] for s in exported]
    assert predicates.count("predictsSensitivityTo") == counts["Sensitive"]
    reduced = [s for s in exported if _extension(s, "alkkg_activity") == "reduced"]
    assert len(reduced) == counts.get("Reduced", 0)
    assert all(s["proposition"]["predicate"] == "predictsResistanceTo" for s in reduced)


def _extension(statement: dict, name: str) -> object:
    return next(e["value"] for e in statement["extensions"] if e["name"] == name)


def test_lorlatinib_predicts_sensitivity_in_g1202r_with_its_source(exported: list) -> None:
    [statement] = [
        s
        for s in exported
        if s["proposition"]["subjectVariant"]["name"] == "ALK G1202R"
        and s["proposition"]["objectTherapeutic"]["name"] == "lorlatinib"
    ]
    assert statement["id"] == "https://w3id.org/alkkg/id/claim/000-activity-360bf3eb73"
    assert statement["proposition"]["predicate"] == "predictsSensitivityTo"
    assert statement["direction"] == "supports"
    assert statement["proposition"]["conditionQualifier"]["name"] == "non-small cell lung carcinoma"
    assert _extension(statement, "alkkg_condition_from") == "graph scope"
    [source] = statement["reportedIn"]
    assert source["name"] == "Kazaz & Oztop 2017, UHOD review"
    assert _extension(statement, "alkkg_locator") == 'Section "Lorlatinib"'
    assert str(_extension(statement, "alkkg_quote")).startswith("Especially its high effectiveness")
    crizotinib_g1202r = [
        s
        for s in exported
        if s["proposition"]["subjectVariant"]["name"] == "ALK G1202R"
        and s["proposition"]["objectTherapeutic"]["name"] == "crizotinib"
    ]
    assert crizotinib_g1202r
    assert {s["proposition"]["predicate"] for s in crizotinib_g1202r} == {"predictsResistanceTo"}


def test_documents_carry_pmid_and_doi(exported: list) -> None:
    documents = {d["id"]: d for s in exported for d in s["reportedIn"]}
    for document in documents.values():
        assert document["type"] == "Document" and document["name"]
    with_ids = [d for d in documents.values() if "doi" in d or "pmid" in d]
    assert all(d["urls"] == [f"https://doi.org/{d['doi']}"] for d in with_ids if "doi" in d)
    # Shaw & Engelman 2013 (002) is the paper with both identifiers verified
    # (shared/reference/publications.csv); its activity claims are exported.
    shaw = next(d for d in documents.values() if d["name"].startswith("Shaw & Engelman"))
    assert (shaw["pmid"], shaw["doi"]) == ("23401436", "10.1200/JCO.2012.44.5353")
    assert shaw["urls"] == ["https://doi.org/10.1200/JCO.2012.44.5353"]


def test_cross_references_become_mappings(store: ox.Store) -> None:
    exported, _ = statements(store)
    statement = next(
        s for s in exported if s["proposition"]["objectTherapeutic"]["name"] == "crizotinib"
    )
    Statement(**statement)
    codes = {
        (m["coding"]["code"], m["relation"])
        for m in statement["proposition"]["objectTherapeutic"]["mappings"]
    }
    assert {("NCIT:C74061", "exactMatch"), ("CHEBI:64310", "exactMatch")} <= codes
    assert ("CHEMBL.COMPOUND:CHEMBL601719", "exactMatch") in codes
    condition = statement["proposition"]["conditionQualifier"]
    iris = {iri for m in condition["mappings"] for iri in m["coding"]["iris"]}
    assert "http://purl.obolibrary.org/obo/MONDO_0005233" in iris
