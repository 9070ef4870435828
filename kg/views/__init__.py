"""Pictures of the graph: the activity matrix and the hazard-ratio forest plot.

Each picture goes data → figure → bytes: `matrix` and `forest` read the graph through the named
queries that define what they show (activity-profile, trial-outcomes), `draw_matrix` and
`draw_forest` draw them with matplotlib, and `render` writes SVG (with links and hover text) or
PNG. The command line (`alkkg plot`) and the server (`/views/...`) call the two functions here.
"""

from __future__ import annotations

from kg.views.draw_forest import forest_figure
from kg.views.draw_matrix import matrix_figure
from kg.views.forest import hazard_ratios, trial_label
from kg.views.matrix import activity_matrix
from kg.views.render import Links, rendered
from kg.views.select import Select


def matrix_image(
    select: Select,
    fmt: str,
    links: Links,
    source: str | None = None,
    min_level: str | None = None,
    agent: str | None = None,
    variant: str | None = None,
) -> bytes:
    """The activity matrix as SVG or PNG; `agent` and `variant` (IRIs) keep one column or row."""
    matrix = activity_matrix(select, source, min_level, agent, variant)
    kept = {"source": matrix.filters.source, "min_level": matrix.filters.min_level}
    figure, titles = matrix_figure(matrix, links, {k: v for k, v in kept.items() if v})
    return rendered(figure, fmt, titles)


def forest_image(select: Select, fmt: str, links: Links, trial: str | None = None) -> bytes:
    """The hazard-ratio forest plot (of one trial, an IRI) as SVG or PNG."""
    hrs = hazard_ratios(select, trial)
    title = (
        f"Hazard ratios: {trial_label(select, trial)}" if trial else "Hazard ratios in the graph"
    )
    figure, titles = forest_figure(hrs, links, title)
    return rendered(figure, fmt, titles)


__all__ = ["Links", "Select", "forest_image", "matrix_image"]
