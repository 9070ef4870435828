"""`alkkg export`: the whole graph in a standard RDF serialisation, or as KGX or VA-Spec.

Oxigraph's serialisers, except JSON-LD: that is compacted against our published @context
(`kg.formats.jsonld`) so that JSON consumers get short keys. The ecosystem exports that are not RDF
(KGX, VA-Spec) live in `kg.formats.kgx` and `kg.formats.vaspec`. `EXPORT_FORMATS` is the one list
of what `alkkg export` writes; the command line's choices and the server's dumps come from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import UsageError
from kg.vocab import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
"""The RDF serialisations, by the name `--format` and `?format=` take."""


@dataclass(frozen=True)
class ExportFormat:
    """What `alkkg export --format <name>` writes."""

    media_type: str
    suffix: str
    """The file name's ending; KGX writes a folder of `.tsv` files."""
    note: str = ""
    """What a user must know besides the name (for the command line's help)."""


def _rdf(name: str, note: str = "") -> ExportFormat:
    return ExportFormat(FORMATS[name].media_type, f".{FORMATS[name].file_extension}", note)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "turtle": _rdf("turtle"),
    "ntriples": _rdf("ntriples"),
    "jsonld": _rdf("jsonld", "compacted against https://w3id.org/alkkg/context.jsonld"),
    "rdfxml": _rdf("rdfxml"),
    "trig": _rdf("trig"),
    "nquads": _rdf("nquads"),
    "kgx": ExportFormat(
        "text/tab-separated-values",
        ".tsv",
        "nodes.tsv and edges.tsv (Biolink) into the --out folder",
    ),
    "va-spec": ExportFormat(
        "application/json", ".json", "activity claims as GA4GH VA-Spec Statements (JSON)"
    ),
}

_WITH_PREFIXES = {
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.TRIG,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
}


GRAPH_FORMATS = {name: FORMATS[name] for name in ("turtle", "ntriples", "jsonld", "rdfxml")}
"""The formats for a set of triples (a CONSTRUCT, a resource, the ontology)."""


def _prefixes(rdf_format: ox.RdfFormat) -> dict[str, str] | None:
    return PREFIXES if rdf_format in _WITH_PREFIXES else None


def serialize_triples(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Triples in one of GRAPH_FORMATS, with our prefixes."""
    rdf_format = GRAPH_FORMATS[fmt]
    return written(ox.serialize(triples, format=rdf_format, prefixes=_prefixes(rdf_format)))


def export(store: ox.Store, fmt: str) -> bytes:
    """Serialise the store's graph; dataset formats (TriG, N-Quads) carry every graph."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "jsonld":
        from kg.formats.jsonld import to_jsonld

        return to_jsonld(store)
    rdf_format = FORMATS[fmt]
    if rdf_format.supports_datasets:
        return written(store.dump(format=rdf_format, prefixes=_prefixes(rdf_format)))
    graph = ox.DefaultGraph()
    return written(store.dump(format=rdf_format, from_graph=graph, prefixes=_prefixes(rdf_format)))


def written(data: bytes | None) -> bytes:
    """What an Oxigraph serialiser returns when given no output file: the bytes, never None."""
    if data is None:
        raise TypeError("Oxigraph wrote to a file where bytes were asked for")
    return data
