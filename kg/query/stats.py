"""`alkkg stats`: how much of each kind of thing the graph holds."""

from __future__ import annotations

import pyoxigraph as ox

from kg.formats.results import Results, text
from kg.query.run import run_select

KINDS: list[tuple[str, str]] = [
    ("Agent", "agents"),
    ("ALKInhibitor", "ALK inhibitors"),
    ("Substance", "substances (agents, foods, drug classes)"),
    ("Gene", "genes"),
    ("Variant", "variants"),
    ("KinaseDomainMutation", "ALK kinase-domain mutations"),
    ("Fusion", "fusions"),
    ("Disease", "diseases"),
    ("ResistanceMechanism", "resistance mechanisms"),
    ("ClinicalTrial", "trials"),
    ("TrialArm", "trial arms"),
    ("AdverseEvent", "adverse event terms"),
    ("Publication", "publications"),
    ("Claim", "claims"),
    ("ActivityClaim", "  activity claims"),
    ("TargetClaim", "  target claims"),
    ("AliasClaim", "  alias claims"),
    ("AgentPropertyClaim", "  agent property claims"),
    ("DoseClaim", "  dose claims"),
    ("ApprovalClaim", "  approval claims"),
    ("InteractionClaim", "  drug interaction claims"),
    ("VariantRegionClaim", "  variant region claims"),
    ("ResistanceClaim", "  resistance mechanism claims"),
    ("CombinationClaim", "  combination claims"),
    ("FusionPartnerClaim", "  fusion partner claims"),
    ("PrevalenceClaim", "  prevalence claims"),
    ("DiagnosticClaim", "  diagnostic claims"),
    ("StrategyClaim", "  strategy claims"),
    ("TrialDescriptionClaim", "  trial description claims"),
    ("OutcomeClaim", "  outcome claims"),
    ("AdverseEventClaim", "  adverse event claims"),
    ("AEManagementClaim", "  AE management claims"),
    ("NaturalHistoryClaim", "  natural-history claims"),
    ("DesignIntentClaim", "  design-intent claims"),
    ("Correction", "corrections of source errors"),
    ("Omission", "passages left out, with the reason"),
]

_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {
  VALUES ?class { %s }
  OPTIONAL { ?s a ?class }
}
GROUP BY ?class
""" % " ".join(f"alkkg:{name}" for name, _ in KINDS)  # noqa: UP031 - constant text

_LEVELS = """
SELECT ?label (COUNT(DISTINCT ?claim) AS ?count) WHERE {
  ?level a alkkg:EvidenceLevel ; rdfs:label ?label ; alkkg:rank ?rank .
  OPTIONAL { ?claim alkkg:evidenceLevel ?level }
}
GROUP BY ?label ?rank
ORDER BY DESC(?rank)
"""

_TOTALS = """
SELECT (COUNT(*) AS ?triples) (SUM(IF(?p = alkkg:contradicts, 1, 0)) AS ?contradicts)
WHERE { ?s ?p ?o }
"""


def stats(store: ox.Store) -> Results:
    """Counts of each kind of thing, in a fixed order, then contradictions and triples."""
    counts = {text(row[0]): row[1] for row in run_select(store, _COUNTS).rows}
    prefix = "https://w3id.org/alkkg/ontology/"
    rows = [[ox.Literal(label), counts[prefix + name]] for name, label in KINDS]
    rows += [
        [ox.Literal(f"claims at level {text(label)}"), count]
        for label, count in run_select(store, _LEVELS).rows
    ]
    triples, contradicts = run_select(store, _TOTALS).rows[0]
    pairs = ox.Literal(str(int(text(contradicts)) // 2))  # the relation is symmetric
    rows += [[ox.Literal("contradicting claim pairs"), pairs], [ox.Literal("triples"), triples]]
    return Results(["kind", "count"], rows)
