"""kg.errors: what a user can act on exits with its own code; a bug says it is one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest

from kg import cli
from kg.errors import (
    EXIT_BUG,
    EXIT_FAILED,
    EXIT_USAGE,
    AlkkgError,
    BuildError,
    QueryError,
    Refusal,
    SourceError,
    SourceErrors,
    StoreError,
    UsageError,
    exit_code,
)
from kg.names import UnknownName


@pytest.mark.parametrize(
    ("error", "code", "status"),
    [
        (QueryError("no such parameter"), EXIT_USAGE, 400),
        (UnknownName("drug", "lorlatinb", ["lorlatinib"]), EXIT_USAGE, 400),
        (Refusal(403, "SERVICE is disabled"), EXIT_USAGE, 403),
        (SourceErrors([SourceError("x.yaml", 3, "level", "not one of A, B")]), EXIT_FAILED, 500),
        (BuildError("SHACL found 2 violations"), EXIT_FAILED, 500),
        (StoreError("no graph built"), EXIT_FAILED, 500),
    ],
)
def test_each_failure_has_its_exit_code_and_status(
    error: AlkkgError, code: int, status: int
) -> None:
    assert exit_code(error) == code
    assert error.status == status


def test_a_bug_is_never_a_usage_error() -> None:
    assert exit_code(ValueError("a mistake in our code")) == EXIT_BUG
    assert exit_code(KeyError("label")) == EXIT_BUG
    assert exit_code(FileNotFoundError("no such file")) == EXIT_FAILED  # the environment's


def test_a_source_error_names_file_line_and_field() -> None:
    error = SourceError("loaders/tables/papers/000.yaml", 12, "level", "'F' is not one of A-E")
    assert str(error) == "loaders/tables/papers/000.yaml:12: field 'level': 'F' is not one of A-E"


def _command_raising(exc: BaseException) -> Callable[[argparse.Namespace, Path], int]:
    def command(args: argparse.Namespace, store_path: Path) -> int:
        raise exc

    return command


def test_the_cli_reports_a_bug_as_a_bug_and_shows_the_traceback_with_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "stats", _command_raising(KeyError("label")))
    assert cli.main(["stats", "--store", str(tmp_path)]) == EXIT_BUG
    err = capsys.readouterr().err
    assert "internal error" in err and "bug in alkkg" in err and "Traceback" not in err
    assert cli.main(["--debug", "stats", "--store", str(tmp_path)]) == EXIT_BUG
    assert "Traceback" in capsys.readouterr().err


def test_the_cli_reports_a_users_mistake_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "stats", _command_raising(UsageError("--param takes K=V")))
    assert cli.main(["stats", "--store", str(tmp_path)]) == EXIT_USAGE
    assert capsys.readouterr().err == "alkkg stats: --param takes K=V\n"
