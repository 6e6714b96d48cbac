"""Issue 12 over the real data: the plan-period series and the summary against SSDSE-A read directly.

The expected values are computed here from the published CP932 CSVs with the
csv module alone, never through the library's reader.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import period, period_compare
from kodaira_analysis.topics import summary
from tests.conftest import require_shared_ssdse, ssdse_column, summary_period_views


def _direct(code: str) -> dict[int, float]:
    """Kodaira's (13211) value of one SSDSE-A column in every edition, by data year (newest edition wins)."""
    return ssdse_column(code)["13211"]


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
    sentences = summary_period_views(table, "en")[2]
    revenue = _direct("D3201")
    assert f"+{(revenue[2020] / revenue[2019] - 1) * 100:.1f}%" in sentences
    alone = _direct("A8301")
    assert f"{alone[2015]:,.0f} households to {alone[2020]:,.0f}" in sentences
    births, deaths = _direct("A4101"), _direct("A4200")
    natural = sum(deaths[y] - births[y] for y in range(2017, 2021))
    assert f"deaths exceeded births by {natural:,.0f} persons" in sentences


def test_index_rows_agree_with_assess_targets(table, tmp_path):
    from bs4 import BeautifulSoup

    from kodaira_analysis.reports.index import write_index

    assessment = ka.assess_targets()
    page = BeautifulSoup(write_index(tmp_path, [], {"reports": {}}, assessment), "html.parser")
    rows = [
        {cell["data-label"]: (cell.contents[0].strip(), cell.small.get_text()) for cell in row.find_all("td")}
        for row in page.select("tr[class^=target-]")
    ]
    judged, status, whose = "評価に用いた実績 Result judged", "評価 Verdict", "判断の主体 Whose verdict"
    assert rows[1][judged][0].startswith(f"{_direct('D2203')[2015]:.1f}%") and "2015" in rows[1][judged][1]
    # the plan judged the two funds and the general-account debt (targets for the end of FY2015) on end-FY2014
    # results: the verdict cell says which result, in both languages; whose verdict stays in its own column
    assert [r[status] for r in rows] == [
        ("未達成", "Not met"),
        ("達成", "Met"),
        *[("達成（2014年度末の実績による）", "Met on the end-FY2014 result")] * 3,
        ("判定なし（実績は市の決算で公表）", "Not judged (the city publishes the actual)"),
    ]
    assert [r[whose][1] for r in rows[2:5]] == ["The plan's statement"] * 3
    assert (
        rows[1][whose][1]
        == "This project, on later official statistics (SSDSE-A); the plan, too, reports it met on the FY2014 settlement"
        and rows[5][whose]
        == (
            "なし（プランは判定を記載せず、本プロジェクトは推計では判定しない）",
            "No one: the plan prints no verdict, and this project does not judge on a projection",
        )
    )


def _direct_all(code: str) -> dict[str, dict[int, float]]:
    """Every municipality's value of one SSDSE-A column: code -> {data year: value} (newest edition wins)."""
    return ssdse_column(code)


def _tama() -> list[str]:
    """The 26 Tama cities, as the project's peer-group file lists them."""
    groups = Path(period.__file__).with_name("peer_groups.csv")
    with groups.open(encoding="utf-8") as f:
        return [r["municipality_code"] for r in csv.DictReader(f) if r["group"] == "tama26"]


def _median(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def test_plan_period_fiscal_tables(table):
    from kodaira_analysis.topics import period_fiscal, period_resident

    fiscal = period.fiscal_series(table)
    revenue, expenditure, taxes, welfare = (_direct(c) for c in ("D3201", "D3203", "D320101", "D320303"))
    money = period_fiscal.money_table(fiscal, "en").frame.set_index("Fiscal year (settled)")
    assert (
        money.loc["FY2020", "Total settled revenue"] == f"¥{revenue[2020] / 1e6:,.2f} billion"
    )  # thousand yen -> billion
    assert money.loc["FY2017", "Local taxes"] == f"¥{taxes[2017] / 1e6:,.2f} billion"
    assert money.loc["FY2018", "Plan period"] == "during" and money.loc["FY2021", "Plan period"] == "after"
    ja = period_fiscal.money_table(fiscal, "ja").frame.set_index("年度（決算）")
    assert ja.loc["2020（令和2）年度", "歳出決算総額"] == f"{expenditure[2020] / 1e5:,.1f}億円"
    shares = period_resident.welfare_table(fiscal, "en").frame.set_index("Fiscal year (settled)")
    for year in range(2015, 2023):
        assert (
            shares.loc[f"FY{year}", "Welfare share of expenditure"] == f"{welfare[year] / expenditure[year] * 100:.1f}%"
        )
    ratios = period_fiscal.ratios_table(fiscal, "en").frame.set_index("Fiscal year (settled)")
    assert ratios.loc["FY2011", "Real debt-service ratio"] == "—", "a year SSDSE-A does not hold is blank, never 0"
    assert ratios.loc["FY2019", "Real debt-service ratio"] == f"{_direct('D2211')[2019]:.1f}%"
    assert ratios.loc["FY2014", "Source"] == "Plan"
    jump = period_fiscal.jump_sentence(table, fiscal, "en")
    assert f"+{(expenditure[2020] / expenditure[2019] - 1) * 100:.1f}%" in jump and "gives no reason" in jump


def test_per_resident_against_the_tama_median(table):
    from kodaira_analysis.topics import period_resident

    fiscal = period.fiscal_series(table)
    medians = period_compare.tama_medians(table, fiscal)
    spending, population = _direct_all("D3203"), _direct_all("A1101")
    for year, census in ((2019, 2015), (2020, 2020)):
        per_resident = [spending[c][year] / population[c][census] for c in _tama()]  # thousand yen per resident
        assert medians[("expenditure_per_resident", year)] == pytest.approx(_median(per_resident))
    frame = period_resident.per_resident_frame(fiscal, medians, "en")
    row = frame[(frame["Measure"] == "Welfare per resident") & (frame["Fiscal year (settled)"] == "FY2020")].iloc[0]
    assert row["Kodaira"] == f"¥{_direct('D320303')[2020] / _direct('A1101')[2020]:,.1f} thousand"
    assert row["Denominator"] == "2020 census"
    assert frame.iloc[4]["Denominator"] == "2015 census"  # revenue per resident FY2019


def test_staff_per_1000_against_the_tama_median(table):
    from kodaira_analysis.topics import period_staffing

    staff = period.staffing_series(table)
    per_1000 = period_compare.staff_per_1000(table, staff).set_index("year")
    admin, population = _direct_all("D1202"), _direct_all("A1101")
    for year in _direct("D1202"):
        values = {c: admin[c][year] / population[c][2020] * 1000 for c in _tama()}
        assert per_1000.loc[year, "per_1000"] == pytest.approx(values["13211"])
        assert per_1000.loc[year, "median"] == pytest.approx(_median(list(values.values())))
        assert per_1000.loc[year, "rank"] == 1 + sum(v < values["13211"] for v in values.values())
    chart_rows = period_staffing.staff_table(staff, "en").frame
    assert set(chart_rows["Measure"]) == {"Staff quota (plan)", "General-administration staff (SSDSE-A)"}
    sentence = period_staffing.per_1000_sentence(per_1000.reset_index(), "en")
    assert "in 2024" in sentence and "1 April" not in sentence, "SSDSE-A gives the staff count's year, no survey date"


def test_population_tables(table):
    from kodaira_analysis.topics import population

    change = period.population_change(table)
    frame = population.change_table(change, "en").frame.set_index("Calendar year")
    births, deaths, moves_in, moves_out = (_direct(c) for c in ("A4101", "A4200", "A5101", "A5102"))
    for year in deaths:
        assert frame.loc[year, "Natural change"] == f"{births[year] - deaths[year]:+,.0f} persons"
    assert frame.loc[2024, "Births"] == "—", "a year SSDSE-A does not hold is blank, never 0"
    sentence = population.change_sentence(change, "en")
    social = sum(moves_in[y] - moves_out[y] for y in range(2017, 2021))
    assert f"social change {social:+,.0f} persons" in sentence
    alone, aged65 = _direct("A8301"), _direct("A1303")
    households = population.alone_table(period.elderly_households(table), "en").frame
    assert households["One-person households aged 65+"].tolist() == [
        f"{alone[y]:,.0f} households" for y in (2015, 2020)
    ]
    assert households["Per 100 residents aged 65+"].tolist() == [
        f"{alone[y] / aged65[y] * 100:.1f}" for y in (2015, 2020)
    ]


def test_births_deaths_and_moves_are_said_as_the_calendar_years_the_catalogue_gives():
    """population.py says 'calendar years' of these four: the words hang on the catalogue's year_kind."""
    from kodaira_analysis.topics import population

    with (Path(ka.__file__).parent / "ssdse" / "indicators.csv").open(encoding="utf-8") as f:
        kinds = {row["indicator_code"]: row["year_kind"] for row in csv.DictReader(f)}
    assert {kinds[code] for code in ("A4101", "A4200", "A5101", "A5102")} == {"calendar year"}
    values = {"first": 2015, "last": 2022, "social_first_year": 2015, "social_last_year": 2023, "natural": "5",
              "social": "6", **{f"{kind}_{key}": "1" for kind in ("natural", "social")
                                for key in ("sign", "lead", "high", "high_year", "low", "low_year", "next")}}  # fmt: skip
    assert "暦年" in population.CHANGE.say("ja", **values) and "calendar years" in population.CHANGE.say("en", **values)
    assert "3か月" in population.CHANGE_PERIOD.say("ja", **values)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_welfare_sentence_links_to_the_fiscal_report(table, lang):
    """The cross-reference is a link (the runner makes it travel), never its Markdown shown as text (a reader saw it)."""
    from kodaira_analysis.topics import population

    said = str(population.welfare_link(period.fiscal_series(table), lang))
    assert f"](01-fiscal-trends-{lang}.html)" in said and "\\[" not in said and "\\]" not in said


def test_figure_5_caption_says_the_largest_rise_and_every_year_after_it():
    import pandas as pd

    from kodaira_analysis.topics.period_fiscal import _money_caption

    def frame(values: dict[int, float]) -> pd.DataFrame:
        return pd.DataFrame({"measure": "expenditure", "year": list(values), "value": list(values.values())})

    ja, en = _money_caption(frame({2018: 100.0, 2019: 100.0, 2020: 137.0, 2021: 117.0, 2022: 129.0}))
    assert ja.endswith("歳出は2020年度に前年度から37%増え、2021～2022年度も2019年度を上回る"), ja
    assert en.endswith("expenditure rose 37% in FY2020 and stayed above FY2019 in FY2021-FY2022"), en
    _, en = _money_caption(frame({2018: 100.0, 2019: 100.0, 2020: 137.0, 2021: 117.0, 2022: 99.0}))
    assert en.endswith("rose 37% in FY2020"), "one later year back below FY2019: the years after are not said"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_targets_heading_and_caption_say_assessment_in_english_too(tmp_path, lang):
    """The index heading 「…の評価」 and 01's caption 「…の評価（一覧）」 read only 'at a glance' in English."""
    from bs4 import BeautifulSoup

    from kodaira_analysis.reports.index import write_index
    from kodaira_analysis.topics import targets

    assessment = ka.assess_targets()
    page = BeautifulSoup(write_index(tmp_path, [], {"reports": {}}, assessment), "html.parser")
    heading = next(h for h in page.find_all("h2") if "数値目標" in h.get_text())
    assert "の評価" in heading.contents[0] and heading.small.get_text().startswith("Assessment of ")
    caption = targets.targets_table(assessment, lang).caption
    assert (
        ("の評価（一覧）" in caption) if lang == "ja" else ("assessment of" in caption and "(at a glance)" in caption)
    )
