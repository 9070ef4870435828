"""`alkkg load <source> FILE`: only a loadable source takes a file, and a refused file changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.load import load, loadable
from kg.errors import SourceErrors, UsageError
from loaders import sources


def test_only_a_loadable_source_takes_a_file() -> None:
    assert loadable("civic", sources()).name == "civic"
    with pytest.raises(UsageError, match="not loaded from a file; loadable: civic"):
        loadable("papers", sources())
    with pytest.raises(UsageError, match="no source called 'clinvar'"):
        loadable("clinvar", sources())


def test_a_refused_file_keeps_nothing_and_builds_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "civic.json"
    bad.write_text('[{"id": 1')  # truncated
    store = tmp_path / "store"
    with pytest.raises(SourceErrors, match=str(bad)):
        load("civic", bad, store, sources())
    assert not (store / "current").exists()
    assert not (store / "sources" / "civic").exists()


def test_the_cli_says_which_source_it_does_not_know(tmp_path: Path) -> None:
    env = {**os.environ, "ALKKG_STORE": str(tmp_path / "store")}
    done = subprocess.run(
        [sys.executable, "-m", "kg", "load", "papers", str(tmp_path / "x.json")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert "not loaded from a file" in done.stderr
