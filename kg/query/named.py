"""Named queries: `queries/<name>.rq`, their headers, and binding their parameters.

A named query's header declares its parameters:

    # summary: Agents with evidence of activity against a mutation.
    # param: mutation Variant required  The mutation: G1202R, p.Gly1202Arg, ALK G1202R
    # example: alkkg query agents-active-against --param mutation=G1202R

The file name is the query's name, on the command line and as the HTTP route. A parameter's
value is bound with a VALUES block (`bind`): user text never reaches the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.names import NameIndex, UnknownName
from kg.resources import queries_dir

ENTITY_TYPES = {"Variant", "Substance", "ClinicalTrial", "Gene", "Disease", "ResistanceMechanism"}
LITERAL_TYPES = {"number", "text"}
EXTERNAL_TYPES = {"ExternalClass"}
"""A class of an imported ontology (`alkkg import`): by IRI, OBO CURIE or label."""


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
