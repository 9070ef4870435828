"""From a figure to SVG or PNG bytes, with links and hover text; where links point.

Figures are drawn with matplotlib's object API (no pyplot, no global state, no display), which
renders SVG and PNG in process, offline. SVG keeps each artist's link (`set_url`); hover text is
an SVG `<title>` added here to the group matplotlib writes for an artist with a `gid`, since
matplotlib has no tooltip of its own. Rendering holds a lock: the server draws in threads, and
matplotlib's font and text caches are not documented as thread-safe.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlencode

from matplotlib import rc_context
from matplotlib.figure import Figure

from kg.errors import UsageError

FORMATS = {".svg": "svg", ".png": "png"}
MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Links:
    """Where a figure's links point: `site` is a served alkkg's root, or the graph's base, which
    the site stands for (a resource IRI under the base dereferences at the same path)."""

    site: str = "/"
    base: str = "https://w3id.org/alkkg/"

    def resource(self, iri: str) -> str:
        """A resource's page: its IRI's path on the site."""
        return self.site + iri[len(self.base) :] if iri.startswith(self.base) else iri

    def cell(self, agent: str, variant: str, params: dict[str, str]) -> str:
        """The page listing the claims behind one matrix cell."""
        query = urlencode({"agent": agent, "variant": variant, **params})
        return f"{self.site}views/activity-matrix/claims?{query}"


def output_format(path: Path) -> str:
    """ "svg" or "png", from the file's suffix; anything else is the user's mistake."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: the file name must end in .svg or .png")
    return fmt


def rendered(figure: Figure, fmt: str, titles: dict[str, str]) -> bytes:
    """The figure as SVG (with `titles`: hover text by gid) or PNG."""
    buffer = io.BytesIO()
    # SVG text as text (searchable, selectable, a tenth of the size), the same bytes each time
    with (
        _LOCK,
        rc_context({"svg.fonttype": "none", "svg.hashsalt": "alkkg", "font.family": "DejaVu Sans"}),
    ):
        if fmt == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    data = buffer.getvalue()
    return with_titles(data, titles) if fmt == "svg" else data


def with_titles(svg: bytes, titles: dict[str, str]) -> bytes:
    """Each `<g id="gid">` of the SVG with `<title>text</title>` as its first child; links open
    in the same window (matplotlib opens each in a new one)."""
    text = svg.decode("utf-8")

    def titled(match: re.Match[str]) -> str:
        title = titles.get(match[1])
        return match[0] if title is None else f"{match[0]}\n   <title>{escape(title)}</title>"

    text = text.replace(' target="_blank"', "")  # a link opens where the reader is, as any other
    return re.sub(r'<g id="([^"]+)">', titled, text).encode("utf-8")


def inline(svg: bytes) -> str:
    """The SVG without its XML prolog and doctype, to be placed in an HTML page."""
    text = svg.decode("utf-8")
    return text[text.index("<svg") :]
