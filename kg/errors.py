"""Which failures are the user's to fix (usage, exit 2) and which are the data's (exit 1)."""

from __future__ import annotations

from kg.query import QueryError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def exit_code(exc: BaseException) -> int:
    """Bad parameters or queries exit 2; failed builds, validation and missing stores exit 1."""
    if isinstance(exc, QueryError | ValueError) and not _is_data_error(exc):
        return EXIT_USAGE
    return EXIT_FAILED


def _is_data_error(exc: BaseException) -> bool:
    from loaders.tables import SourceError, SourceErrors

    return isinstance(exc, SourceError | SourceErrors)
