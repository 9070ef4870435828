"""ClinicalTrials.gov study records -> our graph (the mapping is documented in loaders/ctgov/README.md).

Per record: the record itself (an `alkkg:EvidenceItem` whose IRI is its public page, with its
last-update date), the trial (the papers' trial when the registry id is theirs, else a trial node
of its own), one trial description claim (phase, status, dates, enrolment, conditions, arms with
their interventions, publications by PMID), and from the results section (`results.py`) one outcome
claim per group and value, one per statistical analysis, and one adverse event count per event and
group. Every claim is written by `loaders.claims.ClaimWriter`, derived from the record, located by
its JSON path and the record's last-update date, and quotes the JSON it was read from.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.errors import SourceError, SourceErrors
from kg.vocab import ALKKG, DCTERMS, ID, RDF, RDFS, SKOS, XSD
from loaders.civic.places import slug
from loaders.claims import ClaimWriter, Grading, Provenance
from loaders.ctgov.places import Index
from loaders.ctgov.read import Bad, Field, Study

RECORD = "https://clinicaltrials.gov/study/"
REGISTRY_EVENTS = "registry-adverse-event"
"""The kind of a registry's adverse event count, `alkkg:RegistryAdverseEventClaim`. The claim
writer takes a claim kind as the word a table writes (its class's `skos:notation`), and no table
writes this one, so the class has no word: the writer is asked for a claim and the class is set
after, so that the papers' `alkkg:AdverseEventClaim` queries never see registry counts."""
PHASES = {"EARLY_PHASE1": "early 1", "PHASE1": "1", "PHASE2": "2", "PHASE3": "3", "PHASE4": "4"}
"""The registry's phase words -> the phase as the papers write it (`1/2` for PHASE1 + PHASE2).
`NA` (not applicable: a study without phases) writes no phase."""


@dataclass
class Report:
    """What the mapping made of a file: the counts and the names it could not place."""

    studies: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    claims: Counter[str] = field(default_factory=Counter)
    interventions_matched: set[tuple[str, str]] = field(default_factory=set)
    interventions_unmatched: set[tuple[str, str]] = field(default_factory=set)
    endpoints_matched: set[tuple[str, str]] = field(default_factory=set)
    """(NCT id, name as the record gives it)."""
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"read {len(self.studies)} studies ({_some(self.studies)}); {len(self.merged)} are "
            "trials of the papers" + (f" ({_some(self.merged)})" if self.merged else ""),
            "claims: " + ", ".join(f"{k} {v}" for k, v in sorted(self.claims.items())),
            f"interventions matched to our agents: {_named(self.interventions_matched)}",
            "interventions not matched, kept as named interventions: "
            + _named(self.interventions_unmatched),
            f"outcome measures named as one of our endpoints: {_named(self.endpoints_matched)}",
            *self.skipped[:SHOWN],
            *([f"... and {len(self.skipped) - SHOWN} more"] if len(self.skipped) > SHOWN else []),
        ]


SHOWN = 50
"""How many names or notes a report line lists before it says how many more there are."""


def _some(items: list[str]) -> str:
    return ", ".join(items[:10]) + (f", ... ({len(items)} in all)" if len(items) > 10 else "")


def _named(found: set[tuple[str, str]]) -> str:
    """`Placebo (NCT1, NCT2)`: each name once, with the records that name it (a few)."""
    if not found:
        return "none"
    by_name: dict[str, list[str]] = {}
    for nct, name in sorted(found):
        by_name.setdefault(name, []).append(nct)
    shown = [
        f"{name} ({_some(ids) if len(ids) <= 3 else f'{len(ids)} records'})"
        for name, ids in sorted(by_name.items())[:SHOWN]
    ]
    more = f"; ... and {len(by_name) - SHOWN} more" if len(by_name) > SHOWN else ""
    return f"{len(by_name)}: " + "; ".join(shown) + more


class RecordMapper:
    """Maps one study record into the shared graph."""

    def __init__(self, study: Study, file_name: str, out: CtgovGraph) -> None:
        self.study, self.file_name, self.out = study, file_name, out
        self.nct = study.nct_id
        self.writer, self.index, self.report = out.writer, out.index, out.report
        self.record = URIRef(f"{RECORD}{self.nct}")
        self.trial: URIRef = ID[f"trial/{self.nct.lower()}"]
        self.arm_prefix = f"trial/{self.nct.lower()}"
        self.arms: dict[str, URIRef] = {}
        """Arm group labels (folded) -> our arm."""
        self.arm_types: dict[URIRef, str] = {}
        """Our arm -> its registered type (EXPERIMENTAL, PLACEBO_COMPARATOR ...)."""

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.writer.graph.add((s, p, o))

    def claim(
        self,
        claim_id: str,
        kind: str,
        at: Field,
        label: str,
        *,
        level: str | None = None,
        quote: Field | None = None,
    ) -> URIRef:
        """A claim read from the record at `at`; its quote is the JSON there (or at `quote`, the
        enclosing item, when `at` alone does not say what it is about), verbatim."""
        where = f"ClinicalTrials.gov {self.nct}, last updated {self.study.last_update}: {at.path}"
        text = json.dumps((quote or at).value, ensure_ascii=False, sort_keys=True)
        claim = self.writer.claim(
            f"ctgov-{self.nct.lower()}-{claim_id}" if claim_id else f"ctgov-{self.nct.lower()}",
            "adverse-event" if kind == REGISTRY_EVENTS else kind,
            Provenance(self.record, where, text, f"{self.file_name}:{at.path or '$'}"),
            label=f"{label} ({self.nct})",
            grading=Grading(level) if level else None,
        )
        if kind == REGISTRY_EVENTS:  # a class without a table word: see REGISTRY_EVENTS
            self.writer.graph.remove((claim, RDF.type, ALKKG.AdverseEventClaim))
            self.add(claim, RDF.type, ALKKG.RegistryAdverseEventClaim)
        self.add(claim, ALKKG.knowledgeBase, ALKKG.ClinicalTrialsGov)
        self.add(claim, ALKKG.evidenceId, Literal(self.nct))
        self.add(claim, ALKKG.trial, self.trial)
        self.report.claims[kind] += 1
        self.out.claims += 1
        return claim

    def note(self, claim: URIRef, what: str) -> None:
        self.add(claim, ALKKG.notPlaced, Literal(what))
        self.report.skipped.append(f"{self.nct}: {what}")

    def map(self) -> None:
        from loaders.ctgov.results import map_results

        protocol = self.study.root.need("protocolSection")
        identification = protocol.need("identificationModule")
        title = identification.text("briefTitle") or self.nct
        self._record(title)
        self._trial(identification, title)
        description = self._description(protocol, title)
        self._arms(protocol, description)
        self._references(protocol, description)
        results = self.study.root.get("resultsSection")
        if results is not None:
            map_results(self, results)

    def _record(self, title: str) -> None:
        self.add(self.record, RDF.type, ALKKG.EvidenceItem)
        date = self.study.last_update
        self.add(self.record, RDFS.label, Literal(f"ClinicalTrials.gov {self.nct} ({date})"))
        self.add(self.record, DCTERMS.title, Literal(title))
        self.add(self.record, DCTERMS.identifier, Literal(self.nct))
        self.add(self.record, DCTERMS.modified, _date(date))
        self.add(self.record, ALKKG.knowledgeBase, ALKKG.ClinicalTrialsGov)
        self.add(self.record, ALKKG.evidenceId, Literal(self.nct))

    def _trial(self, identification: Field, title: str) -> None:
        ours = self.index.trial(self.nct)
        if ours is not None:
            self.trial = ours
            self.arm_prefix = str(ours).removeprefix(str(ID))
            self.report.merged.append(f"{self.nct} = {self.index.trial_labels.get(ours, ours)}")
            return
        self.add(self.trial, RDF.type, ALKKG.ClinicalTrial)
        label = identification.text("acronym") or title
        self.add(self.trial, RDFS.label, Literal(label))
        self.add(self.trial, ALKKG.registryId, Literal(self.nct))
        self.add(self.trial, SKOS.altLabel, Literal(self.nct))
        self.add(
            self.trial,
            SKOS.editorialNote,
            Literal(
                f"Trial known from its ClinicalTrials.gov record {self.nct}; not in our tables."
            ),
        )

    def _description(self, protocol: Field, title: str) -> URIRef:
        modules = ("identificationModule", "statusModule", "designModule", "conditionsModule")
        quoted = {k: protocol.value[k] for k in modules if k in protocol.value}
        claim = self.claim("", "trial", Field(quoted, protocol.path), f"trial: {title}")
        state = self.writer.state
        state(claim, ALKKG.statedRegistryId, Literal(self.nct))
        status = protocol.need("statusModule")
        if (overall := status.text("overallStatus")) is not None:
            state(claim, ALKKG.overallStatus, Literal(overall))
        kinds = []
        for key, prop in (
            ("startDateStruct", ALKKG.startDate),
            ("completionDateStruct", ALKKG.completionDate),
        ):
            struct = status.get(key)
            if struct is not None and (day := struct.text("date")) is not None:
                state(claim, prop, _date(day))
                kinds.append(
                    f"{key.removesuffix('DateStruct')} {struct.text('type') or 'not said'}"
                )
        if kinds:
            state(claim, ALKKG.dateType, Literal(", ".join(kinds)))
        design = protocol.get("designModule")
        if design is not None:
            if (study_type := design.text("studyType")) is not None:
                state(claim, ALKKG.studyType, Literal(study_type))
            phases = [p.value for p in design.items("phases") if isinstance(p.value, str)]
            stated = [PHASES[p] for p in phases if p in PHASES]
            if stated:
                state(claim, ALKKG.phase, Literal("/".join(stated)))
            unknown = [p for p in phases if p not in PHASES and p != "NA"]
            if unknown:
                self.note(claim, f"phase {', '.join(unknown)} is not one the registry defines")
            enrollment = design.get("enrollmentInfo")
            if enrollment is not None and (count := enrollment.count("count")):
                planned = (enrollment.text("type") or "").upper() == "ESTIMATED"
                prop = ALKKG.plannedEnrollment if planned else ALKKG.sampleSize
                state(claim, prop, Literal(count, datatype=XSD.integer))
        conditions = protocol.get("conditionsModule")
        if conditions is not None:
            for condition in conditions.items("conditions"):
                if isinstance(condition.value, str) and condition.value.strip():
                    state(claim, ALKKG.statedCondition, Literal(condition.value.strip()))
        return claim

    def _arms(self, protocol: Field, description: URIRef) -> None:
        module = protocol.get("armsInterventionsModule")
        if module is None:
            return
        by_arm: dict[str, list[URIRef]] = {}
        agents_by_arm: dict[str, set[URIRef]] = {}
        for position, item in enumerate(module.items("interventions")):
            name = item.need_text("name")
            others = [o.value.strip() for o in item.items("otherNames") if isinstance(o.value, str)]
            node = ID[f"intervention/{self.nct.lower()}/{slug(name) or position}"]
            self.add(node, RDF.type, ALKKG.Intervention)
            self.add(node, RDFS.label, Literal(name))
            for other in others:
                self.add(node, SKOS.altLabel, Literal(other))
            if (kind := item.text("type")) is not None:
                self.add(node, SKOS.note, Literal(f"intervention type {kind}"))
            agent = self.index.agent([name, *others])
            if agent is not None:
                self.add(node, ALKKG.interventionAgent, agent)
                self.report.interventions_matched.add((self.nct, name))
            else:
                self.report.interventions_unmatched.add((self.nct, name))
            for named in item.items("armGroupLabels"):
                if isinstance(named.value, str):
                    by_arm.setdefault(_fold(named.value), []).append(node)
                    if agent is not None:
                        agents_by_arm.setdefault(_fold(named.value), set()).add(agent)
        for position, group in enumerate(module.items("armGroups")):
            label = group.need_text("label")
            key = _fold(label)
            agents = frozenset(agents_by_arm.get(key, set()))
            paper = self.index.paper_arm(self.trial, agents)
            if paper is not None:
                arm = paper.iri
            else:
                arm = ID[f"{self.arm_prefix}/arm/ctgov-{slug(label) or position}"]
                self.add(arm, RDF.type, ALKKG.TrialArm)
                self.add(arm, ALKKG.armOf, self.trial)
                self.add(arm, ALKKG.armSlug, Literal(label))
                self.add(arm, RDFS.label, Literal(f"{self.nct}: {label}"))
                self.add(arm, ALKKG.knowledgeBase, ALKKG.ClinicalTrialsGov)  # a registry's arm
                for agent in agents:
                    self.add(arm, ALKKG.regimenAgent, agent)
            self.arms[key] = arm
            arm_description = ID[f"claim/ctgov-{self.nct.lower()}/arm/{position + 1}"]
            self.add(description, ALKKG.describesArm, arm_description)
            self.add(arm_description, RDF.type, ALKKG.ArmDescription)
            self.add(arm_description, ALKKG.arm, arm)
            self.add(arm_description, RDFS.label, Literal(f"{label} arm as registered"))
            if (arm_type := group.text("type")) is not None:
                self.add(arm_description, ALKKG.armType, Literal(arm_type))
                self.arm_types[arm] = arm_type
            if (text := group.text("description")) is not None:
                self.add(arm_description, RDFS.comment, Literal(text))
            for agent in agents:
                self.add(arm_description, ALKKG.regimenAgent, agent)
            for node in by_arm.get(key, []):
                self.add(arm_description, ALKKG.intervention, node)

    def _references(self, protocol: Field, description: URIRef) -> None:
        module = protocol.get("referencesModule")
        if module is None:
            return
        for reference in module.items("references"):
            pmid = reference.text("pmid")
            kind = (reference.text("type") or "").upper()
            if not pmid:
                continue  # a citation without a PMID names no publication we can identify
            if not pmid.isdigit():
                raise Bad(reference.path + ".pmid", f"{pmid!r} is not a PMID")
            publication = self._publication(pmid, reference.text("citation"))
            prop = ALKKG.backgroundReference if kind == "BACKGROUND" else ALKKG.reportedIn
            self.add(description, prop, publication)

    def _publication(self, pmid: str, citation: str | None) -> URIRef:
        ours = self.index.places.publications_by_pmid.get(pmid)
        if ours is not None:
            return ours
        iri, new = self.writer.cited_publication(pmid)
        if new:
            if citation:
                self.add(iri, DCTERMS.bibliographicCitation, Literal(citation))
            self.add(
                iri,
                SKOS.editorialNote,
                Literal(
                    "Cited by a ClinicalTrials.gov record; PMID and citation as it gives them."
                ),
            )
        return iri

    def arm_of(self, title: str | None) -> URIRef | None:
        """The arm a results group is, by its title (results groups repeat the arm labels)."""
        return None if title is None else self.arms.get(_fold(title))


def _fold(label: str) -> str:
    return " ".join(label.lower().split())


def _date(text: str) -> Literal:
    """A registry date as the registry writes it, at its own precision (2014-08-05 or 2014-08),
    as text: OWL 2's datatypes, which the consistency check holds the graph to, have no date."""
    return Literal(text)


class CtgovGraph:
    """Every record of a file, mapped into one graph."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.writer = ClaimWriter()
        self.graph: Graph = self.writer.graph
        self.report = Report()
        self.claims = 0


def map_studies(
    studies: list[Study], path: Path, index: Index, out: CtgovGraph | None = None
) -> CtgovGraph:
    """The graph of `studies` (read from `path`), added to `out` when given (several files, one
    graph); `SourceErrors` naming the file, the field and the record for any value that cannot
    be read."""
    out = CtgovGraph(index) if out is None else out
    errors: list[SourceError] = []
    for study in studies:
        out.report.studies.append(study.nct_id)
        try:
            RecordMapper(study, path.name, out).map()
        except Bad as bad:
            errors.append(SourceError(path, None, bad.path, f"{study.nct_id}: {bad.message}"))
    if errors:
        raise SourceErrors(errors)
    return out
