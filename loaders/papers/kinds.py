"""The claim kinds a paper table may hold, and the fields of each (`*` = required in README).

This is the table format itself: which fields a row of each kind has and what each holds (a
reference to an entity, a number, text, a controlled word). The controlled words are not listed
here: a `Word` field takes the `skos:notation`s of its ontology class (`loaders.vocabulary`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from loaders.vocabulary import individuals

AGENTISH = ("agents", "substances")


@dataclass(frozen=True)
class Ref:
    """A field naming an entity of one of `sections`."""

    sections: tuple[str, ...]
    many: bool = False


@dataclass(frozen=True)
class Enum:
    """A field with a fixed set of words that stay text in the graph (not ontology terms)."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class Word:
    """A field whose words name ontology individuals (`vocabulary.individuals(field)`)."""

    field: str

    @property
    def values(self) -> dict[str, URIRef]:
        return individuals(self.field)


NUMBER, INTEGER, TEXT, BOOL, ARMS = "number", "integer", "text", "bool", "arms"

EVIDENCE = Word("evidence")
UNITS = Word("unit")
LEVEL = Word("level")
"""CIViC's evidence levels A-E, plus `review`: the paper asserts it without showing its evidence."""
DIRECTION = Word("direction")
LEVELLED = frozenset({"activity", "outcome", "resistance"})
"""Claim kinds that must say how strongly they are known (`level`)."""

COMMON: dict[str, Any] = {
    "locator": TEXT,
    "quote": TEXT,
    "note": TEXT,
    "id": TEXT,
    "flag": Enum(("source-error",)),
    "correction": "correction",
    "level": LEVEL,
    "direction": DIRECTION,
}

KINDS: dict[str, tuple[dict[str, Any], set[str]]] = {
    # kind: (fields, required fields)
    "activity": (
        {
            "agent": Ref(AGENTISH),
            "variant": Ref(("variants",)),
            "activity": Word("activity"),
            "evidence": EVIDENCE,
            "model": TEXT,
            "measure": TEXT,
            "population": TEXT,
        },
        {"agent", "variant", "activity", "evidence"},
    ),
    "alias": ({"agent": Ref(AGENTISH), "alias": TEXT}, {"agent", "alias"}),
    "target": (
        {"agent": Ref(AGENTISH), "target": Ref(("genes", "variants")), "evidence": EVIDENCE},
        {"agent", "target"},
    ),
    "agent-property": (
        {
            "agent": Ref(AGENTISH),
            "property": Word("property"),
            "value": TEXT,
            "evidence": EVIDENCE,
        },
        {"agent", "property", "value"},
    ),
    "dose": (
        {
            "agent": Ref(AGENTISH),
            "dose": NUMBER,
            "unit": UNITS,
            "schedule": TEXT,
            "trial": Ref(("trials",)),
            "context": TEXT,
        },
        {"agent", "dose", "unit"},
    ),
    "approval": (
        {
            "agent": Ref(AGENTISH),
            "agency": TEXT,
            "year": INTEGER,
            "kind": Word("kind"),
            "setting": TEXT,
        },
        {"agent", "agency"},
    ),
    "interaction": (
        {
            "agent": Ref(AGENTISH),
            "interactor": Ref(AGENTISH),
            "effect": Word("effect"),
            "mechanism": TEXT,
            "recommendation": TEXT,
        },
        {"agent", "interactor", "effect"},
    ),
    "variant-region": (
        {
            "variant": Ref(("variants",)),
            "region": Word("region"),
            "detail": TEXT,
        },
        {"variant", "region"},
    ),
    "resistance": (
        {
            "mechanism": Ref(("mechanisms",)),
            "agent": Ref(AGENTISH),
            "setting": Word("setting"),
            "share": NUMBER,
            "count": INTEGER,
            "total": INTEGER,
            "share_text": TEXT,
            "genes": Ref(("genes",), many=True),
        },
        {"mechanism"},
    ),
    "combination": (
        {
            "mechanism": Ref(("mechanisms",)),
            "variant": Ref(("variants",)),
            "agent": Ref(AGENTISH),
            "partners": Ref(AGENTISH, many=True),
            "status": Word("status"),
        },
        {"partners"},
    ),
    "fusion": (
        {
            "partner": Ref(("genes",)),
            "disease": Ref(("diseases",)),
            "share": NUMBER,
            "share_text": TEXT,
            "variants": TEXT,
        },
        {"partner", "disease"},
    ),
    "prevalence": (
        {
            "alteration": Ref(("variants",)),
            "disease": Ref(("diseases",)),
            "share_low": NUMBER,
            "share_high": NUMBER,
            "population": TEXT,
        },
        {"alteration", "disease"},
    ),
    "diagnostic": (
        {
            "method": Word("method"),
            "finding": TEXT,
            "threshold": NUMBER,
            "unit": UNITS,
            "approved": BOOL,
        },
        {"method", "finding"},
    ),
    "strategy": (
        {
            "situation": Word("situation"),
            "recommendation": Word("recommendation"),
            "stance": Word("stance"),
            "after": Ref(AGENTISH),
            "variant": Ref(("variants",)),
            "mechanism": Ref(("mechanisms",)),
            "agents": Ref(AGENTISH, many=True),
            "guideline": TEXT,
            "population": TEXT,
        },
        {"situation", "recommendation", "stance"},
    ),
    "natural-history": (
        {
            "topic": Word("topic"),
            "finding": TEXT,
            "agent": Ref(AGENTISH),
            "disease": Ref(("diseases",)),
            "value": NUMBER,
            "value_low": NUMBER,
            "value_high": NUMBER,
            "unit": UNITS,
            "n": INTEGER,
            "population": TEXT,
            "approximate": BOOL,
        },
        {"topic", "finding"},
    ),
    "design-intent": (
        {
            "agent": Ref(AGENTISH),
            "variant": Ref(("variants",)),
            "mechanism": Ref(("mechanisms",)),
            "detail": TEXT,
        },
        {"agent"},
    ),
    "trial": (
        {
            "trial": Ref(("trials",)),
            "registry_id": TEXT,
            "phase": TEXT,
            "design": TEXT,
            "line": TEXT,
            "population": TEXT,
            "n": INTEGER,
            "arms": ARMS,
        },
        {"trial"},
    ),
    "outcome": (
        {
            "trial": Ref(("trials",)),
            "arm": TEXT,
            "comparator": TEXT,
            "endpoint": Word("endpoint"),
            "statistic": Word("statistic"),
            "value": NUMBER,
            "unit": UNITS,
            "ci_low": NUMBER,
            "ci_high": NUMBER,
            "ci_level": NUMBER,
            "p_value": NUMBER,
            "p_relation": Enum(("<", "=", ">", "<=")),
            "n": INTEGER,
            "population": TEXT,
            "approximate": BOOL,
            "time_point": NUMBER,
            "time_unit": Word("time_unit"),
            "report": TEXT,
        },
        {"trial", "endpoint", "statistic", "value", "unit"},
    ),
    "adverse-event": (
        {
            "agent": Ref(AGENTISH),
            "event": Ref(("adverse-events",)),
            "grade": Word("grade"),
            "percent": NUMBER,
            "trial": Ref(("trials",)),
            "arm": TEXT,
            "n": INTEGER,
        },
        {"agent", "event", "grade", "percent"},
    ),
    "ae-management": (
        {
            "agent": Ref(AGENTISH),
            "event": Ref(("adverse-events",)),
            "action": Word("action"),
            "detail": TEXT,
        },
        {"agent", "event", "action"},
    ),
}
