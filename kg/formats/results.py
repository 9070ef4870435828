"""W3C SPARQL 1.1 query results (JSON, XML, CSV, TSV), written row by row with a row cap.

Oxigraph serialises results too, but cannot stop at a row cap; a public endpoint must, so the
SELECT serialisers are here and stop after `cap` rows, saying so.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.vocab import PREFIXES

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORMATS = ("table", "csv", "tsv", "json")
"""What `alkkg query` and `alkkg sparql` print: a table for people, or a W3C results format."""


@dataclass
class Results:
    """A SELECT result: variable names and rows of RDF terms (None where unbound)."""

    variables: list[str]
    rows: list[list[Any]]


def json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype and term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def serialize_select(
    variables: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, cap: int | None = None
) -> tuple[bytes, bool]:
    """Serialise up to `cap` rows; return the bytes and whether rows were cut off."""
    kept: list[Sequence[Any]] = []
    truncated = False
    for row in rows:
        if cap is not None and len(kept) >= cap:
            truncated = True
            break
        kept.append(row)
    if fmt == "json":
        bindings = [
            {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in kept
        ]
        doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode(), truncated
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.append("</head><results>")
        for row in kept:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode(), truncated
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows(["" if t is None else t.value for t in row] for row in kept)
        return buffer.getvalue().encode(), truncated
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in kept]
        return ("\n".join(lines) + "\n").encode(), truncated
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        return f"_askResult\n{'true' if value else 'false'}\n".encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def _plain(term: Any) -> str:
    if term is None:
        return ""
    return str(term.value)


def format_results(results: Results, fmt: str, *, width: int = 60) -> str:
    """table (for people), csv / tsv (plain values), json (W3C SPARQL 1.1 results JSON)."""
    if fmt == "json":
        return serialize_select(results.variables, results.rows, "json")[0].decode()
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows([_plain(t) for t in row] for row in results.rows)
        return buffer.getvalue()
    if fmt == "table":
        return _table(results, width)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def _short(term: Any) -> str:
    text = _plain(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and isinstance(term, ox.NamedNode):
            return f"{prefix}:{text[len(namespace) :]}"
    return " ".join(text.split())


def _table(results: Results, width: int) -> str:
    cells = [[_short(t) for t in row] for row in results.rows]
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
