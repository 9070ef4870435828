from __future__ import annotations

import pytest

from kg.names import THREE_LETTER, NameIndex, UnknownName, normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("G1202R", "p.Gly1202Arg"),
        ("ALK G1202R", "alk g1202r"),
        ("PF-06463922", "pf06463922"),
        ("PROFILE 1014", "profile-1014"),
        ("p.(Leu1196Met)", "L1196M"),
    ],
)
def test_spellings_people_type_fold_together(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_distinct_things_stay_distinct() -> None:
    assert normalize("G1269A/S") != normalize("G1269A")
    assert normalize("L1196M + C1156Y") != normalize("L1196M")


def test_a_miss_suggests_close_names() -> None:
    index = NameIndex("drug")
    index.add("ceritinib", ["ceritinib", "LDK378"])
    assert index.lookup("ldk-378") == "ceritinib"
    with pytest.raises(UnknownName, match="ceritinib"):
        index.lookup("ceritnib")


@pytest.mark.parametrize(("one", "three"), sorted(THREE_LETTER.items()))
def test_every_residue_the_graph_writes_in_hgvs_reads_back(one: str, three: str) -> None:
    """The loaders write `p.Gly1202Arg` with the same table that folds it back to `G1202R`."""
    assert normalize(f"p.{three}1202{three}") == normalize(f"{one}1202{one}")


def test_the_residue_table_is_the_twenty_amino_acids() -> None:
    assert len(THREE_LETTER) == 20 and len(set(THREE_LETTER.values())) == 20
