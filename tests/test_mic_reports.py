"""The reports' use of MIC's indicators: the long run (01), the Laspeyres index (02), the plan period (00), the peers (05).

Unit tests on small frames pin how a dash in 将来負担比率 is ranked and never read as 0; data tests (the shared
MIC files) check that every number the tables show equals the loaded data; the words are checked in both
languages; without MIC's files the pages say so.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import mic_long_run as mlr
from kodaira_analysis.topics import mic_common, mic_laspeyres, mic_long_run, mic_peers, mic_summary
from tests.conftest import require_shared_mic

NO_BURDEN = mlr.NO_NET_BURDEN


def _frame(values: list[float | None], indicator: str = "future_burden_ratio", year: int = 2020) -> pd.DataFrame:
    rows = []
    for i, v in enumerate(values):
        rows.append(
            {
                "municipality_code": f"{13200 + i:05d}",
                "fiscal_year": year,
                "indicator_code": indicator,
                "value": np.nan if v is None else v,
                "value_printed": "-" if v is None else str(v),
                "dash_meaning": NO_BURDEN if v is None else None,
            }
        )
    return pd.DataFrame(rows)


def test_a_dash_is_below_every_burden_and_never_zero():
    frame = _frame([None, None, 10.0, 20.0, 30.0])
    out = mlr.long_run(frame, codes=list(frame["municipality_code"]), municipality_code="13200").iloc[0]
    assert np.isnan(out["value"]) and out["no_net_burden"], "Kodaira's dash stays a dash"
    assert out["group_median"] == 10.0 and not out["group_median_no_burden"]
    assert np.isnan(out["group_min"]) and out["group_min_no_burden"], "the lowest is 'no burden', not 0"
    assert out["group_max"] == 30.0 and out["group_no_burden"] == 2 and out["group_n"] == 5
    assert out["rank_low"] == 1 and out["rank_high"] == 4
    third = mlr.long_run(frame, codes=list(frame["municipality_code"]), municipality_code="13203").iloc[0]
    assert third["value"] == 20.0 and third["rank_low"] == 4 and third["rank_high"] == 2


def test_a_median_that_falls_on_dashes_is_said_so():
    frame = _frame([None, None, None, 5.0])
    out = mlr.long_run(frame, codes=list(frame["municipality_code"]), municipality_code="13203").iloc[0]
    assert out["group_median_no_burden"] and np.isnan(out["group_median"])
    assert mic_common.median_cell(out, "ja") == "－（負担なし）" and mic_common.median_cell(out, "en") == "– (none)"


def test_missing_values_are_left_out_not_counted():
    frame = _frame([1.0, 2.0, 3.0, 4.0], indicator="current_balance_ratio")
    frame.loc[3, ["value", "dash_meaning"]] = [np.nan, "no_reason_given"]
    out = mlr.long_run(frame, codes=list(frame["municipality_code"]), municipality_code="13200").iloc[0]
    assert out["group_n"] == 3 and out["group_median"] == 2.0 and out["group_max"] == 3.0


def test_favourable_rank_follows_the_readings():
    frame = pd.concat(
        [_frame([0.5, 0.9, 0.7], "fiscal_capability_index"), _frame([90.0, 80.0, 85.0], "current_balance_ratio")]
    )
    out = mlr.long_run(frame, codes=["13200", "13201", "13202"], municipality_code="13201")
    ranks = dict(zip(out["indicator"], mlr.favourable_rank(out), strict=True))
    assert ranks == {"fiscal_capability_index": 1, "current_balance_ratio": 1}
    assert mlr.readings().loc["laspeyres_index", "favourable"] == "none"
    assert mlr.readings().loc["real_debt_service_ratio", "early_warning"] == 25
    assert mlr.readings().loc["future_burden_ratio", "early_warning"] == 350


def test_without_mic_files_the_pages_say_so(tmp_path, monkeypatch):
    monkeypatch.setenv("KODAIRA_MIC_DIR", str(tmp_path))
    assert mlr.load_mic() is None
    for lang, fragment in (("ja", "主要財政指標一覧"), ("en", "README")):
        assert fragment in mic_common.mic_absent(lang)


@pytest.fixture(scope="module")
def mic():
    require_shared_mic()
    indicators, averages = ka.load("mic_indicators"), ka.load("mic_averages")
    return indicators, averages, mlr.long_run(indicators, averages)


def test_the_long_run_equals_the_loaded_data(mic):
    indicators, averages, lr = mic
    # each figure in the fiscal year it describes (the Laspeyres index: the year its 1 April opens)
    indicators = indicators.assign(fiscal_year=mlr.year_described(indicators))
    averages = averages.assign(fiscal_year=mlr.year_described(averages))
    tama = indicators[indicators["municipality_code"].isin(mlr.tama_codes())]
    kodaira = indicators[indicators["municipality_code"] == "13211"].set_index(["indicator_code", "fiscal_year"])
    national = averages.set_index(["indicator_code", "fiscal_year"])["value"]
    assert set(lr["indicator"]) == set(mlr.INDICATORS)
    assert sorted(set(lr["fiscal_year"])) == list(range(2005, 2022))
    for row in lr.itertuples():
        own = kodaira.loc[(row.indicator, row.fiscal_year)]
        if own["dash_meaning"] == NO_BURDEN:
            assert row.no_net_burden and np.isnan(row.value)
        else:
            assert row.value == own["value"] and row.value_printed == own["value_printed"]
        assert (
            np.isnan(row.national_average) and pd.isna(national.get((row.indicator, row.fiscal_year)))
        ) or row.national_average == national[(row.indicator, row.fiscal_year)]
        part = tama[(tama["indicator_code"] == row.indicator) & (tama["fiscal_year"] == row.fiscal_year)]
        if row.group_no_burden == 0:
            assert row.group_median == pytest.approx(part["value"].median())
            assert row.group_min == part["value"].min() and row.group_max == part["value"].max()
    # Kodaira's figures as printed, by hand from the files: 経常収支比率 FY2021, Laspeyres FY2012 and its reference
    lookup = lr.set_index(["indicator", "fiscal_year"])
    assert lookup.loc[("current_balance_ratio", 2021), "value"] == 83.1
    assert lookup.loc[("laspeyres_index", 2012), "value"] == 106.5
    assert lookup.loc[("future_burden_ratio", 2016), "no_net_burden"]
    # The Laspeyres index sits in the fiscal year its 1 April opens: the FY2005 and FY2006 editions print it as of
    # 1 April 2006 and 2007 (their footnotes), the FY2007 edition prints none.
    assert lookup.loc[("laspeyres_index", 2006), "value"] == 100.6
    assert lookup.loc[("laspeyres_index", 2007), "value"] == 99.6
    assert not ((lr["indicator"] == "laspeyres_index") & (lr["fiscal_year"] == 2005)).any(), "none as of 1 April 2005"


def test_a_figure_as_of_1_april_belongs_to_the_fiscal_year_it_opens():
    frame = pd.DataFrame(
        {
            "fiscal_year": [2005, 2006, 2008, 2008],
            "year_kind": ["as_of_1_april", "as_of_1_april", "as_of_1_april", "fiscal_year_settlement"],
            "as_of": pd.to_datetime(["2006-04-01", "2007-04-01", "2008-04-01", None]),
        }
    )
    assert mlr.year_described(frame).tolist() == [2006, 2007, 2008, 2008]
    assert mlr.year_described(frame.drop(columns="as_of")).tolist() == [2005, 2006, 2008, 2008]


def test_a_jump_of_the_group_median_is_found_and_steady_series_are_not():
    years = list(range(2005, 2013))
    steady = [12.0, 11.6, 11.1, 10.9, 10.2, 9.8, 9.5, 9.1]
    jumped = [12.0, 12.3, 5.8, 5.3, 4.9, 4.4, 4.1, 3.6]
    frame = pd.DataFrame(
        {
            "indicator": ["a"] * 8 + ["b"] * 8,
            "fiscal_year": years * 2,
            "value": steady + jumped,
            "group_median": steady + jumped,
        }
    )
    breaks = mlr.group_breaks(frame)
    assert breaks[["indicator", "previous_year", "fiscal_year"]].values.tolist() == [["b", 2006, 2007]]
    assert mlr.group_breaks(frame[frame["indicator"] == "a"]).empty


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_tables_show_the_loaded_figures(mic, lang):
    indicators, _, lr = mic
    frames = {
        "long run": mic_long_run.long_run_frame(lr, lang),
        "summary": mic_summary.period_frame(lr, lang),
        "peers": mic_peers.frame(lr, lang),
        "laspeyres": mic_laspeyres.frame(lr, mlr.laspeyres(indicators), lang),
        "definitions": mic_long_run.definitions_frame(lang),
    }
    for name, frame in frames.items():
        assert len(frame), name
        assert not frame.map(lambda v: isinstance(v, list | tuple | dict | set)).any().any(), f"{name}: a list column"
    summary = frames["summary"]
    assert list(summary.columns[2:]) == [ka_label(y, lang) for y in range(2016, 2022)], "every year FY2016-FY2021"
    kodaira = lr.set_index(["indicator", "fiscal_year"])
    ratio = summary.iloc[3]  # 経常収支比率, Kodaira
    for year, shown in zip(range(2016, 2022), ratio.iloc[2:], strict=True):
        assert shown == f"{kodaira.loc[('current_balance_ratio', year), 'value']:.1f}%"
    long_run = frames["long run"]
    assert len(long_run) == len(lr)
    cut = frames["laspeyres"].set_index(frames["laspeyres"].columns[0])
    reference = "小平市の参考値" if lang == "ja" else "Kodaira, reference"
    day = {"ja": "{}年4月1日", "en": "1 April {}"}[lang]  # 02's table is keyed by the index's day, as 05's tables are
    assert cut.loc[day.format(2012), reference] == "98.4" and cut.loc[day.format(2013), reference] == "99.6"
    thresholds = " ".join(frames["definitions"].iloc[:, 2])
    assert "25%" in thresholds and "350%" in thresholds


def ka_label(year: int, lang: str) -> str:
    from kodaira_analysis.present.i18n import fiscal_year_label

    return fiscal_year_label(year, lang)


def test_the_words_in_both_languages(mic):
    indicators, _, lr = mic
    series = mlr.laspeyres(indicators)
    ja, en = mic_laspeyres.caveat("ja"), mic_laspeyres.caveat("en")
    assert "2012年4月から2014年3月" in ja and "April 2012 to March 2014" in en
    assert "参考値98.4" in mic_laspeyres.sentence(lr, series, "ja")
    assert "reference value 98.4" in mic_laspeyres.sentence(lr, series, "en")
    for lang, fragments in (
        (
            "ja",
            [
                "2016年度94.9%",
                "2021年度83.1%",
                "本プロジェクトの読み方（総務省「指標の説明」の定義から）",
                "本プロジェクトの読み方",
            ],
        ),
        (
            "en",
            [
                "94.9% (FY2016)",
                "83.1% (FY2021)",
                "this project's reading of MIC's definition",
                "this project's reading",
            ],
        ),
    ):
        text = mic_summary.period_sentences(lr, lang)
        for fragment in fragments:
            assert fragment in text, (lang, fragment)
        assert len(text.splitlines()) == 5
        long_text = mic_long_run.period_sentences(lr, lang)
        # five indicators, then the one year the Tama median of 実質公債費比率 jumped (FY2006 -> FY2007)
        assert len(long_text.splitlines()) == 6 and pick_all_plans(long_text, lang)
        assert ("12.0%→5.8%" if lang == "ja" else "from 12.0% to 5.8%") in long_text.splitlines()[-1]
        laspeyres_line = long_text.splitlines()[4]
        assert (
            "2012・2013年4月1日現在の値を除く" if lang == "ja" else "leaving out 1 April 2012 and 1 April 2013"
        ) in (laspeyres_line)
        assert "107.8" not in laspeyres_line and "106.5" not in laspeyres_line, "pay-cut years are not in the ranges"
        assert ("99.6～103.0" if lang == "ja" else "99.6 to 103.0") in laspeyres_line, "1 April 2007 is in the 1st plan"


def pick_all_plans(text: str, lang: str) -> bool:
    names = (
        ("2007～2010年度", "2011～2015年度", "2017～2020年度")
        if lang == "ja"
        else ("FY2007-FY2010", "FY2011-FY2015", "FY2017-FY2020")
    )
    return all(name in text for name in names)


def test_the_figures_render_with_their_words(mic):
    indicators, _, lr = mic
    for lang in ("ja", "en"):
        for chart in (
            mic_long_run.long_run_chart(lr, lang),
            mic_summary.glance_chart(lr, lang),
            mic_laspeyres.chart(lr, mlr.laspeyres(indicators), lang),
        ):
            assert chart.alt and chart.caption and chart.source == mic_common.MIC_SOURCE[lang]
            assert chart.render()


@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("name", "figures"),
    [("00-summary", 0), ("01-fiscal-trends", None), ("02-staffing-levels", None), ("05-tama-peers", None)],
)
def test_without_mic_files_a_page_says_so_once_and_builds(tmp_path, monkeypatch, name, figures):
    """Like SSDSE-A: without MIC's files the page says once what is missing and where MIC publishes it."""
    from kodaira_analysis import paths
    from tests.test_notebooks import outputs_text, run

    monkeypatch.setenv("KODAIRA_MIC_DIR", str(tmp_path / "nothing-here"))
    text = outputs_text(run(paths.NOTEBOOKS_DIR / f"{name}.ipynb", tmp_path / "out.ipynb", lang="en"))
    # MIC spelled out at its first use on an English page (present/abbreviations.py), short after it
    said = (
        "was built without MIC's main fiscal indicators",
        "was built without the Ministry of Internal Affairs and Communications' (MIC's) main fiscal indicators",
    )
    assert sum(text.count(words) for words in said) == 1
    assert "Laspeyres index of salaries, FY" not in text and "The five main indicators, FY" not in text
    if figures is not None:
        assert text.count('<figure class="kodaira-figure">') == figures


def test_the_laspeyres_table_is_keyed_by_its_day_and_its_plan_by_the_fiscal_year_that_day_opens(mic):
    """FY2005's edition prints 1 April 2006: its row is 1 April 2006, in no plan's period (FY2006 is in none); the
    FY2006 edition's 1 April 2007 opens FY2007, in the Restructuring Plan's period (FY2007-FY2010)."""
    indicators, _, lr = mic
    frame = mic_laspeyres.frame(lr, mlr.laspeyres(indicators), "en").set_index("As of")
    assert frame.index[0] == "1 April 2006"
    assert all(day.startswith("1 April ") for day in frame.index)
    assert frame.at["1 April 2006", "Edition"] == "FY2005 edition" and frame.at["1 April 2006", "Kodaira"] == "100.6"
    assert frame.at["1 April 2006", "Plan"] == "—"
    assert (
        frame.at["1 April 2007", "Edition"] == "FY2006 edition"
        and frame.at["1 April 2007", "Plan"] == "Restructuring Plan"
    )
    assert frame.at["1 April 2017", "Plan"] == "3rd Restructuring Plan" and frame.at["1 April 2021", "Plan"] == "—"


#: The Laspeyres index's point in time named as a fiscal year: '2021年度101.0', 'FY2021 ... Laspeyres', '（2006～2021年度）'.
_FISCAL_YEAR = {"ja": r"\d{4}年度", "en": r"FY\d{4}"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_laspeyres_index_is_named_by_its_day_on_every_page(mic, lang):
    """00 and 02 named the index's year as the fiscal year its 1 April opens ('2021年度101.0'), 05 as its day: every
    sentence, caption and table of its own now names the day (2021年4月1日現在 / 1 April 2021), as MIC's README says
    it is (R2: 2020-04-01); a table keyed by fiscal years says which day its column holds."""
    import re

    indicators, _, lr = mic
    series = mlr.laspeyres(indicators)
    own = mic_summary.period_sentences(lr, lang).splitlines()[4]  # 00: one line per indicator, the index last
    assert own.startswith(("- ラスパイレス指数：", "- Laspeyres index of salaries:"))
    assert ("2021年4月1日現在101.0" if lang == "ja" else "101.0 (1 April 2021)") in own
    assert not re.search(_FISCAL_YEAR[lang], own), own
    assert ("6年のうち" if lang == "ja" else "of the six years") in own
    chart = mic_laspeyres.chart(series=series, lr=lr, lang=lang)
    for words in (chart.caption, chart.alt):  # 02's figure
        assert ("2006～2021年の各4月1日現在" if lang == "ja" else "1 April 2006 to 1 April 2021") in words
        assert not re.search(_FISCAL_YEAR[lang], words), words
    sentence = str(mic_laspeyres.sentence(lr, series, lang))
    assert ("2012年4月1日現在106.5" if lang == "ja" else "106.5 as of 1 April 2012") in sentence
    plan_periods = re.sub(
        r"（\d{4}～\d{4}年度）|\(FY\d{4}-FY\d{4}\)", "", sentence
    )  # the plans' periods stay fiscal years
    assert not re.search(_FISCAL_YEAR[lang], plan_periods), sentence
    table = mic_laspeyres.table(lr, series, lang)
    assert table.frame.columns[0] == ("時点" if lang == "ja" else "As of")
    assert not re.search(_FISCAL_YEAR[lang], table.note), table.note
    assert chart.figure.axes[0].get_xlabel() == ("年（4月1日現在）" if lang == "ja" else "Year (as of 1 April)")
    # 01's figure of the five indicators: the index's panel, its note and its figures in the alt text say the day
    long_run = mic_long_run.long_run_chart(lr, lang)
    assert ("ラスパイレス指数：2006年4月1日現在100.6" if lang == "ja" else "100.6 as of 1 April 2006") in long_run.alt
    texts = [t.get_text() for ax in long_run.figure.axes for t in [ax.title, *ax.texts]]
    assert (
        "ラスパイレス指数（4月1日現在）" if lang == "ja" else "Laspeyres index of salaries (as of 1 April)"
    ) in texts
    assert not [t for t in texts if "2012" in t and re.search(_FISCAL_YEAR[lang] + "|FY2012", t)], texts
    # Tables keyed by fiscal years (00, 01) say which day a column or row holds, in the same form.
    for note in (mic_summary.period_table(lr, lang).note, mic_long_run.long_run_table(lr, lang).note):
        assert ("2021年度の" if lang == "ja" else "the FY2021 ") in note
        assert ("2021年4月1日現在" if lang == "ja" else "as of 1 April 2021") in note


def _tama_from_the_file(edition: str) -> dict[str, list]:
    """The 26 Tama cities' row of one MIC edition, read straight from the sheet (not this package's reader)."""
    from python_calamine import CalamineWorkbook

    path = require_shared_mic() / "city" / f"{edition}.xlsx"
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    head = rows[1]
    tama = {str(r[0]): r for r in rows[2:] if str(r[0]).startswith("132")}  # 東京都の市: 13201-13229
    assert len(tama) == 26
    return {name: [tama[c][head.index(name)] for c in sorted(tama)] for name in head[3:8]} | {"codes": sorted(tama)}


@pytest.mark.parametrize(("edition", "year"), [("H28", 2016), ("R2", 2020)])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_places_count_from_the_favourable_side_or_the_lowest_recomputed_from_the_files(mic, edition, year, lang):
    """One rule on every page, as 05 ranks: 財政力指数 (higher is favourable, MIC) from the highest; 経常収支比率 (lower)
    from the lowest; ラスパイレス指数 (no direction) from the lowest; the side said in the cell. 00 counted 財政力指数
    from the lowest ('26市中同率14位（3市）' in FY2016). Places recomputed here from the sheet's 26 Tama rows."""
    _, _, lr = mic
    sheet = _tama_from_the_file(edition)
    own = sheet["codes"].index("132110")  # Kodaira, with its check digit
    frame = mic_summary.period_frame(lr, lang).set_index(mic_summary.period_frame(lr, lang).columns[:2].tolist())
    column = next(c for c in frame.columns if (c.startswith(str(year)) if lang == "ja" else c == f"FY{year}"))
    place = "多摩26市の中での順位" if lang == "ja" else "Place among the Tama cities"
    for name, key, higher_first in (
        ("財政力指数", "fiscal_capability_index", True),
        ("経常収支比率", "current_balance_ratio", False),
        ("ラスパイレス指数", "laspeyres_index", False),
    ):
        values = [float(v) for v in sheet[name]]
        mine = values[own]
        better = sum((v > mine) if higher_first else (v < mine) for v in values)
        tied = sum(v == mine for v in values)
        side = {("ja", True): "高い方から", ("ja", False): "低い方から", ("en", True): "from the highest",
                ("en", False): "from the lowest"}[(lang, higher_first)]  # fmt: skip
        if lang == "ja":
            expected = (
                f"26市中同率{better + 1}位（{side}・{tied}市）" if tied > 1 else f"26市中{better + 1}位（{side}）"
            )
        else:
            expected = f"{better + 1} of 26 {side}" + (f" ({tied} tied)" if tied > 1 else "")
        row = next(i for i in frame.index if i[0].startswith(mic_common.label(key, lang)) and i[1] == place)
        assert frame.at[row, column] == expected, (key, year)
    assert mic_summary.period_table(lr, lang).note.startswith(
        ("順位は、望ましい方向のある指標ではその方向から", "Places count")
    )


def test_the_english_laspeyres_paragraph_is_in_sentences_a_reader_can_follow(mic):
    """02-en's paragraph was one 120-word sentence ('in ..., as of ..., 99.6 to 103.0, above the Tama median in 1 and
    below it in 3 of 4 years; ...'): one sentence per plan now, counts in words, none over 45 words."""
    indicators, _, lr = mic
    text = str(mic_laspeyres.sentence(lr, mlr.laspeyres(indicators), "en"))
    sentences = [s for s in re.split(r"(?<=[.])\s+(?=[A-Z])", text) if s]
    assert max(len(s.split()) for s in sentences) <= 45, max(sentences, key=lambda s: len(s.split()))
    assert (
        "it ranged from 99.6 to 103.0 and was above the Tama median in one of the four years and below it in three "
        "(never equal to it)" in text
    )
    assert "below the Tama median in all four years" in text and "in 0" not in text


def test_the_long_run_notes_stand_on_a_white_ground(mic):
    """'早期健全化基準25%（図の外）' was printed over the plan periods' grey bands (fifth read): on white now."""
    _, _, lr = mic
    for lang in ("ja", "en"):
        chart = mic_long_run.long_run_chart(lr, lang)
        notes = [t for ax in chart.figure.axes for t in ax.texts if "25%" in t.get_text()]
        assert notes, "the early-warning threshold is noted"
        for note in notes:
            ground = note.get_bbox_patch()
            assert ground is not None and ground.get_facecolor()[:3] == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_national_average_is_said_to_be_weighted_where_set_beside_the_median(lang):
    """A committee reader found 00 and 01 setting MIC's national municipal average beside the Tama median without
    saying that for the three ratios it is a weighted average (the fiscal capability index a simple one)."""
    from pathlib import Path

    from kodaira_analysis.mic.read import read_edition

    mic = require_shared_mic()
    footnote = "".join(read_edition(Path(mic) / "city" / "H17.xls", "H17").footnotes)
    assert "経常収支比率、実質公債費比率及び起債制限比率は加重平均" in footnote and "財政力指数は単純平均" in footnote
    assert "経常収支比率及び財政力指数の平均については、特別区を含まない" in footnote
    lr = mlr.long_run(*mlr.load_mic())
    for text in (str(mic_summary.intro(lr, lang)), str(mic_long_run.intro(lang))):  # 00's and 01's sections
        said = mic_common.AVERAGE_KIND[lang]
        assert said in text.replace("\\", ""), text
    kinds = ("単純平均", "加重平均", "中央値") if lang == "ja" else ("simple average", "weighted average", "median")
    assert all(k in mic_common.AVERAGE_KIND[lang] for k in kinds)


def test_every_favourable_direction_is_read_from_a_source_the_project_holds():
    """A committee reader found the current balance and real debt-service ratios' direction credited to MIC's
    「財政比較分析表」, which is not among the project's sources: a direction is MIC's 「指標の説明」
    (notes-definitions.pdf, which says 財政力指数が高いほど…財源に余裕がある) or said to be this project's reading."""
    from pathlib import Path

    folder = Path(mic_common.__file__).parents[1] / "analysis"
    held = ("総務省「指標の説明」", "本プロジェクトの読み方")
    for name, key, source in (
        ("mic_readings.csv", "indicator", "reading_source"),
        ("peer_directions.csv", "measure", "source"),
    ):
        table = pd.read_csv(folder / name)
        directed = table[table["favourable"] != "none"]
        assert not directed.empty
        for _, row in directed.iterrows():
            assert row[f"{source}_ja"].startswith(held), (name, row[key], row[f"{source}_ja"])
            assert "財政比較分析表" not in row[f"{source}_ja"] and "comparison sheet" not in row[f"{source}_en"]
            ours = row[f"{source}_ja"].startswith("本プロジェクト")
            assert ours == row[f"{source}_en"].startswith("this project's reading"), row[key]


def test_no_text_of_ours_cites_the_comparison_sheets_the_project_does_not_hold():
    """05's introduction said its measures were modelled on MIC's 「財政比較分析表」, its caveats and the staff measure's
    reading cited it: none of the project's sources is that document, so no page, table or notebook names it."""
    from pathlib import Path

    root = Path(mic_common.__file__).parents[2]
    files = [*(root / "kodaira_analysis").rglob("*.py"), *(root / "kodaira_analysis").rglob("*.csv")]
    files += [*(root / "notebooks").glob("*.py"), *(root / "notebooks").glob("*.ipynb")]
    cited = [f.name for f in files if re.search(r"財政比較分析表|comparison sheet", f.read_text(encoding="utf-8"))]
    assert not cited


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_laspeyres_alt_text_gives_the_range_the_text_gives_and_the_cut_years_apart(mic, lang):
    """02 Figure 4's alt text read 'Kodaira from 99.2 to 107.8': a range holding the 2013 figure the national pay cut
    raised (which the text leaves out of its ranges), worded as if the index had risen from one to the other."""
    indicators, _, lr = mic
    series = mlr.laspeyres(indicators)
    alt = mic_laspeyres.chart(lr, series, lang).alt
    kodaira = lr[(lr["indicator"] == "laspeyres_index")].dropna(subset=["value"])
    kept = kodaira[~kodaira["fiscal_year"].isin(mlr.PAY_CUT_YEARS)]["value"]
    cut = kodaira[kodaira["fiscal_year"].isin(mlr.PAY_CUT_YEARS)].sort_values("fiscal_year")["value"]
    low, high = (mic_common.fmt(v, "laspeyres_index") for v in (kept.min(), kept.max()))
    assert (f"{low}～{high}" if lang == "ja" else f"between {low} and {high}") in alt, alt
    assert float(high) < cut.max(), "the cut-raised figure lies above the range: the test shows something"
    for value in cut:
        assert mic_common.fmt(value, "laspeyres_index") in alt
    assert " from " not in alt and f"～{mic_common.fmt(cut.max(), 'laspeyres_index')}" not in alt
