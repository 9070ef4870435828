"""`alkkg import`: real slices of ChEBI, NCIt, SO and MONDO, and questions that climb them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.imports import IMPORT_GRAPH, OntologyFileError, import_ontology
from kg.build.pipeline import build
from kg.query import QueryError, run_named
from kg.store import current_release, open_store
from kg.vocab import PREFIXES

SLICES = Path(__file__).parent / "data" / "ontologies"


@pytest.fixture(scope="module")
def imported(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("imports") / "store"
    shutil.copytree(store_path, copy, symlinks=True)
    for name in ("chebi-slice.obo", "ncit-slice.owl", "so-slice.obo", "mondo-slice.obo"):
        import_ontology(copy, SLICES / name)
    return copy


def labels(store_path: Path, external_class: str) -> set[str]:
    results = run_named(open_store(store_path), "agents-classed-as", {"class": external_class})
    column = results.variables.index("agentLabel")
    return {row[column].value for row in results.rows}


def test_chebi_says_which_agents_are_protein_kinase_inhibitors(imported: Path) -> None:
    kinase_inhibitors = labels(imported, "CHEBI:37699")  # role: protein kinase inhibitor
    assert {"crizotinib", "ceritinib", "alectinib", "lorlatinib", "ASP3026"} <= kinase_inhibitors
    assert {"erlotinib", "gefitinib", "afatinib", "osimertinib", "imatinib"} <= kinase_inhibitors
    assert not kinase_inhibitors & {"pemetrexed", "cisplatin", "carboplatin", "docetaxel"}
    # by label too, and the chemotherapy is an antineoplastic agent in ChEBI's role hierarchy
    assert labels(imported, "protein kinase inhibitor") == kinase_inhibitors
    assert {"pemetrexed", "cisplatin", "crizotinib"} <= labels(imported, "CHEBI:35610")


def test_ncit_classes_cisplatin_as_an_antineoplastic_agent(imported: Path) -> None:
    assert "cisplatin" in labels(imported, "NCIT:C274")


def test_a_label_two_ontologies_share_is_refused_with_both_iris(imported: Path) -> None:
    with pytest.raises(QueryError, match=r"CHEBI_35610.*NCIT_C274"):
        labels(imported, "antineoplastic agent")


def test_our_variants_and_diseases_climb_so_and_mondo(imported: Path) -> None:
    store = open_store(imported)
    missense = {
        row[0].value
        for row in store.query(
            """SELECT ?label WHERE {
              GRAPH ?so { ?kind rdfs:subClassOf* obo:SO_0001060 }  # sequence_variant
              ?variant a ?kind ; rdfs:label ?label .
              FILTER(?kind = obo:SO_0001583)
            }""",
            prefixes=PREFIXES,
        )
    }
    assert {"ALK G1202R", "ALK L1196M", "EGFR T790M"} <= missense
    lung_cancers = {
        row[0].value
        for row in store.query(
            """SELECT ?label WHERE {
              GRAPH ?mondo { ?term rdfs:subClassOf* obo:MONDO_0008903 }  # lung cancer
              ?disease skos:exactMatch ?term ; rdfs:label ?label .
            }""",
            prefixes=PREFIXES,
        )
    }
    assert "non-small cell lung carcinoma" in lung_cancers


def test_only_referenced_terms_and_their_ancestors_are_kept(imported: Path) -> None:
    store = open_store(imported)

    def kept(name: str) -> set[str]:
        graph = ox.NamedNode(IMPORT_GRAPH + name)
        return {q.subject.value for q in store.quads_for_pattern(None, None, None, graph)}

    obo = "http://purl.obolibrary.org/obo/"
    assert {obo + "CHEBI_64310", obo + "CHEBI_37699"} <= kept("chebi-slice")  # crizotinib, role
    so = kept("so-slice")
    assert {obo + "SO_0001583", obo + "SO_0001060"} <= so  # missense_variant, sequence_variant
    # in the file, but neither referenced by our graph nor above a term that is
    assert not {obo + "SO_0001742", obo + "SO_0001880"} & so


def test_imports_survive_a_rebuild(imported: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(imported, copy, symlinks=True)
    build(copy, reasoner=False)
    assert "crizotinib" in labels(copy, "CHEBI:37699")


def test_a_bad_file_is_refused_and_the_graph_is_unchanged(imported: Path, tmp_path: Path) -> None:
    before = current_release(imported)
    broken = tmp_path / "broken.obo"
    broken.write_text("format-version: 1.2\n[Term]\nid: CHEBI:1\nis_a: \n")
    with pytest.raises(OntologyFileError, match=r"broken\.obo"):
        import_ontology(imported, broken)
    unrelated = tmp_path / "unrelated.ttl"
    unrelated.write_text("<http://example.org/a> a <http://www.w3.org/2002/07/owl#Class> .\n")
    with pytest.raises(OntologyFileError, match="none of the"):
        import_ontology(imported, unrelated)
    assert current_release(imported) == before
