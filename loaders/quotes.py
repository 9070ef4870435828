"""Check that a quoted passage really occurs in its seed paper.

The seeds are text extracted from PDFs: line breaks fall mid-sentence, words are hyphenated at line
ends, and runs of spaces vary. A quote copied from the paper must still be found, and a quote with
a typo must not, so the comparison ignores exactly those layout artefacts and nothing else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_LAYOUT = re.compile(r"[\s\u00ad\u2010\u2011-]+")


def squash(text: str) -> str:
    """Drop whitespace and hyphens, the characters PDF extraction moves about."""
    return _LAYOUT.sub("", text)


@lru_cache(maxsize=16)
def _squashed_seed(path: Path) -> str:
    return squash(path.read_text(encoding="utf-8"))


def occurs_in(quote: str, seed: Path) -> bool:
    """True when `quote` occurs in the seed text, up to layout artefacts."""
    needle = squash(quote)
    return bool(needle) and needle in _squashed_seed(seed)
