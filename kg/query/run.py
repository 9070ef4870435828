"""Running SPARQL where the graph is: the embedded store or a remote endpoint."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.errors import QueryError
from kg.formats.rdf import written
from kg.formats.results import Results
from kg.query.native import NATIVE, native_select
from kg.query.remote import RemoteEndpoint
from kg.vocab import PREFIXES

Source = ox.Store | RemoteEndpoint
"""Where queries run: the embedded store or a remote SPARQL endpoint."""


def select_solutions(store: ox.Store, text: str) -> ox.QuerySolutions:
    """A SELECT's solutions on the embedded store, our prefixes predeclared."""
    answer = store.query(text, prefixes=PREFIXES)
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be formatted as a table")
    return answer


def run_select(store: Source, text: str) -> Results:
    """Run a SELECT on the embedded store or a remote endpoint."""
    if isinstance(store, RemoteEndpoint):
        return Results(*store.select(text))
    answer = select_solutions(store, text)
    variables = [v.value for v in answer.variables]
    rows = [[solution[v] for v in variables] for solution in answer]
    return Results(variables, rows)


def run_sparql(store: Source, text: str, written_as: str | None = None) -> Results | bool | bytes:
    """Any SPARQL query: SELECT gives Results, ASK a bool, CONSTRUCT/DESCRIBE Turtle bytes.

    `written_as`: a results format; on the embedded store, a SELECT's results in a format the
    engine writes (`kg.query.native.NATIVE`) come as its bytes, the same as the endpoint's.
    """
    if isinstance(store, RemoteEndpoint):
        form = re.sub(r"(#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|\s)+", " ", text, flags=re.I)
        keyword = form.strip().split(" ", 1)[0].upper()
        if keyword == "ASK":
            return store.ask(text)
        if keyword in ("CONSTRUCT", "DESCRIBE"):
            return store.construct(text)
        return Results(*store.select(text))
    try:
        answer = store.query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QueryTriples):
        return written(answer.serialize(format=ox.RdfFormat.TURTLE))
    if written_as in NATIVE:
        return native_select(answer, written_as, None)[0]
    variables = [v.value for v in answer.variables]
    return Results(variables, [[solution[v] for v in variables] for solution in answer])
