"""`pip install .` must ship the ontology, the shapes, the named queries and the tables."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_the_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("alkkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kg/_data/ontology/alkkg.ttl" in names
    assert "kg/_data/ontology/shapes.ttl" in names
    assert "kg/_data/queries/activity-profile.rq" in names
    assert "kg/_data/queries/agents-active-against.rq" in names
    assert "loaders/tables/entities.yaml" in names
    assert "loaders/tables/papers/000_b686ffc26ee90cf9.yaml" in names
    assert "kg/web/static/yasgui/yasgui.min.js" in names
    assert "kg/build/pipeline.py" in names  # not taken for the top-level build/ folder
    assert any(n.endswith("entry_points.txt") for n in names)
