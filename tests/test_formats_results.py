"""The W3C SPARQL 1.1 results writer that the command line and the endpoint share."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.formats.results import Results, serialize_boolean, serialize_select, write_results

XSD = "http://www.w3.org/2001/XMLSchema#"
LORLATINIB = ox.NamedNode("https://w3id.org/alkkg/id/agent/lorlatinib")
ROWS: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = [
    [LORLATINIB, ox.Literal('Section "Lorlatinib",\tp. 3'), ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))],
    [ox.BlankNode("b0"), ox.Literal("next-generation", language="en"), None],
    [None, ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")), ox.Literal("4 2", datatype=ox.NamedNode(XSD + "integer"))],
]  # fmt: skip
VARIABLES = ["agent", "locator", "n"]


def test_csv_has_plain_values_and_crlf() -> None:
    body, truncated = serialize_select(VARIABLES, ROWS, "csv")
    assert not truncated and body.count(b"\r\n") == 4 and body.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert rows[0] == VARIABLES
    assert rows[1] == [LORLATINIB.value, 'Section "Lorlatinib",\tp. 3', "42"]
    assert rows[2] == ["b0", "next-generation", ""]


def test_tsv_writes_terms_as_turtle_does() -> None:
    lines = serialize_select(VARIABLES, ROWS, "tsv")[0].decode().split("\n")
    assert lines[0] == "?agent\t?locator\t?n"
    assert lines[1] == f'<{LORLATINIB.value}>\t"Section \\"Lorlatinib\\",\\tp. 3"\t42'
    assert lines[2] == '_:b0\t"next-generation"@en\t'
    # a number in Turtle's short form; a lexical form Turtle cannot abbreviate stays typed
    assert lines[3] == f'\t0.5\t"4 2"^^<{XSD}integer>'
    assert lines[4:] == [""]


def test_json_and_xml_say_the_same() -> None:
    doc = json.loads(serialize_select(VARIABLES, ROWS, "json")[0])
    assert doc["head"]["vars"] == VARIABLES
    first, second, _ = doc["results"]["bindings"]
    assert first["n"] == {"type": "literal", "value": "42", "datatype": XSD + "integer"}
    assert second["locator"] == {"type": "literal", "value": "next-generation", "xml:lang": "en"}
    assert "n" not in second  # unbound
    ns = "{http://www.w3.org/2005/sparql-results#}"
    root = ET.fromstring(serialize_select(VARIABLES, ROWS, "xml")[0])
    results = root.findall(f"{ns}results/{ns}result")
    assert len(results) == 3 and len(results[1].findall(f"{ns}binding")) == 2
    assert results[0].find(f"{ns}binding/{ns}uri").text == LORLATINIB.value


def test_a_cap_stops_the_rows_and_says_so() -> None:
    body, truncated = serialize_select(VARIABLES, iter(ROWS), "json", cap=2)
    assert truncated and len(json.loads(body)["results"]["bindings"]) == 2
    assert serialize_select(VARIABLES, ROWS, "json", cap=3)[1] is False


def test_ask_answers() -> None:
    assert json.loads(serialize_boolean(True, "json")) == {"head": {}, "boolean": True}
    assert b"<boolean>false</boolean>" in serialize_boolean(False, "xml")
    assert write_results(True, "table") == b"true\n"
    assert write_results(False, "csv") == serialize_boolean(False, "csv")


def test_write_results_is_the_endpoints_writer() -> None:
    results = Results(VARIABLES, ROWS)
    for fmt in ("json", "xml", "csv", "tsv"):
        assert write_results(results, fmt) == serialize_select(VARIABLES, ROWS, fmt)[0]
    assert write_results(results, "table").decode().endswith("(3 rows)\n")


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'yaml'"):
        write_results(Results(VARIABLES, ROWS), "yaml")
