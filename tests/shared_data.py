"""Where the tests find the shared external files (`shared/data/` beside the checkout, read-only
and never copied into the repository); `ALKKG_SHARED_DATA` names another place."""

from __future__ import annotations

import os
from pathlib import Path

SHARED_DATA = Path(
    os.environ.get("ALKKG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
CIVIC_EXPORT = Path(
    os.environ.get("ALKKG_CIVIC_EXPORT")
    or SHARED_DATA / "civic" / "civic-alk-evidence-items-2025-10-31.json"
)
"""CIViC's ALK evidence items (GraphQL JSON); `ALKKG_CIVIC_EXPORT` names another export."""
