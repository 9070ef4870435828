"""Drawing the hazard-ratio forest plot: one row per source's HR, grouped by trial and endpoint.

A hazard ratio is read on a log scale (0.5 and 2 are equally far from 1), with its 95% CI as a
bar; a ratio the source gives without a CI is a point alone and says so. A claim flagged as an
error of its source is drawn hollow in vermillion, with its correction written beside it: the
source's statement stays visible, never silently corrected. Every row links to its claim.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

from kg.views.forest import HazardRatio
from kg.views.render import Links

INK, MUTED, FLAG = "#1f2937", "#6b7280", "#D55E00"
ROW_H = 0.36  # inches per line
LEFT, PLOT, RIGHT = 3.6, 3.4, 4.4  # inches: labels, the axis, estimates and sources
TICKS = (0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5)


@dataclass(frozen=True)
class Line:
    """A line of the plot: a trial's heading, an endpoint's, or a hazard ratio."""

    kind: str
    text: str
    hr: HazardRatio | None = None


def lines(hrs: list[HazardRatio]) -> list[Line]:
    """The plot's lines, top to bottom: each trial, each of its endpoints, then its HRs."""
    out: list[Line] = []
    for hr in hrs:
        if not out or out[-1].hr is None or out[-1].hr.trial != hr.trial:
            out.append(Line("trial", hr.trial))
            out.append(Line("endpoint", hr.endpoint))
        elif out[-1].hr.endpoint != hr.endpoint:
            out.append(Line("endpoint", hr.endpoint))
        out.append(Line("hr", hr.comparison, hr))
    return out


def forest_figure(
    hrs: list[HazardRatio], links: Links, title: str
) -> tuple[Figure, dict[str, str]]:
    """The figure and the hover text of its rows (by gid)."""
    rows = lines(hrs)
    n = max(len(rows), 1)
    top, bottom = 0.9, 0.75
    width, height = LEFT + PLOT + RIGHT, top + n * ROW_H + bottom
    figure = Figure(figsize=(width, height))
    ax = figure.add_axes((LEFT / width, bottom / height, PLOT / width, n * ROW_H / height))
    low, high = _limits(hrs)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(n - 0.5, -0.5)
    ax.xaxis.set_major_locator(FixedLocator([t for t in TICKS if low <= t <= high]))
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:g}")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_locator(NullLocator())
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.axvline(1, color=MUTED, linewidth=0.8, linestyle="--")
    ax.set_xlabel("hazard ratio with 95% CI (log scale); < 1 favours the arm", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    labels, estimates = ax.get_yaxis_transform(), ax.get_yaxis_transform()
    titles: dict[str, str] = {}
    for y, line in enumerate(rows):
        if line.kind == "trial":
            if y:
                ax.axhline(y - 0.5, color="#d1d5db", linewidth=0.6)
            ax.text(-LEFT / PLOT + 0.03, y, line.text, transform=labels, fontsize=9,
                    fontweight="bold", va="center", color=INK)  # fmt: skip
        elif line.kind == "endpoint":
            ax.text(-LEFT / PLOT + 0.08, y, line.text, transform=labels, fontsize=8.5,
                    fontstyle="italic", va="center", color=INK)  # fmt: skip
        elif line.hr is not None:
            gid = f"hr-{y}"
            _draw_hr(ax, y, line.hr, links.resource(line.hr.claim), gid, labels, estimates)
            titles[gid] = titles[f"{gid}-label"] = _hover(line.hr)
    if not rows:
        ax.text(0.5, 0, "no hazard ratio in the graph", transform=labels, ha="center",
                va="center", color=MUTED)  # fmt: skip
    ax.text(1.03, -0.5 - 0.35, "HR (95% CI)  ·  source", transform=estimates, fontsize=8,
            fontweight="bold", va="bottom", color=INK)  # fmt: skip
    figure.text(0.1 / width, 1 - 0.12 / height, title, fontsize=12, fontweight="bold", va="top")
    _legend(figure, width, height)
    return figure, titles


def _draw_hr(
    ax: Axes, y: int, hr: HazardRatio, url: str, gid: str, labels: object, estimates: object
) -> None:
    colour = FLAG if hr.flagged else INK
    detail = " · ".join(x for x in (hr.population, hr.report) if x)
    label = hr.comparison + ("  ⚑ flagged" if hr.flagged else "")
    ax.text(-LEFT / PLOT + 0.13, y - (0.14 if detail else 0), label, transform=labels,
            fontsize=8.5, va="center", color=colour, gid=f"{gid}-label").set_url(url)  # fmt: skip
    if detail:
        ax.text(-LEFT / PLOT + 0.13, y + 0.2, textwrap.shorten(detail, 66, placeholder="…"),
                transform=labels, fontsize=6.5, va="center", color=MUTED).set_url(url)  # fmt: skip
    value = float(hr.value)
    if hr.ci_low is not None and hr.ci_high is not None:
        ax.plot([float(hr.ci_low), float(hr.ci_high)], [y, y], color=colour, linewidth=1.4,
                solid_capstyle="butt", gid=f"{gid}-ci")  # fmt: skip
    marker = ax.plot([value], [y], marker="D" if hr.flagged else "s", markersize=6,
                     color=colour, markerfacecolor="white" if hr.flagged else colour,
                     markeredgewidth=1.4, linestyle="", gid=gid)[0]  # fmt: skip
    marker.set_url(url)
    estimate = hr.estimate + ("" if hr.ci_low is not None else "  no CI stated")
    if hr.p:
        estimate += f"  {hr.p}"
    ax.text(1.03, y - 0.14, estimate, transform=estimates, fontsize=8.5, va="center",
            color=colour).set_url(url)  # fmt: skip
    where = f"{hr.source} (level {hr.level})" if hr.level else hr.source
    if hr.flagged and hr.correction:
        where = f"correction: {hr.correction} — {hr.source}"
    ax.text(1.03, y + 0.2, textwrap.shorten(where, 96, placeholder="…"), transform=estimates,
            fontsize=6.5, va="center", color=FLAG if hr.flagged else MUTED).set_url(url)  # fmt: skip


def _limits(hrs: list[HazardRatio]) -> tuple[float, float]:
    """The axis from a little below the smallest figure to a little above the largest, with 1."""
    figures = [float(f) for hr in hrs for f in (hr.value, hr.ci_low, hr.ci_high) if f is not None]
    figures = [f for f in figures if f > 0] + [1.0]
    return 10 ** (math.log10(min(figures)) - 0.15), 10 ** (math.log10(max(figures)) + 0.15)


def _hover(hr: HazardRatio) -> str:
    parts = [
        f"{hr.trial}, {hr.endpoint}: {hr.comparison}, HR {hr.estimate}"
        + (f", {hr.p}" if hr.p else ""),
        hr.population,
        f"{hr.source}, {hr.locator}" + (f" (evidence level {hr.level})" if hr.level else ""),
        f"Flagged as an error of its source; correction: {hr.correction}" if hr.flagged else "",
        "Click for the claim.",
    ]
    return "\n".join(p for p in parts if p)


def _legend(figure: Figure, width: float, height: float) -> None:
    handles = [
        Line2D([], [], marker="s", color=INK, linewidth=1.4, markersize=6,
               label="hazard ratio and 95% CI, as the source states it"),
        Line2D([], [], marker="D", color=FLAG, markerfacecolor="white", markeredgewidth=1.4,
               linewidth=1.4, markersize=6, label="flagged as an error of its source (see its correction)"),
    ]  # fmt: skip
    figure.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.1 / width, 0.02 / height),
        fontsize=7.5, frameon=False, ncols=2,
    )  # fmt: skip
