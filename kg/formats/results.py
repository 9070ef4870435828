"""W3C SPARQL 1.1 query results (JSON, XML, CSV, TSV), written row by row with a row cap.

One writer for every consumer: `alkkg query` and `alkkg sparql` print what the HTTP endpoint
answers, byte for byte, so a script can switch between them. Oxigraph serialises results too,
but cannot stop at a row cap; a public endpoint must, so the SELECT serialisers are here and stop
after `cap` rows, saying so. CSV and TSV are written exactly as Oxigraph writes them, which is
as the W3C CSV and TSV note says (blank nodes as `_:label` in both; TSV terms in Turtle syntax,
numbers and booleans in Turtle's short form); the tests hold the two writers to the same bytes.
The table for people is `kg.formats.table`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import UsageError

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""An RDF term as Oxigraph gives it (a quoted triple only where RDF-star is used)."""

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
FORMATS = ("table", "csv", "tsv", "json", "xml")
"""What `alkkg query` and `alkkg sparql` print: a table for people, or a W3C results format."""

# Turtle's shorthand for numbers and booleans (TSV writes terms as Turtle does); a lexical form
# outside this grammar keeps the full "..."^^<datatype> form, which is always valid.
_TURTLE_SHORTHAND = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}


@dataclass
class Results:
    """A SELECT result: variable names and rows of RDF terms (None where unbound)."""

    variables: list[str]
    rows: list[list[Term | None]]


def json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        raise UsageError(f"a quoted triple (RDF-star) has no SPARQL 1.1 results form: {term}")
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def term_of_json(binding: Mapping[str, str]) -> Term:
    """The RDF term of a W3C SPARQL 1.1 JSON results binding (the inverse of `json_term`)."""
    kind = binding["type"]
    if kind == "uri":
        return ox.NamedNode(binding["value"])
    if kind == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


def read_json_results(document: Mapping[str, Any]) -> Results:
    """W3C SPARQL 1.1 JSON results (a SELECT's, parsed) as `Results`; unbound stays None."""
    variables: list[str] = list(document["head"]["vars"])
    rows: list[list[Term | None]] = [
        [term_of_json(binding[v]) if v in binding else None for v in variables]
        for binding in document["results"]["bindings"]
    ]
    return Results(variables, rows)


def _xml_term(term: Term) -> str:
    fields = json_term(term)
    value = escape(fields["value"])
    if fields["type"] != "literal":
        return f"<{fields['type']}>{value}</{fields['type']}>"
    if "xml:lang" in fields:
        return f"<literal xml:lang={quoteattr(fields['xml:lang'])}>{value}</literal>"
    if "datatype" in fields:
        return f"<literal datatype={quoteattr(fields['datatype'])}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _tsv_term(term: Term | None) -> str:
    """A term in SPARQL/Turtle syntax (`<iri>`, `"text"@en`, `42`), as the W3C TSV format says."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        shorthand = _TURTLE_SHORTHAND.get(term.datatype.value)
        if shorthand is not None and shorthand.fullmatch(term.value):
            return term.value
    return str(term)


def text(term: Term | None) -> str:
    """A term's plain value: the IRI, the literal's text, the blank node's label; "" if unbound.
    (Code that reads results wants these.)"""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _csv_field(term: Term | None) -> str:
    """A term as the W3C CSV format writes it: its plain value, but a blank node as `_:label`
    (else it cannot be told from a string); quoted as RFC 4180 says when it has `"`, `,` or a
    line break."""
    value = str(term) if isinstance(term, ox.BlankNode) else text(term)
    if any(char in value for char in '",\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def serialize_select(
    variables: Sequence[str],
    rows: Iterable[Sequence[Term | None]],
    fmt: str,
    cap: int | None = None,
) -> tuple[bytes, bool]:
    """Serialise up to `cap` rows; return the bytes and whether rows were cut off."""
    kept: list[Sequence[Term | None]] = []
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
        lines = [",".join(variables)] + [",".join(_csv_field(t) for t in row) for row in kept]
        return ("\r\n".join(lines) + "\r\n").encode(), truncated
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in kept]
        return ("\n".join(lines) + "\n").encode(), truncated
    raise UsageError(f"unknown results format {fmt!r} (one of {', '.join(MEDIA_TYPES)})")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer. CSV and TSV have no boolean form in the W3C note; `_askResult` is the
    column name Jena and Virtuoso use."""
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        return f"_askResult\n{'true' if value else 'false'}\n".encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def write_results(answer: Results | bool, fmt: str) -> bytes:
    """What `alkkg query` and `alkkg sparql` print: the table, or what HTTP answers in `fmt`."""
    if fmt == "table":
        from kg.formats.table import table

        text = table(answer) if isinstance(answer, Results) else str(answer).lower()
        return (text + "\n").encode()
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if isinstance(answer, bool):
        return serialize_boolean(answer, fmt)
    return serialize_select(answer.variables, answer.rows, fmt)[0]


def format_results(results: Results, fmt: str) -> str:
    """`write_results` as text, for callers that print."""
    return write_results(results, fmt).decode()
