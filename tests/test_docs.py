"""`alkkg docs`: one HTML page documenting every class, property and controlled value."""

from __future__ import annotations

import logging
import sys
from html.parser import HTMLParser
from pathlib import Path

from rdflib import Graph, URIRef

from kg.cli import main
from kg.formats.docs import build_docs, ontology_path, served_page
from kg.vocab import ALKKG, OWL, RDF, RDFS

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


class _Page(HTMLParser):
    """The page's fragment ids, the heading text of each documented term, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.headings: dict[str, str] = {}
        self.codes: set[str] = set()
        self.links: set[str] = set()
        self._entity: str | None = None
        self._tag: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
            if "entity" in (attributes.get("class") or ""):
                self._entity = attributes["id"]
        if tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.links.add(attributes["href"][1:])
        self._tag = tag

    def handle_data(self, data: str) -> None:
        if self._tag == "h3" and self._entity and self._entity not in self.headings:
            self.headings[self._entity] = data.strip()
        elif self._tag == "code":
            self.codes.add(data.strip())


def _terms(graph: Graph) -> dict[URIRef, str]:
    """Every alkkg class, property and named individual, with its label."""
    kinds = (*KINDS, OWL.NamedIndividual)
    return {
        term: str(graph.value(term, RDFS.label))
        for kind in kinds
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and term.startswith(str(ALKKG))
    }


def test_docs_document_every_term_at_its_local_name(tmp_path: Path, capsys) -> None:
    level = logging.getLogger().level
    assert main(["docs", "--out", str(tmp_path / "site")]) == 0
    assert logging.getLogger().level == level, "importing pyLODE left the root logger changed"
    page_path = tmp_path / "site" / "index.html"
    assert str(page_path) in capsys.readouterr().out
    page = _Page()
    page.feed(page_path.read_text(encoding="utf-8"))

    terms = _terms(Graph().parse(ontology_path()))
    assert len(terms) > 250
    for term, label in terms.items():
        fragment = term[len(str(ALKKG)) :]
        assert fragment in page.ids, f"{term} has no #{fragment} on the page"
        assert page.headings.get(fragment) == label, term
        assert str(term) in page.codes, term
    assert {"classes", "objectproperties", "datatypeproperties", "named_individuals"} <= page.ids
    broken = sorted(page.links - page.ids)
    assert not broken, f"links to fragments the page lacks: {broken}"


def test_docs_are_deterministic(tmp_path: Path) -> None:
    first = build_docs(tmp_path / "a").read_bytes()
    assert build_docs(tmp_path / "b").read_bytes() == first


def test_without_pylode_the_command_says_what_to_install(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "pylode", None)  # as if it were not installed
    assert main(["docs", "--out", str(tmp_path)]) != 0
    assert "pip install 'alkkg[docs]'" in capsys.readouterr().err
    assert served_page.__wrapped__() is None  # the server falls back to its resource page
