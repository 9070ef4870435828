"""Check one row of a paper table: every field typed, every name resolved, the quote found.

A row that is wrong in any way (a missing field, a number that is not one, a name nobody knows, a
quote that is not in the paper) is reported with its file, line and field, and the build stops:
a graph that silently lacks a row is worse than no new graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.names import AmbiguousName, UnknownName
from loaders.papers.entities import Entities
from loaders.papers.kinds import (
    AGENTISH,
    ARMS,
    BOOL,
    COMMON,
    INTEGER,
    KINDS,
    LEVELLED,
    NUMBER,
    TEXT,
    Enum,
    Ref,
    Word,
)
from loaders.papers.reading import fields_of, line_of
from loaders.quotes import occurs_in
from loaders.vocabulary import allowed, individuals

_CORRECTION_FIELDS = {"field", "value", "reason", "source"}


@dataclass
class Claim:
    """One checked row of a paper table: names resolved to entity ids, numbers typed."""

    kind: str
    seed: str
    values: dict[str, Any]
    path: str
    line: int | None
    id: str = ""

    @property
    def flagged(self) -> bool:
        return self.values.get("flag") == "source-error"


def _check_value(spec: Any, value: Any, entities: Entities) -> Any:
    """Type one field's value, or raise ValueError / UnknownName with a readable message."""
    if isinstance(spec, Ref):
        if spec.many:
            if not isinstance(value, list) or not value:
                raise ValueError("expected a non-empty list of names")
            return [entities.resolve(v, spec.sections) for v in value]
        return entities.resolve(value, spec.sections)
    if isinstance(spec, Enum):
        if str(value) not in spec.values:
            raise ValueError(f"{value!r} is not one of {', '.join(spec.values)}")
        return str(value)
    if isinstance(spec, Word):
        if str(value) not in spec.values:
            raise ValueError(f"{value!r} is not one of {allowed(spec.values)}")
        return str(value)
    if spec == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        return value
    if spec == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value
    if spec == BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if spec == TEXT:
        if isinstance(value, dict | list) or value is None or str(value).strip() == "":
            raise ValueError(f"expected text, got {value!r}")
        return str(value)
    raise AssertionError(spec)


def _check_arms(value: Any, entities: Entities) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("expected a list of arms")
    arms = []
    for arm in value:
        if not isinstance(arm, dict) or "arm" not in arm or "regimen" not in arm:
            raise ValueError(f"each arm needs 'arm' and 'regimen', got {fields_of(arm)!r}")
        regimen = arm["regimen"] if isinstance(arm["regimen"], list) else [arm["regimen"]]
        checked = {
            "arm": _check_value(TEXT, arm["arm"], entities),
            "regimen": [entities.resolve(r, AGENTISH) for r in regimen],
        }
        if arm.get("dose") is not None:
            checked["dose"] = _check_value(TEXT, arm["dose"], entities)
        if arm.get("n") is not None:
            n = _check_value(INTEGER, arm["n"], entities)
            checked["n"] = n
        unknown = set(fields_of(arm)) - {"arm", "regimen", "dose", "n"}
        if unknown:
            raise ValueError(f"unknown arm field(s) {sorted(unknown)}")
        arms.append(checked)
    return arms


def _check_correction(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping with field, value, reason, source")
    fields = fields_of(value)
    missing = _CORRECTION_FIELDS - fields.keys()
    if missing:
        raise ValueError(f"correction lacks {sorted(missing)}")
    return {k: str(v) for k, v in fields.items() if k in _CORRECTION_FIELDS}


_NOT_HASHED = frozenset({"note", "correction", "flag", "level", "direction", "report"})


def _claim_id(kind: str, seed: str, values: dict[str, Any]) -> str:
    """A stable id from the row's content, so the same row keeps its IRI across builds.

    What qualifies a claim without changing what it states (the curator's note, a flag, the
    evidence level and direction, the report it comes from) stays out of the hash: grading a
    claim must not give it a new IRI. A row whose statement is edited keeps its IRI by an `id`.
    """
    if "id" in values:
        return str(values["id"])
    payload = {k: v for k, v in values.items() if k not in _NOT_HASHED}
    digest = hashlib.sha1(
        json.dumps([kind, seed, payload], sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"{seed[:3]}-{kind}-{digest[:10]}"


def check_claim(
    kind: str, row: Any, seed: str, path: Path, entities: Entities, seed_path: Path | None
) -> tuple[Claim | None, list[SourceError]]:
    """Check one row; return the claim, or the errors that stop it."""
    if not isinstance(row, dict):
        return None, [SourceError(path, None, kind, f"expected a mapping, got {row!r}")]
    spec, required = KINDS[kind]
    errors: list[SourceError] = []
    values: dict[str, Any] = {}
    for name in sorted(required | {"locator", "quote"}):
        if row.get(name) in (None, "", []):
            errors.append(SourceError(path, line_of(row), name, "required field missing"))
    for name, raw in fields_of(row).items():
        field_spec = spec.get(name, COMMON.get(name))
        if raw is None:
            continue
        try:
            if field_spec is None:
                raise ValueError(f"unknown field for a {kind!r} row")
            if field_spec == ARMS:
                values[name] = _check_arms(raw, entities)
            elif field_spec == "correction":
                values[name] = _check_correction(raw)
            else:
                values[name] = _check_value(field_spec, raw, entities)
        except (ValueError, UnknownName, AmbiguousName) as exc:
            errors.append(SourceError(path, line_of(row, name), name, str(exc)))
    if "quote" in values and seed_path is not None and not occurs_in(values["quote"], seed_path):
        errors.append(
            SourceError(path, line_of(row, "quote"), "quote", f"does not occur in {seed_path.name}")
        )
    if kind in LEVELLED and row.get("level") in (None, ""):
        levels = sorted(individuals("level"))
        needed = f"required: {', '.join(levels[:-1])} or {levels[-1]}"
        errors.append(SourceError(path, line_of(row), "level", needed))
    if kind == "outcome" and values.get("statistic") == "rate" and "time_point" not in values:
        errors.append(
            SourceError(path, line_of(row), "time_point", "a rate needs the time point it is at")
        )
    if ("time_point" in values) != ("time_unit" in values):
        errors.append(
            SourceError(path, line_of(row), "time_unit", "time_point and time_unit go together")
        )
    if values.get("flag") and "correction" not in values:
        errors.append(SourceError(path, line_of(row, "flag"), "correction", "a flag needs one"))
    if kind in ("combination", "design-intent") and not ({"mechanism", "variant"} & values.keys()):
        errors.append(SourceError(path, line_of(row), "mechanism", "name a mechanism or variant"))
    for low, high in (
        ("ci_low", "ci_high"),
        ("share_low", "share_high"),
        ("value_low", "value_high"),
    ):
        if low in values and high in values and values[low] > values[high]:
            errors.append(SourceError(path, line_of(row, low), low, f"{low} > {high}"))
    if errors:
        return None, errors
    claim = Claim(kind, seed, values, str(path), line_of(row))
    claim.id = _claim_id(kind, seed, values)
    return claim, []
