"""An agent's activity by mutation, and a variant's activity profile by agent.

Both tables are the verdicts of the `activity-profile` named query, run as it is (bound to one
mutation at a time), so a page and the query never disagree: the verdict, the strongest evidence
level for and against, the claims counted on each side (what speaks against is always shown), the
counts by source, and links to the claims themselves. "No data" is a verdict of its own and is
shown as such, never left out so that it reads like "inactive". The picture of the same verdicts
(`/views/activity-matrix.svg`, `kg.web.views`) is embedded above the table.
"""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from kg.query.named import bind, get_named_query
from kg.vocab import PREFIXES
from kg.web.pages.html import Row, cells, link, picture, select, table, value

ACTIVITY_VARIANTS = """
SELECT ?variant (SAMPLE(?l) AS ?label) (MIN(?p) AS ?position) (SAMPLE(?g) AS ?gene)
       (SAMPLE(?c) AS ?compound) (MAX(?mine) AS ?ofAgent)
WHERE {
  { ?claim a alkkg:ActivityClaim ; alkkg:variant ?variant }
  UNION
  { ?claim a alkkg:ActivityClaim ; alkkg:variant ?group . ?group alkkg:hasMember ?variant }
  BIND(EXISTS { ?claim alkkg:agent ?agent } AS ?mine)
  ?variant rdfs:label ?l .
  OPTIONAL { ?variant alkkg:position ?own }
  OPTIONAL { ?variant (alkkg:hasMember|alkkg:hasComponent)/alkkg:position ?member }
  BIND(COALESCE(?own, ?member) AS ?p)
  OPTIONAL { ?variant alkkg:gene/rdfs:label ?g }
  BIND(EXISTS { ?variant a alkkg:CompoundMutation } AS ?c)
}
GROUP BY ?variant"""
"""Every variant an activity claim speaks of (a group's claims count for its members, as in
`activity-profile`), and whether any of those claims is about the agent."""

CLAIM_LABELS = "SELECT ?claim ?label WHERE { VALUES ?claim { CLAIMS } ?claim rdfs:label ?label }"

HEADERS = ("verdict", "strongest level", "claims for · reduced · against", "sources", "the claims")


def _profile(store: ox.Store, variant: str) -> list[Row]:
    """The `activity-profile` rows for one mutation (one per ALK inhibitor)."""
    text = bind(get_named_query("activity-profile"), {"mutation": ox.NamedNode(variant)})
    solutions = store.query(text, prefixes=PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)  # activity-profile is a SELECT
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def kinase_order(row: Row) -> tuple[bool, bool, bool, int, str]:
    """ALK's own mutations first, in kinase-domain order (a group at its members' first
    position), compound mutations after them, then the alterations of other genes."""
    position = value(row["position"])
    return (
        value(row["gene"]) != "ALK",
        value(row["compound"]) == "true",
        not position,
        int(position) if position.isdigit() else 0,
        value(row["label"]).lower(),
    )


def agent_activity(store: ox.Store, agent: str, base: str) -> str:
    """The agent's verdict against each mutation any claim speaks of, and the mutations no
    claim about this agent speaks of, named as "no data"."""
    variants = sorted(select(store, ACTIVITY_VARIANTS, agent=agent), key=kinase_order)
    rows: list[tuple[Row, Row]] = []
    for variant in variants:
        if value(variant["ofAgent"]) != "true":
            continue
        for row in _profile(store, value(variant["variant"])):
            if value(row["agent"]) == agent:
                rows.append((variant, row))
    labels = _claim_labels(store, [r for _, r in rows])
    lines = [
        cells(link(value(v["variant"]), value(v["label"]), base), *_verdict_cells(r, labels, base))
        for v, r in rows
    ]
    silent = [v for v in variants if value(v["ofAgent"]) != "true"]
    none = ""
    if silent:
        names = ", ".join(link(value(v["variant"]), value(v["label"]), base) for v in silent)
        none = (
            f"<p class=nodata><span class='verdict v-no-data'>no data</span> No claim in the "
            f"graph speaks of this agent against: {names}.</p>"
        )
    figure = picture("activity-matrix", "Verdicts of this agent against each mutation", agent=agent)
    return (
        f"<section class=activity id=activity><h2>Activity by mutation</h2>{figure}"
        f"{table(('mutation', *HEADERS), lines, 'activity')}{none}{_legend()}</section>"
    )


def variant_activity(store: ox.Store, variant: str, base: str) -> str:
    """Every ALK inhibitor's verdict against the mutation, "no data" included."""
    rows = _profile(store, variant)
    labels = _claim_labels(store, rows)
    lines = [
        cells(
            link(value(r["agent"]), value(r["agentLabel"]), base),
            escape(value(r["generation"])),
            *_verdict_cells(r, labels, base),
        )
        for r in rows
    ]
    figure = picture("activity-matrix", "Verdicts of each ALK inhibitor", variant=variant)
    return (
        f"<section class=activity id=activity><h2>Activity profile</h2>{figure}"
        f"{table(('agent', 'generation', *HEADERS), lines, 'activity')}{_legend()}</section>"
    )


def _claim_labels(store: ox.Store, rows: list[Row]) -> dict[str, str]:
    iris = {iri for r in rows for iri in value(r["claims"]).split()}
    if not iris:
        return {}
    terms = " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris))
    return {
        value(r["claim"]): value(r["label"])
        for r in select(store, CLAIM_LABELS.replace("CLAIMS", terms))
    }


def _verdict_cells(row: Row, labels: dict[str, str], base: str) -> list[str]:
    verdict = value(row["verdict"])
    badge = f"<span class='verdict v-{escape(verdict.replace(' ', '-'))}'>{escape(verdict)}</span>"
    sides = [int(value(row[k]) or 0) for k in ("for", "reduced", "against")]
    if sum(1 for n in sides if n) > 1 and verdict != "conflicting":  # the stronger side won
        badge += " <span class=conflict>some claims disagree</span>"
    strongest = []
    if row["strongestFor"] is not None:
        strongest.append(f"for: {escape(value(row['strongestFor']))}")
    if row["strongestAgainst"] is not None:
        strongest.append(f"against: {escape(value(row['strongestAgainst']))}")
    sources = escape(value(row["bySource"]))
    if value(row["otherDiseases"]):
        sources += (
            f"<br><span class=muted>not counted (another disease): "
            f"{escape(value(row['otherDiseases']))}</span>"
        )
    claims = value(row["claims"]).split()
    listed = "".join(f"<li>{link(iri, labels.get(iri, iri), base)}</li>" for iri in claims)
    linked = (
        f"<details><summary>{len(claims)} claim{'s' if len(claims) != 1 else ''}</summary>"
        f"<ul>{listed}</ul></details>"
        if claims
        else ""
    )
    return [badge, " · ".join(strongest), " · ".join(map(str, sides)), sources, linked]


def _legend() -> str:
    return (
        "<p class=muted>Verdicts of the <a href='/api'>activity-profile</a> "
        "query: the side the claims agree on, or the side whose strongest evidence level "
        "(A &gt; B &gt; C &gt; D &gt; E &gt; review) is stronger; claims flagged as a source's "
        "error and evidence that does not support its statement are not counted.</p>"
    )
