"""The claims about a resource, grouped by kind (activity, resistance, outcome, adverse event...).

Each claim shows what it states, its figure with its unit (and CI), its evidence level, its
source and the place in it, and the quote it rests on: a reader sees where each fact comes from
without opening the claim. A claim flagged as the source's error says so, with its correction,
next to the figure it corrects: a source is never corrected silently, and never hidden.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape

import pyoxigraph as ox

from kg.vocab import ALKKG
from kg.web.pages.html import Row, cells, link, same_places, select, table, value

CLAIMS = """
SELECT ?claim (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) (SAMPLE(?kl) AS ?kindLabel)
       (GROUP_CONCAT(DISTINCT ?src; separator="; ") AS ?source) (SAMPLE(?loc) AS ?locator)
       (SAMPLE(?q) AS ?quote) (SAMPLE(?lv) AS ?level) (SAMPLE(?lvl) AS ?levelLabel)
       (SAMPLE(?v) AS ?value) (SAMPLE(?ul) AS ?unit) (SAMPLE(?low) AS ?ciLow)
       (SAMPLE(?high) AS ?ciHigh) (SAMPLE(?cil) AS ?ciLevel) (SAMPLE(?f) AS ?flagged) (SAMPLE(?fix) AS ?correction)
WHERE {
  ?claim LINK ?resource ; rdfs:label ?l .
  OPTIONAL { ?claim a ?k . FILTER (?k NOT IN (alkkg:Claim, prov:Entity)) ?k rdfs:label ?kl }
  OPTIONAL { ?claim prov:wasDerivedFrom/rdfs:label ?src }
  OPTIONAL { ?claim alkkg:locator ?loc }
  OPTIONAL { ?claim alkkg:quote ?q }
  OPTIONAL { ?claim alkkg:evidenceLevel ?lvIri . ?lvIri skos:notation ?lv ; rdfs:label ?lvl }
  OPTIONAL { ?claim alkkg:value ?v OPTIONAL { ?claim alkkg:unit/rdfs:label ?ul } }
  OPTIONAL { ?claim alkkg:ciLow ?low }
  OPTIONAL { ?claim alkkg:ciHigh ?high }
  OPTIONAL { ?claim alkkg:ciLevel ?cil }
  OPTIONAL { ?claim alkkg:flaggedAsSourceError ?f }
  OPTIONAL {
    ?claim alkkg:correctedBy ?c . ?c alkkg:correctedField ?cf ; alkkg:correctedValue ?cv .
    BIND(CONCAT(?cf, " should be ", ?cv) AS ?fix)
  }
}
GROUP BY ?claim ORDER BY ?source ?locator ?claim LIMIT 1000"""

ORDER = ("ActivityClaim", "ResistanceClaim", "OutcomeClaim", "AdverseEventClaim")
"""The kinds people look for first; the others follow by name."""


LINKS = {
    "about": ("alkkg:about", "Claims about it"),
    "source": ("a alkkg:Claim ; prov:wasDerivedFrom", "Claims it is the source of"),
}
"""The claims a page lists: those about the resource (an arm's descriptions too), or, for a
publication or a knowledge base, the claims derived from it (its omissions, which are not claims,
are among the links to it)."""


def claims_section(store: ox.Store, iri: str, base: str, link_by: str = "about") -> str:
    """Every claim about the resource (or derived from it), a table per kind, each kind's count
    in its heading."""
    predicate, title = LINKS[link_by]
    rows = select(store, CLAIMS.replace("LINK", predicate), resource=iri)
    groups: dict[str, list[Row]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in rows:
        kind = value(row["kind"])
        groups[kind].append(row)
        names[kind] = kind_name(value(row["kindLabel"]))
    order = [str(ALKKG[k]) for k in ORDER]

    def rank(kind: str) -> tuple[int, str]:
        return (order.index(kind) if kind in order else len(order), names[kind])

    if not rows:  # a claim, a publication, a class: nothing to list, so no empty heading
        return ""
    parts = [f"<h2>{title} ({len(rows)})</h2>"]
    for kind in sorted(groups, key=rank):
        group = groups[kind]
        parts.append(f'<h3 class=kind id="claims-{escape(kind.rpartition("/")[2])}">')
        parts.append(f"{escape(names[kind])} ({len(group)})</h3>")
        parts.append(claims_table(group, base))
    return "".join(parts)


def kind_name(label: str) -> str:
    """ "adverse event claim" -> "Adverse event"; a statement of no known kind is "Other"."""
    name = label.removesuffix(" claim").strip()
    return name[:1].upper() + name[1:] if name else "Other"


def claims_table(rows: list[Row], base: str) -> str:
    """The claims of one kind: the figure column only where one of them states a figure."""
    figures = any(r["value"] is not None for r in rows)
    headers = ["claim", *(["figure"] if figures else []), "level", "source", "where", "quote"]
    lines = []
    for row in rows:
        label = value(row["label"])
        claim = link(value(row["claim"]), statement(label, value(row["locator"])), base)
        flag = ""
        if value(row["flagged"]) == "true":
            fix = value(row["correction"])
            flag = f" <span class=flag>flagged as the source's error{': ' + escape(fix) if fix else ''}</span>"
        level = (
            f'<abbr title="{escape(value(row["levelLabel"]))}">{escape(value(row["level"]))}</abbr>'
        )
        quote = value(row["quote"])
        items = [
            claim + ("" if figures else flag),
            *([figure(row) + flag] if figures else []),
            level,
            escape(value(row["source"])),
            escape(value(row["locator"])),
            f"“{escape(quote)}”" if quote else "",
        ]
        lines.append(cells(*items, classes={len(items) - 1: "quote"}))
    return table(headers, lines, "claims")


def statement(label: str, locator: str) -> str:
    """What a claim states, from its label without the kind and the source the table shows
    beside it: "activity: lorlatinib / ALK G1202R sensitive (000, Section "Lorlatinib")" reads
    "lorlatinib / ALK G1202R sensitive". A label of another shape is shown whole."""
    text = re.sub(r"^[a-z][a-z -]*: ", "", label)
    tail = f", {locator})"
    if locator and text.endswith(tail):
        head = text[: -len(tail)]
        cut = head.rfind(" (")
        if cut > 0:
            return head[:cut]
    return text


def figure(row: Row) -> str:
    """A claim's number with its unit, and its confidence interval when it has one."""
    if row["value"] is None:
        return ""
    number, low, high = same_places(value(row["value"]), value(row["ciLow"]), value(row["ciHigh"]))
    unit = value(row["unit"])
    text = escape(number) + (f" {escape(unit)}" if unit and unit != "ratio (unitless)" else "")
    if low and high:
        level = ci_level(row["ciLevel"])
        text += f" <span class=ci>({escape(level)} CI {escape(low)}–{escape(high)})</span>"
    return text


def ci_level(term: object) -> str:
    """A confidence interval's level: 95% unless the claim states another (the ontology's
    `alkkg:ciLevel`: "95 unless stated")."""
    return f"{value(term)}%" if term is not None else "95%"
