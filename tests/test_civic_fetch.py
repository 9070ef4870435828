"""`alkkg fetch civic` against a local server replaying CIViC's GraphQL API (never the network).

The replayed pages are built at test time from the real nodes of the shared export
(`shared/data/civic/civic-alk-evidence-items-2025-10-31.json`), wrapped in the `evidenceItems`
connection envelope of CIViC's schema; see tests/data/civic/replay/README.md for what that is
and is not. The server is a real HTTP server on 127.0.0.1 that checks each request (a GraphQL
POST with our query and variables, our User-Agent), serves the page its cursor names, and can be
told to fail a given request in each way a remote fails.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from shared_data import CIVIC_EXPORT

from kg.build.sources import FetchableSource
from kg.cli import main
from kg.errors import RemoteError, UsageError
from loaders.civic import fetch as civic_fetch

SHARED = CIVIC_EXPORT
"""The shared CIViC export (read-only, never copied into the repository), as test_civic_read
finds it."""
SERVER_PAGE = 50
"""The replay's page size: like graphql-ruby, it serves at most this many nodes per page."""


@pytest.fixture(scope="module")
def shared_nodes() -> list[dict[str, Any]]:
    if not SHARED.is_file():
        pytest.fail(f"the CIViC export is needed ({SHARED}, or ALKKG_CIVIC_EXPORT)")
    return json.loads(SHARED.read_text(encoding="utf-8"))


@pytest.fixture
def replay_pages(tmp_path: Path, shared_nodes: list[dict[str, Any]]) -> dict[str | None, Path]:
    """The replay's pages, written into tmp_path: the cursor they answer (None: the first) → file."""
    folder = tmp_path / "replay"
    folder.mkdir()
    pages: dict[str | None, Path] = {}
    cursor: str | None = None
    for start in range(0, len(shared_nodes), SERVER_PAGE):
        nodes = shared_nodes[start : start + SERVER_PAGE]
        end = start + len(nodes)
        has_next = end < len(shared_nodes)
        envelope = {
            "data": {
                "evidenceItems": {
                    "totalCount": len(shared_nodes),
                    "pageInfo": {
                        "hasNextPage": has_next,
                        "endCursor": f"replay-{end}",  # opaque to the client
                    },
                    "nodes": nodes,
                }
            }
        }
        path = folder / f"page-{len(pages) + 1}.json"
        path.write_text(json.dumps(envelope), encoding="utf-8")
        pages[cursor] = path
        cursor = f"replay-{end}"
    return pages


class Replay(ThreadingHTTPServer):
    """CIViC's endpoint as replayed: pages by cursor, request checks, and faults on demand."""

    daemon_threads = True

    def __init__(self, pages: dict[str | None, Path]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = pages
        self.faults: dict[int, str] = {}
        """Request number (1-based, retries counted) → how to fail it."""
        self.requests: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/graphql"


class _Handler(BaseHTTPRequestHandler):
    server: Replay

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            number = len(self.server.requests) + 1
            fault = self.server.faults.get(number, "")
            problems = self._check(body)
            self.server.requests.append(json.loads(body) if not problems else {})
            self.server.problems.extend(problems)
        if problems:
            return self._send(400, json.dumps({"errors": [{"message": p} for p in problems]}))
        page = self.server.pages[json.loads(body)["variables"]["after"]].read_bytes()
        if fault == "500":
            self._send(500, "Internal Server Error", "text/plain")
        elif fault == "errors":
            message = "replayed failure: a GraphQL error as the API would report it"
            self._send(200, json.dumps({"data": None, "errors": [{"message": message}]}))
        elif fault in ("429", "503"):
            self._send(int(fault), "slow down", "text/plain", {"Retry-After": "1"})
        elif fault == "503-long":
            self._send(503, "maintenance", "text/plain", {"Retry-After": "3600"})
        elif fault == "html":
            self._send(200, "<html><body>502 Bad Gateway</body></html>", "text/html")
        elif fault == "truncated":  # says its full length, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page[: len(page) // 2])
        elif fault == "hang":
            time.sleep(1.5)
            self._send(200, page.decode())
        elif fault == "drop":  # one node missing: the count no longer adds up
            envelope = json.loads(page)
            envelope["data"]["evidenceItems"]["nodes"].pop()
            self._send(200, json.dumps(envelope))
        else:
            self._send(200, page.decode())

    def _check(self, body: bytes) -> list[str]:
        """What is wrong with the request, as CIViC's endpoint would see it."""
        problems = []
        if self.path != "/api/graphql":
            problems.append(f"path {self.path}")
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            problems.append(f"Content-Type {self.headers.get('Content-Type')}")
        if not self.headers.get("User-Agent", "").startswith("alkkg/"):
            problems.append(f"User-Agent {self.headers.get('User-Agent')}")
        try:
            request = json.loads(body)
            query, variables = request["query"], request["variables"]
        except (ValueError, KeyError, TypeError) as exc:
            return [*problems, f"not a GraphQL POST body: {exc}"]
        for part in (
            "evidenceItems(status: ACCEPTED, first: $first, after: $after)",
            "totalCount",
            "pageInfo { hasNextPage endCursor }",
            "molecularProfile { id name variants { name feature { name } } }",
            "therapyInteractionType",
            "variantOrigin",
            "clinicalTrials { nctId }",
        ):
            if part not in query:
                problems.append(f"query lacks {part!r}")
        if not isinstance(variables.get("first"), int) or variables["first"] < SERVER_PAGE:
            problems.append(f"first {variables.get('first')!r}: the replay serves {SERVER_PAGE}")
        if variables.get("after") not in self.server.pages:
            problems.append(f"unknown cursor {variables.get('after')!r}")
        return problems

    def _send(
        self,
        status: int,
        text: str,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = text.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)


@pytest.fixture
def replay(
    replay_pages: dict[str | None, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Replay]:
    monkeypatch.setenv("no_proxy", "127.0.0.1")  # a proxy in the environment must not intervene
    server = Replay(replay_pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    assert server.problems == [], "the client sent requests CIViC's endpoint would refuse"


def _fetch(replay: Replay, out: Path, **options: Any) -> civic_fetch.FetchResult:
    options.setdefault("page_size", SERVER_PAGE)
    options.setdefault("timeout", 5.0)
    return civic_fetch.fetch_evidence(out, endpoint=replay.url, **options)


def test_three_pages_make_the_shared_file(replay: Replay, tmp_path: Path) -> None:
    out = tmp_path / "civic.json"
    result = _fetch(replay, out)
    assert (result.records, result.listed, result.pages) == (146, 146, 3)
    assert out.read_bytes() == SHARED.read_bytes()  # same items, same order, same content
    assert [r["variables"]["after"] for r in replay.requests] == [None, "replay-50", "replay-100"]
    assert result.origin == replay.url and result.path == out


def test_the_gene_is_read_from_the_profile_features(
    replay: Replay, tmp_path: Path, shared_nodes: list[dict[str, Any]]
) -> None:
    eml4 = _fetch(replay, tmp_path / "eml4.json", gene="EML4")
    named = [n["id"] for n in shared_nodes if "EML4::ALK" in n["molecularProfile"]["name"]]
    written = [n["id"] for n in json.loads((tmp_path / "eml4.json").read_text())]
    assert written == named and eml4.records == len(named) and eml4.listed == 146
    _fetch(replay, tmp_path / "ros1.json", gene="ros1")  # only `v::ALK Fusion OR v::ROS1 Fusion`
    assert [n["id"] for n in json.loads((tmp_path / "ros1.json").read_text())] == [11671]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("500", "HTTP 500"),
        ("errors", "the API reports errors: replayed failure"),
        ("truncated", "the answer broke off (IncompleteRead"),
        ("html", "the answer is not JSON"),
        ("hang", "no answer within 0.5 s"),
        ("503-long", "asks us to wait 3600 s"),
    ],
)
def test_a_failed_page_is_a_remote_error_and_writes_nothing(
    replay: Replay, tmp_path: Path, fault: str, message: str
) -> None:
    out = tmp_path / "out" / "civic.json"
    out.parent.mkdir()
    out.write_text("the previous fetch")
    replay.faults = {2: fault}
    with pytest.raises(RemoteError) as caught:
        _fetch(replay, out, timeout=0.5)
    assert f"{replay.url}: page 2 (after cursor 'replay-50'): " in str(caught.value)
    assert message in str(caught.value)
    assert out.read_text() == "the previous fetch"
    assert [p.name for p in out.parent.iterdir()] == ["civic.json"]  # no partial file left


def test_a_missing_item_is_not_a_complete_fetch(replay: Replay, tmp_path: Path) -> None:
    replay.faults = {3: "drop"}
    with pytest.raises(
        RemoteError, match="counts 146 accepted evidence items but its 3 pages held 145"
    ):
        _fetch(replay, tmp_path / "civic.json")
    assert list(tmp_path.glob("civic*")) == []


@pytest.mark.parametrize("status", ["429", "503"])
def test_busy_is_retried_after_the_wait_it_asks_for(
    replay: Replay, tmp_path: Path, status: str
) -> None:
    waits: list[float] = []
    replay.faults = {2: status, 3: status}
    result = _fetch(replay, tmp_path / "civic.json", sleep=waits.append)
    assert waits == [1.0, 1.0] and len(replay.requests) == 5
    assert (result.records, result.pages) == (146, 3)
    assert (tmp_path / "civic.json").read_bytes() == SHARED.read_bytes()


def test_busy_is_retried_a_bounded_number_of_times(replay: Replay, tmp_path: Path) -> None:
    waits: list[float] = []
    replay.faults = {n: "429" for n in range(2, 10)}
    with pytest.raises(RemoteError, match=r"page 2 .*HTTP 429 .* after 4 attempts"):
        _fetch(replay, tmp_path / "civic.json", sleep=waits.append, retries=3)
    assert waits == [1.0, 1.0, 1.0] and len(replay.requests) == 5
    assert not (tmp_path / "civic.json").exists()


def test_an_unreachable_endpoint_is_named(tmp_path: Path) -> None:
    with pytest.raises(
        RemoteError, match=r"http://127\.0\.0\.1:9/api/graphql: page 1: cannot reach"
    ):
        civic_fetch.fetch_evidence(tmp_path / "x.json", endpoint="http://127.0.0.1:9/api/graphql")


def test_options_are_checked() -> None:
    with pytest.raises(UsageError, match="unknown fetch option"):
        civic_fetch.fetch(None, colour="red")
    with pytest.raises(UsageError, match="page size must be a number"):
        civic_fetch.fetch(None, page_size="many")


def test_the_default_file_name_is_dated_like_the_shared_one() -> None:
    from datetime import date

    assert civic_fetch.default_out("ALK", date(2025, 10, 31)).name == SHARED.name


class _FetchOnlyCivic:
    """Stand-in for the CIViC source until h-civic-map's `loaders.civic.source` is merged: the
    one method it gains, `fetch`, exactly as it will be wired."""

    name = "civic"

    def read(self, options: object) -> object:
        raise NotImplementedError("a fetch-only stand-in")

    def fetch(self, out: Path | None = None, **options: str) -> civic_fetch.FetchResult:
        return civic_fetch.fetch(out, **options)


class _Entry:
    def load(self) -> object:
        return _FetchOnlyCivic()


@pytest.fixture
def civic_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.fetch

    installed = kg.fetch._entries()
    monkeypatch.setattr(kg.fetch, "_entries", lambda: {**installed, "civic": _Entry()})


@pytest.mark.usefixtures("civic_entry_point")
def test_cli_fetch_writes_the_file(
    replay: Replay, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "civic.json"
    assert main(["fetch", "civic", "--endpoint", replay.url, "--out", str(out)]) == 0
    assert "wrote 146 records to" in capsys.readouterr().out
    assert out.read_bytes() == SHARED.read_bytes()


@pytest.mark.usefixtures("civic_entry_point")
def test_cli_fetch_failure_exits_1_with_the_message(
    replay: Replay, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "civic.json"
    replay.faults = {2: "500"}
    assert main(["fetch", "civic", "--endpoint", replay.url, "--out", str(out)]) == 1
    assert f"alkkg fetch: {replay.url}: page 2 (after cursor 'replay-50'): HTTP 500" in (
        capsys.readouterr().err
    )
    assert not out.exists()


def test_cli_fetch_of_a_source_that_cannot_be_fetched(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "papers"]) == 2
    assert "source 'papers' cannot be fetched" in capsys.readouterr().err
    assert main(["fetch", "nosuch"]) == 2
    assert "no source named 'nosuch'" in capsys.readouterr().err


def test_the_installed_civic_source_is_fetchable() -> None:
    import kg.fetch

    entries = kg.fetch._entries()
    if "civic" not in entries:
        pytest.skip("the CIViC source (loaders.civic:source, branch h-civic-map) is not merged yet")
    assert isinstance(entries["civic"].load(), FetchableSource)


def test_the_fetched_file_is_what_alkkg_load_reads(replay: Replay, tmp_path: Path) -> None:
    from loaders.civic.read import read_evidence

    out = tmp_path / "civic.json"
    _fetch(replay, out)
    items = read_evidence(out)
    assert [item.id for item in items] == [n["id"] for n in json.loads(SHARED.read_text())]
