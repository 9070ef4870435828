"""CIViC's evidence TSV release (`ClinicalEvidenceSummaries.tsv`) read into `EvidenceItem` records.

CIViC writes it with its own formatter (griffithlab/civic-v2,
`server/app/tsv_formatters/evidence_item_tsv_formatter.rb`): one header row of the 25 columns in
`COLUMNS`, then one row per item, through a CSV writer with a tab separator (so a field may be
quoted, with `""` for a quote), the statement's newlines written as spaces, lists (therapies,
NCT ids, phenotypes) joined with `,`. Its values are the database's display spellings
(`Sensitivity/Response`, `Does Not Support`, `Predictive`, `accepted`, `PubMed`); CIViC's GraphQL
enums name each of them (civic-v2 `server/app/graphql/types/evidence_significance_type.rb`,
`evidence_direction_type.rb`, `evidence_type_type.rb`, `therapy_interaction_type.rb`,
`variant_origin_type.rb`, `evidence_status_type.rb`, `source_source_type.rb`: `value
"SENSITIVITYRESPONSE", value: "Sensitivity/Response"`), and those tables are copied below so both
forms give the same records. A display value not in them is kept as written, for the mapping to
report with the id; it is not an error here.

The TSV has less than the API gives: therapy names without NCIt ids, a disease name and DOID
without aliases, a short citation instead of the title, year and PMC id. Those fields stay None
(or empty), never filled in from elsewhere. The phenotypes, last review date, CIViC URLs and flag
columns are checked to be present but not kept: the record has no place for them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from kg.errors import SourceError, SourceErrors
from loaders.civic.items import Disease, EvidenceItem, Source, Therapy

COLUMNS = (
    "molecular_profile",
    "molecular_profile_id",
    "disease",
    "doid",
    "phenotypes",
    "therapies",
    "therapy_interaction_type",
    "evidence_type",
    "evidence_direction",
    "evidence_level",
    "significance",
    "evidence_statement",
    "citation_id",
    "source_type",
    "asco_abstract_id",
    "citation",
    "nct_ids",
    "rating",
    "evidence_status",
    "evidence_id",
    "variant_origin",
    "last_review_date",
    "evidence_civic_url",
    "molecular_profile_civic_url",
    "is_flagged",
)
FIRST_COLUMN = COLUMNS[0]

EVIDENCE_TYPES = {
    "Diagnostic": "DIAGNOSTIC",
    "Prognostic": "PROGNOSTIC",
    "Predictive": "PREDICTIVE",
    "Predisposing": "PREDISPOSING",
    "Functional": "FUNCTIONAL",
    "Oncogenic": "ONCOGENIC",
}
DIRECTIONS = {"Supports": "SUPPORTS", "Does Not Support": "DOES_NOT_SUPPORT", "N/A": "NA"}
SIGNIFICANCES = {
    "Sensitivity/Response": "SENSITIVITYRESPONSE",
    "Resistance": "RESISTANCE",
    "Better Outcome": "BETTER_OUTCOME",
    "Poor Outcome": "POOR_OUTCOME",
    "Positive": "POSITIVE",
    "Negative": "NEGATIVE",
    "N/A": "NA",
    "Adverse Response": "ADVERSE_RESPONSE",
    "Pathogenic": "PATHOGENIC",
    "Likely Pathogenic": "LIKELY_PATHOGENIC",
    "Benign": "BENIGN",
    "Likely Benign": "LIKELY_BENIGN",
    "Uncertain Significance": "UNCERTAIN_SIGNIFICANCE",
    "Reduced Sensitivity": "REDUCED_SENSITIVITY",
    "Gain of Function": "GAIN_OF_FUNCTION",
    "Loss of Function": "LOSS_OF_FUNCTION",
    "Unaltered Function": "UNALTERED_FUNCTION",
    "Neomorphic": "NEOMORPHIC",
    "Unknown": "UNKNOWN",
    "Dominant Negative": "DOMINANT_NEGATIVE",
    "Predisposition": "PREDISPOSITION",
    "Protectiveness": "PROTECTIVENESS",
    "Oncogenicity": "ONCOGENICITY",
}
INTERACTIONS = {
    "Combination": "COMBINATION",
    "Sequential": "SEQUENTIAL",
    "Substitutes": "SUBSTITUTES",
}
VARIANT_ORIGINS = {
    "Somatic": "SOMATIC",
    "Rare Germline": "RARE_GERMLINE",
    "Common Germline": "COMMON_GERMLINE",
    "Unknown": "UNKNOWN",
    "N/A": "NA",
    "Germline or Somatic": "GERMLINE_OR_SOMATIC",
}
STATUSES = {"accepted": "ACCEPTED", "submitted": "SUBMITTED", "rejected": "REJECTED"}
SOURCE_TYPES = {"PubMed": "PUBMED", "ASCO": "ASCO"}

# The writer joins therapy names with "," although a name may hold one ("2,4-pyrimidinediamine"):
# a comma between two digits is a chemical locant, never the join, since CIViC's therapy names
# start with a letter or a locant and a join is followed by the next name's first character.
_LIST_SPLIT = re.compile(r"(?<!\d),|,(?!\d)")


def read_tsv(path: Path) -> list[EvidenceItem]:
    """Every evidence item of a CIViC evidence TSV; `SourceErrors` naming `file:line` otherwise."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SourceErrors([SourceError(path, None, None, f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise SourceErrors([SourceError(path, None, None, f"not UTF-8 text: {exc}")]) from exc
    return parse_tsv(text, path)


def parse_tsv(text: str, path: Path | str) -> list[EvidenceItem]:
    """As `read_tsv`, for text already read; `path` only names the file in messages."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=True)
    errors: list[SourceError] = []
    items: list[EvidenceItem] = []
    seen: dict[int, int] = {}
    header_checked = False
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(SourceError(path, reader.line_num, None, f"not CIViC's TSV: {exc}"))
            break
        if not row or row == [""]:
            continue
        if not header_checked:
            header_checked = True
            errors.extend(_header_problems(row, path))
            if errors:
                break
            continue
        if len(row) != len(COLUMNS):
            errors.append(
                SourceError(
                    path,
                    line,
                    None,
                    f"has {len(row)} fields, the header has {len(COLUMNS)} (a tab lost or added?)",
                )
            )
            continue
        row_errors: list[SourceError] = []
        item = _item(dict(zip(COLUMNS, row, strict=True)), path, line, row_errors)
        errors.extend(row_errors)
        if item is None:
            continue
        if item.id in seen:
            errors.append(
                SourceError(
                    path,
                    line,
                    "evidence_id",
                    f"evidence item {item.id} is also on line {seen[item.id]}",
                )
            )
            continue
        seen[item.id] = line
        items.append(item)
    if not header_checked:
        errors.append(SourceError(path, None, None, "is empty: no header row"))
    elif not items and not errors:
        errors.append(SourceError(path, None, None, "holds a header but no evidence items"))
    if errors:
        raise SourceErrors(errors)
    return items


def _header_problems(header: list[str], path: Path | str) -> list[SourceError]:
    """Each missing, unexpected or misplaced column, named; an empty list if the header is CIViC's."""
    if tuple(header) == COLUMNS:
        return []
    problems = [
        SourceError(path, 1, column, "column missing from the header")
        for column in COLUMNS
        if column not in header
    ]
    problems += [
        SourceError(path, 1, column, "not a column of CIViC's evidence TSV")
        for column in header
        if column not in COLUMNS
    ]
    if not problems:
        for i, (found, expected) in enumerate(zip(header, COLUMNS, strict=False), 1):
            if found != expected:
                problems.append(
                    SourceError(path, 1, found, f"column {i} should be {expected!r}: out of order")
                )
                break
        else:
            problems.append(SourceError(path, 1, None, "a column is repeated in the header"))
    return problems


def _item(
    row: dict[str, str], path: Path | str, line: int, errors: list[SourceError]
) -> EvidenceItem | None:
    evidence_id = _int(row, "evidence_id", path, line, errors)
    label = f"evidence item {evidence_id}: " if evidence_id is not None else ""

    def fail(field: str, problem: str) -> None:
        errors.append(SourceError(path, line, field, f"{label}{problem}"))

    n_errors = len(errors)
    profile_id = _int(row, "molecular_profile_id", path, line, errors, label)
    rating = _int(row, "rating", path, line, errors, label, required=False)
    for required in ("molecular_profile", "evidence_type", "evidence_level", "citation_id"):
        if not row[required].strip():
            fail(required, "is empty")
    for required in ("significance", "evidence_direction", "source_type", "evidence_status"):
        if not row[required].strip():
            fail(required, "is empty")
    disease_name, doid = row["disease"].strip(), row["doid"].strip()
    if doid and not disease_name:
        fail("disease", f"is empty, but the DOID is {doid}")
    if len(errors) > n_errors or evidence_id is None or profile_id is None:
        return None
    interaction = row["therapy_interaction_type"].strip()
    origin = row["variant_origin"].strip()
    return EvidenceItem(
        id=evidence_id,
        status=_spelling(STATUSES, row["evidence_status"]),
        evidence_type=_spelling(EVIDENCE_TYPES, row["evidence_type"]),
        significance=_spelling(SIGNIFICANCES, row["significance"]),
        direction=_spelling(DIRECTIONS, row["evidence_direction"]),
        level=row["evidence_level"].strip(),
        rating=rating,
        description=row["evidence_statement"],
        profile_id=profile_id,
        profile_name=row["molecular_profile"].strip(),
        therapies=tuple(Therapy(name=name) for name in _list(row["therapies"])),
        therapy_interaction=_spelling(INTERACTIONS, interaction) if interaction else None,
        disease=Disease(name=disease_name, doid=doid or None) if disease_name else None,
        source=Source(
            citation_id=row["citation_id"].strip(),
            source_type=_spelling(SOURCE_TYPES, row["source_type"]),
            asco_abstract_id=row["asco_abstract_id"].strip() or None,
            citation=row["citation"].strip() or None,
        ),
        nct_ids=tuple(_list(row["nct_ids"])),
        variant_origin=_spelling(VARIANT_ORIGINS, origin) if origin else None,
        where=f"{path}:{line}",
    )


def _spelling(table: dict[str, str], value: str) -> str:
    """The GraphQL spelling of a display value; an unknown value is kept as CIViC wrote it."""
    value = value.strip()
    return table.get(value, value)


def _list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(value) if part.strip()]


def _int(
    row: dict[str, str],
    column: str,
    path: Path | str,
    line: int,
    errors: list[SourceError],
    label: str = "",
    *,
    required: bool = True,
) -> int | None:
    value = row[column].strip()
    if not value:
        if required:
            errors.append(SourceError(path, line, column, f"{label}is empty"))
        return None
    if not value.isdigit():
        errors.append(SourceError(path, line, column, f"{label}{value!r} is not a whole number"))
        return None
    return int(value)
