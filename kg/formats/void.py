"""The VoID description of the graph: what it holds and where to get it."""

from __future__ import annotations

import pyoxigraph as ox

from kg import __version__
from kg.formats.rdf import written
from kg.formats.results import Term
from kg.query.run import select_solutions
from kg.vocab import PREFIXES

VOID = "http://rdfs.org/ns/void#"
DATASET = "https://w3id.org/alkkg/dataset"
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")

_CLASSES = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
_TOTALS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
             (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }"""
_SCHEME = """IF(STRSTARTS(STR(?o), "https://doi.org/"), "https://doi.org/",
                REPLACE(STR(?o), "[^/#:_=]+$", ""))"""
"""An identifier's scheme: its IRI up to the local part (DOIs as one scheme)."""
_LINKS = f"""
SELECT ?p ?target (COUNT(*) AS ?n) WHERE {{
  VALUES ?p {{ skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
              skos:relatedMatch owl:sameAs owl:equivalentClass }}
  ?s ?p ?o .
  FILTER (isIRI(?o) && !STRSTARTS(STR(?o), "https://w3id.org/alkkg/"))
  BIND ({_SCHEME} AS ?target)
}} GROUP BY ?p ?target ORDER BY ?p ?target"""
_MAPPINGS_BY_CLASS = f"""
SELECT ?class ?predicate ?scheme (COUNT(DISTINCT ?s) AS ?entities) (COUNT(*) AS ?links) WHERE {{
  VALUES ?predicate {{ skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
                      skos:relatedMatch }}
  ?s ?predicate ?o ; a ?class .
  BIND ({_SCHEME} AS ?scheme)
}} GROUP BY ?class ?predicate ?scheme"""
_CLASS_SIZES = """SELECT ?class (COUNT(?member) AS ?n)
WHERE { VALUES ?class { CLASSES } ?member a ?class } GROUP BY ?class"""
VOCABULARIES = [
    "https://w3id.org/alkkg/ontology/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://purl.org/ontology/bibo/",
    "http://www.w3.org/2002/07/owl#",
    VOID,
]


def _void(subject: ox.NamedNode | ox.BlankNode, name: str, value: Term) -> ox.Triple:
    """A statement whose predicate is the VoID property `name`."""
    return ox.Triple(subject, ox.NamedNode(VOID + name), value)


def mapping_statistics(store: ox.Store) -> list[ox.Triple]:
    """How many entities of each class have an identifier in each external scheme, as VoID.

    The build stores these in the graph, so that `mapping-coverage` reads them rather than
    counting every mapping by the types of its subject at each request (about 150 ms at 100x the
    real graph), and so that they travel with the graph (`alkkg push`, the dump):

        <dataset> void:classPartition _:c .
        _:c void:class alkkg:Agent ; void:entities 29 .
        _:l a void:Linkset ; void:subjectsTarget _:c ; void:linkPredicate skos:exactMatch ;
            void:objectsTarget [ void:uriSpace "http://purl.obolibrary.org/obo/NCIT_" ] ;
            void:distinctSubjects 20 ; void:triples 20 .

    One link set per class of the mapped entities (every class, the inferred ones too), mapping
    predicate and scheme (the identifier's IRI up to its local part; DOIs as one scheme).
    """
    rows = list(select_solutions(store, _MAPPINGS_BY_CLASS))
    if not rows:
        return []
    classes = {row["class"] for row in rows}
    sizes = select_solutions(store, _CLASS_SIZES.replace("CLASSES", " ".join(map(str, classes))))
    partitions: dict[Term, ox.BlankNode] = {}
    targets: dict[str, ox.BlankNode] = {}
    triples: list[ox.Triple] = []
    dataset = ox.NamedNode(DATASET)
    for cls, count in sizes:
        partitions[cls] = ox.BlankNode()
        triples += [
            _void(dataset, "classPartition", partitions[cls]),
            _void(partitions[cls], "class", cls),
            _void(partitions[cls], "entities", count),
        ]
    for row in rows:
        scheme = row["scheme"].value
        if scheme not in targets:
            targets[scheme] = ox.BlankNode()
            triples.append(_void(targets[scheme], "uriSpace", ox.Literal(scheme)))
        linkset = ox.BlankNode()
        triples += [
            ox.Triple(linkset, RDF_TYPE, ox.NamedNode(VOID + "Linkset")),
            _void(linkset, "subjectsTarget", partitions[row["class"]]),
            _void(linkset, "linkPredicate", row["predicate"]),
            _void(linkset, "objectsTarget", targets[scheme]),
            _void(linkset, "distinctSubjects", row["entities"]),
            _void(linkset, "triples", row["links"]),
        ]
    return triples


def void_description(store: ox.Store, endpoint: str, dump: str) -> bytes:
    """Counts, class and property partitions, vocabularies used, link sets to other datasets
    (one per link predicate and target namespace), the endpoint and the dump."""
    totals = next(iter(select_solutions(store, _TOTALS)))
    dataset = ox.NamedNode(DATASET)
    triples = [
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(
            dataset,
            ox.NamedNode("http://purl.org/dc/terms/title"),
            ox.Literal("alkkg: knowledge graph of ALK-positive NSCLC"),
        ),
        ox.Triple(
            dataset, ox.NamedNode("http://purl.org/dc/terms/hasVersion"), ox.Literal(__version__)
        ),
        _void(dataset, "sparqlEndpoint", ox.NamedNode(endpoint)),
        _void(dataset, "dataDump", ox.NamedNode(dump)),
        _void(dataset, "uriSpace", ox.Literal("https://w3id.org/alkkg/id/")),
        _void(dataset, "triples", totals["triples"]),
        _void(dataset, "distinctSubjects", totals["subjects"]),
        _void(dataset, "distinctObjects", totals["objects"]),
    ]
    triples += [_void(dataset, "vocabulary", ox.NamedNode(v)) for v in VOCABULARIES]
    for kind, query, key, count in (
        ("classPartition", _CLASSES, "class", "entities"),
        ("propertyPartition", _PROPERTIES, "property", "triples"),
    ):
        for term, n in select_solutions(store, query):
            node = ox.BlankNode()
            triples += [_void(dataset, kind, node), _void(node, key, term), _void(node, count, n)]
    for row in select_solutions(store, _LINKS):
        linkset = ox.BlankNode()
        triples += [
            _void(dataset, "subset", linkset),
            ox.Triple(linkset, RDF_TYPE, ox.NamedNode(VOID + "Linkset")),
            _void(linkset, "linkPredicate", row["p"]),
            _void(linkset, "objectsTarget", ox.NamedNode(row["target"].value)),
            _void(linkset, "triples", row["n"]),
        ]
    return written(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
