"""The graph's namespaces. Ontology terms and resources live in separate namespaces."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/alkkg/"
ALKKG = Namespace(BASE + "ontology/")
"""Classes, properties and controlled individuals (endpoints, units, evidence kinds, ...)."""
ID = Namespace(BASE + "id/")
"""Resources: agents, genes, variants, trials, claims, publications."""
BIBO = Namespace("http://purl.org/ontology/bibo/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SSSOM = Namespace("https://w3id.org/sssom/")
OBO = Namespace("http://purl.obolibrary.org/obo/")

ONTOLOGY_IRI = BASE + "ontology"
GRAPH_IRI = BASE + "graph"

PREFIXES: dict[str, str] = {
    "alkkg": str(ALKKG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "bibo": str(BIBO),
    "obo": str(OBO),
    "sssom": str(SSSOM),
    "void": "http://rdfs.org/ns/void#",
}

PREFIX_DECLARATIONS = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
"""The prefixes as SPARQL declarations, for engines and editors that do not predeclare them."""

__all__ = [
    "ALKKG",
    "BIBO",
    "DCTERMS",
    "ID",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "SSSOM",
    "XSD",
]
