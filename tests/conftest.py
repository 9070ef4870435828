"""One real build per test session, into a temporary store, shared by the query tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from engines import free_port
from starlette.testclient import TestClient

from kg.build.pipeline import BuildResult, build
from kg.config import Settings
from kg.resources import seeds_dir
from kg.store import open_store
from kg.web.app import create_app
from loaders import sources

SERVER_TIMEOUT = 3


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    if seeds_dir() is None:
        pytest.fail("the seed papers are needed (../shared/seeds or ALKKG_SEEDS)")
    store_path = tmp_path_factory.mktemp("store")
    return store_path, build(store_path, sources())


@pytest.fixture(scope="session")
def store_path(built: tuple[Path, BuildResult]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def store(store_path: Path) -> ox.Store:
    return open_store(store_path)


@pytest.fixture(scope="session")
def app_client(store_path: Path) -> Iterator[TestClient]:
    """The server's app in process (its worker pool running), for the route tests."""
    with TestClient(create_app(Settings(store_path, timeout=SERVER_TIMEOUT))) as client:
        yield client


@pytest.fixture(scope="session")
def endpoint(store_path: Path) -> Iterator[str]:
    """A real `alkkg serve` on a free port of 127.0.0.1, with a short query timeout."""
    for server in start_server(store_path):
        yield server.url


@dataclass
class Server:
    url: str
    pid: int


def start_server(store_path: Path, *extra: str) -> Iterator[Server]:
    """Start `alkkg serve` (extra flags after the defaults, so they win) and wait for it."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--port",
            str(port),
            "--timeout",
            str(SERVER_TIMEOUT),
            *extra,
        ],
        env={**os.environ, "ALKKG_STORE": str(store_path)},
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(f"server did not start: {server.stderr.read().decode()}")
    try:
        yield Server(base, server.pid)
    finally:  # also when the caller closes the generator early
        server.terminate()
        server.wait(timeout=10)
