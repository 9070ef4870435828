"""The graph as compacted JSON-LD against our published @context (`ontology/context.jsonld`).

Oxigraph's JSON-LD writer inlines prefixes and writes every value as an object; consumers in
the JSON world want short keys (`"agent": "id:agent/lorlatinib"`) and a context they can fetch
once and cache. The context is generated from the ontology (`context_document`), committed as
`ontology/context.jsonld`, served at `/context.jsonld` and published as `CONTEXT_IRI`.

The writer below compacts by hand rather than with PyLD's compaction algorithm: it is exact for
RDF terms (each value is written short only when the term's definition expands it back to the
same RDF term, otherwise as an explicit value or node object) and takes milliseconds instead of
minutes. The tests expand the output with PyLD and compare it with the store, triple by triple.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import curies
import pyoxigraph as ox

from kg.errors import DataError
from kg.prefixes import JSONLD_PREFIXES, jsonld_converter
from kg.resources import ontology_dir
from kg.vocab import BASE, PREFIXES

CONTEXT_IRI = BASE + "context.jsonld"
"""Where the context is published (w3id redirect; `alkkg serve` answers it at /context.jsonld)."""

XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDF_LANG_STRING = PREFIXES["rdf"] + "langString"
XSD_STRING = XSD + "string"

# Properties the graph uses from other vocabularies that the ontology does not declare (or
# declares as annotation properties): their kind, so that values come out short.
_ID = {"@type": "@id"}
_EN = {"@language": "en"}
EXTERNAL_TERMS: dict[str, tuple[str, dict[str, str]]] = {
    "label": ("rdfs:label", {}),
    "comment": ("rdfs:comment", {}),
    "subClassOf": ("rdfs:subClassOf", _ID),
    "subPropertyOf": ("rdfs:subPropertyOf", _ID),
    "domain": ("rdfs:domain", _ID),
    "range": ("rdfs:range", _ID),
    "inverseOf": ("owl:inverseOf", _ID),
    "disjointWith": ("owl:disjointWith", _ID),
    "versionIRI": ("owl:versionIRI", _ID),
    "versionInfo": ("owl:versionInfo", {}),
    "sameAs": ("owl:sameAs", _ID),
    "prefLabel": ("skos:prefLabel", {}),
    "altLabel": ("skos:altLabel", {}),
    "definition": ("skos:definition", _EN),
    "editorialNote": ("skos:editorialNote", {}),
    "broader": ("skos:broader", _ID),
    "exactMatch": ("skos:exactMatch", _ID),
    "closeMatch": ("skos:closeMatch", _ID),
    "broadMatch": ("skos:broadMatch", _ID),
    "narrowMatch": ("skos:narrowMatch", _ID),
    "relatedMatch": ("skos:relatedMatch", _ID),
    "wasDerivedFrom": ("prov:wasDerivedFrom", _ID),
    "title": ("dcterms:title", {}),
    "description": ("dcterms:description", _EN),
    "bibliographicCitation": ("dcterms:bibliographicCitation", {}),
    "license": ("dcterms:license", _ID),
    "created": ("dcterms:created", {"@type": "xsd:date"}),
    "doi": ("bibo:doi", {}),
    "pmid": ("bibo:pmid", {}),
}


def _compress(converter: curies.Converter, iri: str) -> str:
    """The shortest `prefix:local` for an IRI, or the IRI itself when no prefix fits."""
    reference = converter.parse_uri(iri)
    # `p://x` would be read as an absolute IRI, not as a CURIE.
    if reference is None or reference.identifier.startswith("//"):
        return iri
    return reference.curie


def context_document(ontology: Iterable[ox.Triple] | None = None) -> dict[str, Any]:
    """The @context: our prefixes, the external ones, and one term per property.

    Terms are the properties' local names. Object and annotation properties are `@id`-typed; datatype
    properties with an XSD range (other than xsd:string) are coerced to it. Derived from the
    ontology so that a new property is covered as soon as it is declared (a test checks the
    committed file is up to date).
    """
    if ontology is None:
        ontology = ox.parse(path=str(ontology_dir() / "alkkg.ttl"), format=ox.RdfFormat.TURTLE)
    kinds: dict[str, str] = {}
    ranges: defaultdict[str, set[str]] = defaultdict(set)
    owl = PREFIXES["owl"]
    for triple in ontology:
        s, p, o = triple.subject, triple.predicate, triple.object
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(PREFIXES["alkkg"]):
            continue
        if (
            p.value == RDF_TYPE
            and isinstance(o, ox.NamedNode)
            and o.value
            in (
                owl + "ObjectProperty",
                owl + "DatatypeProperty",
                owl + "AnnotationProperty",
            )
        ):
            kinds[s.value] = o.value[len(owl) :]
        elif p.value == PREFIXES["rdfs"] + "range" and isinstance(o, ox.NamedNode):
            ranges[s.value].add(o.value)

    context: dict[str, Any] = {"@version": 1.1}
    for prefix, namespace in JSONLD_PREFIXES.items():  # declared, not looked up
        if namespace[-1] in "/#:?":
            context[prefix] = namespace
        else:
            context[prefix] = {"@id": namespace, "@prefix": True}
    terms: dict[str, dict[str, str]] = {}
    for name, (curie, definition) in EXTERNAL_TERMS.items():
        terms[name] = {"@id": curie, **definition}
    for iri in sorted(kinds):
        name = iri[len(PREFIXES["alkkg"]) :]
        if name in terms or name in context:
            raise ValueError(f"term {name!r} would be defined twice (alkkg:{name})")
        definition = {"@id": f"alkkg:{name}"}
        if kinds[iri] in ("ObjectProperty", "AnnotationProperty"):  # ours link to terms
            definition["@type"] = "@id"
        else:
            xsd_ranges = [r for r in ranges[iri] if r.startswith(XSD) and r != XSD_STRING]
            if len(xsd_ranges) == 1:
                definition["@type"] = _compress(jsonld_converter, xsd_ranges[0])
        terms[name] = definition
    context.update(dict(sorted(terms.items())))
    return {"@context": context}


def context_path() -> Path:
    """The committed, published context."""
    return ontology_dir() / "context.jsonld"


def write_context(path: Path | None = None) -> Path:
    """Regenerate `ontology/context.jsonld` from the ontology (run after adding a property)."""
    path = path or context_path()
    path.write_text(json.dumps(context_document(), indent=2, ensure_ascii=False) + "\n")
    return path


class _Compactor:
    """Writes RDF terms short where the context allows it, exactly everywhere else."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.converter = curies.Converter.from_jsonld({"@context": context})
        self.terms: dict[str, tuple[str, dict[str, str]]] = {}  # property IRI -> (key, def)
        for key, value in context.items():
            if key.startswith("@") or isinstance(value, str) or value.get("@prefix"):
                continue
            iri = self.expand(value["@id"])
            definition = {k: self.expand(v) if k == "@type" else v for k, v in value.items()}
            self.terms[iri] = (key, definition)

    def expand(self, value: str) -> str:
        """A CURIE's IRI; a keyword (`@id`), an absolute IRI or an unknown prefix as it is."""
        _, colon, local = value.partition(":")
        if not colon or local.startswith("//"):
            return value
        return self.converter.expand(value, passthrough=True)

    def iri(self, iri: str) -> str:
        return _compress(self.converter, iri)

    def node_ref(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def key(self, predicate: str) -> tuple[str, dict[str, str]]:
        return self.terms.get(predicate) or (self.iri(predicate), {})

    def value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal, definition: dict) -> Any:
        coerce = definition.get("@type")
        if not isinstance(term, ox.Literal):
            ref = self.node_ref(term)
            return ref if coerce == "@id" else {"@id": ref}
        text, datatype = term.value, term.datatype.value
        if term.language:
            if coerce is None and definition.get("@language") == term.language:
                return text
            return {"@value": text, "@language": term.language}
        if datatype == XSD_STRING:
            if coerce is None and "@language" not in definition:
                return text
            return {"@value": text}
        if coerce == datatype:
            return text
        if coerce is None and datatype == XSD + "integer" and text == str(_int(text)):
            return int(text)
        if coerce is None and datatype == XSD + "boolean" and text in ("true", "false"):
            return text == "true"
        return {"@value": text, "@type": self.iri(datatype)}


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def compact(triples: Iterable[ox.Triple | ox.Quad], context: dict[str, Any]) -> list[dict]:
    """Node objects (one per subject, sorted), with keys and values written against context."""
    compactor = _Compactor(context)
    nodes: defaultdict[str, defaultdict[str, list]] = defaultdict(lambda: defaultdict(list))
    for triple in triples:
        if isinstance(triple.subject, ox.Triple) or isinstance(triple.object, ox.Triple):
            raise DataError(f"a quoted triple (RDF-star) has no JSON-LD 1.1 form: {triple}")
        subject = compactor.node_ref(triple.subject)
        if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            nodes[subject]["@type"].append(compactor.iri(triple.object.value))
            continue
        key, definition = compactor.key(triple.predicate.value)
        nodes[subject][key].append(compactor.value(triple.object, definition))
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        properties = nodes[subject]
        for key in sorted(properties, key=lambda k: (k != "@type", k)):
            values = sorted(properties[key], key=_sort_key)
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    return graph


def to_jsonld(store: ox.Store) -> bytes:
    """The default graph as one JSON-LD document that references the published context."""
    context = json.loads(context_path().read_text())["@context"]
    triples = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    document = {"@context": CONTEXT_IRI, "@graph": compact(triples, context)}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()
