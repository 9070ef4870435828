"""Every export format re-parses to the same graph as the store holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from jsonld_helpers import jsonld_to_graph
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import __version__
from kg.formats.rdf import FORMATS, export
from kg.store import SOURCE_GRAPH

RDFLIB_FORMAT = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


@pytest.fixture(scope="module")
def reference(store: ox.Store) -> Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=data, format="nt")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips(store: ox.Store, reference: Graph, fmt: str) -> None:
    assert len(reference) > 15_000
    data = export(store, fmt)
    if fmt == "jsonld":  # compacted against the published context: expand with PyLD
        parsed = jsonld_to_graph(data)
    elif fmt in ("trig", "nquads"):  # the dataset: the built graph and each source's own
        parsed = Graph()
        graphs = set()
        for s, p, o, g in Dataset().parse(data=data, format=RDFLIB_FORMAT[fmt]).quads():
            graphs.add(str(g))
            if g == DATASET_DEFAULT_GRAPH_ID:
                parsed.add((s, p, o))
        assert SOURCE_GRAPH + "papers/" + __version__ in graphs
    else:
        parsed = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert len(parsed) == len(reference)
    assert isomorphic(parsed, reference)
