"""HTTP clients that record what a user would notice: status, latency, a dropped connection.

Also `tree_rss`, the resident memory of a server and all its worker processes, read from /proc.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Outcome:
    status: int | None  # None: the connection dropped or timed out without an answer
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    problem: str = ""


class Client:
    """One keep-alive connection, reopened when the server closes it (as a real client does)."""

    def __init__(self, endpoint: str, timeout: float) -> None:
        parts = urlsplit(endpoint)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def send(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Outcome:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            self.connection.request(method, target, body=body or None, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            outcome = Outcome(
                response.status,
                time.monotonic() - started,
                {k.lower(): v for k, v in response.getheaders()},
                data,
            )
            if response.will_close:
                self.close()
            return outcome
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Outcome(None, time.monotonic() - started, problem=f"{type(exc).__name__}: {exc}")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
        except OSError:
            continue
        todo += children.get(current, [])
    return total


class MemoryWatch:
    """Samples a process tree's resident memory in the background; `peak` is the most seen."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.every)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
