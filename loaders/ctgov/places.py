"""Where a registry record's things go in our graph: our trials, arms, agents, endpoints and events.

The papers' tables already hold trials with their registry ids, the arms the papers describe (with
the agents of each), our agents with their synonyms and our adverse event terms; the ontology
holds our endpoints with their names. A registry record lands on them when it names them exactly
(a registry id, a name or synonym, an endpoint's name); anything else becomes a node of its own,
named as the registry names it, and is reported. CIViC's `Places` is reused for what both need
(agents by name and synonym, trials by registry id, publications by PMID).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.names import normalize
from kg.resources import ontology_dir
from loaders.civic.places import Places
from loaders.papers.graph import arm_iri, entity_iri
from loaders.papers.tables import load
from loaders.vocabulary import individuals

_ABBREVIATION = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


@cache
def endpoint_names() -> dict[str, URIRef]:
    """Our endpoints by their folded names (label, alternative labels, notation)."""
    graph = Graph().parse(ontology_dir() / "alkkg.ttl", format="turtle")
    names: dict[str, URIRef] = {}
    for endpoint in set(individuals("endpoint").values()):
        for predicate in (RDFS.label, SKOS.altLabel, SKOS.notation):
            for name in graph.objects(endpoint, predicate):
                names[normalize(str(name))] = endpoint
    return names


def match_endpoint(title: str) -> URIRef | None:
    """Our endpoint when the outcome measure's title is its name, with or without the
    abbreviation in brackets ("Progression-Free Survival (PFS)"); never by a word inside a longer
    title ("PFS as Assessed by Investigator" is its own endpoint: another assessment)."""
    names = endpoint_names()
    candidates = [title]
    bracketed = _ABBREVIATION.match(title)
    if bracketed:
        candidates += [bracketed[1], bracketed[2]]
        found = {names.get(normalize(c)) for c in candidates[1:]} - {None}
        if len(found) == 1:  # the name and its abbreviation agree, or only one is ours
            return found.pop()
        if found:
            return None
    return names.get(normalize(title))


@dataclass
class PaperArm:
    iri: URIRef
    slug: str
    agents: frozenset[URIRef]


@dataclass
class Index:
    """Our nodes, indexed the ways a registry record names things."""

    places: Places
    arms: dict[URIRef, list[PaperArm]] = field(default_factory=dict)
    trial_labels: dict[URIRef, str] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: Path) -> Index:
        index = cls(Places.from_tables(tables))
        checked = load(tables, None)
        seen: set[URIRef] = set()
        for claim in checked.claims:
            if claim.kind != "trial" or "arms" not in claim.values:
                continue
            if claim.flagged and claim.values["correction"]["field"] == "arms":
                continue
            trial_id = claim.values["trial"][1]
            trial = entity_iri("trials", trial_id)
            for arm in claim.values["arms"]:
                iri = arm_iri(trial_id, arm["arm"])
                if iri in seen:
                    continue
                seen.add(iri)
                agents = frozenset(entity_iri(section, a) for section, a in arm["regimen"])
                index.arms.setdefault(trial, []).append(PaperArm(iri, arm["arm"], agents))
        for entity in checked.entities.by_section["trials"].values():
            index.trial_labels[entity_iri("trials", entity.id)] = entity.label
        return index

    def trial(self, nct: str) -> URIRef | None:
        """The papers' trial with this registry id."""
        return self.places.trials_by_registry.get(nct)

    def agent(self, names: list[str]) -> URIRef | None:
        """Our agent that one of the names (the intervention's name, then its other names)
        names, if they all agree; a name two of our agents answer to places nothing."""
        found = {self.places.named("agents", n) for n in names} - {None}
        found |= {self.places.named("substances", n) for n in names} - {None}
        return found.pop() if len(found) == 1 else None

    def paper_arm(self, trial: URIRef, agents: frozenset[URIRef]) -> PaperArm | None:
        """The one arm the papers describe for `trial` with exactly these agents."""
        if not agents:
            return None
        same = [arm for arm in self.arms.get(trial, []) if arm.agents == agents]
        return same[0] if len(same) == 1 else None

    def adverse_event(self, term: str) -> URIRef | None:
        return self.places.named("adverse-events", term)
