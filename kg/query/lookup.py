"""Small lookups over the store's default graph, for the exporters that walk it node by node."""

from __future__ import annotations

import pyoxigraph as ox

from kg.formats.results import Term, text
from kg.vocab import RDF


class GraphView:
    """Sorted objects, first values and instances, so that every export is deterministic."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def objects(self, subject: ox.NamedNode, predicate: str) -> list[Term]:
        quads = self.store.quads_for_pattern(
            subject, ox.NamedNode(str(predicate)), None, ox.DefaultGraph()
        )
        return sorted((q.object for q in quads), key=str)

    def nodes(self, subject: ox.NamedNode, predicate: str) -> list[ox.NamedNode]:
        """The objects that are IRIs (the things a claim links), sorted."""
        return [o for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def texts(self, subject: ox.NamedNode, predicate: str) -> list[str]:
        """Every value's lexical form (or IRI), sorted."""
        return [text(o) for o in self.objects(subject, predicate)]

    def value(self, subject: ox.NamedNode, predicate: str) -> str | None:
        """The first value's lexical form (or IRI), or None."""
        values = self.texts(subject, predicate)
        return values[0] if values else None

    def instances(self, cls: str) -> list[ox.NamedNode]:
        quads = self.store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls)), ox.DefaultGraph()
        )
        return sorted({q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}, key=str)
