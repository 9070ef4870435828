"""The W3C SPARQL 1.1 Protocol test manifest, read into requests a test can send and check.

The manifest (`shared/data/w3c-sparql11-protocol/manifest.ttl`, read-only) describes each test as
HTTP requests (`ht:Request`: method, path, headers, body as text in a named character encoding)
with what the response must be (`mf:expectedStatus` as status classes, `mf:expectedFormat`
"boolean", "tabular" or "RDF", `mf:expectedBoolean`). Nothing here knows alkkg: the runner
(`test_w3c_protocol.py`) sends the requests to a started server and hands each response to
`problems`, which says what is wrong with it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from rdflib.term import Node
from shared_data import SHARED_DATA

MANIFEST_DIR = Path(
    os.environ.get(
        "ALKKG_W3C_PROTOCOL",
        SHARED_DATA / "w3c-sparql11-protocol",
    )
)
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
MANIFEST_PATH = "/sparql/"
"""Every `ht:absolutePath` starts with this; the runner replaces it with the endpoint's path."""

RESULTS_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
SRX = "{http://www.w3.org/2005/sparql-results#}"


@dataclass(frozen=True)
class Expected:
    """What a response must be: its status class (2, 3, 4...), format and ASK answer."""

    status_classes: frozenset[int]
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class Request:
    """One HTTP request as the manifest writes it (the path still starts with /sparql/)."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected: Expected

    def target(self, endpoint_path: str) -> str:
        """The request target on an endpoint at `endpoint_path` (e.g. `/sparql`)."""
        assert self.path.startswith(MANIFEST_PATH), self.path
        return endpoint_path + self.path[len(MANIFEST_PATH) - 1 :].removeprefix("/")

    @property
    def is_update(self) -> bool:
        """Whether the request carries a SPARQL Update (by body type, form or URL)."""
        content_type = dict(self.headers).get("content-type", "")
        body = self.body or b""
        return (
            content_type.startswith("application/sparql-update")
            or body.startswith(b"update=")
            or b"&update=" in body
            or "update=" in self.path
        )


@dataclass(frozen=True)
class ProtocolTest:
    """One manifest entry: its local name, its title, the Host it names, its requests in order."""

    id: str
    name: str
    authority: str
    requests: tuple[Request, ...]

    @property
    def updates(self) -> bool:
        return any(r.is_update for r in self.requests)


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _expected(graph: Graph, response: Node) -> Expected:
    classes = frozenset(
        int(str(code).removeprefix(str(HTS)).removeprefix("StatusCode")[0])
        for code in graph.objects(response, MF.expectedStatus)
    )
    fmt = _one(graph, response, MF.expectedFormat)
    boolean = _one(graph, response, MF.expectedBoolean)
    return Expected(
        classes,
        str(fmt) if fmt is not None else None,
        bool(boolean.toPython()) if isinstance(boolean, Literal) else None,
    )


def _request(graph: Graph, node: Node) -> Request:
    headers = tuple(
        (str(_one(graph, h, HT.fieldName)).lower(), str(_one(graph, h, HT.fieldValue)))
        for h in _list(graph, _one(graph, node, HT.headers))
    )
    body_node = _one(graph, node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(_one(graph, body_node, CNT.characterEncoding) or "UTF-8")
        body = str(_one(graph, body_node, CNT.chars)).encode(encoding)
    response = _one(graph, node, HT.resp)
    assert response is not None, f"a request without a response in the manifest: {node}"
    return Request(
        str(_one(graph, node, HT.methodName)),
        str(_one(graph, node, HT.absolutePath)),
        headers,
        body,
        _expected(graph, response),
    )


def read_manifest(directory: Path = MANIFEST_DIR) -> tuple[list[ProtocolTest], dict[str, Path]]:
    """The tests in the manifest's order, and the data files by the graph IRI they go in as."""
    graph = Graph().parse(directory / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(MF.entries, None))
    tests, data = [], {}
    for entry in _list(graph, _one(graph, manifest, MF.entries)):
        action = _one(graph, entry, MF.action)
        requests = [_request(graph, r) for r in _list(graph, _one(graph, action, HT.requests))]
        local = str(entry).rsplit("#", 1)[1]
        authority = str(_one(graph, action, HT.connectionAuthority))
        name = str(_one(graph, entry, MF.name))
        tests.append(ProtocolTest(local, name, authority, tuple(requests)))
        for item in graph.objects(entry, UT.graphData):
            file = str(_one(graph, item, UT.graph)).rsplit("/", 1)[1]
            data[str(_one(graph, item, RDFS.label))] = directory / file
    return tests, data


def _media_type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _boolean(body: bytes, kind: str) -> bool | str:
    """The ASK answer in a results document, or why there is none."""
    if kind == "json":
        doc = json.loads(body)
        if not isinstance(doc.get("boolean"), bool) or "results" in doc:
            return f"no boolean in the JSON results: {body[:200]!r}"
        return bool(doc["boolean"])
    if kind == "xml":
        found = ET.fromstring(body).find(f"{SRX}boolean")
        if found is None or found.text not in ("true", "false"):
            return f"no boolean in the XML results: {body[:200]!r}"
        return found.text == "true"
    return f"a boolean in {kind}, which has no boolean form"


def _tabular(body: bytes, kind: str) -> str | None:
    """Why the body is not a table of results (None: it is one)."""
    if kind == "json":
        doc = json.loads(body)
        if not isinstance(doc.get("head", {}).get("vars"), list) or "bindings" not in doc.get(
            "results", {}
        ):
            return f"no head.vars and results.bindings in the JSON: {body[:200]!r}"
    elif kind == "xml":
        root = ET.fromstring(body)
        if root.find(f"{SRX}head") is None or root.find(f"{SRX}results") is None:
            return f"no head and results in the XML: {body[:200]!r}"
    else:
        rows = list(
            csv.reader(io.StringIO(body.decode()), delimiter="," if kind == "csv" else "\t")
        )
        if not rows or any(len(row) != len(rows[0]) for row in rows if row):
            return f"not a table: {body[:200]!r}"
    return None


def problems(status: int | None, headers: dict[str, str], body: bytes, want: Expected) -> list[str]:
    """What is wrong with a response, as a list of sentences (empty: it is as expected)."""
    if status is None:
        return ["no response (the connection dropped)"]
    found: list[str] = []
    if status // 100 not in want.status_classes:
        classes = " or ".join(f"{c}xx" for c in sorted(want.status_classes))
        found.append(f"status {status}, expected {classes}: {body[:300]!r}")
        return found
    media_type = _media_type(headers)
    try:
        if want.format in ("boolean", "tabular") and media_type not in RESULTS_TYPES:
            found.append(f"{want.format} results expected, got {media_type!r}")
        elif want.format == "boolean":
            answer = _boolean(body, RESULTS_TYPES[media_type])
            if isinstance(answer, str):
                found.append(answer)
            elif want.boolean is not None and answer is not want.boolean:
                found.append(f"ASK answered {answer}, expected {want.boolean}")
        elif want.format == "tabular":
            problem = _tabular(body, RESULTS_TYPES[media_type])
            found += [problem] if problem else []
        elif want.format == "RDF":
            if media_type not in RDF_TYPES:
                found.append(f"RDF expected, got {media_type!r}")
            else:
                Graph().parse(data=body, format=RDF_TYPES[media_type])
    except Exception as exc:  # any parse failure is the response's fault, reported as such
        found.append(f"the {media_type} body does not parse: {type(exc).__name__}: {exc}")
    return found
