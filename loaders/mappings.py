"""The mapping set: our entities' identifiers in the field's schemes, as an SSSOM TSV table.

`tables/mappings.sssom.tsv` is both the source table the build reads and the SSSOM file we
publish (`sssom validate` accepts it). Every row says which identifier, with which SKOS predicate
(exact, close, broad, narrow, related), on what justification, and in its comment where the
identifier was seen. A row is checked like any other source row: an unknown prefix, predicate or
subject is an error naming the file, line and field.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from loaders.tables import SourceError, SourceErrors

MAPPINGS_FILE = "mappings.sssom.tsv"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PREDICATES = {
    f"skos:{p}" for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}
REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
SEMAPV = "https://w3id.org/semapv/vocab/"


@dataclass(frozen=True)
class Mapping:
    subject: str
    predicate: str
    object: str
    justification: str
    object_label: str
    comment: str
    line: int

    @property
    def id(self) -> str:
        """A stable name for the mapping, from what it maps (not from its line)."""
        key = f"{self.subject} {self.predicate} {self.object}".encode()
        return hashlib.sha1(key).hexdigest()[:12]


@dataclass
class MappingSet:
    path: Path
    id: str
    version: str
    license: str
    curie_map: dict[str, str]
    mappings: list[Mapping] = field(default_factory=list)


def _expand(curie: str, curie_map: dict[str, str]) -> str | None:
    prefix, colon, local = curie.partition(":")
    if not colon or prefix not in curie_map or not local:
        return None
    return curie_map[prefix] + local


def _metadata(header: list[str]) -> tuple[dict, dict[str, str]]:
    """The YAML metadata block (its `#` lines, without the `#`), and its curie_map."""
    meta = yaml.safe_load("\n".join(header)) or {}
    return meta, {str(k): str(v) for k, v in (meta.get("curie_map") or {}).items()}


def read_curie_map(path: Path) -> dict[str, str]:
    """Only the prefixes of the mapping set (its metadata block), for exporters that write CURIEs."""
    header = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            header.append(line[1:].rstrip("\n"))
    return _metadata(header)[1]


def read_mappings(path: Path) -> MappingSet:
    """Read and check the SSSOM TSV at `path` (YAML metadata in `#` lines, then the table)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceErrors([SourceError(path, None, None, f"not UTF-8: {exc}")]) from None
    lines = text.splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    body_start = len(header)
    try:
        meta, curie_map = _metadata(header)
    except yaml.YAMLError as exc:
        raise SourceErrors([SourceError(path, None, "metadata", f"bad YAML: {exc}")]) from None
    errors: list[SourceError] = []
    for key in ("mapping_set_id", "license", "curie_map"):
        if not meta.get(key):
            errors.append(SourceError(path, None, key, "missing from the metadata block"))
    mappings = MappingSet(
        path,
        str(meta.get("mapping_set_id", "")),
        str(meta.get("mapping_set_version", "")),
        str(meta.get("license", "")),
        curie_map,
    )
    reader = csv.DictReader(io.StringIO("\n".join(lines[body_start:])), delimiter="\t")
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        errors.append(SourceError(path, body_start + 1, missing[0], "column missing"))
        raise SourceErrors(errors)
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(reader, start=body_start + 2):
        problems = [c for c in REQUIRED if not (row.get(c) or "").strip()]
        if problems:
            errors += [SourceError(path, number, c, "empty") for c in problems]
            continue
        predicate = row["predicate_id"].strip()
        if predicate not in PREDICATES:
            allowed = ", ".join(sorted(PREDICATES))
            errors.append(
                SourceError(path, number, "predicate_id", f"{predicate!r}: one of {allowed}")
            )
            continue
        iris = {}
        for column in ("subject_id", "object_id", "mapping_justification"):
            iri = _expand(row[column].strip(), curie_map)
            if iri is None:
                errors.append(
                    SourceError(path, number, column, f"{row[column]!r}: prefix not in curie_map")
                )
            iris[column] = iri
        if None in iris.values():
            continue
        if not iris["mapping_justification"].startswith(SEMAPV):
            errors.append(SourceError(path, number, "mapping_justification", "not a semapv term"))
            continue
        key = (iris["subject_id"], predicate, iris["object_id"])
        if key in seen:
            errors.append(
                SourceError(path, number, "object_id", f"same mapping as line {seen[key]}")
            )
            continue
        seen[key] = number
        mappings.mappings.append(
            Mapping(
                iris["subject_id"],
                SKOS + predicate.removeprefix("skos:"),
                iris["object_id"],
                iris["mapping_justification"],
                (row.get("object_label") or "").strip(),
                (row.get("comment") or "").strip(),
                number,
            )
        )
    if errors:
        raise SourceErrors(errors)
    return mappings
