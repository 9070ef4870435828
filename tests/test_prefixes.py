"""The one prefix map: every IRI of the graph round-trips through its converter, and the SSSOM
mapping set declares the same prefixes as kg.prefixes."""

from __future__ import annotations

import ast
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from kg.prefixes import (
    EXTERNAL_PREFIXES,
    MAPPING_PREFIXES,
    external_converter,
    external_curie,
    graph_converter,
    kgx_converter,
    kgx_curie,
    obo_iri,
    short_name,
)
from kg.vocab import BASE, ID

ROOT = Path(__file__).parent.parent
MATCHES = {f"http://www.w3.org/2004/02/skos/core#{m}Match" for m in ("exact", "close")}


def _iris(store: ox.Store) -> set[str]:
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return {t.value for q in quads for t in q if isinstance(t, ox.NamedNode)}


def _cross_references(store: ox.Store) -> set[str]:
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return {
        q.object.value
        for q in quads
        if q.predicate.value in MATCHES
        and isinstance(q.object, ox.NamedNode)
        and not q.object.value.startswith(BASE)
    }


def test_the_graphs_iris_round_trip(store: ox.Store) -> None:
    iris = _iris(store)
    shortened = {iri: short_name(iri) for iri in iris if short_name(iri) != iri}
    assert len(shortened) > 1000
    assert all(graph_converter.expand(curie) == iri for iri, curie in shortened.items())
    assert short_name(str(ID) + "agent/lorlatinib") == "id:agent/lorlatinib"


def test_every_cross_reference_has_a_curie_that_expands_back(store: ox.Store) -> None:
    xrefs = _cross_references(store)
    assert len(xrefs) > 100
    curies = {iri: external_curie(iri) for iri in xrefs}
    assert all(curie != iri for iri, curie in curies.items()), "an xref in no known scheme"
    assert all(external_converter.expand(curie) == iri for iri, curie in curies.items())
    assert curies.get("http://identifiers.org/hgnc/427") == "HGNC:427"


def test_kgx_ids_have_no_slash_and_expand_back(store: ox.Store) -> None:
    ours = {iri for iri in _iris(store) if iri.startswith(str(ID))}
    ids = {iri: kgx_curie(iri) for iri in ours}
    written = {iri: curie for iri, curie in ids.items() if curie != iri}
    assert len(written) > 1000
    assert all("/" not in curie.split(":", 1)[1] for curie in written.values())
    assert all(kgx_converter.expand(curie) == iri for iri, curie in written.items())
    assert kgx_curie(str(ID) + "agent/lorlatinib") == "alkkg.agent:lorlatinib"


@pytest.mark.parametrize(
    ("iri", "curie"),
    [
        ("http://purl.obolibrary.org/obo/SO_0001583", "SO:0001583"),  # any OBO Foundry term
        ("http://purl.obolibrary.org/obo/NCIT_C74061", "NCIT:C74061"),
        ("https://doi.org/10.1200/JCO.2012.44.5353", "doi:10.1200/JCO.2012.44.5353"),
        ("https://example.org/thing/1", "https://example.org/thing/1"),  # unknown: as it is
    ],
)
def test_external_curies(iri: str, curie: str) -> None:
    assert external_curie(iri) == curie


def test_obo_curies_as_people_type_them() -> None:
    assert obo_iri("chebi:37699") == "http://purl.obolibrary.org/obo/CHEBI_37699"
    assert obo_iri("lorlatinib") is None


def test_the_mapping_sets_curie_map_agrees() -> None:
    """The published SSSOM file declares its prefixes itself; they must be the exporters'."""
    text = (ROOT / "loaders" / "tables" / "mappings.sssom.tsv").read_text(encoding="utf-8")
    header = [line[1:] for line in text.splitlines() if line.startswith("#")]
    curie_map = yaml.safe_load("\n".join(header))["curie_map"]
    assert curie_map == EXTERNAL_PREFIXES | MAPPING_PREFIXES


def test_exports_and_queries_never_import_loaders() -> None:
    """The exporters read no source table: their prefixes are kg.prefixes'."""
    paths = [*(ROOT / "kg" / "formats").glob("*.py"), *(ROOT / "kg" / "query").glob("*.py")]
    importers = []
    for path in sorted([*paths, ROOT / "kg" / "prefixes.py", ROOT / "kg" / "vocab.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "loaders" or name.startswith("loaders.") for name in names):
                importers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not importers
