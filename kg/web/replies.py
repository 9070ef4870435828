"""From a job's result or an error to an HTTP response; the app's settings and pool for a handler.

Every error a client gets is plain text, one message and a newline, with the status of its error
class (`kg.errors`): the same for an error raised in a handler (`AlkkgError` is handled by the
app, see `kg.web.app`) and for a worker's `Failure`.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response

from kg.config import Settings
from kg.errors import AlkkgError
from kg.web.jobs import Failure, Job, Result
from kg.web.pool import QueryPool


def problem(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """A plain-text error response."""
    body = (message.rstrip() + "\n").encode()
    media_type = "text/plain; charset=utf-8"
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def respond(result: Result) -> Response:
    """The response for a worker's (or the pool's) result."""
    if isinstance(result, Failure):
        return problem(result.status, result.message, result.headers)
    return Response(result.body, media_type=result.media_type, headers=dict(result.headers))


async def on_error(_: Request, exc: Exception) -> Response:
    """Starlette's handler for an `AlkkgError` raised in a route: its message, its status."""
    assert isinstance(exc, AlkkgError)  # registered for AlkkgError only
    return problem(exc.status, str(exc))


def settings_of(request: Request) -> Settings:
    """The app's settings (`kg.web.app.create_app` keeps them on the app's state)."""
    settings: Settings = request.app.state.settings
    return settings


def pool_of(request: Request) -> QueryPool:
    """The app's worker pool."""
    pool: QueryPool = request.app.state.pool
    return pool


async def answer(request: Request, job: Job) -> Response:
    """Run a job on the app's pool; its answer, or its failure as an error response."""
    return respond(await pool_of(request).run(job))
