"""The forest plot's data: every hazard ratio in the graph, as the named query `trial-outcomes` gives it.

trial-outcomes is the one place that says what an outcome is (its arm, comparator, CI, p, the
report it comes from, and a flagged claim's correction); the forest plot keeps its hazard ratios.
Each source's statement is its own row, so three reviews quoting one HR are three rows, and a
claim flagged as an error of its source stays in the plot, marked, beside its correction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.errors import UsageError
from kg.query.named import bind, get_named_query
from kg.views.select import Select, iri, records

HAZARD_RATIO = "hazard ratio"
"""The label of alkkg:HazardRatio, the statistic trial-outcomes names."""

_TRIALS = """
SELECT DISTINCT ?trial ?label WHERE {
  ?claim a alkkg:OutcomeClaim ; alkkg:statistic alkkg:HazardRatio ; alkkg:trial ?trial .
  ?trial rdfs:label ?label .
} ORDER BY ?label"""

_TRIAL_LABEL = "SELECT ?label WHERE { VALUES ?trial { TRIAL } ?trial a alkkg:ClinicalTrial ; rdfs:label ?label }"


@dataclass(frozen=True)
class HazardRatio:
    """One source's hazard ratio: the arm against the comparator, for one endpoint."""

    trial: str
    endpoint: str
    arm: str
    comparator: str
    value: str
    ci_low: str | None
    ci_high: str | None
    p: str | None
    population: str
    report: str
    level: str
    source: str
    locator: str
    flagged: bool
    correction: str
    claim: str

    @property
    def estimate(self) -> str:
        """ "0.45 (0.35–0.60)": the figures padded to a common number of decimals (at least two),
        never rounded, so that 0.6 as stored reads 0.60 as printed and nothing is invented."""
        figures = [f for f in (self.value, self.ci_low, self.ci_high) if f is not None]
        places = max([2, *(len(f.partition(".")[2]) for f in figures)])

        def padded(figure: str) -> str:
            whole, _, decimals = figure.partition(".")
            return f"{whole}.{decimals.ljust(places, '0')}"

        text = padded(self.value)
        if self.ci_low is not None and self.ci_high is not None:
            text += f" ({padded(self.ci_low)}–{padded(self.ci_high)})"
        return text

    @property
    def comparison(self) -> str:
        return f"{self.arm} vs {self.comparator}" if self.comparator else self.arm


def trials(select: Select) -> list[tuple[str, str]]:
    """(IRI, label) of every trial with a hazard ratio in the graph."""
    return [(r["trial"], r["label"]) for r in records(select(_TRIALS))]


def trial_label(select: Select, trial: str) -> str:
    """The trial's label; a UsageError when the IRI is not a trial of this graph."""
    found = records(select(_TRIAL_LABEL.replace("TRIAL", iri(trial))))
    if not found:
        raise UsageError(f"{trial} is not a clinical trial in this graph")
    return found[0]["label"]


def hazard_ratios(select: Select, trial: str | None = None) -> list[HazardRatio]:
    """Every hazard ratio (of one trial, an IRI), grouped by trial and endpoint."""
    query = get_named_query("trial-outcomes")
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    if trial:
        trial_label(select, trial)
        bindings["trial"] = ox.NamedNode(trial)
    out = [
        HazardRatio(
            trial=r["trialLabel"],
            endpoint=r["endpoint"],
            arm=r.get("armLabel", ""),
            comparator=r.get("comparatorLabel", ""),
            value=r["value"],
            ci_low=r.get("ciLow"),
            ci_high=r.get("ciHigh"),
            p=f"p {r['pRelation']} {r['pValue']}" if "pValue" in r else None,
            population=r.get("population", ""),
            report=r.get("report", ""),
            level=r.get("level", ""),
            source=r["source"],
            locator=r["locator"],
            flagged=r.get("flagged") == "true",
            correction=r.get("correction", ""),
            claim=r["claim"],
        )
        for r in records(select(bind(query, bindings)))
        if r["statistic"] == HAZARD_RATIO
    ]
    # trial-outcomes orders by trial, endpoint, arm, source; keep that, one row per claim, with
    # every correction of a claim that has several
    unique: dict[str, HazardRatio] = {}
    for hr in out:
        known = unique.get(hr.claim)
        if known is None:
            unique[hr.claim] = hr
        elif hr.correction and hr.correction not in known.correction.split("; "):
            both = "; ".join(c for c in (known.correction, hr.correction) if c)
            unique[hr.claim] = replace(known, correction=both)
    return list(unique.values())
