"""The mapping set: our entities' identifiers in the field's schemes, as an SSSOM TSV table.

`tables/mappings.sssom.tsv` is both the source table the build reads and the SSSOM file we
publish (`sssom validate` accepts it). Every row says which identifier, with which SKOS predicate
(exact, close, broad, narrow, related), on what justification, and in its comment where the
identifier was seen. A row is checked like any other source row: an unknown prefix, predicate or
subject is an error naming the file, line and field, and so is a `curie_map` prefix that
`kg.prefixes` expands differently (or does not know): the exports write CURIEs with those.

`source` is what the build is handed (entry point `alkkg.sources: mappings`): each mapping as a
SKOS triple, annotated as SSSOM's OWL rendering does. Its subjects are the papers' entities, so
each is handed back as a `Reference` the build checks once every source is read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef

from kg import __version__
from kg.build.sources import Reference, Snapshot, SourceData, SourceOptions
from kg.errors import SourceError, SourceErrors
from kg.prefixes import EXTERNAL_PREFIXES, MAPPING_PREFIXES
from kg.vocab import ALKKG, DCTERMS, ID, OWL, PREFIXES, PROV, RDF, RDFS, SSSOM
from loaders import TABLES
from loaders.claims import table_path

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
    title: str = ""
    issued: str = ""
    """The metadata's `mapping_date` or `publication_date` (ISO 8601), if it has one."""


def _expand(curie: str, curie_map: dict[str, str]) -> str | None:
    prefix, colon, local = curie.partition(":")
    if not colon or prefix not in curie_map or not local:
        return None
    return curie_map[prefix] + local


def _metadata(header: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The YAML metadata block (its `#` lines, without the `#`), and its curie_map."""
    meta = yaml.safe_load("\n".join(header)) or {}
    if not isinstance(meta, dict):
        raise yaml.YAMLError("the metadata block is not a mapping")
    curie_map = meta.get("curie_map") or {}
    if not isinstance(curie_map, dict):
        raise yaml.YAMLError("curie_map is not a mapping")
    return meta, {str(k): str(v) for k, v in curie_map.items()}


KNOWN_PREFIXES = EXTERNAL_PREFIXES | MAPPING_PREFIXES
_CURIE_MAP_ENTRY = re.compile(r"^\s+([^\s:]+):\s")


def _check_curie_map(path: Path, header: list[str], curie_map: dict[str, str]) -> list[SourceError]:
    """Each prefix expands as `kg.prefixes` says: the graph and its exports share one map."""
    lines: dict[str, int] = {}
    for number, text in enumerate(header, start=1):
        match = _CURIE_MAP_ENTRY.match(text)
        if match:
            lines.setdefault(match[1], number)
    errors = []
    for prefix, expansion in curie_map.items():
        known = KNOWN_PREFIXES.get(prefix)
        if known is None:
            message = f"prefix {prefix!r} is not in kg.prefixes (EXTERNAL_PREFIXES)"
        elif known != expansion:
            message = f"prefix {prefix!r} is {expansion}, but kg.prefixes has {known}"
        else:
            continue
        errors.append(SourceError(path, lines.get(prefix), "curie_map", message))
    return errors


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
    errors = _check_curie_map(path, header, curie_map)
    for key in ("mapping_set_id", "license", "curie_map"):
        if not meta.get(key):
            errors.append(SourceError(path, None, key, "missing from the metadata block"))
    issued = meta.get("mapping_date") or meta.get("publication_date") or ""
    mappings = MappingSet(
        path,
        str(meta.get("mapping_set_id", "")),
        str(meta.get("mapping_set_version", "")),
        str(meta.get("license", "")),
        curie_map,
        title=str(meta.get("mapping_set_title", "")),
        issued=issued.isoformat() if isinstance(issued, date) else str(issued),
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
        iris: dict[str, str | None] = {}
        for column in ("subject_id", "object_id", "mapping_justification"):
            iri = _expand(row[column].strip(), curie_map)
            if iri is None:
                errors.append(
                    SourceError(path, number, column, f"{row[column]!r}: prefix not in curie_map")
                )
            iris[column] = iri
        subject, target, justification = (
            iris["subject_id"],
            iris["object_id"],
            iris["mapping_justification"],
        )
        if subject is None or target is None or justification is None:
            continue
        if not justification.startswith(SEMAPV):
            errors.append(SourceError(path, number, "mapping_justification", "not a semapv term"))
            continue
        triple = (subject, predicate, target)
        if triple in seen:
            errors.append(
                SourceError(path, number, "object_id", f"same mapping as line {seen[triple]}")
            )
            continue
        seen[triple] = number
        mappings.mappings.append(
            Mapping(
                subject,
                SKOS + predicate.removeprefix("skos:"),
                target,
                justification,
                (row.get("object_label") or "").strip(),
                (row.get("comment") or "").strip(),
                number,
            )
        )
    if errors:
        raise SourceErrors(errors)
    return mappings


SNAPSHOT_GRAPH = "https://w3id.org/alkkg/graph/source/mappings/"


def snapshot(mapping_set: MappingSet, shipped: bool) -> Snapshot:
    """The mapping set's snapshot: graph `.../mappings/<mapping_set_version>` (the alkkg version
    if the metadata has none), its own licence, and as `issued` its `mapping_date` or
    `publication_date` when the SSSOM metadata has one, else the build date. The origin is the
    package name and version for the shipped set (the project publishes no URL), else the file.
    """
    version = mapping_set.version or __version__
    return Snapshot(
        graph=SNAPSHOT_GRAPH + version,
        title=mapping_set.title or "alkkg mapping set",
        issued=mapping_set.issued or date.today().isoformat(),
        licence=mapping_set.license,
        origin=f"alkkg {__version__}" if shipped else str(mapping_set.path),
        version=version,
    )


def to_graph(mapping_set: MappingSet, row_path: str) -> SourceData:
    """Each mapping as a SKOS triple, annotated (owl:Axiom, as SSSOM's OWL rendering does)
    with its justification, where it was seen, and the row it came from (`row_path:line`)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    data = SourceData(graph)
    mapping_set_iri = URIRef(mapping_set.id)
    graph.add((mapping_set_iri, RDF.type, ALKKG.MappingSet))
    graph.add((mapping_set_iri, RDFS.label, Literal("alkkg mapping set")))
    graph.add((mapping_set_iri, DCTERMS.license, URIRef(mapping_set.license)))
    for m in mapping_set.mappings:
        subject, predicate, target = URIRef(m.subject), URIRef(m.predicate), URIRef(m.object)
        data.references.append(
            Reference(
                subject,
                SourceError(mapping_set.path, m.line, "subject_id", f"no entity <{m.subject}>"),
            )
        )
        graph.add((subject, predicate, target))
        axiom = ID[f"mapping/{m.id}"]
        for p, o in (
            (RDF.type, OWL.Axiom),
            (OWL.annotatedSource, subject),
            (OWL.annotatedProperty, predicate),
            (OWL.annotatedTarget, target),
            (SSSOM.mapping_justification, URIRef(m.justification)),
            (PROV.wasDerivedFrom, mapping_set_iri),
            (ALKKG.sourceRow, Literal(f"{row_path}:{m.line}")),
        ):
            graph.add((axiom, p, o))
        if m.comment:
            graph.add((axiom, RDFS.comment, Literal(m.comment)))
        if m.object_label:
            graph.add((axiom, SSSOM.object_label, Literal(m.object_label)))
    return data


@dataclass(frozen=True)
class MappingsSource:
    """The SSSOM mapping set (`mappings.sssom.tsv` in the tables folder) as a source."""

    name: str = "mappings"

    def read(self, options: SourceOptions) -> SourceData:
        tables = options.tables or TABLES
        path = tables / MAPPINGS_FILE
        if not path.exists():  # a tables folder without mappings maps nothing
            return SourceData(Graph())
        mapping_set = read_mappings(path)
        data = to_graph(mapping_set, table_path(path, tables))
        data.snapshot = snapshot(mapping_set, shipped=options.tables is None)
        return data


source = MappingsSource()
