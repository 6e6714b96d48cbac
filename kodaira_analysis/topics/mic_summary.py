"""Topic (00-summary): the plan period read through MIC's five indicators, every year FY2016-FY2021, against the Tama cities.

A table of every year's figure, the Tama median and Kodaira's place; one sentence per indicator that lists
every year; the at-a-glance figure is :func:`kodaira_analysis.topics.mic_long_run.long_run_chart` over the
same years.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import INDICATORS, readings
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.wording import bullets
from kodaira_analysis.topics.mic_common import MIC_SOURCE, city_cell, label, median_cell, rank_cell
from kodaira_analysis.topics.mic_long_run import long_run_chart

YEARS = (2016, 2021)


def _years(lr: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    return lr[lr["fiscal_year"].between(*years)].sort_values(["fiscal_year"])


def period_frame(lr: pd.DataFrame, lang: str, years: tuple[int, int] = YEARS) -> pd.DataFrame:
    """Rows: each indicator's Kodaira figure, Tama median and Kodaira's place; columns: every fiscal year."""
    shown = _years(lr, years)
    rows = []
    for indicator in INDICATORS:
        part = shown[shown["indicator"] == indicator]
        if part.empty:
            continue
        for what, cell in (
            (pick(lang, "小平市", "Kodaira"), city_cell),
            (pick(lang, "多摩26市の中央値", "Tama median"), median_cell),
            (pick(lang, "低い方からの順位", "Rank from lowest"), rank_cell),
        ):
            row = {pick(lang, "指標", "Indicator"): label(indicator, lang), pick(lang, "系列", "Series"): what}
            for _, year in part.iterrows():
                row[fiscal_year_label(int(year["fiscal_year"]), lang)] = cell(year, lang)
            rows.append(row)
    return pd.DataFrame(rows)


def period_table(lr: pd.DataFrame, lang: str, years: tuple[int, int] = YEARS) -> TableView:
    """Every year of the plan period and the year each side of it, against the Tama cities."""
    first, last = years
    return TableView(
        period_frame(lr, lang, years),
        caption=pick(
            lang,
            f"表 主要5指標の毎年度の値（{first}～{last}年度）：小平市と多摩26市",
            f"Table. The five main indicators in every year, FY{first}-FY{last}: Kodaira and the Tama cities",
        ),
        note=pick(
            lang,
            "順位は26市の中で値の低い方から数えたもので、良し悪しの順ではありません（望ましい方向と、それが誰の読み方かは"
            "上の「総務省の主要財政指標」の表にあります）。将来負担比率の「－（負担なし）」は、充てられる財源が将来負担を上回り"
            "比率が算出されないこと（総務省）で、0ではなく、順位では最も低いものとして数えます。ラスパイレス指数は4月1日現在の値で、掲載した総務省の版の年度の列に示します。",
            "Places count from the lowest figure among the 26 cities; they are not an order of merit (the favourable "
            "direction of each indicator, and whose reading it is, are in the table of MIC's indicators above). A dash in "
            "the future burden ratio ('– (none)') means the resources that can meet the future burden exceed it, so MIC "
            "computes no ratio; it is not 0, and it counts as the lowest. The Laspeyres index is as of 1 April; "
            "it is shown under the fiscal year of the MIC edition that prints it.",
        ),
        source=MIC_SOURCE[lang],
        merge_first_column=True,
    )


def period_sentences(lr: pd.DataFrame, lang: str, years: tuple[int, int] = YEARS) -> MarkdownText:
    """One line per indicator: every year's figure, and the years above and below the Tama median."""
    shown = _years(lr, years)
    lines = []
    for indicator in INDICATORS:
        part = shown[shown["indicator"] == indicator]
        if part.empty:
            continue
        if part["no_net_burden"].all():
            lines.append(_all_no_burden(part, indicator, lang))
            continue
        figures = [
            pick(
                lang,
                f"{int(r['fiscal_year'])}年度{city_cell(r, 'ja')}",
                f"{city_cell(r, 'en')} (FY{int(r['fiscal_year'])})",
            )
            for _, r in part.iterrows()
        ]
        above = int(
            ((part["value"] > part["group_median"]) | (part["group_median_no_burden"] & part["value"].notna())).sum()
        )
        below = int(
            ((part["value"] < part["group_median"]) | (part["no_net_burden"] & ~part["group_median_no_burden"])).sum()
        )
        same = len(part) - above - below
        reading = readings().loc[indicator]
        whose = pick(
            lang,
            f"{reading['reading_ja']}（{reading['reading_source_ja']}）",
            f"{reading['reading_en']} ({reading['reading_source_en']})",
        )
        counts = pick(
            lang,
            f"多摩26市の中央値より高い年度が{above}、低い年度が{below}" + (f"、同じ年度が{same}" if same else ""),
            f"above the Tama median in {above} {'year' if above == 1 else 'years'}, below it in {below}"
            + (f", equal in {same}" if same else ""),
        )
        lines.append(
            pick(
                lang,
                f"{label(indicator, 'ja')}：{'、'.join(figures)}。{len(part)}年度のうち{counts}。読み方：{whose}。",
                f"{label(indicator, 'en')}: {', '.join(figures)}; {counts} of {len(part)}. Reading: {whose}.",
            )
        )
    return bullets(lines)


def _all_no_burden(part: pd.DataFrame, indicator: str, lang: str) -> str:
    """Every year a dash: said once, with how many Tama cities had the dash each year."""
    first, last = int(part["fiscal_year"].min()), int(part["fiscal_year"].max())
    low, high = int(part["group_no_burden"].min()), int(part["group_no_burden"].max())
    reading = readings().loc[indicator]
    return pick(
        lang,
        f"{label(indicator, 'ja')}：{first}～{last}年度の毎年度「－」（将来負担なし）。多摩26市のうち「－」の市は"
        f"毎年度{low}～{high}市。読み方：{reading['reading_ja']}（{reading['reading_source_ja']}）。",
        f"{label(indicator, 'en')}: a dash (no net future burden) in every year FY{first}-FY{last}; {low} to {high} of "
        f"the 26 Tama cities had the dash each year. Reading: {reading['reading_en']} ({reading['reading_source_en']}).",
    )


def glance_chart(lr: pd.DataFrame, lang: str, years: tuple[int, int] = YEARS) -> Chart:
    """The at-a-glance figure: the five indicators over the plan period and the year each side of it.

    Its title says what the figure shows: the two ratios the law sets thresholds for, against those thresholds.
    """
    chart = long_run_chart(lr, lang, years, number=1)
    return replace(chart, caption=glance_title(lr, lang, years))


def glance_title(lr: pd.DataFrame, lang: str, years: tuple[int, int] = YEARS) -> str:
    """'図1 …実質公債費比率は最高2.0%で早期健全化基準25%を大きく下回り、将来負担比率は毎年度「－」…' from the data."""
    first, last = years
    shown = _years(lr, years)
    debt = shown[shown["indicator"] == "real_debt_service_ratio"]
    burden = shown[shown["indicator"] == "future_burden_ratio"]
    debt_limit = float(readings().loc["real_debt_service_ratio", "early_warning"])
    burden_limit = float(readings().loc["future_burden_ratio", "early_warning"])
    high = float(debt["value"].max())
    below = high < debt_limit
    debt_ja = (
        f"実質公債費比率は最高{high:.1f}%で早期健全化基準{debt_limit:g}%を{'下回り' if below else '上回る年度があり'}"
    )
    debt_en = f"the real debt-service ratio peaked at {high:.1f}%, {'below' if below else 'above'} the {debt_limit:g}% early-warning threshold"
    if burden["no_net_burden"].all():
        burden_ja, burden_en = (
            "将来負担比率は毎年度「－」（将来負担なし）",
            "the future burden ratio was a dash (no net burden) every year",
        )
    else:
        peak = float(burden["value"].max())
        burden_ja = f"将来負担比率は最高{peak:.1f}%（基準{burden_limit:g}%）"
        burden_en = f"the future burden ratio peaked at {peak:.1f}% (threshold {burden_limit:g}%)"
    return pick(
        lang,
        f"図1 小平市の主要5指標（{first}～{last}年度）：{debt_ja}、{burden_ja}",
        f"Figure 1. Kodaira's five main indicators, FY{first}-FY{last}: {debt_en}; {burden_en}",
    )


def intro(lr: pd.DataFrame, lang: str, years: tuple[int, int] = YEARS) -> MarkdownText:
    """What this section shows and why these years (the plan period, the year before it and the year after)."""
    first, last = years
    return markdown(
        pick(
            lang,
            f"総務省が毎年度全市町村について公表する主要5指標で、プランの期間（2017～2020年度）とその前後の{first}～{last}年度の"
            "毎年度を、多摩26市の中央値と範囲、全国市町村平均と比べます。",
            f"MIC's five main indicators, published every year for every municipality, for every year from FY{first} to "
            f"FY{last} (the plan period, FY2017-FY2020, and the year each side of it), against the median and range of the "
            "26 Tama cities and the national municipal average.",
        )
    )
