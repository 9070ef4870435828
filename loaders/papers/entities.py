"""The entities the papers talk about: read from `entities.yaml` and the papers' own
`entities:` sections, merged, checked, and indexed by every name a curator may use for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.names import NameIndex, UnknownName, normalize
from loaders.papers.reading import fields_of, line_of
from loaders.vocabulary import allowed, classes

ENTITY_SECTIONS = (
    "agents",
    "substances",
    "genes",
    "diseases",
    "variants",
    "mechanisms",
    "trials",
    "adverse-events",
)


@dataclass
class Entity:
    """One thing the papers talk about, as the tables define it."""

    section: str
    id: str
    label: str
    synonyms: list[str]
    attrs: dict[str, Any]
    path: str
    line: int | None

    def names(self) -> list[str]:
        names = [self.id, self.label, *self.synonyms]
        gene = self.attrs.get("gene")
        short_form = self.attrs.get("kind") in {"missense", "insertion", "group", "compound"}
        if self.section != "variants" or not short_form or not isinstance(gene, str):
            return names
        if self.label.startswith(f"{gene} "):
            names.append(self.label[len(gene) + 1 :])  # "G1202R" for "ALK G1202R"
        return names


_ENTITY_REQUIRED = {"id", "label"}
_ENTITY_CHECKS = {"agents": "class", "variants": "kind", "mechanisms": "class"}
"""The field of an entity that names its class (words from the ontology: `vocabulary.classes`)."""


@dataclass
class Entities:
    """All entities, merged across `entities.yaml` and the papers' own `entities:` sections."""

    by_section: dict[str, dict[str, Entity]] = field(
        default_factory=lambda: {s: {} for s in ENTITY_SECTIONS}
    )
    indexes: dict[str, NameIndex] = field(default_factory=dict)

    def add_section(self, path: Path, section: str, rows: Any, errors: list[SourceError]) -> None:
        if section not in ENTITY_SECTIONS:
            errors.append(SourceError(path, None, section, f"unknown entity section {section!r}"))
            return
        if not isinstance(rows, list):
            errors.append(SourceError(path, None, section, "expected a list of entities"))
            return
        for row in rows:
            if not isinstance(row, dict):
                errors.append(SourceError(path, None, section, f"expected a mapping, got {row!r}"))
                continue
            missing = _ENTITY_REQUIRED - row.keys()
            if missing:
                errors.append(
                    SourceError(path, line_of(row), sorted(missing)[0], "required field missing")
                )
                continue
            if section in _ENTITY_CHECKS:
                key = _ENTITY_CHECKS[section]
                words = classes(section)
                if not isinstance(row.get(key), str) or row[key] not in words:
                    errors.append(
                        SourceError(
                            path,
                            line_of(row, key),
                            key,
                            f"{row.get(key)!r} is not one of {allowed(words)}",
                        )
                    )
                    continue
            synonyms = row.get("synonyms") or []
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                errors.append(SourceError(path, line_of(row, "synonyms"), "synonyms", "not a list"))
                continue
            attrs = {
                k: v for k, v in fields_of(row).items() if k not in {"id", "label", "synonyms"}
            }
            entity_id = str(row["id"])
            known = self.by_section[section].get(entity_id)
            if known is None:
                self.by_section[section][entity_id] = Entity(
                    section,
                    entity_id,
                    str(row["label"]),
                    [str(s) for s in synonyms],
                    attrs,
                    str(path),
                    line_of(row),
                )
                continue
            # The same entity declared again (by another paper): merge names, refuse conflicts.
            clash = {k for k, v in attrs.items() if k in known.attrs and known.attrs[k] != v}
            if clash:
                errors.append(
                    SourceError(
                        path,
                        line_of(row),
                        sorted(clash)[0],
                        f"{section} {entity_id!r} is already defined differently at "
                        f"{known.path}:{known.line}",
                    )
                )
                continue
            known.attrs.update(attrs)
            known.synonyms.extend(s for s in synonyms if s not in known.synonyms)

    def index(self, errors: list[SourceError]) -> None:
        """Build the name indexes, reporting any name that two entities of a section share."""
        for section, entities in self.by_section.items():
            index = NameIndex(section.rstrip("s").replace("-", " "))
            seen: dict[str, Entity] = {}
            for entity in entities.values():
                for name in entity.names():
                    key = normalize(name)
                    other = seen.setdefault(key, entity)
                    if other is not entity:
                        errors.append(
                            SourceError(
                                entity.path,
                                entity.line,
                                "synonyms",
                                f"name {name!r} is also used by {section} {other.id!r}",
                            )
                        )
                index.add(entity.id, entity.names())
            self.indexes[section] = index
        registries: dict[str, Entity] = {}
        for trial in self.by_section["trials"].values():
            registry_id = trial.attrs.get("registry_id")
            if registry_id is None:
                continue
            other = registries.setdefault(str(registry_id), trial)
            if other is not trial:
                errors.append(
                    SourceError(
                        trial.path,
                        trial.line,
                        "registry_id",
                        f"{registry_id} is already the registry id of trial {other.id!r} "
                        f"({other.path}:{other.line}); one trial is one entity: add this "
                        "one's names as synonyms of that one",
                    )
                )

    def resolve(self, name: Any, sections: tuple[str, ...]) -> tuple[str, str]:
        """The (section, id) a name refers to, searching `sections` in order."""
        if not isinstance(name, str) or not name.strip():
            raise UnknownName(" or ".join(sections), str(name), [])
        suggestions: list[str] = []
        for section in sections:
            try:
                return section, self.indexes[section].lookup(name)
            except UnknownName as miss:
                suggestions.extend(miss.suggestions)
        kind = " or ".join(s.rstrip("s").replace("-", " ") for s in sections)
        raise UnknownName(kind, name, suggestions[:5])
