"""Named queries: read `queries/<name>.rq`, resolve what people type, bind, run, format.

A named query's header declares its parameters:

    # summary: Agents with evidence of activity against a mutation.
    # param: mutation Variant required  The mutation: G1202R, p.Gly1202Arg, ALK G1202R
    # example: alkkg query agents-active-against --param mutation=G1202R

A parameter of an entity type (Variant, Substance, ClinicalTrial) is resolved against the labels,
synonyms and registry ids in the graph, so `LDK378` finds ceritinib and an unknown name fails
with the closest known names. The resolved RDF term is bound with a VALUES block at the top of
the query's WHERE clause: user text never reaches the query text, and the binding means the same
on every SPARQL 1.1 engine (unlike engine-specific pre-binding, which may apply after FILTERs).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.names import AmbiguousName, NameIndex, UnknownName
from kg.remote import RemoteEndpoint
from kg.resources import queries_dir
from kg.results import serialize_select
from kg.vocab import ALKKG, PREFIXES

ENTITY_TYPES = {"Variant", "Substance", "ClinicalTrial", "Gene", "Disease", "ResistanceMechanism"}
LITERAL_TYPES = {"number", "text"}
EXTERNAL_TYPES = {"ExternalClass"}
"""A class of an imported ontology (`alkkg import`): by IRI, OBO CURIE or label."""
FORMATS = ("table", "csv", "tsv", "json")


Source = ox.Store | RemoteEndpoint
"""Where queries run: the embedded store or a remote SPARQL endpoint."""


class QueryError(ValueError):
    """A named query was asked for wrongly: unknown name, missing or bad parameter."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    text: str
    path: Path = field(compare=False)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


_PARAM = re.compile(r"^#\s*param:\s*(\S+)\s+(\S+)\s+(required|optional)\s*(.*)$")


def parse_named_query(path: Path) -> NamedQuery:
    """Read a .rq file and its comment header."""
    text = path.read_text(encoding="utf-8")
    summary, params, examples = "", [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        if line.startswith("# summary:"):
            summary = line.split(":", 1)[1].strip()
        elif line.startswith("# example:"):
            examples.append(line.split(":", 1)[1].strip())
        elif match := _PARAM.match(line):
            name, kind, required, description = match.groups()
            if kind not in ENTITY_TYPES | LITERAL_TYPES | EXTERNAL_TYPES:
                raise ValueError(f"{path}: parameter {name!r} has unknown type {kind!r}")
            params.append(Param(name, kind, required == "required", description.strip()))
    if not summary:
        raise ValueError(f"{path}: the header needs a '# summary:' line")
    return NamedQuery(path.stem, summary, tuple(params), tuple(examples), text, path)


@cache
def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    folder = folder or queries_dir()
    return {p.stem: parse_named_query(p) for p in sorted(folder.glob("*.rq"))}


def get_named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        index = NameIndex("named query")
        for known in queries:
            index.add(known, [known])
        try:
            index.lookup(name)
        except UnknownName as exc:
            raise QueryError(str(exc)) from None
    return queries[name]


# --- resolving what people type -------------------------------------------------------------

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
        index.add(thing.value, [name.value])
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
    from kg.imports import IMPORT_GRAPH, OBO

    text = raw.strip().strip("<>")
    if text.startswith(("http://", "https://")):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix.isalnum() and local.isalnum():
        return f"{OBO}{prefix.upper()}_{local}"
    index = NameIndex("imported class")
    for term, name in run_select(store, _IMPORTED_LABELS.replace("GRAPHS", IMPORT_GRAPH)).rows:
        index.add(term.value, [name.value])
    return index.lookup(text)


def bind(query: NamedQuery, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query text with one single-variable VALUES block per given parameter.

    The block goes into the outer WHERE and into every subquery that uses the variable: a
    subquery cannot see the outer bindings, so without its own block it would aggregate over
    the whole graph before the join keeps the rows for this one trial or drug. The meaning is
    the same; only the work shrinks. One block per variable (not one block with a row of
    several) because Virtuoso 7's compiler fails on a multi-variable VALUES row followed by an
    OPTIONAL.
    """
    if not bindings:
        return query.text
    text = query.text
    wheres = list(re.finditer(r"\bWHERE\s*\{", text, flags=re.IGNORECASE))
    if not wheres:
        raise ValueError(f"{query.path}: no WHERE clause to bind parameters in")
    for position, match in reversed(list(enumerate(wheres))):
        block = _braced(text, match.end() - 1)
        names = [n for n in bindings if position == 0 or re.search(rf"\?{n}\b", block)]
        values = "".join(f"\n  VALUES ?{name} {{ {bindings[name]} }}" for name in names)
        text = text[: match.end()] + values + text[match.end() :]
    return text


def _braced(text: str, opening: int) -> str:
    """The text of the brace group that opens at `opening` (query text, no braces in strings)."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[opening : index + 1]
    return text[opening:]


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


# --- results ---------------------------------------------------------------------------------


@dataclass
class Results:
    """A SELECT result: variable names and rows of RDF terms (None where unbound)."""

    variables: list[str]
    rows: list[list[Any]]


def run_select(store: Source, text: str) -> Results:
    """Run a SELECT on the embedded store or a remote endpoint."""
    if isinstance(store, RemoteEndpoint):
        return Results(*store.select(text))
    solutions = store.query(text, prefixes=PREFIXES)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be formatted as a table")
    variables = [v.value for v in solutions.variables]
    rows = [[solution[v] for v in variables] for solution in solutions]
    return Results(variables, rows)


def run_named(store: Source, name: str, params: dict[str, str]) -> Results:
    _, text = prepare(store, name, params)
    return run_select(store, text)


def _plain(term: Any) -> str:
    if term is None:
        return ""
    return str(term.value)


def format_results(results: Results, fmt: str, *, width: int = 60) -> str:
    """table (for people), csv / tsv (plain values), json (W3C SPARQL 1.1 results JSON)."""
    if fmt == "json":
        return serialize_select(results.variables, results.rows, "json")[0].decode()
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows([_plain(t) for t in row] for row in results.rows)
        return buffer.getvalue()
    if fmt == "table":
        return _table(results, width)
    raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def _short(term: Any) -> str:
    text = _plain(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and isinstance(term, ox.NamedNode):
            return f"{prefix}:{text[len(namespace) :]}"
    return " ".join(text.split())


def _table(results: Results, width: int) -> str:
    cells = [[_short(t) for t in row] for row in results.rows]
    widths = [
        min(width, max([len(v), *(len(r[i]) for r in cells)]))
        for i, v in enumerate(results.variables)
    ]

    def line(values: list[str]) -> str:
        clipped = [
            v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=True)
        ]
        return " | ".join(c.ljust(w) for c, w in zip(clipped, widths, strict=True)).rstrip()

    out = [line(results.variables), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def run_sparql(store: Source, text: str) -> Results | bool | bytes:
    """Any SPARQL query: SELECT gives Results, ASK a bool, CONSTRUCT/DESCRIBE Turtle bytes."""
    if isinstance(store, RemoteEndpoint):
        form = re.sub(r"(#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|\s)+", " ", text, flags=re.I)
        keyword = form.strip().split(" ", 1)[0].upper()
        if keyword == "ASK":
            return store.ask(text)
        if keyword in ("CONSTRUCT", "DESCRIBE"):
            return store.construct(text)
        return Results(*store.select(text))
    try:
        answer = store.query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QueryTriples):
        return answer.serialize(format=ox.RdfFormat.TURTLE)
    variables = [v.value for v in answer.variables]
    return Results(variables, [[solution[v] for v in variables] for solution in answer])
