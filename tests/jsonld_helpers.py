"""Expand our JSON-LD with PyLD, resolving the published context to the local file."""

from __future__ import annotations

import json
from typing import Any

from pyld import jsonld
from rdflib import Graph

from kg.formats.jsonld import CONTEXT_IRI, context_path


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url != CONTEXT_IRI:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "loading document failed")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(context_path().read_text()),
    }


def jsonld_to_graph(data: bytes | str) -> Graph:
    """PyLD's JSON-LD to RDF (via N-Quads), as an rdflib Graph."""
    document = json.loads(data)
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": _loader})
    return Graph().parse(data=nquads, format="nquads")
