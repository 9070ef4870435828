"""`alkkg fetch <source>`: download a source's input from its publisher, for `alkkg load`.

`kg` never imports `loaders`, so the source is found by its entry point name (group
`alkkg.sources`) and must be a `FetchableSource`; the download itself (its API, paging, retries,
atomic write) is the source's business. Fetching and loading are separate steps on purpose: the
file fetched is what a release is loaded from, and can be kept, checked and loaded again.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from kg.build.sources import ENTRY_POINT_GROUP, FetchableSource, FetchResult
from kg.errors import RemoteError, UsageError

Opener = Callable[..., Any]
"""`urllib.request.urlopen`, or a test's stand-in with its signature."""


def _entries() -> dict[str, EntryPoint]:
    return {entry.name: entry for entry in entry_points(group=ENTRY_POINT_GROUP)}


def fetchable_source(name: str) -> FetchableSource:
    """The installed source called `name`, if it can be fetched; a `UsageError` saying which can."""
    entries = _entries()
    if name not in entries:
        raise UsageError(f"no source named {name!r}; installed: {', '.join(sorted(entries))}")
    source = entries[name].load()
    if not isinstance(source, FetchableSource):
        fetchable = sorted(
            other
            for other, entry in entries.items()
            if other != name and isinstance(entry.load(), FetchableSource)
        )
        raise UsageError(
            f"source {name!r} cannot be fetched (its input is curated here or loaded from a "
            f"file); fetchable: {', '.join(fetchable) or 'none installed'}"
        )
    return source


def fetch(name: str, out: Path | None = None, **options: str) -> FetchResult:
    """Fetch source `name` into `out` (None: the source's dated file name, here)."""
    return fetchable_source(name).fetch(out, **options)


def request_json(
    request: urllib.request.Request,
    problem: str,
    *,
    timeout: float,
    retries: int,
    max_wait: float,
    opener: Opener,
    sleep: Callable[[float], None],
    explain: Mapping[int, str] | None = None,
) -> object:
    """A publisher's JSON answer to `request`, asked politely: 429 and 503 are retried after
    `Retry-After` (or 5, 10, 20 s), at most `retries` times; anything else that goes wrong is a
    `RemoteError` starting with `problem` (where it happened) and saying what the API said.
    `explain` adds a word on a status (404: "no such study")."""
    for attempt in range(retries + 1):
        try:
            with opener(request, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (429, 503) and attempt < retries:
                sleep(retry_wait(exc.headers.get("Retry-After"), attempt, problem, max_wait))
                continue
            detail = exc.read()[:200].decode("utf-8", "replace").strip()
            word = (explain or {}).get(exc.code, "")
            tried = f" after {attempt + 1} attempts" if exc.code in (429, 503) else ""
            raise RemoteError(
                f"{problem} HTTP {exc.code} {exc.reason}{word}{tried}: {detail}"
            ) from None
        except (TimeoutError, urllib.error.URLError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise RemoteError(f"{problem} no answer within {timeout:g} s") from None
            raise RemoteError(f"{problem} cannot reach the API ({reason})") from None
        except (OSError, http.client.HTTPException) as exc:
            raise RemoteError(
                f"{problem} the answer broke off ({type(exc).__name__}: {exc})"
            ) from None
        try:
            return json.loads(raw)
        except ValueError as exc:
            start = raw[:60].decode("utf-8", "replace")
            raise RemoteError(
                f"{problem} the answer is not JSON ({exc}; {len(raw)} bytes: {start!r})"
            ) from None
    raise AssertionError("unreachable: the last attempt returns or raises")


def retry_wait(retry_after: str | None, attempt: int, problem: str, max_wait: float) -> float:
    """Seconds to wait before a retry: `Retry-After` (seconds or an HTTP date), else 5, 10, 20 s;
    more than `max_wait` fails the fetch rather than hang a user's terminal."""
    seconds = 5.0 * 2**attempt
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
                seconds = max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
            except (TypeError, ValueError):
                pass  # an unreadable header: the default back-off
    if seconds > max_wait:
        raise RemoteError(
            f"{problem} the API asks us to wait {seconds:.0f} s (Retry-After), more than "
            f"{max_wait:.0f} s; try again later"
        )
    return seconds


def write_atomically(out: Path, data: bytes) -> None:
    """Write `data` to `out` through a temporary file beside it, renamed over `out` at the end:
    a fetch that fails half-way never leaves a half file where a good one was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
