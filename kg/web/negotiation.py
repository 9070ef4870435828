"""Content negotiation: one rule for every route.

A route offers one or more sets of formats (`Offer`: a SPARQL query may answer with results or
with triples, so `/sparql` offers both). The format asked for by name (`?format=`, or a path's
suffix such as `.ttl`) wins; else the first media type of the Accept header, best quality first,
that the offer has; else the offer's default. An Accept header naming only types the route does
not offer gets the default rather than 406, as most SPARQL endpoints do (the W3C protocol leaves
it open), so a client with a wrong Accept header still gets an answer it can see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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

    def by_media_type(self, media_type: str) -> str | None:
        """The format a media type asks for, if this offer has it."""
        for name, offered in self.media_types.items():
            if offered.split(";")[0] == media_type:
                return name
        return self.also.get(media_type)


RESULTS = Offer(
    MEDIA_TYPES,
    "json",
    {"application/json": "json", "application/xml": "xml", "text/xml": "xml"},
)
"""SPARQL results (a SELECT's rows or an ASK's boolean)."""
GRAPHS = Offer(
    {name: fmt.media_type for name, fmt in GRAPH_FORMATS.items()},
    "turtle",
    {"application/ld+json": "jsonld", "text/plain": "ntriples", "application/xml": "rdfxml"},
)
"""Triples: a CONSTRUCT or DESCRIBE, a resource, a dump."""
PAGES = Offer(
    {"html": "text/html", **GRAPHS.media_types},
    "turtle",
    {"application/xhtml+xml": "html", **GRAPHS.also},
)
"""A resource: its page for a browser, its triples for an RDF client (Turtle when unsaid)."""

ALIASES = {"nt": "ntriples", "ttl": "turtle", "json-ld": "jsonld", "rdf": "rdfxml"}
"""Other names a client may ask for a format by."""
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


def negotiate(accept: str, requested: str | None, *offers: Offer) -> tuple[str, ...]:
    """The format chosen from each offer (see the module's docstring for the rule).

    `requested` (`?format=` or a suffix) must name a format of one of the offers, else
    `QueryError` (400) lists them; the other offers then answer in their defaults.
    """
    if requested:
        name = ALIASES.get(requested.lower(), requested.lower())
        if not any(name in offer.media_types for offer in offers):
            known = dict.fromkeys(n for offer in offers for n in offer.media_types)
            raise QueryError(f"unknown format {name!r}: one of {', '.join(known)}")
        return tuple(name if name in o.media_types else o.default for o in offers)
    ranked = accepted(accept)
    return tuple(
        next((f for f in map(offer.by_media_type, ranked) if f is not None), offer.default)
        for offer in offers
    )
