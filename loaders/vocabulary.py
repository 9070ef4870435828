"""The words the source tables use for controlled values, read from the ontology.

A curator writes `activity: resistant`, `unit: mg`, `class: alk-inhibitor` or a claim kind
`outcome`; the graph holds `alkkg:Resistant`, `alkkg:Milligram`, `alkkg:ALKInhibitor`,
`alkkg:OutcomeClaim`. The word is the term's `skos:notation` in `ontology/alkkg.ttl`, so a new
controlled value is added once, in the ontology, and the tables accept it from then on.

What is written here by hand is only what the ontology does not say: which controlled class a
table field takes (`FIELD_CLASS`), under which class an entity section's or the claim kinds'
classes are found (`CLASS_ROOT`), and the units of time a `time_unit` may name (the ontology has
one `alkkg:Unit` class for all units).
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.resources import ontology_dir
from kg.vocab import ALKKG

FIELD_CLASS = {
    "activity": "ActivityLevel",
    "evidence": "EvidenceKind",
    "property": "AgentProperty",
    "unit": "Unit",
    "time_unit": "Unit",
    "kind": "ApprovalKind",
    "effect": "InteractionEffect",
    "region": "KinaseRegion",
    "setting": "ResistanceSetting",
    "status": "DevelopmentStatus",
    "method": "DiagnosticMethod",
    "situation": "ClinicalSituation",
    "recommendation": "TreatmentAction",
    "level": "EvidenceLevel",
    "direction": "EvidenceDirection",
    "stance": "Stance",
    "topic": "NaturalHistoryTopic",
    "endpoint": "Endpoint",
    "statistic": "Statistic",
    "grade": "GradeBand",
    "action": "ManagementAction",
}
"""A claim field with a controlled value -> the ontology class whose individuals it names."""

CLASS_ROOT = {
    "agents": "Agent",
    "variants": "Variant",
    "mechanisms": "ResistanceMechanism",
    "claims": "Claim",
}
"""Where a table names a class (an agent's `class`, a variant's `kind`, a mechanism's `class`, a
claim kind): the class under which (itself included) the named classes are found."""

TIME_UNITS = ("weeks", "months", "years")
"""The `unit` words a `time_unit` may use: the ontology's units do not say which measure time."""


@cache
def _ontology() -> Graph:
    return Graph().parse(ontology_dir() / "alkkg.ttl", format="turtle")


def _notations(terms: set[URIRef], what: str) -> dict[str, URIRef]:
    graph = _ontology()
    words: dict[str, URIRef] = {}
    for term in terms:
        for notation in graph.objects(term, SKOS.notation):
            other = words.setdefault(str(notation), term)
            if other != term:
                raise AssertionError(f"{what}: {notation} is the notation of {other} and {term}")
    return words


@cache
def individuals(field: str) -> dict[str, URIRef]:
    """The words a controlled field accepts -> the individuals they name."""
    graph = _ontology()
    members = set(graph.subjects(RDF.type, ALKKG[FIELD_CLASS[field]]))
    words = _notations({m for m in members if isinstance(m, URIRef)}, field)
    if field == "time_unit":
        return {w: words[w] for w in TIME_UNITS}
    return words


@cache
def classes(section: str) -> dict[str, URIRef]:
    """The words for the classes under `CLASS_ROOT[section]` -> those classes."""
    root = ALKKG[CLASS_ROOT[section]]
    graph = _ontology()
    below = {c for c in graph.transitive_subjects(RDFS.subClassOf, root) if isinstance(c, URIRef)}
    return _notations(below, section)


def allowed(words: dict[str, URIRef]) -> str:
    """The words, for an error message that lists them."""
    return ", ".join(sorted(words))
