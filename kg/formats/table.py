"""SELECT results as a text table for a terminal: short names, clipped cells, a row count.

Not a W3C format: for people reading results, not for programs (`kg.formats.results`).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.formats.results import Results, Term, text
from kg.prefixes import short_name


def _cell(term: Term | None) -> str:
    """An IRI as the graph's CURIE where it has one; any text on one line."""
    value = short_name(term.value) if isinstance(term, ox.NamedNode) else text(term)
    return " ".join(value.split())


def table(results: Results, width: int = 60) -> str:
    """Columns padded to their widest cell (at most `width`, clipped with `…`), then `(n rows)`."""
    cells = [[_cell(t) for t in row] for row in results.rows]
    widths = [
        min(width, max([len(v), *(len(r[i]) for r in cells)]))
        for i, v in enumerate(results.variables)
    ]

    def line(values: list[str]) -> str:
        clipped = [
            v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=True)
        ]
        return " | ".join(c.ljust(w) for c, w in zip(clipped, widths, strict=True)).rstrip()

    out = [line(results.variables), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)
