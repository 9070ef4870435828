"""The worker answers jobs without picking HTTP statuses; a bug surfaces as 500, a client's
mistake as 4xx (run in process, on the session's store)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest

from kg.errors import NotFound, QueryError, Stopped
from kg.formats.results import serialize_select
from kg.query import named_queries, prepare
from kg.query.native import TSV, native_select
from kg.vocab import PREFIXES
from kg.web.jobs import Answer, DumpJob, Failure, NamedJob, ResourceJob, SparqlJob
from kg.web.replies import respond
from kg.web.worker import Worker, answer, failure


@pytest.fixture(scope="module")
def worker(store_path: Path) -> Worker:
    return Worker(store_path, writable=False)


def sparql(query: str, results: str = "json", graph: str = "turtle") -> SparqlJob:
    return SparqlJob(query, results, graph, cap=100)


def test_a_bug_in_a_job_is_a_500_with_one_line_and_no_traceback(
    worker: Worker, capsys: pytest.CaptureFixture[str]
) -> None:
    # the HTTP side never asks for a dump format the exporter does not know: here it is a bug
    result = worker.handle(DumpJob("yaml"))
    assert isinstance(result, Failure) and result.error is None and result.status == 500
    response = respond(result)
    assert response.status_code == 500
    text = bytes(response.body).decode()
    assert text.startswith("internal error (KeyError: 'yaml'); ")
    assert text.endswith("this is a bug in alkkg\n") and text.count("\n") == 1
    assert "Traceback" in capsys.readouterr().err  # logged on the worker's side
    assert result.headers["X-Graph-Release"]  # still says which release it ran on


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE {", "SPARQL syntax error: "),
        ("SELECT * WHERE { VALUES ?x { <not an iri> } }", "SPARQL syntax error: "),
        ("SELECT (<http://example.org/f>(1) AS ?x) WHERE {}", "the query failed: "),
    ],
)
def test_the_engines_errors_on_a_clients_query_are_400(
    worker: Worker, query: str, message: str
) -> None:
    result = worker.handle(sparql(query))
    assert isinstance(result, Failure) and result.error is QueryError
    assert result.status == 400 and result.message.startswith(message)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (1 + 'a' AS ?x) (REGEX('a', '(') AS ?r) (1/0 AS ?d) WHERE {}",
        "SELECT (99999999999999999999999999999999 * 99999999999999999999999 AS ?x) WHERE {}",
        "SELECT (IRI('not an iri') AS ?x) (SUBSTR('abc', 99999999999999999999) AS ?s) WHERE {}",
    ],
)
def test_expression_errors_leave_a_variable_unbound_as_sparql_says(
    worker: Worker, query: str
) -> None:
    result = worker.handle(sparql(query))
    assert not isinstance(result, Failure), result


def test_results_a_format_cannot_hold_are_the_clients_400(worker: Worker) -> None:
    construct = (
        "CONSTRUCT { ?s <http://example.org/p> <<( ?s ?p ?o )>> } WHERE { ?s ?p ?o } LIMIT 1"
    )
    result = worker.handle(sparql(construct, graph="jsonld"))
    assert isinstance(result, Failure) and result.status == 400
    assert "JSON-LD" in result.message


def test_an_unknown_resource_is_404_and_a_bad_parameter_400(worker: Worker) -> None:
    base = "https://w3id.org/alkkg/"
    result = worker.handle(ResourceJob(base + "id/agent/nothing", "turtle", base, 10))
    assert isinstance(result, Failure) and result.error is NotFound and result.status == 404
    result = worker.handle(NamedJob("drug-targets", {"drug": "no such drug"}, "json", 10))
    assert isinstance(result, Failure) and result.status == 400


def test_memory_and_other_failures_map_through_the_error_classes() -> None:
    assert failure(MemoryError()).error is Stopped and Stopped.status == 422
    assert failure(QueryError("bad")).status == 400
    stopped = respond(Failure(Stopped, "the query was stopped at the 3 s time limit"))
    assert stopped.status_code == 422
    assert bytes(stopped.body) == b"the query was stopped at the 3 s time limit\n"


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_the_engines_own_serialiser_writes_what_ours_did(
    store: ox.Store, name: str, fmt: str
) -> None:
    """The endpoint writes JSON and XML with pyoxigraph's serialisers (kg.query.native): for every
    named query, the same rows, terms, datatypes and languages as the Python serialiser."""
    query = named_queries()[name]
    words = shlex.split(query.examples[0]) if query.examples else []
    params = dict(w.split("=", 1) for w in words if "=" in w)
    _, text = prepare(store, name, params)
    # one evaluation, read twice: the engine's row order and GROUP_CONCAT order vary between runs
    once = store.query(text, prefixes=PREFIXES).serialize(format=ox.QueryResultsFormat.TSV)
    native, truncated = native_select(ox.parse_query_results(once, format=TSV), fmt, 10_000)
    solutions = ox.parse_query_results(once, format=TSV)
    variables = [v.value for v in solutions.variables]
    ours, _ = serialize_select(variables, [[s[v] for v in variables] for s in solutions], fmt)
    assert not truncated
    if fmt == "json":
        assert json.loads(native) == json.loads(ours)
    else:
        assert _xml_rows(native) == _xml_rows(ours)


def _xml_rows(body: bytes) -> list[dict[str, tuple[str, str, tuple[tuple[str, str], ...]]]]:
    ns = "{http://www.w3.org/2005/sparql-results#}"
    rows = []
    for result in ElementTree.fromstring(body).iter(ns + "result"):
        row = {}
        for binding in result:
            (term,) = list(binding)
            row[binding.attrib["name"]] = (
                term.tag,
                term.text or "",
                tuple(sorted(term.attrib.items())),
            )
        rows.append(row)
    return rows


def test_rows_past_the_cap_are_cut_and_said_so(store: ox.Store) -> None:
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    body, truncated = native_select(store.query(every), "json", 25)
    assert truncated and len(json.loads(body)["results"]["bindings"]) == 25
    few = "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"
    body, truncated = native_select(store.query(few), "json", 3)
    assert not truncated and [b["x"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        "1",
        "2",
        "3",
    ]
    # a literal with a line break and a tab is still one row (TSV escapes them on the way)
    awkward = "SELECT ?x WHERE { VALUES ?x { 'a\\nb\\tc' 'd' } }"
    body, truncated = native_select(store.query(awkward), "json", 1)
    assert truncated and json.loads(body)["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "a\nb\tc"}}
    ]
    # no variables: each solution is an empty row, and they are counted all the same
    body, truncated = native_select(
        store.query("SELECT * WHERE { VALUES () { () () } }"), "json", 1
    )
    assert truncated and json.loads(body)["results"]["bindings"] == [{}]


def test_a_capped_answer_over_http_says_truncated(worker: Worker) -> None:
    result = worker.handle(sparql("SELECT ?s WHERE { ?s ?p ?o }"))
    assert not isinstance(result, Failure)
    assert result.headers["X-Result-Truncated"] == "100 rows"
    assert len(json.loads(result.body)["results"]["bindings"]) == 100


def test_a_worker_indexes_the_names_of_its_release_once(store_path: Path) -> None:
    """At 100x, building the drug name index takes 0.1-1 s: a worker builds it once per release
    and every later anchored query reuses it."""
    worker = Worker(store_path, writable=False)
    job = NamedJob("drug-targets", {"drug": "crizotinib"}, "json", 100)
    first = worker.handle(job)
    assert not isinstance(first, Failure) and worker.names is not None
    index = worker.names.index(worker.current_store(), "Substance")
    assert worker.handle(job) == first
    assert worker.names.index(worker.current_store(), "Substance") is index


def test_a_page_from_the_kept_listing_is_the_page_the_query_gives(store_path: Path) -> None:
    """A worker keeps each listing's whole answer of its release (kg.query.paging.Listings) and
    serves pages as slices of it: the same rows, in the same order, as the page's own query."""
    worker = Worker(store_path, writable=False, warm_rows=10_000)
    store = worker.current_store()
    assert worker.listings is not None and len(worker.listings.kept) >= 3  # warmed at opening
    for offset in (0, 5, 20):
        job = NamedJob("cns-activity", {}, "json", 10_000, limit=5, offset=offset)
        kept = worker.handle(job)
        fresh = answer(store, job)  # no listings: the page's own query
        assert isinstance(kept, Answer) and isinstance(fresh, Answer)
        assert kept.body == fresh.body and kept.more == fresh.more
    last = worker.handle(NamedJob("cns-activity", {}, "json", 10_000, limit=1000, offset=20))
    assert isinstance(last, Answer) and not last.more
