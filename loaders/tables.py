"""Read the curated source tables and check every row before anything becomes RDF.

A row that is wrong in any way (a missing field, a number that is not one, a name nobody knows, a
quote that is not in the paper) is reported with its file, line and field, and the build stops:
a graph that silently lacks a row is worse than no new graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import SourceError, SourceErrors
from kg.names import AmbiguousName, NameIndex, UnknownName, normalize
from loaders.quotes import occurs_in

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

AGENT_CLASSES = (
    "alk-inhibitor",
    "chemotherapy",
    "immune-checkpoint-inhibitor",
    "egfr-inhibitor",
    "vegf-inhibitor",
    "hsp90-inhibitor",
    "src-inhibitor",
    "mtor-inhibitor",
    "met-inhibitor",
    "kinase-inhibitor",
    "cyp3a-inhibitor",
    "cyp3a-inducer",
    "other-agent",
)
VARIANT_KINDS = (
    "missense",
    "insertion",
    "compound",
    "group",
    "fusion",
    "amplification",
    "rearrangement",
)
MECHANISM_CLASSES = (
    "secondary-mutation",
    "amplification",
    "bypass-track",
    "emt",
    "histologic-transformation",
    "pharmacokinetic",
    "fusion-loss",
    "unknown",
)


# --- YAML with line numbers ---------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every mapping and of each of its keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
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


def _line(row: dict[str, Any], key: str | None = None) -> int | None:
    if key is not None and key in row.get("__lines__", {}):
        return row["__lines__"][key]
    return row.get("__line__")


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith("__")}


# --- entities -----------------------------------------------------------------------------


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
        if self.section == "variants" and short_form and self.label.startswith(f"{gene} "):
            names.append(self.label[len(gene) + 1 :])  # "G1202R" for "ALK G1202R"
        return names


_ENTITY_REQUIRED = {"id", "label"}
_ENTITY_CHECKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "agents": ("class", AGENT_CLASSES),
    "variants": ("kind", VARIANT_KINDS),
    "mechanisms": ("class", MECHANISM_CLASSES),
}


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
                    SourceError(path, _line(row), sorted(missing)[0], "required field missing")
                )
                continue
            if section in _ENTITY_CHECKS:
                key, allowed = _ENTITY_CHECKS[section]
                if row.get(key) not in allowed:
                    errors.append(
                        SourceError(
                            path,
                            _line(row, key),
                            key,
                            f"{row.get(key)!r} is not one of {', '.join(allowed)}",
                        )
                    )
                    continue
            synonyms = row.get("synonyms") or []
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                errors.append(SourceError(path, _line(row, "synonyms"), "synonyms", "not a list"))
                continue
            attrs = {k: v for k, v in _fields(row).items() if k not in {"id", "label", "synonyms"}}
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
                    _line(row),
                )
                continue
            # The same entity declared again (by another paper): merge names, refuse conflicts.
            clash = {k for k, v in attrs.items() if k in known.attrs and known.attrs[k] != v}
            if clash:
                errors.append(
                    SourceError(
                        path,
                        _line(row),
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


# --- claims -------------------------------------------------------------------------------

AGENTISH = ("agents", "substances")


@dataclass(frozen=True)
class Ref:
    """A field naming an entity of one of `sections`."""

    sections: tuple[str, ...]
    many: bool = False


@dataclass(frozen=True)
class Enum:
    values: tuple[str, ...]


NUMBER, INTEGER, TEXT, BOOL, ARMS = "number", "integer", "text", "bool", "arms"

EVIDENCE = Enum(("clinical", "cell-line", "in-vivo", "case-report", "biochemical", "not-stated"))
UNITS = Enum(
    ("percent", "months", "weeks", "days", "years", "ratio", "mg", "mg/m2", "AUC", "cells")
)
LEVEL = Enum(("A", "B", "C", "D", "E", "review"))
"""CIViC's evidence levels A-E, plus `review`: the paper asserts it without showing its evidence."""
DIRECTION = Enum(("supports", "does-not-support"))
LEVELLED = frozenset({"activity", "outcome", "resistance"})
"""Claim kinds that must say how strongly they are known (`level`)."""

COMMON: dict[str, Any] = {
    "locator": TEXT,
    "quote": TEXT,
    "note": TEXT,
    "id": TEXT,
    "flag": Enum(("source-error",)),
    "correction": "correction",
    "level": LEVEL,
    "direction": DIRECTION,
}

KINDS: dict[str, tuple[dict[str, Any], set[str]]] = {
    # kind: (fields, required fields)
    "activity": (
        {
            "agent": Ref(AGENTISH),
            "variant": Ref(("variants",)),
            "activity": Enum(("sensitive", "resistant", "reduced", "not-tested")),
            "evidence": EVIDENCE,
            "model": TEXT,
            "measure": TEXT,
            "population": TEXT,
        },
        {"agent", "variant", "activity", "evidence"},
    ),
    "alias": ({"agent": Ref(AGENTISH), "alias": TEXT}, {"agent", "alias"}),
    "target": (
        {"agent": Ref(AGENTISH), "target": Ref(("genes", "variants")), "evidence": EVIDENCE},
        {"agent", "target"},
    ),
    "agent-property": (
        {
            "agent": Ref(AGENTISH),
            "property": Enum(
                ("cns-penetration", "cns-activity", "pgp-substrate", "generation", "mechanism")
            ),
            "value": TEXT,
            "evidence": EVIDENCE,
        },
        {"agent", "property", "value"},
    ),
    "dose": (
        {
            "agent": Ref(AGENTISH),
            "dose": NUMBER,
            "unit": UNITS,
            "schedule": TEXT,
            "trial": Ref(("trials",)),
            "context": TEXT,
        },
        {"agent", "dose", "unit"},
    ),
    "approval": (
        {
            "agent": Ref(AGENTISH),
            "agency": TEXT,
            "year": INTEGER,
            "kind": Enum(("accelerated", "full", "conditional")),
            "setting": TEXT,
        },
        {"agent", "agency"},
    ),
    "interaction": (
        {
            "agent": Ref(AGENTISH),
            "interactor": Ref(AGENTISH),
            "effect": Enum(
                ("increases-exposure", "decreases-exposure", "increases-effect", "avoid")
            ),
            "mechanism": TEXT,
            "recommendation": TEXT,
        },
        {"agent", "interactor", "effect"},
    ),
    "variant-region": (
        {
            "variant": Ref(("variants",)),
            "region": Enum(
                (
                    "gatekeeper",
                    "solvent-front",
                    "atp-pocket",
                    "c-helix",
                    "activation-loop",
                    "kinase-domain",
                    "other",
                )
            ),
            "detail": TEXT,
        },
        {"variant", "region"},
    ),
    "resistance": (
        {
            "mechanism": Ref(("mechanisms",)),
            "agent": Ref(AGENTISH),
            "setting": Enum(("acquired", "primary")),
            "share": NUMBER,
            "count": INTEGER,
            "total": INTEGER,
            "share_text": TEXT,
            "genes": Ref(("genes",), many=True),
        },
        {"mechanism"},
    ),
    "combination": (
        {
            "mechanism": Ref(("mechanisms",)),
            "variant": Ref(("variants",)),
            "agent": Ref(AGENTISH),
            "partners": Ref(AGENTISH, many=True),
            "status": Enum(("proposed", "preclinical", "in-trial", "clinical")),
        },
        {"partners"},
    ),
    "fusion": (
        {
            "partner": Ref(("genes",)),
            "disease": Ref(("diseases",)),
            "share": NUMBER,
            "share_text": TEXT,
            "variants": TEXT,
        },
        {"partner", "disease"},
    ),
    "prevalence": (
        {
            "alteration": Ref(("variants",)),
            "disease": Ref(("diseases",)),
            "share_low": NUMBER,
            "share_high": NUMBER,
            "population": TEXT,
        },
        {"alteration", "disease"},
    ),
    "diagnostic": (
        {
            "method": Enum(("FISH", "IHC", "RT-PCR", "NGS", "liquid-biopsy", "rebiopsy", "CTC")),
            "finding": TEXT,
            "threshold": NUMBER,
            "unit": UNITS,
            "approved": BOOL,
        },
        {"method", "finding"},
    ),
    "strategy": (
        {
            "situation": Enum(
                (
                    "oligoprogression",
                    "systemic-progression",
                    "cns-progression",
                    "progression",
                    "first-line",
                    "crizotinib-refractory",
                    "after-next-generation-inhibitor",
                    "diagnosis",
                )
            ),
            "recommendation": Enum(
                (
                    "local-ablative-therapy",
                    "continue-tki",
                    "switch-inhibitor",
                    "chemotherapy",
                    "immunotherapy",
                    "rebiopsy",
                    "combination",
                    "dose-escalation",
                    "alk-inhibitor",
                    "alk-testing",
                )
            ),
            "stance": Enum(("recommends", "advises-against", "reports")),
            "after": Ref(AGENTISH),
            "variant": Ref(("variants",)),
            "mechanism": Ref(("mechanisms",)),
            "agents": Ref(AGENTISH, many=True),
            "guideline": TEXT,
            "population": TEXT,
        },
        {"situation", "recommendation", "stance"},
    ),
    "natural-history": (
        {
            "topic": Enum(
                (
                    "brain-metastases-at-diagnosis",
                    "brain-metastases-on-treatment",
                    "cns-progression",
                    "time-to-acquired-resistance",
                    "response-duration",
                    "other",
                )
            ),
            "finding": TEXT,
            "agent": Ref(AGENTISH),
            "disease": Ref(("diseases",)),
            "value": NUMBER,
            "value_low": NUMBER,
            "value_high": NUMBER,
            "unit": UNITS,
            "n": INTEGER,
            "population": TEXT,
            "approximate": BOOL,
        },
        {"topic", "finding"},
    ),
    "design-intent": (
        {
            "agent": Ref(AGENTISH),
            "variant": Ref(("variants",)),
            "mechanism": Ref(("mechanisms",)),
            "detail": TEXT,
        },
        {"agent"},
    ),
    "trial": (
        {
            "trial": Ref(("trials",)),
            "registry_id": TEXT,
            "phase": TEXT,
            "design": TEXT,
            "line": TEXT,
            "population": TEXT,
            "n": INTEGER,
            "arms": ARMS,
        },
        {"trial"},
    ),
    "outcome": (
        {
            "trial": Ref(("trials",)),
            "arm": TEXT,
            "comparator": TEXT,
            "endpoint": Enum(
                (
                    "ORR",
                    "DCR",
                    "PFS",
                    "OS",
                    "OS-1y",
                    "DoR",
                    "TTR",
                    "IC-ORR",
                    "IC-DCR",
                    "IC-PFS",
                    "IC-TTP",
                    "TTF",
                )
            ),
            "statistic": Enum(("proportion", "median", "hazard-ratio", "rate")),
            "value": NUMBER,
            "unit": UNITS,
            "ci_low": NUMBER,
            "ci_high": NUMBER,
            "ci_level": NUMBER,
            "p_value": NUMBER,
            "p_relation": Enum(("<", "=", ">", "<=")),
            "n": INTEGER,
            "population": TEXT,
            "approximate": BOOL,
            "time_point": NUMBER,
            "time_unit": Enum(("weeks", "months", "years")),
            "report": TEXT,
        },
        {"trial", "endpoint", "statistic", "value", "unit"},
    ),
    "adverse-event": (
        {
            "agent": Ref(AGENTISH),
            "event": Ref(("adverse-events",)),
            "grade": Enum(("any", "3-4", "3-5", "3", "4", "5")),
            "percent": NUMBER,
            "trial": Ref(("trials",)),
            "arm": TEXT,
            "n": INTEGER,
        },
        {"agent", "event", "grade", "percent"},
    ),
    "ae-management": (
        {
            "agent": Ref(AGENTISH),
            "event": Ref(("adverse-events",)),
            "action": Enum(
                (
                    "monitor",
                    "dose-reduction",
                    "interruption",
                    "discontinuation",
                    "supportive-care",
                    "avoid",
                )
            ),
            "detail": TEXT,
        },
        {"agent", "event", "action"},
    ),
}

_CORRECTION_FIELDS = {"field", "value", "reason", "source"}


@dataclass
class Claim:
    """One checked row of a paper table: names resolved to entity ids, numbers typed."""

    kind: str
    seed: str
    values: dict[str, Any]
    path: str
    line: int | None
    id: str = ""

    @property
    def flagged(self) -> bool:
        return self.values.get("flag") == "source-error"


@dataclass
class Paper:
    seed: str
    path: str
    omitted: list[dict[str, Any]]


@dataclass
class Publication:
    """One source paper as `publications.yaml` describes it."""

    seed: str
    label: str
    title: str
    citation: str
    where_seen: str
    doi: str | None = None
    pmid: str | None = None


@dataclass
class Tables:
    """Everything the build needs, checked."""

    entities: Entities
    papers: list[Paper]
    claims: list[Claim]
    publications: list[Publication] = field(default_factory=list)


PUBLICATIONS_FILE = "publications.yaml"
_PUBLICATION_REQUIRED = ("seed", "label", "title", "citation", "where_seen")
_PUBLICATION_OPTIONAL = ("doi", "pmid")


def read_publications(
    path: Path, seeds: set[str], errors: list[SourceError], known: set[str] | None = None
) -> list[Publication]:
    """The papers' bibliographic rows, each field checked, and one row for every paper.

    `seeds` are the papers that need a row; `known` also counts paper tables that could not be
    read (named after their seed), so that one broken table is reported once, not twice.
    """
    known = seeds | (known or set())
    try:
        doc = read_yaml(path)
    except SourceError as exc:
        errors.append(exc)
        return []
    except FileNotFoundError:
        errors.append(SourceError(path, None, None, "file not found"))
        return []
    rows = doc.get("publications") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        errors.append(SourceError(path, None, "publications", "expected a list of publications"))
        return []
    publications = []
    mentioned: set[str] = set()  # a row with a problem still names its paper
    for row in rows:
        if not isinstance(row, dict):
            errors.append(SourceError(path, None, "publications", f"expected a mapping: {row!r}"))
            continue
        fields = _fields(row)
        mentioned.add(str(fields.get("seed")))
        problems = [
            SourceError(path, _line(row), name, "required field missing")
            for name in _PUBLICATION_REQUIRED
            if fields.get(name) in (None, "")
        ] + [
            SourceError(path, _line(row, name), name, "unknown field for a publication")
            for name in fields
            if name not in _PUBLICATION_REQUIRED + _PUBLICATION_OPTIONAL
        ]
        if fields.get("seed") and str(fields["seed"]) not in known:
            problems.append(
                SourceError(
                    path, _line(row, "seed"), "seed", f"no paper table has seed {fields['seed']!r}"
                )
            )
        if problems:
            errors.extend(problems)
            continue
        publications.append(
            Publication(
                **{k: str(fields[k]) for k in _PUBLICATION_REQUIRED},
                **{k: str(fields[k]) for k in _PUBLICATION_OPTIONAL if fields.get(k)},
            )
        )
    for seed in sorted(seeds - mentioned):
        errors.append(SourceError(path, None, "seed", f"no publication row for paper {seed}"))
    return publications


def _check_value(spec: Any, value: Any, entities: Entities) -> Any:
    """Type one field's value, or raise ValueError / UnknownName with a readable message."""
    if isinstance(spec, Ref):
        if spec.many:
            if not isinstance(value, list) or not value:
                raise ValueError("expected a non-empty list of names")
            return [entities.resolve(v, spec.sections) for v in value]
        return entities.resolve(value, spec.sections)
    if isinstance(spec, Enum):
        if str(value) not in spec.values:
            raise ValueError(f"{value!r} is not one of {', '.join(spec.values)}")
        return str(value)
    if spec == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        return value
    if spec == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value
    if spec == BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if spec == TEXT:
        if isinstance(value, dict | list) or value is None or str(value).strip() == "":
            raise ValueError(f"expected text, got {value!r}")
        return str(value)
    raise AssertionError(spec)


def _check_arms(value: Any, entities: Entities) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("expected a list of arms")
    arms = []
    for arm in value:
        if not isinstance(arm, dict) or "arm" not in arm or "regimen" not in arm:
            raise ValueError(f"each arm needs 'arm' and 'regimen', got {_fields(arm)!r}")
        regimen = arm["regimen"] if isinstance(arm["regimen"], list) else [arm["regimen"]]
        checked = {
            "arm": _check_value(TEXT, arm["arm"], entities),
            "regimen": [entities.resolve(r, AGENTISH) for r in regimen],
        }
        if arm.get("dose") is not None:
            checked["dose"] = _check_value(TEXT, arm["dose"], entities)
        if arm.get("n") is not None:
            n = _check_value(INTEGER, arm["n"], entities)
            checked["n"] = n
        unknown = set(_fields(arm)) - {"arm", "regimen", "dose", "n"}
        if unknown:
            raise ValueError(f"unknown arm field(s) {sorted(unknown)}")
        arms.append(checked)
    return arms


def _check_correction(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping with field, value, reason, source")
    fields = _fields(value)
    missing = _CORRECTION_FIELDS - fields.keys()
    if missing:
        raise ValueError(f"correction lacks {sorted(missing)}")
    return {k: str(v) for k, v in fields.items() if k in _CORRECTION_FIELDS}


_NOT_HASHED = frozenset({"note", "correction", "flag", "level", "direction", "report"})


def _claim_id(kind: str, seed: str, values: dict[str, Any]) -> str:
    """A stable id from the row's content, so the same row keeps its IRI across builds.

    What qualifies a claim without changing what it states (the curator's note, a flag, the
    evidence level and direction, the report it comes from) stays out of the hash: grading a
    claim must not give it a new IRI. A row whose statement is edited keeps its IRI by an `id`.
    """
    if "id" in values:
        return str(values["id"])
    payload = {k: v for k, v in values.items() if k not in _NOT_HASHED}
    digest = hashlib.sha1(
        json.dumps([kind, seed, payload], sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"{seed[:3]}-{kind}-{digest[:10]}"


def check_claim(
    kind: str, row: Any, seed: str, path: Path, entities: Entities, seed_path: Path | None
) -> tuple[Claim | None, list[SourceError]]:
    """Check one row; return the claim, or the errors that stop it."""
    if not isinstance(row, dict):
        return None, [SourceError(path, None, kind, f"expected a mapping, got {row!r}")]
    spec, required = KINDS[kind]
    errors: list[SourceError] = []
    values: dict[str, Any] = {}
    for name in sorted(required | {"locator", "quote"}):
        if row.get(name) in (None, "", []):
            errors.append(SourceError(path, _line(row), name, "required field missing"))
    for name, raw in _fields(row).items():
        field_spec = spec.get(name, COMMON.get(name))
        if raw is None:
            continue
        try:
            if field_spec is None:
                raise ValueError(f"unknown field for a {kind!r} row")
            if field_spec == ARMS:
                values[name] = _check_arms(raw, entities)
            elif field_spec == "correction":
                values[name] = _check_correction(raw)
            else:
                values[name] = _check_value(field_spec, raw, entities)
        except (ValueError, UnknownName, AmbiguousName) as exc:
            errors.append(SourceError(path, _line(row, name), name, str(exc)))
    if "quote" in values and seed_path is not None and not occurs_in(values["quote"], seed_path):
        errors.append(
            SourceError(path, _line(row, "quote"), "quote", f"does not occur in {seed_path.name}")
        )
    if kind in LEVELLED and row.get("level") in (None, ""):
        errors.append(SourceError(path, _line(row), "level", "required: A, B, C, D, E or review"))
    if kind == "outcome" and values.get("statistic") == "rate" and "time_point" not in values:
        errors.append(
            SourceError(path, _line(row), "time_point", "a rate needs the time point it is at")
        )
    if ("time_point" in values) != ("time_unit" in values):
        errors.append(
            SourceError(path, _line(row), "time_unit", "time_point and time_unit go together")
        )
    if values.get("flag") and "correction" not in values:
        errors.append(SourceError(path, _line(row, "flag"), "correction", "a flag needs one"))
    if kind in ("combination", "design-intent") and not ({"mechanism", "variant"} & values.keys()):
        errors.append(SourceError(path, _line(row), "mechanism", "name a mechanism or variant"))
    for low, high in (
        ("ci_low", "ci_high"),
        ("share_low", "share_high"),
        ("value_low", "value_high"),
    ):
        if low in values and high in values and values[low] > values[high]:
            errors.append(SourceError(path, _line(row, low), low, f"{low} > {high}"))
    if errors:
        return None, errors
    claim = Claim(kind, seed, values, str(path), _line(row))
    claim.id = _claim_id(kind, seed, values)
    return claim, []


def load(tables: Path, seeds: Path | None) -> Tables:
    """Read and check every table under `tables`; raise SourceErrors listing all problems.

    `seeds` is the folder of seed papers that quotes are checked against (None skips that check,
    for an installed copy that has no papers).
    """
    errors: list[SourceError] = []
    entities = Entities()
    documents: list[tuple[Path, dict[str, Any]]] = []
    entity_file = tables / "entities.yaml"
    paper_files = sorted((tables / "papers").glob("*.yaml"))
    for path in [entity_file, *paper_files]:
        try:
            doc = read_yaml(path)
        except SourceError as exc:
            errors.append(exc)
            continue
        except FileNotFoundError:
            errors.append(SourceError(path, None, None, "file not found"))
            continue
        if not isinstance(doc, dict):
            errors.append(SourceError(path, None, None, "expected a mapping at the top level"))
            continue
        documents.append((path, doc))
        sections = _fields(doc) if path == entity_file else _fields(doc.get("entities") or {})
        for section, rows in sections.items():
            entities.add_section(path, section, rows, errors)
    entities.index(errors)

    papers: list[Paper] = []
    claims: list[Claim] = []
    ids: dict[str, Claim] = {}
    for path, doc in documents:
        if path == entity_file:
            continue
        seed = doc.get("seed")
        if not isinstance(seed, str) or not seed.endswith(".txt"):
            errors.append(SourceError(path, _line(doc, "seed"), "seed", "name the seed file"))
            continue
        seed_path = seeds / seed if seeds is not None else None
        if seed_path is not None and not seed_path.is_file():
            errors.append(SourceError(path, _line(doc, "seed"), "seed", f"{seed_path} not found"))
            continue
        unknown = set(_fields(doc)) - {"seed", "entities", "omitted", "claims"}
        if unknown:
            errors.append(SourceError(path, None, sorted(unknown)[0], "unknown top-level key"))
        omitted = []
        for entry in doc.get("omitted") or []:
            if not isinstance(entry, dict) or not {"locator", "reason"} <= entry.keys():
                line = _line(entry) if isinstance(entry, dict) else _line(doc, "omitted")
                errors.append(
                    SourceError(path, line, "omitted", "each entry needs locator and reason")
                )
                continue
            omitted.append({"locator": str(entry["locator"]), "reason": str(entry["reason"])})
        papers.append(Paper(seed, str(path), omitted))
        for kind, rows in _fields(doc.get("claims") or {}).items():
            if kind not in KINDS:
                errors.append(SourceError(path, None, kind, f"unknown claim kind {kind!r}"))
                continue
            if not isinstance(rows, list):
                errors.append(SourceError(path, None, kind, "expected a list of rows"))
                continue
            for row in rows:
                claim, row_errors = check_claim(kind, row, seed, path, entities, seed_path)
                errors.extend(row_errors)
                if claim is None:
                    continue
                twin = ids.get(claim.id)
                if twin is not None:
                    errors.append(
                        SourceError(
                            path,
                            claim.line,
                            "id",
                            f"duplicate of the row at {twin.path}:{twin.line} ({claim.id})",
                        )
                    )
                    continue
                ids[claim.id] = claim
                claims.append(claim)
    _check_arm_references(claims, errors)
    publications = read_publications(
        tables / PUBLICATIONS_FILE,
        {paper.seed for paper in papers},
        errors,
        known={f"{path.stem}.txt" for path in paper_files},
    )
    if errors:
        raise SourceErrors(errors)
    return Tables(entities, papers, claims, publications)


def _check_arm_references(claims: list[Claim], errors: list[SourceError]) -> None:
    """An outcome's arm must be an arm that some `trial` row declares for that trial."""
    arms: dict[str, set[str]] = {}
    for claim in claims:
        if claim.kind == "trial":
            trial = claim.values["trial"][1]
            arms.setdefault(trial, set()).update(a["arm"] for a in claim.values.get("arms", []))
    for claim in claims:
        if claim.kind not in {"outcome", "adverse-event"} or "trial" not in claim.values:
            continue
        trial = claim.values["trial"][1]
        for key in ("arm", "comparator"):
            arm = claim.values.get(key)
            if arm is not None and arm not in arms.get(trial, set()):
                known = ", ".join(sorted(arms.get(trial, set()))) or "none declared"
                errors.append(
                    SourceError(
                        claim.path,
                        claim.line,
                        key,
                        f"trial {trial!r} has no arm {arm!r} (known: {known})",
                    )
                )
