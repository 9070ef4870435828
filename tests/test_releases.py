"""Each release says which snapshot of each source it holds, in that snapshot's named graph,
and `alkkg releases` lists them; the built graph the queries read is what it was."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import __version__
from kg.build.imports import import_ontology
from kg.build.pipeline import BuildResult
from kg.cli import main
from kg.store import SOURCE_GRAPH, ask, default_graph_size, open_store, select, snapshots
from loaders.mappings import read_mappings
from loaders.mappings import snapshot as mappings_snapshot

PAPERS = SOURCE_GRAPH + "papers/" + __version__
MAPPINGS = SOURCE_GRAPH + "mappings/0.1.0"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
SLICES = Path(__file__).parent / "data" / "ontologies"


def test_each_source_has_its_snapshot_graph_described_in_itself(store: ox.Store) -> None:
    described = {s["graph"]: s for s in snapshots(store)}
    assert set(described) == {PAPERS, MAPPINGS}
    for graph, version in ((PAPERS, __version__), (MAPPINGS, "0.1.0")):
        about = described[graph]
        assert about["licence"] == CC_BY
        assert about["version"] == version
        assert about["origin"] == f"alkkg {__version__}"  # no project URL is published
        assert date.fromisoformat(about["issued"])
        assert about["title"]
        datatype = select(
            store,
            f"SELECT (DATATYPE(?d) AS ?t) WHERE {{ GRAPH <{graph}> {{ <{graph}> "
            "<http://purl.org/dc/terms/issued> ?d }}",
        )
        assert [row["t"].value for row in datatype] == ["http://www.w3.org/2001/XMLSchema#date"]
    # the descriptions stay out of the graph the queries and checks read
    assert not ask(store, f"ASK {{ <{PAPERS}> ?p ?o }}")


def test_the_default_graph_is_the_built_graph_and_holds_every_source_triple(
    built: tuple[Path, BuildResult], store: ox.Store
) -> None:
    _, result = built
    assert default_graph_size(store) == result.triples == len(result.store)
    assert len(store) > result.triples  # the snapshot graphs come on top
    missing = select(
        store,
        f"""SELECT (COUNT(*) AS ?n) WHERE {{
          GRAPH <{PAPERS}> {{ ?s ?p ?o FILTER(?s != <{PAPERS}> && !isBlank(?s) && !isBlank(?o)) }}
          FILTER NOT EXISTS {{ ?s ?p ?o }} }}""",
    )
    assert [row["n"].value for row in missing] == ["0"]
    papers = next(s for s in snapshots(store) if s["graph"] == PAPERS)
    count = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PAPERS}> {{ ?s ?p ?o }} }}")
    assert int(papers["triples"]) == int(next(iter(count))["n"].value) - 7  # its description


def test_releases_lists_the_current_release_and_its_snapshots(
    store_path: Path, built: tuple[Path, BuildResult], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["releases", "--store", str(store_path), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    current = [r for r in listed if r["current"]]
    assert len(current) == 1
    release = built[1].release
    assert release is not None and current[0]["name"] == release.name
    assert current[0]["claims"] == built[1].claims
    sources = {s["name"]: s for s in current[0]["sources"]}
    assert set(sources) == {"papers", "mappings"}
    assert all(s["licence"] == CC_BY for s in sources.values())
    assert main(["releases", "--store", str(store_path)]) == 0
    table = capsys.readouterr().out
    assert f"* {release.name}" in table and "(current)" in table
    assert "    papers  " + __version__ in table and "    mappings  0.1.0" in table


def test_an_import_carries_the_snapshot_graphs_into_its_release(
    store_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy, symlinks=True)
    import_ontology(copy, SLICES / "chebi-slice.obo")
    store = open_store(copy)
    assert {s["graph"] for s in snapshots(store)} == {PAPERS, MAPPINGS}
    assert ask(
        store, "ASK { GRAPH <https://w3id.org/alkkg/graph/import/chebi-slice> { ?s ?p ?o } }"
    )


def test_the_mapping_set_is_dated_by_its_own_metadata(tmp_path: Path) -> None:
    from loaders import TABLES

    text = (TABLES / "mappings.sssom.tsv").read_text()
    assert "mapping_date" not in text  # shipped undated: the build date stands in
    assert mappings_snapshot(read_mappings(TABLES / "mappings.sssom.tsv"), True).issued == (
        date.today().isoformat()
    )
    dated = tmp_path / "mappings.sssom.tsv"
    dated.write_text("# mapping_date: 2025-10-31\n" + text)
    assert mappings_snapshot(read_mappings(dated), False).issued == "2025-10-31"
    assert mappings_snapshot(read_mappings(dated), False).origin == str(dated)
