"""The query page: YASGUI on `/sparql`, opening on a question the graph answers.

The editor opens on the question the graph was first built to answer (which ALK inhibitors keep
activity against G1202R, and on what evidence), written out in plain SPARQL with its prefixes,
rather than on `?s ?p ?o`, which shows nothing about the graph. The named queries are one click
away, and the two pictures a link away.
"""

from __future__ import annotations

import json
from html import escape

from kg.vocab import PREFIX_DECLARATIONS, PREFIXES
from kg.web.pages.html import page

EXAMPLE_QUESTION = "Which ALK inhibitors keep activity against G1202R, and on what evidence?"
EXAMPLE = (
    "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("alkkg", "rdfs", "prov"))
    + """# Which ALK inhibitors keep activity against the solvent-front mutation G1202R,
# and on what evidence? (The named query agents-active-against also lists contrary claims.)
SELECT ?agent ?agentLabel ?activity ?level ?source ?locator ?claim WHERE {
  ?mutation rdfs:label "ALK G1202R" .
  # a claim about a group of mutations (G1269A/S) counts for each of its members
  { ?claim alkkg:variant ?mutation } UNION { ?claim alkkg:variant/alkkg:hasMember ?mutation }
  ?claim a alkkg:ActivityClaim ; alkkg:agent ?agent ; alkkg:activity ?a ;
         alkkg:evidenceLevel ?lv ; prov:wasDerivedFrom ?pub ; alkkg:locator ?locator .
  ?pub a alkkg:Publication .
  FILTER (?a IN (alkkg:Sensitive, alkkg:Reduced))
  FILTER NOT EXISTS { ?claim alkkg:flaggedAsSourceError true }
  FILTER NOT EXISTS { ?claim alkkg:evidenceDirection alkkg:DoesNotSupport }
  ?agent rdfs:label ?agentLabel .
  ?a rdfs:label ?activity .
  ?lv rdfs:label ?level .
  ?pub rdfs:label ?source .
}
ORDER BY ?agentLabel ?source
"""
)
"""The query the editor opens on: `agents-active-against` for G1202R without its contrary-claim
and knowledge-base columns, with only the prefixes it uses, short enough to read at a glance."""

SCRIPT = """
<script src="/static/yasgui/yasgui.min.js"></script>
<script>
const examples = EXAMPLES;
const initial = document.getElementById("example-query").textContent;
const base = BASE;
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: "/sparql", method: "POST" },
  copyEndpointOnNewTab: false, persistenceId: null,
});
yasgui.getTab().setQuery(initial);
function show(query) {
  const tab = yasgui.getTab();
  tab.setQuery(query);
  tab.query();
}
document.querySelectorAll("[data-example]").forEach(button => button.addEventListener("click",
  () => show(examples[Number(button.dataset.example)])));
document.getElementById("ask-example").addEventListener("click", () => show(initial));
document.getElementById("yasgui").addEventListener("click", event => {
  const link = event.target.closest("a");
  if (link && link.href.startsWith(base)) {
    event.preventDefault();
    window.location.href = "/" + link.href.slice(base.length);
  }
}, true);
function download(format) {
  const query = yasgui.getTab().getQuery();
  window.location.href = "/sparql?" + new URLSearchParams({ query, format });
}
</script>"""


def _script_json(data: object) -> str:
    """JSON inside a <script>: `</` written as `<\\/`, so no value can close the element."""
    return json.dumps(data).replace("</", "<\\/")


def query_page(examples: list[dict[str, str]], base: str) -> str:
    """YASGUI on /sparql opening on the G1202R question, the named queries as one-click
    examples, links to the pictures, and download buttons for the current query's results."""
    buttons = "".join(
        f'<button data-example="{i}" title="{escape(e["summary"])}">{escape(e["label"])}</button>'
        for i, e in enumerate(examples)
    )
    script = SCRIPT.replace(
        "EXAMPLES", _script_json([PREFIX_DECLARATIONS + e["query"] for e in examples])
    ).replace("BASE", _script_json(base))
    downloads = " ".join(
        f"<button onclick=\"download('{f}')\">{f.upper()}</button>"
        for f in ("json", "xml", "csv", "tsv")
    )
    body = f"""<h1>Ask the graph</h1>
<p class=lead>The editor holds a first question: <em>{escape(EXAMPLE_QUESTION)}</em>
<button id=ask-example>Ask it</button> (or press ▶). Result links open the resource pages.</p>
<p class=pictures>Pictures: <a href="/views/activity-matrix">the activity matrix</a> (each ALK
mutation against each inhibitor) · <a href="/views/hazard-ratios">hazard ratios</a> (every
trial's HRs with their confidence intervals)</p>
<p class=examples>Named queries (<a href="/api">all, with their parameters</a>): {buttons}</p>
<div id=yasgui></div><p>Download the results of the current query: {downloads}</p>
<pre id=example-query hidden>{escape(EXAMPLE)}</pre>{script}"""
    return page("SPARQL", body, '<link rel=stylesheet href="/static/yasgui/yasgui.min.css">')
