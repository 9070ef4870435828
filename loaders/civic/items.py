"""A CIViC evidence item as both published forms give it, before it is mapped to our model.

CIViC publishes its evidence as GraphQL API nodes (JSON) and as a TSV release. The two readers
(`graphql.py`, `tsv.py`) turn either into these records, so the mapping to claims (`claims.py`)
is written once. Enumerations keep the GraphQL spellings (`SENSITIVITYRESPONSE`, `SUPPORTS`,
`PREDICTIVE`); the TSV reader translates its display spellings (`Sensitivity/Response`) into them.
A value outside the known enumerations is kept as it is, for the mapping to report with the id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SIGNIFICANCES = frozenset(
    {
        "SENSITIVITYRESPONSE",
        "RESISTANCE",
        "REDUCED_SENSITIVITY",
        "ADVERSE_RESPONSE",
        "BETTER_OUTCOME",
        "POOR_OUTCOME",
        "POSITIVE",
        "NEGATIVE",
        "PREDISPOSITION",
        "PROTECTIVENESS",
        "ONCOGENICITY",
        "LIKELY_ONCOGENIC",
        "GAIN_OF_FUNCTION",
        "LOSS_OF_FUNCTION",
        "UNALTERED_FUNCTION",
        "NEOMORPHIC",
        "DOMINANT_NEGATIVE",
        "UNKNOWN",
        "NA",
    }
)
EVIDENCE_TYPES = frozenset(
    {"PREDICTIVE", "DIAGNOSTIC", "PROGNOSTIC", "PREDISPOSING", "FUNCTIONAL", "ONCOGENIC"}
)
DIRECTIONS = frozenset({"SUPPORTS", "DOES_NOT_SUPPORT", "NA"})
LEVELS = frozenset({"A", "B", "C", "D", "E"})
INTERACTIONS = frozenset({"COMBINATION", "SEQUENTIAL", "SUBSTITUTES"})


@dataclass(frozen=True)
class Therapy:
    name: str
    ncit_id: str | None = None
    """NCIt code without prefix (`C74061`), when CIViC gives one."""


@dataclass(frozen=True)
class Disease:
    name: str
    doid: str | None = None
    """DOID number without prefix (`3908`)."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    citation_id: str
    """The PubMed id for `PUBMED` sources, the abstract id for `ASCO`/`ASH`."""
    source_type: str
    title: str | None = None
    year: int | None = None
    pmc_id: str | None = None
    asco_abstract_id: str | None = None
    citation: str | None = None
    """The TSV's short citation (`Ponti et al., 2012, J Hematol Oncol`); the GraphQL query we
    read does not ask for it, so it is None there."""


@dataclass(frozen=True)
class EvidenceItem:
    """One CIViC evidence item; `where` locates it in its file for error messages."""

    id: int
    status: str
    evidence_type: str
    significance: str
    direction: str
    level: str
    rating: int | None
    description: str
    profile_id: int
    profile_name: str
    """The molecular profile's display name (`EML4::ALK Fusion AND ALK G1202R`): what both
    forms give, and what the profile parser reads."""
    therapies: tuple[Therapy, ...]
    therapy_interaction: str | None
    disease: Disease | None
    source: Source
    nct_ids: tuple[str, ...] = ()
    variant_origin: str | None = None
    where: str = field(default="", compare=False)
    """`file:line` (TSV) or `file: evidence item N` (JSON)."""

    @property
    def url(self) -> str:
        return f"https://civicdb.org/links/evidence_items/{self.id}"
