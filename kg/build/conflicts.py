"""Which claims disagree, and why: the build's comparison of claims that state the same thing.

A naive rule ("same trial and endpoint, another value") calls 11.3 months and 48.4 weeks a
conflict, an initial report and its update a conflict, and "around 60%" against 60.8% a conflict,
and it misses the same trial's response rate stated with its arm in one paper and without it in
another. So two claims are compared only when they state the same statistic for the same trial,
arm (or no arm, when the trial has a single arm), comparator, endpoint, population and time point,
in the same unit; hazard ratios are turned to one direction first. Then:

* successive reports of one trial (another number of patients, or another report the curator
  named) are linked as updates (`alkkg:otherReportOf`), never as contradictions;
* values that differ by no more than the rounding their wording allows ("57" covers 56.5-57.5;
  "around 60%" also 5% either side) agree and are not linked;
* the rest contradict each other (`alkkg:contradicts`).

Each link comes with an `alkkg:ClaimComparison` node that names both claims, the verdict and the
reason in words, so a user sees why two rows were paired. Two rows quoting the same passage of
the same paper are parts of one statement and are not compared with each other.

A trial registry's results (ClinicalTrials.gov, `alkkg load ctgov`) are compared with the papers'
in the same way, on the same statistic individuals (a registry hazard ratio is the papers'
`alkkg:HazardRatio`), and only where the registry's value is for one of the trial's arms and, when
it has one, the same result category; two registry values are never compared with each other
(one record states each figure once; two records of one trial are its registry history, not two
sources), and the arms a registry adds do not make a paper's single-arm trial a two-arm one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Literal

import pyoxigraph as ox

from kg.build.activity import contradicting_activity
from kg.store import select
from kg.vocab import ALKKG, ID, RDF, RDFS

_A = str(ALKKG)

_OUTCOMES = f"""
PREFIX alkkg: <{_A}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?trial ?trialLabel ?arm ?comparator ?endpoint ?statistic ?value ?unit ?population
       ?timePoint ?timeUnit ?n ?report ?approximate ?pub ?quote ?locator ?pubLabel ?endpointLabel
       ?unitLabel ?flagged ?registry ?category
WHERE {{
  ?claim a alkkg:OutcomeClaim ; alkkg:trial ?trial ; alkkg:endpoint ?endpoint ;
         alkkg:statistic ?statistic ; alkkg:value ?value ; alkkg:unit ?unit ;
         prov:wasDerivedFrom ?pub ; alkkg:quote ?quote ; alkkg:locator ?locator .
  ?trial rdfs:label ?trialLabel .
  ?pub rdfs:label ?pubLabel .
  ?endpoint rdfs:label ?endpointLabel .
  ?unit rdfs:label ?unitLabel .
  BIND (EXISTS {{ ?claim alkkg:flaggedAsSourceError true }} AS ?flagged)
  BIND (EXISTS {{ ?claim alkkg:knowledgeBase alkkg:ClinicalTrialsGov }} AS ?registry)
  OPTIONAL {{ ?claim alkkg:resultCategory ?category }}
  OPTIONAL {{ ?claim alkkg:arm ?arm }}
  OPTIONAL {{ ?claim alkkg:comparator ?comparator }}
  OPTIONAL {{ ?claim alkkg:population ?population }}
  OPTIONAL {{ ?claim alkkg:timePoint ?timePoint }}
  OPTIONAL {{ ?claim alkkg:timeUnit ?timeUnit }}
  OPTIONAL {{ ?claim alkkg:sampleSize ?n }}
  OPTIONAL {{ ?claim alkkg:report ?report }}
  OPTIONAL {{ ?claim alkkg:approximate ?approximate }}
}}
"""

_ARMS = f"""
PREFIX alkkg: <{_A}>
SELECT ?trial (COUNT(DISTINCT ?arm) AS ?arms)
WHERE {{ ?arm alkkg:armOf ?trial FILTER NOT EXISTS {{ ?arm alkkg:knowledgeBase ?registry }} }}
GROUP BY ?trial
"""

_REGISTRY = f"""
PREFIX alkkg: <{_A}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?b ?trialLabel ?x ?y ?pubA ?pubB ?locA ?locB ?flagged WHERE {{
  ?a a alkkg:TrialDescriptionClaim ; alkkg:trial ?trial ; alkkg:statedRegistryId ?x ;
     prov:wasDerivedFrom ?pa ; alkkg:locator ?locA .
  ?b a alkkg:TrialDescriptionClaim ; alkkg:trial ?trial ; alkkg:statedRegistryId ?y ;
     prov:wasDerivedFrom ?pb ; alkkg:locator ?locB .
  FILTER (STR(?a) < STR(?b) && ?x != ?y)
  ?trial rdfs:label ?trialLabel . ?pa rdfs:label ?pubA . ?pb rdfs:label ?pubB .
  BIND (EXISTS {{ ?a alkkg:flaggedAsSourceError true }} || EXISTS {{ ?b alkkg:flaggedAsSourceError true }}
        AS ?flagged)
}}
"""

_HAZARD_RATIO = ALKKG.HazardRatio
_UNIT_WORDS = {str(ALKKG.Month): "months", str(ALKKG.Week): "weeks", str(ALKKG.Year): "years"}


@dataclass(frozen=True)
class Outcome:
    """One outcome claim, with what decides whether it is comparable with another."""

    claim: str
    trial: str
    trial_label: str
    arm: str | None
    comparator: str | None
    endpoint: str
    endpoint_label: str
    statistic: str
    value: Decimal
    unit: str
    population: str | None
    time: tuple[str, str] | None
    n: int | None
    report: str | None
    approximate: bool
    publication: str
    publication_label: str
    quote: str
    locator: str
    unit_label: str = ""
    flagged: bool = False
    registry: bool = False
    """From a trial registry's record (ClinicalTrials.gov), not from a publication."""
    category: str | None = None
    """The registry's result category (a class or category of its outcome measure)."""

    @property
    def where(self) -> str:
        flag = " (flagged as the source's error, with its correction)" if self.flagged else ""
        return f"{self.publication_label}, {self.locator}{flag}"

    def stated(self) -> str:
        unit = {"percent": "%", "ratio": "", "": ""}.get(self.unit_label, f" {self.unit_label}")
        unit = f" {_UNIT_WORDS[self.unit]}" if self.unit in _UNIT_WORDS else unit
        about = f" (n = {self.n})" if self.n is not None else ""
        about += f" [{self.report}]" if self.report else ""
        return f"{'around ' if self.approximate else ''}{self.value}{unit}{about}"

    def other_report_than(self, other: Outcome) -> bool:
        """The two name different reports of the trial: another n, or another report name."""
        if self.n is not None and other.n is not None and self.n != other.n:
            return True
        return bool(self.report and other.report and self.report != other.report)


Verdict = Literal["contradicts", "otherReportOf"]
"""The property that links two claims judged together (`alkkg:contradicts`, `alkkg:otherReportOf`)."""

#: What two outcome claims must share to be compared: trial, endpoint, statistic, population, time
#: and the registry's result category.
_Statement = tuple[str, str, str, str | None, tuple[str, str] | None, str | None]


@dataclass(frozen=True)
class Comparison:
    """The build's judgement on a pair of claims."""

    a: str
    b: str
    verdict: Verdict
    reason: str
    compared_value: str | None = None

    def triples(self) -> Iterator[ox.Triple]:
        a, b = ox.NamedNode(self.a), ox.NamedNode(self.b)
        yield ox.Triple(a, ox.NamedNode(ALKKG[self.verdict]), b)
        digest = hashlib.sha1(f"{self.a} {self.b}".encode()).hexdigest()[:12]
        node = ox.NamedNode(ID[f"comparison/{digest}"])
        verdict = ALKKG.Contradiction if self.verdict == "contradicts" else ALKKG.SuccessiveReport
        yield ox.Triple(node, ox.NamedNode(RDF.type), ox.NamedNode(ALKKG.ClaimComparison))
        yield ox.Triple(node, ox.NamedNode(ALKKG.comparedClaim), a)
        yield ox.Triple(node, ox.NamedNode(ALKKG.comparedClaim), b)
        yield ox.Triple(node, ox.NamedNode(ALKKG.verdict), ox.NamedNode(verdict))
        yield ox.Triple(node, ox.NamedNode(RDFS.comment), ox.Literal(self.reason))
        label = "contradiction" if self.verdict == "contradicts" else "successive reports"
        yield ox.Triple(node, ox.NamedNode(RDFS.label), ox.Literal(label))
        if self.compared_value:
            yield ox.Triple(
                node, ox.NamedNode(ALKKG.comparedValue), ox.Literal(self.compared_value)
            )


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def _outcomes(store: ox.Store) -> list[Outcome]:
    rows = []
    for s in select(store, _OUTCOMES):
        time = (s["timePoint"].value, s["timeUnit"].value) if s["timePoint"] else None
        rows.append(
            Outcome(
                claim=s["claim"].value,
                trial=s["trial"].value,
                trial_label=s["trialLabel"].value,
                arm=_text(s["arm"]),
                comparator=_text(s["comparator"]),
                endpoint=s["endpoint"].value,
                endpoint_label=s["endpointLabel"].value,
                statistic=s["statistic"].value,
                value=Decimal(s["value"].value),
                unit=s["unit"].value,
                population=_text(s["population"]),
                time=time,
                n=int(s["n"].value) if s["n"] else None,
                report=_text(s["report"]),
                approximate=bool(s["approximate"]) and s["approximate"].value == "true",
                publication=s["pub"].value,
                publication_label=s["pubLabel"].value,
                quote=s["quote"].value,
                locator=s["locator"].value,
                unit_label=s["unitLabel"].value,
                flagged=s["flagged"].value == "true",
                registry=s["registry"].value == "true",
                category=_text(s["category"]),
            )
        )
    return rows


def rounding(value: Decimal, approximate: bool) -> Decimal:
    """How far the true value may lie from `value` as worded: half its last digit, and for an
    approximate value ("around 60%") also 5% of it."""
    exponent = value.as_tuple().exponent
    half_digit = Decimal(5) * Decimal(10) ** (min(int(exponent), 0) - 1)
    return max(half_digit, abs(value) * Decimal("0.05")) if approximate else half_digit


def _same_arm(x: Outcome, y: Outcome, single_arm: set[str]) -> bool:
    """Same arm, or no arm on one side for a trial with a single arm."""
    if x.arm == y.arm:
        return True
    return (x.arm is None or y.arm is None) and x.trial in single_arm


def compare_outcomes(outcomes: list[Outcome], single_arm: set[str]) -> list[Comparison]:
    """Pairs of outcome claims that contradict or update each other, with the reason.

    Reports are followed through agreement: a figure that matches a later report's figure
    (61% beside 60.8% over 143 patients) belongs to that report, so it is an update of an
    earlier report (57% over 82 patients) even when its own row names no report.
    """
    groups: dict[_Statement, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.trial, o.endpoint, o.statistic, o.population, o.time, o.category)].append(o)
    found: list[Comparison] = []
    for group in groups.values():
        ordered = sorted(group, key=lambda o: o.claim)
        pairs = {(x.claim, y.claim): _align(x, y, single_arm) for x, y in combinations(ordered, 2)}
        agree = {key for key, aligned in pairs.items() if aligned and aligned[2]}
        for x, y in combinations(ordered, 2):
            aligned = pairs[(x.claim, y.claim)]
            if aligned is None or aligned[2]:
                continue
            found.append(_judge(x, y, aligned[1], ordered, agree))
    return found


def _matches(a: Outcome, b: Outcome, agree: set[tuple[str, str]]) -> bool:
    return (a.claim, b.claim) in agree or (b.claim, a.claim) in agree


def _align(x: Outcome, y: Outcome, single_arm: set[str]) -> tuple[Decimal, str | None, bool] | None:
    """None when the two do not state the same thing; else y's value in x's direction, how it
    was turned (hazard ratios), and whether the values agree within their rounding."""
    if x.publication == y.publication and x.quote == y.quote:
        return None  # one passage recorded as several rows: parts of one statement
    if x.registry and y.registry:
        return None  # registry values are compared with the papers', not with each other
    if (x.registry and x.arm is None) or (y.registry and y.arm is None):
        return None  # a registry group that is none of the trial's arms (a total, a cohort)
    if x.unit != y.unit:
        return None  # months and weeks are not compared as numbers
    y_value, inverted = y.value, None
    if x.statistic == str(_HAZARD_RATIO):
        if (x.arm, x.comparator) == (y.comparator, y.arm) and x.arm != x.comparator:
            if y.value == 0:
                return None
            y_value = (Decimal(1) / y.value).quantize(Decimal("0.01"))
            inverted = f"{y.value} as worded is {y_value} the other way round"
        elif (x.arm, x.comparator) != (y.arm, y.comparator):
            return None
    elif x.comparator != y.comparator or not _same_arm(x, y, single_arm):
        return None
    allowance = rounding(y.value, y.approximate)
    if inverted:
        allowance = allowance / (y.value * y.value)
    agrees = abs(x.value - y_value) <= max(rounding(x.value, x.approximate), allowance)
    return y_value, inverted, agrees


def _judge(
    x: Outcome,
    y: Outcome,
    inverted: str | None,
    group: list[Outcome],
    agree: set[tuple[str, str]],
) -> Comparison:
    what = f"{x.trial_label} {x.endpoint_label}" + (f" ({x.population})" if x.population else "")
    if x.time:
        what += f" at {x.time[0]} {_UNIT_WORDS.get(x.time[1], x.time[1])}"
    if x.other_report_than(y):
        return Comparison(
            x.claim,
            y.claim,
            "otherReportOf",
            f"{what}: {x.stated()} in {x.where} and {y.stated()} in {y.where} are different "
            "reports of the trial (another number of patients or data cut), not a disagreement",
        )
    for z in group:
        for same, other in ((x, y), (y, x)):
            if z is same or z is other or not _matches(same, z, agree):
                continue
            if z.other_report_than(other):
                return Comparison(
                    x.claim,
                    y.claim,
                    "otherReportOf",
                    f"{what}: {same.stated()} in {same.where} matches {z.stated()} in "
                    f"{z.where}, another report of the trial than {other.stated()} in "
                    f"{other.where}: an update, not a disagreement",
                )
    if x.publication == y.publication:
        kind = "the paper's own figures disagree"
    elif x.registry or y.registry:
        kind = "the trial's registry record and the paper disagree"
    else:
        kind = "the sources disagree"
    return Comparison(
        x.claim,
        y.claim,
        "contradicts",
        f"{what}: {x.stated()} in {x.where}, {y.stated()} in {y.where}"
        + (f" ({inverted})" if inverted else "")
        + f"; {kind} beyond the rounding of their wording",
        inverted,
    )


def compare(store: ox.Store) -> list[ox.Triple]:
    """Every contradiction and successive report among the store's claims, as triples."""
    single_arm = {s["trial"].value for s in select(store, _ARMS) if int(s["arms"].value) == 1}
    comparisons = compare_outcomes(_outcomes(store), single_arm)
    for a, b, reason in contradicting_activity(store):
        comparisons.append(Comparison(a, b, "contradicts", reason))
    for s in select(store, _REGISTRY):
        flagged = s["flagged"].value == "true"
        comparisons.append(
            Comparison(
                s["a"].value,
                s["b"].value,
                "contradicts",
                f"{s['trialLabel'].value}: registry id {s['x'].value} in {s['pubA'].value}, "
                f"{s['locA'].value}; {s['y'].value} in {s['pubB'].value}, {s['locB'].value}"
                + (
                    "; one of them is flagged as the source's error and corrected"
                    if flagged
                    else ""
                ),
            )
        )
    return [t for c in comparisons for t in c.triples()]
