"""What the build needs from a source, and how it finds the installed ones.

A source (the curated papers, the SSSOM mapping set; CIViC and ClinicalTrials.gov next) reads
and checks its own input and hands the build RDF. The build does not know any source by name:
the package declares them as entry points in the group `alkkg.sources` (`pyproject.toml`), so
`kg` never imports `loaders`, and a new source is a new module plus one line there.

Reading is the whole check: `read_sources` is what `alkkg build` runs and what
`python -m loaders.check` runs, so a table the check passes is a table the build accepts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.errors import BuildError, SourceError, SourceErrors

ENTRY_POINT_GROUP = "alkkg.sources"


@dataclass(frozen=True)
class SourceOptions:
    """Where the sources find their input, as `alkkg build --tables --seeds` say."""

    tables: Path | None = None
    """The curated tables folder; None: the tables shipped with the package."""
    seeds: Path | None = None
    """The seed papers that quotes are checked against; None: quotes are not checked."""


@dataclass(frozen=True)
class Reference:
    """A node a source refers to without defining it: another source must define it (label it).

    The mapping set names our entities; the papers define them. Each source is read on its own,
    so such references are checked once all sources are read, and reported at the row that
    made them.
    """

    iri: URIRef
    error: SourceError


@dataclass
class SourceData:
    """One source's contribution to the graph."""

    graph: Graph
    claims: int = 0
    """How many claims the source states (the build reports the total)."""
    references: list[Reference] = field(default_factory=list)


@runtime_checkable
class Source(Protocol):
    """A source of the graph: reads and checks its input, and returns its RDF.

    `read` raises `SourceErrors` listing every problem, each located by file, line and field.
    """

    @property
    def name(self) -> str:
        """What the source is called (its entry point's name)."""

    def read(self, options: SourceOptions) -> SourceData:
        """Read and check the input; raise `SourceErrors` with every problem located."""


def installed_sources() -> list[Source]:
    """The sources the installed package declares (entry points `alkkg.sources`), by name."""
    sources = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        source = entry.load()
        if not isinstance(source, Source):
            raise BuildError(f"entry point {entry.name} = {entry.value} is not an alkkg source")
        sources.append(source)
    if not sources:
        raise BuildError(
            f"no sources installed (entry points {ENTRY_POINT_GROUP!r}): reinstall alkkg"
        )
    return sources


@dataclass
class ReadSources:
    """Every source read and checked: their merged graph and claim count."""

    graph: Graph
    claims: int
    names: list[str]


def read_sources(sources: Iterable[Source], options: SourceOptions) -> ReadSources:
    """Read every source; raise `SourceErrors` with the problems of all of them at once."""
    errors: list[SourceError] = []
    read: list[SourceData] = []
    names: list[str] = []
    for source in sources:
        names.append(source.name)
        try:
            read.append(source.read(options))
        except SourceErrors as exc:
            errors.extend(exc.errors)
        except SourceError as exc:
            errors.append(exc)
    graph = Graph()
    for data in read:
        for prefix, namespace in data.graph.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += data.graph
    if not errors:  # with a source missing, its nodes would all seem undefined
        errors.extend(
            ref.error
            for data in read
            for ref in data.references
            if (ref.iri, RDFS.label, None) not in graph
        )
    if errors:
        raise SourceErrors(errors)
    return ReadSources(graph, sum(data.claims for data in read), names)
