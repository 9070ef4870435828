"""A malformed source row is reported with file, line and field, and never reaches a store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import loaders.check
from kg.build.pipeline import BuildError, assemble, build
from kg.build.sources import installed_sources
from kg.errors import SourceError, SourceErrors
from kg.resources import seeds_dir
from kg.store import default_graph_size, open_store, release_info
from loaders import TABLES, sources
from loaders.papers import load

PAPER = "papers/004_2fa91ba12ac4dc08.yaml"
GOOD_ROW = """
    - locator: Table 2
      quote: "250 mg twice daily"
      agent: crizotinib
      dose: 250
      unit: mg
"""


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    copy = tmp_path / "tables"
    shutil.copytree(TABLES, copy)
    return copy


def append_claims(tables: Path, text: str, kind: str = "dose") -> int:
    """Insert rows at the top of one kind's list in one paper; return the first row's line."""
    path = tables / PAPER
    lines = path.read_text().splitlines()
    kind_at = lines.index(f"  {kind}:")
    lines[kind_at + 1 : kind_at + 1] = text.strip("\n").splitlines()
    path.write_text("\n".join(lines) + "\n")
    return kind_at + 2


def only_error(tables: Path) -> SourceError:
    with pytest.raises(SourceErrors) as caught:
        load(tables, seeds_dir())
    assert len(caught.value.errors) == 1, caught.value
    return caught.value.errors[0]


def test_the_shipped_tables_load(tables: Path) -> None:
    loaded = load(tables, seeds_dir())
    assert len(loaded.claims) > 900
    assert {p.seed[:3] for p in loaded.papers} == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("dose: 250", "dose: lots"), "dose", "expected a number"),
        (("agent: crizotinib", "agent: crizotinab"), "agent", "did you mean: crizotinib"),
        (("unit: mg", "unit: grams"), "unit", "is not one of"),
        (("      dose: 250\n", ""), "dose", "required field missing"),
        (("250 mg twice daily", "250 mg three times daily"), "quote", "does not occur"),
        (("unit: mg", "unit: mg\n      colour: blue"), "colour", "unknown field"),
    ],
)
def test_a_bad_row_names_file_line_and_field(
    tables: Path, change: tuple[str, str], field: str, message: str
) -> None:
    first_line = append_claims(tables, GOOD_ROW.replace(*change))
    error = only_error(tables)
    assert error.path.endswith(PAPER)
    assert error.field == field
    assert message in error.message
    assert first_line <= (error.line or 0) <= first_line + 8
    assert f"{PAPER.split('/')[1]}:{error.line}" in str(error)


def test_a_duplicate_row_is_refused(tables: Path) -> None:
    append_claims(tables, GOOD_ROW + GOOD_ROW)
    assert "duplicate" in only_error(tables).message


def test_an_outcome_must_name_a_declared_arm(tables: Path) -> None:
    append_claims(
        tables,
        """
    - locator: Table 3
      quote: "ORR"
      trial: UMIN000015984
      arm: placebo
      endpoint: ORR
      statistic: proportion
      value: 33.3
      unit: percent
      level: B
""",
        kind="outcome",
    )
    error = only_error(tables)
    assert error.field == "arm" and "no arm 'placebo'" in error.message


OUTCOME_ROW = """
    - locator: Results, Efficacy
      quote: "At this stage, the ORR was 33.3%"
      trial: UMIN000015984
      arm: crizotinib
      endpoint: ORR
      statistic: proportion
      value: 33.3
      unit: percent
      level: B
"""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("      level: B\n", ""), "level", "required: A, B, C, D, E or review"),
        (("level: B", "level: strong"), "level", "is not one of A, B, C, D, E, review"),
        (("level: B", "level: B\n      direction: maybe"), "direction", "is not one of"),
        (("statistic: proportion", "statistic: rate"), "time_point", "a rate needs the time point"),
        (("level: B", "level: B\n      time_point: 6"), "time_unit", "go together"),
    ],
)
def test_an_outcome_says_its_level_and_a_rate_its_time_point(
    tables: Path, change: tuple[str, str], field: str, message: str
) -> None:
    append_claims(tables, OUTCOME_ROW.replace(*change), kind="outcome")
    error = only_error(tables)
    assert (error.field, error.path.endswith(PAPER)) == (field, True)
    assert message in error.message


def test_a_rate_with_its_time_point_loads(tables: Path) -> None:
    row = OUTCOME_ROW.replace("statistic: proportion", "statistic: rate")
    append_claims(tables, row + "      time_point: 6\n      time_unit: months\n", kind="outcome")
    assert load(tables, seeds_dir()).claims


def test_a_strategy_says_whether_it_is_advice(tables: Path) -> None:
    append_claims(
        tables,
        """
    - locator: Results, Efficacy
      quote: "At this stage, the ORR was 33.3%"
      situation: progression
      recommendation: chemotherapy
""",
        kind="strategy",
    )
    error = only_error(tables)
    assert error.field == "stance" and error.message == "required field missing"


def test_two_trials_with_one_registry_id_are_refused(tables: Path) -> None:
    path = tables / PAPER
    text = path.read_text().replace(
        "entities:\n",
        "entities:\n  trials:\n  - {id: umin-twin, label: UMIN twin, registry_id: UMIN000015984,"
        " synonyms: []}\n",
        1,
    )
    path.write_text(text)
    entities = tables / "entities.yaml"
    entities.write_text(
        entities.read_text().replace(
            "synonyms: [UMIN000015984]}", "synonyms: [UMIN000015984], registry_id: UMIN000015984}"
        )
    )
    error = only_error(tables)
    assert error.field == "registry_id"
    assert "one trial is one entity" in error.message


def test_a_repeated_key_is_refused_not_silently_dropped(tables: Path) -> None:
    append_claims(tables, GOOD_ROW.replace("unit: mg", "unit: mg\n      dose: 500"))
    error = only_error(tables)
    assert "repeated key 'dose'" in error.message and error.line


def test_broken_yaml_and_encoding_are_located(tables: Path) -> None:
    path = tables / PAPER
    path.write_text(path.read_text() + "\n  bad: [unclosed\n")
    error = only_error(tables)
    assert "not valid YAML" in error.message and error.line
    path.write_bytes(b"seed: \xff\xfe\n")
    assert "not valid UTF-8" in only_error(tables).message


def test_a_failed_build_leaves_the_previous_graph_intact(tables: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    build(store_path, sources(), tables=tables, reasoner=False)
    before = release_info(store_path)
    append_claims(tables, GOOD_ROW.replace("agent: crizotinib", "agent: nobodyknowsib"))
    with pytest.raises(SourceErrors):
        build(store_path, sources(), tables=tables, reasoner=False)
    (tables / PAPER).write_text((tables / PAPER).read_text().replace("nobodyknowsib", "crizotinib"))
    append_claims(tables, GOOD_ROW.replace("dose: 250", "dose: -250"))
    with pytest.raises(BuildError):
        build(store_path, sources(), tables=tables, reasoner=False)
    assert release_info(store_path) == before
    assert default_graph_size(open_store(store_path)) == before["triples"]


def test_a_shacl_violation_fails_the_build(tables: Path, tmp_path: Path) -> None:
    # A negative dose passes the table checks (it is a number) but not the shapes.
    append_claims(tables, GOOD_ROW.replace("dose: 250", "dose: -250"))
    with pytest.raises(BuildError, match="a dose is a positive number"):
        build(tmp_path / "store", sources(), tables=tables, reasoner=False)
    assert not (tmp_path / "store" / "current").exists()


def test_grading_a_row_keeps_its_iri(tables: Path) -> None:
    """A level, a direction or a report qualifies a claim; adding one must not rename it."""
    plain = append_claims(
        tables, OUTCOME_ROW.replace("      level: B\n", "      level: C\n"), "outcome"
    )
    first = {c.line: c.id for c in load(tables, seeds_dir()).claims if c.path.endswith(PAPER)}
    path = tables / PAPER
    path.write_text(
        path.read_text().replace(
            "      level: C\n",
            "      level: B\n      direction: supports\n      report: update\n",
            1,
        )
    )
    second = {c.line: c.id for c in load(tables, seeds_dir()).claims if c.path.endswith(PAPER)}
    assert first[plain] == second[plain]


def test_the_lorlatinib_g1202r_claim_keeps_the_iri_it_was_published_with(tables: Path) -> None:
    ids = {c.id for c in load(tables, seeds_dir()).claims}
    assert "000-activity-360bf3eb73" in ids  # README, VA-Spec and KGX examples cite it


@pytest.mark.parametrize(
    ("table", "old", "new", "field", "message"),
    [
        (PAPER, "agent: crizotinib", "agent: crizotinab", "agent", "unknown agent"),
        (
            "entities.yaml",
            "class: alk-inhibitor",
            "class: alk-inhibiter",
            "class",
            "is not one of",
        ),
        (
            "publications.yaml",
            "    label: Kazaz",
            "    lable: Kazaz",
            "label",
            "required field missing",
        ),
        (
            "publications.yaml",
            "    label: Kazaz",
            "    colour: red\n    label: Kazaz",
            "colour",
            "unknown field",
        ),
        (
            "publications.yaml",
            "  - seed: 004_2fa91ba12ac4dc08.txt",
            "  - seed: 009_nothing.txt",
            "seed",
            "no paper table",
        ),
        (
            "mappings.sssom.tsv",
            "alkkg.id:agent/crizotinib\t",
            "alkkg.id:agent/crizotinab\t",
            "subject_id",
            "no entity",
        ),
        (
            "mappings.sssom.tsv",
            "skos:exactMatch\tNCIT:C74061",
            "skos:exactMatch\tNCTI:C74061",
            "object_id",
            "prefix not in curie_map",
        ),
        (
            "mappings.sssom.tsv",
            "#   NCIT: http://purl.obolibrary.org/obo/NCIT_",
            "#   NCIT: http://purl.obolibrary.org/obo/NCIt_",
            "curie_map",
            "but kg.prefixes has http://purl.obolibrary.org/obo/NCIT_",
        ),
        (
            "mappings.sssom.tsv",
            "#   NCIT: http://purl.obolibrary.org/obo/NCIT_",
            "#   NCIT: http://purl.obolibrary.org/obo/NCIT_\n#   FOO: https://example.org/foo/",
            "curie_map",
            "'FOO' is not in kg.prefixes",
        ),
    ],
)
def test_the_curators_check_fails_on_every_table_the_build_rejects(
    tables: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    old: str,
    new: str,
    field: str,
    message: str,
) -> None:
    """Each source broken in turn: the check and the build reject it, with file, line, field."""
    path = tables / table
    assert old in path.read_text(), old
    path.write_text(path.read_text().replace(old, new, 1))
    assert loaders.check.main(["--tables", str(tables)]) == 1
    out = capsys.readouterr().out
    assert f"{table}:" in out and f"field '{field}'" in out and message in out, out
    located = next(line for line in out.splitlines() if message in line)
    assert located.startswith(f"{path}:") and located.split(":")[1].isdigit(), located
    with pytest.raises(SourceErrors, match=re.escape(message)):
        assemble(sources(), tables=tables, reasoner=False)


def test_the_check_passes_the_shipped_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert loaders.check.main([]) == 0
    assert "ok: 1111 claims from civic, ctgov, mappings, papers" in capsys.readouterr().out


def test_the_build_finds_the_sources_the_package_declares() -> None:
    """The entry points `alkkg.sources` are this package's sources, so `alkkg build` reads them."""
    assert installed_sources() == sources()
