"""Read and check every paper table (entities, papers, publications) into checked `Tables`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import SourceError, SourceErrors
from loaders.papers.entities import Entities
from loaders.papers.kinds import KINDS
from loaders.papers.publications import PUBLICATIONS_FILE, Publication, read_publications
from loaders.papers.reading import fields_of, line_of, read_yaml
from loaders.papers.rows import Claim, check_claim


@dataclass
class Paper:
    seed: str
    path: str
    omitted: list[dict[str, Any]]


@dataclass
class Tables:
    """Everything the build needs, checked."""

    entities: Entities
    papers: list[Paper]
    claims: list[Claim]
    publications: list[Publication] = field(default_factory=list)


def load(tables: Path, seeds: Path | None) -> Tables:
    """Read and check every table under `tables`; raise SourceErrors listing all problems.

    `seeds` is the folder of seed papers that quotes are checked against (None skips that check,
    for an installed copy that has no papers).
    """
    errors: list[SourceError] = []
    entities = Entities()
    documents: list[tuple[Path, dict[str, Any]]] = []
    entity_file = tables / "entities.yaml"
    paper_files = sorted((tables / "papers").glob("*.yaml"))
    for path in [entity_file, *paper_files]:
        try:
            doc = read_yaml(path)
        except SourceError as exc:
            errors.append(exc)
            continue
        except FileNotFoundError:
            errors.append(SourceError(path, None, None, "file not found"))
            continue
        if not isinstance(doc, dict):
            errors.append(SourceError(path, None, None, "expected a mapping at the top level"))
            continue
        documents.append((path, doc))
        sections = fields_of(doc) if path == entity_file else fields_of(doc.get("entities") or {})
        for section, rows in sections.items():
            entities.add_section(path, section, rows, errors)
    entities.index(errors)

    papers: list[Paper] = []
    claims: list[Claim] = []
    ids: dict[str, Claim] = {}
    for path, doc in documents:
        if path == entity_file:
            continue
        seed = doc.get("seed")
        if not isinstance(seed, str) or not seed.endswith(".txt"):
            errors.append(SourceError(path, line_of(doc, "seed"), "seed", "name the seed file"))
            continue
        seed_path = seeds / seed if seeds is not None else None
        if seed_path is not None and not seed_path.is_file():
            errors.append(SourceError(path, line_of(doc, "seed"), "seed", f"{seed_path} not found"))
            continue
        unknown = set(fields_of(doc)) - {"seed", "entities", "omitted", "claims"}
        if unknown:
            errors.append(SourceError(path, None, sorted(unknown)[0], "unknown top-level key"))
        omitted = []
        for entry in doc.get("omitted") or []:
            if not isinstance(entry, dict) or not {"locator", "reason"} <= entry.keys():
                line = line_of(entry) if isinstance(entry, dict) else line_of(doc, "omitted")
                errors.append(
                    SourceError(path, line, "omitted", "each entry needs locator and reason")
                )
                continue
            omitted.append({"locator": str(entry["locator"]), "reason": str(entry["reason"])})
        papers.append(Paper(seed, str(path), omitted))
        for kind, rows in fields_of(doc.get("claims") or {}).items():
            if kind not in KINDS:
                errors.append(SourceError(path, None, kind, f"unknown claim kind {kind!r}"))
                continue
            if not isinstance(rows, list):
                errors.append(SourceError(path, None, kind, "expected a list of rows"))
                continue
            for row in rows:
                claim, row_errors = check_claim(kind, row, seed, path, entities, seed_path)
                errors.extend(row_errors)
                if claim is None:
                    continue
                twin = ids.get(claim.id)
                if twin is not None:
                    errors.append(
                        SourceError(
                            path,
                            claim.line,
                            "id",
                            f"duplicate of the row at {twin.path}:{twin.line} ({claim.id})",
                        )
                    )
                    continue
                ids[claim.id] = claim
                claims.append(claim)
    _check_arm_references(claims, errors)
    publications = read_publications(
        tables / PUBLICATIONS_FILE,
        {paper.seed for paper in papers},
        errors,
        known={f"{path.stem}.txt" for path in paper_files},
    )
    if errors:
        raise SourceErrors(errors)
    return Tables(entities, papers, claims, publications)


def _check_arm_references(claims: list[Claim], errors: list[SourceError]) -> None:
    """An outcome's arm must be an arm that some `trial` row declares for that trial."""
    arms: dict[str, set[str]] = {}
    for claim in claims:
        if claim.kind == "trial":
            trial = claim.values["trial"][1]
            arms.setdefault(trial, set()).update(a["arm"] for a in claim.values.get("arms", []))
    for claim in claims:
        if claim.kind not in {"outcome", "adverse-event"} or "trial" not in claim.values:
            continue
        trial = claim.values["trial"][1]
        for key in ("arm", "comparator"):
            arm = claim.values.get(key)
            if arm is not None and arm not in arms.get(trial, set()):
                known = ", ".join(sorted(arms.get(trial, set()))) or "none declared"
                errors.append(
                    SourceError(
                        claim.path,
                        claim.line,
                        key,
                        f"trial {trial!r} has no arm {arm!r} (known: {known})",
                    )
                )
