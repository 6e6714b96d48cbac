"""Unit and property-based tests of kodaira_analysis.japanese."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kodaira_analysis.japanese import (
    era_year_label,
    format_oku_yen,
    normalize_text,
    parse_amount,
    parse_as_of,
    parse_count,
    parse_date,
    parse_fiscal_year_range,
    parse_quantity,
    western_year,
)
from kodaira_analysis.japanese.dates import ERAS

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("平成23年度", 2011),
        ("平成 26 年度", 2014),
        ("Ｈ２６", 2014),
        ("h26", 2014),
        ("H元年", 1989),
        ("平成元年度", 1989),
        ("令和元年度", 2019),
        ("R5", 2023),
        ("昭和64年", 1989),
        ("S40", 1965),
        ("平成32年度", 2020),
        ("2014年度", 2014),
        ("２０１４年", 2014),
    ],
)
def test_western_year(label, year):
    assert western_year(label) == year


def test_western_year_default_era():
    assert western_year("27年度", default_era="平成") == 2015
    with pytest.raises(ValueError, match="default_era"):
        western_year("27年度")


@pytest.mark.parametrize("label", ["", "年度", "天保3年", "平成", "H0", "平成0年度", "X26", "平成26年度末度", None, 26])
def test_western_year_rejects(label):
    with pytest.raises(ValueError):
        western_year(label)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("H28.4.1", date(2016, 4, 1)),
        ("（H24.4.1）", date(2012, 4, 1)),
        ("平成23年1月1日現在", date(2011, 1, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R2/2/29", date(2020, 2, 29)),
        ("2016-04-01", date(2016, 4, 1)),
    ],
)
def test_parse_date(label, expected):
    assert parse_date(label) == expected


@pytest.mark.parametrize("label", ["H28.2.30", "H27.2.29", "H28.13.1", "H28.4", "平成28年4月", "Q28.4.1", "28.4.1"])
def test_parse_date_rejects(label):
    with pytest.raises(ValueError, match=label.replace(".", r"\.")):
        parse_date(label)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("（23決算）", date(2012, 3, 31)),
        ("(27年決算）", date(2016, 3, 31)),
        ("（27年度末）", date(2016, 3, 31)),
        ("平成28年3月末現在", date(2016, 3, 31)),
        ("平成28年2月末", date(2016, 2, 29)),
        ("（H28.4.1）", date(2016, 4, 1)),
    ],
)
def test_parse_as_of(label, expected):
    assert parse_as_of(label, default_era="平成") == expected


@pytest.mark.parametrize(
    ("text", "million_yen"),
    [
        ("884百万円", 884.0),
        ("約8億8千4百万円", 884.0),
        ("23.6億円", 2360.0),
        ("３２３．２億円", 32320.0),
        ("1,500千円", 1.5),
        ("△1,500千円", -1.5),
        ("▲2億円", -200.0),
        ("-3百万円", -3.0),
        ("1,000,000円", 1.0),
        ("5万円", 0.05),
        ("三百万円", 3.0),
        ("1兆円", 1_000_000.0),
    ],
)
def test_parse_amount(text, million_yen):
    assert parse_amount(text) == pytest.approx(million_yen)


@pytest.mark.parametrize(
    "text", ["12.3", "億円", "8億9億円", "5万3億円", "百千円", "1,2,3", "abc円", "1.2.3億円", "", "△", "百万円", "万円"]
)
def test_parse_amount_rejects(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_parse_quantity_units_and_comparators():
    assert parse_quantity("95.0%以下").comparator == "<="
    assert parse_quantity("30億円以上").comparator == ">="
    assert parse_quantity("932人").unit == "persons"
    assert parse_quantity("1,234人").value == 1234
    assert parse_quantity("22％を超える") == parse_quantity("22%超")
    with pytest.raises(ValueError):
        parse_quantity("以下")


def test_parse_count_and_range():
    assert parse_count("１,２３４") == 1234
    with pytest.raises(ValueError):
        parse_count("1.5")
    assert parse_fiscal_year_range("平成29年度～32年度") == (2017, 2020)
    assert parse_fiscal_year_range("平成30年度~令和2年度") == (2018, 2020)
    with pytest.raises(ValueError):
        parse_fiscal_year_range("平成29年度")


def test_normalize_text_mends_extraction():
    assert normalize_text("尐子高齢化") == "少子高齢化"
    assert normalize_text("ＰＤＣＡ\u3000サイクル") == "PDCA サイクル"


# ---------------------------------------------------------------- properties

years = st.integers(min_value=1868, max_value=2100)


@given(years, st.sampled_from(["年度", "年", "年度末"]), st.booleans())
def test_era_label_round_trip(year, suffix, full_width):
    label = era_year_label(year, suffix=suffix)
    if full_width:
        label = label.translate(FULL_WIDTH)
    assert western_year(label) == year


@given(st.dates(min_value=date(1926, 12, 25), max_value=date(2099, 12, 31)), st.sampled_from([".", "/", "年"]))
def test_date_round_trip(day, separator):
    era = next(e.name for e in ERAS if e.first_day <= day and (e.last_day is None or day <= e.last_day))
    era_label = era_year_label(day.year, suffix="", era=era)  # the era in force that day, not that year
    if separator == "年":
        label = f"{era_label}年{day.month}月{day.day}日"
    else:
        label = f"{era_label}{separator}{day.month}{separator}{day.day}"
    assert parse_date(label.replace("元", "1")) == day


amounts = st.decimals(min_value=-(10**7), max_value=10**7, places=1, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_amount_round_trip_oku(amount):
    million_yen = float(amount) * 100  # one decimal of 億円 = whole 百万円 x10
    assert parse_amount(format_oku_yen(million_yen, decimals=1)) == pytest.approx(million_yen, abs=1e-6)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([("千円", 1e-3), ("百万円", 1.0), ("円", 1e-6)]))
def test_amount_round_trip_units(number, unit):
    suffix, scale = unit
    assert parse_amount(f"{number:,}{suffix}") == pytest.approx(number * scale)


@settings(max_examples=300)
@given(st.text(max_size=20))
@pytest.mark.parametrize(
    "parser",
    [
        western_year,
        parse_date,
        parse_amount,
        parse_quantity,
        parse_count,
        parse_fiscal_year_range,
        lambda t: parse_as_of(t, default_era="平成"),
    ],
)
def test_parsers_raise_only_value_error(parser, text):
    try:
        parser(text)
    except ValueError as exc:
        assert repr(text)[:10] in str(exc) or text == ""  # names its input


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            "平成令和昭HRS元0123456789０１２３４５６７８９年度末月日.／/()（）決算現在億万千百円△,%％人以下内超 "
        ),
        max_size=14,
    )
)
@pytest.mark.parametrize(
    "parser",
    [
        western_year,
        parse_date,
        parse_amount,
        parse_quantity,
        parse_count,
        parse_fiscal_year_range,
        lambda t: parse_as_of(t, default_era="平成"),
    ],
)
def test_parsers_on_near_miss_text(parser, text):
    try:
        parser(text)
    except ValueError:
        pass


@given(st.text(max_size=30))
def test_normalize_text_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFKC", once)
