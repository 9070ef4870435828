"""Start real SPARQL engines on 127.0.0.1 for the tests: Oxigraph server and Virtuoso."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass
class Engine:
    name: str
    query: str
    update: str
    gsp: str | None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the engine exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url}: no answer after {seconds} s")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Engine]:
    beside = Path(sys.executable).parent / "oxigraph"  # installed into the same venv
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/", process)
        yield Engine("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def virtuoso(folder: Path) -> Iterator[Engine]:
    """Virtuoso open source with its own ini: database in `folder`, both ports on 127.0.0.1."""
    if shutil.which("virtuoso-t") is None or not VIRTUOSO_INI.exists():
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text().replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111", f"ServerPort = 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890", f"ServerPort = 127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(?m)^DirsAllowed\s*=.*", f"DirsAllowed = ., {folder}", ini)
    (folder / "virtuoso.ini").write_text(ini)
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait(f"{base}/sparql", process)
        # a fresh database: let the anonymous SPARQL user write, for the unauthenticated GSP
        subprocess.run(
            ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield Engine("virtuoso", f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def require(ci_message: str) -> None:
    """In CI a missing engine is a failure; on a developer's machine, a skip."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(ci_message)
    pytest.skip(ci_message)
