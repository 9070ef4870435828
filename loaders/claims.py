"""The one way a source writes a claim: its class, provenance, evidence level and correction.

Every source states claims the same way, so that a query or an export reads a paper's row and
(next) a CIViC evidence item or a registry result alike: a claim node of an `alkkg:*Claim` class,
`prov:wasDerivedFrom` the publication or record it comes from, with the locator in it, the
verbatim quote, the row of the source table, a label, and how strongly it is known (evidence
level and direction). A claim a curator found wrong in its source keeps what the source says and
gets a `Correction` beside it. What a claim states (its agent, variant, value...) the source adds
with `state`.

IRIs: a claim is `id:claim/<claim id>`; the claim id is the source's to choose (a paper row's is a
hash of its content or its `id`; an evidence item's would be its evidence id), stable across
builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from kg.vocab import ALKKG, BIBO, ID, PREFIXES, PROV, RDF, RDFS, SKOS
from loaders.vocabulary import classes, individuals


def table_path(path: Path | str, tables: Path) -> str:
    """How a row's `alkkg:sourceRow` names its file: from the checkout, `loaders/tables/...`
    (`tables` is the tables folder; a file elsewhere keeps the path it was given)."""
    try:
        return str(Path(path).resolve().relative_to(tables.parent.parent))
    except ValueError:
        return str(path)


def claim_iri(claim_id: str) -> URIRef:
    return ID[f"claim/{claim_id}"]


@dataclass(frozen=True)
class Provenance:
    """Where a claim comes from."""

    source: URIRef
    """The publication (or record) the claim is derived from."""
    locator: str
    """Where in it: `Table 2`, `Abstract`, `Results, Response`."""
    quote: str
    """The passage the claim rests on, verbatim."""
    row: str
    """The source table's row: `path:line`."""


@dataclass(frozen=True)
class Correction:
    """A curator's correction of a value the source states wrongly."""

    field: str
    value: str
    reason: str
    source: str
    """Where the correction was checked."""


@dataclass(frozen=True)
class Grading:
    """How strongly a claim is known: an evidence level word (`A`-`E`, `review`) and direction
    (`supports`, `does-not-support`); the words of `alkkg:EvidenceLevel` / `EvidenceDirection`."""

    level: str | None = None
    direction: str | None = None


class ClaimWriter:
    """Writes claims and the triples around them into one graph."""

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal) -> None:
        self.graph.add((s, p, o))

    def claim(
        self,
        claim_id: str,
        kind: str,
        provenance: Provenance,
        *,
        label: str,
        note: str | None = None,
        grading: Grading | None = None,
        correction: Correction | None = None,
    ) -> URIRef:
        """Write a claim of `kind` (a claim class's word: `activity`, `outcome`, ...); its IRI.

        A graded claim that gives no direction supports what it states.
        """
        iri = claim_iri(claim_id)
        grading = grading or Grading()
        self.add(iri, RDF.type, classes("claims")[kind])
        self.add(iri, PROV.wasDerivedFrom, provenance.source)
        self.add(iri, ALKKG.locator, Literal(provenance.locator))
        self.add(iri, ALKKG.quote, Literal(provenance.quote))
        self.add(iri, ALKKG.sourceRow, Literal(provenance.row))
        self.add(iri, RDFS.label, Literal(label))
        if note is not None:
            self.add(iri, SKOS.editorialNote, Literal(note))
        if grading.level is not None:
            self.add(iri, ALKKG.evidenceLevel, individuals("level")[grading.level])
        direction = grading.direction
        if direction is None and grading.level is not None:
            direction = "supports"
        if direction is not None:
            self.add(iri, ALKKG.evidenceDirection, individuals("direction")[direction])
        if correction is not None:
            self._correction(iri, claim_id, correction, provenance.row)
        return iri

    def cited_publication(self, pmid: str) -> tuple[URIRef, bool]:
        """A publication the curated tables do not hold, known only by the PMID a source cites;
        whether this writer made it just now (the source then adds what it says of it).

        Every source writes the node the same way (`id:publication/pmid-<PMID>`, labelled
        `PMID <PMID>`), so two sources citing one paper make one node with one label.
        """
        iri = ID[f"publication/pmid-{pmid}"]
        if (iri, RDF.type, ALKKG.Publication) in self.graph:
            return iri, False
        self.add(iri, RDF.type, ALKKG.Publication)
        self.add(iri, RDFS.label, Literal(f"PMID {pmid}"))
        self.add(iri, BIBO.pmid, Literal(pmid))
        return iri, True

    def state(self, claim: URIRef, predicate: URIRef, value: URIRef | BNode | Literal) -> None:
        """Something the claim states (its agent, its value, ...)."""
        self.add(claim, predicate, value)

    def _correction(self, claim: URIRef, claim_id: str, correction: Correction, row: str) -> None:
        iri = ID[f"correction/{claim_id}"]
        self.add(claim, ALKKG.flaggedAsSourceError, Literal(True))
        self.add(iri, RDF.type, ALKKG.Correction)
        self.add(iri, ALKKG.corrects, claim)
        self.add(iri, RDFS.label, Literal(f"correction of {correction.field}"))
        self.add(iri, ALKKG.correctedField, Literal(correction.field))
        self.add(iri, ALKKG.correctedValue, Literal(correction.value))
        self.add(iri, RDFS.comment, Literal(correction.reason))
        self.add(iri, ALKKG.locator, Literal(correction.source))
        self.add(iri, ALKKG.sourceRow, Literal(row))
