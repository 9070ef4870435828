"""What the server refuses before a query or update reaches the engine, and the protocol's
update dataset written into the update.

Some requests are refused on their text alone, cheaply and before a worker is spent on them:
`SERVICE` (the server never reaches other hosts), `LOAD` in an update (the same), and nesting
deeper than the engine survives — Oxigraph's recursive-descent parser overflows its stack (a
segmentation fault, not an error) somewhere between 1,000 and 5,000 nested brackets.

The protocol's `using-graph-uri` and `using-named-graph-uri` mean a `USING` (`USING NAMED`) clause
on every operation of the update (SPARQL 1.1 Protocol §2.2.3); Oxigraph's Python API takes no
dataset for an update, so `with_update_dataset` writes the clauses into the text, where the
engine then parses them as if the client had.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.errors import QueryError, Refusal

MAX_NESTING = 256

_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.IGNORECASE)
_LOAD = re.compile(r"(?<![?$:\w])LOAD\b", re.IGNORECASE)
_OPEN = {"(": ")", "{": "}", "[": "]"}
_NOT_A_NAME = r"(?<![?$:@.\w-])"
"""Before a keyword: not part of a variable, prefixed name, blank node label or language tag."""
_USING_OR_WITH = re.compile(_NOT_A_NAME + r"(USING|WITH)(?![\w:-])", re.IGNORECASE)
_WHERE = re.compile(_NOT_A_NAME + r"WHERE(?![\w:-])", re.IGNORECASE)
_ENDS_WITH_DELETE = re.compile(_NOT_A_NAME + r"DELETE\s*$", re.IGNORECASE)
_BRACKETS = re.compile(r"[(){}\[\]]")


def _code(text: str) -> str:
    """The text with strings, IRIs and comments blanked out, so only the query's syntax is left.
    Blanked to spaces of the same length, so a position in the code is one in the text."""
    return _STRINGS_IRIS_COMMENTS.sub(lambda found: " " * len(found.group()), text)


def _top_level(code: str, keyword: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of `keyword` outside every bracket (where an update's operations are)."""
    depth, position = 0, 0
    for found in keyword.finditer(code):
        for char in code[position : found.start()]:
            if char in _OPEN:
                depth += 1
            elif char in ")}]":
                depth = max(depth - 1, 0)
        position = found.start()
        if depth == 0:
            yield found


def _group_end(code: str, start: int) -> int:
    """The position just after the bracketed group that opens at `start`."""
    depth = 0
    for position in range(start, len(code)):
        if code[position] in _OPEN:
            depth += 1
        elif code[position] in ")}]":
            depth -= 1
            if depth == 0:
                return position + 1
    raise QueryError("SPARQL syntax error: a bracket of the update is never closed")


def with_update_dataset(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with `USING <g>` for each of `using` and `USING NAMED <g>` for each of
    `using_named` on every operation that has a WHERE clause (the others read no graph).

    The IRIs must already be checked (`<` and `>` cannot occur in one). An update that names its
    own dataset (`USING`, `WITH`) is refused, as the protocol says. `DELETE WHERE { P }` has no
    place for a USING clause; it is written out as the `DELETE { P } WHERE { P }` it stands for.
    """
    if not using and not using_named:
        return update
    code = _code(update)
    if _USING_OR_WITH.search(code):
        raise QueryError(
            "using-graph-uri and using-named-graph-uri cannot be given with an update that has "
            "its own USING or WITH clause: give the dataset in one place"
        )
    clauses = [f"USING <{iri}>" for iri in using] + [f"USING NAMED <{iri}>" for iri in using_named]
    dataset = " ".join(clauses) + " "
    out, done = [], 0
    for where in _top_level(code, _WHERE):
        out.append(update[done : where.start()])
        if _ENDS_WITH_DELETE.search(code, 0, where.start()):
            brace = code.find("{", where.end())
            if brace < 0 or code[where.end() : brace].strip():
                raise QueryError("SPARQL syntax error: DELETE WHERE needs a { pattern }")
            out.append(update[brace : _group_end(code, brace)] + " ")
        out.append(dataset)
        done = where.start()
    return "".join(out) + update[done:]


def nesting_depth(code: str) -> int:
    """The deepest bracket nesting of `code` (strings, IRIs and comments already blanked)."""
    depth = deepest = 0
    for char in _BRACKETS.findall(code):  # the brackets only: a loop over every character cost
        # a third of the server's time per request on the named queries
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth = max(depth - 1, 0)
    return deepest


def screen(text: str, *, update: bool = False) -> None:
    """Raise `Refusal` if the query (or update) must not reach the engine."""
    code = _code(text)
    lowered = code.lower()  # a substring test first: the regexes cost 0.1 ms on a 3 KB query
    if "service" in lowered and _SERVICE.search(code):
        raise Refusal(403, "SERVICE (federated query) is disabled on this endpoint")
    if update and "load" in lowered and _LOAD.search(code):
        raise Refusal(403, "LOAD is disabled on this endpoint: the server does not fetch URLs")
    depth = nesting_depth(code)
    if depth > MAX_NESTING:
        raise Refusal(400, f"the query nests {depth} brackets deep; at most {MAX_NESTING} allowed")
