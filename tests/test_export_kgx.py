"""The KGX export passes kgx's own validator (Biolink 4.4.6, offline) and says what we mean."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.formats.kgx import write

HELPER = Path(__file__).parent / "kgx_offline.py"


def kgx_validate(directory: Path) -> tuple[int, dict]:
    """`kgx validate` on nodes.tsv and edges.tsv; its exit code and its report (JSON)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HELPER.parent.parent), *sys.path])}
    done = subprocess.run(
        [sys.executable, str(HELPER), "validate", "--input-format", "tsv",
         str(directory / "nodes.tsv"), str(directory / "edges.tsv")],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    # kgx logs to stdout and prints the report (JSON) to stderr, followed by more log lines.
    start = done.stderr.find("{")
    assert start >= 0, done.stderr[-2000:]
    report, _ = json.JSONDecoder().raw_decode(done.stderr[start:])
    return done.returncode, report


def read(path: Path) -> list[dict[str, str]]:
    with path.open() as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def kgx_dir(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("kgx")
    write(store, directory)
    return directory


@pytest.mark.slow  # KGX's own validator (Biolink) on the whole export
def test_kgx_validate_finds_no_errors(kgx_dir: Path) -> None:
    code, report = kgx_validate(kgx_dir)
    assert report == {} and code == 0


def test_kgx_validate_does_catch_errors(kgx_dir: Path, tmp_path: Path) -> None:
    """The validator is really running: a made-up category and predicate are refused."""
    nodes = (kgx_dir / "nodes.tsv").read_text().replace("biolink:Gene", "biolink:Genie", 1)
    edges = (kgx_dir / "edges.tsv").read_text().replace("biolink:is_sequence", "biolink:is_seq", 1)
    (tmp_path / "nodes.tsv").write_text(nodes)
    (tmp_path / "edges.tsv").write_text(edges)
    code, report = kgx_validate(tmp_path)
    assert code != 0
    assert {"INVALID_CATEGORY", "INVALID_EDGE_PREDICATE"} <= set(report["ERROR"])


def test_activity_claims_are_edges_with_their_source(kgx_dir: Path) -> None:
    edges = {e["id"]: e for e in read(kgx_dir / "edges.tsv")}
    g1202r = edges["alkkg.claim:000-activity-360bf3eb73"]
    assert g1202r["subject"] == "alkkg.variant:alk-g1202r"
    assert g1202r["predicate"] == "biolink:associated_with_sensitivity_to"
    assert g1202r["object"] == "alkkg.agent:lorlatinib"
    assert g1202r["publications"] == "alkkg.publication:000_b686ffc26ee90cf9"
    assert g1202r["primary_knowledge_source"] == "infores:alkkg"
    assert g1202r["knowledge_level"] == "knowledge_assertion"
    assert g1202r["agent_type"] == "manual_agent"
    assert g1202r["alkkg_quote"].startswith("Especially its high effectiveness")
    reduced = [e for e in edges.values() if e["alkkg_activity"] == "alkkg:Reduced"]
    assert reduced and all(e["predicate"].endswith("resistance_to") for e in reduced)
    predicates = {e["predicate"] for e in edges.values()}
    assert predicates == {
        "biolink:associated_with_sensitivity_to",
        "biolink:associated_with_resistance_to",
        "biolink:directly_physically_interacts_with",
        "biolink:is_sequence_variant_of",
    }


def test_nodes_have_biolink_categories(kgx_dir: Path) -> None:
    nodes = {n["id"]: n for n in read(kgx_dir / "nodes.tsv")}
    assert nodes["alkkg.agent:lorlatinib"]["category"] == "biolink:SmallMolecule"
    assert nodes["alkkg.agent:nivolumab"]["category"] == "biolink:ChemicalEntity"
    assert nodes["alkkg.gene:ALK"]["category"] == "biolink:Gene"
    assert nodes["alkkg.variant:alk-g1202r"]["category"] == "biolink:SequenceVariant"
    assert nodes["alkkg.disease:nsclc"]["category"] == "biolink:Disease"
    shaw = nodes["PMID:23401436"]  # a publication with a PMID is known by it
    assert shaw["category"] == "biolink:Article"
    assert "doi:10.1200/JCO.2012.44.5353" in shaw["xref"].split("|")
    trials = [n for n in nodes.values() if n["category"] == "biolink:ClinicalTrial"]
    assert any("CLINICALTRIALS:NCT01154140" in t["xref"] for t in trials)
    edges = read(kgx_dir / "edges.tsv")
    assert {e["subject"] for e in edges} | {e["object"] for e in edges} <= set(nodes)


def test_cross_references_become_xrefs(kgx_dir: Path) -> None:
    nodes = {n["id"]: n for n in read(kgx_dir / "nodes.tsv")}
    crizotinib = set(nodes["alkkg.agent:crizotinib"]["xref"].split("|"))
    assert {
        "NCIT:C74061",
        "CHEBI:64310",
        "CHEMBL.COMPOUND:CHEMBL601719",
        "DRUGBANK:DB08865",
        "PUBCHEM.COMPOUND:11626560",
    } <= crizotinib
    assert {"HGNC:427", "NCBIGene:238"} <= set(nodes["alkkg.gene:ALK"]["xref"].split("|"))
    assert "MONDO:0005233" in nodes["alkkg.disease:nsclc"]["xref"].split("|")
