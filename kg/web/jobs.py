"""What the server asks a query worker, and what a worker answers.

A job is a frozen dataclass per kind; the worker answers with an `Answer` (media type, body,
headers) or a `Failure` (the error's class and message). The worker never picks an HTTP status:
the HTTP side takes it from the error class (`kg.errors`: `AlkkgError.status`), and a failure
that is not an `AlkkgError` is a bug, answered with 500 so that a test (the fuzz run) sees it.
Everything here crosses a process boundary by pickle, so it holds plain values only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from kg.errors import AlkkgError


@dataclass(frozen=True)
class NamedJob:
    """A named query with its parameters (as given, resolved by the worker)."""

    name: str
    params: Mapping[str, str]
    results_format: str
    cap: int
    limit: int | None = None
    """Rows a page holds (None: every row, up to `cap`); see `kg.query.paging`."""
    offset: int = 0
    light: ClassVar[bool] = True


@dataclass(frozen=True)
class SparqlJob:
    """A SPARQL query from a client; the format for results and the one for triples."""

    query: str
    results_format: str
    graph_format: str
    cap: int
    default_graphs: tuple[str, ...] | None = None
    """The protocol's `default-graph-uri`s; None: the store's default graph (as are the two
    below when the request names no dataset: then the query's FROM, if any, holds)."""
    named_graphs: tuple[str, ...] | None = None
    """The protocol's `named-graph-uri`s; None: every named graph of the store."""
    base_iri: str | None = None
    """The endpoint's URL, against which the query's relative IRIs resolve."""
    light: ClassVar[bool] = False


@dataclass(frozen=True)
class ResourceJob:
    """A resource IRI, as an HTML page or its triples in an RDF format."""

    iri: str
    graph_format: str
    base: str
    cap: int
    light: ClassVar[bool] = True


@dataclass(frozen=True)
class ExamplesJob:
    """Each named query bound to its first example, for the query page."""

    light: ClassVar[bool] = True


@dataclass(frozen=True)
class UpdateJob:
    """A SPARQL Update (only on a server started with --allow-update)."""

    update: str
    base_iri: str | None = None
    """The endpoint's URL, against which the update's relative IRIs resolve."""
    light: ClassVar[bool] = False


@dataclass(frozen=True)
class DumpJob:
    """The whole graph in one of `kg.formats.rdf.FORMATS`."""

    format: str
    light: ClassVar[bool] = False


@dataclass(frozen=True)
class VoidJob:
    """The VoID description, naming this server's endpoint and dump."""

    endpoint: str
    dump: str
    light: ClassVar[bool] = True


Job = NamedJob | SparqlJob | ResourceJob | ExamplesJob | UpdateJob | DumpJob | VoidJob
"""Every kind of job; `light` ones (named queries, pages) go ahead of arbitrary SPARQL."""


@dataclass(frozen=True)
class Answer:
    """A job done: the body and its media type, and headers to send with it."""

    media_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    more: bool = False
    """A page of a named query, and another page follows."""


@dataclass(frozen=True)
class Failure:
    """A job failed: the error's class (`None`: not an `AlkkgError`, a bug) and its message."""

    error: type[AlkkgError] | None
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def status(self) -> int:
        """The HTTP status: the error class's own, 500 for a bug."""
        return self.error.status if self.error is not None else 500


Result = Answer | Failure
