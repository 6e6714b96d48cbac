"""00-summary's section on MIC's five indicators across the three plans (issue 26, Done-when).

Unit tests on small long-run frames pin each plan's figures (a dash is counted, never averaged; a median
with binary noise equal to the figure is 'at'); data tests on the shared MIC files check that every year
FY2005-FY2021 is shown with Kodaira's figure as MIC printed it and its place, and that every plan figure
equals what the yearly rows give.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kodaira_analysis.analysis import mic_long_run as mlr
from kodaira_analysis.analysis import mic_plans
from kodaira_analysis.topics import mic_plans as topic
from tests.conftest import require_shared_mic


def _lr(indicator: str, rows: list[tuple[int, float | None, float | None]]) -> pd.DataFrame:
    """A long-run frame for one indicator: (fiscal year, Kodaira's figure or None for a dash, Tama median or None)."""
    out = []
    for year, value, median in rows:
        out.append(
            {
                "indicator": indicator,
                "fiscal_year": year,
                "value": np.nan if value is None else value,
                "value_printed": "-" if value is None else str(value),
                "no_net_burden": value is None,
                "group_n": 26,
                "group_no_burden": 5 if value is None else 0,
                "group_median": np.nan if median is None else median,
                "group_median_no_burden": median is None,
                "rank_low": 1 if value is None else 10,
                "rank_high": 17,
                "as_of": None,
                "reference_value": np.nan,
                "group_reference_median": np.nan,
            }
        )
    frame = pd.DataFrame(out)
    frame["rank_low"] = frame["rank_low"].astype("Int64")
    return frame


def _plan(stats: pd.DataFrame, indicator: str, plan: str) -> pd.Series:
    return stats[(stats["indicator"] == indicator) & (stats["plan"] == plan)].iloc[0]


def test_plan_figures_from_every_year_of_each_period():
    lr = _lr("current_balance_ratio", [(y, 90.0 + (y - 2007), 92.0) for y in range(2005, 2022)])
    stats = mic_plans.plan_figures(lr)
    first = _plan(stats, "current_balance_ratio", "1")  # FY2007-2010: 90, 91, 92, 93 against 92
    assert (first["printed"], first["years"]) == (4, 4)
    assert (first["first_value"], first["last_value"], first["low"], first["high"]) == (90.0, 93.0, 90.0, 93.0)
    assert first["mean"] == pytest.approx(91.5)
    assert (first["above"], first["below"], first["at"]) == (1, 2, 1)
    third = _plan(stats, "current_balance_ratio", "3")  # FY2017-2020: 100..103, all above
    assert (third["above"], third["below"], third["at"], third["first_value"]) == (4, 0, 0, 100.0)


def test_a_dash_is_counted_and_never_averaged():
    lr = _lr("future_burden_ratio", [(2008, 6.3, 28.1), (2009, 2.7, 28.1), (2010, None, 22.6), (2011, None, None)])
    stats = mic_plans.plan_figures(lr)
    first = _plan(stats, "future_burden_ratio", "1")
    assert first["no_burden"] == 1 and first["printed"] == 3 and first["years"] == 4
    assert np.isnan(first["mean"]), "a year with a dash has no number to average"
    assert first["last_no_burden"] and np.isnan(first["last_value"]) and first["low"] == 2.7
    assert (first["above"], first["below"], first["at"]) == (0, 3, 0)
    second = _plan(stats, "future_burden_ratio", "2")  # a dash against a median on dashes: equal
    assert (second["above"], second["below"], second["at"]) == (0, 0, 1)
    cells = topic.plans_frame(lr, "ja")
    assert "0" not in cells.iloc[0]["最低～最高"].split("～")[0], "the dash is never written as 0"
    assert "－（負担なし）が1年度" in cells.iloc[0]["最低～最高"]


def test_a_median_with_binary_noise_equal_to_the_figure_is_at_it():
    lr = _lr("fiscal_capability_index", [(2011, 0.92, (0.9 + 0.94) / 2)])
    assert (0.9 + 0.94) / 2 != 0.92  # the noise this test is about
    assert mic_plans.against_median(lr) == (0, 0, 1)


def test_span_comes_from_the_data_and_an_empty_frame_has_none():
    assert mic_plans.span(_lr("laspeyres_index", [(2009, 100.0, 100.0), (2014, 99.0, 99.5)])) == (2009, 2014)
    with pytest.raises(ValueError, match="no fiscal year"):
        mic_plans.span(pd.DataFrame({"fiscal_year": []}))


def test_without_mic_the_section_adds_nothing():
    # the section before it says once that MIC's files are absent (test_mic_reports checks the page says it once)
    for lang in ("ja", "en"):
        assert topic.section(None, lang) == ()
        assert topic.section(pd.DataFrame(), lang) == ()


@pytest.fixture(scope="module")
def lr() -> pd.DataFrame:
    require_shared_mic()
    indicators, averages = mlr.load_mic()
    return mlr.long_run(indicators, averages)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_year_is_shown_with_its_plan(lr, lang):
    frame = topic.years_frame(lr, lang)
    first, last = mic_plans.span(lr)
    assert (first, last) == (2005, 2021), "MIC's seventeen editions"
    assert len(frame) == last - first + 1
    plan_col = frame.columns[1]
    plans = dict(zip(range(first, last + 1), frame[plan_col], strict=True))
    assert plans[2006] == "—" and plans[2016] == "—" and plans[2021] == "—"
    assert {plans[y] for y in range(2007, 2011)} == {topic.PLAN_NAMES["1"][0 if lang == "ja" else 1]}
    assert {plans[y] for y in range(2017, 2021)} == {topic.PLAN_NAMES["3"][0 if lang == "ja" else 1]}


def test_yearly_cells_are_mics_printed_figures_and_places(lr):
    frame = topic.years_frame(lr, "ja").set_index("年度")
    low, high = (
        "（順位は低い方から）",
        "（順位は高い方から）",
    )  # the rule: the favourable side, the lowest where none is
    las = "ラスパイレス指数（4月1日現在、順位は低い方から）"
    expected = {  # Kodaira as MIC printed it, and its place among the 26 Tama cities
        ("2007（平成19）年度", "実質公債費比率" + low): "4.7%（9/26、2市同率）",  # two Tama cities printed 4.7
        ("2012（平成24）年度", las): "106.5※（3/26）",
        ("2021（令和3）年度", "経常収支比率" + low): "83.1%（1/26）",
        ("2008（平成20）年度", "将来負担比率" + low): "6.3%（9/26）",
        # 財政力指数 (higher is favourable, MIC) from the highest. Read by hand from H30.xlsx and H28.xlsx (the 26
        # rows 132xxx): FY2018 12 cities above 0.97 and 2 at it -> 13, tied; FY2016 10 above 0.98, 3 at it -> 11,
        # tied (from the lowest, as the table counted before, it was 14)
        ("2018（平成30）年度", "財政力指数" + high): "0.97（13/26、2市同率）",
        ("2016（平成28）年度", "財政力指数" + high): "0.98（11/26、3市同率）",
    }
    for (year, column), cell in expected.items():
        assert frame.loc[year, column] == cell
    assert frame.loc["2010（平成22）年度", "将来負担比率" + low] == "－（負担なし）（1/26、9市同率）"
    assert frame.loc["2005（平成17）年度", "将来負担比率" + low] == "—", (
        "the FY2005 edition prints 起債制限比率 instead"
    )
    # the Laspeyres index sits in the fiscal year its 1 April opens: the FY2006 edition's 1 April 2007 figure
    assert frame.loc["2007（平成19）年度", las] == "99.6（3/26）"
    assert frame.loc["2005（平成17）年度", las] == "—", "no figure as of 1 April 2005"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_notes_say_the_caveats_from_the_data(lr, lang):
    note = topic.years_table(lr, lang).note
    if lang == "ja":
        for words in ("参考値98.4", "参考値99.6", "2012年4月～2014年3月", "0でも欠損でもありません", "2006年4月1日現在",
                      "将来負担比率は2005・2006・2007年度", "2005～2007年度の版は将来負担比率の代わりに起債制限比率"):  # fmt: skip
            assert words in note, words
    else:
        for words in ("reference value 98.4", "reference value 99.6", "April 2012 to March 2014", "neither 0 nor missing",
                      "1 April 2006", "Future burden ratio: FY2005, FY2006, FY2007"):  # fmt: skip
            assert words in note, words


def test_plan_figures_equal_the_yearly_rows(lr):
    stats = mic_plans.plan_figures(lr)
    assert len(stats) == len(mlr.INDICATORS) * len(mlr.PLAN_PERIODS)
    for _, s in stats.iterrows():
        years = lr[(lr["indicator"] == s["indicator"]) & lr["fiscal_year"].between(s["first_year"], s["last_year"])]
        printed = years[years["value"].notna() | years["no_net_burden"]]
        assert s["printed"] == len(printed)
        if s["indicator"] == "laspeyres_index":  # the pay-cut years are counted, then left out of every summary
            printed = printed[~printed["fiscal_year"].isin(mlr.PAY_CUT_YEARS)]
            assert s["left_out"] == (2 if s["plan"] == "2" else 0)
        assert s["above"] + s["below"] + s["at"] == len(printed)
        figures = printed["value"].dropna()
        if len(figures) and not printed["no_net_burden"].any():
            assert s["mean"] == pytest.approx(figures.mean())
    cbr3 = _plan(stats, "current_balance_ratio", "3")  # FY2017-2020: 93.0, 92.7, 93.7, 91.0
    assert (cbr3["first_value"], cbr3["last_value"], cbr3["low"], cbr3["high"]) == (93.0, 91.0, 91.0, 93.7)
    assert cbr3["mean"] == pytest.approx((93.0 + 92.7 + 93.7 + 91.0) / 4)
    las1 = _plan(stats, "laspeyres_index", "1")
    assert las1["printed"] == 4, "1 April 2007 (the FY2006 edition) to 1 April 2010: four figures in the 1st plan"
    # 財政力指数 in the 3rd plan, from the highest (higher is favourable, MIC), read by hand from H29-R2.xlsx: cities
    # above Kodaira 10, 12, 11, 11 -> places 11, 13, 12, 12 (from the lowest they were 13, 13, 13, 14)
    fci3 = _plan(stats, "fiscal_capability_index", "3")
    assert (fci3["ranked_from"], fci3["rank_best"], fci3["rank_worst"]) == ("highest", 11, 13)
    cbr3_places = _plan(stats, "current_balance_ratio", "3")
    assert cbr3_places["ranked_from"] == "lowest"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_section_has_both_tables_with_their_source(lr, lang):
    items = topic.section(lr, lang)
    tables = [i for i in items if hasattr(i, "frame")]
    assert len(tables) == 2
    for table in tables:
        assert table.source.startswith(("出典：総務省", "Source: Ministry of Internal Affairs"))
    plans = tables[1].frame
    assert len(plans) == 15, "five indicators by three plans, each with years printed"
    mark = topic.MARKS[lang]
    assert any(mark in str(v) for v in plans.iloc[13]), "the 2nd plan's Laspeyres figures include the pay cut"
    if lang == "en":  # a Japanese reference mark is no English note mark
        cells = " ".join(str(v) for v in [*plans.to_numpy().ravel(), *tables[0].frame.to_numpy().ravel()])
        assert "※" not in cells + tables[0].note + tables[1].note


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_yearly_table_notes_the_fy2007_fall_in_the_real_debt_service_ratio(lr, lang):
    """12.3% (FY2006) -> 4.7% (FY2007) moved the Tama median too (12.0% -> 5.8%): said under the table, as on 01."""
    note = topic.years_table(lr, lang).note
    words = (
        ("実質公債費比率は2006年度から2007年度にかけて、小平市（12.3%→4.7%）", "中央値（12.0%→5.8%）", "理由を確かめていません")
        if lang == "ja"
        else ("from FY2006 to FY2007, Kodaira's figure went from 12.3% to 4.7%", "from 12.0% to 5.8%", "has not established it")
    )  # fmt: skip
    for w in words:
        assert w in note, w


def test_plan_means_are_rounded_half_up_by_hand(lr):
    """Laspeyres means, by hand: 1st plan (99.6+100.7+102.1+103.0)/4 = 101.35 -> 101.4; 3rd (100.0+100.2+99.5+99.7)/4 = 99.85
    -> 99.9 (float formatting gave 101.3 and 99.8); 財政力指数 1st plan 1.055 -> 1.06."""
    frame = topic.plans_frame(lr, "ja")
    las = frame[frame["指標"] == "ラスパイレス指数"].set_index("プラン（期間）")["平均（本プロジェクトの計算）"]
    assert las[topic.plan_label("1", "ja")] == "101.4"
    assert las[topic.plan_label("3", "ja")] == "99.9"
    fci = frame[frame["指標"] == "財政力指数"].set_index("プラン（期間）")["平均（本プロジェクトの計算）"]
    assert fci[topic.plan_label("1", "ja")] == "1.06"
    assert "四捨五入" in topic.plans_table(lr, "ja").note and "rounded half up" in topic.plans_table(lr, "en").note


@pytest.mark.parametrize(("value", "decimals", "shown"), [(101.35, 1, "101.4"), (99.85, 1, "99.9"), (1.055, 2, "1.06"),
                                                          (0.975, 2, "0.98"), (88.25, 1, "88.3"), (2.0, 1, "2.0")])  # fmt: skip
def test_half_up_rounds_as_a_person_does(value, decimals, shown):
    from kodaira_analysis.topics.mic_common import half_up

    assert half_up(value, decimals) == shown
