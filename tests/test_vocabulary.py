"""The tables' controlled words come from the ontology's `skos:notation`s."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.build.pipeline import load_ontology
from kg.vocab import ALKKG
from loaders.papers.kinds import COMMON, KINDS, Word
from loaders.vocabulary import FIELD_CLASS, TIME_UNITS, classes, individuals


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("field", sorted(FIELD_CLASS))
def test_every_controlled_field_names_every_individual_of_its_class(
    ontology: Graph, field: str
) -> None:
    """No individual of a controlled class lacks a word, so none is out of the tables' reach."""
    words = individuals(field)
    members = set(ontology.subjects(RDF.type, ALKKG[FIELD_CLASS[field]]))
    if field == "time_unit":
        assert sorted(words) == sorted(TIME_UNITS)
        assert set(words.values()) < members
    else:
        assert set(words.values()) == members, members - set(words.values())
    for word, term in words.items():
        assert (term, SKOS.notation, None) in ontology and word


def test_the_words_the_tables_always_used_are_there() -> None:
    assert individuals("activity")["resistant"] == ALKKG.Resistant
    assert individuals("unit")["mg/m2"] == ALKKG.MilligramPerSquareMetre
    assert individuals("time_unit")["months"] == ALKKG.Month
    assert individuals("recommendation")["rebiopsy"] == ALKKG.RebiopsyAction
    assert individuals("method")["rebiopsy"] == ALKKG.Rebiopsy
    assert classes("agents")["other-agent"] == ALKKG.Agent
    assert classes("variants")["amplification"] == ALKKG.Amplification
    assert classes("mechanisms")["amplification"] == ALKKG.AmplificationMechanism


def test_every_claim_kind_of_the_tables_is_a_claim_class_of_the_ontology() -> None:
    assert set(classes("claims")) == set(KINDS)


def test_every_word_field_of_the_tables_is_a_controlled_field() -> None:
    fields = {
        (name, spec.field)
        for spec_map in [COMMON, *(fields for fields, _ in KINDS.values())]
        for name, spec in spec_map.items()
        if isinstance(spec, Word)
    }
    assert fields and all(field in FIELD_CLASS for _, field in fields)
