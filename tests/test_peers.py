"""Report 05 over the real data: ranks, medians, ties, a municipality outside its group, every year.

The expected values are computed here from the published CP932 CSVs with the
csv module alone, never through the library's reader.
"""

from __future__ import annotations

import csv
import re
import statistics

import pytest
from matplotlib.text import Text

import kodaira_analysis as ka
from kodaira_analysis.analysis import peer_data, peers
from kodaira_analysis.errors import ParameterError
from kodaira_analysis.present import style
from kodaira_analysis.present.parameters import check_parameters
from kodaira_analysis.topics import peer_charts, peer_tables
from kodaira_analysis.topics import peers as topic
from tests.conftest import require_shared_ssdse, ssdse_column

TAMA = [row["municipality_code"] for row in csv.DictReader(peer_data.PEER_GROUPS_FILE.open(encoding="utf-8"))]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _direct(code: str) -> dict[int, dict[str, float]]:
    """One SSDSE-A column for every municipality, by data year (the newest edition wins): {year: {'13211': v}}."""
    out: dict[int, dict[str, float]] = {}
    for city, years in ssdse_column(code).items():
        for year, value in years.items():
            out.setdefault(year, {})[city] = value
    return out


@pytest.fixture(scope="module")
def table():
    require_shared_ssdse()
    return ka.load("ssdse")


@pytest.fixture(scope="module")
def measured(table):
    return peers.peer_measures("tama26", "13211", 2024, table)


def _row(frame, measure: str, code: str = "13211"):
    rows = frame[(frame["measure"] == measure) & (frame["municipality_code"] == code)]
    assert len(rows) == 1, (measure, code)
    return rows.iloc[0]


def test_current_balance_ratio_ranks_from_the_lowest(measured):
    values = {code: v for code, v in _direct("D2203")[2022].items() if code in TAMA}
    assert len(values) == 26
    kodaira = _row(measured, "current_balance_ratio")
    assert kodaira["year"] == 2022 and kodaira["value"] == values["13211"] == 85.2
    assert kodaira["rank"] == 1 + sum(v < values["13211"] for v in values.values()) == 5
    assert kodaira["group_median"] == pytest.approx(statistics.median(values.values()))
    assert topic.fmt(kodaira["value"], "current_balance_ratio") == "85.2", "one decimal, as SSDSE-A prints it"


def test_staff_per_1000_divides_by_the_2020_census_and_ranks_from_the_lowest(measured):
    staff, census = _direct("D1202")[2024], _direct("A1101")[2020]
    values = {code: staff[code] / census[code] * 1000 for code in TAMA}
    kodaira = _row(measured, "staff_per_1000")
    assert kodaira["year"] == 2024 and kodaira["census_year"] == 2020
    assert kodaira["value"] == pytest.approx(values["13211"])
    assert kodaira["rank"] == 1 + sum(v < values["13211"] for v in values.values()) == 1, "as 02 counts it"
    assert kodaira["group_median"] == pytest.approx(statistics.median(values.values()))
    assert kodaira["favourable"] == "none"
    births = _row(measured, "births_per_1000")
    assert births["year"] == 2023
    assert births["value"] == pytest.approx(_direct("A4101")[2023]["13211"] / census["13211"] * 1000)


def test_ageing_shares_divide_by_the_residents_of_known_age(measured, table):
    """The census counts some residents whose age was not stated (14% in one Tama city in 2015, 4% in 2020): the
    shares leave them out of the denominator, and a city missing any part of it has no share at all."""
    parts = [_direct(code)[2020] for code in ("A1301", "A1302", "A1303")]
    known = {code: sum(part[code] for part in parts) for code in TAMA}
    aged = _direct("A1303")[2020]
    values = {code: aged[code] / known[code] * 100 for code in TAMA}
    assert any(_direct("A1101")[2020][code] - known[code] > 0.03 * known[code] for code in TAMA), (
        "not a rounding matter"
    )
    kodaira = _row(peers.peer_measures("tama26", "13211", 2020, table), "aged_65_share")
    assert kodaira["census_year"] == 2020 and kodaira["value"] == pytest.approx(values["13211"])
    assert kodaira["group_median"] == pytest.approx(statistics.median(values.values()))
    assert "年齢不詳" in peer_data.MEASURES["aged_65_share"].method_ja
    without = table[~((table["municipality_code"] == "13211") & (table["indicator_code"] == "A1302"))]
    from kodaira_analysis.analysis.peer_ranks import census_rows

    rows = census_rows(without, ("A1301", "A1302", "A1303"))
    assert "13211" not in set(rows["municipality_code"]), "a sum with a part missing is missing, not partial"
    assert len(rows[rows["year"] == 2020]) >= 26


def test_a_tie_is_shown_as_a_tie(measured):
    values = {code: v for code, v in _direct("D2211")[2022].items() if code in TAMA}
    tied = sorted(code for code, v in values.items() if v == values["13211"])
    assert tied == ["13202", "13211"], "Kodaira and Tachikawa, 1.9% each"
    kodaira = _row(measured, "real_debt_service_ratio")
    assert kodaira["rank"] == _row(measured, "real_debt_service_ratio", "13202")["rank"]
    assert kodaira["rank"] == 1 + sum(v < values["13211"] for v in values.values()) == 17
    assert kodaira["tied_with"] == "13202"
    group = peers.describe_group("tama26", "13211", None)
    names = {"13202": ("立川市", "Tachikawa")}
    assert topic.rank_text(kodaira, names, group, "ja") == "26市中17位（低い方から・立川市と同率）"
    assert topic.rank_text(kodaira, names, group, "en") == "17 of 26 from the lowest, tied with Tachikawa"
    assert topic.fmt(kodaira["group_median"], "real_debt_service_ratio", median=True) == "1.25"
    ranking = peer_tables.ranking_table(measured, "real_debt_service_ratio", group, "en", number=4).frame
    assert ranking[ranking["City"].str.contains("Kodaira")]["Rank"].item() == "17 (tied)"


def test_directions_are_data_with_their_source():
    frame = peer_data.directions()
    assert set(frame.index) == set(peer_data.MEASURES)
    directed = {
        "current_balance_ratio": "lower",
        "real_debt_service_ratio": "lower",
        "fiscal_capability_index": "higher",
    }
    assert frame["favourable"][frame["favourable"] != "none"].to_dict() == directed
    assert frame[["reading_ja", "reading_en", "source_ja", "source_en"]].notna().all().all()
    assert topic.direction_text("staff_per_1000", "en") == "no favourable direction; ranked from the lowest"


def test_a_municipality_outside_the_group_is_placed_without_a_rank(table, measured):
    chiyoda = peers.peer_measures("tama26", "13101", 2024, table)
    subject = chiyoda[chiyoda["is_subject"]]
    assert not subject["in_group"].any() and subject["rank"].isna().all()
    assert set(chiyoda.loc[chiyoda["in_group"], "municipality_code"]) == set(TAMA), "the group stays the 26"
    assert set(subject["of"]) == {26}
    for measure in peer_data.measures_from("ssdse"):  # the SSDSE-A table alone: MIC's are in test_peer_mic
        assert _row(chiyoda, measure, "13101")["group_median"] == _row(measured, measure)["group_median"]
        assert _row(chiyoda, measure, "13211")["rank"] == _row(measured, measure)["rank"], "ranks unchanged"
    group = peers.describe_group("tama26", "13101", table)
    name = peers.municipality_names("13101", table)
    assert name == ("千代田区", "Chiyoda")
    assert topic.title(group, name, "en") == "Chiyoda against the 26 Tama cities"
    assert "Chiyoda is not one of the 26 Tama cities" in topic.intro("tama26", group, name, "en")
    assert "千代田区は多摩26市に含まれない" in topic.intro("tama26", group, name, "ja")


def test_unknown_municipality_names_what_is_allowed(table):
    with pytest.raises(peer_data.UnknownMunicipalityError, match="'99999' is not in SSDSE-A"):
        peers.peer_measures("tama26", "99999", 2024, table)


def test_year_2015_leaves_out_what_has_no_figure_yet_and_says_so(table):
    missing = peers.measures_without_data(peer_data.measures_from("ssdse"), 2015, table)
    assert missing == {"staff_per_1000": min(_direct("D1202")), "births_per_1000": min(_direct("A4101"))}
    early = peers.peer_measures("tama26", "13211", 2015, table)
    assert set(early["measure"]) == set(peer_data.measures_from("ssdse")) - set(missing)
    assert set(early["year"]) == {2015}
    assert _row(early, "current_balance_ratio")["value"] == _direct("D2203")[2015]["13211"] == 91.8
    sentence = peer_tables.year_sentence(2015, missing, early, "ja")
    assert (
        "人口千人当たり一般行政部門職員数（2021年から）" in sentence
        and "人口千人当たり出生数（2016年から）" in sentence
        and "2015年度（決算）" in sentence
    )


def test_the_year_sentence_names_the_points_the_data_holds_not_the_year_asked(table):
    """Asked for 2024, the settlements reach only the latest fiscal year SSDSE-A holds: the page said 'FY2024'."""
    latest = peers.peer_measures("tama26", "13211", 2024, table)
    last_settled = max(_direct("D2203"))  # the current balance ratio, a settlement: its latest fiscal year
    sentence = peer_tables.year_sentence(2024, {}, latest, "en")
    assert "FY2024" not in sentence and f"FY{last_settled} (settlement)" in sentence, sentence
    assert "1 April 2024" not in sentence, "SSDSE-A gives the staff count's year (2024), no survey date"
    # each point in time is paired with its measures (the page once listed the points with no measure to them)
    assert "general-administration staff per 1,000 residents: 2024 (SSDSE-A's year)" in sentence, sentence
    assert re.search(rf"current balance ratio[^;]*: FY{last_settled} \(settlement\)", sentence), sentence
    ja = peer_tables.year_sentence(2024, {}, latest, "ja")
    assert "人口千人当たり一般行政部門職員数は2024年（SSDSE-Aの年）" in ja, ja
    assert re.search(rf"経常収支比率[^、]*は{last_settled}年度（決算）", ja), ja


@pytest.mark.parametrize("year", range(2015, 2025))
def test_every_year_ssdse_a_holds_is_a_valid_year(table, year):
    frame = peers.peer_measures("tama26", "13211", year, table)
    assert (frame["year"] <= year).all() and frame["is_subject"].sum() == frame["measure"].nunique()


def test_municipality_code_as_a_number_is_the_same_as_text():
    values = {"lang": "en", "peer_group": "tama26", "measures": ["staff_per_1000"], "year": 2024}
    assert check_parameters("05-tama-peers", values | {"municipality_code": 13211})["municipality_code"] == "13211"
    assert check_parameters("05-tama-peers", values | {"municipality_code": 1100})["municipality_code"] == "01100"
    with pytest.raises(ParameterError, match="from 2015 to 2024"):
        check_parameters("05-tama-peers", values | {"municipality_code": "13211", "year": 2014})


def test_trend_summary_follows_the_median_and_the_extremes(table):
    trends = peers.peer_trends("tama26", "13211", 2024, table)
    summary = peers.trend_summary(trends).set_index(["measure", "year"])
    ratios = _direct("D2203")
    assert sorted(summary.loc["current_balance_ratio"].index) == sorted(ratios)
    for year, values in ratios.items():
        tama = {code: v for code, v in values.items() if code in TAMA}
        row = summary.loc[("current_balance_ratio", year)]
        assert row["value"] == tama["13211"]
        assert row["group_median"] == pytest.approx(statistics.median(tama.values()))
        assert row["highest_value"] == max(tama.values()) and row["lowest_value"] == min(tama.values())
    assert summary.loc[("revenue_per_resident", 2019), "census_year"] == 2015
    assert summary.loc[("revenue_per_resident", 2020), "census_year"] == 2020


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_charts_follow_the_house_style(table, measured, lang):
    selected = list(peer_data.MEASURES)
    trends = peers.peer_trends("tama26", "13211", 2024, table)
    group = peers.describe_group("tama26", "13211", table)
    charts = [
        peer_charts.strip_chart(measured, group, lang, selected=selected),
        peer_charts.trend_chart(trends, peers.trend_summary(trends), group, lang, selected=selected),
    ]
    for chart in charts:
        chart.render()
        fig = chart.figure
        assert fig.get_figwidth() <= style.MAX_WIDTH_IN
        small = [
            t.get_text()
            for t in fig.findobj(Text)
            if t.get_text().strip() and style.printed_font_pt(fig, t.get_fontsize()) < 8
        ]
        assert not small
        texts = style.figure_texts(fig)
        assert ("小平市 85.2" if lang == "ja" else "Kodaira 85.2") in texts, "the subject labelled as in the tables"
        if lang == "en":
            assert not [t for t in texts if JAPANESE.search(t)]
    assert "◆が小平市" in charts[0].caption if lang == "ja" else "diamond: Kodaira" in charts[0].caption


@pytest.mark.figures
def test_another_city_s_chart_names_the_band_as_kodaira_s_plan_and_its_prefecture_in_full(table):
    """Ibaraki (Osaka Prefecture): the shaded years are Kodaira's plan, and 'Osaka' alone would name a city too."""
    group = peers.describe_group("prefecture_cities", "27211", table)
    assert re.fullmatch(r"the \d+ cities of Osaka Prefecture", group["en"]), group["en"]
    assert peers.describe_group("prefecture_cities", "11208", table)["en"].endswith("cities of Saitama Prefecture")
    assert peers.describe_group("prefecture_cities", "01202", table)["en"].endswith("cities of Hokkaido")
    trends = peers.peer_trends("prefecture_cities", "27211", 2021, table)
    for lang, said in (("ja", "小平市のプランの期間（2017～2020年度）"), ("en", "Kodaira's plan period (FY2017-FY2020)")):
        chart = peer_charts.trend_chart(
            trends, peers.trend_summary(trends), group, lang, selected=["current_balance_ratio"]
        )
        assert said in chart.caption
        assert said in style.figure_texts(chart.figure), "the legend names it so"
    own = peers.peer_trends("tama26", "13211", 2024, table)
    chart = peer_charts.trend_chart(own, peers.trend_summary(own), group, "en", selected=["current_balance_ratio"])
    assert "Kodaira's plan" not in chart.caption and "the plan period (FY2017-FY2020)" in chart.caption


@pytest.mark.notebooks
def test_notebook_with_a_number_an_outsider_and_the_first_year(tmp_path):
    """municipality_code=13101 given as a number, outside tama26, in 2015: the page says both, and no rank."""
    require_shared_ssdse()
    from kodaira_analysis import paths
    from tests.test_notebooks import outputs_text, run

    nb = run(
        paths.NOTEBOOKS_DIR / "05-tama-peers.ipynb",
        tmp_path / "out.ipynb",
        lang="en",
        municipality_code=13101,
        year=2015,
    )
    text = outputs_text(nb)
    assert "Chiyoda against the 26 Tama cities" in text
    assert "Chiyoda is not one of the 26 Tama cities" in text
    assert "no rank (not one of the 26 Tama cities)" in text
    assert "Measures with no figure up to 2015 are left out" in text and "(from 2021)" in text
    assert "Traceback" not in text and text.count('<figure class="kodaira-figure">') == 2


def test_fiscal_measures_write_their_years_as_fiscal_years():
    """Report 05's tables write FY2020 / 2020年度 for a settlement, a plain year for a census or a count."""
    from kodaira_analysis.analysis.peer_data import MEASURES
    from kodaira_analysis.topics.peer_tables import is_fiscal, year_cell, year_with_kind

    assert {m for m in MEASURES if is_fiscal(m)} == {
        "revenue_per_resident",
        "current_balance_ratio",
        "real_debt_service_ratio",
        "fiscal_capability_index",  # MIC's, a settlement (mic/columns.csv)
    }
    assert year_with_kind(2021, "fiscal_capability_index", "ja") == "2021年度（決算）"
    assert year_with_kind(2021, "laspeyres_index", "ja") == "2021年4月1日現在"
    assert year_with_kind(2021, "laspeyres_index", "en") == "1 April 2021"
    assert [year_cell(2020, True, "ja"), year_cell(2020, False, "en")] == ["2020年度", "2020"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_equal_printed_values_with_different_ranks_are_explained(table, lang):
    """Table 4 of 05 ranked 東久留米市 11th and 調布市 12th, both printed 4.19 (4.1901 and 4.1918): the note now
    says the ranks use the unrounded values and names the cities."""
    measured = peers.peer_measures("tama26", "13211", 2024, table)
    staff = measured[(measured["measure"] == "staff_per_1000") & measured["rank"].notna()]
    shown = staff["value"].map(lambda v: f"{v:.2f}")
    clashes = staff[shown.duplicated(keep=False)].groupby(shown)["rank"].nunique()
    assert (clashes > 1).any(), "the data still has two cities printed alike with different ranks"
    note = peer_tables.ranking_table(measured, "staff_per_1000", {}, lang, number=4).note
    said = ("丸める前の値で付けている", "東久留米市・調布市（いずれも4.19）") if lang == "ja" else (
        "Ranks use the values before rounding", "Higashikurume and Chofu (both 4.19)")  # fmt: skip
    for words in said:
        assert words in note, note
    # a published one-decimal ratio: equal printed values are equal values and share a rank, so nothing is said
    ratio = peer_tables.ranking_table(measured, "current_balance_ratio", {}, lang, number=5).note
    assert "丸める前" not in ratio and "before rounding" not in ratio


def test_the_staff_count_carries_no_date_ssdse_a_does_not_give():
    """The pages said '4月1日の調査' / '2024年4月1日現在' of SSDSE-A's 一般行政部門職員数 (D1202), but SSDSE-A's README
    and header rows give only a year for it (2026 edition: 2024). The catalogue now says 'year as published'."""
    from pathlib import Path

    from kodaira_analysis import paths
    from tests.conftest import require_shared_ssdse

    catalogue = Path(peer_data.__file__).parents[1] / "ssdse" / "indicators.csv"
    with catalogue.open(encoding="utf-8") as f:
        kinds = {r["indicator_code"]: r["year_kind"] for r in csv.DictReader(f)}
    assert kinds["D1202"] == "year as published"
    require_shared_ssdse()  # the shared copy's README: absent beside a clone without ../shared (the test skips)
    readme = (paths.SHARED_DIR / "data" / "ssdse-a" / "README.md").read_text(encoding="utf-8")
    assert "D1202 general-administration staff" in readme and "4月1日" not in readme and "1 April" not in readme


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_introduction_names_ratios_and_indices_beside_per_resident_figures(lang):
    """05's introduction called every measure 「人口当たりの財政指標」 / 'per-resident measures', though the fiscal
    capability and Laspeyres indices and the current balance and real debt-service ratios divide by no one."""
    group = {"ja": "多摩地域26市", "en": "the 26 Tama cities", "in_group": True}
    for words in (topic.intro("tama26", group, ("小平市", "Kodaira"), lang),
                  topic.intro("tama26", {**group, "in_group": False}, ("千代田区", "Chiyoda"), lang)):  # fmt: skip
        assert "人口当たりの財政指標" not in words and "per-resident measures" not in words, words
        kinds = ("人口当たりの数値", "比率", "指数") if lang == "ja" else ("per-resident figures", "ratios", "indices")
        assert all(k in words for k in kinds), words
    # as the measures are: some divide by the census population, some (ratios, indices) are as published
    per_resident = [m for m, s in peer_data.MEASURES.items() if s.denominator and s.unit != "percent"]
    published = {s.unit for s in peer_data.MEASURES.values() if s.denominator is None}
    assert per_resident and {"percent", "ratio", "index_national_100"} <= published
