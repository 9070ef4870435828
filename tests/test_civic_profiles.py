"""Molecular profile names are parsed into expressions, as CIViC writes them, never guessed."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from shared_data import CIVIC_EXPORT

from loaders.civic.profiles import (
    And,
    Fusion,
    Mutation,
    Not,
    Or,
    OtherVariant,
    Profile,
    ProfileError,
    parse_profile,
    profile_name,
)


def export_path() -> Path:
    """The shared CIViC export (read-only, never copied into the repository)."""
    path = CIVIC_EXPORT
    if not path.is_file():
        pytest.fail(f"the CIViC export is needed ({path}, or ALKKG_CIVIC_EXPORT)")
    return path


def export_names() -> list[str]:
    return [n["molecularProfile"]["name"] for n in json.loads(export_path().read_text())]


EML4_ALK = Fusion("EML4", "ALK")
ANY_ALK = Fusion(None, "ALK")

# One name of each shape in the export, with the exact expression it stands for.
SHAPES: dict[str, Profile] = {
    "v::ALK Fusion": ANY_ALK,
    "EML4::ALK Fusion": EML4_ALK,
    "NPM1::ALK Fusion": Fusion("NPM1", "ALK"),
    "EML4::ALK e6::e20": Fusion("EML4", "ALK", ("e6", "e20")),
    "ALK F1174L": Mutation("ALK", "F1174L"),
    "ALK I1171": Mutation("ALK", "I1171"),
    "EML4::ALK Fusion AND ALK G1202R": And((EML4_ALK, Mutation("ALK", "G1202R"))),
    "ALK G1202R AND v::ALK Fusion": And((Mutation("ALK", "G1202R"), ANY_ALK)),
    "ALK I1171N AND HIP1::ALK Fusion": And((Mutation("ALK", "I1171N"), Fusion("HIP1", "ALK"))),
    "EML4::ALK Fusion AND ALK G1202R AND ALK I1171N AND ALK L1196M": And(
        (
            EML4_ALK,
            Mutation("ALK", "G1202R"),
            Mutation("ALK", "I1171N"),
            Mutation("ALK", "L1196M"),
        )
    ),
    "EML4::ALK Fusion AND ALK T1151dup": And((EML4_ALK, Mutation("ALK", "T1151dup"))),
    "EML4::ALK Fusion AND ALK Amplification": And((EML4_ALK, OtherVariant("ALK", "Amplification"))),
    "v::ALK Fusion OR v::ROS1 Fusion": Or((ANY_ALK, Fusion(None, "ROS1"))),
    "FUS::TFCP2 Fusion AND ALK Exon 2-18 Deletion": And(
        (Fusion("FUS", "TFCP2"), OtherVariant("ALK", "Exon 2-18 Deletion"))
    ),
    "ALK Mutation": OtherVariant("ALK", "Mutation"),
    "ALK Alternative Transcript (ATI)": OtherVariant("ALK", "Alternative Transcript (ATI)"),
    "ALK Exon 4-11 Deletion": OtherVariant("ALK", "Exon 4-11 Deletion"),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_parses_to_its_expression(name: str) -> None:
    assert parse_profile(name) == SHAPES[name]


def shape(profile: Profile) -> str:
    """A coarse name for a profile's shape, to count the export's."""
    if isinstance(profile, Fusion):
        if profile.exons:
            return "fusion with exons"
        return "fusion, any partner" if profile.five_prime is None else "named fusion"
    if isinstance(profile, Mutation):
        if profile.position_only:
            return "position only"
        return "duplication" if profile.change.endswith("dup") else "point mutation"
    if isinstance(profile, OtherVariant):
        return f"other variant ({profile.name})"
    if isinstance(profile, Or):
        return "OR"
    if isinstance(profile, Not):
        return "NOT"
    fusions = [p for p in profile.parts if isinstance(p, Fusion)]
    mutations = [p for p in profile.parts if isinstance(p, Mutation)]
    if len(fusions) == 1 and fusions[0].three_prime != "ALK":
        return "other-gene fusion AND ALK variant"
    if len(fusions) == 1 and len(mutations) == len(profile.parts) - 1:
        if len(mutations) == 1:
            dup = mutations[0].change.endswith("dup")
            return "duplication in fusion context" if dup else "mutation in fusion context"
        return "compound mutation in fusion context"
    return "fusion AND other ALK variant"


def test_every_export_name_parses_and_round_trips() -> None:
    """All 146 items' names parse; writing the expression back gives CIViC's name exactly."""
    names = export_names()
    assert len(names) == 146
    for name in names:
        assert profile_name(parse_profile(name)) == name
    items_by_shape = Counter(shape(parse_profile(n)) for n in names)
    assert items_by_shape == {
        "fusion, any partner": 37,
        "named fusion": 18,
        "fusion with exons": 13,
        "point mutation": 19,
        "position only": 7,
        "mutation in fusion context": 33,
        "duplication in fusion context": 4,
        "compound mutation in fusion context": 5,
        "fusion AND other ALK variant": 3,
        "OR": 1,
        "other-gene fusion AND ALK variant": 2,
        "other variant (Mutation)": 1,
        "other variant (Alternative Transcript (ATI))": 2,
        "other variant (Exon 4-11 Deletion)": 1,
    }
    assert {shape(p) for p in SHAPES.values()} == set(items_by_shape)


def test_parentheses_group_as_civic_writes_them() -> None:
    """CIViC writes a nested group after the group's variants, in spaced parentheses."""
    name = "ALK G1202R AND ( ALK L1196M OR NOT ALK C1156Y )"
    expected = And(
        (
            Mutation("ALK", "G1202R"),
            Or((Mutation("ALK", "L1196M"), Not(Mutation("ALK", "C1156Y")))),
        )
    )
    assert parse_profile(name) == expected
    assert profile_name(expected) == name


def test_parentheses_glued_to_words_are_grouping_but_variant_names_keep_theirs() -> None:
    glued = parse_profile("(ALK G1202R OR ALK L1196M) AND EML4::ALK Fusion")
    assert glued == And((Or((Mutation("ALK", "G1202R"), Mutation("ALK", "L1196M"))), EML4_ALK))
    in_name = parse_profile("( ALK Alternative Transcript (ATI) OR ALK Mutation )")
    assert in_name == Or(
        (OtherVariant("ALK", "Alternative Transcript (ATI)"), OtherVariant("ALK", "Mutation"))
    )


def test_not_is_kept_not_dropped() -> None:
    assert parse_profile("EML4::ALK Fusion AND NOT ALK G1202R") == And(
        (EML4_ALK, Not(Mutation("ALK", "G1202R")))
    )


def test_an_unknown_partner_on_either_side_is_none_not_a_gene_called_v() -> None:
    assert parse_profile("ALK::v Fusion") == Fusion("ALK", None)
    assert profile_name(Fusion("ALK", None)) == "ALK::v Fusion"


def test_position_only_is_told_from_a_change() -> None:
    assert Mutation("ALK", "I1171").position_only
    assert not Mutation("ALK", "I1171N").position_only
    assert not Mutation("ALK", "T1151dup").position_only


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        ("ALK", "no variant name"),
        ("EML4::ALK Fusion AND", "ends where a variant is expected"),
        ("ALK G1202R AND ALK L1196M OR ALK C1156Y", "AND and OR are mixed"),
        ("( ALK G1202R OR ALK L1196M", "not closed"),
        ("ALK G1202R )", "unexpected ')'"),
        ("AND ALK G1202R", "unexpected 'AND'"),
        ("v::v Fusion", "neither partner"),
        ("EML4::ALK Breakpoint", "neither 'Fusion' nor exons"),
    ],
)
def test_unreadable_names_raise_a_value_error_saying_why(name: str, problem: str) -> None:
    with pytest.raises(ProfileError, match=re.escape(problem)) as caught:
        parse_profile(name)
    assert isinstance(caught.value, ValueError)
    assert caught.value.name == name
