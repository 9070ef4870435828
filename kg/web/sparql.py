"""`/sparql`: the SPARQL 1.1 Protocol endpoint (query, update, service description).

A query comes by GET (`?query=`), by POST as a form or as an `application/sparql-query` body;
an update only by POST, and only on a server started with `--allow-update`. A GET without a
query answers with the SPARQL Service Description. Query text is screened (`kg.web.guard`)
before it reaches a worker.

What the W3C SPARQL 1.1 Protocol asks of a service (its 34 tests pass, `tests/test_w3c_protocol.py`):
one operation per request; the dataset parameters (`default-graph-uri`, `named-graph-uri` for a
query, winning over its FROM; `using-graph-uri`, `using-named-graph-uri` for an update, refused
with its own USING or WITH); the endpoint's URL as the base IRI; UTF-8 bodies only.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from kg import __version__
from kg.config import Settings
from kg.errors import QueryError, Refusal
from kg.web.guard import screen, with_update_dataset
from kg.web.jobs import Failure, SparqlJob, UpdateJob
from kg.web.negotiation import GRAPHS, RESULTS, negotiate, varies
from kg.web.replies import answer, pool_of, respond, settings_of

MAX_DRAIN = 16 * 2**20
"""Bytes of an oversized body read (and dropped) so that its sender gets the 413."""
FORM, SPARQL_QUERY = "application/x-www-form-urlencoded", "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")
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


def _unquote(raw: bytes) -> bytes:
    """A form field's bytes, `+` and percent-escapes decoded, as `urllib.parse` decodes them.

    A query is mostly escapes (`%7B`, `%3F`, ...), which `urllib.parse` undoes one at a time in
    Python: 0.2 ms for a named query, a fifth of the server's work on a request. Quoted-printable
    has the same escapes with `=` for `%`, and `binascii` undoes them in C. Where the two differ
    (a bare `=`, a line break, an escape that is not two hex digits, which quoted-printable
    keeps or reads as a soft line break) the length tells, and `urllib.parse` does it instead.
    """
    raw = raw.replace(b"+", b" ")
    escapes = raw.count(b"%")
    if not escapes:
        return raw
    if b"=" not in raw and b"\r" not in raw and b"\n" not in raw and not raw.endswith(b"%"):
        decoded = binascii.a2b_qp(raw.replace(b"%", b"="))
        if len(decoded) == len(raw) - 2 * escapes:  # every escape was two hex digits
            return decoded
    return unquote_to_bytes(raw)


def _parameters(raw: bytes, where: str) -> dict[str, list[str]]:
    """URL-encoded parameters (as `parse_qs` with blank values kept); percent-escapes that are
    not UTF-8 are the client's error."""
    params: dict[str, list[str]] = {}
    try:
        for pair in raw.split(b"&"):
            if pair:
                key, _, value = pair.partition(b"=")
                params.setdefault(_unquote(key).decode(), []).append(_unquote(value).decode())
    except UnicodeDecodeError as exc:
        raise QueryError(f"the {where} has parameters that are not UTF-8: {exc}") from None
    return params


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type of a Content-Type header, and its charset if it names one."""
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


async def read_protocol(request: Request, max_body: int) -> Protocol:
    """The one query or update of a request, from the URL, a form or the body; else a 4xx error.

    A request carries exactly one operation (SPARQL 1.1 Protocol §2.1, §2.2): two queries, a
    query and an update, a query both in the URL and in the body, or a POST with none are
    refused rather than one of them answered. A GET with none asks for the service description.
    """
    params = _parameters(request.scope["query_string"], "URL")
    if request.method == "POST":
        body = await read_body(request, max_body)
        if body is None:
            raise Refusal(413, f"request body over {max_body} bytes")
        content_type, charset = _content_type(request.headers.get("content-type", ""))
        if content_type not in (FORM, SPARQL_QUERY, SPARQL_UPDATE):
            raise Refusal(415, f"unsupported content type {content_type!r}")
        if charset not in (None, "utf-8", "utf8"):
            raise Refusal(415, f"a {content_type} body must be UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError(f"the request body is not UTF-8: {exc}") from None
        if content_type == FORM:
            for key, values in _parameters(body, "form").items():
                params.setdefault(key, []).extend(values)
        else:
            kind = "query" if content_type == SPARQL_QUERY else "update"
            if "query" in params or "update" in params:
                raise QueryError(
                    f"the body is the request's {kind}: the URL must not carry a query or update"
                )
            params[kind] = [text]
    queries, updates = params.get("query", []), params.get("update", [])
    if queries and updates:
        raise QueryError("one operation per request: this one has both a query and an update")
    if updates:
        if request.method != "POST" or len(updates) != 1:
            raise QueryError("send one update by POST")
        return Protocol(None, updates[0], params)
    if len(queries) > 1:
        raise QueryError("give one query")
    if not queries and request.method == "POST":
        raise QueryError(
            "no query or update in the request: send one as the query or update parameter, or "
            f"as the body with Content-Type {SPARQL_QUERY} or {SPARQL_UPDATE}"
        )
    return Protocol(queries[0] if queries else None, None, params)


def _iris(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """The values of a dataset parameter, each checked to be an absolute IRI."""
    for value in params.get(name, []):
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"{name}: {value!r} is not an absolute IRI ({exc})") from None
    return tuple(params.get(name, []))


def _refuse_others(params: dict[str, list[str]], names: tuple[str, ...], operation: str) -> None:
    """Refuse the other operation's dataset parameters rather than ignore them."""
    given = [name for name in names if name in params]
    if given:
        raise QueryError(f"{', '.join(given)} cannot be given with {operation}")


def endpoint_iri(request: Request) -> str | None:
    """The endpoint's URL as the client named it: the base IRI of its queries and updates
    (SPARQL 1.1 Protocol §2.4), or None if the Host it sent makes no IRI."""
    iri = str(request.url.replace(query="", fragment=""))
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


async def sparql(request: Request) -> Response:
    """The protocol endpoint: a query's results, an update's 204, or the service description."""
    settings = settings_of(request)
    asked = await read_protocol(request, settings.max_body)
    if asked.update is not None:
        return await update(request, asked)
    if asked.query is None:
        return service_description(request, settings)
    _refuse_others(asked.params, UPDATE_DATASET, "a query (use default-graph-uri, named-graph-uri)")
    default_graphs, named_graphs = (_iris(asked.params, name) for name in QUERY_DATASET)
    dataset = bool(default_graphs or named_graphs)  # else the store's (or the query's FROM)
    screen(asked.query)
    requested = asked.params.get("format")
    accept = request.headers.get("accept", "")
    results_format, graph_format = negotiate(accept, requested, RESULTS, GRAPHS)
    job = SparqlJob(
        asked.query,
        results_format,
        graph_format,
        settings.max_rows,
        default_graphs if dataset else None,
        named_graphs if dataset else None,
        endpoint_iri(request),
    )
    return varies(await answer(request, job))


async def update(request: Request, asked: Protocol) -> Response:
    """Run a SPARQL Update, or refuse it (403) unless started with --allow-update."""
    if not settings_of(request).allow_update:
        raise Refusal(403, "this endpoint is read-only: SPARQL Update is refused")
    _refuse_others(
        asked.params, QUERY_DATASET, "an update (use using-graph-uri, using-named-graph-uri)"
    )
    using, using_named = (_iris(asked.params, name) for name in UPDATE_DATASET)
    text = with_update_dataset(asked.update or "", using, using_named)
    screen(text, update=True)
    result = await pool_of(request).run(UpdateJob(text, endpoint_iri(request)))
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
