"""`alkkg serve`: a read-only SPARQL 1.1 Protocol endpoint and the named queries over HTTP.

Routes: `/sparql` (GET, POST form, POST application/sparql-query; a GET without a query answers
with the SPARQL Service Description), `/api` (the named queries), `/api/<name>?param=value`,
`/openapi.json`. Queries run in killable worker processes (`kg.web.pool`), so a runaway query is
stopped at the timeout and the server keeps answering everyone else.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg import __version__
from kg.formats.docs import served_page
from kg.formats.rdf import GRAPH_FORMATS, serialize_triples
from kg.formats.results import MEDIA_TYPES
from kg.query import named_queries
from kg.resources import ontology_dir
from kg.web.guard import Refusal, screen
from kg.web.pages import query_page
from kg.web.pool import QueryPool, Reply, describe_named_queries, error

RESULT_TYPES = {media: name for name, media in MEDIA_TYPES.items()} | {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {fmt.media_type: name for name, fmt in GRAPH_FORMATS.items()} | {
    "application/ld+json": "jsonld",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
}
SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml", "html": "html"}
MAX_DRAIN = 16 * 2**20
FORMAT_ALIASES = {"nt": "ntriples", "ttl": "turtle", "json-ld": "jsonld", "rdf": "rdfxml"}


@dataclass(frozen=True)
class Settings:
    """Every limit the server keeps; `alkkg serve --help` names the flag for each."""

    store_path: Path
    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 10_000  # rows (or triples) per result
    max_body: int = 64 * 1024  # bytes of a POST body
    workers: int = 3  # query worker processes (one kept for the named queries and pages)
    worker_memory: int = 2 * 2**30  # bytes of address space per worker
    long_after: float = 1.0  # a query running longer than this is a long one
    max_long: int | None = None  # long queries at once (default: workers - 2, at least 1)
    max_waiting: int = 64  # requests waiting for a worker
    max_wait: float = 10.0  # seconds a request may wait for a worker
    read_timeout: float = 10.0  # seconds a client has to send a whole request
    base: str = "https://w3id.org/alkkg/"
    allow_update: bool = False


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.strip().lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(request: Request, fmt: str | None) -> tuple[str, str]:
    """(results format, graph format) from `?format=` or the Accept header."""
    if fmt:
        fmt = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        if fmt in MEDIA_TYPES:
            return fmt, "turtle"
        if fmt in GRAPH_FORMATS:
            return "json", fmt
        raise ValueError(
            f"unknown format {fmt!r}: one of {', '.join([*MEDIA_TYPES, *GRAPH_FORMATS])}"
        )
    results, graph = "json", "turtle"
    accepted = _accepted(request.headers.get("accept", ""))
    results = next((RESULT_TYPES[m] for m in accepted if m in RESULT_TYPES), results)
    graph = next((GRAPH_TYPES[m] for m in accepted if m in GRAPH_TYPES), graph)
    return results, graph


def _reply(reply: Reply) -> Response:
    return Response(
        reply.body, status_code=reply.status, media_type=reply.media_type, headers=reply.headers
    )


def create_app(settings: Settings) -> Starlette:
    pool = QueryPool(
        settings.store_path,
        size=settings.workers,
        memory_bytes=settings.worker_memory,
        writable=settings.allow_update,
        long_after=settings.long_after,
        max_long=settings.max_long,
        max_waiting=settings.max_waiting,
        max_wait=settings.max_wait,
    )

    @asynccontextmanager
    async def lifespan(_: Starlette):
        await pool.start()
        yield
        await pool.stop()

    async def read_query(request: Request) -> tuple[str | None, dict[str, list[str]], Reply | None]:
        """The query text and parameters of a protocol request, or the error to answer with."""
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            body = await read_body(request)
            if body is None:
                return None, params, error(413, f"request body over {settings.max_body} bytes")
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return None, params, await update(body.decode("utf-8", "replace"))
            if content_type == "application/sparql-query":
                return body.decode("utf-8", "replace"), params, None
            if content_type == "application/x-www-form-urlencoded":
                params |= parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            else:
                return None, params, error(415, f"unsupported content type {content_type!r}")
        if "update" in params:
            if request.method != "POST" or len(params["update"]) != 1:
                return None, params, error(400, "send one update by POST")
            return None, params, await update(params["update"][0])
        queries = params.get("query", [])
        if len(queries) > 1:
            return None, params, error(400, "give one query")
        return (queries[0] if queries else None), params, None

    async def read_body(request: Request) -> bytes | None:
        """The POST body, or None if it is over `max_body`.

        An oversized body is still read (and dropped), up to `MAX_DRAIN` bytes, so the client
        that is still sending it gets the 413 rather than a connection reset.
        """
        body = bytearray()
        seen = 0
        try:
            async for chunk in request.stream():
                seen += len(chunk)
                if seen > MAX_DRAIN:
                    break
                if seen <= settings.max_body:
                    body += chunk
        except ClientDisconnect:  # gone (or cut off at the read deadline): nobody to answer
            return None
        return bytes(body) if seen <= settings.max_body else None

    async def update(text: str) -> Reply:
        """Run a SPARQL Update, or refuse it (403) unless started with --allow-update."""
        if not settings.allow_update:
            return error(403, "this endpoint is read-only: SPARQL Update is refused")
        try:
            screen(text, update=True)
        except Refusal as refusal:
            return error(refusal.status, refusal.message)
        return await pool.run({"kind": "update", "update": text}, settings.timeout)

    async def sparql(request: Request) -> Response:
        query, params, problem = await read_query(request)
        if problem is not None:
            return _reply(problem)
        if query is None:
            return service_description(request)
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return _reply(
                error(
                    400, "this endpoint has one default graph; dataset parameters are not supported"
                )
            )
        try:
            screen(query)
        except Refusal as refusal:
            return _reply(error(refusal.status, refusal.message))
        try:
            results_format, graph_format = negotiate(request, (params.get("format") or [None])[0])
        except ValueError as exc:
            return _reply(error(400, str(exc)))
        job = {
            "kind": "sparql",
            "query": query,
            "results_format": results_format,
            "graph_format": graph_format,
            "cap": settings.max_rows,
        }
        return _reply(await pool.run(job, settings.timeout))

    def service_description(request: Request) -> Response:
        endpoint = str(request.url.replace(query=""))
        void_url = str(request.url.replace(path="/.well-known/void", query=""))
        update_language = ", sd:SPARQL11Update" if settings.allow_update else ""
        mode = "updates allowed" if settings.allow_update else "read-only"
        result_formats = " ".join(
            f"<http://www.w3.org/ns/formats/{n}>"
            for n in (
                "SPARQL_Results_JSON",
                "SPARQL_Results_XML",
                "SPARQL_Results_CSV",
                "SPARQL_Results_TSV",
            )
        )
        turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint}> a sd:Service ;
    rdfs:seeAlso <{void_url}> ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query{update_language} ;
    sd:resultFormat {result_formats.replace(" ", ", ")} ;
    dcterms:description "alkkg {__version__}: {mode}; SERVICE disabled; timeout {settings.timeout:g} s; at most {settings.max_rows} rows" ;
    sd:defaultDataset [
        a sd:Dataset, void:Dataset ;
        dcterms:title "alkkg: knowledge graph of ALK-positive NSCLC" ;
        void:sparqlEndpoint <{endpoint}> ;
        void:uriSpace "{settings.base}id/" ;
        sd:defaultGraph [ a sd:Graph ]
    ] .
"""
        return Response(turtle.encode(), media_type="text/turtle")

    async def api_index(_: Request) -> Response:
        return JSONResponse({"queries": describe_named_queries()})

    async def api_query(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in named_queries():
            known = ", ".join(named_queries())
            return _reply(error(404, f"no named query {name!r}; known: {known}"))
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        fmt = request.query_params.get("format")
        if fmt is None:
            accepted = _accepted(request.headers.get("accept", ""))
            fmt = "csv" if accepted and accepted[0] == "text/csv" else "json"
        if fmt not in MEDIA_TYPES:
            return _reply(error(400, f"unknown format {fmt!r}: one of {', '.join(MEDIA_TYPES)}"))
        job = {
            "kind": "named",
            "name": name,
            "params": params,
            "results_format": fmt,
            "cap": settings.max_rows,
        }
        return _reply(await pool.run(job, settings.timeout))

    async def context(_: Request) -> Response:
        """The published JSON-LD @context (https://w3id.org/alkkg/context.jsonld)."""
        from kg.formats.jsonld import context_path

        return Response(context_path().read_bytes(), media_type="application/ld+json")

    async def openapi(_: Request) -> Response:
        return JSONResponse(openapi_document())

    async def home(_: Request) -> Response:
        reply = await pool.run({"kind": "examples"}, settings.timeout)
        if reply.status != 200:
            return _reply(reply)
        return HTMLResponse(query_page(json.loads(reply.body), settings.base))

    async def void(request: Request) -> Response:
        origin = f"{request.url.scheme}://{request.url.netloc}"
        job = {"kind": "void", "endpoint": f"{origin}/sparql", "dump": f"{origin}/dump/alkkg.nt"}
        return _reply(await pool.run(job, settings.timeout))

    async def dump(request: Request) -> Response:
        fmt = SUFFIXES.get(request.path_params["ext"])
        if fmt in (None, "html"):
            return _reply(error(404, "dumps: /dump/alkkg.nt, .ttl, .jsonld, .rdf"))
        return _reply(await pool.run({"kind": "dump", "format": fmt}, settings.timeout))

    async def resource(request: Request) -> Response:
        """Dereference a resource IRI: the server's root stands for the graph's base."""
        path = request.path_params["path"]
        stem, dot, ext = path.rpartition(".")
        if dot and ext in SUFFIXES and "/" not in ext:
            path, fmt = stem, SUFFIXES[ext]
        else:
            accepted = _accepted(request.headers.get("accept", ""))
            html = next(
                (i for i, m in enumerate(accepted) if m in ("text/html", "application/xhtml+xml")),
                None,
            )
            rdf = next((i for i, m in enumerate(accepted) if m in GRAPH_TYPES), None)
            if rdf is not None and (html is None or rdf < html):
                fmt = GRAPH_TYPES[accepted[rdf]]
            else:
                fmt = "html" if html is not None else "turtle"
        if path == "ontology" and fmt == "html":
            page = await asyncio.to_thread(served_page)  # pyLODE's, if it is installed
            if page is not None:
                return HTMLResponse(page)
        if path == "ontology" and fmt != "html":
            graph = ox.parse(path=str(ontology_dir() / "alkkg.ttl"), format=ox.RdfFormat.TURTLE)
            return Response(serialize_triples(graph, fmt), media_type=GRAPH_FORMATS[fmt].media_type)
        job = {
            "kind": "resource",
            "iri": settings.base + path,
            "graph_format": fmt,
            "base": settings.base,
            "cap": settings.max_rows,
        }
        return _reply(await pool.run(job, settings.timeout))

    routes = [
        Route("/", home, methods=["GET"]),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
        Route("/.well-known/void", void, methods=["GET"]),
        Route("/dump/alkkg.{ext}", dump, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api", api_index, methods=["GET"]),
        Route("/api/{name}", api_query, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/context.jsonld", context, methods=["GET"]),
        Route("/{path:path}", resource, methods=["GET"]),
    ]
    middleware = [
        Middleware(
            CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"]
        )
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


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
                "schema": {"type": "string", "enum": list(MEDIA_TYPES)},
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
                        "content": {m: {} for m in MEDIA_TYPES.values()},
                    },
                    "400": {
                        "description": "unknown name or bad parameter; the message suggests close names"
                    },
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


def _request_deadline(seconds: float) -> type:
    """uvicorn's HTTP/1.1 protocol with a deadline for reading each request.

    uvicorn closes idle keep-alive connections but sets no limit on receiving a request, so a
    client that sends its headers or body a byte at a time (slowloris) could hold a connection,
    and with enough of them every connection slot, for ever. Past the deadline a request that is
    still incomplete gets 408 and the connection is closed.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    timeout = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"connection: close\r\ncontent-length: %d\r\n\r\n%s"
    )
    message = f"the request was not received within {seconds:g} s\n".encode()

    class RequestDeadline(H11Protocol):
        deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            self.deadline = self.loop.call_later(seconds, self._expire)

        def _expire(self) -> None:
            if self.transport.is_closing() or self.conn.their_state not in (
                h11.IDLE,
                h11.SEND_BODY,
            ):
                return  # the request is in: the query timeout governs from here
            if self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                self.transport.write(timeout % (len(message), message))
            self.transport.close()

    return RequestDeadline


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        http=_request_deadline(settings.read_timeout),
        log_level="warning",
        timeout_keep_alive=5,
        limit_concurrency=200,
        h11_max_incomplete_event_size=16 * 1024,
    )
