"""`/views/...`: the activity matrix and the hazard-ratio forest plot, as pages and as bare SVG.

- `/views/activity-matrix` (page) and `/views/activity-matrix.svg`: parameters `source` (an IRI,
  a label or a word of it), `min_level` (A–E, review), `agent` (an IRI: one column), `variant`
  (an IRI: one row).
- `/views/activity-matrix/claims?agent=IRI&variant=IRI` (and the same `source`, `min_level`):
  the claims behind one square, each linking to its page, and those left out, with why.
- `/views/hazard-ratios` (page) and `/views/hazard-ratios.svg`: parameter `trial` (an IRI).

The pictures are computed by `kg.views` in a thread, so the event loop keeps serving; every
query they need goes to the worker pool like any other (the store is opened only by workers, and
a query past the timeout is stopped there). A parameter that is wrong is a 400 with its reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from html import escape
from typing import TypeVar
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.errors import UsageError
from kg.formats.results import Results
from kg.views import Links, forest_image, matrix_image
from kg.views.claims import cell_claims
from kg.views.forest import trials
from kg.views.matrix import levels, sources
from kg.views.render import MEDIA_TYPES, inline
from kg.views.select import Select, parse_json_results
from kg.web.jobs import Failure, SparqlJob
from kg.web.pages.html import page as site_page
from kg.web.replies import pool_of, respond, settings_of

T = TypeVar("T")
MATRIX_PARAMS = ("source", "min_level", "agent", "variant")
CLAIMS_PARAMS = ("source", "min_level", "agent", "variant")
FOREST_PARAMS = ("trial",)


class PoolFailure(Exception):
    """A worker's failure (timeout, busy, a bug) while a view was being computed."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def _params(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters, each known and given once; empty ones are left out."""
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise UsageError(f"unknown parameter {unknown[0]!r}; this view takes {', '.join(allowed)}")
    out: dict[str, str] = {}
    for key in allowed:
        values = request.query_params.getlist(key)
        if len(values) > 1:
            raise UsageError(f"parameter {key!r} is given {len(values)} times; give it once")
        if values and values[0].strip():
            out[key] = values[0].strip()
    return out


async def _computed(request: Request, work: Callable[[Select, Links], T]) -> T | Response:
    """`work` run in a thread with a `Select` whose queries go to the worker pool."""
    loop = asyncio.get_running_loop()
    pool, settings = pool_of(request), settings_of(request)

    def select(text: str) -> Results:
        job = SparqlJob(text, "json", "turtle", settings.max_rows)
        result = asyncio.run_coroutine_threadsafe(pool.run(job), loop).result()
        if isinstance(result, Failure):
            raise PoolFailure(result)
        return parse_json_results(result.body)

    try:
        return await asyncio.to_thread(work, select, Links(site="/", base=settings.base))
    except PoolFailure as exc:
        return respond(exc.failure)


async def matrix_svg(request: Request) -> Response:
    """The activity matrix as bare SVG."""
    params = _params(request, MATRIX_PARAMS)
    image = await _computed(
        request, lambda select, links: matrix_image(select, "svg", links, **params)
    )
    return image if isinstance(image, Response) else Response(image, media_type=MEDIA_TYPES["svg"])


async def forest_svg(request: Request) -> Response:
    """The hazard-ratio forest plot as bare SVG."""
    params = _params(request, FOREST_PARAMS)
    image = await _computed(
        request, lambda select, links: forest_image(select, "svg", links, **params)
    )
    return image if isinstance(image, Response) else Response(image, media_type=MEDIA_TYPES["svg"])


async def matrix_page(request: Request) -> Response:
    """The matrix inline, with the source and minimum-level filters as a form."""
    params = _params(request, MATRIX_PARAMS)

    def work(select: Select, links: Links) -> str:
        image = matrix_image(select, "svg", links, **params)
        known_sources = [("", "every source"), *sources(select)]
        ranks = levels(select)
        known_levels = [("", "any level")] + [
            (n, f"{n} or stronger") for n in sorted(ranks, key=ranks.__getitem__, reverse=True)
        ]
        hidden = "".join(
            f'<input type=hidden name="{k}" value="{escape(params[k])}">'
            for k in ("agent", "variant")
            if k in params
        )
        form = (
            f"<form method=get>{_choice('source', 'Source', known_sources, params)}"
            f"{_choice('min_level', 'Minimum evidence level', known_levels, params)}{hidden}"
            "<button>Show</button></form>"
        )
        svg_link = "/views/activity-matrix.svg" + (f"?{urlencode(params)}" if params else "")
        return site_page(
            "Activity matrix",
            f"<h1>Activity matrix</h1>{form}"
            f"<figure>{inline(image)}</figure>"
            f'<p class=muted>Each square is the verdict of the named query <a href="/api">'
            f"activity-profile</a> for its mutation; click a square for the claims behind it. "
            f'<a href="{escape(svg_link)}">This picture as SVG</a>.</p>',
        )

    html = await _computed(request, work)
    return html if isinstance(html, Response) else HTMLResponse(html)


async def claims_page(request: Request) -> Response:
    """The claims behind one square of the matrix, and the ones it leaves out."""
    params = _params(request, CLAIMS_PARAMS)
    for needed in ("agent", "variant"):
        if needed not in params:
            raise UsageError(f"this page needs {needed}=IRI (and agent= and variant= together)")

    def work(select: Select, links: Links) -> str:
        found = cell_claims(
            select,
            params["agent"],
            params["variant"],
            params.get("source"),
            params.get("min_level"),
        )
        cell = found.cell
        rows = "".join(
            f'<tr><td><a href="{escape(links.resource(c.claim))}">{escape(c.label)}</a></td>'
            f"<td>{escape(c.activity)}</td><td>{escape(c.stated_variant)}</td>"
            f"<td>{escape(c.level)}</td><td>{escape(c.evidence_kind)}</td>"
            f"<td>{escape(c.source)}<br><span class=muted>{escape(c.locator)}</span></td>"
            f"<td class=quote>{'“' + escape(c.quote) + '”' if c.quote else ''}</td>"
            f"<td>{'counted' if c.counted else 'not counted: ' + escape(c.why_not)}"
            f"{'<br>correction: ' + escape(c.correction) if c.correction else ''}</td></tr>"
            for c in found.claims
        )
        title = f"{found.agent_label} × {found.variant_label}"
        matrix = "/views/activity-matrix" + (
            "?" + urlencode({k: v for k, v in params.items() if k in ("source", "min_level")})
            if "source" in params or "min_level" in params
            else ""
        )
        summary = (
            f"<p>Verdict: <strong>{escape(cell.verdict)}</strong> from "
            f"{escape(found.filters.describe())}: {cell.sensitive} sensitive, {cell.reduced} "
            f"reduced, {cell.resistant} resistant. {escape(cell.by_source)}</p>"
        )
        table = (
            "<table><tr><th>claim</th><th>activity</th><th>stated for</th><th>level</th>"
            f"<th>evidence</th><th>source</th><th>quote</th><th>in the verdict</th></tr>{rows}</table>"
            if found.claims
            else "<p>No source in the graph makes a claim about this pair: no data.</p>"
        )
        return site_page(
            title,
            f"<h1>{escape(title)}</h1>{summary}{table}"
            f'<p><a href="{escape(matrix)}">Back to the activity matrix</a></p>',
        )

    html = await _computed(request, work)
    return html if isinstance(html, Response) else HTMLResponse(html)


async def forest_page(request: Request) -> Response:
    """The forest plot inline, with a choice of trial."""
    params = _params(request, FOREST_PARAMS)

    def work(select: Select, links: Links) -> str:
        image = forest_image(select, "svg", links, params.get("trial"))
        choices = [("", "every trial"), *trials(select)]
        form = f"<form method=get>{_choice('trial', 'Trial', choices, params)}<button>Show</button></form>"
        svg_link = "/views/hazard-ratios.svg" + (f"?{urlencode(params)}" if params else "")
        return site_page(
            "Hazard ratios",
            f"<h1>Hazard-ratio forest plot</h1>{form}<figure>{inline(image)}</figure>"
            "<p class=muted>Every hazard ratio in the graph as its source states it, from the "
            "named query trial-outcomes; click a row for its claim. "
            f'<a href="{escape(svg_link)}">This picture as SVG</a>.</p>',
        )

    html = await _computed(request, work)
    return html if isinstance(html, Response) else HTMLResponse(html)


def _choice(name: str, label: str, options: list[tuple[str, str]], params: dict[str, str]) -> str:
    chosen = params.get(name, "")
    items = "".join(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
        f"{escape(text)}</option>"
        for value, text in options
    )
    return f"<label>{escape(label)} <select name={name}>{items}</select></label>"
