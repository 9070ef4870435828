"""HTML for people: a resource page per IRI and the query page.

Resource IRIs under the graph's base (https://w3id.org/alkkg/) are shown as links to this
server, so a reader can follow them here; other IRIs link to where they point.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pyoxigraph as ox

from kg.vocab import PREFIX_DECLARATIONS, PREFIXES

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1d2733}
header{background:#14365d;color:#fff;padding:.6em 1.2em}header a{color:#fff}
main{padding:1em 1.2em;max-width:80em}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde;padding:.3em .5em;text-align:left;vertical-align:top}
.quote{color:#444;font-style:italic}.muted{color:#667}.examples button{margin:.2em}
"""

RESOURCE_QUERY = """
SELECT ?p ?o ?pLabel ?oLabel WHERE {
  <IRI> ?p ?o .
  OPTIONAL { ?p rdfs:label ?pLabel }
  OPTIONAL { ?o rdfs:label ?oLabel }
} ORDER BY ?p ?o"""
INCOMING_QUERY = """
SELECT ?s ?p ?sLabel ?pLabel WHERE {
  ?s ?p <IRI> .
  FILTER (?p != alkkg:about)
  OPTIONAL { ?s rdfs:label ?sLabel }
  OPTIONAL { ?p rdfs:label ?pLabel }
} ORDER BY ?p ?s LIMIT 500"""
CLAIMS_QUERY = """
SELECT ?claim ?label ?source ?locator ?quote WHERE {
  ?claim alkkg:about <IRI> ; rdfs:label ?label ; prov:wasDerivedFrom/rdfs:label ?source ;
         alkkg:locator ?locator ; alkkg:quote ?quote .
} ORDER BY ?source ?locator LIMIT 1000"""


def _select(store: ox.Store, query: str, iri: str) -> list[dict[str, Any]]:
    solutions = store.query(query.replace("IRI", iri), prefixes=PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)  # the page's queries are SELECTs
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def local_href(iri: str, base: str) -> str:
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


def _term(term: Any, label: Any, base: str) -> str:
    if isinstance(term, ox.NamedNode):
        text = label.value if label is not None else term.value
        return f'<a href="{escape(local_href(term.value, base))}">{escape(text)}</a>'
    if isinstance(term, ox.Literal):
        return escape(term.value)
    return escape(str(term))


def resource_exists(store: ox.Store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
        True for _ in store.quads_for_pattern(None, None, node)
    )


def resource_page(store: ox.Store, iri: str, base: str) -> str:
    """Labels, types, every property with links, incoming links, and the claims about it."""
    outgoing = _select(store, RESOURCE_QUERY, iri)
    label = next((r["o"].value for r in outgoing if r["p"].value.endswith("#label")), iri)
    rows = "".join(
        f"<tr><td>{_term(r['p'], r['pLabel'], base)}</td><td>{_term(r['o'], r['oLabel'], base)}</td></tr>"
        for r in outgoing
    )
    claims = _select(store, CLAIMS_QUERY, iri)
    claim_rows = "".join(
        f"<tr><td>{_term(c['claim'], c['label'], base)}</td><td>{escape(c['source'].value)}</td>"
        f"<td>{escape(c['locator'].value)}</td><td class=quote>“{escape(c['quote'].value)}”</td></tr>"
        for c in claims
    )
    incoming = _select(store, INCOMING_QUERY, iri)
    incoming_rows = "".join(
        f"<tr><td>{_term(r['s'], r['sLabel'], base)}</td><td>{_term(r['p'], r['pLabel'], base)}</td></tr>"
        for r in incoming
    )
    path = escape(local_href(iri, base))
    formats = " · ".join(
        f'<a href="{path}.{ext}">{name}</a>'
        for ext, name in (
            ("ttl", "Turtle"),
            ("nt", "N-Triples"),
            ("jsonld", "JSON-LD"),
            ("rdf", "RDF/XML"),
        )
    )
    return _page(
        escape(label),
        f"""<h1>{escape(label)}</h1><p class=muted>{escape(iri)} — {formats}</p>
<h2>Properties</h2><table>{rows}</table>
<h2>Claims about it ({len(claims)})</h2>
<table><tr><th>claim</th><th>source</th><th>where</th><th>quote</th></tr>{claim_rows}</table>
<h2>Linked from ({len(incoming)})</h2><table>{incoming_rows}</table>""",
    )


def _page(title: str, body: str, head: str = "") -> str:
    return f"""<!doctype html><html lang=en><head><meta charset=utf-8>
<title>{title} · alkkg</title><style>{STYLE}</style>{head}</head>
<body><header><a href="/">alkkg</a> — knowledge graph of ALK-positive NSCLC ·
<a href="/api">named queries</a> · <a href="/.well-known/void">VoID</a></header>
<main>{body}</main></body></html>"""


def query_page(examples: list[dict[str, str]], base: str) -> str:
    """YASGUI on /sparql, with the named queries as one-click examples."""
    buttons = "".join(
        f'<button data-example="{i}" title="{escape(e["summary"])}">{escape(e["label"])}</button>'
        for i, e in enumerate(examples)
    )
    script = f"""
<script src="/static/yasgui/yasgui.min.js"></script>
<script>
const examples = {json.dumps([PREFIX_DECLARATIONS + e["query"] for e in examples])};
const base = {json.dumps(base)};
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: "/sparql", method: "POST" }},
  copyEndpointOnNewTab: false, persistenceId: null,
}});
document.querySelectorAll("[data-example]").forEach(button => button.addEventListener("click", () => {{
  const tab = yasgui.getTab();
  tab.setQuery(examples[Number(button.dataset.example)]);
  tab.query();
}}));
document.getElementById("yasgui").addEventListener("click", event => {{
  const link = event.target.closest("a");
  if (link && link.href.startsWith(base)) {{
    event.preventDefault();
    window.location.href = "/" + link.href.slice(base.length);
  }}
}}, true);
function download(format) {{
  const query = yasgui.getTab().getQuery();
  window.location.href = "/sparql?" + new URLSearchParams({{ query, format }});
}}
</script>"""
    downloads = " ".join(
        f"<button onclick=\"download('{f}')\">{f.upper()}</button>"
        for f in ("json", "xml", "csv", "tsv")
    )
    body = f"""<p class=examples>Named queries: {buttons}</p>
<div id=yasgui></div><p>Download the results of the current query: {downloads}</p>{script}"""
    return _page("SPARQL", body, '<link rel=stylesheet href="/static/yasgui/yasgui.min.css">')
