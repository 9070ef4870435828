"""One negotiation rule for every route: the format named wins, then Accept, then the default."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.web.negotiation import GRAPHS, PAGES, RESULTS, accepted, negotiate


def test_accept_is_ranked_by_quality_then_order_and_q0_is_refused() -> None:
    header = "text/csv;q=0.5, application/sparql-results+xml, text/plain;q=0, */*;q=0.1"
    assert accepted(header) == ["application/sparql-results+xml", "text/csv", "*/*"]
    assert accepted("text/html; q=bad, text/csv") == ["text/csv"]
    assert accepted("") == []


@pytest.mark.parametrize(
    ("accept", "requested", "offers", "chosen"),
    [
        ("application/sparql-results+xml", None, (RESULTS,), ("xml",)),
        ("text/tab-separated-values", None, (RESULTS,), ("tsv",)),
        ("application/json", None, (RESULTS,), ("json",)),
        ("image/png", None, (RESULTS,), ("json",)),  # lenient: the default, not 406
        ("text/csv", "tsv", (RESULTS,), ("tsv",)),  # ?format= wins
        ("", "TSV", (RESULTS,), ("tsv",)),
        ("application/n-triples", None, (RESULTS, GRAPHS), ("json", "ntriples")),
        ("application/xml", None, (RESULTS, GRAPHS), ("xml", "rdfxml")),
        ("", "nt", (RESULTS, GRAPHS), ("json", "ntriples")),  # an alias
        ("", "csv", (RESULTS, GRAPHS), ("csv", "turtle")),
        # a name means, in each offer, what clients mean by it
        ("application/rdf+xml", "xml", (RESULTS, GRAPHS), ("xml", "rdfxml")),  # SPARQLWrapper's default
        ("", "json", (RESULTS, GRAPHS), ("json", "jsonld")),
        ("", "n3", (RESULTS, GRAPHS), ("json", "turtle")),
        ("", "rdf+xml", (RESULTS, GRAPHS), ("json", "rdfxml")),
        # SPARQLWrapper sends a name and a media type; the first one known counts
        ("", ["json-ld", "application/ld+json"], (RESULTS, GRAPHS), ("json", "jsonld")),
        ("", ["tsv", "text/tab-separated-values"], (RESULTS, GRAPHS), ("tsv", "turtle")),
        ("", ["x-unknown", "text/csv"], (RESULTS, GRAPHS), ("csv", "turtle")),
        # an offer without the format named goes by Accept, not straight to its default
        ("application/n-triples", "csv", (RESULTS, GRAPHS), ("csv", "ntriples")),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, (PAGES,), ("html",)),
        ("text/turtle, text/html;q=0.9", None, (PAGES,), ("turtle",)),
        ("*/*", None, (PAGES,), ("turtle",)),
        ("text/html", "ttl", (PAGES,), ("turtle",)),  # a suffix is asked by name
    ],
)  # fmt: skip
def test_one_rule_for_every_offer(
    accept: str, requested: str | list[str] | None, offers: tuple, chosen: tuple[str, ...]
) -> None:
    assert negotiate(accept, requested, *offers) == chosen


def test_an_unknown_format_is_a_400_listing_the_routes_formats() -> None:
    with pytest.raises(QueryError) as unknown:
        negotiate("", "yaml", RESULTS)
    assert str(unknown.value) == "unknown format 'yaml': one of json, xml, csv, tsv"
    with pytest.raises(QueryError) as unknown:
        negotiate("", "html", RESULTS, GRAPHS)
    assert "one of json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml" in str(unknown.value)
    with pytest.raises(QueryError, match="unknown format 'yaml'"):
        negotiate("", ["yaml", "text/yaml"], RESULTS, GRAPHS)
