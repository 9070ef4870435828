"""The activity matrix's data: ALK mutations × ALK inhibitors, each cell `activity-profile`'s verdict.

There is one definition of the verdict, the named query `activity-profile`: each row of the
matrix is that query run for the row's mutation, unchanged except for the two filters, which
narrow the claims it reads (`narrowed`) and never how it weighs them. So a cell always says what
`alkkg query activity-profile --param mutation=...` says, and a cell with no claims is "no data",
never an empty square that reads like "inactive".

Rows are ALK kinase-domain mutations in kinase-domain order (by residue number). A compound
mutation comes right after the row of its first residue in that order (L1196M + C1156Y after
C1156Y), so it sits beside the mutation it starts from. A group of substitutions a source pools
(G1269A/S) is not a row of its own: activity-profile counts a claim about the group in the row of
each member, as the source pooled them. Columns are the ALK inhibitors in the query's order, by
generation as the graph classes them, then by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import UsageError
from kg.names import normalize
from kg.query.named import bind, get_named_query
from kg.views.select import Select, iri, records

VERDICTS = ("sensitive", "reduced", "resistant", "conflicting", "no data")
"""activity-profile's verdicts, in the legend's order."""

_ROWS = """
SELECT ?variant ?label (MIN(?at) AS ?position) WHERE {
  ONE_VARIANT
  ?variant rdfs:label ?label .
  OPTIONAL { ?variant alkkg:position ?own }
  OPTIONAL { ?variant alkkg:hasComponent ?part OPTIONAL { ?part alkkg:position ?partAt } }
  BIND(COALESCE(?own, ?partAt) AS ?at)
} GROUP BY ?variant ?label"""
_EVERY_MUTATION = """?variant a alkkg:KinaseDomainMutation .
  FILTER NOT EXISTS { ?variant a alkkg:VariantGroup }"""

_LEVELS = "SELECT ?notation ?rank WHERE { ?level alkkg:rank ?rank ; skos:notation ?notation }"

_SOURCES = """
SELECT DISTINCT ?origin ?label WHERE {
  ?claim a alkkg:ActivityClaim ; prov:wasDerivedFrom ?pub .
  OPTIONAL { ?claim alkkg:knowledgeBase ?kb }
  BIND(COALESCE(?kb, ?pub) AS ?origin)
  ?origin rdfs:label ?label .
} ORDER BY ?label"""

_ANCHOR = "BIND(COALESCE(?kb, ?pub) AS ?origin)"
"""The line of activity-profile after which a claim's origin and level are both bound."""


@dataclass(frozen=True)
class Row:
    """A mutation: its IRI, its label without the gene ("G1202R") and its first residue."""

    variant: str
    label: str
    position: int | None


@dataclass(frozen=True)
class Column:
    """An ALK inhibitor and the generation the graph classes it in ("" when none)."""

    agent: str
    label: str
    generation: str


@dataclass(frozen=True)
class Cell:
    """One agent × mutation: activity-profile's row for the agent, for the row's mutation."""

    agent: str
    variant: str
    verdict: str
    strongest_for: str | None
    strongest_against: str | None
    sensitive: int
    reduced: int
    resistant: int
    by_source: str
    claims: tuple[str, ...]

    @property
    def count(self) -> int:
        """The claims the verdict rests on."""
        return self.sensitive + self.reduced + self.resistant

    @property
    def disputed(self) -> bool:
        """Claims on more than one side: the verdict is not what every claim says."""
        return sum(1 for n in (self.sensitive, self.reduced, self.resistant) if n) > 1

    @property
    def level(self) -> str:
        """The strongest evidence level of the side the verdict takes ("B/D" for and against
        when conflicting; "" for no data)."""
        if self.verdict == "sensitive":
            return self.strongest_for or ""
        if self.verdict in ("reduced", "resistant"):
            return self.strongest_against or ""
        if self.verdict == "conflicting":
            return f"{self.strongest_for or '–'}/{self.strongest_against or '–'}"
        return ""


@dataclass(frozen=True)
class Filters:
    """The claims a matrix reads: from one source (an IRI) and at least one level (notation)."""

    source: str | None = None
    source_label: str | None = None
    min_level: str | None = None
    min_rank: int | None = None

    def describe(self) -> str:
        parts = []
        if self.source_label:
            parts.append(f"claims from {self.source_label}")
        if self.min_level:
            parts.append(f"evidence level {self.min_level} or stronger")
        return "; ".join(parts) or "all claims"


@dataclass
class Matrix:
    rows: list[Row]
    columns: list[Column]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    filters: Filters = field(default_factory=Filters)

    def cell(self, variant: str, agent: str) -> Cell:
        return self.cells[variant, agent]


def sources(select: Select) -> list[tuple[str, str]]:
    """(IRI, label) of every source of activity claims: a paper, or a knowledge base (CIViC)."""
    return [(r["origin"], r["label"]) for r in records(select(_SOURCES))]


def levels(select: Select) -> dict[str, int]:
    """Each evidence level's notation ("A" ... "E", "review") and rank (greater is stronger)."""
    return {r["notation"]: int(r["rank"]) for r in records(select(_LEVELS))}


def filters(select: Select, source: str | None, min_level: str | None) -> Filters:
    """The filters as given (a source by IRI, label or a word of its label; a level by its
    notation), checked against the graph: an unknown one is a UsageError naming the known ones."""
    chosen = Filters()
    if source:
        known = sources(select)
        matches = [(i, label) for i, label in known if source in (i, label)]
        if not matches:
            word = normalize(source)
            matches = [(i, label) for i, label in known if word and word in normalize(label)]
        if len(matches) != 1:
            names = "; ".join(label for _, label in (matches or known))
            problem = "names several sources" if matches else "is not a source of activity claims"
            raise UsageError(f"source {source!r} {problem}: {names}")
        chosen = Filters(source=matches[0][0], source_label=matches[0][1])
    if min_level:
        ranks = levels(select)
        notation = next((n for n in ranks if n.lower() == min_level.strip().lower()), None)
        if notation is None:
            known_levels = ", ".join(sorted(ranks, key=ranks.__getitem__, reverse=True))
            raise UsageError(
                f"minimum level {min_level!r} is not an evidence level: {known_levels}"
            )
        chosen = Filters(chosen.source, chosen.source_label, notation, ranks[notation])
    return chosen


def narrowed(text: str, chosen: Filters) -> str:
    """activity-profile's text reading only the claims the filters keep.

    The filters go where each claim's origin and level are bound, before any count: the verdict
    is then computed as always, from fewer claims.
    """
    if text.count(_ANCHOR) != 1:
        raise RuntimeError(
            f"activity-profile no longer has the line {_ANCHOR!r} the filters follow"
        )
    extra = ""
    if chosen.source:
        extra += f"\n          FILTER (?origin = {iri(chosen.source)})"
    if chosen.min_rank is not None:
        extra += f"\n          FILTER (?rank >= {int(chosen.min_rank)})"
    return text.replace(_ANCHOR, _ANCHOR + extra)


def profile(select: Select, variant: str, chosen: Filters) -> list[dict[str, str]]:
    """activity-profile for one mutation (an IRI), narrowed by the filters."""
    query = get_named_query("activity-profile")
    return records(select(narrowed(bind(query, {"mutation": ox.NamedNode(variant)}), chosen)))


def rows(select: Select, variant: str | None = None) -> list[Row]:
    """The matrix's rows in kinase-domain order; with `variant`, that one (any variant)."""
    one = f"VALUES ?variant {{ {iri(variant)} }} ?variant a alkkg:Variant ." if variant else ""
    found = records(select(_ROWS.replace("ONE_VARIANT", one or _EVERY_MUTATION)))
    if variant and not found:
        raise UsageError(f"no variant {variant} in this graph")
    out = [
        Row(r["variant"], _short(r["label"]), int(r["position"]) if "position" in r else None)
        for r in found
    ]
    return sorted(out, key=_kinase_order)


def _short(label: str) -> str:
    """ "ALK G1202R" → "G1202R": every row is an ALK mutation."""
    return label[4:] if label.startswith("ALK ") else label


def _kinase_order(row: Row) -> tuple[int, int, str]:
    compound = " + " in row.label
    return (row.position if row.position is not None else 10**6, int(compound), row.label)


def activity_matrix(
    select: Select,
    source: str | None = None,
    min_level: str | None = None,
    agent: str | None = None,
    variant: str | None = None,
) -> Matrix:
    """The matrix; `agent` and `variant` (IRIs) keep one column or one row."""
    chosen = filters(select, source, min_level)
    matrix = Matrix(rows(select, variant), [], filters=chosen)
    for row in matrix.rows:
        for answer in profile(select, row.variant, chosen):
            if agent and answer["agent"] != agent:
                continue
            if row is matrix.rows[0]:
                matrix.columns.append(
                    Column(answer["agent"], answer["agentLabel"], answer.get("generation", ""))
                )
            matrix.cells[row.variant, answer["agent"]] = _cell(row.variant, answer)
    if agent and not any(c.agent == agent for c in matrix.columns) and matrix.rows:
        raise UsageError(f"{agent} is not an ALK inhibitor in this graph")
    return matrix


def _cell(variant: str, answer: dict[str, str]) -> Cell:
    return Cell(
        agent=answer["agent"],
        variant=variant,
        verdict=answer["verdict"],
        strongest_for=answer.get("strongestFor"),
        strongest_against=answer.get("strongestAgainst"),
        sensitive=int(answer["for"]),
        reduced=int(answer["reduced"]),
        resistant=int(answer["against"]),
        by_source=answer.get("bySource", ""),
        claims=tuple(answer.get("claims", "").split()),
    )
