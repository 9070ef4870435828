"""The one prefix map of alkkg, and the CURIE converters built from it (the `curies` library).

Every place that writes or reads a CURIE (the query table, validation reports, JSON-LD, KGX,
VA-Spec, the SSSOM mapping set) takes its prefixes and its converter from here, so a prefix means
one thing and no other module walks a prefix map by hand. There is one converter per purpose,
because the purposes want different prefixes for the same IRI: the graph's own (`id:agent/x`, as
SPARQL and Turtle write it), KGX's (`alkkg.agent:x`, a local part without `/`), JSON-LD's
(`NCIT:C74061` besides `obo:`).
"""

from __future__ import annotations

import curies
from curies import ReferenceTuple

from kg.vocab import ALKKG, ID, OBO, PREFIXES, SH

EXTERNAL_PREFIXES: dict[str, str] = {
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "CHEMBL.COMPOUND": "http://identifiers.org/chembl.compound/",
    "DRUGBANK": "http://identifiers.org/drugbank/",
    "PUBCHEM.COMPOUND": "http://identifiers.org/pubchem.compound/",
    "WIKIDATA": "https://www.wikidata.org/entity/",
    "HGNC": "http://identifiers.org/hgnc/",
    "NCBIGene": "http://identifiers.org/ncbigene/",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "DBSNP": "http://identifiers.org/dbsnp/",
    "CAID": "http://reg.clinicalgenome.org/redmine/projects/registry/genboree_registry/by_caid?caid=",
    "CLINICALTRIALS": "http://identifiers.org/clinicaltrials/",
    "PMID": "http://www.ncbi.nlm.nih.gov/pubmed/",
    "doi": "https://doi.org/",
    "clinvar.variation": "https://www.ncbi.nlm.nih.gov/clinvar/variation/",
    "civic.vid": "https://civicdb.org/links/variant/",
    "civic.tid": "https://civicdb.org/links/drugs/",
    "civic.did": "https://civicdb.org/links/diseases/",
    "civic.gid": "https://civicdb.org/links/gene/",
}
"""The external identifier schemes the graph maps to: Biolink's prefixes (biolink-model 4.4.6),
bioregistry's where Biolink has none. The SSSOM mapping set's `curie_map` must agree."""

MAPPING_PREFIXES: dict[str, str] = {
    "alkkg.id": str(ID),
    "skos": PREFIXES["skos"],
    "semapv": "https://w3id.org/semapv/vocab/",
}
"""The mapping set's own prefixes besides the external schemes."""

GRAPH_PREFIXES: dict[str, str] = PREFIXES | {"sh": str(SH)}
"""The graph's vocabularies and resources, as SPARQL and Turtle declare them."""

RESOURCE_KINDS = (
    "adverse-event", "agency", "agent", "claim", "correction", "disease", "gene",
    "mechanism", "omission", "publication", "substance", "trial", "variant",
)  # fmt: skip
"""The kinds of resource under `https://w3id.org/alkkg/id/<kind>/<name>`."""

KGX_PREFIXES: dict[str, str] = {f"alkkg.{kind}": f"{ID}{kind}/" for kind in RESOURCE_KINDS} | {
    "alkkg": str(ALKKG)
}
"""Our prefixes in KGX: one a kind, as KGX wants no `/` in a CURIE's local part. Neither Biolink
nor any registry knows them, so a KGX validator has to be told about them."""

JSONLD_PREFIXES: dict[str, str] = PREFIXES | {
    "vann": "http://purl.org/vocab/vann/",
    # OBO Foundry identifiers as `NCIT:C74061`: these namespaces end in `_`, so JSON-LD 1.1
    # needs `@prefix: true` for a processor to compact with them (expansion works regardless).
    **{prefix: EXTERNAL_PREFIXES[prefix] for prefix in ("NCIT", "CHEBI", "MONDO", "DOID")},
    "SO": f"{OBO}SO_",
    "HP": f"{OBO}HP_",
}
"""The published JSON-LD @context's prefixes: the graph's, and those of the namespaces the
ontology's annotations and the cross-references (skos:*Match) use."""

graph_converter = curies.Converter.from_prefix_map(GRAPH_PREFIXES)
"""Short names for people (the query table, validation reports): `id:agent/lorlatinib`."""
external_converter = curies.Converter.from_prefix_map(EXTERNAL_PREFIXES)
"""The external schemes' CURIEs (KGX xrefs, VA-Spec codings): `NCIT:C74061`."""
kgx_converter = curies.Converter.from_prefix_map(KGX_PREFIXES)
"""Our IRIs as KGX ids: `alkkg.agent:lorlatinib`."""
jsonld_converter = curies.Converter.from_prefix_map(JSONLD_PREFIXES)
"""The JSON-LD context's prefixes, for the context's own term definitions."""


def short_name(iri: str) -> str:
    """An IRI as the graph's CURIE (`alkkg:Agent`, `id:agent/lorlatinib`), or itself."""
    return graph_converter.compress(iri, passthrough=True)


def external_reference(iri: str) -> ReferenceTuple | None:
    """An external identifier's (prefix, local id): a known scheme, else any OBO Foundry term
    (`.../obo/SO_0001583` is `SO:0001583`: the OBO PURL pattern names its ontology, which no
    prefix map can list in full); None for an IRI in no scheme we know."""
    reference = external_converter.parse_uri(iri)
    if reference is not None:
        return reference
    prefix, underscore, local = iri.removeprefix(str(OBO)).partition("_")
    if iri.startswith(str(OBO)) and underscore and "/" not in prefix:
        return ReferenceTuple(prefix, local)
    return None


def external_curie(iri: str) -> str:
    """A cross-reference IRI as the CURIE Biolink expects, or the IRI if we know no scheme."""
    reference = external_reference(iri)
    return reference.curie if reference is not None else iri


def kgx_curie(iri: str) -> str:
    """Our IRI as a KGX id (`alkkg.agent:lorlatinib`); any other as `external_curie` gives."""
    reference = kgx_converter.parse_uri(iri)
    if reference is not None and "/" not in reference.identifier:
        return reference.curie
    return external_curie(iri)


def obo_iri(curie: str) -> str | None:
    """An OBO Foundry CURIE's PURL (`CHEBI:37699`, any case of prefix -> .../obo/CHEBI_37699);
    None for text that is not one."""
    prefix, colon, local = curie.partition(":")
    if colon and prefix.isalnum() and local.isalnum():
        return f"{OBO}{prefix.upper()}_{local}"
    return None
