"""The export formats are declared once: the command line offers exactly those."""

from __future__ import annotations

import argparse

from kg.cli import parser
from kg.formats.rdf import EXPORT_FORMATS, FORMATS
from kg.formats.results import FORMATS as RESULTS_FORMATS


def _choices(command: str) -> list[str]:
    commands = next(
        a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    option = next(a for a in commands[command]._actions if "--format" in a.option_strings)
    return list(option.choices)


def test_the_command_line_offers_the_declared_formats() -> None:
    assert _choices("export") == list(EXPORT_FORMATS)
    assert _choices("query") == _choices("sparql") == list(RESULTS_FORMATS)
    assert list(EXPORT_FORMATS) == [*FORMATS, "kgx", "va-spec"]


def test_media_types_and_suffixes() -> None:
    assert EXPORT_FORMATS["turtle"].media_type == "text/turtle"
    assert EXPORT_FORMATS["ntriples"].suffix == ".nt"
    assert EXPORT_FORMATS["jsonld"].media_type == "application/ld+json"
    assert EXPORT_FORMATS["va-spec"].suffix == ".json"
