"""Property-based: any malformed row is reported with file, line and field, or, if it happens
to be valid, is a claim. Never a traceback, never a silently missing row.

Hostile rows go through the row checker (`check_claim`, what the loader runs on every row), read
from YAML with line numbers as a table is: fast enough for the quick run. Whole tables (any bytes
as a paper, and an accepted row reaching the loaded tables) are checked in the slow run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import SourceErrors
from kg.resources import seeds_dir
from loaders import TABLES
from loaders.papers import load
from loaders.papers.entities import Entities
from loaders.papers.kinds import KINDS
from loaders.papers.reading import read_yaml
from loaders.papers.rows import check_claim

PAPER = "papers/004_2fa91ba12ac4dc08.yaml"
SEED = "004_2fa91ba12ac4dc08.txt"
GOOD = {  # a valid row of each section, not yet in the paper's table
    "dose": {
        "locator": "Table 2",
        "quote": "250 mg twice daily",
        "agent": "crizotinib",
        "dose": 250,
        "unit": "mg",
    },
    "activity": {
        "locator": "Results, Efficacy",
        "quote": "Three of the nine patients responded to the study treatment",
        "agent": "alectinib",
        "variant": "EML4-ALK",
        "activity": "reduced",
        "evidence": "clinical",
    },
}
NAMES = st.one_of(
    st.from_regex(r"\A[A-Z][0-9]{3,4}[A-Z]\Z"),  # mutation-like: G1202R, or one never seen
    st.from_regex(r"\A(ALK |p\.)?[A-Z][a-z]{0,2}[0-9]{4}[A-Z][a-z]{0,2}\Z"),
    st.sampled_from(["crizotinib", "LDK378", "lorlatinib ", "Crizotinib", "criz0tinib", ""]),
)
JUNK = st.one_of(
    NAMES,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("hostile") / "tables"
    shutil.copytree(TABLES, copy)
    return copy


@pytest.fixture(scope="module")
def baseline(tables: Path) -> tuple[str, int]:
    return (tables / PAPER).read_text(), len(load(tables, seeds_dir()).claims)


def write_row(tables: Path, original: str, section: str, row: dict) -> int:
    """Put `row` first in the paper's list of `section`; return the line it starts on."""
    lines = original.splitlines()
    at = lines.index(f"  {section}:") + 1
    block = yaml.safe_dump([row], allow_unicode=True, sort_keys=False).splitlines()
    lines[at:at] = ["    " + line for line in block]
    (tables / PAPER).write_text("\n".join(lines) + "\n")
    return at + 1


def check(tables: Path, baseline: tuple[str, int], section: str, row: dict) -> None:
    original, count = baseline
    first_line = write_row(tables, original, section, row)
    try:
        loaded = load(tables, seeds_dir())
    except SourceErrors as exc:
        for error in exc.errors:
            assert error.path.endswith(PAPER), error
            assert error.line is not None and first_line <= error.line < first_line + 2 + 2 * len(
                row
            ), error
            assert error.field, error
        return
    finally:
        (tables / PAPER).write_text(original)
    assert len(loaded.claims) == count + 1  # accepted, so it is there


@pytest.fixture(scope="module")
def entities() -> Entities:
    return load(TABLES, seeds_dir()).entities


def check_row(folder: Path, entities: Entities, section: str, row: dict) -> None:
    """Check `row` as the loader does, read from a table with line numbers."""
    path = folder / "paper.yaml"
    path.write_text(yaml.safe_dump({section: [row]}, allow_unicode=True, sort_keys=False))
    (read,) = read_yaml(path)[section]
    seeds = seeds_dir()
    claim, errors = check_claim(
        section, read, SEED, path, entities, seeds / SEED if seeds else None
    )
    if claim is None:
        assert errors, "a refused row must say why"
    for error in errors:
        assert error.path == str(path), error
        assert error.line is not None and 2 <= error.line <= 2 + 2 * len(row), error
        assert error.field, error
    if claim is not None:
        assert not errors
        assert {k for k in row if row[k] not in (None, "", [])} <= set(claim.values) | {"id"}


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), value=JUNK)
@pytest.mark.parametrize("section", sorted(GOOD))
def test_a_field_with_any_value(
    tmp_path: Path, entities: Entities, section: str, data: st.DataObject, value: object
) -> None:
    field = data.draw(st.sampled_from(sorted(set(KINDS[section][0]) | {"locator", "quote"})))
    check_row(tmp_path, entities, section, {**GOOD[section], field: value})


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), extra=st.text(min_size=1, max_size=12))
@pytest.mark.parametrize("section", sorted(GOOD))
def test_missing_and_unknown_fields(
    tmp_path: Path, entities: Entities, section: str, data: st.DataObject, extra: str
) -> None:
    dropped = data.draw(st.sets(st.sampled_from(sorted(GOOD[section])), min_size=1))
    row = {k: v for k, v in GOOD[section].items() if k not in dropped}
    if (
        extra not in KINDS[section][0]
        and extra not in {"note", "id", "flag", "correction"}
        and extra.isprintable()
    ):
        row[extra] = "x"
    check_row(tmp_path, entities, section, row)


@pytest.mark.slow  # loads every table
@pytest.mark.parametrize("section", sorted(GOOD))
def test_an_accepted_row_is_a_claim_of_the_loaded_tables(
    tables: Path, baseline: tuple[str, int], section: str
) -> None:
    check(tables, baseline, section, GOOD[section])


@pytest.mark.slow  # loads every table per example
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_any_bytes_as_a_table(tables: Path, baseline: tuple[str, int], data: bytes) -> None:
    original, _ = baseline
    (tables / PAPER).write_bytes(data)
    try:
        load(tables, seeds_dir())
    except SourceErrors as exc:
        assert all(e.path for e in exc.errors)
    finally:
        (tables / PAPER).write_text(original)
