"""`/sparql`: the SPARQL 1.1 Protocol endpoint (query, update, service description).

A query comes by GET (`?query=`), by POST as a form or as an `application/sparql-query` body;
an update only by POST, and only on a server started with `--allow-update`. A GET without a
query answers with the SPARQL Service Description. Query text is screened (`kg.web.guard`)
before it reaches a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from kg import __version__
from kg.config import Settings
from kg.errors import QueryError, Refusal
from kg.web.guard import screen
from kg.web.jobs import Failure, SparqlJob, UpdateJob
from kg.web.negotiation import GRAPHS, RESULTS, negotiate
from kg.web.replies import answer, pool_of, respond, settings_of

MAX_DRAIN = 16 * 2**20
"""Bytes of an oversized body read (and dropped) so that its sender gets the 413."""
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV")  # fmt: skip


@dataclass(frozen=True)
class Protocol:
    """What a protocol request asks: a query, an update (or neither) and the other parameters."""

    query: str | None
    update: str | None
    params: dict[str, list[str]]


async def read_body(request: Request, max_body: int) -> bytes | None:
    """The POST body, or None if it is over `max_body` (or the client left).

    An oversized body is still read (and dropped), up to `MAX_DRAIN` bytes, so the client that
    is still sending it gets the 413 rather than a connection reset.
    """
    body = bytearray()
    seen = 0
    try:
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > MAX_DRAIN:
                break
            if seen <= max_body:
                body += chunk
    except ClientDisconnect:  # gone (or cut off at the read deadline): nobody to answer
        return None
    return bytes(body) if seen <= max_body else None


async def read_protocol(request: Request, max_body: int) -> Protocol:
    """The query or update of a request, from the URL, a form or the body; else a 4xx error."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        body = await read_body(request, max_body)
        if body is None:
            raise Refusal(413, f"request body over {max_body} bytes")
        text = body.decode("utf-8", "replace")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return Protocol(None, text, params)
        if content_type == "application/sparql-query":
            return Protocol(text, None, params)
        if content_type != "application/x-www-form-urlencoded":
            raise Refusal(415, f"unsupported content type {content_type!r}")
        params |= parse_qs(text, keep_blank_values=True)
    if "update" in params:
        if request.method != "POST" or len(params["update"]) != 1:
            raise QueryError("send one update by POST")
        return Protocol(None, params["update"][0], params)
    queries = params.get("query", [])
    if len(queries) > 1:
        raise QueryError("give one query")
    return Protocol(queries[0] if queries else None, None, params)


async def sparql(request: Request) -> Response:
    """The protocol endpoint: a query's results, an update's 204, or the service description."""
    settings = settings_of(request)
    asked = await read_protocol(request, settings.max_body)
    if asked.update is not None:
        return await update(request, asked.update)
    if asked.query is None:
        return service_description(request, settings)
    if asked.params.get("default-graph-uri") or asked.params.get("named-graph-uri"):
        raise QueryError(
            "this endpoint has one default graph; dataset parameters are not supported"
        )
    screen(asked.query)
    requested = next(iter(asked.params.get("format", [])), None)
    accept = request.headers.get("accept", "")
    results_format, graph_format = negotiate(accept, requested, RESULTS, GRAPHS)
    job = SparqlJob(asked.query, results_format, graph_format, settings.max_rows)
    return await answer(request, job)


async def update(request: Request, text: str) -> Response:
    """Run a SPARQL Update, or refuse it (403) unless started with --allow-update."""
    if not settings_of(request).allow_update:
        raise Refusal(403, "this endpoint is read-only: SPARQL Update is refused")
    screen(text, update=True)
    result = await pool_of(request).run(UpdateJob(text))
    if isinstance(result, Failure):
        return respond(result)
    return Response(status_code=204, headers=dict(result.headers))


def service_description(request: Request, settings: Settings) -> Response:
    """The SPARQL Service Description of this endpoint, in Turtle."""
    endpoint = str(request.url.replace(query=""))
    void_url = str(request.url.replace(path="/.well-known/void", query=""))
    update_language = ", sd:SPARQL11Update" if settings.allow_update else ""
    mode = "updates allowed" if settings.allow_update else "read-only"
    result_formats = ", ".join(f"<http://www.w3.org/ns/formats/{n}>" for n in RESULT_FORMATS)
    turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint}> a sd:Service ;
    rdfs:seeAlso <{void_url}> ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query{update_language} ;
    sd:resultFormat {result_formats} ;
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
