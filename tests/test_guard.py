"""Requests refused on their text, before they reach (and could crash) the engine."""

from __future__ import annotations

import pytest

from kg.web.guard import MAX_NESTING, Refusal, screen


def nested(depth: int) -> str:
    return "SELECT * WHERE { " + "{ " * depth + "?s ?p ?o " + "} " * depth + "}"


def test_nesting_that_crashes_oxigraph_is_refused_and_ordinary_nesting_is_not() -> None:
    screen(nested(MAX_NESTING - 1))
    with pytest.raises(Refusal) as refused:
        screen(nested(5000))  # a segmentation fault in Oxigraph 0.5's parser
    assert refused.value.status == 400 and "5001" in refused.value.message


def test_brackets_inside_strings_iris_and_comments_do_not_count() -> None:
    screen('SELECT * WHERE { ?s ?p "' + "(" * 1000 + '" } # ' + "{" * 1000)


@pytest.mark.parametrize(
    ("text", "update"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", False),
        ("select * where { service silent <http://x> { ?s ?p ?o } }", False),
        ("LOAD <http://example.org/data.ttl> INTO GRAPH <http://g>", True),
    ],
)
def test_the_server_never_reaches_other_hosts(text: str, update: bool) -> None:
    with pytest.raises(Refusal) as refused:
        screen(text, update=update)
    assert refused.value.status == 403


def test_the_words_inside_literals_are_not_keywords() -> None:
    screen('SELECT * WHERE { ?s rdfs:label "SERVICE LOAD" . ?service ?p ?load }', update=True)
