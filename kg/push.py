"""`alkkg push`: load the built graph into a remote triple store, as one named graph per release.

The graph goes first into a fresh staging graph (Graph Store HTTP Protocol when a GSP URL is
given, SPARQL Update `INSERT DATA` otherwise), in chunks, and its triple count is checked. Only
then is it moved onto the target graph with SPARQL Update `MOVE` (one operation: atomic on
engines with transactional updates), and the target's count is checked again. If anything
fails, the staging graph is dropped and the target graph is left as it was, and the error says so.
Blank nodes are skolemised (`/.well-known/genid/`) so that chunks cannot split them.
"""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import RemoteError
from kg.query.remote import Auth, RemoteEndpoint
from kg.store import build_lock, default_graph_ntriples, open_store, release_info

GRAPH_BASE = "https://w3id.org/alkkg/graph/"
GENID = "https://w3id.org/alkkg/.well-known/genid/"
_BNODE = re.compile(r"_:([A-Za-z0-9_\-.]+)")


@dataclass
class PushResult:
    graph: str
    triples: int
    seconds: float

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds if self.seconds else float("inf")


def release_graph(store_path: Path) -> str:
    return GRAPH_BASE + str(release_info(store_path)["version"])


def skolemised_lines(store: ox.Store) -> list[str]:
    data = default_graph_ntriples(store).decode()
    return [_BNODE.sub(lambda m: f"<{GENID}{m[1]}>", line) for line in data.splitlines() if line]


class Pusher:
    def __init__(
        self,
        query_url: str,
        update_url: str,
        gsp_url: str | None,
        auth: Auth | None,
        timeout: float,
    ) -> None:
        self.remote = RemoteEndpoint(query_url, auth=auth, timeout=timeout)
        self.update_url, self.gsp_url, self.auth, self.timeout = update_url, gsp_url, auth, timeout
        self.password_manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if auth is not None and auth.user is not None:
            self.password_manager.add_password(None, update_url, auth.user, auth.password or "")
            if gsp_url:
                self.password_manager.add_password(None, gsp_url, auth.user, auth.password or "")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPDigestAuthHandler(self.password_manager),
            urllib.request.HTTPBasicAuthHandler(self.password_manager),
        )

    def _send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        headers = {"Content-Type": content_type}
        if self.auth is not None and self.auth.token:
            headers |= self.auth.header()
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500].strip()
            if exc.code in (401, 403):
                raise RemoteError(f"{url}: authorisation refused ({exc.code}): {detail}") from None
            raise RemoteError(f"{url}: HTTP {exc.code}: {detail}") from None
        except OSError as exc:
            raise RemoteError(f"{url}: cannot reach the endpoint ({exc})") from None

    def update(self, text: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode()
        self._send("POST", self.update_url, body, "application/x-www-form-urlencoded")

    def upload(self, graph: str, lines: list[str], first: bool) -> None:
        if self.gsp_url:
            separator = "&" if "?" in self.gsp_url else "?"
            key = "graph-uri" if "graph-crud" in self.gsp_url else "graph"
            url = f"{self.gsp_url}{separator}{urllib.parse.urlencode({key: graph})}"
            body = ("\n".join(lines) + "\n").encode()
            self._send("PUT" if first else "POST", url, body, "application/n-triples")
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }")

    def count(self, graph: str) -> int:
        _, rows = self.remote.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        )
        return int(rows[0][0].value)


def push(
    store_path: Path,
    query_url: str,
    *,
    update_url: str | None = None,
    gsp_url: str | None = None,
    graph: str | None = None,
    auth: Auth | None = None,
    chunk: int = 20_000,
    timeout: float = 120,
    progress: Callable[[int, int], None] | None = None,
) -> PushResult:
    """Push the store's current graph into `graph` (default: the release's graph IRI)."""
    started = time.perf_counter()
    with build_lock(store_path):  # not while a build switches releases under us
        graph = graph or release_graph(store_path)
        lines = skolemised_lines(open_store(store_path))
    pusher = Pusher(query_url, update_url or query_url, gsp_url, auth, timeout)
    staging = f"{graph}/staging-{uuid.uuid4().hex[:12]}"
    if not gsp_url:
        chunk = min(chunk, 1_000)  # engines parse INSERT DATA in memory (Virtuoso fails at 5,000)
    try:
        for offset in range(0, len(lines), chunk):
            pusher.upload(staging, lines[offset : offset + chunk], first=offset == 0)
            if progress:
                progress(min(offset + chunk, len(lines)), len(lines))
        staged = pusher.count(staging)
        if staged != len(lines):
            raise RemoteError(f"the staging graph holds {staged} triples, {len(lines)} were sent")
        pusher.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
    except RemoteError as exc:
        try:
            pusher.update(f"DROP SILENT GRAPH <{staging}>")
            cleanup = "the staging graph was dropped"
        except RemoteError:
            cleanup = f"the staging graph <{staging}> may remain: drop it"
        raise RemoteError(f"push failed, <{graph}> was not changed ({cleanup}): {exc}") from None
    final = pusher.count(graph)
    if final != len(lines):
        raise RemoteError(f"<{graph}> holds {final} triples after the push, expected {len(lines)}")
    return PushResult(graph, len(lines), time.perf_counter() - started)


def print_progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} triples")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
