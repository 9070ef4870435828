"""YAML tables read with the line of every row and field, so each problem can be located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import SourceError


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every mapping and of each of its keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:  # YAML would keep the last value and drop the first
                    raise yaml.constructor.ConstructorError(
                        None, None, f"repeated key {key.value!r}", key.start_mark
                    )
                seen.add(key.value)
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {
            key.value: key.start_mark.line + 1
            for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)
        }
        return mapping


def read_yaml(path: Path) -> Any:
    """Parse one table, turning every YAML or encoding problem into a located SourceError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            path, None, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise SourceError(path, line, None, f"not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, None, f"not valid YAML: {exc}") from None


def line_of(row: dict[str, Any], key: str | None = None) -> int | None:
    """The line of `key` in `row`, else of the row itself."""
    if key is not None and key in row.get("__lines__", {}):
        line: int = row["__lines__"][key]
        return line
    start: int | None = row.get("__line__")
    return start


def fields_of(row: dict[str, Any]) -> dict[str, Any]:
    """The row's own fields, without the line bookkeeping."""
    return {k: v for k, v in row.items() if not k.startswith("__")}
