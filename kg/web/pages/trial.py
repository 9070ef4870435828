"""A trial's arms, and its outcomes as a table: the `trial-outcomes` named query, as it is.

Every outcome row keeps its source and the place in it, its evidence level and any flag with its
correction; successive reports of one figure are all listed (they are updates or agreements, and
the reader sees which source gives which). The hazard ratios are drawn as a small forest plot by
`/views/hazard-ratios.svg` (`kg.web.views`); the table holds every figure without it.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

import pyoxigraph as ox

from kg.query.named import bind, get_named_query
from kg.vocab import PREFIXES
from kg.web.pages.claims import ci_level
from kg.web.pages.html import Row, cells, link, picture, same_places, select, table, value

ARMS = """
SELECT ?arm ?slug ?agent ?agentLabel ?n WHERE {
  ?trial alkkg:hasArm ?arm . ?arm alkkg:armSlug ?slug .
  OPTIONAL { ?arm alkkg:regimenAgent ?agent OPTIONAL { ?agent rdfs:label ?agentLabel } }
  OPTIONAL { ?description alkkg:arm ?arm ; alkkg:sampleSize ?n }
} ORDER BY ?slug"""
CI_LEVELS = """
SELECT ?claim ?level WHERE { ?claim alkkg:trial ?trial ; alkkg:ciLevel ?level }"""
"""The CI level of the few outcomes whose interval is not the 95% one (`trial-outcomes` has no
column for it, and a 90% interval must not read as a 95% one)."""

HEADERS = (
    "endpoint", "arm", "n", "vs", "figure", "CI", "p", "level", "source", "notes", "claim",
)  # fmt: skip


def trial_outcomes(store: ox.Store, trial: str, base: str) -> str:
    """The arms (regimen, largest n stated) and every outcome of the trial, with the HR plot."""
    text = bind(get_named_query("trial-outcomes"), {"trial": ox.NamedNode(trial)})
    solutions = store.query(text, prefixes=PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)  # trial-outcomes is a SELECT
    names = [v.value for v in solutions.variables]
    outcomes = [{n: s[n] for n in names} for s in solutions]
    levels = {value(r["claim"]): r["level"] for r in select(store, CI_LEVELS, trial=trial)}
    lines = [_outcome(r, levels, base) for r in outcomes]
    hazard_ratios = sum(1 for r in outcomes if value(r["statistic"]) == "hazard ratio")
    figure = (
        picture("hazard-ratios", "Hazard ratios with their confidence intervals", trial=trial)
        if hazard_ratios
        else ""
    )
    body = (
        table(HEADERS, lines, "outcomes")
        if lines
        else "<p class=muted>No outcome of this trial is in the graph.</p>"
    )
    return (
        f"<section class=trial id=outcomes><h2>Arms</h2>{_arms(store, trial, base)}"
        f"<h2>Outcomes ({len(outcomes)})</h2>{figure}{body}</section>"
    )


def _arms(store: ox.Store, trial: str, base: str) -> str:
    arms: dict[str, list[Row]] = defaultdict(list)
    for row in select(store, ARMS, trial=trial):
        arms[value(row["arm"])].append(row)
    if not arms:
        return "<p class=muted>The graph names no arm of this trial.</p>"
    lines = []
    for arm, rows in arms.items():
        agents = {value(r["agent"]): value(r["agentLabel"]) for r in rows if r["agent"] is not None}
        sizes = [int(value(r["n"])) for r in rows if value(r["n"]).isdigit()]
        lines.append(
            cells(
                link(arm, value(rows[0]["slug"]), base),
                ", ".join(link(a, label or a, base) for a, label in sorted(agents.items())),
                str(max(sizes)) if sizes else "",
            )
        )
    return table(("arm", "regimen", "n (largest stated)"), lines, "arms")


def _outcome(row: Row, levels: dict[str, ox.Literal | None], base: str) -> str:
    endpoint = escape(value(row["endpoint"]))
    statistic = value(row["statistic"])
    if statistic:
        endpoint += f" <span class=muted>({escape(statistic)})</span>"
    if value(row["timePoint"]):
        endpoint += f" <span class=muted>at {escape(value(row['timePoint']))}</span>"
    number, low, high = same_places(value(row["value"]), value(row["ciLow"]), value(row["ciHigh"]))
    unit = value(row["unit"])
    figure = escape(number) + (f" {escape(unit)}" if unit and unit != "ratio (unitless)" else "")
    ci = ""
    if low and high:
        level = levels.get(value(row["claim"]))
        ci = (f"{escape(ci_level(level))}: " if level is not None else "") + f"{low}–{high}"
    p = f"{escape(value(row['pRelation']))} {escape(value(row['pValue']))}" if row["pValue"] else ""
    n = value(row["n"])
    n_html = escape(n)
    if n and value(row["nOf"]) == "arm":  # the source gives no n for this outcome
        n_html += " <span class=muted title='the largest n any source gives the arm'>(arm)</span>"
    notes = []
    if value(row["flagged"]) == "true":
        fix = value(row["correction"])
        notes.append(
            f"<span class=flag>flagged as the source's error{': ' + escape(fix) if fix else ''}</span>"
        )
    for key in ("population", "report", "note"):
        if value(row[key]):
            notes.append(escape(value(row[key])))
    source = f"{escape(value(row['source']))}<br><span class=muted>{escape(value(row['locator']))}</span>"
    return cells(
        endpoint,
        escape(value(row["armLabel"])),
        n_html,
        escape(value(row["comparatorLabel"])),
        figure,
        escape(ci),
        p,
        escape(value(row["level"])),
        source,
        "<br>".join(notes),
        link(value(row["claim"]), "claim", base),
        classes={4: "num", 5: "num"},
    )
