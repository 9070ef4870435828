"""The code type-checks: mypy, as configured in pyproject.toml, finds no error in kg or loaders.

A test rather than a separate CI step, so that `pytest` alone (the README's test command, which
CI runs) covers it. mypy runs as a developer runs it, from the checkout, with a cache of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Stub packages of the `test` extra: without them mypy reports their libraries as untyped.
STUBS = ("types-PyYAML",)


def _missing_stubs() -> list[str]:
    missing = []
    for name in STUBS:
        try:
            distribution(name)
        except PackageNotFoundError:
            missing.append(name)
    return missing


@pytest.mark.skipif(
    bool(_missing_stubs()),
    reason=f"stub packages not installed ({', '.join(_missing_stubs())}): pip install '.[test]'",
)
def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every module of both packages was checked, not a part of them.
    modules = [p for package in ("kg", "loaders") for p in (ROOT / package).rglob("*.py")]
    checked = re.search(r"no issues found in (\d+) source files", result.stdout)
    assert checked is not None, result.stdout
    assert int(checked[1]) == len(modules)
