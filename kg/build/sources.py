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
    store: Path | None = None
    """The store being built into. A source whose input is loaded into the store (`alkkg load
    civic FILE`) keeps that input under `store/sources/<name>/` and reads it from there at every
    build; None (a check without a store): such a source has nothing to read."""


@dataclass(frozen=True)
class Snapshot:
    """One dated copy of a source, as the graph holds it: its own named graph says what it is.

    The build writes each source's triples into the named graph `graph` as well as into the
    default graph the queries read, and describes that graph with the title, date, licence and
    origin here, so a release says which snapshot of each source it was built from and two
    releases can be compared source by source.
    """

    graph: str
    """The named graph's IRI: `https://w3id.org/alkkg/graph/source/<name>/<version>`."""
    title: str
    issued: str
    """The snapshot's date (ISO 8601): when the source published or we fetched it."""
    licence: str
    """The licence's IRI (`http://creativecommons.org/publicdomain/zero/1.0/` for CIViC)."""
    origin: str
    """Where it came from: a URL, or the file it was loaded from."""
    version: str = ""


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
    snapshot: Snapshot | None = None
    """The snapshot this data is (None: a source with no snapshot description yet)."""


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


@runtime_checkable
class LoadableSource(Source, Protocol):
    """A source whose input a user loads into the store (`alkkg load <name> FILE`).

    `accept` reads and checks the file as the build will (raising `SourceErrors`, located by
    file and line or record id) and returns the name to keep it under in `store/sources/<name>/`;
    the build then reads it from there (`SourceOptions.store`) at every build. A source that
    takes several files in one load (`alkkg load ctgov A.json B.json`) says so with a true
    `several_files` attribute; the others take one, their input being one whole snapshot.
    """

    def accept(self, path: Path) -> str:
        """Check the file at `path`; the file name to keep it under."""


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
    """Every source read and checked: their merged graph and claim count, and each source's own
    data (`parts`, by name), which the build writes into the source's snapshot graph."""

    graph: Graph
    claims: int
    names: list[str]
    parts: dict[str, SourceData] = field(default_factory=dict)


def read_sources(sources: Iterable[Source], options: SourceOptions) -> ReadSources:
    """Read every source; raise `SourceErrors` with the problems of all of them at once."""
    errors: list[SourceError] = []
    read: list[SourceData] = []
    names: list[str] = []
    parts: dict[str, SourceData] = {}
    for source in sources:
        names.append(source.name)
        try:
            read.append(source.read(options))
            parts[source.name] = read[-1]
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
    return ReadSources(graph, sum(data.claims for data in read), names, parts)


@dataclass(frozen=True)
class FetchResult:
    """What a fetch wrote: the file, how many records it holds, and where they came from."""

    path: Path
    records: int
    """Records written (after the source's own selection, e.g. CIViC's `--gene`)."""
    listed: int
    """Records the remote listed before that selection."""
    pages: int
    """Requests that returned a page (retries not counted)."""
    origin: str
    """The remote's URL."""


@runtime_checkable
class FetchableSource(Source, Protocol):
    """A source whose input can be downloaded from its publisher (`alkkg fetch <name>`).

    `fetch` writes a file the source's `alkkg load` accepts, atomically (a failed fetch leaves no
    file and an existing `out` intact), and raises `RemoteError` naming the remote and the page
    when the remote fails or answers wrongly; unknown options are a `UsageError`. `out` None: the
    source's own dated file name in the working directory.
    """

    def fetch(self, out: Path | None = None, **options: str) -> FetchResult:
        """Download the source's records into `out`."""
