"""The W3C SPARQL 1.1 results writer that the command line and the endpoint share."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.formats.results import (
    Results,
    Term,
    serialize_boolean,
    serialize_select,
    write_results,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
LORLATINIB = ox.NamedNode("https://w3id.org/alkkg/id/agent/lorlatinib")
ROWS: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = [
    [LORLATINIB, ox.Literal('Section "Lorlatinib",\tp. 3'), ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))],
    [ox.BlankNode("b0"), ox.Literal("next-generation", language="en"), None],
    [None, ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")), ox.Literal("4 2", datatype=ox.NamedNode(XSD + "integer"))],
]  # fmt: skip
VARIABLES = ["agent", "locator", "n"]


def test_csv_has_plain_values_blank_nodes_as_such_and_crlf() -> None:
    body, truncated = serialize_select(VARIABLES, ROWS, "csv")
    assert not truncated and body.count(b"\r\n") == 4 and body.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert rows[0] == VARIABLES
    assert rows[1] == [LORLATINIB.value, 'Section "Lorlatinib",\tp. 3', "42"]
    # a blank node is written _:label, so it cannot be mistaken for the string "b0"
    assert rows[2] == ["_:b0", "next-generation", ""]


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


# Every kind of term the formats tell apart, in a store so that the blank node keeps its label
# (Oxigraph then writes the same label as we do).
TRICKY = r"""
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?term ?other WHERE {
  VALUES (?term ?other) {
    (<http://example.org/a> "plain")
    ("tab\there, \"quoted\"\nnew line\r\\" "x"@en-GB)
    (42 -7) (0.5 "-5"^^xsd:decimal) (1.0e3 "1E3"^^xsd:double) (true "1"^^xsd:boolean)
    ("abc"^^xsd:integer "2024-01-01"^^xsd:date) ("" UNDEF) (UNDEF UNDEF)
  }
}
"""


@pytest.fixture(scope="module")
def tricky_store() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.BlankNode("b0"), LORLATINIB, ox.Literal("x")))
    return store


def tricky_rows(store: ox.Store) -> tuple[list[str], list[list[Term | None]]]:
    results = store.query(TRICKY)
    assert isinstance(results, ox.QuerySolutions)
    variables = [v.value for v in results.variables]
    rows = [[solution[v] for v in variables] for solution in results]
    blank = store.query("SELECT ?term ?other WHERE { ?term ?p ?other }")
    assert isinstance(blank, ox.QuerySolutions)
    rows += [[solution[v] for v in variables] for solution in blank]
    return variables, rows


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_are_byte_for_byte_what_oxigraph_writes(
    tricky_store: ox.Store, fmt: str
) -> None:
    """Oxigraph's writers follow the W3C note; ours (which can stop at a row cap) match them."""
    variables, rows = tricky_rows(tricky_store)
    ours = serialize_select(variables, rows, fmt)[0]
    oxigraph_format = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[fmt]
    theirs = b""
    for query in (TRICKY, "SELECT ?term ?other WHERE { ?term ?p ?other }"):
        results = tricky_store.query(query)
        assert isinstance(results, ox.QuerySolutions)
        written = results.serialize(format=oxigraph_format)
        assert written is not None
        theirs += written if not theirs else written.split(b"\n", 1)[1]
    assert ours == theirs


def test_tsv_uses_the_short_forms_only_where_turtle_has_them(tricky_store: ox.Store) -> None:
    variables, rows = tricky_rows(tricky_store)
    lines = serialize_select(variables, rows, "tsv")[0].decode().split("\n")
    assert lines[3:7] == [
        "42\t-7",
        f'0.5\t"-5"^^<{XSD}decimal>',  # a decimal without a dot has no short form
        f'"1000"^^<{XSD}double>\t"1000"^^<{XSD}double>',  # Oxigraph's canonical 1E3
        "true\ttrue",
    ]
    assert lines[-2] == '_:b0\t"x"'
    double = ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double"))
    assert serialize_select(["d"], [[double]], "tsv")[0] == b"?d\n1.5E3\n"


def test_csv_quotes_an_iri_with_a_comma() -> None:
    """RFC 4180 and the W3C note: a field with a comma is quoted, whatever the term. (Oxigraph
    0.5.13 writes such an IRI bare, which splits the row: one reason the writer is ours.)"""
    iri = ox.NamedNode("http://example.org/a,b")
    body = serialize_select(["x", "y"], [[iri, ox.Literal("z")]], "csv")[0]
    assert body == b'x,y\r\n"http://example.org/a,b",z\r\n'
    assert list(csv.reader(io.StringIO(body.decode(), newline="")))[1] == [iri.value, "z"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_json_and_xml_read_back_as_oxigraph_reads_its_own(tricky_store: ox.Store, fmt: str) -> None:
    variables, rows = tricky_rows(tricky_store)
    oxigraph_format = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[fmt]
    ours = ox.parse_query_results(serialize_select(variables, rows, fmt)[0], oxigraph_format)
    assert isinstance(ours, ox.QuerySolutions)
    assert [v.value for v in ours.variables] == variables
    assert [[solution[v] for v in variables] for solution in ours] == rows
