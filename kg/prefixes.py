"""The one prefix map of alkkg, and the CURIE converters built from it (the `curies` library).

Every place that writes or reads a CURIE (the query table, validation reports, JSON-LD, KGX,
VA-Spec, the SSSOM mapping set) takes its prefixes from here, so a prefix means one thing.
"""

from __future__ import annotations

import curies

from kg.vocab import ID, PREFIXES, SH

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

graph_converter = curies.Converter.from_prefix_map(GRAPH_PREFIXES)
external_converter = curies.Converter.from_prefix_map(EXTERNAL_PREFIXES)
