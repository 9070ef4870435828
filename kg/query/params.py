"""What people type, resolved to RDF terms; named queries prepared and run.

A parameter of an entity type (Variant, Substance, ClinicalTrial) is resolved against the labels,
synonyms and registry ids in the graph, so `LDK378` finds ceritinib and an unknown name fails
with the closest known names. The resolved term is bound with a VALUES block at the top of the
query's WHERE clause, which means the same on every SPARQL 1.1 engine (unlike engine-specific
pre-binding, which may apply after FILTERs).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.formats.results import Results, text
from kg.names import AmbiguousName, NameIndex, UnknownName
from kg.prefixes import obo_iri
from kg.query.named import NamedQuery, Param, bind, get_named_query
from kg.query.run import Source, run_select
from kg.vocab import ALKKG

_NAMES_QUERY = """
SELECT ?s ?name WHERE {
  ?s a CLASS .
  { ?s rdfs:label ?name } UNION { ?s skos:altLabel ?name } UNION { ?s alkkg:registryId ?name }
}"""


def name_index(store: Source, type_name: str) -> NameIndex:
    """All names of the things of one class in the graph."""
    index = NameIndex(_KIND_WORDS.get(type_name, type_name))
    query = _NAMES_QUERY.replace("CLASS", str(ox.NamedNode(str(ALKKG[type_name]))))
    for thing, name in run_select(store, query).rows:
        index.add(text(thing), [text(name)])
    return index


_KIND_WORDS = {
    "Variant": "mutation",
    "Substance": "drug",
    "ClinicalTrial": "trial",
    "ResistanceMechanism": "mechanism",
}


def resolve(store: Source, param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for, or a QueryError with suggestions."""
    if param.type == "number":
        try:
            float(raw)
        except ValueError:
            raise QueryError(f"parameter {param.name!r} must be a number, got {raw!r}") from None
        return ox.Literal(raw, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    if param.type == "text":
        return ox.Literal(raw)
    try:
        if param.type == "ExternalClass":
            return ox.NamedNode(external_class(store, raw))
        return ox.NamedNode(name_index(store, param.type).lookup(raw))
    except (UnknownName, AmbiguousName) as exc:
        raise QueryError(str(exc)) from None


_IMPORTED_LABELS = """
SELECT ?c ?name WHERE { GRAPH ?g { ?c rdfs:label ?name } FILTER(STRSTARTS(STR(?g), "GRAPHS")) }"""


def external_class(store: Source, raw: str) -> str:
    """An imported ontology's class: an IRI, an OBO CURIE (CHEBI:37699) or its label."""
    from kg.build.imports import IMPORT_GRAPH

    given = raw.strip().strip("<>")
    if given.startswith(("http://", "https://")):
        return given
    iri = obo_iri(given)
    if iri is not None:
        return iri
    index = NameIndex("imported class")
    for term, name in run_select(store, _IMPORTED_LABELS.replace("GRAPHS", IMPORT_GRAPH)).rows:
        index.add(text(term), [text(name)])
    return index.lookup(given)


def prepare(store: Source, name: str, params: dict[str, str]) -> tuple[NamedQuery, str]:
    """Check and resolve the parameters; return the query and its bound text."""
    query = get_named_query(name)
    for key in params:
        query.param(key)
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.params:
        raw = params.get(param.name)
        if raw is None or raw == "":
            if param.required:
                raise QueryError(
                    f"query {name!r} needs --param {param.name}=... ({param.description})"
                )
            continue
        bindings[param.name] = resolve(store, param, raw)
    return query, bind(query, bindings)


def run_named(store: Source, name: str, params: dict[str, str]) -> Results:
    """Prepare a named query with `params` and run it."""
    _, text = prepare(store, name, params)
    return run_select(store, text)
