"""KGX (Biolink Model) nodes/edges TSV, for the Translator and Monarch tools.

KGX wants CURIE ids whose local part has no `/` and whose prefix is in the Biolink context. Our
IRIs are `https://w3id.org/alkkg/id/<kind>/<name>`, so each kind gets a prefix of its own
(`alkkg.agent:lorlatinib`, `alkkg.claim:000-activity-...`; `kg.prefixes.KGX_PREFIXES` expands
them back). Those prefixes are not in the Biolink context (nor registered anywhere yet), so a
validator has to be told about them; everything else follows Biolink 4.4.6. Publications use
`PMID:`/`doi:` when the graph has them (a DOI only as `xref`: KGX refuses a `/` in a CURIE). The
cross-references (skos:exactMatch/closeMatch) become `xref`, so Translator's node normaliser can
merge our nodes with theirs.

Edges are the claims that have a Biolink predicate (each edge's id is its claim), plus the
variant-gene links. Claims flagged as a source's error are left out: they say what the paper
says, not what is so. Activity `not tested` has no edge; `reduced` is written as resistance with
the exact level kept in `alkkg_activity`. A claim read from CIViC has CIViC as its primary
knowledge source (and us as aggregator), its CIViC level and evidence id in `alkkg_evidence_*`; a
regimen claim (several agents, none alone) has no edge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import DataError
from kg.prefixes import external_curie, kgx_curie
from kg.query.lookup import GraphView
from kg.vocab import ALKKG, BIBO, ID, PROV, RDF, RDFS, SKOS

INFORES = "infores:alkkg"
"""Our knowledge source id. Not (yet) registered in the Translator infores catalogue."""
INFORES_CIVIC = "infores:civic"
"""CIViC's id in the Translator infores catalogue: the primary source of the claims read from
it (we aggregate them); their CIViC level and evidence id are in the `alkkg_evidence_*` columns."""

# Most specific first: the first class a node has decides its category.
CATEGORIES: list[tuple[str, list[str]]] = [
    (ALKKG.KinaseInhibitor, ["biolink:SmallMolecule"]),
    (ALKKG.ChemotherapyAgent, ["biolink:SmallMolecule"]),
    (ALKKG.CYP3AInhibitor, ["biolink:SmallMolecule"]),
    (ALKKG.CYP3AInducer, ["biolink:SmallMolecule"]),
    # Antibodies (checkpoint, VEGF), drug classes and foods: no finer Biolink class fits.
    (ALKKG.Substance, ["biolink:ChemicalEntity"]),
    (ALKKG.Gene, ["biolink:Gene"]),
    (ALKKG.Variant, ["biolink:SequenceVariant"]),
    (ALKKG.Disease, ["biolink:Disease"]),
    (ALKKG.ClinicalTrial, ["biolink:ClinicalTrial"]),
    (ALKKG.Publication, ["biolink:Article"]),
]

ACTIVITY_PREDICATES: dict[str, str] = {
    str(ALKKG.Sensitive): "biolink:associated_with_sensitivity_to",
    str(ALKKG.Resistant): "biolink:associated_with_resistance_to",
    str(ALKKG.Reduced): "biolink:associated_with_resistance_to",
}
"""Activity level -> predicate, variant to agent. alkkg:NotTested has none (no edge)."""

TARGET_PREDICATE = "biolink:directly_physically_interacts_with"
"""Target claims (agent inhibits kinase). Biolink has no `inhibits`; the qualified form
(`affects` + activity/decreased qualifiers) is left for when a consumer needs it."""

VARIANT_GENE_PREDICATE = "biolink:is_sequence_variant_of"

NODE_COLUMNS = ["id", "category", "name", "synonym", "xref", "iri", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "alkkg_activity",
    "alkkg_evidence_kind",
    "alkkg_locator",
    "alkkg_quote",
    "aggregator_knowledge_source",
    "alkkg_evidence_level",
    "alkkg_evidence_id",
]
LIST_COLUMNS = {
    "category",
    "synonym",
    "xref",
    "provided_by",
    "publications",
    "aggregator_knowledge_source",
}


@dataclass
class Kgx:
    """The two KGX tables, as rows of column -> value (lists for LIST_COLUMNS)."""

    nodes: list[dict[str, object]] = field(default_factory=list)
    edges: list[dict[str, object]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    """Claims with no edge, by reason (flagged source errors, not tested)."""


def _publication_curie(graph: GraphView, pub: ox.NamedNode) -> str:
    """PMID, else ours. Biolink prefers a DOI next, but every DOI has a `/`, which KGX's
    CURIE check refuses, so a DOI goes into the node's `xref` instead."""
    pmid = graph.value(pub, BIBO.pmid)
    return f"PMID:{pmid}" if pmid else kgx_curie(pub.value)


def build(store: ox.Store) -> Kgx:
    """The nodes and edges (sorted by id, so that two exports of one graph are identical)."""
    graph = GraphView(store)
    out = Kgx()
    node_ids: dict[str, str] = {}
    for cls, categories in CATEGORIES:
        for node in graph.instances(cls):
            if node.value in node_ids or not node.value.startswith(str(ID)):
                continue
            is_pub = cls == ALKKG.Publication
            node_id = _publication_curie(graph, node) if is_pub else kgx_curie(node.value)
            node_ids[node.value] = node_id
            xrefs = [
                external_curie(o.value)
                for p in (SKOS.exactMatch, SKOS.closeMatch)
                for o in graph.nodes(node, p)
            ]
            if is_pub:
                doi = graph.value(node, BIBO.doi)
                xrefs += [f"doi:{doi}"] if doi else []
                xrefs += [kgx_curie(node.value)] if node_id != kgx_curie(node.value) else []
            registry = graph.value(node, ALKKG.registryId)
            if registry and registry.startswith("NCT"):
                xrefs.append(f"CLINICALTRIALS:{registry}")
            out.nodes.append(
                {
                    "id": node_id,
                    "category": categories,
                    "name": graph.value(node, RDFS.label) or "",
                    "synonym": graph.texts(node, SKOS.altLabel),
                    "xref": sorted(set(xrefs)),
                    "iri": node.value,
                    "provided_by": [INFORES],
                }
            )

    skipped: defaultdict[str, int] = defaultdict(int)

    def edge(claim: ox.NamedNode, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode) -> dict:
        publication = ox.NamedNode(str(ALKKG.Publication))
        pubs = [
            p
            for p in graph.nodes(claim, PROV.wasDerivedFrom)
            if publication in graph.nodes(p, RDF.type)
        ]
        evidence = graph.value(claim, ALKKG.evidenceKind)
        level = graph.value(claim, ALKKG.evidenceLevel)
        from_civic = graph.value(claim, ALKKG.knowledgeBase) == str(ALKKG.CIViC)
        return {
            "id": kgx_curie(claim.value),
            "subject": node_ids[subject.value],
            "predicate": predicate,
            "object": node_ids[obj.value],
            "knowledge_level": "knowledge_assertion",
            "agent_type": "manual_agent",
            "primary_knowledge_source": INFORES_CIVIC if from_civic else INFORES,
            "aggregator_knowledge_source": [INFORES] if from_civic else [],
            "alkkg_evidence_level": kgx_curie(level) if level else "",
            "alkkg_evidence_id": graph.value(claim, ALKKG.evidenceId) or "",
            "publications": [_publication_curie(graph, p) for p in pubs],
            "alkkg_activity": "",
            "alkkg_evidence_kind": kgx_curie(evidence) if evidence else "",
            "alkkg_locator": graph.value(claim, ALKKG.locator) or "",
            "alkkg_quote": graph.value(claim, ALKKG.quote) or "",
        }

    def flagged(claim: ox.NamedNode) -> bool:
        return graph.value(claim, ALKKG.flaggedAsSourceError) == "true"

    for claim in graph.instances(ALKKG.ActivityClaim):
        if flagged(claim):
            skipped["flagged as a source error"] += 1
            continue
        level = graph.value(claim, ALKKG.activity)
        if level not in ACTIVITY_PREDICATES:
            skipped[f"activity {kgx_curie(level or '')}"] += 1
            continue
        for variant in graph.nodes(claim, ALKKG.variant):
            for agent in graph.nodes(claim, ALKKG.agent):
                row = edge(claim, variant, ACTIVITY_PREDICATES[level], agent)
                row["alkkg_activity"] = kgx_curie(level)
                out.edges.append(row)
    for claim in graph.instances(ALKKG.TargetClaim):
        if flagged(claim):
            skipped["flagged as a source error"] += 1
            continue
        for agent in graph.nodes(claim, ALKKG.agent):
            for target in graph.nodes(claim, ALKKG.target):
                out.edges.append(edge(claim, agent, TARGET_PREDICATE, target))
    for variant_iri, variant_id in sorted(node_ids.items()):
        variant = ox.NamedNode(variant_iri)
        for gene in graph.nodes(variant, ALKKG.gene):
            if gene.value not in node_ids:
                continue
            gene_id = node_ids[gene.value]
            out.edges.append(
                {
                    "id": f"{variant_id}--is_sequence_variant_of--{gene_id.split(':', 1)[1]}",
                    "subject": variant_id,
                    "predicate": VARIANT_GENE_PREDICATE,
                    "object": gene_id,
                    "knowledge_level": "knowledge_assertion",
                    "agent_type": "manual_agent",
                    "primary_knowledge_source": INFORES,
                }
            )
    out.edges.sort(key=lambda e: (str(e["id"]), str(e["subject"]), str(e["object"])))
    out.nodes.sort(key=lambda n: str(n["id"]))
    out.skipped = dict(skipped)
    return out


def _cell(column: str, value: object) -> str:
    """One TSV cell. KGX reads with QUOTE_NONE and turns tabs and newlines into spaces."""
    if value is None:
        return ""
    if column in LIST_COLUMNS:
        items = [str(v) for v in value]  # type: ignore[attr-defined]
        if any("|" in item for item in items):
            raise DataError(f"KGX list column {column!r}: a value contains '|': {items}")
        text = "|".join(items)
    else:
        text = str(value)
    return " ".join(text.replace("\t", " ").splitlines())


def to_tsv(rows: list[dict[str, object]], columns: list[str]) -> str:
    """Rows as a KGX TSV table (header line, one line a row, `|` between list items)."""
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(c, row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def write(store: ox.Store, directory: Path) -> Kgx:
    """Write `nodes.tsv` and `edges.tsv` into directory (created if needed)."""
    kgx = build(store)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "nodes.tsv").write_text(to_tsv(kgx.nodes, NODE_COLUMNS))
    (directory / "edges.tsv").write_text(to_tsv(kgx.edges, EDGE_COLUMNS))
    return kgx
