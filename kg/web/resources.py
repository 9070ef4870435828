"""The pages and documents of the graph: the query page, resource IRIs, dumps, VoID, @context.

A resource IRI under the graph's base dereferences here, the server's root standing for the
base: `/id/agent/lorlatinib` is `https://w3id.org/alkkg/id/agent/lorlatinib`, as an HTML page
or RDF (by Accept, `?format=` or a suffix such as `.ttl`).
"""

from __future__ import annotations

import asyncio
import json

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.errors import NotFound, QueryError
from kg.formats.docs import served_page
from kg.formats.rdf import GRAPH_FORMATS, serialize_triples
from kg.resources import ontology_dir
from kg.web.jobs import DumpJob, ExamplesJob, Failure, ResourceJob, VoidJob
from kg.web.negotiation import GRAPHS, PAGES, SUFFIXES, negotiate, varies
from kg.web.pages import query_page
from kg.web.replies import answer, pool_of, respond, settings_of


def checked(iri: str) -> str:
    """The IRI, if it is one; else the client's 400 (a path or Host with a NUL or a space)."""
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"{iri!r} is not an IRI: {exc}") from None
    return iri


async def home(request: Request) -> Response:
    """The query page, with each named query's first example to try."""
    result = await pool_of(request).run(ExamplesJob())
    if isinstance(result, Failure):
        return respond(result)
    return HTMLResponse(query_page(json.loads(result.body), settings_of(request).base))


async def void(request: Request) -> Response:
    """The VoID description of the graph, naming this server's endpoint and dump."""
    origin = f"{request.url.scheme}://{request.url.netloc}"  # as the client named the server
    job = VoidJob(checked(f"{origin}/sparql"), checked(f"{origin}/dump/alkkg.nt"))
    return await answer(request, job)


async def dump(request: Request) -> Response:
    """The whole graph, in the format its suffix names."""
    ext = request.path_params["ext"]
    if ext not in SUFFIXES or ext == "html":
        raise NotFound("dumps: /dump/alkkg.nt, .ttl, .jsonld, .rdf")
    (fmt,) = negotiate("", ext, GRAPHS)
    return await answer(request, DumpJob(fmt))


async def context(_: Request) -> Response:
    """The published JSON-LD @context (https://w3id.org/alkkg/context.jsonld)."""
    from kg.formats.jsonld import context_path

    return Response(context_path().read_bytes(), media_type="application/ld+json")


async def resource(request: Request) -> Response:
    """Dereference a resource IRI: the server's root stands for the graph's base."""
    settings = settings_of(request)
    path = request.path_params["path"]
    stem, dot, ext = path.rpartition(".")
    suffix = None
    if dot and ext in SUFFIXES and "/" not in ext:
        path, suffix = stem, ext
    requested = suffix or request.query_params.get("format")
    (fmt,) = negotiate(request.headers.get("accept", ""), requested, PAGES)
    chosen = varies if suffix is None else (lambda response: response)
    if path == "ontology":
        page = await ontology(fmt)
        if page is not None:
            return chosen(page)
    job = ResourceJob(checked(settings.base + path), fmt, settings.base, settings.max_rows)
    return chosen(await answer(request, job))


async def ontology(fmt: str) -> Response | None:
    """The ontology file's triples, or pyLODE's page for a browser (None if not installed)."""
    if fmt == "html":
        page = await asyncio.to_thread(served_page)
        return HTMLResponse(page) if page is not None else None
    graph = ox.parse(path=str(ontology_dir() / "alkkg.ttl"), format=ox.RdfFormat.TURTLE)
    return Response(serialize_triples(graph, fmt), media_type=GRAPH_FORMATS[fmt].media_type)
