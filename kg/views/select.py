"""How a view asks the graph: one function from SPARQL text to rows, wherever the graph is.

The views read the graph through a `Select` so that the same data code serves the command line
(the embedded store or a remote endpoint, `kg.query.run.run_select`) and the server, whose
queries must go through its worker pool (`kg.web.views`) and come back as SPARQL JSON results.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

import pyoxigraph as ox

from kg.formats.results import Results, read_json_results, text
from kg.query.run import Source, run_select

Select = Callable[[str], Results]
"""Run a SELECT (our prefixes predeclared) and return its rows."""


def source_select(source: Source) -> Select:
    """A `Select` on the embedded store or a remote endpoint."""
    return partial(run_select, source)


def parse_json_results(body: bytes) -> Results:
    """W3C SPARQL 1.1 JSON results as `Results` of RDF terms."""
    return read_json_results(json.loads(body))


def records(results: Results) -> list[dict[str, str]]:
    """Each row as {variable: text}; an unbound variable is absent, never an empty string."""
    return [
        {name: text(term) for name, term in zip(results.variables, row, strict=True) if term}
        for row in results.rows
    ]


def iri(value: str) -> str:
    """An IRI as SPARQL writes it (`<...>`), checked: a value that is not one is a UsageError."""
    from kg.errors import UsageError

    try:
        return str(ox.NamedNode(value))
    except ValueError as exc:
        raise UsageError(f"{value!r} is not an IRI: {exc}") from None
