"""CIViC molecular profiles, parsed from their display names rather than matched as strings.

A profile name combines variants with ` AND `, ` OR ` and `NOT`: `EML4::ALK Fusion AND ALK G1202R`
is the mutation in that fusion's context; several mutations make a compound mutation; `v::ALK`
is ALK fused to any partner. Both published forms give the name (the TSV gives nothing else), so
the parser reads the name, and `OR`/`NOT` are kept as what they are, never flattened.

How CIViC writes the names decides the grammar (griffithlab/civic-v2,
`server/app/models/actions/generate_molecular_profile_name.rb` and
`server/app/models/molecular_profile.rb`):

- the stored name is a list of space-separated segments (`#VID12 AND ( #VID13 OR #VID14 )`); the
  display name replaces each `#VIDn` by the variant's feature name and variant name, so
  `EML4::ALK Fusion`, `ALK G1202R`, `ALK Exon 2-18 Deletion`;
- one group joins its variants with one boolean operator; a nested group is written after them in
  parentheses that stand as segments of their own (`( ... )`);
- `NOT` is written before a variant.

So CIViC gives AND and OR no precedence over each other: a group has one operator, and nesting is
said with parentheses. A name that mixes `AND` and `OR` in one group without parentheses (which
CIViC's generator can write when a group has several nested groups) is ambiguous, and is refused
rather than read with a precedence CIViC never defined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Fusion:
    """`EML4::ALK Fusion`, `v::ALK Fusion` (any 5' partner: `five_prime` None), `EML4::ALK e6::e20`.

    CIViC writes an unknown partner as `v` on either side (`v::ALK`, `ALK::v`); None says "any
    partner" here, so it is never mistaken for a gene called `v`.
    """

    five_prime: str | None
    three_prime: str | None
    exons: tuple[str, str] | None = None
    """(5' exon, 3' exon) as written (`e6`, `e20`), for a named breakpoint."""


@dataclass(frozen=True)
class Mutation:
    """A protein change of one gene: `ALK G1202R`, `ALK T1151dup`, or a position, `ALK I1171`."""

    gene: str
    change: str
    """As CIViC writes it (`G1202R`, `I1171`, `T1151dup`)."""

    @property
    def position_only(self) -> bool:
        """`I1171`: any change at that residue, which is not the same claim as one change."""
        return _POSITION.fullmatch(self.change) is not None


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


class ProfileError(ValueError):
    """A molecular profile name this parser cannot read; the mapping reports it with the id."""

    def __init__(self, name: str, problem: str):
        self.name, self.problem = name, problem
        super().__init__(f"molecular profile {name!r}: {problem}")


_OPERATORS = {"AND", "OR"}
_AA = "ACDEFGHIKLMNPQRSTVWY"
_POSITION = re.compile(rf"[{_AA}]\d+")
# One protein change as CIViC names gene variants: a residue and position, optionally a range end,
# then a substitution, stop, duplication, deletion, insertion, delins or frameshift.
_CHANGE = re.compile(
    rf"[{_AA}]\d+(?:_[{_AA}]\d+)?"
    rf"(?:[{_AA}*]|dup|del|ins[{_AA}]+|delins[{_AA}]+|fs(?:\*\d*)?|[{_AA}]fs(?:\*\d*)?)?"
)
_EXONS = re.compile(r"(e\w+)::(e\w+)")
_FUSION_NAME = "Fusion"  # CIViC's REPRESENTATIVE_FUSION_VARIANT_NAME (server constants)


def parse_profile(name: str) -> Profile:
    """The expression a CIViC molecular profile display name stands for.

    Raises `ProfileError` (a `ValueError`) for an empty name, unbalanced parentheses, a group that
    mixes AND and OR without parentheses, a dangling operator, or a variant it cannot place.
    """
    tokens = _tokens(name)
    if not tokens:
        raise ProfileError(name, "the name is empty")
    parser = _Parser(name, tokens)
    profile = parser.group()
    if parser.pos != len(tokens):
        raise ProfileError(name, f"unexpected {tokens[parser.pos]!r}")
    return profile


def profile_name(profile: Profile) -> str:
    """The display name CIViC writes for this expression (`parse_profile`'s inverse).

    A nested group is parenthesised with spaced parentheses, as CIViC's generator does.
    """
    if isinstance(profile, Fusion):
        feature = f"{profile.five_prime or 'v'}::{profile.three_prime or 'v'}"
        variant = "::".join(profile.exons) if profile.exons else _FUSION_NAME
        return f"{feature} {variant}"
    if isinstance(profile, Mutation):
        return f"{profile.gene} {profile.change}"
    if isinstance(profile, OtherVariant):
        return f"{profile.gene} {profile.name}"
    if isinstance(profile, Not):
        return f"NOT {_operand(profile.part)}"
    operator = " AND " if isinstance(profile, And) else " OR "
    return operator.join(_operand(part) for part in profile.parts)


def _operand(profile: Profile) -> str:
    text = profile_name(profile)
    return f"( {text} )" if isinstance(profile, (And, Or)) else text


def _tokens(name: str) -> list[str]:
    """Whitespace-separated segments, with grouping parentheses split off.

    CIViC writes grouping parentheses as segments of their own; one glued to a word (`(ALK`) is
    split off too, but only when unbalanced within the word, so `(ATI)` in
    `ALK Alternative Transcript (ATI)` stays part of the variant name.
    """
    out: list[str] = []
    for word in name.split():
        head: list[str] = []
        tail: list[str] = []
        while len(word) > 1 and word.startswith("(") and word.count("(") > word.count(")"):
            head.append("(")
            word = word[1:]
        while len(word) > 1 and word.endswith(")") and word.count(")") > word.count("("):
            tail.append(")")
            word = word[:-1]
        out.extend([*head, word, *tail])
    return out


class _Parser:
    """Recursive descent over the tokens: group := operand (OP operand)*, one OP per group."""

    def __init__(self, name: str, tokens: list[str]):
        self.name, self.tokens, self.pos = name, tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def group(self) -> Profile:
        parts = [self.operand()]
        operator: str | None = None
        while self.peek() in _OPERATORS:
            word = self.tokens[self.pos]
            if operator is not None and word != operator:
                raise ProfileError(
                    self.name, "AND and OR are mixed in one group without parentheses"
                )
            operator = word
            self.pos += 1
            parts.append(self.operand())
        if operator is None:
            return parts[0]
        return And(tuple(parts)) if operator == "AND" else Or(tuple(parts))

    def operand(self) -> Profile:
        word = self.peek()
        if word is None:
            raise ProfileError(self.name, "ends where a variant is expected")
        if word == "NOT":
            self.pos += 1
            return Not(self.operand())
        if word == "(":
            self.pos += 1
            inner = self.group()
            if self.peek() != ")":
                raise ProfileError(self.name, "a '(' is not closed")
            self.pos += 1
            return inner
        if word == ")" or word in _OPERATORS:
            raise ProfileError(self.name, f"unexpected {word!r} where a variant is expected")
        start = self.pos
        while (w := self.peek()) is not None and w not in _OPERATORS and w not in {"(", ")", "NOT"}:
            self.pos += 1
        return _variant(self.name, self.tokens[start : self.pos])


def _variant(name: str, words: list[str]) -> Profile:
    """One variant: its feature (a gene, or a fusion `A::B`) and then its variant name."""
    if len(words) < 2:
        raise ProfileError(name, f"{' '.join(words)!r} has no variant name after its feature")
    feature, rest = words[0], " ".join(words[1:])
    if "::" in feature:
        five, _, three = feature.partition("::")
        if not five or not three or "::" in three:
            raise ProfileError(name, f"{feature!r} is not a fusion of two partners")
        partners = (None if five == "v" else five, None if three == "v" else three)
        if partners == (None, None):
            raise ProfileError(name, f"{feature!r} names neither partner")
        if rest == _FUSION_NAME:
            return Fusion(*partners)
        if m := _EXONS.fullmatch(rest):
            return Fusion(*partners, exons=(m.group(1), m.group(2)))
        raise ProfileError(name, f"{feature} variant {rest!r} is neither 'Fusion' nor exons")
    if len(words) == 2 and _CHANGE.fullmatch(rest):
        return Mutation(feature, rest)
    return OtherVariant(feature, rest)
