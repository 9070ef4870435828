"""The ontology's own quality, in the spirit of the OBO ROBOT report (`robot report`).

Each test is one ROBOT-style check on `ontology/alkkg.ttl`; a failure names every offending term.
What is checked, and the ROBOT check it follows where there is one:

- the header: version IRI and version info (the package's version), licence (an IRI), title,
  description, creator or contributor (ROBOT: ontology_metadata);
- every term defined in the alkkg namespace (class, object, datatype and annotation property,
  controlled individual) has exactly one English rdfs:label and exactly one English
  skos:definition (missing_label, multiple_labels, missing_definition, multiple_definitions),
  without stray whitespace (label_whitespace, label_formatting);
- no two terms share a label or a definition (duplicate_label, duplicate_definition), except a
  property named after the class of its values (`alkkg:unit`, range `alkkg:Unit`, both "unit");
- no dangling references: every alkkg IRI that the ontology, the shapes, the named queries, the
  build's rules or the code uses is declared in the ontology;
- no punning: nothing is declared as two kinds (a class and an individual, say);
- every object property has a domain and a range, or a skos:scopeNote saying why not; every
  datatype property has a range.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg import __version__
from kg.resources import ontology_dir, queries_dir
from kg.vocab import ALKKG, DCTERMS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

KINDS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    OWL.NamedIndividual: "individual",
}
NS = str(ALKKG)
ONTOLOGY = URIRef(ONTOLOGY_IRI)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "alkkg.ttl", format="turtle")


@pytest.fixture(scope="module")
def terms(ontology: Graph) -> dict[URIRef, list[str]]:
    """Every IRI of the alkkg namespace that the ontology declares, with its kinds."""
    kinds: dict[URIRef, list[str]] = defaultdict(list)
    for kind, name in KINDS.items():
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and term.startswith(NS):
                kinds[term].append(name)
    return dict(kinds)


def _local(term: URIRef) -> str:
    return "alkkg:" + term[len(NS) :]


def _english(graph: Graph, term: URIRef, prop: URIRef) -> tuple[list[Literal], list[Literal]]:
    """(English values, other values) of an annotation."""
    values = list(graph.objects(term, prop))
    english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
    return english, [v for v in values if v not in english]


# ---------------------------------------------------------------- header (ontology_metadata)


def test_the_header_has_version_licence_title_description_and_creator(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY}
    version_iris = list(ontology.objects(ONTOLOGY, OWL.versionIRI))
    versions = list(ontology.objects(ONTOLOGY, OWL.versionInfo))
    assert versions == [Literal(__version__)], "owl:versionInfo is the package's version"
    assert version_iris == [URIRef(f"{ONTOLOGY_IRI}/{__version__}")]
    licences = list(ontology.objects(ONTOLOGY, DCTERMS.license))
    assert len(licences) == 1 and isinstance(licences[0], URIRef), "one dcterms:license, an IRI"
    assert str(licences[0]).startswith(("https://", "http://"))
    for prop in (DCTERMS.title, DCTERMS.description):
        english, other = _english(ontology, ONTOLOGY, prop)
        assert len(english) == 1 and not other, f"one English {prop}"
    people = [*ontology.objects(ONTOLOGY, DCTERMS.creator)]
    people += ontology.objects(ONTOLOGY, DCTERMS.contributor)
    assert people, "dcterms:creator or dcterms:contributor"


# ---------------------------------------------------------------- labels and definitions


def test_there_are_terms_of_every_kind(terms: dict[URIRef, list[str]]) -> None:
    found = {kind for kinds in terms.values() for kind in kinds}
    assert found >= {"class", "object property", "datatype property", "individual"}
    assert len(terms) > 250


def test_every_subject_in_the_namespace_is_a_declared_term(
    ontology: Graph, terms: dict[URIRef, list[str]]
) -> None:
    undeclared = {
        _local(s)
        for s in ontology.subjects()
        if isinstance(s, URIRef) and s.startswith(NS) and s not in terms
    }
    assert not undeclared, (
        f"described but not declared as a class, property or individual: {sorted(undeclared)}"
    )


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_every_term_has_exactly_one_english_label_and_definition(
    ontology: Graph, terms: dict[URIRef, list[str]], prop: URIRef
) -> None:
    problems = []
    for term in sorted(terms):
        english, other = _english(ontology, term, prop)
        if len(english) != 1 or other:
            problems.append(f"{_local(term)}: {len(english)} English, {len(other)} other")
    assert not problems, f"{prop}: " + "; ".join(problems)


def test_labels_and_definitions_have_no_stray_whitespace(
    ontology: Graph, terms: dict[URIRef, list[str]]
) -> None:
    bad = [
        f"{_local(term)} {prop.fragment or prop}: {value!r}"
        for term in terms
        for prop in (RDFS.label, SKOS.definition, SKOS.altLabel)
        for value in ontology.objects(term, prop)
        if str(value) != str(value).strip() or re.search(r"\s{2,}|[\n\t]", str(value))
    ]
    assert not bad, bad


def test_no_definition_only_repeats_the_label(
    ontology: Graph, terms: dict[URIRef, list[str]]
) -> None:
    """ "The method." defines nothing that the label "diagnostic method" does not say."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"[\w-]+", text.casefold())) - {"the", "a", "an"}

    circular = [
        f"{_local(term)}: {definition!s}"
        for term in sorted(terms)
        for definition in ontology.objects(term, SKOS.definition)
        if words(definition) <= words(str(ontology.value(term, RDFS.label)))
    ]
    assert not circular, f"definitions that only repeat the label: {circular}"


def _same_name_pairs(ontology: Graph, a: URIRef, b: URIRef) -> bool:
    """A property named after the class of its values: `alkkg:unit` (range alkkg:Unit)."""
    return (a, RDFS.range, b) in ontology or (b, RDFS.range, a) in ontology


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_no_two_terms_share_a_label_or_a_definition(
    ontology: Graph, terms: dict[URIRef, list[str]], prop: URIRef
) -> None:
    by_text: dict[str, set[URIRef]] = defaultdict(set)
    for term in terms:
        for value in ontology.objects(term, prop):
            by_text[str(value).casefold()].add(term)
    shared = []
    for text, holders in sorted(by_text.items()):
        if len(holders) < 2:
            continue
        if prop == RDFS.label and len(holders) == 2 and _same_name_pairs(ontology, *holders):
            continue
        shared.append(f"{text!r}: {', '.join(sorted(map(_local, holders)))}")
    assert not shared, f"shared {prop}: " + "; ".join(shared)


# ---------------------------------------------------------------- dangling references


def _iris_in_sparql(text: str) -> Iterator[str]:
    """alkkg IRIs a SPARQL text uses, as prefixed names (alkkg: is predeclared) or in full."""
    for match in re.finditer(r"(?<![\w-])alkkg:([A-Za-z_][\w-]*)", text):
        yield NS + match.group(1)
    for match in re.finditer(re.escape(f"<{NS}") + r"([^>]+)>", text):
        yield NS + match.group(1)


def _iris_in_python(text: str) -> Iterator[str]:
    for match in re.finditer(r"\bALKKG\.([A-Za-z_]\w*)|\bALKKG\[\"([^\"]+)\"\]", text):
        yield NS + (match.group(1) or match.group(2))


def _uses() -> Iterator[tuple[str, str]]:
    """(where, IRI) for every alkkg IRI used outside the ontology's own declarations."""
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    for triple in shapes:
        for node in triple:
            if isinstance(node, URIRef) and node.startswith(NS):
                yield "ontology/shapes.ttl", str(node)
    for path in sorted(queries_dir().glob("*.rq")):
        for iri in _iris_in_sparql(path.read_text()):
            yield f"{path.parent.name}/{path.name}", iri
    import kg
    import loaders

    for package in (kg, loaders):
        folder = Path(package.__file__).parent
        for path in sorted(folder.rglob("*.py")):
            for iri in _iris_in_python(path.read_text()):
                yield f"{folder.name}/{path.relative_to(folder)}", iri


def test_no_dangling_references(ontology: Graph, terms: dict[URIRef, list[str]]) -> None:
    not_terms = set(ontology.objects(ONTOLOGY, OWL.versionIRI))
    in_ontology = (
        ("ontology/alkkg.ttl", str(node))
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and node.startswith(NS) and node not in not_terms
    )
    dangling = sorted(
        {
            f"{where}: {_local(URIRef(iri))}"
            for where, iri in (*in_ontology, *_uses())
            if URIRef(iri) not in terms
        }
    )
    assert not dangling, f"used but not declared in the ontology: {dangling}"


def test_the_reference_scan_finds_what_it_should() -> None:
    """The scanners see real uses (so an empty result above means something)."""
    uses = set(_uses())
    assert ("ontology/shapes.ttl", NS + "Claim") in uses
    assert ("queries/agents-active-against.rq", NS + "ActivityClaim") in uses
    assert ("kg/build/conflicts.py", NS + "ClaimComparison") in uses
    assert any(where.startswith("loaders/") for where, _ in uses)
    text = 'SELECT * { ?c alkkg:variant id:x ; <https://w3id.org/alkkg/ontology/quote> "alkkg:no" }'
    assert set(_iris_in_sparql(text)) == {NS + "variant", NS + "quote", NS + "no"}


# ---------------------------------------------------------------- punning


def test_no_term_is_declared_as_two_kinds(ontology: Graph) -> None:
    kinds: dict[URIRef, set[str]] = defaultdict(set)
    for kind, name in KINDS.items():
        for term in ontology.subjects(RDF.type, kind):
            if not isinstance(term, BNode):
                kinds[term].add(name)
    punned = {str(t): sorted(k) for t, k in kinds.items() if len(k) > 1}
    assert not punned, f"punned terms: {punned}"


# ---------------------------------------------------------------- domains and ranges


def test_object_properties_have_domain_and_range_or_say_why_not(
    ontology: Graph, terms: dict[URIRef, list[str]]
) -> None:
    missing = []
    for term, kinds in sorted(terms.items()):
        if "object property" not in kinds:
            continue
        lacking = [
            name
            for name, prop in (("domain", RDFS.domain), ("range", RDFS.range))
            if ontology.value(term, prop) is None
        ]
        if lacking and not _english(ontology, term, SKOS.scopeNote)[0]:
            missing.append(f"{_local(term)} (no {' or '.join(lacking)})")
    assert not missing, f"object properties without domain/range or a skos:scopeNote: {missing}"


def test_datatype_properties_have_a_range(ontology: Graph, terms: dict[URIRef, list[str]]) -> None:
    missing = [
        _local(term)
        for term, kinds in sorted(terms.items())
        if "datatype property" in kinds and ontology.value(term, RDFS.range) is None
    ]
    assert not missing, missing
