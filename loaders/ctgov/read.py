"""Reading ClinicalTrials.gov study records: API v2 JSON only, every field located by its JSON path.

A file holds one study as `GET /api/v2/studies/<NCT id>` returns it (`{"protocolSection": ...}`)
or the API's list (`{"studies": [...]}`, as `GET /api/v2/studies` pages it, or a plain JSON list
of studies). The retired classic API's `FullStudiesResponse` and the old XML (`<clinical_study>`)
are refused with what they are and what to download instead: the classic field names differ
(`NCTId`, `ProtocolSection`) and mapping them silently would read nothing.

The mapping reads a study through `Field`, which knows the JSON path it stands at, so a value of
the wrong type is reported as `file: field 'resultsSection.outcomeMeasuresModule.
outcomeMeasures[3].analyses[0].pValue': NCT02210780: ...`: the file, the field and the record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import SourceError, SourceErrors

V2_STUDY = "https://clinicaltrials.gov/api/v2/studies/<NCT id>"
"""What to download instead of a retired format (the v2 API's single-study endpoint)."""
NCT = re.compile(r"^NCT\d{8}$")
NOT_AVAILABLE = "NA"
"""How a results record says a value was not available (the group's `comment` says why)."""


class Bad(Exception):
    """A field of a study that cannot be read; `located` turns it into a `SourceError`."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


@dataclass(frozen=True)
class Field:
    """A JSON value and where it stands in its file."""

    value: Any
    path: str

    def _at(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str) -> Field | None:
        """The member `key` of this object, None when absent or null."""
        if not isinstance(self.value, dict):
            raise Bad(self.path, f"expected an object, found {type(self.value).__name__}")
        found = self.value.get(key)
        return None if found is None else Field(found, self._at(key))

    def need(self, key: str) -> Field:
        found = self.get(key)
        if found is None:
            raise Bad(self._at(key), "missing")
        return found

    def items(self, key: str) -> Iterator[Field]:
        """The elements of the list `key` (none when absent)."""
        found = self.get(key)
        if found is None:
            return
        if not isinstance(found.value, list):
            raise Bad(found.path, f"expected a list, found {type(found.value).__name__}")
        for index, element in enumerate(found.value):
            yield Field(element, found._at(index))

    def text(self, key: str, *, required: bool = False) -> str | None:
        found = self.need(key) if required else self.get(key)
        if found is None:
            return None
        if not isinstance(found.value, str):
            raise Bad(found.path, f"expected text, found {json.dumps(found.value)[:40]}")
        stripped = found.value.strip()
        if required and not stripped:
            raise Bad(found.path, "is empty")
        return stripped or None

    def need_text(self, key: str) -> str:
        found = self.text(key, required=True)
        assert found is not None
        return found

    def number(self, key: str) -> Decimal | None:
        """A number the registry writes as text ("83.7") or as a JSON number; None when absent or
        "NA" (not available); anything else is an error."""
        found = self.get(key)
        if found is None:
            return None
        raw = found.value
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise Bad(found.path, f"expected a number, found {json.dumps(raw)[:40]}")
        if isinstance(raw, str) and raw.strip().upper() == NOT_AVAILABLE:
            return None
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            raise Bad(found.path, f"expected a number, found {raw!r}") from None
        if not value.is_finite():
            raise Bad(found.path, f"expected a finite number, found {raw!r}")
        return value

    def count(self, key: str) -> int | None:
        """A whole number of participants or events (not negative)."""
        value = self.number(key)
        if value is None:
            return None
        if value != value.to_integral_value() or value < 0:
            raise Bad(self._at(key), f"expected a count (a whole number, 0 or more), found {value}")
        return int(value)


@dataclass(frozen=True)
class Study:
    """One study record of a file: its JSON (a `Field` at the study's root) and its NCT id."""

    root: Field
    nct_id: str
    last_update: str
    """`protocolSection.statusModule.lastUpdatePostDateStruct.date`: the record's version."""


def read_studies(path: Path) -> list[Study]:
    """Every study of a v2 file; `SourceErrors` naming the file (and field, and NCT id) otherwise."""

    def fail(message: str, field: str | None = None) -> SourceErrors:
        return SourceErrors([SourceError(path, None, field, message)])

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text: {exc}") from exc
    start = text.lstrip()
    if not start:
        raise fail("is empty")
    if start.startswith("<"):
        raise fail(
            "is XML: the retired ClinicalTrials.gov XML format (<clinical_study>) is not read; "
            f"download the record as API v2 JSON instead: {V2_STUDY}"
        )
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise fail(f"not JSON: {exc}") from None
    return _studies(data, path, fail)


def _studies(data: object, path: Path, fail: Any) -> list[Study]:
    if isinstance(data, dict) and "FullStudiesResponse" in data:
        version = (data["FullStudiesResponse"] or {}).get("APIVrs", "?")
        raise fail(
            f"is a classic ClinicalTrials.gov API response (FullStudiesResponse, API version "
            f"{version}), the retired classic format, not read here; download each study from "
            f"the API v2 instead: {V2_STUDY} (or `alkkg fetch ctgov NCT...`)",
            "FullStudiesResponse",
        )
    if isinstance(data, dict) and "studies" in data:
        listed, base = data["studies"], "studies"
    elif isinstance(data, list):
        listed, base = data, ""
    elif isinstance(data, dict) and "protocolSection" in data:
        listed, base = [data], None
    else:
        keys = ", ".join(list(data)[:5]) if isinstance(data, dict) else type(data).__name__
        raise fail(
            "not a ClinicalTrials.gov API v2 study (an object with protocolSection) nor a list "
            f'of them ({{"studies": [...]}}); found {keys}'
        )
    if not isinstance(listed, list):
        raise fail("expected a list of studies", base)
    errors: list[SourceError] = []
    studies: list[Study] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(listed):
        where = "" if base is None else f"{base}[{index}]"
        try:
            study = _study(Field(raw, where))
        except Bad as bad:
            errors.append(SourceError(path, None, bad.path, bad.message))
            continue
        if study.nct_id in seen:
            errors.append(
                SourceError(
                    path, None, where, f"{study.nct_id} again (first at {seen[study.nct_id]})"
                )
            )
            continue
        seen[study.nct_id] = where or "the file's root"
        studies.append(study)
    if errors:
        raise SourceErrors(errors)
    if not studies:
        raise fail("holds no studies", base)
    return studies


def _study(root: Field) -> Study:
    if not isinstance(root.value, dict):
        raise Bad(root.path, f"expected a study object, found {type(root.value).__name__}")
    if "ProtocolSection" in root.value or "Study" in root.value:
        raise Bad(
            root.path,
            "classic API field names (ProtocolSection): a retired format; download the study "
            f"from the API v2 instead: {V2_STUDY}",
        )
    protocol = root.need("protocolSection")
    identification = protocol.need("identificationModule")
    nct = identification.need_text("nctId")
    if not NCT.match(nct):
        raise Bad(identification.path + ".nctId", f"{nct!r} is not an NCT id (NCT and 8 digits)")
    status = protocol.need("statusModule")
    update = status.need("lastUpdatePostDateStruct")
    try:
        last_update = update.need_text("date")
    except Bad as bad:
        raise Bad(
            bad.path, f"{nct}: {bad.message} (the record's last update, which every claim cites)"
        ) from None
    if not re.match(r"^\d{4}-\d{2}(-\d{2})?$", last_update):
        raise Bad(update.path + ".date", f"{nct}: {last_update!r} is not a date (YYYY-MM-DD)")
    return Study(root, nct, last_update)
