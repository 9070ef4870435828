"""`alkkg plot`: the two pictures written as SVG or PNG, by the file's suffix."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


def plot(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALKKG_STORE": str(store_path)}
    return subprocess.run(
        [sys.executable, "-m", "kg", "plot", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_activity_matrix_as_svg_and_png(store_path: Path, tmp_path: Path) -> None:
    done = plot(store_path, "activity-matrix", "--out", str(tmp_path / "m.svg"))
    assert done.returncode == 0, done.stderr
    svg = (tmp_path / "m.svg").read_text()
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert ">lorlatinib<" in svg and ">G1202R<" in svg
    # links point at the site the graph's base stands for, unless --site says otherwise
    assert "https://w3id.org/alkkg/views/activity-matrix/claims?agent=" in svg
    done = plot(store_path, "activity-matrix", "--out", str(tmp_path / "m.png"), "--min-level", "B")
    assert done.returncode == 0, done.stderr
    width, height = png_size((tmp_path / "m.png").read_bytes())
    assert width > 1200 and height > 1000  # 150 dpi: every row and column at a readable size


def test_hazard_ratios_of_one_trial_by_name(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "hr.svg"
    done = plot(
        store_path, "hazard-ratios", "--out", str(out), "--trial", "PROFILE 1014",
        "--site", "http://localhost:8000",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    svg = out.read_text()
    assert "0.45 (0.35–0.60)" in svg and "J-ALEX" not in svg
    assert 'xlink:href="http://localhost:8000/id/claim/001-outcome-f6fc51801e"' in svg
    png = tmp_path / "hr.PNG"
    assert plot(store_path, "hazard-ratios", "--out", str(png)).returncode == 0
    png_size(png.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["activity-matrix", "--out", "m.pdf"], "must end in .svg or .png"),
        (["activity-matrix", "--out", "m.svg", "--min-level", "F"], "not an evidence level"),
        (["activity-matrix", "--out", "m.svg", "--source", "Nature"], "not a source"),
        (["activity-matrix", "--out", "m.svg", "--agent", "cisplatin"], "not an ALK inhibitor"),
        (["hazard-ratios", "--out", "h.svg", "--trial", "PROFILE 9999"], "PROFILE"),
    ],
)
def test_bad_arguments_exit_2_with_the_reason(
    store_path: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.startswith(("m.", "h.")) else a for a in args]
    done = plot(store_path, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert not list(tmp_path.iterdir())  # nothing half-written
