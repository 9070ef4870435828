"""`/api`: the named queries over HTTP, and their OpenAPI description (`/openapi.json`).

`/api/<name>?param=value` runs a named query (`queries/<name>.rq`) with its parameters; its
results come in any SPARQL results format, by `?format=` or the Accept header, a page at a time:
`limit` rows (the server's `page_size` unless asked, at most `max_rows`) from `offset`, with a
`Link: <...>; rel="next"` header when another page follows (`kg.query.paging`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg import __version__
from kg.errors import NotFound
from kg.query import named_queries
from kg.query.paging import parse_page
from kg.web.jobs import Answer, NamedJob
from kg.web.negotiation import RESULTS, negotiate, varies
from kg.web.replies import pool_of, respond, settings_of

RESERVED = ("format", "limit", "offset")
"""Query-string names the API itself reads; no named query has a parameter by these names."""


def describe_named_queries() -> list[dict[str, Any]]:
    """The named queries as the HTTP API lists them."""
    return [
        {
            "name": q.name,
            "summary": q.summary,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "description": p.description,
                }
                for p in q.params
            ],
            "examples": list(q.examples),
            "path": f"/api/{q.name}",
        }
        for q in named_queries().values()
    ]


async def api_index(_: Request) -> Response:
    """Every named query with its parameters and examples."""
    return JSONResponse({"queries": describe_named_queries()})


async def api_query(request: Request) -> Response:
    """One named query's results; 404 (with the known names) for a name that is not one."""
    name = request.path_params["name"]
    if name not in named_queries():
        known = ", ".join(named_queries())
        raise NotFound(f"no named query {name!r}; known: {known}")
    given = request.query_params
    params = {k: v for k, v in given.items() if k not in RESERVED}
    settings = settings_of(request)
    page = parse_page(
        given.get("limit"), given.get("offset"), default=settings.page_size, cap=settings.max_rows
    )
    (results_format,) = negotiate(request.headers.get("accept", ""), given.get("format"), RESULTS)
    job = NamedJob(name, params, results_format, settings.max_rows, page.limit, page.offset)
    result = await pool_of(request).run(job)
    response = varies(respond(result))
    if isinstance(result, Answer) and result.more:
        following = page.next()
        link = request.url.include_query_params(limit=following.limit, offset=following.offset)
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


async def openapi(_: Request) -> Response:
    """The OpenAPI 3 document of the named-query API."""
    return JSONResponse(openapi_document())


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3 description of the named-query API, generated from the .rq headers."""
    paths: dict[str, Any] = {}
    for query in describe_named_queries():
        parameters = [
            {
                "name": p["name"],
                "in": "query",
                "required": p["required"],
                "description": p["description"],
                "schema": {"type": "number" if p["type"] == "number" else "string"},
            }
            for p in query["parameters"]
        ]
        parameters += [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": "rows a page holds (default: the server's page size; at most its "
                "row cap); a Link header with rel=next points to the next page",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "description": "rows to skip, in the query's order (made total for paging)",
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            },
        ]
        parameters.append(
            {
                "name": "format",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(RESULTS.media_types)},
            }
        )
        paths[query["path"]] = {
            "get": {
                "summary": query["summary"],
                "operationId": query["name"],
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "SPARQL 1.1 results",
                        "content": {m: {} for m in RESULTS.media_types.values()},
                    },
                    "400": {
                        "description": "bad parameter or format; the message suggests close names"
                    },
                    "404": {"description": "no named query by that name"},
                    "422": {"description": "stopped at the time or memory limit"},
                    "503": {"description": "busy: retry after the Retry-After header's seconds"},
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "alkkg named queries", "version": __version__},
        "paths": paths,
    }
