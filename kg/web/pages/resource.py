"""A resource's page: what it is, what the graph says of it, the claims about it, what links here.

The page reads as a description, not as triples: predicates by their labels (the IRI on hover and
its CURIE in a column), several values of one predicate in one row, a number with its unit. The
class a source asserted comes first; the classes the reasoner added are folded away, since every
lorlatinib is also a substance, an entity and a kinase inhibitor, and nobody needs that first.
An asserted triple is one a source snapshot's named graph holds (`kg.build.pipeline` keeps each
source's triples in its own graph); the built default graph holds them all, inferred ones too.
Agents, variants and trials get their own sections (`activity`, `trial`).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

import pyoxigraph as ox

from kg.vocab import ALKKG
from kg.web.pages.activity import agent_activity, variant_activity
from kg.web.pages.claims import claims_section
from kg.web.pages.html import (
    Row,
    cells,
    iri_text,
    local_href,
    page,
    predicate_label,
    select,
    table,
    term_html,
    value,
)
from kg.web.pages.trial import trial_outcomes

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FIRST = (
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)
"""Predicates shown before the others (which follow by label): what else it is called, what it is."""

IN_UNIT = (
    "value",
    "ciLow",
    "ciHigh",
    "doseValue",
    "threshold",
    "statedNumber",
    "valueLow",
    "valueHigh",
)
UNIT_OF = {str(ALKKG[p]): str(ALKKG.unit) for p in IN_UNIT} | {
    str(ALKKG.timePoint): str(ALKKG.timeUnit)
}
"""The numbers a claim states in its `alkkg:unit` (the ontology's definitions say so), and the
time point in its `alkkg:timeUnit`."""

TYPES = """
SELECT ?type ?label ?asserted ?general WHERE {
  ?resource a ?type .
  OPTIONAL { ?type rdfs:label ?label }
  BIND(EXISTS { GRAPH ?g { ?resource a ?type } } AS ?asserted)
  BIND(EXISTS { ?resource a ?other . ?other rdfs:subClassOf+ ?type FILTER (?other != ?type) }
       AS ?general)
}"""
PROPERTIES = """
SELECT ?p ?o ?pLabel ?oLabel WHERE {
  ?resource ?p ?o .
  FILTER (?p != rdf:type)
  OPTIONAL { ?p rdfs:label ?pLabel }
  OPTIONAL { ?o rdfs:label ?oLabel }
}"""
INCOMING = """
SELECT ?s ?p ?sLabel ?pLabel WHERE {
  ?s ?p ?resource .
  FILTER (?p != alkkg:about)
  FILTER NOT EXISTS { ?s alkkg:about ?resource }
  FILTER NOT EXISTS { ?s a alkkg:Claim ; prov:wasDerivedFrom ?resource }
  OPTIONAL { ?s rdfs:label ?sLabel }
  OPTIONAL { ?p rdfs:label ?pLabel }
} ORDER BY ?p ?s LIMIT 500"""
"""Links to the resource from anything but the claims about it or derived from it, which have
their sections."""

CORRECTIONS = """
SELECT ?field ?value WHERE {
  ?resource alkkg:correctedBy ?c . ?c alkkg:correctedField ?field ; alkkg:correctedValue ?value .
} ORDER BY ?field"""

FORMATS = (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdf", "RDF/XML"))


def resource_exists(store: ox.Store, iri: str) -> bool:
    """Whether the graph says anything of the IRI, or points at it."""
    node = ox.NamedNode(iri)
    return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
        True for _ in store.quads_for_pattern(None, None, node)
    )


def resource_page(store: ox.Store, iri: str, base: str) -> str:
    """The page of one resource: header, its own section by kind, properties, claims, links."""
    types = _types(store, iri)
    properties = _first_labels(select(store, PROPERTIES, resource=iri), ("p", "o"))
    labels = [r["o"] for r in properties if value(r["p"]) == RDFS_LABEL]
    label = _preferred(labels) or iri_text(iri)
    kinds = {value(r["type"]) for r in types}
    sections = []
    if str(ALKKG.ALKInhibitor) in kinds:
        sections.append(agent_activity(store, iri, base))
    if str(ALKKG.Variant) in kinds:
        sections.append(variant_activity(store, iri, base))
    if str(ALKKG.ClinicalTrial) in kinds:
        sections.append(trial_outcomes(store, iri, base))
    lead = _claim_lead(store, iri, properties, base) if str(ALKKG.Claim) in kinds else ""
    path = escape(local_href(iri, base))
    formats = " · ".join(f'<a href="{path}.{ext}">{name}</a>' for ext, name in FORMATS)
    body = f"""<h1>{escape(label)}</h1>
{_types_html(types, base)}
<p class="muted iri">{escape(iri)} · {formats}</p>
{lead}{"".join(sections)}
<h2>Properties</h2>{_properties_html(properties, base)}
{claims_section(store, iri, base)}
{claims_section(store, iri, base, "source")}
{_incoming_html(store, iri, base)}"""
    return page(label, body)


def _preferred(literals: list[Any]) -> str:
    """The English (or untagged) one of several labels, else the first."""
    for term in literals:
        if isinstance(term, ox.Literal) and term.language in (None, "en"):
            return str(term.value)
    return value(literals[0]) if literals else ""


def _first_labels(rows: list[Row], key: tuple[str, ...]) -> list[Row]:
    """One row per `key`: a term with labels in two languages would otherwise show twice."""
    seen: dict[tuple[str, ...], Row] = {}
    for row in rows:
        seen.setdefault(tuple(str(row[k]) for k in key), row)
    return list(seen.values())


def _types(store: ox.Store, iri: str) -> list[Row]:
    """The classes: asserted before inferred, the most specific first, then by label."""
    rows = _first_labels(select(store, TYPES, resource=iri), ("type",))
    return sorted(
        rows,
        key=lambda r: (
            value(r["asserted"]) != "true",
            value(r["general"]) == "true",
            (value(r["label"]) or iri_text(value(r["type"]))).lower(),
        ),
    )


def _types_html(types: list[Row], base: str) -> str:
    asserted = [r for r in types if value(r["asserted"]) == "true"]
    inferred = [r for r in types if value(r["asserted"]) != "true"]
    if not asserted:  # a resource no source typed: the reasoner's classes are all there is
        asserted, inferred = inferred[:1], inferred[1:]
    shown = " · ".join(term_html(r["type"], r["label"], base) for r in asserted)
    folded = ""
    if inferred:
        more = ", ".join(term_html(r["type"], r["label"], base) for r in inferred)
        folded = (
            f"<details class=inferred><summary>{len(inferred)} more "
            f"{'class' if len(inferred) == 1 else 'classes'} by inference</summary>{more}</details>"
        )
    return f"<p class=types>{shown}</p>{folded}" if shown else folded


def _properties_html(rows: list[Row], base: str) -> str:
    by_predicate: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if value(row["p"]) != RDFS_LABEL:
            by_predicate[value(row["p"])].append(row)
    units = {
        p: _preferred([r["oLabel"] for r in by_predicate.get(unit, []) if r["oLabel"] is not None])
        for p, unit in UNIT_OF.items()
    }

    def order(predicate: str) -> tuple[int, str]:
        rank = FIRST.index(predicate) if predicate in FIRST else len(FIRST)
        return rank, predicate_label(predicate, by_predicate[predicate][0]["pLabel"]).lower()

    lines = []
    for predicate in sorted(by_predicate, key=order):
        group = by_predicate[predicate]
        name = predicate_label(predicate, group[0]["pLabel"])
        objects = sorted(group, key=lambda r: (value(r["oLabel"]) or value(r["o"])).lower())
        shown = "; ".join(_object_html(r, units.get(predicate, ""), base) for r in objects)
        lines.append(
            cells(
                f'<span title="{escape(predicate)}">{escape(name)}</span>',
                shown,
                f"<code>{escape(iri_text(predicate))}</code>",
                classes={2: "curie"},
            )
        )
    return table(("property", "value", "CURIE"), lines, "properties")


def _object_html(row: Row, unit: str, base: str) -> str:
    term = row["o"]
    if isinstance(term, ox.Literal) and unit:
        return f"{escape(term.value)} {escape(unit)}"
    return term_html(term, row["oLabel"], base)


def _claim_lead(store: ox.Store, iri: str, rows: list[Row], base: str) -> str:
    """A claim's quote, set off with the source and the place it comes from, and its flag."""
    of: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        of[value(row["p"])].append(row)
    quotes = [value(r["o"]) for r in of[str(ALKKG.quote)]]
    sources = ", ".join(
        term_html(r["o"], r["oLabel"], base) for r in of["http://www.w3.org/ns/prov#wasDerivedFrom"]
    )
    where = "; ".join(escape(value(r["o"])) for r in of[str(ALKKG.locator)])
    levels = ", ".join(term_html(r["o"], r["oLabel"], base) for r in of[str(ALKKG.evidenceLevel)])
    cite = " · ".join(
        part for part in (sources, where, f"evidence level: {levels}" if levels else "") if part
    )
    flag = ""
    if any(value(r["o"]) == "true" for r in of[str(ALKKG.flaggedAsSourceError)]):
        fixes = "; ".join(
            f"{escape(value(r['field']))} should be {escape(value(r['value']))}"
            for r in select(store, CORRECTIONS, resource=iri)
        )
        flag = (
            "<p class=flag>Flagged as the source's error"
            + (f": {fixes}" if fixes else "")
            + ". The claim is kept as the source states it; the correction is its own statement.</p>"
        )
    said = "".join(f"<p>“{escape(q)}”</p>" for q in quotes)
    return f"<blockquote class=claim>{said}<footer>{cite}</footer></blockquote>{flag}"


def _incoming_html(store: ox.Store, iri: str, base: str) -> str:
    rows = _first_labels(select(store, INCOMING, resource=iri), ("s", "p"))
    if not rows:
        return ""
    by_predicate: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_predicate[value(row["p"])].append(row)
    lines = [
        cells(
            f'<span title="{escape(p)}">{escape(predicate_label(p, group[0]["pLabel"]))}</span>',
            ", ".join(term_html(r["s"], r["sLabel"], base) for r in group),
        )
        for p, group in sorted(
            by_predicate.items(), key=lambda item: predicate_label(item[0], item[1][0]["pLabel"])
        )
    ]
    inner = table(("by", "from"), lines, "incoming")
    summary = f"Linked from ({len(rows)}{'+' if len(rows) >= 500 else ''})"
    if len(rows) > 20:
        return f"<details class=section><summary><h2>{summary}</h2></summary>{inner}</details>"
    return f"<h2>{summary}</h2>{inner}"
