"""CIViC's evidence items as claims of our model, loaded with `alkkg load civic` and queried.

One store per test session gets the shared CIViC export loaded (a full build, as a user runs it);
the mapping of each molecular-profile shape is checked on that graph by evidence id.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from shared_data import SHARED_DATA

from kg.build.load import load
from kg.build.pipeline import BuildResult, build
from kg.build.sources import SourceData, SourceOptions
from kg.errors import SourceError, SourceErrors
from kg.query import Results, run_named
from kg.store import current_release, open_store
from kg.vocab import ALKKG, ID, RDF, RDFS
from loaders import TABLES, sources
from loaders.civic import kept_file, mapped
from loaders.civic.places import Places
from loaders.civic.profiles import Mutation, Not
from loaders.civic.variants import VariantPlacer

SHARED = SHARED_DATA / "civic"
EXPORT = SHARED / "civic-alk-evidence-items-2025-10-31.json"
TSV = Path(__file__).parent / "data" / "civic" / "evidence-transcribed.tsv"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="session")
def civic_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    if not EXPORT.is_file():
        pytest.fail(f"the shared CIViC export is needed: {EXPORT}")
    store_path = tmp_path_factory.mktemp("civic-store")
    return store_path, load("civic", EXPORT, store_path, sources())


@pytest.fixture(scope="session")
def civic(civic_built: tuple[Path, BuildResult]) -> ox.Store:
    return open_store(civic_built[0])


def rows(results: Results) -> list[dict[str, str | None]]:
    return [
        {v: (t.value if t is not None else None) for v, t in zip(results.variables, r, strict=True)}
        for r in results.rows
    ]


def objects(store: ox.Store, subject: URIRef, predicate: URIRef) -> set[str]:
    return {
        q.object.value
        for q in store.quads_for_pattern(
            ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), None, ox.DefaultGraph()
        )
    }


def claim(eid: int) -> URIRef:
    return ID[f"claim/civic-eid{eid}"]


def variant(slug: str) -> str:
    return str(ID[f"variant/{slug}"])


# --- the "done when" ------------------------------------------------------------------


def test_brigatinib_resistance_shows_g1202r_from_evidence_item_1351(civic: ox.Store) -> None:
    found = rows(run_named(civic, "resistance-mutations", {"drug": "brigatinib"}))
    g1202r = [r for r in found if r["variantLabel"] == "ALK G1202R"]
    assert g1202r, found
    row = g1202r[0]
    assert (row["database"], row["evidenceId"], row["level"]) == ("CIViC", "EID1351", "D")
    assert row["locator"] == "CIViC evidence item 1351"
    assert row["fusionContext"] == "EML4-ALK"
    assert row["source"].startswith("PMID 25727400")
    assert len(g1202r) == 1, "one row per claim, not one per source it derives from"


def test_activity_profile_has_data_for_brigatinib_against_g1202r(civic: ox.Store) -> None:
    found = {
        r["agentLabel"]: r
        for r in rows(run_named(civic, "activity-profile", {"mutation": "G1202R"}))
    }
    brigatinib = found["brigatinib"]
    assert brigatinib["verdict"] == "resistant"
    assert brigatinib["against"] == "1"
    assert "CIViC: 1 resistant (EID1351 Cancer)" in brigatinib["bySource"]
    assert brigatinib["evidenceIds"] == "EID1351"
    crizotinib = found["crizotinib"]  # CIViC's claims counted once each, under CIViC
    assert "CIViC: 2 resistant" in crizotinib["bySource"]
    assert crizotinib["against"] == str(
        sum(int(part.split(": ")[1].split()[0]) for part in crizotinib["bySource"].split("; "))
    )


def test_activity_profile_counts_no_other_disease_as_nsclc_evidence(civic: ox.Store) -> None:
    found = {
        r["agentLabel"]: r
        for r in rows(run_named(civic, "activity-profile", {"mutation": "F1174L"}))
    }
    alectinib = found["alectinib"]  # CIViC's EID37 is about neuroblastoma
    assert "EID37 neuroblastoma" in alectinib["otherDiseases"]
    assert "EID37" not in (alectinib["evidenceIds"] or "")
    assert "CIViC" not in (alectinib["bySource"] or "")
    crizotinib = found["crizotinib"]
    assert crizotinib["verdict"] == "resistant"
    assert "EID38 neuroblastoma" in crizotinib["otherDiseases"]


def test_the_tsv_transcription_loads_to_the_same_claims() -> None:
    def claims(path: Path) -> dict[str, set[tuple[str, str]]]:
        graph = mapped(path).graph
        out: dict[str, set[tuple[str, str]]] = {}
        for s, p, o in graph:
            if str(s).startswith(str(ID["claim/civic-eid"])) and p != ALKKG.sourceRow:
                # the TSV names therapies without their NCIt codes: a note may say "none"
                value = re.sub(r"\(NCIt \w+\)", "(NCIt)", str(o))
                out.setdefault(str(s), set()).add((str(p), value))
        return out

    from_tsv, from_json = claims(TSV), claims(EXPORT)
    assert len(from_tsv) >= 10
    for iri, triples in from_tsv.items():
        assert triples == from_json[iri], iri


# --- molecular profiles -----------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    eid: int
    variant: str
    context: str | None


SHAPES = {
    "point mutation": Shape(1271, "alk-f1174l", None),
    "named fusion": Shape(262, "eml4-alk", None),
    "any-partner fusion (v::ALK)": Shape(1187, "alk-rearrangement", None),
    "fusion with exons": Shape(1193, "eml4-alk-e6-e20", None),
    "mutation AND fusion": Shape(1351, "alk-g1202r", "eml4-alk"),
    "mutation AND v::ALK, written the other way round": Shape(
        1357, "alk-g1202r", "alk-rearrangement"
    ),
    "mutation AND a fusion we lack": Shape(1483, "alk-i1171n", "hip1-alk"),
    "two mutations in a fusion = our compound": Shape(843, "alk-c1156y-l1198f", "eml4-alk"),
    "two mutations in a fusion = a new compound": Shape(11115, "alk-i1171n-l1196m", "eml4-alk"),
    "three mutations in a fusion": Shape(11114, "alk-g1202r-i1171n-l1196m", "eml4-alk"),
    "amplification in a fusion": Shape(766, "alk-amplification", "eml4-alk"),
    "duplication in a fusion": Shape(444, "alk-t1151dup", "eml4-alk"),
    "position only": Shape(1283, "alk-i1171", None),
    "OR": Shape(11671, "civic-mp5222", None),
    "another gene's fusion AND an ALK deletion": Shape(12406, "civic-mp5452", None),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_molecular_profile_shape_maps_to_its_variant(civic: ox.Store, shape: str) -> None:
    expected = SHAPES[shape]
    variants = objects(civic, claim(expected.eid), ALKKG.variant)
    assert len(variants) == 1
    assert variants == {variant(expected.variant)}
    contexts = objects(civic, claim(expected.eid), ALKKG.fusionContext)
    assert contexts == ({variant(expected.context)} if expected.context else set())


def test_a_new_compound_has_its_components(civic: ox.Store) -> None:
    components = objects(civic, ID["variant/alk-g1202r-i1171n-l1196m"], ALKKG.hasComponent)
    assert components == {variant(v) for v in ("alk-g1202r", "alk-i1171n", "alk-l1196m")}
    assert str(ALKKG.CompoundMutation) in objects(
        civic, ID["variant/alk-g1202r-i1171n-l1196m"], RDF.type
    )


def test_a_position_is_not_one_substitution(civic: ox.Store) -> None:
    iri = ID["variant/alk-i1171"]
    types = objects(civic, iri, RDF.type)
    assert str(ALKKG.AnySubstitution) in types
    assert str(ALKKG.PointMutation) not in types
    assert objects(civic, iri, ALKKG.position) == {"1171"}
    assert not objects(civic, iri, ALKKG.variantResidue)


def test_or_is_kept_as_an_expression_not_flattened(civic: ox.Store) -> None:
    (expression,) = objects(civic, claim(11671), ALKKG.variant)
    parts = objects(civic, URIRef(expression), ALKKG.anyOf)
    assert parts == {variant("alk-rearrangement"), variant("ros1-rearrangement")}
    label = objects(civic, URIRef(expression), RDFS.label)
    assert label == {"v::ALK Fusion OR v::ROS1 Fusion"}


def test_not_is_kept_as_an_expression() -> None:
    graph = Graph()
    placer = VariantPlacer(Places.from_tables(TABLES), graph)
    placed = placer.place(Not(Mutation("ALK", "G1202R")), 9, "NOT ALK G1202R")
    assert placed.variant == ID["variant/civic-mp9"]
    assert set(graph.objects(placed.variant, ALKKG.notOf)) == {ID["variant/alk-g1202r"]}


def test_a_breakpoint_fusion_is_narrower_than_its_gene_pair(civic: ox.Store) -> None:
    assert objects(civic, ID["variant/eml4-alk-e6-e20"], URIRef(SKOS + "broader")) == {
        variant("eml4-alk")
    }


# --- direction, therapies, skipped items ------------------------------------------------------


def test_does_not_support_stays_its_own_direction(civic: ox.Store) -> None:
    assert objects(civic, claim(1271), ALKKG.evidenceDirection) == {str(ALKKG.DoesNotSupport)}
    assert objects(civic, claim(1271), ALKKG.activity) == {str(ALKKG.Sensitive)}
    assert objects(civic, claim(1271), ALKKG.statedSignificance) == {"SENSITIVITYRESPONSE"}


def test_does_not_support_never_counts_for_the_activity(civic: ox.Store) -> None:
    found = {
        r["agentLabel"]: r
        for r in rows(run_named(civic, "activity-profile", {"mutation": "F1174L"}))
    }
    assert "EID1271" not in (found["crizotinib"]["evidenceIds"] or "")


def test_an_unplaced_therapy_is_reported_and_its_item_still_loaded(civic: ox.Store) -> None:
    agents = objects(civic, claim(142), ALKKG.agent)
    assert agents == {str(ID["agent/alk-inhibitor-tae684"])}
    assert objects(civic, ID["agent/alk-inhibitor-tae684"], URIRef(SKOS + "exactMatch")) == {
        "http://purl.obolibrary.org/obo/NCIT_C171615"
    }
    said = objects(civic, claim(142), ALKKG.notPlaced)
    assert any("ALK Inhibitor TAE684" in s for s in said)
    report = mapped(EXPORT).report
    assert any(eid == 142 and "TAE684" in what for eid, what in report.unplaced)
    assert (
        "EID142: therapy 'ALK Inhibitor TAE684' (NCIt C171615) is not among our agents"
        in report.lines()
    )


def test_a_combination_without_its_interaction_type_claims_no_agent_alone(civic: ox.Store) -> None:
    assert not objects(civic, claim(1203), ALKKG.agent)
    assert objects(civic, claim(1203), ALKKG.regimenAgent) == {
        str(ID["agent/crizotinib"]),
        str(ID["agent/retaspimycin-hydrochloride"]),
    }


def test_an_unplaced_variant_is_a_new_node_named_as_civic_names_it(civic: ox.Store) -> None:
    assert objects(civic, ID["variant/alk-f1245c"], ALKKG.position) == {"1245"}
    assert objects(civic, ID["variant/alk-f1245c"], RDFS.label) == {"ALK F1245C"}
    report = mapped(EXPORT).report
    assert "ALK F1245C" in report.variants_new
    assert "ALK G1202R" in report.variants_matched


def test_other_evidence_types_are_counted_and_reported_as_skipped() -> None:
    report = mapped(EXPORT).report
    skipped = dict(report.skipped)
    assert skipped == {
        1783: "diagnostic evidence",
        12405: "diagnostic evidence",
        1263: "prognostic evidence",
        1266: "predictive item naming no therapy",
    }
    assert sum(report.loaded.values()) + len(skipped) == len(json.loads(EXPORT.read_text()))


def test_claims_keep_rating_significance_and_both_sources(civic: ox.Store) -> None:
    derived = objects(civic, claim(1351), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert derived == {
        "https://civicdb.org/links/evidence_items/1351",
        str(ID["publication/pmid-25727400"]),
    }
    assert objects(civic, claim(1351), ALKKG.evidenceRating)
    assert objects(civic, claim(1351), ALKKG.evidenceLevel) == {str(ALKKG.EvidenceLevelD)}


# --- conflicts --------------------------------------------------------------------------------


def test_source_conflicts_list_civic_against_the_papers(civic: ox.Store) -> None:
    found = rows(run_named(civic, "source-conflicts", {}))
    civic_rows = [r for r in found if "CIViC" in (r["databaseA"], r["databaseB"])]
    pairs = {(r["subject"], r["evidenceIdA"] or r["evidenceIdB"]) for r in civic_rows}
    assert any(eid == "EID1288" for _, eid in pairs), pairs  # crizotinib / V1180L
    for r in civic_rows:
        assert None in (r["databaseA"], r["databaseB"]), "never CIViC against CIViC"
        assert "neuroblastoma" not in r["reason"].lower()
    degree = [r for r in civic_rows if "difference of degree" in r["reason"]]
    assert degree, "reduced against resistant is a difference of degree"


# --- load: all or nothing ---------------------------------------------------------------------


def alkkg(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALKKG_STORE": str(store_path)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_a_bad_file_fails_with_its_name_and_evidence_id_and_changes_nothing(
    civic_built: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    store_path = civic_built[0]
    items = json.loads(EXPORT.read_text())
    del items[1]["evidenceLevel"]
    bad = tmp_path / "civic-bad.json"
    bad.write_text(json.dumps(items))
    before, kept = current_release(store_path), kept_file(store_path)
    assert kept is not None
    kept_bytes = kept.read_bytes()
    done = alkkg(store_path, "load", "civic", str(bad))
    assert done.returncode != 0
    assert str(bad) in done.stderr and str(items[1]["id"]) in done.stderr, done.stderr
    assert current_release(store_path) == before
    assert kept_file(store_path) == kept and kept.read_bytes() == kept_bytes


def test_a_later_build_reads_the_kept_file_again(civic_built: tuple[Path, BuildResult]) -> None:
    store_path, loaded = civic_built
    rebuilt = build(store_path, sources(), reasoner=False)
    assert rebuilt.claims == loaded.claims
    assert objects(open_store(store_path), claim(1351), ALKKG.evidenceId) == {"EID1351"}


@dataclass(frozen=True)
class FailingAtBuild:
    """Accepts any file, then fails the build that reads it."""

    name: str = "civic"

    def read(self, options: SourceOptions) -> SourceData:
        raise SourceErrors([SourceError("kept file", None, None, "broken at build")])

    def accept(self, path: Path) -> str:
        return path.name


def test_a_failed_build_puts_the_previous_file_back(
    civic_built: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    store_path = civic_built[0]
    other = tmp_path / "civic-other-2025-11-01.json"
    other.write_text("[]")
    before, kept = current_release(store_path), kept_file(store_path)
    others = [s for s in sources() if s.name != "civic"]
    with pytest.raises(SourceErrors):
        load("civic", other, store_path, [FailingAtBuild(), *others], reasoner=False)
    assert current_release(store_path) == before
    assert kept_file(store_path) == kept
    assert not (kept.parent / other.name).exists()


# --- exports ----------------------------------------------------------------------------------


def test_vaspec_carries_civic_level_and_evidence_id(civic: ox.Store) -> None:
    from kg.formats.vaspec import statements

    found, skipped = statements(civic)
    (statement,) = [s for s in found if s["id"] == str(claim(1351))]
    assert statement["strength"]["primaryCoding"]["code"] == "D"
    extensions = {e["name"]: e["value"] for e in statement["extensions"]}
    assert extensions["alkkg_evidence_id"] == "EID1351"
    reported = {d["id"] for d in statement["reportedIn"]}
    assert "https://civicdb.org/links/evidence_items/1351" in reported
    disputed = [s for s in found if s["id"] == str(claim(1271))]
    assert disputed and disputed[0]["direction"] == "disputes"
    assert skipped["a regimen of several agents, none claimed alone"] >= 1


def test_kgx_edges_name_civic_as_their_primary_source(civic: ox.Store) -> None:
    from kg.formats.kgx import build as kgx

    edges = {e["id"]: e for e in kgx(civic).edges}
    edge = edges["alkkg.claim:civic-eid1351"]
    assert edge["primary_knowledge_source"] == "infores:civic"
    assert edge["alkkg_evidence_id"] == "EID1351"
    assert edge["alkkg_evidence_level"] == "alkkg:EvidenceLevelD"
    assert edge["publications"] == ["PMID:25727400"]
