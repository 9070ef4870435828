"""Turn the checked paper tables into RDF: entities, publications, omissions and claims.

Each paper row becomes one claim (`loaders.claims.ClaimWriter`: a prov:Entity derived from its
publication, with locator and quote). A few convenience edges are also asserted directly on the
entities (an agent `alkkg:inhibits` its targets, a variant is `alkkg:inRegion` its kinase region,
a trial `alkkg:hasArm` its arms) — only from claims not flagged as source errors, and always next
to the claims that back them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from kg.names import THREE_LETTER
from kg.vocab import ALKKG, BIBO, DCTERMS, ID, PROV, RDF, RDFS, SKOS, XSD
from loaders.claims import ClaimWriter, Correction, Grading, Provenance, table_path
from loaders.papers.entities import Entity
from loaders.papers.kinds import COMMON, INTEGER, KINDS, NUMBER, Ref, Word
from loaders.papers.rows import Claim
from loaders.papers.tables import Paper, Tables
from loaders.vocabulary import classes, individuals

REFERENCE_PROTEIN = {"ALK": "NP_004295.2"}
"""RefSeq proteins for HGVS expressions, only as verified in ../shared/reference/identifiers.csv
(NP_004295.2: cancervariants/metakb@88b9921c analysis/civic/examples/transform/civic:eid32.json,
CIViC's `NP_004295.2:p.Phe1174Leu` for F1174L)."""

SECTION_PATH = {
    "agents": "agent",
    "substances": "substance",
    "genes": "gene",
    "diseases": "disease",
    "variants": "variant",
    "mechanisms": "mechanism",
    "trials": "trial",
    "adverse-events": "adverse-event",
}
"""An entity section -> its IRIs' path under `id:` (`id:agent/crizotinib`): the IRI rule."""

SECTION_CLASS = {
    "substances": "Substance",
    "genes": "Gene",
    "diseases": "Disease",
    "trials": "ClinicalTrial",
    "adverse-events": "AdverseEvent",
}
"""The class of a section's entities where the row does not name one (agents, variants and
mechanisms name theirs: `vocabulary.classes`). Kept here: a section is the tables' own grouping."""

# The predicate of each field, where it is not simply alkkg:<field>.
PREDICATE = {
    "evidence": "evidenceKind",
    "value": "value",
    "alias": "alias",
    "dose": "doseValue",
    "schedule": "schedule",
    "kind": "approvalKind",
    "setting": "setting",
    "share": "sharePercent",
    "share_text": "shareText",
    "genes": "involvesGene",
    "partners": "partner",
    "share_low": "shareLow",
    "share_high": "shareHigh",
    "variants": "fusionVariants",
    "recommendation": "recommends",
    "after": "afterAgent",
    "agents": "recommendedAgent",
    "registry_id": "statedRegistryId",
    "n": "sampleSize",
    "ci_low": "ciLow",
    "ci_high": "ciHigh",
    "ci_level": "ciLevel",
    "p_value": "pValue",
    "p_relation": "pRelation",
    "event": "adverseEvent",
    "percent": "incidencePercent",
    "partner": "fusionPartner",
    "level": "evidenceLevel",
    "direction": "evidenceDirection",
    "time_point": "timePoint",
    "time_unit": "timeUnit",
    "value_low": "valueLow",
    "value_high": "valueHigh",
}
# Fields whose meaning depends on the kind of row.
PREDICATE_BY_KIND = {
    ("agent-property", "value"): "statedValue",
    ("approval", "setting"): "settingText",
    ("interaction", "mechanism"): "interactionMechanism",
    ("interaction", "recommendation"): "recommendationText",
    ("natural-history", "value"): "statedNumber",
    ("natural-history", "finding"): "findingText",
}
GENERATION_CLASS = (  # read from a stated free-text generation; not a controlled word
    ("first", "FirstGenerationALKInhibitor"),
    ("second", "SecondGenerationALKInhibitor"),
    ("third", "ThirdGenerationALKInhibitor"),
    ("next", "NextGenerationALKInhibitor"),
    ("new", "NextGenerationALKInhibitor"),
)
_SKIP = {
    "locator",
    "quote",
    "note",
    "id",
    "flag",
    "correction",
    "level",
    "direction",
    "arms",
    "arm",
    "comparator",
}
"""Fields the claim writer or this module writes otherwise."""


def entity_iri(section: str, entity_id: str) -> URIRef:
    return ID[f"{SECTION_PATH[section]}/{entity_id}"]


def arm_iri(trial_id: str, arm: str) -> URIRef:
    return ID[f"trial/{trial_id}/arm/{arm}"]


def publication_iri(seed: str) -> URIRef:
    return ID[f"publication/{Path(seed).stem}"]


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _literal(value: Any, spec: Any) -> Literal:
    if spec == INTEGER:
        return Literal(int(value), datatype=XSD.integer)
    if spec == NUMBER:
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    return Literal(str(value))


class PaperGraph:
    """Accumulates the triples of the paper tables."""

    def __init__(self, tables: Tables, tables_root: Path) -> None:
        self.tables = tables
        self.root = tables_root
        self.writer = ClaimWriter()
        self.graph = self.writer.graph

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal) -> None:
        self.graph.add((s, p, o))

    def build(self) -> Graph:
        for entity_map in self.tables.entities.by_section.values():
            for entity in entity_map.values():
                self._entity(entity)
        self._publications()
        for paper in self.tables.papers:
            self._omissions(paper)
        for claim in self.tables.claims:
            self._claim(claim)
        return self.graph

    # --- entities -----------------------------------------------------------------------

    def _entity(self, entity: Entity) -> None:
        iri = entity_iri(entity.section, entity.id)
        attrs = entity.attrs
        self.add(iri, RDFS.label, Literal(entity.label))
        for synonym in entity.synonyms:
            self.add(iri, SKOS.altLabel, Literal(synonym))
        if entity.section == "agents":
            self.add(iri, RDF.type, classes("agents")[attrs["class"]])
        elif entity.section == "variants":
            self._variant(iri, entity)
        elif entity.section == "mechanisms":
            self.add(iri, RDF.type, classes("mechanisms")[attrs["class"]])
            for gene in attrs.get("genes") or []:
                self.add(iri, ALKKG.involvesGene, self._ref("genes", gene))
        else:
            self.add(iri, RDF.type, ALKKG[SECTION_CLASS[entity.section]])
        if entity.section == "diseases" and attrs.get("subtype_of"):
            self.add(iri, SKOS.broader, self._ref("diseases", attrs["subtype_of"]))
        if entity.section == "trials" and attrs.get("registry_id"):
            self.add(iri, ALKKG.registryId, Literal(str(attrs["registry_id"])))

    def _ref(self, section: str, name: str) -> URIRef:
        return entity_iri(*self.tables.entities.resolve(name, (section,)))

    def _variant(self, iri: URIRef, entity: Entity) -> None:
        attrs = entity.attrs
        kind = attrs["kind"]
        self.add(iri, RDF.type, classes("variants")[kind])
        gene = attrs.get("gene")
        if gene:
            self.add(iri, ALKKG.gene, self._ref("genes", gene))
        if gene == "ALK" and kind in {"missense", "insertion", "compound", "group"}:
            self.add(iri, RDF.type, ALKKG.KinaseDomainMutation)
        if "position" in attrs:
            self.add(iri, ALKKG.position, Literal(int(attrs["position"]), datatype=XSD.integer))
        for key, prop in (("ref", ALKKG.referenceResidue), ("alt", ALKKG.variantResidue)):
            if key in attrs:
                self.add(iri, prop, Literal(str(attrs[key])))
        if kind == "missense" and {"ref", "position", "alt"} <= attrs.keys():
            ref, pos, alt = attrs["ref"], attrs["position"], attrs["alt"]
            if gene in REFERENCE_PROTEIN:
                hgvs = f"{REFERENCE_PROTEIN[gene]}:p.{THREE_LETTER[ref]}{pos}{THREE_LETTER[alt]}"
                self.add(iri, ALKKG.hgvsProtein, Literal(hgvs))
            for label in (
                f"{ref}{pos}{alt}",
                f"p.{ref}{pos}{alt}",
                f"p.{THREE_LETTER[ref]}{pos}{THREE_LETTER[alt]}",
            ):
                self.add(iri, SKOS.altLabel, Literal(label))
        member_property = {"compound": ALKKG.hasComponent, "group": ALKKG.hasMember}.get(kind)
        if member_property is not None:
            for member in attrs.get("members") or []:
                self.add(iri, member_property, self._ref("variants", member))
        if kind == "fusion" and attrs.get("partner"):
            self.add(iri, ALKKG.partnerGene, self._ref("genes", attrs["partner"]))

    def _publications(self) -> None:
        for row in self.tables.publications:
            iri = publication_iri(row.seed)
            self.add(iri, RDF.type, ALKKG.Publication)
            self.add(iri, RDFS.label, Literal(row.label))
            self.add(iri, DCTERMS.title, Literal(row.title))
            self.add(iri, DCTERMS.bibliographicCitation, Literal(row.citation))
            self.add(iri, ALKKG.seedFile, Literal(row.seed))
            if row.doi:
                self.add(iri, BIBO.doi, Literal(row.doi))
            if row.pmid:
                self.add(iri, BIBO.pmid, Literal(row.pmid))
            self.add(iri, SKOS.editorialNote, Literal(f"Identifiers: {row.where_seen}"))

    def _omissions(self, paper: Paper) -> None:
        """What a curator deliberately left out of a paper, and why: queryable, not hidden."""
        for number, entry in enumerate(paper.omitted, start=1):
            iri = ID[f"omission/{Path(paper.seed).stem[:3]}-{number}"]
            self.add(iri, RDF.type, ALKKG.Omission)
            self.add(iri, PROV.wasDerivedFrom, publication_iri(paper.seed))
            self.add(iri, ALKKG.locator, Literal(entry["locator"]))
            self.add(iri, RDFS.comment, Literal(" ".join(entry["reason"].split())))
            self.add(iri, RDFS.label, Literal(f"left out: {entry['locator']}"))

    # --- claims -------------------------------------------------------------------------

    def _claim(self, claim: Claim) -> None:
        values = claim.values
        correction = values.get("correction") if claim.flagged else None
        iri = self.writer.claim(
            claim.id,
            claim.kind,
            Provenance(
                publication_iri(claim.seed),
                values["locator"],
                values["quote"],
                f"{table_path(claim.path, self.root)}:{claim.line}",
            ),
            label=self._label(claim),
            note=values.get("note"),
            grading=Grading(values.get("level"), values.get("direction")),
            correction=Correction(**correction) if correction else None,
        )
        spec = {**COMMON, **KINDS[claim.kind][0]}
        for name, value in values.items():
            if name in _SKIP:
                continue
            field_spec = spec[name]
            predicate = ALKKG[PREDICATE_BY_KIND.get((claim.kind, name), PREDICATE.get(name, name))]
            if isinstance(field_spec, Ref):
                for section, entity_id in value if field_spec.many else [value]:
                    self.add(iri, predicate, entity_iri(section, entity_id))
            elif isinstance(field_spec, Word):
                self.writer.state(iri, predicate, field_spec.values[value])
            elif name == "agency":
                continue
            else:
                self.add(iri, predicate, _literal(value, field_spec))
        if claim.kind == "approval":
            agency = ID[f"agency/{slug(values['agency'])}"]
            self.add(agency, RDF.type, ALKKG.RegulatoryAgency)
            self.add(agency, RDFS.label, Literal(values["agency"]))
            self.add(iri, ALKKG.agency, agency)
        trial_id = values["trial"][1] if "trial" in values else None
        for key in ("arm", "comparator"):
            if key in values and trial_id:
                self.add(iri, ALKKG[key], arm_iri(trial_id, values[key]))
        if claim.kind == "trial":
            self._arms(iri, claim)
        if not claim.flagged:
            self._direct_edges(claim)

    def _arms(self, claim_iri: URIRef, claim: Claim) -> None:
        trial_id = claim.values["trial"][1]
        trial = entity_iri("trials", trial_id)
        for arm in claim.values.get("arms", []):
            arm_node = arm_iri(trial_id, arm["arm"])
            description = ID[f"claim/{claim.id}/arm/{arm['arm']}"]
            self.add(claim_iri, ALKKG.describesArm, description)
            self.add(description, RDF.type, ALKKG.ArmDescription)
            self.add(description, ALKKG.arm, arm_node)
            self.add(description, RDFS.label, Literal(f"{arm['arm']} arm as described"))
            for section, agent in arm["regimen"]:
                self.add(description, ALKKG.regimenAgent, entity_iri(section, agent))
            if "dose" in arm:
                self.add(description, ALKKG.doseText, Literal(arm["dose"]))
            if "n" in arm:
                self.add(description, ALKKG.sampleSize, Literal(arm["n"], datatype=XSD.integer))
            arms_in_doubt = claim.flagged and claim.values["correction"]["field"] == "arms"
            if not arms_in_doubt:  # a row flagged for another field still declares its arms
                self.add(arm_node, RDF.type, ALKKG.TrialArm)
                self.add(arm_node, ALKKG.armOf, trial)
                self.add(arm_node, ALKKG.armSlug, Literal(arm["arm"]))
                label = self.tables.entities.by_section["trials"][trial_id].label
                self.add(arm_node, RDFS.label, Literal(f"{label}: {arm['arm']} arm"))
                for section, agent in arm["regimen"]:
                    self.add(arm_node, ALKKG.regimenAgent, entity_iri(section, agent))

    def _direct_edges(self, claim: Claim) -> None:
        """The convenience edges an unflagged claim supports."""
        values = claim.values
        if claim.kind == "target":
            self.add(entity_iri(*values["agent"]), ALKKG.inhibits, entity_iri(*values["target"]))
        elif claim.kind == "variant-region":
            region = individuals("region")[values["region"]]
            self.add(entity_iri(*values["variant"]), ALKKG.inRegion, region)
        elif claim.kind == "agent-property" and values["property"] == "generation":
            stated = values["value"].lower()
            for word, class_name in GENERATION_CLASS:
                if word in stated:
                    self.add(entity_iri(*values["agent"]), RDF.type, ALKKG[class_name])
                    break
        elif claim.kind == "trial" and "phase" in values:
            self.add(entity_iri(*values["trial"]), ALKKG.phase, Literal(values["phase"]))

    def _label(self, claim: Claim) -> str:
        """A one-line human summary: what, about what, from where."""
        entities = self.tables.entities.by_section
        parts = []
        for value in claim.values.values():
            if isinstance(value, tuple):
                parts.append(entities[value[0]][value[1]].label)
        detail = next(
            (
                str(claim.values[k])
                for k in (
                    "activity",
                    "endpoint",
                    "grade",
                    "property",
                    "region",
                    "effect",
                    "recommendation",
                    "alias",
                    "method",
                )
                if k in claim.values
            ),
            "",
        )
        subject = " / ".join(parts[:3])
        return f"{claim.kind}: {subject} {detail} ({claim.seed[:3]}, {claim.values['locator']})"


def to_graph(tables: Tables, tables_root: Path) -> Graph:
    """The RDF graph of the checked paper tables (ontology not included)."""
    return PaperGraph(tables, tables_root).build()
