"""A remote SPARQL endpoint (Virtuoso, Fuseki, GraphDB, Oxigraph server, ...) as a query source.

The named queries are plain SPARQL 1.1, so the same text runs here as on the embedded store;
only the prefixes the embedded store predeclares are sent explicitly. With a graph IRI the
queries run against that named graph (the protocol's `default-graph-uri`), which is how a user
pins a release.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Any

from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import RemoteError
from kg.formats.results import read_json_results
from kg.vocab import PREFIX_DECLARATIONS


@dataclass(frozen=True)
class Auth:
    """HTTP credentials: a user and password (Basic or Digest), or a bearer token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, user: str | None, password: str | None = None) -> Auth | None:
        """`ALKKG_PASSWORD` (or an explicit password) goes with a user; `ALKKG_TOKEN` is a bearer token."""
        token = os.environ.get("ALKKG_TOKEN")
        if user:
            return cls(user=user, password=password or os.environ.get("ALKKG_PASSWORD", ""))
        return cls(token=token) if token else None

    def header(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
        return {}


class RemoteEndpoint:
    """Run queries on a SPARQL 1.1 Protocol endpoint through SPARQLWrapper."""

    def __init__(
        self, url: str, graph: str | None = None, auth: Auth | None = None, timeout: float = 60
    ) -> None:
        self.url, self.graph, self.auth, self.timeout = url, graph, auth, timeout

    def _client(self, text: str, fmt: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.url)
        # Comment lines are for people; SPARQLWrapper would read words in them ("drops") as
        # the query form, so they are not sent.
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        client.setQuery(PREFIX_DECLARATIONS + body)
        client.setReturnFormat(fmt)
        client.setMethod("POST")
        client.setTimeout(int(self.timeout))
        if self.graph:
            client.addDefaultGraph(self.graph)
        if self.auth is not None:
            for name, value in self.auth.header().items():
                client.addCustomHttpHeader(name, value)
        return client

    def _convert(self, client: SPARQLWrapper) -> Any:
        try:
            return client.queryAndConvert()
        except SPARQLWrapperException as exc:
            raise RemoteError(f"{self.url}: {exc}") from None
        except OSError as exc:  # unreachable, refused, timed out
            raise RemoteError(f"{self.url}: cannot reach the endpoint ({exc})") from None

    def select(self, text: str) -> tuple[list[str], list[list[Any]]]:
        doc = self._convert(self._client(text, JSON))
        if "boolean" in doc:
            raise RemoteError("expected a SELECT result, got a boolean")
        results = read_json_results(doc)
        return results.variables, results.rows

    def ask(self, text: str) -> bool:
        return bool(self._convert(self._client(text, JSON))["boolean"])

    def construct(self, text: str) -> bytes:
        graph = self._convert(self._client(text, TURTLE))
        return graph.serialize(format="turtle").encode() if hasattr(graph, "serialize") else graph
