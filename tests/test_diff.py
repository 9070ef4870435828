"""`alkkg diff`: a curator edits the tables and rebuilds; the diff lists exactly what they did."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import build
from kg.cli import main
from kg.query.diff import _Release, compare, diff_releases
from kg.store import (
    SOURCE_GRAPH,
    Release,
    build_lock,
    find_release,
    read_claim_index,
    select,
    write_release,
)
from loaders import TABLES, sources

PAPER = "papers/002_6016d14ec0c178ca.yaml"
LEVEL = "https://w3id.org/alkkg/ontology/evidenceLevel"
L1196M = """    - agent: crizotinib
      variant: L1196M
      activity: resistant
      evidence: clinical
      measure: reported in a total of four patients with acquired resistance to crizotinib
      locator: Section "Mechanisms", ALK mutation paragraph
      quote: "Reported in a total of four patients with acquired resistance to crizotinib, the L1196M amino acid substitution is believed to hinder TKI binding through steric hindrance."
      level: C
"""
CERITINIB = """    - agent: ceritinib
      variant: ALK rearrangement
      activity: sensitive
      evidence: clinical
      measure: ORR 81% among 26 crizotinib-relapsed patients
"""
ADDED = L1196M.replace(
    "measure: reported in a total of four patients with acquired resistance to crizotinib",
    "measure: four patients (a row added to test the diff)",
)


@dataclass
class Edited:
    store: Path
    changed: str
    removed: str
    added: str


def _claim_at(release: Path, row: str) -> str:
    """The claim built from the table row `row` (`file:line`) in a release."""
    store = ox.Store.read_only(str(release))
    query = f"""SELECT ?c WHERE {{ ?c <https://w3id.org/alkkg/ontology/sourceRow> ?row
      FILTER(STRENDS(?row, "{row}")) }}"""
    found = [r["c"].value for r in select(store, query)]
    assert len(found) == 1, (row, found)
    return found[0]


def _line(text: str, block: str) -> int:
    return text[: text.index(block)].count("\n") + 1


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Edited:
    """Two builds: the shipped tables, then with one claim's level changed (C -> B, which keeps
    its IRI), the row above it removed and a new row added after it."""
    tables = tmp_path_factory.mktemp("tables") / "tables"
    shutil.copytree(TABLES, tables)
    store = tmp_path_factory.mktemp("store")
    first = build(store, sources(), tables=tables, reasoner=False).release
    assert first is not None
    path = tables / PAPER
    text = path.read_text()
    changed = _claim_at(first, f"{PAPER}:{_line(text, L1196M)}")
    removed = _claim_at(first, f"{PAPER}:{_line(text, CERITINIB)}")
    start = text.index(CERITINIB)
    end = text.index(L1196M)
    text = text[:start] + text[end:]  # the ceritinib row, up to the L1196M row, is gone
    text = text.replace(L1196M, L1196M.replace("level: C", "level: B") + ADDED)
    path.write_text(text)
    second = build(store, sources(), tables=tables, reasoner=False).release
    assert second is not None
    added = _claim_at(second, f"{PAPER}:{_line(text, ADDED)}")
    return Edited(store, changed, removed, added)


def test_the_diff_lists_exactly_the_claims_edited(edited: Edited) -> None:
    diff = diff_releases(edited.store)
    assert [e["claim"] for e in diff.added] == [edited.added]
    assert [e["claim"] for e in diff.removed] == [edited.removed]
    assert [e["claim"] for e in diff.changed] == [edited.changed]
    change = {c["property"]: c for c in diff.changed[0]["changes"]}
    assert change[LEVEL]["old"] == [{"type": "uri", "value": LEVEL[:-13] + "EvidenceLevelC"}]
    assert change[LEVEL]["new"] == [{"type": "uri", "value": LEVEL[:-13] + "EvidenceLevelB"}]
    assert set(change) <= {LEVEL, "https://w3id.org/alkkg/ontology/sourceRow"}
    # the rows below the removed one moved up: they are not edits
    moved = {e["claim"] for e in diff.moved}
    assert moved and not moved & {edited.added, edited.removed, edited.changed}
    for entry in (*diff.added, *diff.removed, *diff.changed):
        assert entry["class"] == ["https://w3id.org/alkkg/ontology/ActivityClaim"]
        assert entry["label"].startswith("activity: ")
        assert entry["source"] == SOURCE_GRAPH + "papers/0.1.0"


def test_the_json_form_has_added_removed_and_changed_lists(
    edited: Edited, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "--store", str(edited.store), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["claim"] for e in data["added"]] == [edited.added]
    assert [e["claim"] for e in data["removed"]] == [edited.removed]
    assert [e["claim"] for e in data["changed"]] == [edited.changed]
    papers = next(s for s in data["sources"] if s["source"] == "papers")
    assert (papers["added"], papers["removed"], papers["changed"]) == (1, 1, 1)
    mappings = next(s for s in data["sources"] if s["source"] == "mappings")
    assert (mappings["added"], mappings["removed"], mappings["changed"]) == (0, 0, 0)


def test_the_table_form_names_the_claims_and_sums_up_each_source(
    edited: Edited, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = find_release(edited.store, "previous").name
    current = find_release(edited.store, "current").name
    assert main(["diff", previous, current, "--store", str(edited.store)]) == 0
    out = capsys.readouterr().out
    assert "papers: 0.1.0" in out and "1 added, 1 removed, 1 changed" in out
    assert "mappings: 0.1.0" in out and "0 added, 0 removed, 0 changed" in out
    for title, iri in (("added", edited.added), ("removed", edited.removed)):
        section = out.split(f"\n{title} (1)\n", 1)[1]
        assert section.startswith("  id:claim/" + iri.rsplit("/", 1)[1])
    assert "alkkg:evidenceLevel: alkkg:EvidenceLevelC -> alkkg:EvidenceLevelB" in out


def test_the_index_a_build_writes_is_what_the_store_holds(edited: Edited) -> None:
    """`alkkg diff` trusts the claim index beside a release; streaming the release's own graphs
    gives the same digests, so a release without an index compares the same way."""
    current = find_release(edited.store, "current")
    index = read_claim_index(current.path)
    assert index is not None and len(index) > 1000
    assert _Release(current, named=True).stream() == index


def test_a_release_compared_with_itself_is_unchanged(edited: Edited) -> None:
    current = find_release(edited.store, "current")
    diff = compare(current, current)
    assert diff.added == diff.removed == diff.changed == diff.moved == []
    assert not diff.note


def test_an_unknown_release_is_a_usage_error_naming_the_known_ones(
    edited: Edited, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "19990101T000000", "current", "--store", str(edited.store)]) == 2
    err = capsys.readouterr().err
    for name in (p.name for p in (edited.store / "releases").iterdir()):
        assert name in err


def _release(store: Path, graph: str, about: str) -> Release:
    """A hand-made release holding one claim, its triples (`about`, Turtle-like N-Quads lines
    with `C` for the claim) in `graph`, or in the default graph if `graph` is empty."""
    claim = "<https://w3id.org/alkkg/id/claim/x>"
    typed = f"{claim} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    default = typed + "<https://w3id.org/alkkg/ontology/Claim> .\n"
    quads = about.replace("C ", claim + " ").replace(" .", f" <{graph}> ." if graph else " .")
    with build_lock(store):
        path = write_release(
            store,
            (default + ("" if graph else quads)).encode(),
            {"version": "0"},
            quads.encode() if graph else b"",
        )
    return find_release(store, path.name)


P = "<https://w3id.org/alkkg/ontology/"


def test_blank_nodes_are_compared_by_what_they_hold(tmp_path: Path) -> None:
    graph = SOURCE_GRAPH + "civic/2025-10-31"
    one = _release(tmp_path, graph, f'C {P}arm> _:a .\n_:a {P}n> "12" .\n_:a {P}m> _:b .\n')
    same = _release(tmp_path, graph, f'C {P}arm> _:zz .\n_:zz {P}m> _:q .\n_:zz {P}n> "12" .\n')
    assert compare(one, same).changed == []
    other = _release(tmp_path, graph, f'C {P}arm> _:a .\n_:a {P}n> "13" .\n_:a {P}m> _:b .\n')
    changed = compare(same, other).changed
    assert [e["claim"] for e in changed] == ["https://w3id.org/alkkg/id/claim/x"]
    assert [c["property"] for c in changed[0]["changes"]] == [P[1:] + "arm"]
    assert changed[0]["source"] == graph


def test_releases_without_source_graphs_are_compared_on_the_default_graph(
    tmp_path: Path,
) -> None:
    old = _release(tmp_path, "", f'C {P}level> "C" .\n')
    new = _release(tmp_path, "", f'C {P}level> "B" .\n')
    diff = compare(old, new)
    assert [c["property"] for c in diff.changed[0]["changes"]] == [P[1:] + "level"]
    assert "no source snapshot graphs" in diff.note


def test_more_than_two_releases_is_a_usage_error(
    edited: Edited, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "previous", "current", "current", "--store", str(edited.store)]) == 2
    assert "at most two releases" in capsys.readouterr().err
