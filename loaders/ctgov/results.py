"""A study record's results section -> outcome claims, comparison claims and adverse event counts.

* Each value of an outcome measure (per group, class and category) is an `alkkg:OutcomeClaim` with
  the measure's title as endpoint (ours when the title is one of our endpoints' names), the value
  with its unit, spread or limits as the record says, the time frame and the number analysed.
* Each statistical analysis is an `alkkg:OutcomeClaim` comparing an arm with a comparator: the
  estimate's kind (the papers' `alkkg:HazardRatio` for a hazard ratio, so registry and paper HRs
  meet in the same queries), the CI with its level and sidedness, the p-value with its relation
  (`<0.0001` is relation `<`, value 0.0001) and the method.
* Each serious or other adverse event is an `alkkg:RegistryAdverseEventClaim` per group: affected
  of at risk, and the number of events, never turned into the papers' graded percentages.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from kg.vocab import ALKKG, ID, RDF, RDFS, SKOS, XSD
from loaders.civic.places import slug
from loaders.ctgov.mapping import REGISTRY_EVENTS
from loaders.ctgov.places import match_endpoint
from loaders.ctgov.read import Bad, Field

if TYPE_CHECKING:
    from loaders.ctgov.mapping import RecordMapper

MEASURE_STATISTIC = {
    "MEDIAN": ALKKG.Median,
    "MEAN": ALKKG.Mean,
    "LEAST_SQUARES_MEAN": ALKKG.LeastSquaresMean,
    "GEOMETRIC_MEAN": ALKKG.GeometricMean,
    "COUNT_OF_PARTICIPANTS": ALKKG.Count,
    "COUNT_OF_UNITS": ALKKG.Count,
    "NUMBER": ALKKG.Number,
}
"""The registry's parameter types -> our statistics. A NUMBER in "percentage of participants" is
a proportion (`alkkg:Proportion`, in percent); another parameter type is kept verbatim in
`alkkg:statedParameter` with the statistic `alkkg:Number` and reported."""
PERCENT_OF_PARTICIPANTS = {
    "percentage of participants",
    "percent of participants",
    "percentage of patients",
    "percent of patients",
}
TIME_UNITS = {
    "months": ALKKG.Month,
    "month": ALKKG.Month,
    "weeks": ALKKG.Week,
    "days": ALKKG.Day,
    "years": ALKKG.Year,
}
RATIOS = (
    ("hazard ratio", ALKKG.HazardRatio),
    ("odds ratio", ALKKG.OddsRatio),
    ("risk ratio", ALKKG.RiskRatio),
    ("relative risk", ALKKG.RiskRatio),
)
COMPARATOR_TYPES = {"PLACEBO_COMPARATOR", "ACTIVE_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION"}
_P = re.compile(r"^\s*(<=|≤|>=|≥|<|>|=)?\s*(\d*\.?\d+(?:[eE]-?\d+)?)\s*$")
_VERSUS = re.compile(r"^\s*(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*\.?\s*$", re.IGNORECASE)
_CI = re.compile(r"^(\d+(?:\.\d+)?)\s*%\s*confidence interval", re.IGNORECASE)
_RELATIONS = {"≤": "<=", "≥": ">=", None: "="}
LEVEL = "B"
"""Registry results are a trial's own results: clinical evidence, level B on the common scale."""


def map_results(mapper: RecordMapper, results: Field) -> None:
    module = results.get("outcomeMeasuresModule")
    if module is not None:
        for position, measure in enumerate(module.items("outcomeMeasures")):
            _Measure(mapper, measure, position + 1).map()
    events = results.get("adverseEventsModule")
    if events is not None:
        _adverse_events(mapper, events)


def p_value(text: str, where: str) -> tuple[str, Decimal]:
    """`<0.0001` -> ("<", 0.0001); `0.023` -> ("=", 0.023); anything else is an error."""
    match = _P.match(text)
    if not match:
        raise Bad(where, f"p-value {text!r} is not a number with an optional relation (<0.05)")
    value = Decimal(match[2])
    if value > 1:
        raise Bad(where, f"p-value {text!r} is above 1")
    return _RELATIONS.get(match[1], match[1]), value


class _Measure:
    """One outcome measure of the record."""

    def __init__(self, mapper: RecordMapper, measure: Field, number: int) -> None:
        self.m, self.field, self.number = mapper, measure, number
        self.title = measure.need_text("title")
        self.parameter = measure.text("paramType") or "NUMBER"
        self.unit_text = measure.text("unitOfMeasure") or ""
        self.groups = {
            g.need_text("id"): g.text("title") or g.need_text("id") for g in measure.items("groups")
        }
        self.n: dict[str, int] = {}
        for denom in measure.items("denoms"):
            if (denom.text("units") or "").lower() != "participants":
                continue
            for count in denom.items("counts"):
                analysed = count.count("value")
                if analysed:
                    self.n[count.need_text("groupId")] = analysed
        ours = match_endpoint(self.title)
        if ours is not None:
            self.endpoint = ours
            mapper.report.endpoints_matched.add((mapper.nct, self.title))
        else:
            self.endpoint = ID[f"endpoint/{mapper.nct.lower()}-o{number}"]
            mapper.add(self.endpoint, RDF.type, ALKKG.Endpoint)
            mapper.add(self.endpoint, RDFS.label, Literal(self.title))
            mapper.add(
                self.endpoint,
                SKOS.editorialNote,
                Literal(
                    f"Outcome measure {number} of ClinicalTrials.gov {mapper.nct}, as titled there."
                ),
            )
        proportion = (
            self.parameter == "NUMBER"
            and " ".join(self.unit_text.lower().split()) in PERCENT_OF_PARTICIPANTS
        )
        self.statistic = (
            ALKKG.Proportion if proportion else MEASURE_STATISTIC.get(self.parameter, ALKKG.Number)
        )
        self.unit = ALKKG.Percent if proportion else self._unit(self.unit_text)

    def _unit(self, text: str) -> URIRef:
        folded = " ".join(text.lower().split())
        if folded in TIME_UNITS:
            return TIME_UNITS[folded]
        iri = ID[f"unit/{slug(text) or 'not-stated'}"]
        if (iri, RDF.type, ALKKG.Unit) not in self.m.writer.graph:  # one label: the first wording
            self.m.add(iri, RDF.type, ALKKG.Unit)
            self.m.add(iri, RDFS.label, Literal(text or "not stated"))
            self.m.add(
                iri, SKOS.editorialNote, Literal("Unit as a ClinicalTrials.gov record words it.")
            )
        return iri

    def _common(self, claim: URIRef) -> None:
        state = self.m.writer.state
        state(claim, ALKKG.endpoint, self.endpoint)
        state(claim, ALKKG.outcomeType, Literal(self.field.text("type") or "not stated"))
        if (frame := self.field.text("timeFrame")) is not None:
            state(claim, ALKKG.timeFrame, Literal(frame))

    def map(self) -> None:
        classes = list(self.field.items("classes"))
        for c, klass in enumerate(classes):
            categories = list(klass.items("categories"))
            for k, category in enumerate(categories):
                names = [t for t in (klass.text("title"), category.text("title")) if t]
                suffix = (f"-c{c + 1}" if len(classes) > 1 else "") + (
                    f"-k{k + 1}" if len(categories) > 1 else ""
                )
                for measurement in category.items("measurements"):
                    self._value(measurement, " / ".join(names), suffix)
        for a, analysis in enumerate(self.field.items("analyses")):
            self._analysis(analysis, a + 1)

    def _value(self, measurement: Field, category: str, suffix: str) -> None:
        group = measurement.need_text("groupId")
        value = measurement.number("value")
        group_title = self.groups.get(group, group)
        if value is None:
            why = measurement.text("comment") or "not available"
            self.m.report.skipped.append(
                f"{self.m.nct}: outcome {self.number} ({self.title[:60]}), group {group}: no value "
                f"({why[:80]})"
            )
            return
        unit_word = "%" if self.unit == ALKKG.Percent else f" {self.unit_text}"
        claim = self.m.claim(
            f"o{self.number}-{group.lower()}{suffix}",
            "outcome",
            measurement,
            f"outcome: {self.title[:80]}, {group_title}"
            + (f" [{category}]" if category else "")
            + f": {value}{unit_word}",
            level=LEVEL,
        )
        state = self.m.writer.state
        self._common(claim)
        state(claim, ALKKG.statistic, self.statistic)
        state(claim, ALKKG.statedParameter, Literal(self.parameter))
        state(claim, ALKKG.value, Literal(value, datatype=XSD.decimal))
        state(claim, ALKKG.unit, self.unit)
        state(claim, ALKKG.groupTitle, Literal(f"{group}: {group_title}"))
        arm = self.m.arm_of(group_title)
        if arm is not None:
            state(claim, ALKKG.arm, arm)
        if category:
            state(claim, ALKKG.resultCategory, Literal(category))
        if group in self.n:
            state(claim, ALKKG.sampleSize, Literal(self.n[group], datatype=XSD.integer))
        dispersion = self.field.text("dispersionType")
        spread = measurement.number("spread")
        low, high = measurement.number("lowerLimit"), measurement.number("upperLimit")
        if dispersion is not None and (spread is not None or low is not None or high is not None):
            state(claim, ALKKG.dispersionType, Literal(dispersion))
        if spread is not None:
            state(claim, ALKKG.spread, Literal(spread, datatype=XSD.decimal))
        for prop, limit in ((ALKKG.lowerLimit, low), (ALKKG.upperLimit, high)):
            if limit is not None:
                state(claim, prop, Literal(limit, datatype=XSD.decimal))
        ci = _CI.match(dispersion or "")
        if ci and (low is not None or high is not None):
            self._ci(claim, value, low, high, Decimal(ci[1]))

    def _ci(
        self,
        claim: URIRef,
        value: Decimal,
        low: Decimal | None,
        high: Decimal | None,
        level: Decimal,
    ) -> None:
        """The CI, when it holds the estimate; else the record's figures stay in the quote and
        the claim says why they are not its CI."""
        if (low is not None and low > value) or (high is not None and high < value):
            self.m.note(
                claim,
                f"the record's confidence interval ({low}, {high}) does not contain its estimate "
                f"{value}; not written as the claim's CI (the quote keeps the record's figures)",
            )
            return
        state = self.m.writer.state
        if low is not None:
            state(claim, ALKKG.ciLow, Literal(low, datatype=XSD.decimal))
        if high is not None:
            state(claim, ALKKG.ciHigh, Literal(high, datatype=XSD.decimal))
        state(claim, ALKKG.ciLevel, Literal(level, datatype=XSD.decimal))

    def _analysis(self, analysis: Field, number: int) -> None:
        parameter = analysis.text("paramType") or "not stated"
        estimate = analysis.number("paramValue")
        groups = [g.value for g in analysis.items("groupIds") if isinstance(g.value, str)]
        titles = [self.groups.get(g, g) for g in groups]
        where = f"{self.m.nct}: outcome {self.number} ({self.title[:60]}), analysis {number}"
        if estimate is None:
            p = analysis.text("pValue")
            self.m.report.skipped.append(
                f"{where}: no estimate ({parameter}; p {p or 'not given'}): not a comparison claim"
            )
            return
        folded = parameter.lower()
        statistic = next((s for word, s in RATIOS if word in folded), None)
        if statistic is not None:
            unit = ALKKG.Ratio
        elif "difference" in folded:
            statistic = ALKKG.Difference
            unit = ALKKG.PercentagePoint if self.unit == ALKKG.Percent else self.unit
        else:
            statistic, unit = ALKKG.OtherEstimate, self.unit
        arm, comparator = self._direction(analysis, titles)
        if statistic == ALKKG.HazardRatio and comparator is None:
            self.m.report.skipped.append(
                f"{where}: a hazard ratio of {', '.join(titles)} whose direction the record does "
                "not state (no 'X vs. Y' comment, no comparator arm): not loaded"
            )
            return
        claim = self.m.claim(
            f"o{self.number}-a{number}",
            "outcome",
            analysis,
            f"comparison: {self.title[:80]}, {analysis.text('estimateComment') or ' / '.join(titles)}:"
            f" {parameter} {estimate}",
            level=LEVEL,
        )
        state = self.m.writer.state
        self._common(claim)
        state(claim, ALKKG.statistic, statistic)
        state(claim, ALKKG.statedParameter, Literal(parameter))
        state(claim, ALKKG.value, Literal(estimate, datatype=XSD.decimal))
        state(claim, ALKKG.unit, unit)
        for group, title in zip(groups, titles, strict=True):
            state(claim, ALKKG.groupTitle, Literal(f"{group}: {title}"))
        if arm is not None and comparator is not None:
            state(claim, ALKKG.arm, arm)
            state(claim, ALKKG.comparator, comparator)
        else:
            self.m.note(claim, f"which of {', '.join(titles)} is compared with which is not stated")
        low, high = analysis.number("ciLowerLimit"), analysis.number("ciUpperLimit")
        level = analysis.number("ciPctValue")
        if low is not None or high is not None:
            self._ci(claim, estimate, low, high, level if level is not None else Decimal(95))
            if level is None:
                self.m.note(claim, "the CI's level is not stated; 95 assumed")
        if (sides := analysis.text("ciNumSides")) is not None:
            state(claim, ALKKG.ciSides, Literal(sides))
        if (p := analysis.text("pValue")) is not None:
            relation, value = p_value(p, f"{analysis.path}.pValue")
            state(claim, ALKKG.pValue, Literal(value, datatype=XSD.decimal))
            state(claim, ALKKG.pRelation, Literal(relation))
        if (method := analysis.text("statisticalMethod")) is not None:
            state(claim, ALKKG.statisticalMethod, Literal(method))
        spread = analysis.number("dispersionValue")
        if spread is not None:
            state(claim, ALKKG.spread, Literal(spread, datatype=XSD.decimal))
            state(
                claim,
                ALKKG.dispersionType,
                Literal(analysis.text("dispersionType") or "not stated"),
            )

    def _direction(self, analysis: Field, titles: list[str]) -> tuple[URIRef | None, URIRef | None]:
        """Arm and comparator: as the record's estimate comment words them ("X vs. Y"), else the
        one group whose arm is a comparator arm; None when the record does not say."""
        if len(titles) != 2:
            return None, None
        found = [self.m.arm_of(t) for t in titles]
        arms = [arm for arm in found if arm is not None]
        if len(arms) != 2:
            return None, None
        versus = _VERSUS.match(analysis.text("estimateComment") or "")
        if versus:
            first, second = (" ".join(v.lower().split()) for v in (versus[1], versus[2]))
            folded = [" ".join(t.lower().split()) for t in titles]
            if [first, second] == folded:
                return arms[0], arms[1]
            if [second, first] == folded:
                return arms[1], arms[0]
        kinds = [self.m.arm_types.get(arm) for arm in arms]
        comparators = [k in COMPARATOR_TYPES for k in kinds]
        if comparators == [False, True]:
            return arms[0], arms[1]
        if comparators == [True, False]:
            return arms[1], arms[0]
        return None, None


def _adverse_events(mapper: RecordMapper, module: Field) -> None:
    groups = {
        g.need_text("id"): g.text("title") or g.need_text("id") for g in module.items("eventGroups")
    }
    frame = module.text("timeFrame")
    for key, word, seriousness in (
        ("seriousEvents", "s", ALKKG.SeriousEvent),
        ("otherEvents", "o", ALKKG.OtherEvent),
    ):
        for position, event in enumerate(module.items(key)):
            term = event.need_text("term")
            ours = mapper.index.adverse_event(term)
            for stat in event.items("stats"):
                group = stat.need_text("groupId")
                affected, at_risk = stat.count("numAffected"), stat.count("numAtRisk")
                if affected is None or at_risk is None:
                    mapper.report.skipped.append(
                        f"{mapper.nct}: {key}[{position}] {term}, group {group}: no count"
                    )
                    continue
                if affected > at_risk:
                    raise Bad(stat.path, f"{affected} participants affected of {at_risk} at risk")
                title = groups.get(group, group)
                claim = mapper.claim(
                    f"ae-{word}{position + 1}-{group.lower()}",
                    REGISTRY_EVENTS,
                    stat,
                    f"{'serious' if word == 's' else 'other'} adverse event: {term}, {title}: "
                    f"{affected} of {at_risk}",
                    quote=event,
                )
                state = mapper.writer.state
                state(claim, ALKKG.eventTerm, Literal(term))
                state(claim, ALKKG.eventSeriousness, seriousness)
                if (organ := event.text("organSystem")) is not None:
                    state(claim, ALKKG.organSystem, Literal(organ))
                if ours is not None:
                    state(claim, ALKKG.adverseEvent, ours)
                state(claim, ALKKG.numAffected, Literal(affected, datatype=XSD.integer))
                state(claim, ALKKG.numAtRisk, Literal(at_risk, datatype=XSD.integer))
                if (events := stat.count("numEvents")) is not None:
                    state(claim, ALKKG.numEvents, Literal(events, datatype=XSD.integer))
                state(claim, ALKKG.groupTitle, Literal(f"{group}: {title}"))
                arm = mapper.arm_of(title)
                if arm is not None:
                    state(claim, ALKKG.arm, arm)
                if frame is not None:
                    state(claim, ALKKG.timeFrame, Literal(frame))
