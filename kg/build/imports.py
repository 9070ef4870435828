"""`alkkg import FILE`: the external terms our graph references, and their ancestors.

An informatician asks "which of our agents does ChEBI class as a protein kinase inhibitor?". The
answer needs ChEBI's hierarchy, but not all of ChEBI: only the terms our mappings point at and
everything above them. This module reads an ontology in its published format (OBO through
fastobo; RDF/XML, Turtle, N-Triples, OWL/XML-free RDF through Oxigraph), keeps those terms and
their ancestors (through `rdfs:subClassOf`, including the fillers of existential restrictions
such as ChEBI's `has_role`), and stores them as N-Quads in the store's `imports/` folder, in a
named graph of their own. Every release the store writes (this command's, and every later
build's) loads the files there, so an import survives rebuilds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias, overload

import pyoxigraph as ox

from kg.errors import OntologyFileError
from kg.store import (
    Term,
    build_lock,
    default_graph_ntriples,
    open_store,
    release_files,
    release_info,
    select,
    source_graphs_nquads,
    write_release,
)
from kg.vocab import BASE
from kg.vocab import OBO as OBO_NAMESPACE

IMPORT_GRAPH = BASE + "graph/import/"
OBO = str(OBO_NAMESPACE)
NCIT_NATIVE = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
OWL_CLASS = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
RESTRICTION = ox.NamedNode("http://www.w3.org/2002/07/owl#Restriction")
ON_PROPERTY = ox.NamedNode("http://www.w3.org/2002/07/owl#onProperty")
SOME_VALUES = ox.NamedNode("http://www.w3.org/2002/07/owl#someValuesFrom")
DEFINITION = ox.NamedNode(OBO + "IAO_0000115")
SYNONYM = ox.NamedNode("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym")
MATCHES = [
    "http://www.w3.org/2004/02/skos/core#" + p
    for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
]
#: What may stand as a triple's subject (RDF 1.2 allows a quoted triple).
Subject: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Triple
RDF_FORMATS = {
    ".owl": ox.RdfFormat.RDF_XML,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


@dataclass
class ImportResult:
    name: str
    graph: str
    terms: int
    referenced: int
    triples: int
    path: Path


def obo_iri(curie: str, ontology: str) -> str:
    """The OBO Foundry IRI of an OBO identifier (`CHEBI:64310` -> .../obo/CHEBI_64310).

    An unprefixed identifier (a relation such as `has_role`) is local to its ontology, as the
    OBO 1.4 format's translation to OWL says: .../obo/<ontology>#has_role.
    """
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, colon, local = curie.partition(":")
    if not colon:
        return f"{OBO}{ontology}#{curie}"
    return f"{OBO}{prefix}_{local}"


def read_obo(path: Path) -> Iterator[ox.Triple]:
    """The terms of an OBO file as OWL triples (labels, definitions, synonyms, parents)."""
    import fastobo

    try:
        document = fastobo.load(str(path))
    except (SyntaxError, ValueError) as exc:
        raise OntologyFileError(f"{path}: not an OBO file: {exc}") from None
    ontology = next(
        (str(c.ontology) for c in document.header if type(c).__name__ == "OntologyClause"),
        path.stem,
    )
    for frame in document:
        if type(frame).__name__ != "TermFrame":
            continue
        term = ox.NamedNode(obo_iri(str(frame.id), ontology))
        yield ox.Triple(term, RDF_TYPE, OWL_CLASS)
        for clause in frame:
            kind = type(clause).__name__
            if kind == "NameClause":
                yield ox.Triple(term, LABEL, ox.Literal(str(clause.name)))
            elif kind == "DefClause":
                yield ox.Triple(term, DEFINITION, ox.Literal(str(clause.definition)))
            elif kind == "SynonymClause" and str(clause.synonym.scope) == "EXACT":
                yield ox.Triple(term, SYNONYM, ox.Literal(str(clause.synonym.desc)))
            elif kind == "IsAClause":
                yield ox.Triple(term, SUBCLASS, ox.NamedNode(obo_iri(str(clause.term), ontology)))
            elif kind == "RelationshipClause":
                restriction = ox.BlankNode()
                relation = ox.NamedNode(obo_iri(str(clause.typedef), ontology))
                filler = ox.NamedNode(obo_iri(str(clause.term), ontology))
                yield ox.Triple(term, SUBCLASS, restriction)
                yield ox.Triple(restriction, RDF_TYPE, RESTRICTION)
                yield ox.Triple(restriction, ON_PROPERTY, relation)
                yield ox.Triple(restriction, SOME_VALUES, filler)


def read_rdf(path: Path) -> Iterator[ox.Triple]:
    """An RDF ontology file; NCIt's native IRIs become the OBO Foundry ones our mappings use."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join([".obo", *RDF_FORMATS])
        raise OntologyFileError(f"{path}: unknown ontology format {path.suffix!r}; one of {known}")
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            yield ox.Triple(_normalise(quad.subject), quad.predicate, _normalise(quad.object))
    except SyntaxError as exc:
        raise OntologyFileError(f"{path}: {exc}") from None


@overload
def _normalise(term: Subject) -> Subject: ...
@overload
def _normalise(term: Term) -> Term: ...
def _normalise(term: Term) -> Term:
    """NCIt's native IRI of a concept as its OBO Foundry IRI; any other term as it is (so a
    subject stays a subject, which the overloads tell the type checker)."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(NCIT_NATIVE):
        code = term.value.removeprefix(NCIT_NATIVE)
        if re.fullmatch(r"C\d+", code):
            return ox.NamedNode(f"{OBO}NCIT_{code}")
    return term


def read_ontology(path: Path) -> list[ox.Triple]:
    if not path.is_file():
        raise OntologyFileError(f"{path}: no such file")
    return list(read_obo(path) if path.suffix.lower() == ".obo" else read_rdf(path))


def referenced_terms(store: ox.Store) -> set[str]:
    """External IRIs our graph points at: mapping targets, and external superclasses."""
    values = " ".join(f"<{p}>" for p in [*MATCHES, str(SUBCLASS.value)])
    query = f"""SELECT DISTINCT ?o WHERE {{
      VALUES ?p {{ {values} }} ?s ?p ?o .
      FILTER(isIRI(?o) && !STRSTARTS(STR(?o), "{BASE}"))
    }}"""
    return {row[0].value for row in select(store, query)}


def ancestors_closure(triples: Iterable[ox.Triple], seeds: set[str]) -> list[ox.Triple]:
    """The triples about the seed terms and every term above them.

    "Above" follows `rdfs:subClassOf` to named classes and into existential restrictions
    (`owl:someValuesFrom` fillers, e.g. ChEBI roles), so a role's own hierarchy comes too.
    """
    about: dict[Subject, list[ox.Triple]] = {}
    for triple in triples:
        about.setdefault(triple.subject, []).append(triple)
    kept: list[ox.Triple] = []
    seen: set[ox.NamedNode | ox.BlankNode] = set()
    todo: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(s) for s in seeds]
    while todo:
        node = todo.pop()
        if node in seen or node not in about:
            continue
        seen.add(node)
        for triple in about[node]:
            kept.append(triple)
            follow = triple.predicate in (SUBCLASS, SOME_VALUES) or (
                isinstance(node, ox.BlankNode) and triple.predicate == ON_PROPERTY
            )
            if follow and isinstance(triple.object, ox.NamedNode | ox.BlankNode):
                todo.append(triple.object)
    return kept


def extract_module(triples: list[ox.Triple], seeds: set[str]) -> tuple[list[ox.Triple], int]:
    """The triples about the `seeds` (`referenced_terms`) an ontology defines and about their
    ancestors; and how many of the seeds it defines."""
    present = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    referenced = seeds & present
    return ancestors_closure(triples, referenced), len(referenced)


def import_ontology(store_path: Path, path: Path, name: str | None = None) -> ImportResult:
    """Keep what our graph references of the ontology at `path`; write a release with it."""
    name = name or re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-").lower()
    if not name:
        raise OntologyFileError(f"{path}: give the import a --name")
    triples = read_ontology(path)
    with build_lock(store_path):
        store = open_store(store_path)
        seeds = referenced_terms(store)
        kept, referenced = extract_module(triples, seeds)
        if not referenced:
            raise OntologyFileError(
                f"{path}: none of the {len(seeds)} external terms the graph references is "
                "defined in this file; nothing to import"
            )
        graph = ox.NamedNode(IMPORT_GRAPH + name)
        imports = store_path / "imports"
        imports.mkdir(exist_ok=True)
        target = imports / f"{name}.nq"
        partial = imports / f".{name}.nq.partial"
        quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in kept)
        ox.serialize(quads, partial, format=ox.RdfFormat.N_QUADS)
        data = default_graph_ntriples(store)
        graphs = source_graphs_nquads(store)  # the new release keeps the source snapshots
        files = release_files(store_path)  # and their claim index
        info = release_info(store_path)
        del store
        previous = target.read_bytes() if target.exists() else None
        os.replace(partial, target)
        try:
            write_release(store_path, data, info, graphs, files)
        except BaseException:  # the current release did not change: nor does its import
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(previous)
            raise
    terms = {t.subject for t in kept if isinstance(t.subject, ox.NamedNode)}
    return ImportResult(name, graph.value, len(terms), referenced, len(kept), target)
