"""Issue 12 over the real data: the plan-period series and the summary against SSDSE-A read directly.

The expected values are computed here from the published CP932 CSVs with the
csv module alone, never through the library's reader.
"""

from __future__ import annotations

import csv

import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import period
from kodaira_analysis.topics import summary
from tests.conftest import require_shared_ssdse


def _direct(code: str) -> dict[int, float]:
    """Kodaira's (R13211) value of one SSDSE-A column in every edition, by data year (newest edition wins)."""
    folder = require_shared_ssdse()
    out: dict[int, float] = {}
    for path in sorted(folder.glob("SSDSE-A-20*.csv")):
        with path.open(encoding="cp932", newline="") as f:
            rows = list(csv.reader(f))
        codes, years = rows[0], rows[1]
        if code not in codes:
            continue
        i = codes.index(code)
        kodaira = next(r for r in rows[3:] if r[0] == "R13211")
        out[int(years[i])] = float(kodaira[i].replace(",", ""))
    return out


@pytest.fixture(scope="module")
def table():
    require_shared_ssdse()
    return ka.load("ssdse")


def test_fiscal_series_equals_the_published_columns(table):
    series = period.fiscal_series(table).pivot(index="year", columns="measure", values="value")
    population = _direct("A1101")
    for measure, code in [("current_balance_ratio", "D2203"), ("real_debt_service_ratio", "D2211")]:
        for year, value in _direct(code).items():
            assert series.loc[year, measure] == pytest.approx(value), (measure, year)
    for measure, code in [("revenue", "D3201"), ("expenditure", "D3203"), ("local_taxes", "D320101")]:
        for year, value in _direct(code).items():
            assert series.loc[year, measure] == pytest.approx(value / 1000), (measure, year)  # thousand -> million yen
    welfare, expenditure = _direct("D320303"), _direct("D3203")
    assert series.loc[2020, "welfare_share"] == pytest.approx(welfare[2020] / expenditure[2020] * 100)
    assert series.loc[2019, "expenditure_per_resident"] == pytest.approx(expenditure[2019] / population[2015])
    assert series.loc[2020, "expenditure_per_resident"] == pytest.approx(expenditure[2020] / population[2020])
    assert series.loc[2014, "current_balance_ratio"] == 93.9, "the plan's own figure before SSDSE-A's"


def test_population_change_and_households(table):
    change = period.population_change(table).set_index("year")
    births, deaths, moves_in, moves_out = (_direct(c) for c in ("A4101", "A4200", "A5101", "A5102"))
    for year in deaths:
        assert change.loc[year, "natural_change"] == births[year] - deaths[year]
    for year in moves_in:
        assert change.loc[year, "social_change"] == moves_in[year] - moves_out[year]
    assert pd_isna(change.loc[2024, "births"]), "a year SSDSE-A does not hold is missing, never 0"
    households = period.elderly_households(table).set_index("census_year")
    assert households.loc[2020, "aged_65_alone"] == _direct("A8301")[2020] == 9666
    assert households.loc[2015, "households"] == _direct("A7101")[2015]


def pd_isna(value) -> bool:
    return value != value


def test_staffing_is_never_joined(table):
    staff = period.staffing_series(table)
    assert set(staff["measure"]) == {"staff_quota", "admin_staff"}
    admin = staff[staff["measure"] == "admin_staff"].set_index("year")
    assert admin["value"].to_dict() == _direct("D1202")
    assert staff.query("measure == 'staff_quota'")["source"].eq("plan").all()


def test_summary_agrees_with_assess_targets_and_ssdse(table):
    assessment = ka.assess_targets()
    for lang in ("ja", "en"):
        frame = summary.targets_frame(assessment, ka.load("targets"), lang)
        assert len(frame) == 6
        judged = frame.iloc[:, 2].tolist()
        assert judged[1] == f"{_direct('D2203')[2015]:.1f}%"  # the FY2015 settlement, from SSDSE-A
    sentences = summary.period_sentences(table, "en")
    revenue = _direct("D3201")
    assert f"+{(revenue[2020] / revenue[2019] - 1) * 100:.1f}%" in sentences
    alone = _direct("A8301")
    assert f"{alone[2015]:,.0f} households to {alone[2020]:,.0f}" in sentences
    births, deaths = _direct("A4101"), _direct("A4200")
    natural = sum(deaths[y] - births[y] for y in range(2017, 2021))
    assert f"deaths exceeded births by {natural:,.0f} persons" in sentences


def test_index_rows_agree_with_assess_targets(table):
    from kodaira_analysis.reports.index import _target_rows

    assessment = ka.assess_targets()
    rows = _target_rows(assessment)
    assert rows[1]["latest"] == f"{_direct('D2203')[2015]:.1f}%" and "2015" in rows[1]["latest_year_en"]
    assert [r["status_en"] for r in rows] == [summary.STATUS_LABELS["en"][s] for s in assessment["status"]]
    assert rows[1]["verdict_en"] == "later official data" and rows[5]["verdict_en"] == "our projection"
