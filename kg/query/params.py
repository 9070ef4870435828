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
from kg.query.native import native_select
from kg.query.paging import REMOTE_ORDER_KEYS, Page, paged
from kg.query.run import Source, run_select, select_solutions
from kg.vocab import ALKKG

EVERY_ROW = Page()

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


class Names:
    """The name indexes of one store that does not change, each built at its first use.

    Building an index reads every name of its class: 0.1–1 s at 100× the graph, paid by every
    anchored named query if built per request. A server's worker keeps one `Names` per release
    it has open (a release never changes); a store that can change (an update) must not.
    """

    def __init__(self) -> None:
        self._indexes: dict[str, NameIndex] = {}

    def index(self, store: Source, type_name: str) -> NameIndex:
        if type_name not in self._indexes:
            self._indexes[type_name] = name_index(store, type_name)
        return self._indexes[type_name]


def resolve(
    store: Source, param: Param, raw: str, names: Names | None = None
) -> ox.NamedNode | ox.Literal:
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
        index = names.index(store, param.type) if names else name_index(store, param.type)
        return ox.NamedNode(index.lookup(raw))
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


def prepare(
    store: Source, name: str, params: dict[str, str], names: Names | None = None
) -> tuple[NamedQuery, str]:
    """Check and resolve the parameters (with `names`' indexes if given); return the query and
    its bound text."""
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
        bindings[param.name] = resolve(store, param, raw, names)
    return query, bind(query, bindings)


def run_named(store: Source, name: str, params: dict[str, str], page: Page = EVERY_ROW) -> Results:
    """Prepare a named query with `params` and run it (one page of it, if `page` says so)."""
    return run_page(store, name, params, page)[0]


def run_page(store: Source, name: str, params: dict[str, str], page: Page) -> tuple[Results, bool]:
    """One page of a named query's rows, and whether another page follows.

    The page's query asks for one row past the page (`kg.query.paging.paged`); that row is
    dropped here, and only tells that there is more.
    """
    _, text = prepare(store, name, params)
    remote = not isinstance(store, ox.Store)
    results = run_select(store, paged(text, page, REMOTE_ORDER_KEYS if remote else None))
    if page.limit is not None and len(results.rows) > page.limit:
        return Results(results.variables, results.rows[: page.limit]), True
    return results, False


def page_bytes(
    store: ox.Store, name: str, params: dict[str, str], page: Page, fmt: str
) -> tuple[bytes, bool]:
    """`run_page` on the embedded store, written by the engine in `fmt` (one of
    `kg.query.native.NATIVE`): the bytes the HTTP API sends for the same page."""
    _, text = prepare(store, name, params)
    return native_select(select_solutions(store, paged(text, page)), fmt, page.limit)
