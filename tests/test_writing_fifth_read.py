"""The fifth read-through's weaknesses (issue 28, brief w28c), each checked where the words are made, in both languages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import mic_long_run as mlr
from kodaira_analysis.present.i18n import verdict_label
from kodaira_analysis.topics import median_counts, mic_long_run, mic_summary, summary, targets
from tests.conftest import require_shared_mic, require_shared_ssdse

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def lr():
    require_shared_mic()
    return mlr.long_run(*mlr.load_mic())


@pytest.mark.parametrize(
    ("counts", "ja", "en"),
    [
        ((0, 2, 1), "3年度のうち、多摩26市の中央値より低い年度が2年度、同じ年度が1年度で、高い年度はありませんでした",
         "below the Tama median in two of the three years and equal to it in one (never above it)"),
        ((3, 0, 3), "6年度のうち、多摩26市の中央値より高い年度が3年度、同じ年度が3年度で、低い年度はありませんでした",
         "above the Tama median in three of the six years and equal to it in three (never below it)"),
        ((0, 0, 4), "4年度とも多摩26市の中央値と同じ値でした", "equal to the Tama median in all four years"),
        ((2, 1, 1), "4年度のうち、多摩26市の中央値より高い年度が2年度、低い年度が1年度、同じ年度が1年度でした",
         "above the Tama median in two of the four years, below it in one and equal to it in one"),
    ],
)  # fmt: skip
def test_median_counts_say_each_count_with_its_counter_and_never_in_0(counts, ja, en):
    """D8/D9: 'above the Tama median in 0, below it in 2 and equal in 1 of 3 years'; 「低い年度が1、同じ年度が2。」."""
    assert median_counts.median_counts(*counts, "ja") == ja
    assert median_counts.median_counts(*counts, "en") == en


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_mic_period_sentences_have_no_bare_count(lr, lang):
    """00's and 01's period summaries (mic_summary, mic_long_run): no 'in 0', no 'equal in', no count without its counter."""
    for text in (str(mic_summary.period_sentences(lr, lang)), str(mic_long_run.period_sentences(lr, lang))):
        if lang == "en":
            assert not re.search(r"\bin 0\b|equal in|of \d+ years", text), text
            assert "Tama median" in text
        else:
            assert not re.search(r"(年度|年)が\d+(?![0-9年])", text), text
            assert "多摩26市の中央値" in text


def test_the_plans_verdicts_on_fy2014_results_say_so_in_the_verdict_cell():
    """D1: 'Met' for the funds and the general-account debt (targets for the end of FY2015) is the plan's verdict on
    end-FY2014 results; 00 Table 1 and 01's table say which result, whose verdict stays in its own column."""
    require_shared_ssdse()
    assessment = ka.assess_targets("linear", use_ssdse=True)  # as the pages judge: the ratio on FY2015 (SSDSE-A)
    early = assessment[(assessment["verdict_by"] == "plan") & (assessment["judged_fiscal_year"] == 2014)]
    assert len(early) == 3
    for lang, words in (("ja", "2014年度末の実績による"), ("en", "on the end-FY2014 result")):
        for _, row in early.iterrows():
            assert words in verdict_label(row, lang)
        frame = summary.targets_frame(assessment, ka.load("targets"), lang)
        verdicts = frame[summary.pick(lang, "評価", "Verdict")]
        assert sum(words in v for v in verdicts) == 3
        table = targets._table_frame(assessment, lang)
        assert sum(words in v for v in table[targets.text("status", lang)]) == 3
    on_time = assessment[assessment["judged_fiscal_year"] >= assessment["target_fiscal_year"]].iloc[0]
    assert verdict_label(on_time, "en") in {"Met", "Not met"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_projection_method_is_stated_once(lang):
    """D2: 01 gave the method twice ('Projection method: least-squares line…' and 'Their range is … three fits')."""
    assessment = ka.assess_targets("linear", use_ssdse=False)
    text = str(targets.method_sentence("linear", lang, assessment))
    assert text.count(summary.pick(lang, "最小二乗法", "least-squares")) == 1
    assert summary.pick(lang, "本プロジェクトは判定しません", "not judged by this project") in text
    assert "at all" not in text


def test_japanese_directions_and_later_data_are_worded_one_way():
    """D9: 「どちらが望ましいとは言えない」 → 「…とも言えない」; 「その後の公式統計」 beside the glossary's 「後の公式統計」."""
    for name in ("peer_directions.csv", "mic_readings.csv"):
        text = (ROOT / "kodaira_analysis" / "analysis" / name).read_text(encoding="utf-8")
        assert "望ましいとは言えない" not in text and "望ましいとも言えない" in text
    sources = [*(ROOT / "kodaira_analysis" / "topics").glob("*.py"), *(ROOT / "notebooks").glob("*.py")]
    assert not [p.name for p in sources if "その後の公式統計" in p.read_text(encoding="utf-8")]
    with (ROOT / "kodaira_analysis" / "analysis" / "glossary_ours.csv").open(encoding="utf-8") as f:
        assert any(row["term_ja"] == "プラン策定後の公的統計" for row in csv.DictReader(f))  # words9: renamed


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_yearly_mic_tables_notes_are_a_list_one_topic_each(lr, lang):
    """D13: 00's note under the five indicators in every year was one ~250-word paragraph on six topics."""
    from bs4 import BeautifulSoup

    from kodaira_analysis.topics import mic_plans

    block = BeautifulSoup(mic_plans.years_table(lr, lang).to_html(), "html.parser")
    items = [li.get_text() for li in block.select("ul.kodaira-note > li")]
    assert len(items) >= 6 and not block.select("p.kodaira-note")
    starts = (
        ("括弧内は", "将来負担比率の「", "ラスパイレス指数は各年4月1日", "※ラスパイレス指数：", "実質公債費比率は", "「—」は")
        if lang == "ja"
        else ("In brackets", "A dash in the future", "The Laspeyres index is as of", "† Laspeyres index", "Real debt", "A '—'")
    )  # fmt: skip
    for start in starts:
        assert sum(item.startswith(start) for item in items) == 1, (start, items)
    assert max(len(item) for item in items) < pick_len(lang)


def pick_len(lang: str) -> int:
    """A note on one topic stays short: under 300 characters (Japanese) or 600 (English; its words are longer)."""
    return 300 if lang == "ja" else 600


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_long_mic_table_gives_every_figure_of_a_ratio_its_unit(lr, lang):
    """D7: 01's long table had '91.25%' for Kodaira and the median but '79.0 to 100.2' and '90.2' beside them."""
    frame = mic_long_run.long_run_frame(lr, lang)
    ratio = frame[frame.iloc[:, 0].str.startswith(summary.pick(lang, "経常収支比率", "Current balance ratio"))]
    assert len(ratio) > 10
    columns = [c for c in frame.columns if c not in frame.columns[:3] and "順位" not in c and "Place" not in c]
    assert len(columns) == 4
    for column in columns:
        for cell in ratio[column]:
            figures = re.findall(r"\d+(?:\.\d+)?%?", cell)
            assert figures and all(f.endswith("%") for f in figures), (column, cell)
    index = frame[frame.iloc[:, 0].str.startswith(summary.pick(lang, "財政力指数", "Fiscal capability index"))]
    assert not index[columns].apply(lambda col: col.str.contains("%")).any().any()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_summary_table3_says_which_places_have_no_favourable_direction_and_an_extreme_base(lang):
    """D4: '1st in FY2020' for expenditure per resident read like merit; the change from FY2016 hid that FY2016 is
    the current balance ratio's high (94.9%)."""
    require_shared_ssdse()
    from kodaira_analysis.analysis import period, period_compare, period_summary
    from kodaira_analysis.topics import summary_period

    table = ka.load("ssdse")
    fiscal, tama = period.fiscal_series(table), period_compare.group_rows(table)
    values = period_summary.period_values(table, fiscal)
    view = summary_period.moves_table(values, period_summary.period_moves(values, tama), lang)
    rows = view.frame.set_index(view.frame.columns[0])
    change, place = rows.columns[0], rows.columns[-1]
    no_direction = summary.pick(lang, "望ましい方向はない", "(no favourable direction)")
    for name in summary.pick(
        lang,
        ("住民1人当たり歳出決算総額", "住民1人当たり地方税"),
        ("Settled expenditure per resident", "Local taxes per resident"),
    ):
        assert no_direction in rows.at[name, place]
    ratio = summary.pick(lang, "経常収支比率", "Current balance ratio")
    assert no_direction not in rows.at[ratio, place]
    assert (
        summary.pick(lang, "起点の2016年度は期間の最高", "FY2016, the base, is the series' high")
        in rows.at[ratio, change]
    )
    local_tax = summary.pick(lang, "住民1人当たり地方税", "Local taxes per resident")
    assert summary.pick(lang, "起点", "the base") not in rows.at[local_tax, change]  # FY2016 neither high nor low
    assert (
        summary.pick(
            lang,
            "低いほど、経常的な経費に充てた後に残る経常一般財源が多い",
            "the lower, the more recurring general revenue is left",
        )
        in view.note
    )
    assert summary.pick(lang, "望ましい方向がなく", "have no favourable direction") in view.note


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_03_describes_natural_and_social_change_over_every_year_and_the_coverage_break(lang):
    """D5: '+930 persons in 2016 to +288 persons in 2024' compared two endpoints across the break in who is counted
    (Japanese movers only from 2018) and hid 2018's +2,106 and 2022's +1,639; natural change likewise."""
    require_shared_ssdse()
    from kodaira_analysis.analysis import period
    from kodaira_analysis.topics import population

    change = period.population_change(ka.load("ssdse"))
    sentence = str(population.change_sentence(change, lang))
    social = change.dropna(subset=["social_change"]).set_index("year")["social_change"]
    top, second = social.sort_values(ascending=False).index[:2]
    for year in (top, second, social.idxmin()):
        words = population.fmt(social[year], "persons", lang, signed=True)
        assert (f"{year}年の{words}" if lang == "ja" else f"{year} ({words})") in sentence, (year, sentence)
    natural = change.dropna(subset=["natural_change"]).set_index("year")["natural_change"]
    for year in (natural.idxmin(), natural.idxmax()):
        words = population.fmt(natural[year], "persons", lang, signed=True)
        assert (f"{words}（{year}年）" if lang == "ja" else f"{words} ({year})") in sentence, (year, sentence)
    assert summary.pick(lang, "同じ範囲の移動者を数えたものとは限りません", "may not count the same movers") in sentence
    assert "from +930" not in sentence and "+930人から" not in sentence


def test_the_index_links_the_method_to_the_fiscal_report_of_each_language_relative(tmp_path):
    """D11: '評価の方法は「財政の推移」レポートに記載' was not a link; now a relative link where that report is built,
    plain text where it is not (never a dead link)."""
    from bs4 import BeautifulSoup

    from kodaira_analysis.reports.index import write_index

    assessment = ka.assess_targets("linear", use_ssdse=False)
    jobs = [
        {"name": f"01-fiscal-trends-{lang}", "notebook": "notebooks/01-fiscal-trends.ipynb", "audience": "committee",
         "title": "t", "parameters": {"lang": lang}}
        for lang in ("ja", "en")
    ]  # fmt: skip
    built = {"reports": {j["name"]: {"status": "ok"} for j in jobs}}
    for job in jobs:
        (tmp_path / f"{job['name']}.html").write_text("<html></html>", encoding="utf-8")
    page = BeautifulSoup(write_index(tmp_path, jobs, built, assessment), "html.parser")
    source = next(p for p in page.select("p.kodaira-source") if "評価の方法" in p.get_text())
    links = {a.get_text(): a["href"] for a in source.find_all("a")}
    assert links == {
        "「財政の推移」レポート": "01-fiscal-trends-ja.html",
        "the fiscal-trends report": "01-fiscal-trends-en.html",
    }
    (tmp_path / "01-fiscal-trends-en.html").unlink()
    page = BeautifulSoup(write_index(tmp_path, jobs, {"reports": {}}, assessment), "html.parser")
    source = next(p for p in page.select("p.kodaira-source") if "評価の方法" in p.get_text())
    assert not source.find_all("a") and "the fiscal-trends report" in source.get_text()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_03_figure_1_draws_the_lower_bound_as_a_bound(lang):
    """D12: the up-arrow from 'over 22%' rose to about 23%, an extent the plan does not give: the cue is now a fixed
    length in points from the bar at 22%, so it stands for no value on the axis."""
    from kodaira_analysis.topics import ageing

    share = ka.load("demographics").query("indicator == 'aged_65_plus_share'")
    bound = share[share["bound"] == "lower"]
    assert len(bound) == 1
    x, y = int(bound["as_of"].iloc[0].year), float(bound["value"].iloc[0])
    chart = ageing.aged_share_chart(share, lang, extend_to_year=2020)
    ax = chart.figure.axes[0]
    arrows = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]
    assert len(arrows) == 1
    (arrow,) = arrows
    assert arrow.xy == (x, y) and arrow.anncoords == "offset points"
    assert arrow.xyann[0] == 0 and 0 < arrow.xyann[1] <= ageing.BOUND_CUE_POINTS
    # nothing drawn at the bound's year reaches above the bound (the old arrow's invisible end point did)
    for line in ax.get_lines():
        xs, ys = (list(map(float, v)) for v in line.get_data())
        assert not any(abs(a - x) < 0.01 and b > y for a, b in zip(xs, ys, strict=True)), line.get_label()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_01_figure_2_plots_the_quota_on_its_1_april_and_tells_the_two_ceilings_apart(lang):
    """D6: the staff-quota panel put the count of 1 April 2016 at '2015' with no axis title, and the legend had two
    identical ▼ entries (the printed ceiling and our reading of one)."""
    from matplotlib.colors import to_hex

    from kodaira_analysis.analysis.targets import default_indicators

    assessment = ka.assess_targets("linear", use_ssdse=False)
    indicators = default_indicators(False)
    chart = targets.targets_chart(
        indicators, ka.load("targets"), assessment, lang, selected=list(assessment["indicator"])
    )
    staff = chart.figure.axes[0]
    quota = indicators[indicators["indicator"] == "staff_quota"].dropna(subset=["value"])
    result = staff.get_lines()[0]
    assert list(map(int, result.get_xdata())) == [d.year for d in pd.to_datetime(quota["as_of"])]
    assert 2016 in list(map(int, result.get_xdata())) and staff.get_xlabel() == summary.pick(
        lang, "各年4月1日現在", "As of 1 April"
    )
    assert chart.figure.axes[1].get_xlabel() == ""  # a settlement panel keeps its fiscal years, untitled as before
    legend = chart.figure.legends[0]
    ceilings = [
        (text.get_text(), to_hex(handle.get_markerfacecolor()))
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True)
        if getattr(handle, "get_marker", lambda: None)() == "v"
    ]
    assert len(ceilings) == 2 and ceilings[0][1] != ceilings[1][1], ceilings
