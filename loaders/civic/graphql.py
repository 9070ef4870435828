"""CIViC's GraphQL API evidence items (JSON) read into `EvidenceItem` records.

Three shapes are read, so that a file saved by hand, by our `alkkg fetch civic` or by another
tool loads alike:

- a JSON list of `evidenceItems` nodes (the shared export, and what `alkkg fetch civic` writes);
- the API's answer, `{"data": {"evidenceItems": {"nodes": [...], "pageInfo": {...}}}}`
  (or `edges: [{"node": ...}]`), as GraphQL connections are written;
- a list of such answers, one per page, as a paged fetch that kept every answer would write.

Field names are those of CIViC's schema (griffithlab/civic-v2,
`server/app/graphql/types/entities/evidence_item_type.rb`: `significance`, `evidenceType`,
`evidenceLevel`, `evidenceRating`, `evidenceDirection`, `therapyInteractionType`,
`variantOrigin`, `molecularProfile`, `therapies`, `disease`, `source`), and the enumerations are
kept in their GraphQL spellings. `therapyInteractionType`, `variantOrigin` and
`source.clinicalTrials` are read when present; the shared export's query did not ask for them.

An answer with `errors`, a node without a field the query asks for, or a field of the wrong JSON
type means the file is not what we think it is, and is refused with the file, the evidence id
(or the node's position when there is no id), the field and the problem. An enumeration value
we do not know is not refused here: it is kept, for the mapping to report with the id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import SourceError, SourceErrors
from loaders.civic.items import Disease, EvidenceItem, Source, Therapy


def read_graphql(path: Path) -> list[EvidenceItem]:
    """Every evidence item in a JSON file of CIViC API nodes or answers; `SourceErrors` if any
    item (or the file) cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise SourceErrors([SourceError(path, None, None, f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise SourceErrors([SourceError(path, None, None, f"not UTF-8 text: {exc}")]) from exc
    return parse_graphql(text, path)


def parse_graphql(text: str, path: Path | str) -> list[EvidenceItem]:
    """As `read_graphql`, for text already read; `path` only names the file in messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"not valid JSON (truncated?): {exc.msg} at column {exc.colno}"
        raise SourceErrors([SourceError(path, exc.lineno, None, problem)]) from exc
    located = _nodes(data, path)
    errors: list[SourceError] = []
    items: list[EvidenceItem] = []
    first_seen: dict[int, str] = {}
    for position, node in located:
        reader = _NodeReader(path, position, node)
        item = reader.item()
        errors.extend(reader.errors)
        if item is None:
            continue
        if item.id in first_seen:
            errors.append(
                SourceError(
                    path,
                    None,
                    "id",
                    f"evidence item {item.id} appears twice ({first_seen[item.id]} and {position})",
                )
            )
            continue
        first_seen[item.id] = position
        items.append(item)
    if errors:
        raise SourceErrors(errors)
    return items


def _nodes(data: Any, path: Path | str) -> list[tuple[str, Any]]:
    """The nodes of whichever shape the file has, each with its position for messages."""

    def fail(problem: str) -> SourceErrors:
        return SourceErrors([SourceError(path, None, None, problem)])

    if isinstance(data, dict):
        pages: list[tuple[str, Any]] = [("the answer", data)]
    elif isinstance(data, list):
        if not data:
            raise fail("holds no evidence items (an empty list)")
        answers = [isinstance(x, dict) and ("data" in x or "errors" in x) for x in data]
        if not any(answers):
            return [(f"node {i}", node) for i, node in enumerate(data, 1)]
        if not all(answers):
            raise fail("mixes API answers and bare evidence item nodes in one list")
        pages = [(f"page {i}", page) for i, page in enumerate(data, 1)]
    else:
        raise fail(
            "expected a JSON list of CIViC evidence items or the API's answer, "
            f"found a JSON {_json_type(data)}"
        )
    located: list[tuple[str, Any]] = []
    for i, (label, page) in enumerate(pages):
        located.extend(_page_nodes(label, page, fail, last=i == len(pages) - 1))
    if not located:
        raise fail("holds no evidence items")
    return located


def _page_nodes(
    label: str, page: dict[str, Any], fail: Callable[[str], SourceErrors], *, last: bool
) -> list[tuple[str, Any]]:
    """The nodes of one API answer; an answer with `errors`, or one that says more pages follow
    when it is the file's last, is refused."""
    errors = page.get("errors")
    if errors:
        messages = "; ".join(
            str(e.get("message", e)) if isinstance(e, dict) else str(e)
            for e in (errors if isinstance(errors, list) else [errors])
        )
        where = "" if label == "the answer" else f"{label}: "
        raise fail(f"{where}the CIViC API answered with errors: {messages}")
    connection = (page.get("data") or {}).get("evidenceItems") if "data" in page else None
    if not isinstance(connection, dict):
        raise fail(f"{label}: not a CIViC answer to evidenceItems (no data.evidenceItems)")
    if isinstance(connection.get("nodes"), list):
        nodes = connection["nodes"]
    elif isinstance(connection.get("edges"), list):
        nodes = [e.get("node") if isinstance(e, dict) else e for e in connection["edges"]]
    else:
        raise fail(f"{label}: data.evidenceItems has neither a nodes nor an edges list")
    info = connection.get("pageInfo")
    if last and isinstance(info, dict) and info.get("hasNextPage") is True:
        raise fail(
            f"{label}: the answer says more pages follow (pageInfo.hasNextPage), "
            "but the file ends here: an incomplete fetch"
        )
    prefix = "" if label == "the answer" else f"{label}, "
    return [(f"{prefix}node {i}", node) for i, node in enumerate(nodes, 1)]


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return {dict: "object", list: "list", str: "string", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


class _NodeReader:
    """Reads one node, collecting every problem (not just the first) with its field."""

    def __init__(self, path: Path | str, position: str, node: Any):
        self.path, self.position, self.node = path, position, node
        self.errors: list[SourceError] = []
        node_id = node.get("id") if isinstance(node, dict) else None
        has_id = isinstance(node_id, int) and not isinstance(node_id, bool)
        self.label = f"evidence item {node_id}" if has_id else position

    def fail(self, field: str | None, problem: str) -> None:
        self.errors.append(SourceError(self.path, None, field, f"{self.label}: {problem}"))

    def get(
        self,
        obj: Any,
        key: str,
        kinds: tuple[type, ...],
        field: str,
        *,
        nullable: bool = False,
        optional: bool = False,
    ) -> Any:
        """`obj[key]` if present and of one of `kinds`; records the problem and gives None if not.

        `optional`: the key may be missing (a field the query need not ask for);
        `nullable`: the schema allows null.
        """
        if key not in obj:
            if not optional:
                self.fail(
                    field, "missing: not CIViC's evidence item schema as this reader knows it"
                )
            return None
        value = obj[key]
        if value is None:
            if not nullable:
                self.fail(field, "is null")
            return None
        if isinstance(value, bool) or not isinstance(value, kinds):
            expected = " or ".join(_json_type(k()) for k in kinds)
            self.fail(field, f"is a JSON {_json_type(value)}, expected a {expected}")
            return None
        return value

    def item(self) -> EvidenceItem | None:
        node = self.node
        if not isinstance(node, dict):
            self.fail(None, f"is a JSON {_json_type(node)}, not an evidence item object")
            return None
        n_errors = len(self.errors)
        ident = self.get(node, "id", (int,), "id")
        strings = {
            key: self.get(node, key, (str,), key)
            for key in ("status", "significance", "evidenceType", "evidenceLevel")
        }
        direction = self.get(node, "evidenceDirection", (str,), "evidenceDirection")
        rating = self.get(node, "evidenceRating", (int,), "evidenceRating", nullable=True)
        description = self.get(node, "description", (str,), "description")
        profile = self.get(node, "molecularProfile", (dict,), "molecularProfile")
        profile_id = profile_name = None
        if profile is not None:
            profile_id = self.get(profile, "id", (int,), "molecularProfile.id")
            profile_name = self.get(profile, "name", (str,), "molecularProfile.name")
        therapies = self.therapies(node)
        interaction = self.get(
            node, "therapyInteractionType", (str,), "therapyInteractionType",
            nullable=True, optional=True,
        )  # fmt: skip
        disease = self.disease(node)
        source, nct_ids = self.source(node)
        origin = self.get(
            node, "variantOrigin", (str,), "variantOrigin", nullable=True, optional=True
        )
        if len(self.errors) > n_errors or profile_id is None or profile_name is None:
            return None
        if source is None:  # recorded as an error by `self.source`
            return None
        return EvidenceItem(
            id=ident,
            status=strings["status"],
            evidence_type=strings["evidenceType"],
            significance=strings["significance"],
            direction=direction,
            level=strings["evidenceLevel"],
            rating=rating,
            description=description,
            profile_id=profile_id,
            profile_name=profile_name,
            therapies=therapies,
            therapy_interaction=interaction,
            disease=disease,
            source=source,
            nct_ids=nct_ids,
            variant_origin=origin,
            where=f"{self.path}: evidence item {ident}",
        )

    def therapies(self, node: dict[str, Any]) -> tuple[Therapy, ...]:
        listed = self.get(node, "therapies", (list,), "therapies") or []
        out: list[Therapy] = []
        for i, therapy in enumerate(listed):
            field = f"therapies[{i}]"
            if not isinstance(therapy, dict):
                self.fail(field, f"is a JSON {_json_type(therapy)}, not a therapy object")
                continue
            name = self.get(therapy, "name", (str,), f"{field}.name")
            ncit = self.get(
                therapy, "ncitId", (str,), f"{field}.ncitId", nullable=True, optional=True
            )
            if name is not None:
                out.append(Therapy(name=name, ncit_id=ncit or None))
        return tuple(out)

    def disease(self, node: dict[str, Any]) -> Disease | None:
        disease = self.get(node, "disease", (dict,), "disease", nullable=True)
        if disease is None:
            return None
        name = self.get(disease, "name", (str,), "disease.name")
        doid = self.get(disease, "doid", (str, int), "disease.doid", nullable=True)
        aliases = self.get(
            disease, "diseaseAliases", (list,), "disease.diseaseAliases",
            nullable=True, optional=True,
        ) or []  # fmt: skip
        if not all(isinstance(a, str) for a in aliases):
            self.fail("disease.diseaseAliases", "holds something other than strings")
            return None
        if name is None:
            return None
        return Disease(
            name=name, doid=str(doid) if doid is not None else None, aliases=tuple(aliases)
        )

    def source(self, node: dict[str, Any]) -> tuple[Source | None, tuple[str, ...]]:
        source = self.get(node, "source", (dict,), "source")
        if source is None:
            return None, ()
        citation_id = self.get(source, "citationId", (str, int), "source.citationId")
        source_type = self.get(source, "sourceType", (str,), "source.sourceType")
        optional: dict[str, Any] = {}
        for key, kinds in (
            ("title", (str,)),
            ("publicationYear", (int,)),
            ("pmcId", (str,)),
            ("ascoAbstractId", (str, int)),
        ):
            optional[key] = self.get(
                source, key, kinds, f"source.{key}", nullable=True, optional=True
            )
        trials = self.get(
            source, "clinicalTrials", (list,), "source.clinicalTrials",
            nullable=True, optional=True,
        ) or []  # fmt: skip
        nct_ids: list[str] = []
        for i, trial in enumerate(trials):
            if not isinstance(trial, dict):
                self.fail(f"source.clinicalTrials[{i}]", "is not a clinical trial object")
                continue
            nct = self.get(trial, "nctId", (str,), f"source.clinicalTrials[{i}].nctId")
            if nct is not None:
                nct_ids.append(nct)
        if citation_id is None or source_type is None:
            return None, tuple(nct_ids)
        asco = optional["ascoAbstractId"]
        return (
            Source(
                citation_id=str(citation_id),
                source_type=source_type,
                title=optional["title"],
                year=optional["publicationYear"],
                pmc_id=optional["pmcId"],
                asco_abstract_id=str(asco) if asco is not None else None,
            ),
            tuple(nct_ids),
        )
