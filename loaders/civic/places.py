"""Where CIViC's things go in our graph: the nodes we already have, found by identifier or name.

CIViC names a therapy by NCIt code, a disease by DOID and a variant by gene and protein change.
Our curated tables and mapping set already place many of them (`mappings.sssom.tsv` maps our
agents to NCIt and our diseases to DOID; `entities.yaml` names our variants by gene, position and
residues), so a CIViC item about crizotinib and G1202R lands on `id:agent/crizotinib` and
`id:variant/alk-g1202r`, where the papers' claims are. Only exact matches count (skos:exactMatch
mappings, a name our tables give the thing); anything else is new and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kg.names import AmbiguousName, normalize
from kg.vocab import ID
from loaders.mappings import MAPPINGS_FILE, read_mappings
from loaders.papers.entities import Entities
from loaders.papers.graph import entity_iri, publication_iri
from loaders.papers.tables import load

_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
_NCIT = "http://purl.obolibrary.org/obo/NCIT_"
_DOID = "http://purl.obolibrary.org/obo/DOID_"
MISSENSE = re.compile(r"^([A-Z])(\d+)([A-Z])$")
POSITION = re.compile(r"^([A-Z])(\d+)$")


def slug(text: str) -> str:
    """A path segment from a name: `ALK Inhibitor TAE684` -> `alk-inhibitor-tae684`."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@dataclass
class Places:
    """Our nodes, indexed the ways CIViC names things."""

    entities: Entities
    agents_by_ncit: dict[str, URIRef] = field(default_factory=dict)
    diseases_by_doid: dict[str, URIRef] = field(default_factory=dict)
    publications_by_pmid: dict[str, URIRef] = field(default_factory=dict)
    missense: dict[tuple[str, str, int, str], URIRef] = field(default_factory=dict)
    compounds: dict[frozenset[URIRef], URIRef] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)
    trials_by_registry: dict[str, URIRef] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: Path) -> Places:
        """Read the curated tables (quotes unchecked: the papers source checks them) and the
        mapping set."""
        checked = load(tables, None)
        places = cls(checked.entities)
        for mapping in read_mappings(tables / MAPPINGS_FILE).mappings:
            if mapping.predicate != _EXACT:
                continue
            if mapping.object.startswith(_NCIT) and "/agent/" in mapping.subject:
                places.agents_by_ncit[mapping.object.removeprefix(_NCIT)] = URIRef(mapping.subject)
            elif mapping.object.startswith(_DOID) and "/disease/" in mapping.subject:
                doid = mapping.object.removeprefix(_DOID)
                places.diseases_by_doid[doid] = URIRef(mapping.subject)
        for row in checked.publications:
            if row.pmid:
                places.publications_by_pmid[str(row.pmid)] = publication_iri(row.seed)
        for section, entities in checked.entities.by_section.items():
            for entity in entities.values():
                places.labels[entity_iri(section, entity.id)] = entity.label
        for trial in checked.entities.by_section["trials"].values():
            if trial.attrs.get("registry_id"):
                places.trials_by_registry[str(trial.attrs["registry_id"])] = entity_iri(
                    "trials", trial.id
                )
        for entity in checked.entities.by_section["variants"].values():
            attrs = entity.attrs
            iri = entity_iri("variants", entity.id)
            if attrs["kind"] == "missense" and {"ref", "position", "alt"} <= attrs.keys():
                key = (str(attrs.get("gene")), attrs["ref"], int(attrs["position"]), attrs["alt"])
                places.missense[key] = iri
            elif attrs["kind"] == "compound":
                members = frozenset(entity_iri("variants", m) for m in attrs.get("members") or [])
                places.compounds[members] = iri
        return places

    def named(self, section: str, name: str) -> URIRef | None:
        """Our entity of `section` that `name` names (label or synonym), if any."""
        index = self.entities.indexes.get(section)
        if index is None or name not in index:
            return None
        try:
            return entity_iri(section, index.lookup(name))
        except AmbiguousName:  # a name two of our things answer to places nothing
            return None

    def agent(self, name: str, ncit: str | None) -> URIRef | None:
        """Our agent for a CIViC therapy: by NCIt code first, then by name."""
        if ncit and ncit in self.agents_by_ncit:
            return self.agents_by_ncit[ncit]
        return self.named("agents", name)

    def disease(self, name: str, doid: str | None) -> URIRef | None:
        if doid and doid in self.diseases_by_doid:
            return self.diseases_by_doid[doid]
        return self.named("diseases", name)

    def gene(self, symbol: str) -> URIRef | None:
        return self.named("genes", symbol)

    def fusion(self, five: str, three: str) -> URIRef | None:
        """A named fusion: our `EML4-ALK` for CIViC's `EML4::ALK`."""
        return self.named("variants", f"{five}-{three}")

    def any_fusion(self, gene: str) -> URIRef | None:
        """CIViC's `v::ALK`: our rearrangement of the gene with any partner."""
        found = self.named("variants", f"{gene} rearrangement")
        return found

    def mutation(self, gene: str, change: str) -> URIRef | None:
        match = MISSENSE.match(change)
        if match:
            return self.missense.get((gene, match[1], int(match[2]), match[3]))
        if POSITION.match(change):
            return None  # a position is never one of its substitutions
        return self.named("variants", f"{gene} {change}")

    def other(self, gene: str, name: str) -> URIRef | None:
        """`ALK Amplification` -> our `ALK amplification`; names compared folded."""
        found = self.named("variants", f"{gene} {name}")
        if found is not None:
            return found
        wanted = normalize(f"{gene} {name}")
        for iri, label in self.labels.items():
            if "/variant/" in str(iri) and normalize(label) == wanted:
                return iri
        return None


def new_iri(section: str, name: str) -> URIRef:
    """The IRI of a node CIViC names and our tables do not: `id:<section>/<slug of the name>`."""
    return ID[f"{section}/{slug(name)}"]
