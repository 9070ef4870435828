"""Property-based: any malformed row is reported with file, line and field, or, if it happens
to be valid, is in the graph. Never a traceback, never a silently missing row."""

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
from loaders.papers.kinds import KINDS

pytestmark = pytest.mark.slow  # Hypothesis: every example reloads all tables

PAPER = "papers/004_2fa91ba12ac4dc08.yaml"
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


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), value=JUNK)
@pytest.mark.parametrize("section", sorted(GOOD))
def test_a_field_with_any_value(
    tables: Path, baseline: tuple[str, int], section: str, data: st.DataObject, value: object
) -> None:
    field = data.draw(st.sampled_from(sorted(set(KINDS[section][0]) | {"locator", "quote"})))
    check(tables, baseline, section, {**GOOD[section], field: value})


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), extra=st.text(min_size=1, max_size=12))
@pytest.mark.parametrize("section", sorted(GOOD))
def test_missing_and_unknown_fields(
    tables: Path, baseline: tuple[str, int], section: str, data: st.DataObject, extra: str
) -> None:
    dropped = data.draw(st.sets(st.sampled_from(sorted(GOOD[section])), min_size=1))
    row = {k: v for k, v in GOOD[section].items() if k not in dropped}
    if (
        extra not in KINDS[section][0]
        and extra not in {"note", "id", "flag", "correction"}
        and extra.isprintable()
    ):
        row[extra] = "x"
    check(tables, baseline, section, row)


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
