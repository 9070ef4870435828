"""The terminal table: short names from the one prefix map, cells on one line and clipped."""

from __future__ import annotations

import pyoxigraph as ox

from kg.formats.results import Results
from kg.formats.table import table


def test_iris_are_shown_by_their_curie_and_text_on_one_line() -> None:
    results = Results(
        ["agent", "quote", "other"],
        [
            [
                ox.NamedNode("https://w3id.org/alkkg/id/agent/lorlatinib"),
                ox.Literal("two\nlines"),
                ox.NamedNode("https://example.org/x"),
            ],
            [ox.NamedNode("https://w3id.org/alkkg/ontology/Sensitive"), None, None],
        ],
    )
    lines = table(results).splitlines()
    cells = [[cell.strip() for cell in line.split(" | ")] for line in lines]
    assert cells[0] == ["agent", "quote", "other"]
    assert cells[2] == ["id:agent/lorlatinib", "two lines", "https://example.org/x"]
    assert cells[3][0] == "alkkg:Sensitive"
    assert lines[0].index("|") == lines[2].index("|") == len("id:agent/lorlatinib") + 1
    assert lines[-1] == "(2 rows)"


def test_long_cells_are_clipped() -> None:
    results = Results(["quote"], [[ox.Literal("x" * 100)]])
    lines = table(results, width=10).splitlines()
    assert lines[2] == "x" * 9 + "…" and lines[-1] == "(1 row)"
