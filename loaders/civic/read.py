"""One entry for both of CIViC's published forms: `read_evidence(path)`.

The form is told from the content, not the file name, since a download keeps whatever name it was
saved under: JSON (the GraphQL API's nodes or answers) starts with `[` or `{`; CIViC's evidence TSV
starts with its header row, whose first column is `molecular_profile`. Anything else is refused
with the file named, before any of it is loaded.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import SourceError, SourceErrors
from loaders.civic.graphql import parse_graphql
from loaders.civic.items import EvidenceItem
from loaders.civic.tsv import FIRST_COLUMN, parse_tsv


def read_evidence(path: Path) -> list[EvidenceItem]:
    """Every evidence item of a CIViC export, in either form; `SourceErrors` naming the file and
    the evidence id or line when it cannot be read whole."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SourceErrors([SourceError(path, None, None, f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise SourceErrors([SourceError(path, None, None, f"not UTF-8 text: {exc}")]) from exc
    start = text.lstrip()
    if not start:
        raise SourceErrors([SourceError(path, None, None, "is empty")])
    if start[0] in "[{":
        return parse_graphql(text, path)
    first = start.split("\n", 1)[0].split("\t", 1)[0].strip().strip('"')
    if first == FIRST_COLUMN:
        return parse_tsv(text, path)
    try:
        json.loads(text)
    except ValueError:
        pass
    else:  # JSON, but not a list or object: the JSON reader says what it found
        return parse_graphql(text, path)
    raise SourceErrors(
        [
            SourceError(
                path,
                1,
                None,
                "neither CIViC's GraphQL JSON (a list or object) nor its evidence TSV "
                f"(a header starting with {FIRST_COLUMN!r})",
            )
        ]
    )
