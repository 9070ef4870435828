"""The command line relaunches itself on mimalloc or jemalloc when one is installed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.allocator import SETTING, find

INSTALLED = find()
needs_library = pytest.mark.skipif(
    INSTALLED is None, reason="neither mimalloc nor jemalloc is installed"
)


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=True,
    )


@needs_library
def test_alkkg_runs_on_the_installed_allocator() -> None:
    assert f"allocator {INSTALLED})" in _run("-m", "kg", "--version").stdout


def test_alkkg_keeps_the_system_allocator_when_asked() -> None:
    assert "allocator system)" in _run("-m", "kg", "--version", **{SETTING: "system"}).stdout


@needs_library
def test_query_workers_run_on_it_too(tmp_path) -> None:
    """The server's workers are spawned processes: they inherit the preload, as any child does."""
    script = (
        "import multiprocessing as mp; from kg.allocator import active, relaunch; relaunch()\n"
        "if __name__ == '__main__':\n"
        "    with mp.get_context('spawn').Pool(1) as pool: print(active(), pool.apply(active))"
    )
    (tmp_path / "spawn.py").write_text(script)
    assert _run(str(tmp_path / "spawn.py")).stdout.split() == [INSTALLED, INSTALLED]
