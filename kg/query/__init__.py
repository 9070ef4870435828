"""Query: named queries (`named`), their parameters (`params`), running them (`run`), remote
endpoints (`remote`), pages of rows (`paging`), counts (`stats`) and a read-only view of a graph (`lookup`).

The names most callers need are importable from here.
"""

from kg.errors import QueryError
from kg.formats.results import Results, format_results
from kg.query.named import NamedQuery, Param, get_named_query, named_queries
from kg.query.paging import Page, parse_page
from kg.query.params import prepare, resolve, run_named, run_page
from kg.query.run import Source, run_select, run_sparql

__all__ = [
    "NamedQuery",
    "Page",
    "Param",
    "QueryError",
    "Results",
    "Source",
    "format_results",
    "get_named_query",
    "named_queries",
    "parse_page",
    "prepare",
    "resolve",
    "run_named",
    "run_page",
    "run_select",
    "run_sparql",
]
