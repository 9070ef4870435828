"""Pages of a named query's rows: `limit` and `offset`, on an order that never ties.

A listing grows with the graph (cns-activity has 3,400 rows at 100×), so the HTTP API answers it
a page at a time and the CLI can ask for one. Paging with LIMIT and OFFSET is only stable if the
order is total: Oxigraph's evaluation order changes from one run to the next (its hash joins and
groups), so rows that tie on a query's ORDER BY keys could move between pages, be served twice
or never. `paged` therefore extends the query's final ORDER BY with every projected variable
(after the query's own keys, so the order a reader sees is the query's); rows equal on all of
them are identical and may come in any order.

A page asks the engine for one row more than it shows: that row, never shown, says whether
another page follows (the HTTP API's `Link: rel="next"`), without counting the whole answer.
The numbers are written into the query text; they are integers checked here, never user text.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.native import capped_tsv
from kg.query.run import select_solutions

_ORDER_BY = re.compile(r"^ORDER\s+BY\b.*$", re.IGNORECASE | re.MULTILINE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\bWHERE\b|\{", re.IGNORECASE)
_TOKEN = re.compile(r"[()]|\bAS\s+[?$]\w+|[?$]\w+", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """Which rows to return: `limit` of them (None: all) after skipping `offset`."""

    limit: int | None = None
    offset: int = 0

    @property
    def everything(self) -> bool:
        return self.limit is None and self.offset == 0

    def next(self) -> Page:
        """The page after this one (same size)."""
        assert self.limit is not None  # only a limited page has a next one
        return Page(self.limit, self.offset + self.limit)


def parse_page(
    limit: str | None, offset: str | None, *, default: int | None, cap: int | None
) -> Page:
    """A page from the text a client gave (`limit`, `offset`), or a `QueryError` saying why not.

    `default`: the size when no limit is given (None: every row). `cap`: the largest size a client
    may ask for; a larger one is refused rather than silently cut, so a client that asked for
    20,000 rows never mistakes 10,000 for the whole answer.
    """
    size = default if limit in (None, "") else _count("limit", limit, minimum=1)
    start = 0 if offset in (None, "") else _count("offset", offset, minimum=0)
    if size is not None and cap is not None and size > cap:
        raise QueryError(
            f"limit {size} is over the {cap} rows a page may hold; ask for {cap} or fewer "
            "and follow the next page"
        )
    return Page(size, start)


def _count(name: str, raw: str, *, minimum: int) -> int:
    text = raw.strip()
    if not text.isdigit() or int(text) < minimum:
        least = "a positive whole number" if minimum else "a whole number, 0 or more"
        raise QueryError(f"{name} must be {least}, got {raw!r}")
    return int(text)


def projected(text: str) -> list[str]:
    """The variables the outer SELECT projects, in order: `?x`, and `?x` of `(... AS ?x)`."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    select = _SELECT.search(code)
    if select is None:
        return []
    end = _CLAUSE_END.search(code, select.end())
    clause = code[select.end() : end.start() if end else len(code)]
    names: list[str] = []
    depth = 0
    for token in _TOKEN.findall(clause):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token[0] in "?$" and depth == 0:
            names.append(token[1:])
        elif token[0] not in "?$" and depth == 1:  # AS ?x
            names.append(token.split()[-1][1:])
    return list(dict.fromkeys(names))


REMOTE_ORDER_KEYS = 20
"""The most ORDER BY keys sent to another store: Virtuoso 7 refuses more ("SQ186: Over 20 keys in
group by or hash join"), so there rows that tie on the first 20 keep the engine's order."""


def total_order(text: str, max_keys: int | None = None) -> str:
    """The query with its final ORDER BY extended by every projected variable (see above), up
    to `max_keys` keys in all."""
    clauses = list(_ORDER_BY.finditer(text))
    last = clauses[-1] if clauses else None
    if last is None or text[last.end() :].strip():
        raise ValueError("a paged query needs an ORDER BY line at its end")
    keys = last.group(0)
    ties = [v for v in projected(text) if not re.search(rf"(?:^|[\s(])[?$]{v}\b", keys)]
    if max_keys is not None:
        ties = ties[: max(0, max_keys - len(re.findall(r"[?$]\w+", keys)))]
    extended = keys.rstrip() + "".join(f" ?{v}" for v in ties)
    return text[: last.start()] + extended + text[last.end() :]


def paged(text: str, page: Page, max_keys: int | None = None) -> str:
    """The query text for one page: a total order, then one row past `limit` from `offset`.

    Every row (`Page()`) is in the total order too, so that the command line and the HTTP API
    list rows that tie on the query's own keys in the same order, run after run."""
    sliced = total_order(text, max_keys)
    if page.limit is not None:
        sliced += f"\nLIMIT {page.limit + 1}"
    if page.offset:
        sliced += f"\nOFFSET {page.offset}"
    return sliced


class Listings:
    """Whole answers of named queries on one release, in their total order, as TSV (one line a
    row), so that each page after the first costs a slice instead of the whole query again.

    A listing's page cannot be cheaper than the listing: the order needs every row (at 100× the
    graph on disk, cns-activity's 3,400 rows take about 250 ms however few are shown). A release
    never changes, so a server's worker keeps the answers of the release it has open, least
    recently used first out past `budget` bytes, and fills them for the listings before it takes
    its first query (`warm`). A store that can change (an update) must not keep one.
    """

    def __init__(self, budget: int = 64 * 2**20) -> None:
        self.budget = budget
        self.kept: OrderedDict[str, bytes] = OrderedDict()
        self.size = 0
        self.too_big: set[str] = set()  # not tried again: each try costs `max_rows` rows

    def whole(self, store: ox.Store, text: str, max_rows: int) -> bytes | None:
        """The query's answer as TSV, from memory or the engine; None (not kept) if it has more
        than `max_rows` rows or would take over a quarter of the budget."""
        if text in self.kept:
            self.kept.move_to_end(text)
            return self.kept[text]
        if text in self.too_big:
            return None
        solutions = select_solutions(store, total_order(text))
        tsv, truncated = capped_tsv(solutions, max_rows)
        if truncated or len(tsv) > self.budget // 4:
            self.too_big.add(text)
            return None
        while self.kept and self.size + len(tsv) > self.budget:
            self.size -= len(self.kept.popitem(last=False)[1])
        self.kept[text] = tsv
        self.size += len(tsv)
        return tsv

    def page(
        self, store: ox.Store, text: str, page: Page, max_rows: int
    ) -> tuple[bytes, bool] | None:
        """One page of the query's answer as TSV, and whether another follows; None if the
        answer is not kept (see `whole`): then the page is a query of its own (`paged`)."""
        tsv = self.whole(store, text, max_rows)
        if tsv is None or page.limit is None:
            return None
        header, *rows = tsv.split(b"\n")[:-1]
        end = page.offset + page.limit
        return b"\n".join([header, *rows[page.offset : end], b""]), end < len(rows)

    def warm(
        self, store: ox.Store, texts: Iterable[str], max_rows: int, seconds: float = 10.0
    ) -> None:
        """Fill in the answers of `texts` (the listings, unbound) ahead of the first request,
        for at most about `seconds`: the pool gives a starting worker 60 s to be ready, and on
        a graph big enough the rest are filled in by their first requests instead."""
        deadline = time.monotonic() + seconds
        for text in texts:
            if time.monotonic() > deadline:
                return
            self.whole(store, text, max_rows)


def listing_texts() -> list[str]:
    """The named queries that need no parameter, unbound: the listings a worker keeps."""
    from kg.query.named import named_queries

    return [q.text for q in named_queries().values() if not any(p.required for p in q.params)]
