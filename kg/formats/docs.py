"""Ontology documentation: one HTML page for every class, property and controlled value.

The page is made by pyLODE 3.3.4 (OWL profile, `OntPub`; the optional extra `alkkg[docs]`),
with two changes to what pyLODE does on its own:

- every alkkg term's fragment is its local name (`#Agent`, `#evidenceKind`, `#Grade3to4`), so
  `https://w3id.org/alkkg/ontology/X` is always documented at `.../ontology#X`; pyLODE itself
  makes fragments from labels, which change with a label and collide when a class and a
  property share one (`#unit` and `#unit1`);
- the controlled values (the `owl:NamedIndividual`s: endpoints, units, grade bands, evidence
  kinds, ...) get a section of their own, which pyLODE's OWL profile leaves out.

The output is sorted, so the same ontology gives the same page.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import MissingDependency
from kg.resources import ontology_dir
from kg.vocab import ALKKG, DCTERMS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

PYLODE_VERSION = "3.3.4"
INDIVIDUALS_SECTION = "named_individuals"


def ontology_path() -> Path:
    return ontology_dir() / "alkkg.ttl"


def _import_pylode() -> None:
    """Import pyLODE once, without the side effect of its import (it sets the root logger to
    DEBUG); later imports of it find it loaded."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        import pylode  # noqa: F401  (imported for its side effect, undone below)
    except ImportError as exc:
        raise MissingDependency(
            f"the ontology documentation needs pyLODE: pip install 'alkkg[docs]' "
            f"(pylode=={PYLODE_VERSION})"
        ) from exc
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def ontology_html(ontology: Path | None = None) -> str:
    """The documentation of the ontology (default: the shipped `alkkg.ttl`) as one HTML page."""
    _import_pylode()
    from dominate.tags import a, h4, li, ul
    from pylode import ONTDOC, OntPub
    from pylode.utils import section_html

    graph = Graph().parse(ontology or ontology_path(), format="turtle")
    terms = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(ALKKG))}
    )
    individuals = [t for t in terms if (t, RDF.type, OWL.NamedIndividual) in graph]
    values = sorted(
        {
            p
            for i in individuals
            for p in graph.predicates(i)
            if isinstance(p, URIRef) and p in terms
        }
    )
    for individual in individuals:  # shown as "instance" on its class
        for cls in graph.objects(individual, RDF.type):
            if cls != OWL.NamedIndividual:
                graph.add((cls, ONTDOC.hasInstance, individual))

    class _OntPub(OntPub):
        def _make_main_sections(self) -> None:
            super()._make_main_sections()
            if not individuals:
                return
            with self.content:
                section_html(
                    "Named Individuals",
                    self.ont,
                    self.back_onts,
                    self.ns,
                    OWL.NamedIndividual,
                    [DCTERMS.title, DCTERMS.description, RDF.type, SKOS.altLabel, *values],
                    self.toc,
                    INDIVIDUALS_SECTION,
                    self.fids,
                    self.props_labeled,
                ).render()

        def _make_toc(self) -> None:
            super()._make_toc()
            entries = self.toc.get(INDIVIDUALS_SECTION)
            if not entries:
                return
            (toc,) = self.doc.body.get(id="toc")
            first = next(c for c in toc.children if c.attributes.get("class") == "first")
            item = li(h4(a("Named Individuals", href=f"#{INDIVIDUALS_SECTION}")))
            item.add(ul([li(a(title, href=href)) for href, title in entries], _class="second"))
            first.children.insert(len(first.children) - 2, item)  # before Namespaces, Legend

    publisher = _OntPub(graph, sort_subjects=True)
    ontology_title = str(graph.value(URIRef(ONTOLOGY_IRI), DCTERMS.title))
    row_headings = {
        RDF.type: ("Type", "The class of the individual.", "RDF"),
        SKOS.altLabel: ("Alternative label", "Another name for the individual.", "SKOS"),
    }
    for prop in values:  # e.g. the lowest and highest grade of a grade band
        label, definition = graph.value(prop, RDFS.label), graph.value(prop, SKOS.definition)
        row_headings[prop] = (str(label).capitalize(), str(definition), ontology_title)
    for prop, (title, description, defined_in) in row_headings.items():
        publisher.props_labeled.setdefault(
            prop, {"title": title, "description": description, "ont_title": defined_in}
        )
    publisher.fids.update({str(t): t[len(str(ALKKG)) :] for t in terms})
    page = publisher.make_html()
    # pyLODE links every IRI in the namespace to a fragment, even one that is not a term (the
    # version IRI `.../ontology/0.1.0`); those links go to the IRI itself.
    for iri in sorted({o for o in graph.objects() if isinstance(o, URIRef)}):
        if iri.startswith(str(ALKKG)) and iri not in terms:
            page = page.replace(f'href="#{iri[len(str(ALKKG)) :]}"', f'href="{iri}"')
    return page


def build_docs(out: Path | None = None, ontology: Path | None = None) -> Path:
    """Write the documentation page to `out/index.html` (default `build/ontology/`); return it."""
    out = Path(out) if out is not None else Path("build") / "ontology"
    out.mkdir(parents=True, exist_ok=True)
    page = out / "index.html"
    page.write_text(ontology_html(ontology), encoding="utf-8")
    return page


@functools.cache
def served_page() -> str | None:
    """The shipped ontology's page for `alkkg serve` (`/ontology` as HTML), made once per
    process; None when pyLODE is not installed, and the server shows its generic resource page."""
    try:
        return ontology_html()
    except MissingDependency:
        return None
