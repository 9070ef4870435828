"""The VoID description of the graph: what it holds and where to get it."""

from __future__ import annotations

import pyoxigraph as ox

from kg import __version__
from kg.vocab import PREFIXES

_CLASSES = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
_TOTALS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
             (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }"""
_LINKS = """
SELECT ?p ?target (COUNT(*) AS ?n) WHERE {
  VALUES ?p { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
              skos:relatedMatch owl:sameAs owl:equivalentClass }
  ?s ?p ?o .
  FILTER (isIRI(?o) && !STRSTARTS(STR(?o), "https://w3id.org/alkkg/"))
  BIND (IF(STRSTARTS(STR(?o), "https://doi.org/"), "https://doi.org/",
           REPLACE(STR(?o), "[^/#:_=]+$", "")) AS ?target)
} GROUP BY ?p ?target ORDER BY ?p ?target"""
VOCABULARIES = [
    "https://w3id.org/alkkg/ontology/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://purl.org/ontology/bibo/",
    "http://www.w3.org/2002/07/owl#",
]


def void_description(store: ox.Store, endpoint: str, dump: str) -> bytes:
    """Counts, class and property partitions, vocabularies used, link sets to other datasets
    (one per link predicate and target namespace), the endpoint and the dump."""
    totals = next(iter(store.query(_TOTALS)))
    dataset = ox.NamedNode("https://w3id.org/alkkg/dataset")
    void = "http://rdfs.org/ns/void#"
    triples = [
        ox.Triple(dataset, ox.NamedNode(f"{PREFIXES['rdf']}type"), ox.NamedNode(f"{void}Dataset")),
        ox.Triple(
            dataset,
            ox.NamedNode("http://purl.org/dc/terms/title"),
            ox.Literal("alkkg: knowledge graph of ALK-positive NSCLC"),
        ),
        ox.Triple(
            dataset, ox.NamedNode("http://purl.org/dc/terms/hasVersion"), ox.Literal(__version__)
        ),
        ox.Triple(dataset, ox.NamedNode(f"{void}sparqlEndpoint"), ox.NamedNode(endpoint)),
        ox.Triple(dataset, ox.NamedNode(f"{void}dataDump"), ox.NamedNode(dump)),
        ox.Triple(
            dataset, ox.NamedNode(f"{void}uriSpace"), ox.Literal("https://w3id.org/alkkg/id/")
        ),
        ox.Triple(dataset, ox.NamedNode(f"{void}triples"), totals["triples"]),
        ox.Triple(dataset, ox.NamedNode(f"{void}distinctSubjects"), totals["subjects"]),
        ox.Triple(dataset, ox.NamedNode(f"{void}distinctObjects"), totals["objects"]),
    ]
    for vocabulary in VOCABULARIES:
        triples.append(
            ox.Triple(dataset, ox.NamedNode(f"{void}vocabulary"), ox.NamedNode(vocabulary))
        )
    for kind, query, key in (
        ("classPartition", _CLASSES, "class"),
        ("propertyPartition", _PROPERTIES, "property"),
    ):
        for row in store.query(query):
            node = ox.BlankNode()
            term = row[0]
            triples += [
                ox.Triple(dataset, ox.NamedNode(f"{void}{kind}"), node),
                ox.Triple(node, ox.NamedNode(f"{void}{key}"), term),
                ox.Triple(
                    node,
                    ox.NamedNode(f"{void}{'entities' if key == 'class' else 'triples'}"),
                    row[1],
                ),
            ]
    for row in store.query(_LINKS, prefixes=PREFIXES):
        linkset = ox.BlankNode()
        triples += [
            ox.Triple(dataset, ox.NamedNode(f"{void}subset"), linkset),
            ox.Triple(
                linkset, ox.NamedNode(f"{PREFIXES['rdf']}type"), ox.NamedNode(f"{void}Linkset")
            ),
            ox.Triple(linkset, ox.NamedNode(f"{void}linkPredicate"), row["p"]),
            ox.Triple(
                linkset, ox.NamedNode(f"{void}objectsTarget"), ox.NamedNode(row["target"].value)
            ),
            ox.Triple(linkset, ox.NamedNode(f"{void}triples"), row["n"]),
        ]
    prefixes = {"void": void, "dcterms": "http://purl.org/dc/terms/", **PREFIXES}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
