"""Drawing the activity matrix: one coloured square per agent × mutation, linked to its claims.

The palette is Okabe & Ito's, chosen to stay distinct under the common colour-vision
deficiencies: blue for sensitive, yellow for reduced, vermillion for resistant, reddish purple
(hatched) for conflicting. "No data" is white with a dashed outline and a dash: it must never
look like a colour a verdict has, least of all resistant. Colour is not the only cue: each
square also carries its strongest evidence level and number of claims, and a black corner when
its claims disagree.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle

from kg.views.matrix import VERDICTS, Cell, Matrix
from kg.views.render import Links

STYLE = {
    # verdict: (fill, text colour, hatch, edge)
    "sensitive": ("#0072B2", "white", "", "white"),
    "reduced": ("#F0E442", "black", "", "white"),
    "resistant": ("#D55E00", "black", "", "white"),
    "conflicting": ("#CC79A7", "black", "///", "white"),
    "no data": ("white", "#6b7280", "", "#9ca3af"),
}
LEGEND = {
    "sensitive": "sensitive: the agent keeps its activity",
    "reduced": "reduced activity",
    "resistant": "resistant",
    "conflicting": "conflicting: no side's evidence is stronger",
    "no data": "no data: nothing known (not inactive)",
}
CELL_W, CELL_H = 0.66, 0.40  # inches
LEFT, RIGHT, TOP, BOTTOM = 1.35, 3.0, 1.5, 0.75  # inches around the cells


def matrix_figure(
    matrix: Matrix, links: Links, params: dict[str, str]
) -> tuple[Figure, dict[str, str]]:
    """The figure and the hover text of its cells (by gid); `params` are kept in cell links."""
    n_rows, n_cols = max(len(matrix.rows), 1), max(len(matrix.columns), 1)
    width = LEFT + n_cols * CELL_W + RIGHT
    height = max(TOP + n_rows * CELL_H + BOTTOM, TOP + 2.9)  # room for the legend
    figure = Figure(figsize=(width, height))
    ax = figure.add_axes(
        (
            LEFT / width,
            1 - (TOP + n_rows * CELL_H) / height,
            n_cols * CELL_W / width,
            n_rows * CELL_H / height,
        )
    )
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_axis_off()
    titles: dict[str, str] = {}
    for y, row in enumerate(matrix.rows):
        label = ax.text(-0.15, y + 0.5, row.label, ha="right", va="center", fontsize=9)
        label.set_url(links.resource(row.variant))
        for x, column in enumerate(matrix.columns):
            cell = matrix.cells.get((row.variant, column.agent))
            if cell is None:
                continue
            gid = f"cell-{y}-{x}"
            _draw_cell(ax, x, y, cell, gid, links.cell(column.agent, row.variant, params))
            titles[gid] = _hover(cell, column.label, row.label)
    for x, column in enumerate(matrix.columns):
        label = ax.text(
            x + 0.5, -0.12, column.label, rotation=45, ha="left", va="bottom",
            rotation_mode="anchor", fontsize=9,
        )  # fmt: skip
        label.set_url(links.resource(column.agent))
    _generations(ax, matrix, n_rows)
    if not matrix.rows:
        ax.text(n_cols / 2, 0.5, "no mutation", ha="center", va="center", color="#6b7280")
    figure.text(
        0.1 / width, 1 - 0.12 / height, "Activity of ALK inhibitors against ALK mutations",
        fontsize=12, fontweight="bold", va="top",
    )  # fmt: skip
    figure.text(
        0.1 / width, 1 - 0.42 / height,
        f"Each square: activity-profile's verdict from {matrix.filters.describe()}",
        fontsize=8, color="#374151", va="top",
    )  # fmt: skip
    _legend(figure, width, height)
    return figure, titles


def _draw_cell(ax: Axes, x: int, y: int, cell: Cell, gid: str, url: str) -> None:
    fill, ink, hatch, edge = STYLE.get(cell.verdict, STYLE["conflicting"])
    no_data = cell.verdict == "no data"
    square = Rectangle(
        (x + 0.04, y + 0.06), 0.92, 0.88, facecolor=fill, edgecolor=edge, hatch=hatch,
        linewidth=0.8 if no_data else 0.0, linestyle="--" if no_data else "-", gid=gid,
    )  # fmt: skip
    if hatch:
        square.set_edgecolor("white")
        square.set_linewidth(0.0)
    square.set_url(url)
    ax.add_patch(square)
    if no_data:
        ax.text(x + 0.5, y + 0.5, "–", ha="center", va="center", color=ink, fontsize=9).set_url(url)
        return
    # on a hatched square the text sits on the plain colour, so the hatching does not cross it
    backing = {"facecolor": fill, "edgecolor": "none", "pad": 0.6} if hatch else None
    level = cell.level.replace("review", "rev") or "?"
    ax.text(
        x + 0.5, y + 0.4, level, ha="center", va="center", color=ink, fontsize=8.5,
        fontweight="bold", bbox=backing,
    ).set_url(url)  # fmt: skip
    count = f"{cell.count} claim" + ("s" if cell.count != 1 else "")
    ax.text(
        x + 0.5, y + 0.74, count, ha="center", va="center", color=ink, fontsize=6, bbox=backing
    ).set_url(url)  # fmt: skip
    if cell.disputed:
        corner = Polygon(
            [(x + 0.96, y + 0.06), (x + 0.70, y + 0.06), (x + 0.96, y + 0.40)],
            closed=True, facecolor="black", edgecolor="none",
        )  # fmt: skip
        corner.set_url(url)
        ax.add_patch(corner)


def _hover(cell: Cell, agent: str, variant: str) -> str:
    counts = f"{cell.sensitive} sensitive, {cell.reduced} reduced, {cell.resistant} resistant"
    sources = f"\n{cell.by_source}" if cell.by_source else ""
    return f"{agent} × {variant}: {cell.verdict} ({counts}){sources}\nClick for the claims."


def _generations(ax: Axes, matrix: Matrix, n_rows: int) -> None:
    """Brackets under the columns naming each generation, and a gap line between groups."""
    groups: list[tuple[str, int, int]] = []
    for x, column in enumerate(matrix.columns):
        name = column.generation.replace(" ALK inhibitor", "") or "generation not stated"
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1], x)
        else:
            groups.append((name, x, x))
    for name, first, last in groups:
        if first:
            ax.plot([first, first], [0, n_rows], color="#111827", linewidth=1.2, clip_on=False)
        y = n_rows + 0.25
        ax.plot([first + 0.08, last + 0.92], [y, y], color="#4b5563", linewidth=1, clip_on=False)
        text = name.replace("-", "-\n", 1) if last == first else name
        ax.text(
            (first + last + 1) / 2, y + 0.2, text, ha="center", va="top", fontsize=7,
            color="#374151",
        )  # fmt: skip


def _legend(figure: Figure, width: float, height: float) -> None:
    handles: list[Patch | Line2D] = []
    for verdict in VERDICTS:
        fill, _, hatch, edge = STYLE[verdict]
        handles.append(
            Patch(
                facecolor=fill, hatch=hatch, label=LEGEND[verdict],
                edgecolor=edge if verdict == "no data" else "white",
                linestyle="--" if verdict == "no data" else "-",
            )
        )  # fmt: skip
    handles.append(
        Line2D([], [], marker=(3, 0, 0), linestyle="", color="black", markersize=7,
               label="its claims disagree")
    )  # fmt: skip
    legend = figure.legend(
        handles=handles, loc="upper left", fontsize=7.5, frameon=False,
        bbox_to_anchor=(1 - (RIGHT - 0.15) / width, 1 - TOP / height), title="Verdict",
        title_fontsize=8.5, alignment="left", handlelength=1.6,
    )  # fmt: skip
    legend.get_title().set_fontweight("bold")
    figure.text(
        1 - (RIGHT - 0.2) / width, 1 - TOP / height - 1.55 / height,
        "In each square: the strongest evidence\nlevel on the verdict's side (A strongest,\n"
        "then B, C, D, E; rev = a review's\nassertion) and the number of claims.\n"
        "Conflicting: strongest for / against.\nClick a square for its claims.",
        fontsize=7, va="top", color="#374151",
    )  # fmt: skip
