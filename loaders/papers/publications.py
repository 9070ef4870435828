"""`publications.yaml`: the papers' bibliographic rows, each checked, one for every paper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import SourceError
from loaders.papers.reading import fields_of, line_of, read_yaml


@dataclass
class Publication:
    """One source paper as `publications.yaml` describes it."""

    seed: str
    label: str
    title: str
    citation: str
    where_seen: str
    doi: str | None = None
    pmid: str | None = None


PUBLICATIONS_FILE = "publications.yaml"
_PUBLICATION_REQUIRED = ("seed", "label", "title", "citation", "where_seen")
_PUBLICATION_OPTIONAL = ("doi", "pmid")


def read_publications(
    path: Path, seeds: set[str], errors: list[SourceError], known: set[str] | None = None
) -> list[Publication]:
    """The papers' bibliographic rows, each field checked, and one row for every paper.

    `seeds` are the papers that need a row; `known` also counts paper tables that could not be
    read (named after their seed), so that one broken table is reported once, not twice.
    """
    known = seeds | (known or set())
    try:
        doc = read_yaml(path)
    except SourceError as exc:
        errors.append(exc)
        return []
    except FileNotFoundError:
        errors.append(SourceError(path, None, None, "file not found"))
        return []
    rows = doc.get("publications") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        errors.append(SourceError(path, None, "publications", "expected a list of publications"))
        return []
    publications = []
    mentioned: set[str] = set()  # a row with a problem still names its paper
    for row in rows:
        if not isinstance(row, dict):
            errors.append(SourceError(path, None, "publications", f"expected a mapping: {row!r}"))
            continue
        fields = fields_of(row)
        mentioned.add(str(fields.get("seed")))
        problems = [
            SourceError(path, line_of(row), name, "required field missing")
            for name in _PUBLICATION_REQUIRED
            if fields.get(name) in (None, "")
        ] + [
            SourceError(path, line_of(row, name), name, "unknown field for a publication")
            for name in fields
            if name not in _PUBLICATION_REQUIRED + _PUBLICATION_OPTIONAL
        ]
        if fields.get("seed") and str(fields["seed"]) not in known:
            problems.append(
                SourceError(
                    path,
                    line_of(row, "seed"),
                    "seed",
                    f"no paper table has seed {fields['seed']!r}",
                )
            )
        if problems:
            errors.extend(problems)
            continue
        publications.append(
            Publication(
                **{k: str(fields[k]) for k in _PUBLICATION_REQUIRED},
                **{k: str(fields[k]) for k in _PUBLICATION_OPTIONAL if fields.get(k)},
            )
        )
    for seed in sorted(seeds - mentioned):
        errors.append(SourceError(path, None, "seed", f"no publication row for paper {seed}"))
    return publications
