"""The claims behind one cell of the activity matrix, and the ones it leaves out, with why.

A cell shows a verdict; a reader who doubts it follows the cell here. Every activity claim about
the agent and the mutation (or a group the mutation belongs to) is listed: first those the verdict
counts (activity-profile's `claims`), then the others with the reason they do not count, so that
nothing a source says about the pair is hidden, and no correction is silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.views.matrix import Cell, Filters, activity_matrix
from kg.views.select import Select, iri, records

_CLAIMS = """
SELECT ?claim ?label ?stated ?activity ?level ?rank ?source ?origin ?locator ?quote ?kind
       ?direction ?disease ?flagged ?correction WHERE {
  VALUES ?agent { AGENT }
  VALUES ?target { VARIANT }
  { ?claim alkkg:variant ?target BIND(?target AS ?statedVariant) }
  UNION
  { ?statedVariant alkkg:hasMember ?target . ?claim alkkg:variant ?statedVariant }
  ?claim a alkkg:ActivityClaim ; alkkg:agent ?agent ; alkkg:activity ?a ;
         prov:wasDerivedFrom ?pub .
  ?a rdfs:label ?activity .
  ?statedVariant rdfs:label ?stated .
  OPTIONAL { ?claim rdfs:label ?label }
  OPTIONAL { ?claim alkkg:locator ?locator }
  OPTIONAL { ?claim alkkg:quote ?quote }
  OPTIONAL { ?claim alkkg:evidenceKind ?k OPTIONAL { ?k rdfs:label ?kind } }
  OPTIONAL { ?claim alkkg:evidenceLevel ?l OPTIONAL { ?l skos:notation ?level }
             OPTIONAL { ?l alkkg:rank ?rank } }
  OPTIONAL { ?claim alkkg:evidenceDirection ?d OPTIONAL { ?d rdfs:label ?direction } }
  OPTIONAL { ?claim alkkg:disease ?dis OPTIONAL { ?dis rdfs:label ?disease } }
  OPTIONAL { ?claim alkkg:flaggedAsSourceError ?flagged }
  OPTIONAL { ?claim alkkg:correctedBy ?c OPTIONAL { ?c alkkg:correctedField ?cf }
             OPTIONAL { ?c alkkg:correctedValue ?cv } }
  BIND(IF(BOUND(?cv), CONCAT(COALESCE(?cf, "?"), " should be ", ?cv), ?unbound) AS ?correction)
  OPTIONAL { ?claim alkkg:knowledgeBase ?kb }
  BIND(COALESCE(?kb, ?pub) AS ?origin)
  ?origin rdfs:label ?source .
} ORDER BY ?source ?locator ?claim"""


@dataclass(frozen=True)
class CellClaim:
    """An activity claim about the cell's pair, as its source states it."""

    claim: str
    label: str
    stated_variant: str
    activity: str
    level: str
    source: str
    locator: str
    quote: str
    evidence_kind: str
    correction: str
    counted: bool
    why_not: str


@dataclass(frozen=True)
class CellClaims:
    cell: Cell
    agent_label: str
    variant_label: str
    claims: list[CellClaim]
    filters: Filters


def cell_claims(
    select: Select,
    agent: str,
    variant: str,
    source: str | None = None,
    min_level: str | None = None,
) -> CellClaims:
    """The cell (agent × variant, IRIs) under the filters, and every claim about the pair."""
    matrix = activity_matrix(select, source, min_level, agent=agent, variant=variant)
    cell = matrix.cell(variant, agent)
    counted = set(cell.claims)
    text = _CLAIMS.replace("AGENT", iri(agent)).replace("VARIANT", iri(variant))
    seen: dict[str, CellClaim] = {}
    for r in records(select(text)):
        if r["claim"] in seen:
            continue
        is_counted = r["claim"] in counted
        seen[r["claim"]] = CellClaim(
            claim=r["claim"],
            label=r.get("label", r["claim"]),
            stated_variant=r["stated"],
            activity=r["activity"],
            level=r.get("level", ""),
            source=r["source"],
            locator=r.get("locator", ""),
            quote=r.get("quote", ""),
            evidence_kind=r.get("kind", ""),
            correction=r.get("correction", ""),
            counted=is_counted,
            why_not="" if is_counted else _why_not(r, matrix.filters),
        )
    claims = sorted(seen.values(), key=lambda c: (not c.counted, c.source, c.locator))
    return CellClaims(cell, matrix.columns[0].label, matrix.rows[0].label, claims, matrix.filters)


def _why_not(r: dict[str, str], chosen: Filters) -> str:
    """Why activity-profile leaves a claim out of the verdict (its own rules, then the filters)."""
    if r.get("flagged") == "true":
        return "flagged as an error of its source" + (
            f" ({r['correction']})" if "correction" in r else ""
        )
    if r["activity"] == "not tested":
        return "not tested: says nothing about activity"
    if r.get("direction", "").lower() == "does not support":
        return "its evidence does not support what it states"
    if chosen.source and r["origin"] != chosen.source:
        return f"not from {chosen.source_label} (filter)"
    if chosen.min_rank is not None and int(r.get("rank", "0")) < chosen.min_rank:
        return f"below evidence level {chosen.min_level} (filter)"
    if "disease" in r:
        return f"about another disease ({r['disease']}), not ALK-positive NSCLC"
    return "not counted by activity-profile"
