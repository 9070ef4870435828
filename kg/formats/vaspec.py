"""Activity claims as GA4GH VA-Spec variant therapeutic response Statements (JSON).

One Statement per activity claim: the claim's IRI is the Statement's id, its publication is
`reportedIn` (with PMID and DOI when the graph has them), and what VA-Spec has no field for
(locator, quote, evidence kind, our activity level, contrary claims) goes into `extensions`, so
that nothing the claim says is lost.

- sensitive -> predictsSensitivityTo; resistant -> predictsResistanceTo;
- reduced -> predictsResistanceTo, with `alkkg_activity: reduced` (partial loss of activity is a
  degree of resistance; the extension keeps the degree);
- not tested -> no Statement (nothing is asserted), nor for claims flagged as a source's error.

The variant is a Cat-VRS `CategoricalVariant` named by our IRI, not a VRS Allele: a VRS computed
id needs the reference sequence, which the graph does not hold, and we do not make one up.
VA-Spec requires a `conditionQualifier`; activity claims name no disease, so the graph's scope
(non-small cell lung carcinoma) is used unless the claim names one, and an extension says which.
Cross-references (skos:exactMatch/closeMatch) of the variant, agent and disease become
`mappings`. A claim read from CIViC is `reportedIn` its publication and its evidence item, with
the CIViC level as `strength` and the evidence id, rating and significance as extensions; a
regimen claim (several agents, none claimed alone) has no Statement.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from kg.prefixes import external_reference
from kg.query.lookup import GraphView
from kg.vocab import ALKKG, BIBO, DCTERMS, ID, PROV, RDF, RDFS, SKOS

PREDICATES: dict[str, str] = {
    str(ALKKG.Sensitive): "predictsSensitivityTo",
    str(ALKKG.Resistant): "predictsResistanceTo",
    str(ALKKG.Reduced): "predictsResistanceTo",
}
"""Activity level -> VA-Spec predicate. alkkg:NotTested has none."""

SCOPE_DISEASE = ox.NamedNode(ID["disease/nsclc"])
"""The condition when a claim names none: every source is about ALK-positive NSCLC, and the
ALK alteration is the statement's subject, so the condition is NSCLC."""

_MATCHES = {str(SKOS.exactMatch): "exactMatch", str(SKOS.closeMatch): "closeMatch"}


def _coding(iri: str) -> dict[str, Any]:
    """A Coding for an IRI: the CURIE as code, the namespace as system, the IRI itself."""
    reference = external_reference(iri)
    if reference is None:  # no known scheme: split at the last separator
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        system, code = iri[:cut], iri[cut:] or iri
    else:
        system, code = iri[: len(iri) - len(reference.identifier)], reference.curie
    return {"system": system, "code": code, "iris": [iri]}


def _mappings(graph: GraphView, node: ox.NamedNode) -> list[dict[str, Any]]:
    return [
        {"coding": _coding(o.value), "relation": relation}
        for predicate, relation in _MATCHES.items()
        for o in graph.nodes(node, predicate)
    ]


def _concept(graph: GraphView, node: ox.NamedNode, concept_type: str) -> dict[str, Any]:
    """A MappableConcept coded by our IRI (system: our namespace for that kind of thing)."""
    local = node.value.rsplit("/", 1)[1]
    concept: dict[str, Any] = {
        "id": node.value,
        "conceptType": concept_type,
        "name": graph.value(node, RDFS.label) or local,
        "primaryCoding": {
            "system": node.value[: -len(local)],
            "code": local,
            "iris": [node.value],
        },
    }
    mappings = _mappings(graph, node)
    if mappings:
        concept["mappings"] = mappings
    return concept


def _variant(graph: GraphView, node: ox.NamedNode) -> dict[str, Any]:
    variant: dict[str, Any] = {
        "id": node.value,
        "type": "CategoricalVariant",
        "name": graph.value(node, RDFS.label) or node.value,
    }
    aliases = graph.texts(node, SKOS.altLabel)
    if aliases:
        variant["aliases"] = aliases
    mappings = _mappings(graph, node)
    if mappings:
        variant["mappings"] = mappings
    return variant


def _document(graph: GraphView, pub: ox.NamedNode) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": pub.value,
        "type": "Document",
        "documentType": "publication",
        "name": graph.value(pub, RDFS.label) or pub.value,
    }
    for key, predicate in (("title", DCTERMS.title), ("doi", BIBO.doi), ("pmid", BIBO.pmid)):
        value = graph.value(pub, predicate)
        if value:
            document[key] = value
    citation = graph.value(pub, DCTERMS.bibliographicCitation)
    if citation:
        document["description"] = citation
    if "doi" in document:
        document["urls"] = [f"https://doi.org/{document['doi']}"]
    if ox.NamedNode(str(ALKKG.EvidenceItem)) in graph.nodes(pub, RDF.type):
        document["documentType"] = "knowledge base evidence item"
        document["urls"] = [pub.value]  # the item's public page (CIViC)
    return document


_FROM_KNOWLEDGE_BASE = (
    (
        "alkkg_evidence_id",
        ALKKG.evidenceId,
        "the knowledge base's id of the evidence item (CIViC EID)",
    ),
    ("civic_evidence_rating", ALKKG.evidenceRating, "CIViC's rating of the item, 1 to 5 stars"),
    ("civic_significance", ALKKG.statedSignificance, "the significance as CIViC gives it"),
)
"""What a claim read from CIViC carries beyond its level (the `strength`), as extensions."""


def _extension(name: str, value: Any, description: str) -> dict[str, Any]:
    return {"name": name, "value": value, "description": description}


def statements(store: ox.Store) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The Statements (sorted by id) and, by reason, how many activity claims have none."""
    graph = GraphView(store)
    out: list[dict[str, Any]] = []
    skipped: dict[str, int] = {}
    for claim in graph.instances(ALKKG.ActivityClaim):
        level = graph.value(claim, ALKKG.activity) or ""
        if graph.value(claim, ALKKG.flaggedAsSourceError) == "true":
            reason = "flagged as a source error"
        elif level not in PREDICATES:
            reason = f"activity {level.rsplit('/', 1)[-1] or 'missing'}"
        else:
            reason = ""
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        diseases = graph.nodes(claim, ALKKG.disease)
        disease = diseases[0] if diseases else SCOPE_DISEASE
        extensions = [
            _extension("alkkg_activity", level.rsplit("/", 1)[1].lower(), "alkkg activity level"),
            _extension("alkkg_locator", graph.value(claim, ALKKG.locator), "where in the source"),
            _extension("alkkg_quote", graph.value(claim, ALKKG.quote), "the passage, verbatim"),
            _extension(
                "alkkg_condition_from",
                "claim" if diseases else "graph scope",
                "whether the claim names the condition or it is the graph's scope (NSCLC)",
            ),
        ]
        evidence = graph.value(claim, ALKKG.evidenceKind)
        if evidence:
            label = graph.value(ox.NamedNode(evidence), RDFS.label) or evidence
            extensions.append(_extension("alkkg_evidence_kind", label, "kind of evidence"))
        strength = _strength(graph, graph.value(claim, ALKKG.evidenceLevel))
        disputed = graph.value(claim, ALKKG.evidenceDirection) == str(ALKKG.DoesNotSupport)
        direction = "disputes" if disputed else "supports"
        if strength is None and graph.value(claim, ALKKG.evidenceLevel):
            extensions.append(
                _extension(
                    "alkkg_evidence_level",
                    "review assertion",
                    "the source asserts this without showing its evidence (no CIViC level)",
                )
            )
        for name, predicate, description in _FROM_KNOWLEDGE_BASE:
            value = graph.value(claim, predicate)
            if value:
                extensions.append(_extension(name, value, description))
        contrary = graph.texts(claim, ALKKG.contradicts)
        if contrary:
            extensions.append(
                _extension("alkkg_contradicted_by", contrary, "claims that say otherwise")
            )
        if not graph.nodes(claim, ALKKG.agent):
            reason = "a regimen of several agents, none claimed alone"
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        for variant in graph.nodes(claim, ALKKG.variant):
            for agent in graph.nodes(claim, ALKKG.agent):
                statement: dict[str, Any] = {
                    "id": claim.value,
                    "type": "Statement",
                    "description": graph.value(claim, RDFS.label),
                    "direction": direction,
                    "proposition": {
                        "type": "VariantTherapeuticResponseProposition",
                        "subjectVariant": _variant(graph, variant),
                        "predicate": PREDICATES[level],
                        "objectTherapeutic": _concept(graph, agent, "Therapy"),
                        "conditionQualifier": _concept(graph, disease, "Disease"),
                    },
                    "reportedIn": [
                        _document(graph, pub) for pub in graph.nodes(claim, PROV.wasDerivedFrom)
                    ],
                    "extensions": extensions,
                }
                if strength is not None:
                    statement["strength"] = strength
                out.append(statement)
    return out, skipped


CIVIC_LEVELS = "https://civic.readthedocs.io/en/latest/model/evidence/level.html"
"""The coding system CIViC's levels have in GA4GH statements (as metakb writes them)."""


def _strength(graph: GraphView, level: str | None) -> dict[str, Any] | None:
    """A claim's level as a VA-Spec strength coded on CIViC's scale; None for a review
    assertion, which has no CIViC level."""
    if not level:
        return None
    code = graph.value(ox.NamedNode(level), SKOS.notation)
    if code not in {"A", "B", "C", "D", "E"}:
        return None
    name = graph.value(ox.NamedNode(level), RDFS.label) or code
    return {
        "name": name.split(": ", 1)[-1],
        "primaryCoding": {"system": CIVIC_LEVELS, "code": code},
    }


def to_json(store: ox.Store) -> bytes:
    """The Statements as one JSON array."""
    return (json.dumps(statements(store)[0], indent=1, ensure_ascii=False) + "\n").encode()
