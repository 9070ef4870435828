"""The pieces every page is made of: the page's frame, terms as links, labels for predicates.

Everything a page shows passes through `escape` here or in the page's module: the graph's text
(labels, quotes, literals) is data, and a label such as `<script>` must show as text. Only web
IRIs become links: an IRI of another scheme (`javascript:`, `urn:`) is shown, never followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.prefixes import external_reference, short_name
from kg.vocab import PREFIXES

Row = dict[str, Any]
"""One solution of a page's SELECT: variable name to term (None when unbound)."""

NAV = (
    ("/", "query"),
    ("/views/activity-matrix", "activity matrix"),
    ("/views/hazard-ratios", "hazard ratios"),
    ("/api", "named queries"),
    ("/.well-known/void", "VoID"),
)
"""The site's pages, in every page's header. The two pictures are served by `kg.web.views`."""

FALLBACK_LABELS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "other names",
    "http://www.w3.org/2004/02/skos/core#editorialNote": "curator's note",
}
"""Words for the standard predicates the ontology does not label (it labels its own and the
SKOS and PROV terms it uses); any other unlabelled predicate is named from its local name."""


def select(store: ox.Store, query: str, **iris: str) -> list[Row]:
    """A page's SELECT with IRIs bound by VALUES (never pasted into the text), as dicts."""
    values = "".join(f"VALUES ?{name} {{ {ox.NamedNode(iri)} }}\n" for name, iri in iris.items())
    text = query.replace("WHERE {", "WHERE {\n" + values, 1) if values else query
    solutions = store.query(text, prefixes=PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)  # the pages' queries are SELECTs
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def value(term: Any) -> str:
    """A term's lexical value or IRI ("" when unbound)."""
    return "" if term is None else str(term.value)


def local_href(iri: str, base: str) -> str:
    """The graph's IRIs are served here (the server's root stands for the base)."""
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


def link(iri: str, text: str, base: str) -> str:
    """A link to a resource, its IRI on hover; an IRI that is not a web address is only text."""
    href = local_href(iri, base)
    if not href.startswith(("/", "http://", "https://")):
        return f'<span title="{escape(iri)}">{escape(text)}</span>'
    return f'<a href="{escape(href)}" title="{escape(iri)}">{escape(text)}</a>'


def iri_text(iri: str) -> str:
    """An IRI for reading: an external identifier's CURIE (CHEBI:143117), else the graph's
    short name (id:agent/lorlatinib), else the IRI itself."""
    reference = external_reference(iri)
    return reference.curie if reference is not None else short_name(iri)


def term_html(term: Any, label: Any, base: str) -> str:
    """An IRI as a link named by its label (or its CURIE); a literal as escaped text."""
    if isinstance(term, ox.NamedNode):
        return link(term.value, value(label) or iri_text(term.value), base)
    if isinstance(term, ox.Literal):
        return escape(term.value)
    if isinstance(term, ox.BlankNode):  # no name outside the graph, and no page
        return f'<span class=muted title="{escape(str(term))}">(anonymous node)</span>'
    return escape(value(term))


def predicate_label(iri: str, label: Any) -> str:
    """The ontology's label for a predicate; else a word for a standard one; else its local
    name in words (`sourceRow` -> "source row")."""
    if label is not None:
        return str(label.value)
    if iri in FALLBACK_LABELS:
        return FALLBACK_LABELS[iri]
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower() or iri


def same_places(*numbers: str) -> list[str]:
    """Decimal numbers written to the same number of places, by adding zeros only: a CI of
    0.35 and 0.6 reads 0.35–0.60 as the paper printed it; no digit is ever rounded away."""
    places = max((len(n.partition(".")[2]) for n in numbers if _decimal(n)), default=0)
    out = []
    for number in numbers:
        if not _decimal(number) or places == 0:
            out.append(number)
            continue
        whole, _, fraction = number.partition(".")
        out.append(f"{whole}.{fraction.ljust(places, '0')}")
    return out


def _decimal(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def view_url(view: str, **params: str) -> str:
    """The address of a picture of `kg.web.views` (`/views/activity-matrix.svg?agent=IRI`)."""
    return f"/views/{view}.svg?{urlencode(params)}"


def picture(view: str, caption: str, **params: str) -> str:
    """A picture embedded as an `<object>`, so that a server without it shows its caption and
    a link, and the page around it (its tables) reads the same either way."""
    url = escape(view_url(view, **params))
    page = escape(f"/views/{view}?{urlencode(params)}")
    return (
        f'<figure class=picture><object data="{url}" type="image/svg+xml" '
        f'aria-label="{escape(caption)}"><p class=muted>The picture is not available here; '
        f"the table below holds the same figures.</p></object><figcaption>{escape(caption)} · "
        f'<a href="{page}">open</a></figcaption></figure>'
    )


def table(headers: Iterable[str], rows: Iterable[str], css: str = "") -> str:
    """A table with escaped headers around rows that are already HTML."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    klass = f" class={css}" if css else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def cells(*items: str, classes: Mapping[int, str] | None = None) -> str:
    """A table row of cells that are already HTML."""
    marks = classes or {}
    return (
        "<tr>"
        + "".join(
            f"<td class={marks[i]}>{item}</td>" if i in marks else f"<td>{item}</td>"
            for i, item in enumerate(items)
        )
        + "</tr>"
    )


def page(title: str, body: str, head: str = "") -> str:
    """The site's frame: the header with its links, the stylesheet, the body."""
    nav = " · ".join(f'<a href="{href}">{escape(text)}</a>' for href, text in NAV)
    return f"""<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1">
<title>{escape(title)} · alkkg</title><link rel=stylesheet href="/static/site.css">{head}</head>
<body><header><a href="/" class=home>alkkg</a> <span class=tagline>knowledge graph of
ALK-positive NSCLC</span><nav>{nav}</nav></header>
<main>{body}</main></body></html>"""
