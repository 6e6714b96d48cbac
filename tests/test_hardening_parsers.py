"""Parsers that refuse rather than guess (issue 29, item 6).

Commas only between groups of three digits, finite figures only, dates that exist in their era (the
eras' first and last days as data, each edge tested), and formula-like cells neutralised in both widths.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kodaira_analysis.japanese import parse_amount, parse_count, parse_date, parse_quantity
from kodaira_analysis.japanese.dates import ERAS, parse_as_of
from kodaira_analysis.plan.excel import FORMULA_LEADS, excel_frame, neutralise_formula


@pytest.mark.parametrize(
    "text", ["1,5億円", "1,50億円", ",5円", "1,,2円", "1,5000円", "12,34円", "1,234.5,6円", "1,円"]
)
def test_a_comma_that_does_not_separate_thousands_is_refused(text):
    with pytest.raises(ValueError, match="comma that does not separate thousands"):
        parse_amount(text)
    with pytest.raises(ValueError):
        parse_quantity(text)


@pytest.mark.parametrize("text", ["1,2項目", ",5", "1,,234"])
def test_a_count_with_a_stray_comma_is_refused(text):
    with pytest.raises(ValueError):
        parse_count(text)


def test_thousands_separators_are_read():
    assert parse_amount("1,500億円") == 150_000.0
    assert parse_amount("△1,200千円") == -1.2
    assert parse_amount("12,345,678円") == 12.345678
    assert parse_amount("１，５００億円") == 150_000.0, "a full-width comma is a comma"
    assert parse_count("1,234項目") == 1234


@given(st.integers(min_value=1, max_value=10**15))
def test_any_grouped_amount_reads_back(n):
    assert parse_amount(f"{n:,}円") == pytest.approx(n / 10**6)
    assert parse_amount(f"{n}円") == parse_amount(f"{n:,}円")


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=2))
def test_a_comma_before_fewer_than_three_digits_is_always_refused(n, digits):
    with pytest.raises(ValueError):
        parse_amount(f"{n},{'5' * digits}円")


@pytest.mark.parametrize("unit", ["円", "億円", "千円"])
@pytest.mark.parametrize("zeros", [330, 400, 5000])
def test_a_figure_too_large_for_a_float_is_refused_not_infinite(unit, zeros):
    with pytest.raises(ValueError, match="too large"):
        parse_amount("8" + "0" * zeros + unit)
    with pytest.raises(ValueError, match="too large"):
        parse_quantity("8" + "0" * zeros + "%")


@given(st.text(alphabet="0123456789,.△円億万千百十", min_size=1, max_size=40))
def test_an_amount_is_finite_or_refused(text):
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert math.isfinite(value)


def _labels(day: date, era: str, first_year: int) -> list[str]:
    year = day.year - first_year + 1
    number = "元" if year == 1 else str(year)
    initial = next(e.initial for e in ERAS if e.name == era)
    labels = [f"{era}{number}年{day.month}月{day.day}日"]
    if year > 1:
        labels.append(f"{initial}{year}.{day.month}.{day.day}")
    return labels


@pytest.mark.parametrize("era", [e for e in ERAS if e.name != "明治"], ids=lambda e: e.name)
def test_each_era_edge_is_accepted_inside_and_refused_outside(era):
    first_year = era.first_day.year
    for label in _labels(era.first_day, era.name, first_year):
        assert parse_date(label) == era.first_day
    for label in _labels(era.first_day - timedelta(days=1), era.name, first_year):
        with pytest.raises(ValueError, match=f"no such date in {era.name}"):
            parse_date(label)
    if era.last_day is not None:
        for label in _labels(era.last_day, era.name, first_year):
            assert parse_date(label) == era.last_day
        for label in _labels(era.last_day + timedelta(days=1), era.name, first_year):
            with pytest.raises(ValueError, match=f"no such date in {era.name}"):
                parse_date(label)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("平成元年1月7日", None),
        ("令和元年4月30日", None),
        ("昭和64年1月8日", None),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("H31.4.30", date(2019, 4, 30)),
        ("H31.5.1", None),
        ("M5.12.31", None),  # before the Gregorian calendar (明治6年)
        ("M6.1.1", date(1873, 1, 1)),
    ],
)
def test_dates_named_in_the_brief(label, expected):
    if expected is None:
        with pytest.raises(ValueError, match="no such date in"):
            parse_date(label)
    else:
        assert parse_date(label) == expected


def test_a_date_that_does_not_exist_at_all_is_refused_as_before():
    with pytest.raises(ValueError, match=r"no such date \(2016-2-30\)"):
        parse_date("H28.2.30")


def test_an_as_of_note_outside_its_era_is_refused():
    with pytest.raises(ValueError, match="no such date in 平成"):
        parse_as_of("平成31年5月末現在")
    with pytest.raises(ValueError, match="no such date in 令和"):
        parse_as_of("令和元年4月1日現在")
    assert parse_as_of("平成31年4月末現在") == date(2019, 4, 30)
    assert parse_as_of("平成32年度末") == date(2021, 3, 31), "a fiscal year past the era's end stays readable"


@given(st.dates(min_value=date(1927, 1, 1), max_value=date(2099, 12, 31)))
def test_every_date_reads_back_in_its_own_era(day):
    era = next(e for e in ERAS if e.first_day <= day and (e.last_day is None or day <= e.last_day))
    for label in _labels(day, era.name, era.first_day.year):
        assert parse_date(label) == day


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"])
def test_every_formula_lead_is_neutralised_in_the_excel_csv(lead):
    frame = pd.DataFrame({"name": [f'{lead}HYPERLINK("http://x")', "plain"], "value": [-1.5, 2.0]})
    excel = excel_frame(frame)
    assert excel.loc[0, "name"] == f'\'{lead}HYPERLINK("http://x")'
    assert excel.loc[1, "name"] == "plain" and excel.loc[0, "value"] == -1.5, "numbers stay numbers"


@given(st.text(max_size=20))
def test_a_cell_is_neutralised_exactly_when_it_starts_like_a_formula(text):
    out = neutralise_formula(text)
    assert out == ("'" + text if text.startswith(FORMULA_LEADS) else text)
