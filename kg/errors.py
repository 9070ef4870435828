"""Every failure alkkg reports, one hierarchy, each class with its exit code.

A failure the user can act on is an `AlkkgError`: the CLI prints its message and exits with its
`exit_code`; the server answers with its `status`. Anything else is a bug: the CLI says so, exits
with `EXIT_BUG` and shows the traceback under `--debug`; the server answers 500. So a `ValueError`
raised by a mistake in our code is never dressed up as the user's usage error.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
"""The data or the environment failed: a table, a build, a store, a remote endpoint."""
EXIT_USAGE = 2
"""The user asked wrongly: an unknown name, a bad parameter or query."""
EXIT_BUG = 70
"""An internal error (sysexits' EX_SOFTWARE): a bug in alkkg."""
EXIT_INTERRUPTED = 130


class AlkkgError(Exception):
    """A failure with a message meant for the user."""

    exit_code: int = EXIT_FAILED
    status: int = 500
    """The HTTP status the server answers with."""


class UsageError(AlkkgError):
    """The user asked wrongly: the command line, a parameter or a query."""

    exit_code = EXIT_USAGE
    status = 400


class QueryError(UsageError):
    """A query was asked for wrongly: unknown name, missing or bad parameter, bad SPARQL."""


class Refusal(QueryError):
    """A query refused on its text (SERVICE, LOAD, nesting): the status says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class DataError(AlkkgError):
    """Input data that cannot be used as it is: a source table, an ontology file, shapes."""


class SourceError(DataError):
    """A problem with one row of a source, located by file, line and field."""

    def __init__(self, path: Path | str, line: int | None, field_name: str | None, message: str):
        self.path, self.line, self.field, self.message = str(path), line, field_name, message
        where = f"{self.path}:{line}" if line else self.path
        what = f" field {field_name!r}:" if field_name else ""
        super().__init__(f"{where}:{what} {message}")


class SourceErrors(DataError):
    """Every problem found in a source, so that a curator fixes them in one pass."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} problem(s) in the source tables:\n{shown}{more}")


class OntologyFileError(DataError):
    """A file cannot be read as an ontology, or holds none of the terms we reference."""


class UnsupportedOntology(DataError):
    """The ontology uses an OWL construct the build's materialisation does not implement."""


class UnsupportedShape(DataError):
    """A shape uses a SHACL feature the build's SHACL engine does not compile."""


class MissingDependency(AlkkgError):
    """An optional dependency a command needs is not installed; the message says how to add it."""


class BuildError(AlkkgError):
    """The build stopped; the message says where (file and line, or node)."""


class StoreError(AlkkgError):
    """No release to read, or another build holds the store."""


class RemoteError(AlkkgError):
    """A remote endpoint could not be reached, refused, or answered wrongly."""

    status = 502


class NotFound(UsageError):
    """No such resource, named query or dump."""

    status = 404


class Stopped(AlkkgError):
    """A query stopped at a limit: the time limit, the worker's memory, or a crashed engine."""

    status = 422


class Busy(AlkkgError):
    """The server sheds load (too many waiting or long queries): retry after a while."""

    status = 503


def exit_code(exc: BaseException) -> int:
    """The exit code of a failure: its own for an `AlkkgError`, `EXIT_BUG` for anything else.

    An `OSError` (a file that is not there, a folder that cannot be written) is the environment's,
    not a bug: it exits as a failure.
    """
    if isinstance(exc, AlkkgError):
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, OSError):
        return EXIT_FAILED
    return EXIT_BUG
