"""One real build per test session, into a temporary store, shared by the query tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildResult, build
from kg.resources import seeds_dir
from kg.store import open_store


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    if seeds_dir() is None:
        pytest.fail("the seed papers are needed (../shared/seeds or ALKKG_SEEDS)")
    store_path = tmp_path_factory.mktemp("store")
    return store_path, build(store_path)


@pytest.fixture(scope="session")
def store_path(built: tuple[Path, BuildResult]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def store(store_path: Path) -> ox.Store:
    return open_store(store_path)
