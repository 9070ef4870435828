"""CIViC evidence items -> claims of our model (the mapping is documented in loaders/civic/README.md).

Each predictive evidence item becomes one `alkkg:ActivityClaim`, `id:claim/civic-eid<id>`, written
through `loaders.claims.ClaimWriter` as every source writes its claims: derived from the PubMed
publication (ours when we have it, else a new publication node) and from the evidence item's own
page, with the locator `CIViC evidence item <id>`, CIViC's evidence statement as the quote, its
level and direction, and its rating, significance and type verbatim. Items of other types are
counted and reported as skipped: our model has no claim kind for them yet. What cannot be placed
is reported with the evidence id, and the claim says it in the graph (`alkkg:notPlaced`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from kg.vocab import ALKKG, DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from loaders.civic.items import DIRECTIONS, EVIDENCE_TYPES, INTERACTIONS, LEVELS, EvidenceItem
from loaders.civic.places import Places, new_iri
from loaders.civic.profiles import Profile, ProfileError, parse_profile
from loaders.civic.variants import VariantPlacer
from loaders.claims import ClaimWriter, Grading, Provenance
from loaders.vocabulary import classes, individuals

ACTIVITY = {
    "SENSITIVITYRESPONSE": "sensitive",
    "RESISTANCE": "resistant",
    "REDUCED_SENSITIVITY": "reduced",
}
"""Predictive significances that are activity statements. ADVERSE_RESPONSE (the therapy harms
carriers of the variant) says nothing about activity against the variant: skipped and reported."""
DIRECTION = {"SUPPORTS": "supports", "DOES_NOT_SUPPORT": "does-not-support"}
KIND_BY_LEVEL = {
    "A": "clinical",
    "B": "clinical",
    "C": "case-report",
    "D": "not-stated",
    "E": "not-stated",
}
"""The evidence kind CIViC's level definitions imply: A (validated, human medicine) and B
(clinical trial or other patient data) are clinical, C is a case study. D (in vivo or in vitro
models) does not say which, and E is inferential: their kind is not stated."""
NCIT = "http://purl.obolibrary.org/obo/NCIT_"
DOID = "http://purl.obolibrary.org/obo/DOID_"


@dataclass
class Report:
    """What the mapping did with a file's items: the counts the source reports."""

    loaded: Counter[str] = field(default_factory=Counter)
    significance: Counter[str] = field(default_factory=Counter)
    level: Counter[str] = field(default_factory=Counter)
    direction: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    therapies_matched: set[str] = field(default_factory=set)
    therapies_new: set[str] = field(default_factory=set)
    variants_matched: set[str] = field(default_factory=set)
    variants_new: set[str] = field(default_factory=set)
    diseases_matched: set[str] = field(default_factory=set)
    diseases_new: set[str] = field(default_factory=set)

    def lines(self) -> list[str]:
        skipped = Counter(reason for _, reason in self.skipped)
        return [
            f"loaded {sum(self.loaded.values())} items as claims: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.loaded.items())),
            "  by significance: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.significance.items())),
            "  by level: " + ", ".join(f"{k} {v}" for k, v in sorted(self.level.items())),
            "  by direction: " + ", ".join(f"{k} {v}" for k, v in sorted(self.direction.items())),
            f"skipped {len(self.skipped)} items: "
            + "; ".join(
                f"{reason} ({', '.join(f'EID{i}' for i, r in self.skipped if r == reason)})"
                for reason in sorted(skipped)
            ),
            f"therapies: {len(self.therapies_matched)} matched to our agents, "
            f"{len(self.therapies_new)} new ({', '.join(sorted(self.therapies_new))})",
            f"variants: {len(self.variants_matched)} matched to ours, "
            f"{len(self.variants_new)} new ({', '.join(sorted(self.variants_new))})",
            f"diseases: {len(self.diseases_matched)} matched to ours, "
            f"{len(self.diseases_new)} new ({', '.join(sorted(self.diseases_new))})",
            *(f"EID{i}: {what}" for i, what in self.unplaced),
        ]


class CivicGraph:
    """Maps evidence items onto our model, into one graph."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self.writer = ClaimWriter()
        self.graph: Graph = self.writer.graph
        self.variants = VariantPlacer(places, self.graph)
        self.report = Report()
        self.claims = 0

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def items(self, items: list[EvidenceItem]) -> Graph:
        for item in items:
            self.item(item)
        self.report.variants_matched = set(self.variants.matched)
        self.report.variants_new = set(self.variants.created)
        return self.graph

    def skip(self, item: EvidenceItem, reason: str) -> None:
        self.report.skipped.append((item.id, reason))

    def item(self, item: EvidenceItem) -> None:
        """One item: a claim, or a reported skip saying why not."""
        if item.evidence_type != "PREDICTIVE":
            known = item.evidence_type in EVIDENCE_TYPES
            self.skip(
                item,
                f"{item.evidence_type.lower()} evidence" + ("" if known else " (unknown type)"),
            )
            return
        activity = ACTIVITY.get(item.significance)
        if activity is None:
            self.skip(item, f"predictive significance {item.significance} (not an activity)")
            return
        if item.level not in LEVELS or item.direction not in DIRECTIONS - {"NA"}:
            self.skip(item, f"level {item.level!r} / direction {item.direction!r} unknown")
            return
        if not item.therapies:
            self.skip(item, "predictive item naming no therapy")
            return
        if item.source.source_type.upper() != "PUBMED":
            self.skip(item, f"source type {item.source.source_type} (no PubMed id)")
            return
        if len(item.description.strip()) < 3:
            self.skip(item, "no evidence statement to quote")
            return
        try:
            profile = parse_profile(item.profile_name)
        except ProfileError as exc:
            self.skip(item, f"molecular profile not understood: {exc.problem}")
            return
        self._claim(item, activity, profile)

    def _claim(self, item: EvidenceItem, activity: str, profile: Profile) -> None:
        notes: list[str] = []
        placed = self.variants.place(profile, item.profile_id, item.profile_name)
        publication = self._publication(item)
        evidence = URIRef(item.url)
        variant_label = self._label_of(placed.variant)
        agents = [self._agent(item, t.name, t.ncit_id, notes) for t in item.therapies]
        label = (
            f"activity: {' + '.join(self._label_of(a) for a in agents)} / {variant_label} "
            f"{activity} (CIViC EID{item.id}, level {item.level})"
        )
        claim = self.writer.claim(
            f"civic-eid{item.id}",
            "activity",
            Provenance(publication, f"CIViC evidence item {item.id}", item.description, item.where),
            label=label,
            grading=Grading(item.level, DIRECTION[item.direction]),
        )
        state = self.writer.state
        state(claim, PROV.wasDerivedFrom, evidence)
        state(claim, ALKKG.knowledgeBase, ALKKG.CIViC)
        state(claim, ALKKG.evidenceId, Literal(f"EID{item.id}"))
        state(claim, ALKKG.statedSignificance, Literal(item.significance))
        state(claim, ALKKG.statedEvidenceType, Literal(item.evidence_type))
        if item.rating is not None and 1 <= item.rating <= 5:
            state(claim, ALKKG.evidenceRating, Literal(item.rating, datatype=XSD.integer))
        elif item.rating is not None:
            notes.append(f"rating {item.rating} is outside CIViC's 1 to 5 stars")
        state(claim, ALKKG.activity, individuals("activity")[activity])
        state(claim, ALKKG.evidenceKind, individuals("evidence")[KIND_BY_LEVEL[item.level]])
        state(claim, ALKKG.variant, placed.variant)
        if placed.context is not None:
            state(claim, ALKKG.fusionContext, placed.context)
        self._therapies(item, claim, agents, notes)
        self._disease(item, claim, notes)
        for nct in item.nct_ids:
            trial = self.places.trials_by_registry.get(nct)
            if trial is not None:
                state(claim, ALKKG.trial, trial)
            else:
                notes.append(f"trial {nct} is not among our trials")
        for note in notes:
            state(claim, ALKKG.notPlaced, Literal(note))
            self.report.unplaced.append((item.id, note))
        self.add(evidence, RDF.type, ALKKG.EvidenceItem)
        self.add(evidence, RDFS.label, Literal(f"CIViC evidence item {item.id}"))
        self.add(evidence, ALKKG.evidenceId, Literal(f"EID{item.id}"))
        self.add(evidence, ALKKG.knowledgeBase, ALKKG.CIViC)
        self.add(evidence, PROV.wasDerivedFrom, publication)
        self.claims += 1
        self.report.loaded[item.evidence_type] += 1
        self.report.significance[item.significance] += 1
        self.report.level[item.level] += 1
        self.report.direction[item.direction] += 1

    def _therapies(
        self, item: EvidenceItem, claim: URIRef, agents: list[URIRef], notes: list[str]
    ) -> None:
        interaction = item.therapy_interaction
        if interaction is not None:
            if interaction not in INTERACTIONS:
                notes.append(f"therapy interaction {interaction!r} is not one CIViC defines")
            self.writer.state(claim, ALKKG.therapyInteraction, Literal(interaction))
        if len(agents) == 1 or interaction == "SUBSTITUTES":
            for agent in agents:
                self.writer.state(claim, ALKKG.agent, agent)
            return
        for agent in agents:
            self.writer.state(claim, ALKKG.regimenAgent, agent)
        if interaction is None:
            notes.append(
                "the file does not say how its therapies are combined (therapyInteractionType): "
                "they are kept as a regimen, and no agent is claimed alone"
            )

    def _agent(self, item: EvidenceItem, name: str, ncit: str | None, notes: list[str]) -> URIRef:
        found = self.places.agent(name, ncit)
        if found is not None:
            self.report.therapies_matched.add(name)
            return found
        iri = new_iri("agent", name)
        if (iri, RDFS.label, None) not in self.graph:
            self.add(iri, RDF.type, classes("agents")["other-agent"])
            self.add(iri, RDFS.label, Literal(name))
            self.add(iri, SKOS.editorialNote, Literal("Therapy named by CIViC; not in our tables."))
            if ncit:
                self.add(iri, SKOS.exactMatch, URIRef(f"{NCIT}{ncit}"))
        self.report.therapies_new.add(name)
        notes.append(f"therapy {name!r} (NCIt {ncit or 'none'}) is not among our agents")
        return iri

    def _disease(self, item: EvidenceItem, claim: URIRef, notes: list[str]) -> None:
        disease = item.disease
        if disease is None:
            return
        found = self.places.disease(disease.name, disease.doid)
        if found is None:
            found = new_iri("disease", disease.name)
            if (found, RDFS.label, None) not in self.graph:
                self.add(found, RDF.type, ALKKG.Disease)
                self.add(found, RDFS.label, Literal(disease.name))
                self.add(
                    found, SKOS.editorialNote, Literal("Disease named by CIViC; not in our tables.")
                )
                if disease.doid:
                    self.add(found, SKOS.exactMatch, URIRef(f"{DOID}{disease.doid}"))
            self.report.diseases_new.add(disease.name)
        else:
            self.report.diseases_matched.add(disease.name)
        self.writer.state(claim, ALKKG.disease, found)

    def _publication(self, item: EvidenceItem) -> URIRef:
        pmid = item.source.citation_id
        ours = self.places.publications_by_pmid.get(pmid)
        if ours is not None:
            return ours
        iri, new = self.writer.cited_publication(pmid)
        if new:
            year = item.source.year
            if item.source.title:
                self.add(iri, DCTERMS.title, Literal(item.source.title))
            if year:
                self.add(iri, ALKKG.publicationYear, Literal(year, datatype=XSD.integer))
            self.add(
                iri,
                SKOS.editorialNote,
                Literal("Cited by CIViC; PMID, title and year as CIViC gives them."),
            )
        return iri

    def _label_of(self, iri: URIRef) -> str:
        label = self.graph.value(iri, RDFS.label) or self.places.labels.get(iri)
        return str(label) if label is not None else str(iri)


def map_items(items: list[EvidenceItem], places: Places) -> CivicGraph:
    """The graph of `items` and what was made of them."""
    mapped = CivicGraph(places)
    mapped.items(items)
    return mapped
