"""Content negotiation: one rule for every route.

A route offers one or more sets of formats (`Offer`: a SPARQL query may answer with results or
with triples, so `/sparql` offers both). The format asked for by name (`?format=`, or a path's
suffix such as `.ttl`) wins; else the first media type of the Accept header, best quality first,
that the offer has; else the offer's default. An Accept header naming only types the route does
not offer gets the default rather than 406, as most SPARQL endpoints do (the W3C protocol leaves
it open), so a client with a wrong Accept header still gets an answer it can see.

A name means what clients mean by it in each offer: `format=xml` is SPARQL XML results for a
SELECT and RDF/XML for a CONSTRUCT (SPARQLWrapper's default request for a CONSTRUCT sends
`format=xml` with `Accept: application/rdf+xml`), `json` is JSON results or JSON-LD. An offer
with no format by the name asked for (`format=csv` for a CONSTRUCT) goes by Accept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from starlette.responses import Response

from kg.errors import QueryError
from kg.formats.rdf import GRAPH_FORMATS
from kg.formats.results import MEDIA_TYPES


@dataclass(frozen=True)
class Offer:
    """The formats a route can answer in: each name's media type, other media types, a default."""

    media_types: Mapping[str, str]
    default: str
    also: Mapping[str, str] = field(default_factory=dict)
    """Further media types that ask for one of the formats (`application/json`: JSON results)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Further names clients ask for one of the formats by (`ttl`, `rdf+xml`, `xml`)."""

    def by_media_type(self, media_type: str) -> str | None:
        """The format a media type asks for, if this offer has it."""
        for name, offered in self.media_types.items():
            if offered.split(";")[0] == media_type:
                return name
        return self.also.get(media_type)

    def by_name(self, name: str) -> str | None:
        """The format a name (or a media type, as some clients send in `format`) asks for."""
        if "/" in name:
            return self.by_media_type(name)
        return name if name in self.media_types else self.names.get(name)


RESULTS = Offer(
    MEDIA_TYPES,
    "json",
    {"application/json": "json", "application/xml": "xml", "text/xml": "xml"},
)
"""SPARQL results (a SELECT's rows or an ASK's boolean)."""
GRAPH_NAMES = {
    "ttl": "turtle",
    "n3": "turtle",  # Turtle is a subset of N3: what a client asking for N3 can read
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "json": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "xml": "rdfxml",
}
"""Other names clients ask for an RDF format by (SPARQLWrapper: xml, rdf+xml, json-ld, n3)."""
GRAPHS = Offer(
    {name: fmt.media_type for name, fmt in GRAPH_FORMATS.items()},
    "turtle",
    {"application/ld+json": "jsonld", "text/plain": "ntriples", "application/xml": "rdfxml"},
    GRAPH_NAMES,
)
"""Triples: a CONSTRUCT or DESCRIBE, a resource, a dump."""
PAGES = Offer(
    {"html": "text/html", **GRAPHS.media_types},
    "turtle",
    {"application/xhtml+xml": "html", **GRAPHS.also},
    GRAPH_NAMES,
)
"""A resource: its page for a browser, its triples for an RDF client (Turtle when unsaid)."""

SUFFIXES = frozenset({"ttl", "nt", "jsonld", "rdf", "html"})
"""The extensions a resource's path or a dump's may end with to name its format."""


def accepted(header: str) -> list[str]:
    """The media types of an Accept header, best first (by quality, then as listed)."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.strip().lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(
    accept: str, requested: str | Sequence[str] | None, *offers: Offer
) -> tuple[str, ...]:
    """The format chosen from each offer (see the module's docstring for the rule).

    `requested` is `?format=` (every value given: SPARQLWrapper sends a name and a media type)
    or a suffix. The first value that names a format of one of the offers counts; if none does,
    `QueryError` (400) lists the formats. Offers with no format by that name go by Accept.
    """
    values = [requested] if isinstance(requested, str) else list(requested or ())
    names = [value.strip().lower() for value in values if value.strip()]
    chosen: list[str | None] = [None] * len(offers)
    for name in names:
        chosen = [offer.by_name(name) for offer in offers]
        if any(found is not None for found in chosen):
            break
    else:
        if names:
            known = dict.fromkeys(n for offer in offers for n in offer.media_types)
            raise QueryError(f"unknown format {names[0]!r}: one of {', '.join(known)}")
    ranked = accepted(accept)
    return tuple(
        found
        if found is not None
        else next((f for f in map(offer.by_media_type, ranked) if f is not None), offer.default)
        for found, offer in zip(chosen, offers, strict=True)
    )


def varies(response: Response) -> Response:
    """Mark an answer chosen by `Accept` (`Vary: Accept`), so that a cache between the client
    and us never hands one client's Turtle to another who asked for JSON."""
    vary = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    if "Accept" not in vary:
        response.headers["Vary"] = ", ".join(["Accept", *vary])
    return response
