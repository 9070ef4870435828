"""What the server refuses before a query or update reaches the engine.

Some requests are refused on their text alone, cheaply and before a worker is spent on them:
`SERVICE` (the server never reaches other hosts), `LOAD` in an update (the same), and nesting
deeper than the engine survives — Oxigraph's recursive-descent parser overflows its stack (a
segmentation fault, not an error) somewhere between 1,000 and 5,000 nested brackets.
"""

from __future__ import annotations

import re

from kg.errors import Refusal

MAX_NESTING = 256

_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.IGNORECASE)
_LOAD = re.compile(r"(?<![?$:\w])LOAD\b", re.IGNORECASE)
_OPEN = {"(": ")", "{": "}", "[": "]"}
_BRACKETS = re.compile(r"[(){}\[\]]")


def _code(text: str) -> str:
    """The text with strings, IRIs and comments blanked out, so only the query's syntax is left."""
    return _STRINGS_IRIS_COMMENTS.sub(" ", text)


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
