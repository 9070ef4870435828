"""`alkkg export`: the whole graph in a standard RDF serialisation.

Oxigraph's serialisers, except JSON-LD: that is compacted against our published @context
(`kg.formats.jsonld`) so that JSON consumers get short keys. The ecosystem exports that are not RDF
(KGX, VA-Spec) live in `kg.formats.kgx` and `kg.formats.vaspec`.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.vocab import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_WITH_PREFIXES = {
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.TRIG,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
}


GRAPH_FORMATS = {name: FORMATS[name] for name in ("turtle", "ntriples", "jsonld", "rdfxml")}
"""The formats for a set of triples (a CONSTRUCT, a resource, the ontology)."""


def serialize_triples(triples: object, fmt: str) -> bytes:
    """Triples (any iterable Oxigraph accepts) in one of GRAPH_FORMATS, with our prefixes."""
    rdf_format = GRAPH_FORMATS[fmt]
    prefixes = PREFIXES if rdf_format in _WITH_PREFIXES else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def export(store: ox.Store, fmt: str) -> bytes:
    """Serialise the store's graph; dataset formats (TriG, N-Quads) carry every graph."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "jsonld":
        from kg.formats.jsonld import to_jsonld

        return to_jsonld(store)
    rdf_format = FORMATS[fmt]
    prefixes = PREFIXES if rdf_format in _WITH_PREFIXES else None
    if rdf_format.supports_datasets:
        return store.dump(format=rdf_format, prefixes=prefixes)
    return store.dump(format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
