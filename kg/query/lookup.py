"""Small lookups over the store's default graph, for the exporters that walk it node by node."""

from __future__ import annotations

import pyoxigraph as ox

from kg.vocab import RDF


class GraphView:
    """Sorted objects, first values and instances, so that every export is deterministic."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def objects(self, subject: ox.NamedNode, predicate: str) -> list[ox.Term]:
        quads = self.store.quads_for_pattern(
            subject, ox.NamedNode(str(predicate)), None, ox.DefaultGraph()
        )
        return sorted((q.object for q in quads), key=str)

    def value(self, subject: ox.NamedNode, predicate: str) -> str | None:
        """The first value's lexical form (or IRI), or None."""
        values = self.objects(subject, predicate)
        return values[0].value if values else None

    def instances(self, cls: str) -> list[ox.NamedNode]:
        quads = self.store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls)), ox.DefaultGraph()
        )
        return sorted({q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}, key=str)
