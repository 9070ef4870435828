"""The server's settings: one table, from which both `alkkg serve`'s flags and `Settings` come.

Each setting is a field of the frozen `Settings` dataclass: its name, type and default are the
field's; its help text, metavar and unit are in the field's metadata (`setting`). `add_arguments`
turns the table into command-line flags and `Settings.from_args` reads them back, so a limit's
default is written once, and a new limit is one line (as datasette's settings table works).
"""

from __future__ import annotations

import argparse
import dataclasses
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def setting(
    default: T,
    help: str,
    *,
    metavar: str | None = None,
    unit: int = 1,
    default_text: str | None = None,
) -> T:
    """A field of `Settings`, with what `alkkg serve --help` says about it.

    `unit`: the flag is given in units of this many (MiB for a byte count), the setting holds the
    product. `default_text`: what `--help` says for a default that is computed (`None`).
    """
    metadata = {"help": help, "metavar": metavar, "unit": unit, "default_text": default_text}
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """Every limit the server keeps; each field but `store_path` is a flag of `alkkg serve`."""

    store_path: Path
    host: str = setting("127.0.0.1", "address to listen on")
    port: int = setting(8000, "port to listen on")
    timeout: float = setting(30.0, "seconds per query", metavar="S")
    max_rows: int = setting(10_000, "rows per result", metavar="N")
    page_size: int = setting(
        100,
        "rows a page of a named query holds over HTTP unless the client asks for more "
        "(?limit=, up to --max-rows)",
        metavar="N",
    )
    max_body: int = setting(64 * 1024, "bytes of a POST body; a larger one gets 413", metavar="N")
    workers: int = setting(
        4, "query worker processes; one is kept for the named queries and pages", metavar="N"
    )
    worker_memory: int = setting(
        2 * 2**30,
        "address space a worker (so a query) may use, in MiB",
        metavar="MIB",
        unit=2**20,
    )
    long_after: float = setting(1.0, "a query running longer than this is a long one", metavar="S")
    max_long: int | None = setting(
        None,
        "long queries at once; a further one gets 503",
        metavar="N",
        default_text="workers - 2, at least 1",
    )
    max_waiting: int = setting(
        64, "requests waiting for a worker; a further one gets 503", metavar="N"
    )
    max_wait: float = setting(
        10.0, "seconds a request may wait for a worker before a 503", metavar="S"
    )
    read_timeout: float = setting(10.0, "seconds a client has to send a whole request", metavar="S")
    base: str = setting("https://w3id.org/alkkg/", "IRI base the server root stands for")
    allow_update: bool = setting(
        False,
        "accept SPARQL Update (one worker; writes go into the current release until the next "
        "build)",
    )

    @classmethod
    def from_args(cls, args: argparse.Namespace, store_path: Path) -> Settings:
        """The settings from `alkkg serve`'s parsed flags (see `add_arguments`)."""
        # argparse's values are untyped; it converted each with its setting's type
        values: dict[str, Any] = {}
        for spec in SETTINGS:
            value = getattr(args, spec.name)
            values[spec.name] = value * spec.unit if value is not None else None
        return dataclasses.replace(cls(store_path), **values)


@dataclass(frozen=True)
class Setting:
    """One row of the settings table, as read from a field of `Settings`."""

    name: str
    scalar: type
    default: object
    help: str
    metavar: str | None
    unit: int
    default_text: str | None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def flag_default(self) -> object:
        """The default as the flag gives it (in the flag's unit)."""
        if isinstance(self.default, int) and self.unit != 1:
            return self.default // self.unit
        return self.default

    def help_text(self) -> str:
        if self.scalar is bool:
            return self.help
        shown = self.default_text or _shown(self.flag_default())
        return f"{self.help} (default{':' if self.default_text else ''} {shown})"


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _scalar(annotation: object) -> type:
    """`int` for `int | None`: the type a flag's text is converted with."""
    if isinstance(annotation, types.UnionType):
        (scalar,) = (arg for arg in typing.get_args(annotation) if arg is not type(None))
        return typing.cast(type, scalar)
    return typing.cast(type, annotation)


def _table() -> tuple[Setting, ...]:
    hints = typing.get_type_hints(Settings)
    return tuple(
        Setting(
            name=field.name,
            scalar=_scalar(hints[field.name]),
            default=field.default,
            help=field.metadata["help"],
            metavar=field.metadata["metavar"],
            unit=field.metadata["unit"],
            default_text=field.metadata["default_text"],
        )
        for field in dataclasses.fields(Settings)
        if "help" in field.metadata
    )


SETTINGS = _table()
"""The settings table: one row per flag of `alkkg serve`, in `Settings`' order."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add a flag for each setting, its default and help text from the table."""
    for spec in SETTINGS:
        if spec.scalar is bool:
            parser.add_argument(spec.flag, action="store_true", help=spec.help_text())
        else:
            parser.add_argument(
                spec.flag,
                type=spec.scalar,
                default=spec.flag_default(),
                metavar=spec.metavar,
                help=spec.help_text(),
            )
