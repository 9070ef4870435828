"""Builds are atomic and serialised: a killed build, or a second one, leaves the graph usable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from clients import Client, Outcome
from conftest import start_server

from kg.errors import UsageError
from kg.query import run_named
from kg.store import (
    SOURCE_GRAPH,
    StoreError,
    build_lock,
    current_release,
    default_graph_ntriples,
    default_graph_size,
    find_release,
    list_releases,
    open_store,
    release_info,
    source_graphs_nquads,
    write_release,
)

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_CLASS = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")


def build_process(store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "ALKKG_STORE"},
    )


def still_answers(store: Path) -> None:
    labels = {
        row[1].value
        for row in run_named(
            open_store(store), "agents-active-against", {"mutation": "G1202R"}
        ).rows
    }
    assert labels == {"lorlatinib"}


@pytest.fixture
def store_copy(store_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy, symlinks=True)
    return copy


@pytest.mark.slow  # five real builds, each killed
@pytest.mark.parametrize("delay", [0.2, 1.0, 2.5, 4.0, 5.5])
def test_a_build_killed_at_any_moment_leaves_the_graph_usable(
    store_copy: Path, delay: float
) -> None:
    before = release_info(store_copy)
    process = build_process(store_copy)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    after = release_info(store_copy)
    # either the old release, or a complete new one: never a half-written graph
    assert after == before or after["triples"] == before["triples"]
    still_answers(store_copy)


def test_a_second_build_is_refused_while_one_runs(store_copy: Path) -> None:
    with build_lock(store_copy):
        done = build_process(store_copy)
        _, stderr = done.communicate(timeout=60)
    assert done.returncode == 1
    assert b"another build is writing" in stderr
    still_answers(store_copy)


def test_the_lock_is_exclusive_in_process_too(store_copy: Path) -> None:
    with (
        build_lock(store_copy),
        pytest.raises(StoreError, match="another build"),
        build_lock(store_copy),
    ):
        pass


@pytest.mark.slow  # a real server and a real build
def test_a_server_serves_through_a_rebuild_and_then_serves_the_new_graph(
    store_copy: Path,
) -> None:
    """No request fails while a build runs; the next request after it is answered from it."""
    before = current_release(store_copy).name
    outcomes: list[Outcome] = []
    stop = threading.Event()
    for server in start_server(store_copy):

        def ask(url: str = server.url) -> None:
            client = Client(url, timeout=30)
            while not stop.is_set():
                outcomes.append(client.send("GET", "/api/drug-targets?drug=crizotinib", {}, b""))
                time.sleep(0.05)

        thread = threading.Thread(target=ask)
        thread.start()
        build = build_process(store_copy)
        assert build.wait(timeout=300) == 0, build.stderr.read().decode()
        time.sleep(1)
        stop.set()
        thread.join()
    after = current_release(store_copy).name
    releases = [o.headers.get("x-graph-release") for o in outcomes]
    assert after != before
    assert len(outcomes) > 20 and all(o.status == 200 and b"ALK" in o.body for o in outcomes)
    assert releases[0] == before and releases[-1] == after


def test_the_built_graph_is_read_back_without_the_imported_modules() -> None:
    """What validation and `alkkg push` read: the default graph only, never an import's graph."""
    store = ox.Store()
    built = ox.Quad(ox.NamedNode("https://w3id.org/alkkg/id/a"), RDF_TYPE, OWL_CLASS)
    imported = ox.Quad(
        ox.NamedNode("http://purl.obolibrary.org/obo/CHEBI_1"),
        RDF_TYPE,
        OWL_CLASS,
        ox.NamedNode("https://w3id.org/alkkg/graph/import/chebi"),
    )
    store.extend([built, imported])
    lines = default_graph_ntriples(store).decode().splitlines()
    assert lines == [f"{built.triple} ."]


def _write(store: Path, claim: str) -> Path:
    """A tiny release: one triple in the default graph, one in a source snapshot graph."""
    data = f"<https://w3id.org/alkkg/id/claim/{claim}> <{RDF_TYPE.value}> <{OWL_CLASS.value}> .\n".encode()
    snapshot = (
        f"<https://w3id.org/alkkg/id/claim/{claim}> <{RDF_TYPE.value}> <{OWL_CLASS.value}> "
        f"<{SOURCE_GRAPH}papers/0.1.0> .\n".encode()
    )
    with build_lock(store):
        return write_release(store, data, {"version": "0", "claims": 1}, snapshot)


def test_the_current_and_the_previous_release_are_kept_and_named(tmp_path: Path) -> None:
    """`alkkg diff` compares the previous release with the current: pruning keeps both, even
    when they were written in the same second, and removes what a killed build left."""
    first = _write(tmp_path, "a")
    (tmp_path / "releases" / "00000000T000000-1").mkdir()  # a killed build's leftover
    second = _write(tmp_path, "b")
    third = _write(tmp_path, "c")
    assert len({first.name, second.name, third.name}) == 3
    releases = list_releases(tmp_path)
    assert [r.name for r in releases] == [second.name, third.name]
    assert [r.current for r in releases] == [False, True]
    assert find_release(tmp_path, "previous").name == second.name
    assert find_release(tmp_path, "current").name == third.name
    assert find_release(tmp_path, third.name).current
    with pytest.raises(UsageError) as error:
        find_release(tmp_path, first.name)
    assert second.name in str(error.value) and third.name in str(error.value)


def test_a_release_keeps_its_source_graphs_apart_from_the_built_graph(tmp_path: Path) -> None:
    _write(tmp_path, "a")
    store = open_store(tmp_path)
    assert default_graph_size(store) == 1
    assert len(store) == 2
    carried = source_graphs_nquads(store).decode()
    assert carried.strip().endswith(f"<{SOURCE_GRAPH}papers/0.1.0> .")


def test_previous_of_a_single_release_is_a_usage_error(tmp_path: Path) -> None:
    only = _write(tmp_path, "a")
    with pytest.raises(UsageError, match=f"no release before the current one \\({only.name}\\)"):
        find_release(tmp_path, "previous")
