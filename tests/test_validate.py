"""Each SHACL shape rejects the bad example it exists for."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import load_ontology
from kg.build.validate import graph_to_store, load_shapes, validate, validate_store_graph

DATA = Path(__file__).parent / "data" / "valid_claims.ttl"


@pytest.fixture(scope="module")
def base() -> str:
    return DATA.read_text()


def check(text: str, engine: str = "pyshacl"):
    graph = load_ontology()
    graph.parse(data=text, format="turtle")
    if engine == "sparql":
        return validate_store_graph(graph_to_store(graph), load_shapes())
    return validate(graph, load_shapes())


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_the_valid_example_conforms(base: str, engine: str) -> None:
    report = check(base, engine)
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('alkkg:locator "Table 1" ; alkkg:quote "ORR 74%" ;', 'alkkg:quote "ORR 74%" ;', "locator"),
        ('alkkg:quote "Nausea 56" ;', "", "quoted text"),
        (
            'rdfs:label "ORR" ; prov:wasDerivedFrom pub:p ;',
            'rdfs:label "ORR" ;',
            "source publication",
        ),
        ("alkkg:value 74.0 .", "alkkg:value 174.0 .", "between 0 and 100"),
        ("alkkg:incidencePercent 56.0 .", "alkkg:incidencePercent 120.0 .", "0 to 100"),
        ("alkkg:pValue 0.001", "alkkg:pValue 1.5", "between 0 and 1"),
        ("alkkg:ciLow 0.35", "alkkg:ciLow 0.55", "CI low"),
        ("alkkg:ciHigh 0.60", "alkkg:ciHigh 0.40", "at most CI high"),
        ("alkkg:sampleSize 343 .\n\nclaim:orr", "alkkg:sampleSize 0 .\n\nclaim:orr", "positive"),
        (
            'alkkg:statedRegistryId "NCT01154140"',
            'alkkg:statedRegistryId "NCT0115414"',
            "registry id",
        ),
        ('alkkg:registryId "NCT01154140"', 'alkkg:registryId "UMIN00001598"', "registry id"),
        ('bibo:pmid "23401436"', 'bibo:pmid "PMID:23401436"', "PMID"),
        ('bibo:doi "10.1200/JCO.2012.44.5353"', 'bibo:doi "doi.org/JCO"', "DOI"),
        ("alkkg:unit alkkg:Percent ;", "", "unit"),
        ("alkkg:comparator arm:b ;", "", "comparator"),
        ("alkkg:evidenceLevel alkkg:EvidenceLevelB ;\n", "", "evidence level"),
        ("alkkg:statistic alkkg:Proportion", "alkkg:statistic alkkg:Rate", "time point"),
        (
            "alkkg:evidenceDirection alkkg:Supports",
            "alkkg:evidenceDirection alkkg:Percent",
            "Direction",
        ),
    ],
)
def test_a_broken_statement_is_reported(base: str, old: str, new: str, message: str) -> None:
    assert old in base, old
    for engine in ("pyshacl", "sparql"):
        report = check(base.replace(old, new, 1), engine)
        assert not report.conforms, engine
        assert any(message in v.message for v in report.violations), f"{engine}: {report.text()}"
