"""`alkkg stats`: how much of each kind of thing the graph holds."""

from __future__ import annotations

import pyoxigraph as ox

from kg.query import Results, run_select

STATS_QUERY = """
SELECT ?kind (COUNT(DISTINCT ?s) AS ?count) WHERE {
  VALUES (?class ?kind) {
    (alkkg:Agent "agents") (alkkg:ALKInhibitor "ALK inhibitors") (alkkg:Substance "substances (agents, foods, drug classes)")
    (alkkg:Gene "genes") (alkkg:Variant "variants") (alkkg:KinaseDomainMutation "ALK kinase-domain mutations")
    (alkkg:Fusion "fusions") (alkkg:Disease "diseases") (alkkg:ResistanceMechanism "resistance mechanisms")
    (alkkg:ClinicalTrial "trials") (alkkg:TrialArm "trial arms") (alkkg:AdverseEvent "adverse event terms")
    (alkkg:Publication "publications") (alkkg:Claim "claims")
    (alkkg:ActivityClaim "  activity claims") (alkkg:TargetClaim "  target claims")
    (alkkg:AliasClaim "  alias claims") (alkkg:AgentPropertyClaim "  agent property claims")
    (alkkg:DoseClaim "  dose claims") (alkkg:ApprovalClaim "  approval claims")
    (alkkg:InteractionClaim "  drug interaction claims") (alkkg:VariantRegionClaim "  variant region claims")
    (alkkg:ResistanceClaim "  resistance mechanism claims") (alkkg:CombinationClaim "  combination claims")
    (alkkg:FusionPartnerClaim "  fusion partner claims") (alkkg:PrevalenceClaim "  prevalence claims")
    (alkkg:DiagnosticClaim "  diagnostic claims") (alkkg:StrategyClaim "  strategy claims")
    (alkkg:TrialDescriptionClaim "  trial description claims") (alkkg:OutcomeClaim "  outcome claims")
    (alkkg:AdverseEventClaim "  adverse event claims") (alkkg:AEManagementClaim "  AE management claims")
    (alkkg:Correction "corrections of source errors")
  }
  OPTIONAL { ?s a ?class }
}
GROUP BY ?kind
"""

_ORDER_QUERY_KINDS = [
    line.split('"')[1] for line in STATS_QUERY.split("(alkkg:")[1:] if '"' in line
]


def stats(store: ox.Store) -> Results:
    """Counts of each kind of thing, in a fixed order, plus triples and contradictions."""
    counted = run_select(store, STATS_QUERY)
    by_kind = {row[0].value: row[1] for row in counted.rows}
    rows = [[ox.Literal(kind), by_kind[kind]] for kind in _ORDER_QUERY_KINDS]
    extra = run_select(
        store,
        "SELECT (COUNT(*) AS ?t) (SUM(IF(?p = alkkg:contradicts, 1, 0)) AS ?c) WHERE { ?s ?p ?o }",
    ).rows[0]
    rows.append(
        [ox.Literal("contradicting claim pairs"), ox.Literal(str(int(extra[1].value) // 2))]
    )
    rows.append([ox.Literal("triples"), extra[0]])
    return Results(["kind", "count"], rows)
