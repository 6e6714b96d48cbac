"""Every indicator's unit in ssdse/indicators.csv agrees with what its Japanese name in every edition counts.

A710201 一般世帯人員数 (members of private households) was recorded in households; it counts persons (Kodaira,
2020 census: 193,499 members against 91,125 households). The names are read from the files' third header row with
the csv module alone; SSDSE-A prints no unit row, so the unit is read from the name's counting word (and, for the
finance columns, the shared README's "in thousand yen").
"""

from __future__ import annotations

import csv

import pytest

from kodaira_analysis.ssdse import catalogue
from tests.conftest import _ssdse_rows, require_shared_ssdse, ssdse_column

#: The end of a name (its parenthesised qualifiers taken off) and the unit it counts in; the first match wins.
COUNTING_WORDS = [
    (
        (
            "人員数",
            "人口",
            "人口総数",
            "者数",
            "者総数",
            "員数",
            "児童数",
            "生徒数",
            "児数",
            "師数",
            "出生数",
            "死亡数",
        ),
        "persons",
    ),
    (("世帯数",), "households"),
    (("農家数",), "farm households"),
    (("件数",), "cases"),
    (("面積",), "hectares"),
    (("事業所数", "事業所総数", "店数"), "establishments"),
    (("学校数", "幼稚園数"), "schools"),
    (("病院数", "診療所数", "館数", "保育所等数"), "facilities"),
    (("比率",), "percent"),
    (("総額", "税", "費"), "thousand yen"),
]


def _without_qualifiers(name: str) -> str:
    """'従業者数（民営）（サービス業（他に分類されないもの））' -> '従業者数': trailing （…） groups, nested ones too."""
    while name.endswith("）"):
        depth = 0
        for i in range(len(name) - 1, -1, -1):
            depth += {"）": 1, "（": -1}.get(name[i], 0)
            if depth == 0:
                name = name[:i]
                break
        else:
            raise AssertionError(f"unbalanced brackets in {name!r}")
    return name


def _unit_of(name: str) -> str | None:
    stem = _without_qualifiers(name)
    return next((unit for ends, unit in COUNTING_WORDS if stem.endswith(ends)), None)


@pytest.mark.parametrize(
    ("name", "unit"),
    [("一般世帯人員数", "persons"), ("一般世帯数", "households"), ("高齢単身世帯数（６５歳以上の者１人）", "households"),
     ("従業者数（民営）（サービス業（他に分類されないもの））", "persons"), ("事業所数（民営）（漁業）", "establishments"),
     ("歳入決算総額（市町村財政）", "thousand yen"), ("夫65歳以上、妻60歳以上の夫婦のみの世帯数", "households")],
)  # fmt: skip
def test_the_counting_word_of_a_name(name, unit):
    assert _unit_of(name) == unit


def test_every_indicators_unit_is_what_its_name_counts_in_every_edition():
    require_shared_ssdse()
    units = catalogue.indicators()["unit_in_file"].to_dict()
    wrong, unread = [], []
    for rows in _ssdse_rows():
        edition = rows[0][0] or rows[1][0]
        for code, name in zip(rows[0][3:], rows[2][3:], strict=True):
            read = _unit_of(name)
            if read is None:
                unread.append((edition, code, name))
            elif read != units.get(code):
                wrong.append((edition, code, name, units.get(code), read))
    assert not unread, unread
    assert not wrong, wrong


def test_members_of_private_households_outnumber_households_in_kodaira():
    members, households = ssdse_column("A710201")["13211"][2020], ssdse_column("A710101")["13211"][2020]
    assert (members, households) == (193499, 91125)
    units = catalogue.indicators()
    assert units.at["A710201", "unit"] == "persons" and units.at["A710101", "unit"] == "households"


def test_the_rule_reads_the_shared_readme_as_thousand_yen_for_revenue():
    readme = (require_shared_ssdse() / "README.md").read_text(encoding="utf-8")
    assert "D3201 total revenue in thousand yen" in " ".join(readme.split())
    with catalogue.INDICATORS_FILE.open(encoding="utf-8") as handle:
        revenue = next(row for row in csv.DictReader(handle) if row["indicator_code"] == "D3201")
    assert revenue["unit_in_file"] == "thousand yen"


def test_each_indicators_japanese_name_is_the_newest_editions_header():
    import unicodedata

    require_shared_ssdse()
    newest: dict[str, str] = {}
    for rows in _ssdse_rows():  # oldest edition first: the newest one that has the code wins
        for code, name in zip(rows[0][3:], rows[2][3:], strict=True):
            newest[code] = unicodedata.normalize("NFKC", name)
    recorded = catalogue.indicators()["indicator_ja"].to_dict()
    assert recorded == newest
    assert recorded["A710201"] == "一般世帯人員数" and recorded["A1301"] == "15歳未満人口"  # NFKC: full-width digits
