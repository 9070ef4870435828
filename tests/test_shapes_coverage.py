"""Every node shape in ontology/shapes.ttl rejects a broken copy of the real built graph.

The built graph conforms (the build checks that); each case breaks it with one SPARQL Update,
the way a bad edit would, and the violation must come from the shape named in the case. The
last test checks that no shape is left without a case.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg.build.shacl import compile_shapes
from kg.build.validate import load_shapes, validate, validate_store_graph
from kg.errors import UnsupportedShape
from kg.vocab import PREFIXES

SHAPES = Namespace("https://w3id.org/alkkg/shapes/")
SH = Namespace("http://www.w3.org/ns/shacl#")

CASES = {
    "Claim": "DELETE { ?x alkkg:quote ?q } WHERE { ?x a alkkg:ActivityClaim ; alkkg:quote ?q }",
    "FlaggedClaim": "DELETE { ?x alkkg:correctedBy ?c } WHERE { ?x alkkg:correctedBy ?c }",
    "Correction": "DELETE { ?x rdfs:comment ?c } WHERE { ?x a alkkg:Correction ; rdfs:comment ?c }",
    "Omission": "DELETE { ?x rdfs:comment ?c } WHERE { ?x a alkkg:Omission ; rdfs:comment ?c }",
    "ActivityClaim": "DELETE { ?x alkkg:evidenceKind ?e } WHERE { ?x a alkkg:ActivityClaim ; alkkg:evidenceKind ?e }",
    "TargetClaim": "DELETE { ?x alkkg:target ?t } WHERE { ?x a alkkg:TargetClaim ; alkkg:target ?t }",
    "AgentPropertyClaim": "DELETE { ?x alkkg:statedValue ?v } WHERE { ?x a alkkg:AgentPropertyClaim ; alkkg:statedValue ?v }",
    "AliasClaim": "DELETE { ?x alkkg:alias ?v } WHERE { ?x a alkkg:AliasClaim ; alkkg:alias ?v }",
    "DoseClaim": "DELETE { ?x alkkg:doseValue ?v } INSERT { ?x alkkg:doseValue 0.0 } WHERE { ?x a alkkg:DoseClaim ; alkkg:doseValue ?v }",
    "ApprovalClaim": "DELETE { ?x alkkg:year ?v } INSERT { ?x alkkg:year 1800 } WHERE { ?x a alkkg:ApprovalClaim ; alkkg:year ?v }",
    "InteractionClaim": "DELETE { ?x alkkg:effect ?v } WHERE { ?x a alkkg:InteractionClaim ; alkkg:effect ?v }",
    "VariantRegionClaim": "DELETE { ?x alkkg:region ?v } WHERE { ?x a alkkg:VariantRegionClaim ; alkkg:region ?v }",
    "ResistanceClaim": "DELETE { ?x alkkg:count ?c } INSERT { ?x alkkg:count ?more } WHERE { ?x a alkkg:ResistanceClaim ; alkkg:count ?c ; alkkg:total ?t BIND(?t + 1 AS ?more) }",
    "CombinationClaim": "DELETE { ?x alkkg:partner ?v } WHERE { ?x a alkkg:CombinationClaim ; alkkg:partner ?v }",
    "FusionPartnerClaim": "DELETE { ?x alkkg:disease ?v } WHERE { ?x a alkkg:FusionPartnerClaim ; alkkg:disease ?v }",
    "PrevalenceClaim": "DELETE { ?x alkkg:shareLow ?l } INSERT { ?x alkkg:shareLow ?more } WHERE { ?x a alkkg:PrevalenceClaim ; alkkg:shareHigh ?h OPTIONAL { ?x alkkg:shareLow ?l } BIND(?h + 1 AS ?more) }",
    "DiagnosticClaim": "DELETE { ?x alkkg:method ?v } WHERE { ?x a alkkg:DiagnosticClaim ; alkkg:method ?v }",
    "StrategyClaim": "DELETE { ?x alkkg:recommends ?v } WHERE { ?x a alkkg:StrategyClaim ; alkkg:recommends ?v }",
    "TrialDescriptionClaim": 'DELETE { ?x alkkg:statedRegistryId ?v } INSERT { ?x alkkg:statedRegistryId "NCT123" } WHERE { ?x a alkkg:TrialDescriptionClaim ; alkkg:statedRegistryId ?v }',
    "ArmDescription": "INSERT { ?x alkkg:sampleSize 0 } WHERE { ?x a alkkg:ArmDescription FILTER NOT EXISTS { ?x alkkg:sampleSize ?n } }",
    "OutcomeClaim": "DELETE { ?x alkkg:value ?v } INSERT { ?x alkkg:value 150.0 } WHERE { ?x a alkkg:OutcomeClaim ; alkkg:unit alkkg:Percent ; alkkg:value ?v }",
    "AdverseEventClaim": "DELETE { ?x alkkg:incidencePercent ?v } INSERT { ?x alkkg:incidencePercent 101.0 } WHERE { ?x a alkkg:AdverseEventClaim ; alkkg:incidencePercent ?v }",
    "AEManagementClaim": "DELETE { ?x alkkg:action ?v } WHERE { ?x a alkkg:AEManagementClaim ; alkkg:action ?v }",
    "Labelled": 'INSERT { ?x rdfs:label "a second label" } WHERE { ?x a alkkg:Publication }',
    "ClinicalTrial": 'DELETE { ?x alkkg:registryId ?v } INSERT { ?x alkkg:registryId "NCT1" } WHERE { BIND(<https://w3id.org/alkkg/id/trial/profile-1014> AS ?x) ?x alkkg:registryId ?v }',
    "OneNodePerTrial": 'INSERT { <https://w3id.org/alkkg/id/trial/profile-1014-twin> a alkkg:ClinicalTrial ; rdfs:label "PROFILE 1014 again" ; alkkg:registryId ?v } WHERE { <https://w3id.org/alkkg/id/trial/profile-1014> alkkg:registryId ?v }',
    "NaturalHistoryClaim": "DELETE { ?x alkkg:topic ?v } WHERE { ?x a alkkg:NaturalHistoryClaim ; alkkg:topic ?v }",
    "DesignIntentClaim": "DELETE { ?x alkkg:agent ?v } WHERE { ?x a alkkg:DesignIntentClaim ; alkkg:agent ?v }",
    "ClaimComparison": "DELETE { ?x rdfs:comment ?v } WHERE { ?x a alkkg:ClaimComparison ; rdfs:comment ?v }",
    "TrialArm": "DELETE { ?x alkkg:armOf ?v } WHERE { ?x a alkkg:TrialArm ; alkkg:armOf ?v }",
    "Variant": 'DELETE { ?x alkkg:referenceResidue ?v } INSERT { ?x alkkg:referenceResidue "Gly" } WHERE { ?x a alkkg:PointMutation ; alkkg:referenceResidue ?v }',
    "PointMutation": "DELETE { ?x alkkg:position ?v } WHERE { ?x a alkkg:PointMutation ; alkkg:position ?v }",
    "CompoundMutation": "DELETE { ?x alkkg:hasComponent ?v } WHERE { ?x a alkkg:CompoundMutation ; alkkg:hasComponent ?v }",
    "VariantGroup": "DELETE { ?x alkkg:hasMember ?v } WHERE { ?x a alkkg:VariantGroup ; alkkg:hasMember ?v }",
    "Publication": 'DELETE { ?x bibo:doi ?v } INSERT { ?x bibo:doi "not a doi" } WHERE { ?x a alkkg:Publication ; bibo:doi ?v }',
}


def as_rdflib(store: ox.Store) -> Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=data, format="nt")


def broken_copy(store: ox.Store, shape: str) -> ox.Store:
    broken = ox.Store()
    broken.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    before = set(broken)
    broken.update(CASES[shape], prefixes=PREFIXES)
    assert set(broken) != before, "the update changed nothing"
    return broken


@pytest.mark.parametrize("shape", sorted(CASES))
def test_each_shape_rejects_its_broken_example(store: ox.Store, shape: str) -> None:
    report = validate_store_graph(broken_copy(store, shape))
    assert not report.conforms
    assert str(SHAPES[shape]) in {v.shape for v in report.violations}, report.text()


@pytest.mark.slow  # pyshacl on the whole graph, once per shape (that shape only)
@pytest.mark.parametrize("shape", sorted(CASES))
def test_the_build_finds_what_pyshacl_finds(store: ox.Store, shape: str) -> None:
    """For the shape a case breaks, both engines report the same violations.

    pyshacl checks only that shape (the other shapes are compared on the whole graph below and
    in tests/test_validate.py); on the whole graph it takes 20 s a case with every shape.
    """
    broken = broken_copy(store, shape)
    iri = str(SHAPES[shape])
    report = validate(as_rdflib(broken), inplace=True, only=[iri])  # a copy of its own
    assert iri in {v.shape for v in report.violations}, report.text()
    fast = validate_store_graph(broken)
    fast.violations = [v for v in fast.violations if v.shape == iri]
    assert same_violations(fast, report), f"{fast.text()}\n---\n{report.text()}"


@pytest.mark.slow  # pyshacl on the whole graph with every shape, once
def test_pyshacl_finds_the_built_graph_conforms(store: ox.Store) -> None:
    report = validate(as_rdflib(store), inplace=True)
    assert report.conforms, report.text()


def same_violations(ours, reference) -> bool:
    """The same focus nodes, paths and shapes, and the same messages where the shape gives one."""

    def key(v):
        return (v.focus, v.path, v.shape)

    if sorted(map(key, ours.violations)) != sorted(map(key, reference.violations)):
        return False
    given = {(key(v), v.message) for v in ours.violations}
    messages = {str(m) for m in load_shapes().objects(None, SH.message)}
    return all((key(v), v.message) in given for v in reference.violations if v.message in messages)


def test_every_node_shape_has_a_case() -> None:
    shapes = load_shapes()
    names = {str(s).removeprefix(str(SHAPES)) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert names == set(CASES)


@pytest.mark.parametrize(
    ("constraint", "said"),
    [
        ('sh:minCount "one"', '"one" is not an integer'),
        ("sh:minCount 1 ; sh:nodeKind sh:IRI", "nodeKind"),
    ],
    ids=["non-integer count", "unsupported component"],
)
def test_a_shape_the_sparql_engine_cannot_check_is_refused(constraint: str, said: str) -> None:
    """Refused by name when compiled, never left unchecked or failing as a bug."""
    shapes = Graph().parse(
        format="turtle",
        data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:name ; {constraint} ] .
        """,
    )
    with pytest.raises(UnsupportedShape, match=said) as refused:
        compile_shapes(shapes, ox.Store())
    assert "https://example.org/Shape" in str(refused.value)
