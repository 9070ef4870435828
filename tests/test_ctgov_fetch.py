"""`alkkg fetch ctgov`: the API v2 client against a local server replaying the real records.

The replay answers `GET /api/v2/studies/<NCT id>` with the shared examples' bytes (read-only in
`shared/data/ctgov/`, never copied here), an unknown id with 404 and a plain-text body, and faults
on demand (503 with Retry-After, a cut connection). Never the live network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from shared_data import SHARED_DATA

from kg.build.sources import FetchableSource
from kg.errors import RemoteError, UsageError
from loaders.ctgov import fetch as ctgov_fetch
from loaders.ctgov import mapped
from loaders.ctgov import source as ctgov

SHARED = SHARED_DATA / "ctgov"
V2 = ["NCT02210780", "NCT00763412", "NCT03418623"]


class Replay(ThreadingHTTPServer):
    """ClinicalTrials.gov's single-study endpoint as replayed, with faults by request number."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.faults: dict[int, str] = {}
        self.paths: list[str] = []
        self.agents: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/v2/studies"


class _Handler(BaseHTTPRequestHandler):
    server: Replay

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.paths.append(self.path)
            self.server.agents.append(self.headers.get("User-Agent", ""))
            fault = self.server.faults.get(len(self.server.paths), "")
        nct = self.path.removeprefix("/api/v2/studies/")
        record = SHARED / f"{nct}.json"
        if fault == "503":
            self._send(503, b"busy", "text/plain", {"Retry-After": "1"})
        elif fault == "cut":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"protocolSection": ')
        elif not self.path.startswith("/api/v2/studies/") or not record.is_file():
            self._send(404, f"NCT number {nct} not found".encode(), "text/plain")
        else:
            self._send(200, record.read_bytes(), "application/json")

    def _send(
        self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[Replay]:
    monkeypatch.setenv("no_proxy", "127.0.0.1")  # a proxy in the environment must not intervene
    for nct in V2:
        if not (SHARED / f"{nct}.json").is_file():
            pytest.fail(f"the shared ClinicalTrials.gov examples are needed: {SHARED}")
    server = Replay()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_one_study_is_written_as_the_api_returned_it(replay: Replay, tmp_path: Path) -> None:
    out = tmp_path / "one.json"
    result = ctgov.fetch(out, ids="NCT02210780", endpoint=replay.url)
    assert (result.records, result.listed, result.path) == (1, 1, out)
    assert json.loads(out.read_bytes()) == json.loads((SHARED / "NCT02210780.json").read_bytes())
    assert replay.paths == ["/api/v2/studies/NCT02210780"]
    assert replay.agents[0].startswith("alkkg/")


def test_several_studies_make_one_file_that_loads(replay: Replay, tmp_path: Path) -> None:
    out = tmp_path / "several.json"
    ctgov.fetch(out, ids="nct02210780, NCT00763412 NCT03418623", endpoint=replay.url)
    written = json.loads(out.read_text())
    assert [s["protocolSection"]["identificationModule"]["nctId"] for s in written["studies"]] == V2
    studies, graph = mapped(out)
    assert [s.nct_id for s in studies] == V2 and graph.claims == 89 - 3  # no synthetic record


def test_a_directory_gets_one_file_per_study(replay: Replay, tmp_path: Path) -> None:
    result = ctgov.fetch(tmp_path, ids="NCT00763412,NCT03418623", endpoint=replay.url)
    assert result.records == 2
    for nct in ("NCT00763412", "NCT03418623"):
        assert json.loads((tmp_path / f"{nct}.json").read_text()) == json.loads(
            (SHARED / f"{nct}.json").read_text()
        )


def test_an_unknown_study_fails_naming_it_and_writes_nothing(
    replay: Replay, tmp_path: Path
) -> None:
    out = tmp_path / "studies.json"
    out.write_text("previous")
    with pytest.raises(RemoteError, match=r"NCT99999999: HTTP 404 .*no such study.*not found"):
        ctgov.fetch(out, ids="NCT02210780 NCT99999999", endpoint=replay.url)
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["studies.json"]


def test_busy_is_retried_after_the_wait_it_asks_for(replay: Replay, tmp_path: Path) -> None:
    replay.faults = {1: "503"}
    waits: list[float] = []
    ctgov_fetch.fetch_studies(
        ["NCT03418623"], tmp_path / "a.json", endpoint=replay.url, sleep=waits.append
    )
    assert waits == [1.0] and len(replay.paths) == 2


def test_a_cut_answer_is_a_remote_error(replay: Replay, tmp_path: Path) -> None:
    replay.faults = {1: "cut"}
    with pytest.raises(RemoteError, match="NCT03418623"):
        ctgov_fetch.fetch_studies(
            ["NCT03418623"], tmp_path / "a.json", endpoint=replay.url, timeout=5
        )


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({}, "name the studies"),
        ({"ids": "12345"}, "not an NCT id"),
        ({"ids": "NCT02210780", "gene": "ALK"}, "unknown fetch option"),
    ],
)
def test_options_are_checked(options: dict[str, str], said: str) -> None:
    with pytest.raises(UsageError, match=said):
        ctgov.fetch(None, **options)


def test_the_source_is_fetchable_and_names_its_default_file() -> None:
    assert isinstance(ctgov, FetchableSource)
    name = ctgov_fetch.default_out(["NCT02210780"]).name
    assert name.startswith("ctgov-NCT02210780-") and name.endswith(".json")


# --- from the command line: fetch a folder of records, load them all --------------------------


def _alkkg(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALKKG_STORE": str(store_path), "no_proxy": "127.0.0.1"}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_fetch_by_ids_into_a_folder_then_load_every_file(replay: Replay, tmp_path: Path) -> None:
    records, store_path = tmp_path / "records", tmp_path / "store"
    records.mkdir()
    fetched = _alkkg(
        store_path, "fetch", "ctgov", "NCT02210780", "NCT03418623",
        "--endpoint", replay.url, "--out", str(records),
    )  # fmt: skip
    assert fetched.returncode == 0, fetched.stderr
    files = sorted(records.iterdir())
    assert [f.name for f in files] == ["NCT02210780.json", "NCT03418623.json"]
    loaded = _alkkg(store_path, "load", "ctgov", *map(str, files), "--no-reasoner")
    assert loaded.returncode == 0, loaded.stderr
    snapshot = list((store_path / "sources" / "ctgov").iterdir())
    assert sorted(p.name for p in snapshot) == ["NCT02210780.json", "NCT03418623.json"]
    rows = {}
    for nct in ("NCT02210780", "NCT03418623"):  # each resolves: a name not in the graph is an error
        trial = _alkkg(
            store_path, "query", "trial-outcomes", "--param", f"trial={nct}", "--format", "csv"
        )
        assert trial.returncode == 0, trial.stderr
        rows[nct] = trial.stdout.count("ctgov-" + nct.lower())
    assert rows["NCT02210780"] > 0 and rows["NCT03418623"] == 0  # the second has no results


def test_a_study_in_two_files_is_refused_naming_both(tmp_path: Path) -> None:
    from kg.build.load import load
    from kg.errors import SourceErrors
    from loaders import sources

    first, again = tmp_path / "a.json", tmp_path / "b.json"
    for path in (first, again):
        path.write_bytes((SHARED / "NCT03418623.json").read_bytes())
    with pytest.raises(SourceErrors) as refused:
        load("ctgov", [first, again], tmp_path / "store", sources(), reasoner=False)
    (error,) = refused.value.errors
    assert Path(error.path).name == "b.json" and "NCT03418623 is also in a.json" in error.message
    assert not list((tmp_path / "store" / "sources" / "ctgov").iterdir())


def test_civic_takes_one_file(tmp_path: Path) -> None:
    from kg.build.load import load
    from loaders import sources

    with pytest.raises(UsageError, match="'civic' takes one file"):
        load("civic", [tmp_path / "a.json", tmp_path / "b.json"], tmp_path, sources())
