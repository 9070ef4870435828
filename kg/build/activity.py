"""Activity claims that disagree: one agent, one variant, one population, two verdicts.

Each claim is read once, with what a pair needs to say where each side comes from, and claims
are paired within their (agent, variant, population) group in Python. Joining the claims with
themselves in SPARQL would pair every two claims about an agent and a variant before filtering,
which grows with the square of the claims per group: a CIViC release of 10,000 items has groups
of hundreds. Within a group a pair needs two different verdicts (neither "not tested"), neither
"does not support", not both from a knowledge base (two CIViC items are CIViC's own business),
and each claim about the papers' disease (ALK+ NSCLC), cancer in general, or no disease.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import pyoxigraph as ox

from kg.store import Term, select
from kg.vocab import ALKKG, ID

_OURS = f"<{ID['disease/nsclc']}>, <http://purl.obolibrary.org/obo/DOID_162>"  # NSCLC, cancer

_CLAIMS = f"""
PREFIX alkkg: <{ALKKG}>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?claim ?agent ?variant ?activity ?publication ?locator ?population ?knowledgeBase
       ?evidenceId ?disease ?direction WHERE {{
  ?claim a alkkg:ActivityClaim ; alkkg:agent ?agent ; alkkg:variant ?variant ;
         alkkg:activity ?activity ; prov:wasDerivedFrom ?publication ; alkkg:locator ?locator .
  ?publication a alkkg:Publication .
  OPTIONAL {{ ?claim alkkg:population ?population }}
  OPTIONAL {{ ?claim alkkg:knowledgeBase ?knowledgeBase }}
  OPTIONAL {{ ?claim alkkg:evidenceId ?evidenceId }}
  OPTIONAL {{ ?claim alkkg:disease ?disease }}
  OPTIONAL {{ ?claim alkkg:evidenceDirection ?direction }}
}}
"""
_OUR_DISEASES = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?disease WHERE {{
  VALUES ?ours {{ {_OURS.replace(",", "")} }}
  {{ ?disease skos:broader* ?ours }} UNION {{ ?disease skos:exactMatch ?ours }}
}}
"""
"""The papers' disease (ALK+ NSCLC) and its kinds, and cancer in general (DOID:162): a knowledge
base's claim about another disease (neuroblastoma, ALCL) is not compared with the papers'."""
_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?label WHERE { ?node rdfs:label ?label }
"""
_NOT_TESTED = str(ALKKG.NotTested)
_DOES_NOT_SUPPORT = str(ALKKG.DoesNotSupport)


@dataclass(frozen=True)
class ActivityClaim:
    claim: str
    group: tuple[str, str, str]
    """(agent, variant, population): only claims of one group are compared."""
    activity: str
    agent_label: str
    variant_label: str
    activity_label: str
    locator: str
    source: str
    """`Shaw & Engelman 2013`, or `CIViC EID1351 (PMID 25727400, 2015; Cancer)`."""
    from_knowledge_base: bool


def _text(term: Term | None) -> str:
    return "" if term is None or isinstance(term, ox.Triple) else term.value


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = select(store, query)
    names = [variable.value for variable in solutions.variables]
    return [{name: _text(row[name]) for name in names} for row in solutions]


def _claims(store: ox.Store) -> list[ActivityClaim]:
    """The comparable activity claims: each read once, its labels looked up in Python.

    The lookups are done here rather than in the query: Oxigraph evaluates an OPTIONAL's right
    side on its own before joining, so a label or property-path lookup there costs the whole
    graph's labels or paths for every claim's row.
    """
    ours = {row["disease"] for row in _rows(store, _OUR_DISEASES)}
    labels: dict[str, str] = {}
    for row in _rows(store, _LABELS):
        labels.setdefault(row["node"], row["label"])
    claims = []
    for row in _rows(store, _CLAIMS):
        if row["activity"] == _NOT_TESTED or row["direction"] == _DOES_NOT_SUPPORT:
            continue
        if row["disease"] and row["disease"] not in ours:
            continue
        publication, eid = labels.get(row["publication"], row["publication"]), row["evidenceId"]
        disease = labels.get(row["disease"], "")
        where = f"; {disease}" if disease else ""
        kb = labels.get(row["knowledgeBase"], row["knowledgeBase"])
        claims.append(
            ActivityClaim(
                claim=row["claim"],
                group=(row["agent"], row["variant"], row["population"]),
                activity=row["activity"],
                agent_label=labels.get(row["agent"], row["agent"]),
                variant_label=labels.get(row["variant"], row["variant"]),
                activity_label=labels.get(row["activity"], row["activity"]),
                locator=row["locator"],
                source=f"{kb} {eid} ({publication}{where})" if eid else publication,
                from_knowledge_base=bool(eid),
            )
        )
    return claims


def contradicting_activity(store: ox.Store) -> list[tuple[str, str, str]]:
    """(claim, claim, reason) for every two activity claims that disagree, in IRI order."""
    groups: dict[tuple[str, str, str], dict[str, ActivityClaim]] = defaultdict(dict)
    for claim in _claims(store):
        groups[claim.group].setdefault(claim.claim, claim)  # one row per claim
    found = []
    for group in groups.values():
        for a, b in combinations(sorted(group.values(), key=lambda c: c.claim), 2):
            if a.activity == b.activity or (a.from_knowledge_base and b.from_knowledge_base):
                continue
            degree = (
                " (a difference of degree)"
                if "reduced" in a.activity_label + b.activity_label
                else ""
            )
            found.append(
                (
                    a.claim,
                    b.claim,
                    f"{a.agent_label} against {a.variant_label}: "
                    f"{a.activity_label} in {a.source}, {a.locator}; "
                    f"{b.activity_label} in {b.source}, {b.locator}{degree}",
                )
            )
    return found
