"""Where the package's data lives: ontology, shapes, named queries, seed papers.

The source tables are the sources' own (`kg.build.sources`): each knows where its input is.

An installed wheel carries `ontology/` and `queries/` inside the package (`kg/_data/`); a source
checkout (or an editable install) has them at the repository root. Both layouts are supported so
that `pip install .` and `pip install -e .` behave the same.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _REPO / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"alkkg data folder {name!r} not found (broken install?)")


def ontology_dir() -> Path:
    return _data_dir("ontology")


def queries_dir() -> Path:
    return _data_dir("queries")


def seeds_dir() -> Path | None:
    """The seed papers the quotes are checked against, if this machine has them.

    `ALKKG_SEEDS` wins; otherwise `shared/seeds` beside the checkout or the working directory.
    The papers are not redistributed with the package, so an installed copy may have none.
    """
    env = os.environ.get("ALKKG_SEEDS")
    if env:
        return Path(env)
    for base in (_REPO, Path.cwd()):
        candidate = base.parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def default_store_path() -> Path:
    """`ALKKG_STORE`, else `$XDG_DATA_HOME/alkkg/store` (`~/.local/share/alkkg/store`)."""
    env = os.environ.get("ALKKG_STORE")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "alkkg" / "store"
