"""CIViC molecular profiles, parsed from their display names rather than matched as strings.

A profile name combines variants with ` AND `, ` OR ` and `NOT`: `EML4::ALK Fusion AND ALK G1202R`
is the mutation in that fusion's context; several mutations make a compound mutation; `v::ALK`
is ALK fused to any partner. Both published forms give the name (the TSV gives nothing else), so
the parser reads the name, and `OR`/`NOT` are kept as what they are, never flattened.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fusion:
    """`EML4::ALK Fusion`, `v::ALK Fusion` (any 5' partner: `five_prime` None), `EML4::ALK e6::e20`."""

    five_prime: str | None
    three_prime: str
    exons: tuple[str, str] | None = None
    """(5' exon, 3' exon) as written (`e6`, `e20`), for a named breakpoint."""


@dataclass(frozen=True)
class Mutation:
    """A protein change of one gene: `ALK G1202R`, `ALK T1151dup`, or a position, `ALK I1171`."""

    gene: str
    change: str
    """As CIViC writes it (`G1202R`, `I1171`, `T1151dup`)."""


@dataclass(frozen=True)
class OtherVariant:
    """A variant that is neither a fusion nor a protein change: `ALK Amplification`,
    `ALK Mutation`, `ALK Alternative Transcript (ATI)`, `ALK Exon 4-11 Deletion`."""

    gene: str
    name: str


@dataclass(frozen=True)
class And:
    parts: tuple[Profile, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Profile, ...]


@dataclass(frozen=True)
class Not:
    part: Profile


Profile = Fusion | Mutation | OtherVariant | And | Or | Not
