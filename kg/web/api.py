"""`/api`: the named queries over HTTP, and their OpenAPI description (`/openapi.json`).

`/api/<name>?param=value` runs a named query (`queries/<name>.rq`) with its parameters; its
results come in any SPARQL results format, by `?format=` or the Accept header.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg import __version__
from kg.errors import NotFound
from kg.query import named_queries
from kg.web.jobs import NamedJob
from kg.web.negotiation import RESULTS, negotiate
from kg.web.replies import answer, settings_of


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
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    accept = request.headers.get("accept", "")
    (results_format,) = negotiate(accept, request.query_params.get("format"), RESULTS)
    job = NamedJob(name, params, results_format, settings_of(request).max_rows)
    return await answer(request, job)


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
