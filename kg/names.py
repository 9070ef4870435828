"""Names people type for things: normalisation and lookup with suggestions.

One normalisation serves both the source tables (a curator writes `LDK378` or `ceritinib`) and
the query parameters (a user types `p.Gly1202Arg` or `ALK G1202R`), so whatever a table accepts,
a query accepts too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from kg.errors import UsageError

THREE_LETTER = {
    "A": "Ala",
    "R": "Arg",
    "N": "Asn",
    "D": "Asp",
    "C": "Cys",
    "Q": "Gln",
    "E": "Glu",
    "G": "Gly",
    "H": "His",
    "I": "Ile",
    "L": "Leu",
    "K": "Lys",
    "M": "Met",
    "F": "Phe",
    "P": "Pro",
    "S": "Ser",
    "T": "Thr",
    "W": "Trp",
    "Y": "Tyr",
    "V": "Val",
}
"""HGVS residues: one-letter code -> three-letter code (the one residue table: the loaders write
HGVS expressions with it, `normalize` reads them with it)."""
_ONE_LETTER = {three.lower(): one.lower() for one, three in THREE_LETTER.items()}
_HGVS_PROTEIN = re.compile(r"(?:^|(?<=\s))p\.\(?", re.IGNORECASE)
_THREE_LETTER_CHANGE = re.compile(
    r"\b(" + "|".join(_ONE_LETTER) + r")(\d+)(" + "|".join(_ONE_LETTER) + r")\b", re.IGNORECASE
)
_NOISE = re.compile(r"[\s\-_.‐‑–,;:'\"()]+")


def normalize(name: str) -> str:
    """Fold a name to a comparison key.

    Case, spaces, hyphens and dots do not matter (`PF-02341066` = `pf02341066`); an HGVS protein
    prefix is dropped and three-letter residues become one-letter (`p.Gly1202Arg` = `G1202R`).
    """
    text = _HGVS_PROTEIN.sub(" ", name.strip())
    text = _THREE_LETTER_CHANGE.sub(
        lambda m: _ONE_LETTER[m[1].lower()] + m[2] + _ONE_LETTER[m[3].lower()], text
    )
    return _NOISE.sub("", text.lower())


class UnknownName(UsageError):
    """A name that matches nothing; carries the closest known names."""

    def __init__(self, kind: str, name: str, suggestions: list[str]):
        self.kind, self.name, self.suggestions = kind, name, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")


class AmbiguousName(UsageError):
    """A name that two different things answer to."""


class NameIndex:
    """Maps normalised names to keys, and suggests close names for a miss."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._keys: dict[str, set[str]] = {}
        self._display: dict[str, str] = {}

    def add(self, key: str, names: Iterable[str]) -> None:
        for name in names:
            folded = normalize(name)
            if folded:
                self._keys.setdefault(folded, set()).add(key)
                self._display.setdefault(folded, name)

    def lookup(self, name: str) -> str:
        folded = normalize(name)
        keys = self._keys.get(folded)
        if not keys:
            close = difflib.get_close_matches(folded, list(self._keys), n=5, cutoff=0.6)
            raise UnknownName(self.kind, name, [self._display[c] for c in close])
        if len(keys) > 1:
            raise AmbiguousName(f"{self.kind} {name!r} names several things: {sorted(keys)}")
        return next(iter(keys))

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self._keys

    def __len__(self) -> int:
        return len(self._keys)
