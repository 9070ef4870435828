"""`alkkg serve`: a read-only SPARQL 1.1 Protocol endpoint and the named queries over HTTP.

Routes: `/sparql` (`kg.web.sparql`), `/api` and `/openapi.json` (`kg.web.api`), the query page,
resource IRIs, dumps, VoID and the JSON-LD context (`kg.web.resources`), the activity matrix and
the forest plot (`/views/...`, `kg.web.views`). Queries run in killable
worker processes (`kg.web.pool`), so a runaway query is stopped at the timeout and the server
keeps answering everyone else. The settings and the pool are on `app.state` for the handlers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.config import Settings
from kg.errors import AlkkgError
from kg.web.api import api_index, api_query, openapi
from kg.web.pool import QueryPool
from kg.web.replies import on_error
from kg.web.resources import context, dump, home, resource, void
from kg.web.sparql import sparql
from kg.web.views import claims_page, forest_page, forest_svg, matrix_page, matrix_svg

ROUTES = [
    Route("/", home, methods=["GET"]),
    Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    Route("/.well-known/void", void, methods=["GET"]),
    Route("/dump/alkkg.{ext}", dump, methods=["GET"]),
    Route("/sparql", sparql, methods=["GET", "POST"]),
    Route("/api", api_index, methods=["GET"]),
    Route("/api/{name}", api_query, methods=["GET"]),
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/context.jsonld", context, methods=["GET"]),
    Route("/views/activity-matrix", matrix_page, methods=["GET"]),
    Route("/views/activity-matrix.svg", matrix_svg, methods=["GET"]),
    Route("/views/activity-matrix/claims", claims_page, methods=["GET"]),
    Route("/views/hazard-ratios", forest_page, methods=["GET"]),
    Route("/views/hazard-ratios.svg", forest_svg, methods=["GET"]),
    Route("/{path:path}", resource, methods=["GET"]),
]


class LeanSparql:
    """`/sparql` straight to its handler, past Starlette's middleware and router.

    Protocol requests are most of what a loaded server answers, and the four middleware layers
    and the router cost about as much of the server process's time as the handler itself. What
    they would do for such a request is done here: an `AlkkgError` becomes its plain-text
    error, and `Vary` gets `Origin` as the CORS middleware adds it. A request with an `Origin`
    (CORS headers to add), another method or path, and the lifespan go through the app.
    """

    def __init__(self, app: Starlette) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != "/sparql"
            or scope["method"] not in ("GET", "POST")
            or any(name == b"origin" for name, _ in scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        scope["app"] = self.app  # what Starlette sets for `request.app`
        try:
            response = await sparql(Request(scope, receive))
        except AlkkgError as exc:
            response = await on_error(Request(scope), exc)
        response.headers["Vary"] = ", ".join([*response.headers.getlist("Vary"), "Origin"])
        await response(scope, receive, send)


def create_app(settings: Settings) -> ASGIApp:
    """The server's app; its worker pool starts and stops with the app's lifespan."""
    pool = QueryPool(settings)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await pool.start()
        yield
        await pool.stop()

    middleware = [
        Middleware(
            CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"]
        )
    ]
    app = Starlette(
        routes=ROUTES,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={AlkkgError: on_error},
    )
    app.state.settings, app.state.pool = settings, pool
    return LeanSparql(app)


def serve(settings: Settings) -> None:
    """Serve on `settings.host`:`settings.port` until interrupted."""
    import uvicorn

    from kg.web.deadline import request_deadline

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        http=request_deadline(settings.read_timeout),
        log_level="warning",
        timeout_keep_alive=5,
        limit_concurrency=200,
    )
