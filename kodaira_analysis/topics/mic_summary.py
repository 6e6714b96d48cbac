"""Topic (00-summary): the plan period read through MIC's five indicators, every year from the year before it, against the Tama cities.

The years run from the year before the plan period (:data:`kodaira_analysis.analysis.period.BASE_YEAR`) to the
last year MIC's files hold (FY2016-FY2021 with the seventeen editions): :func:`years_of`. A table of every
year's figure, the Tama median and Kodaira's place; one sentence per indicator that lists every year; the
at-a-glance figure is :func:`kodaira_analysis.topics.mic_long_run.long_run_chart` over the same years.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import INDICATORS, readings
from kodaira_analysis.analysis.mic_plans import against_median, span
from kodaira_analysis.analysis.period import BASE_YEAR, PLAN_PERIOD
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.wording import bullets, number_en
from kodaira_analysis.topics.median_counts import median_counts
from kodaira_analysis.topics.mic_common import (
    AVERAGE_KIND,
    MIC_SOURCE,
    as_of_label,
    as_of_note,
    city_cell,
    label,
    median_cell,
    precision_rule,
    rank_cell,
    rank_rule,
    when,
    year_word,
)
from kodaira_analysis.topics.mic_long_run import long_run_chart


def years_of(lr: pd.DataFrame) -> tuple[int, int]:
    """The years this section shows: from the year before the plan period to the last year in the data."""
    return BASE_YEAR, span(lr)[1]


def _years(lr: pd.DataFrame, years: tuple[int, int] | None) -> pd.DataFrame:
    return lr[lr["fiscal_year"].between(*(years or years_of(lr)))].sort_values(["fiscal_year"])


def period_frame(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
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
            (pick(lang, "多摩26市の中での順位", "Place among the Tama cities"), rank_cell),
        ):
            row = {pick(lang, "指標", "Indicator"): as_of_label(indicator, lang), pick(lang, "系列", "Series"): what}
            for _, year in part.iterrows():
                row[fiscal_year_label(int(year["fiscal_year"]), lang)] = cell(year, lang)
            rows.append(row)
    return pd.DataFrame(rows)


def period_table(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> TableView:
    """Every year of the plan period and the year each side of it, against the Tama cities."""
    first, last = years or years_of(lr)
    return TableView(
        period_frame(lr, lang, years),
        caption=pick(
            lang,
            f"表 主要5指標の毎年度の値（{first}～{last}年度）：小平市と多摩26市",
            f"Table. The five main indicators in every year, FY{first}-FY{last}: Kodaira and the Tama cities",
        ),
        note=pick(
            lang,
            rank_rule("ja")
            + precision_rule("ja")
            + "将来負担比率の「－（負担なし）」は、充てられる財源が将来負担を上回り"
            "比率が算出されないこと（総務省）で、0ではなく、順位では最も低いものとして数えます。"
            + as_of_note(last, "ja"),
            rank_rule("en") + " " + precision_rule("en") + " A dash in "
            "the future burden ratio ('– (none)') means the resources that can meet the future burden exceed it, so MIC "
            "computes no ratio; it is not 0, and it counts as the lowest. " + as_of_note(last, "en"),
        ),
        source=MIC_SOURCE[lang],
        merge_first_column=True,
    )


def period_sentences(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> MarkdownText:
    """One line per indicator: every year's figure, and the years above and below the Tama median."""
    shown = _years(lr, years)
    lines = []
    for indicator in INDICATORS:
        part = shown[shown["indicator"] == indicator]
        if part.empty:
            continue
        if part["no_net_burden"].all():  # part is not empty: 'every year' is true
            lines.append(_all_no_burden(part, indicator, lang))
            continue
        figures = [  # a settlement by its fiscal year, the Laspeyres index by its day (mic_common.when)
            pick(
                lang,
                f"{when(indicator, int(r['fiscal_year']), 'ja')}{city_cell(r, 'ja')}",
                f"{city_cell(r, 'en')} ({when(indicator, int(r['fiscal_year']), 'en')})",
            )
            for _, r in part.iterrows()
        ]
        above, below, same = against_median(part)
        unit = year_word(indicator, "ja")
        reading = readings().loc[indicator]
        whose = pick(
            lang,
            f"{reading['reading_ja']}（{reading['reading_source_ja']}）",
            f"{reading['reading_en']} ({reading['reading_source_en']})",
        )
        counts = median_counts(above, below, same, lang, unit_ja=unit)
        lines.append(
            pick(
                lang,
                f"{label(indicator, 'ja')}：{'、'.join(figures)}。{counts}。読み方：{whose}。",
                f"{label(indicator, 'en')}: {', '.join(figures)}. Kodaira was {counts}. Reading: {whose}.",
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


def glance_chart(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> Chart:
    """The at-a-glance figure: the five indicators from the year before the plan period to the last year held.

    Its title says what the figure shows: the two ratios the law sets thresholds for, against those thresholds.
    """
    years = years or years_of(lr)
    chart = long_run_chart(lr, lang, years, number=1)
    return replace(chart, caption=glance_title(lr, lang, years))


def _debt_words(debt: pd.DataFrame) -> tuple[str, str]:
    """The real debt-service ratio's peak against the law's threshold, or that the years hold no figure."""
    limit = float(readings().loc["real_debt_service_ratio", "early_warning"])
    if debt["value"].notna().sum() == 0:
        return "実質公債費比率の数値はなく", "no real debt-service ratio is printed"
    high = float(debt["value"].max())
    below = high < limit
    return (
        f"実質公債費比率は最高{high:.1f}%で早期健全化基準{limit:g}%を{'下回り' if below else '上回る年度があり'}",
        f"the real debt-service ratio peaked at {high:.1f}%, {'below' if below else 'above'} the {limit:g}% "
        "early-warning threshold",
    )


def _burden_words(burden: pd.DataFrame) -> tuple[str, str]:
    """The future burden ratio: a dash in every year (only when there are years), or its peak."""
    limit = float(readings().loc["future_burden_ratio", "early_warning"])
    if len(burden) and burden["no_net_burden"].all():
        return (
            "将来負担比率は毎年度「－」（将来負担なし）",
            "the future burden ratio was a dash (no net burden) every year",
        )
    if burden["value"].notna().sum() == 0:
        return "将来負担比率の数値はありません", "no future burden ratio is printed"
    peak = float(burden["value"].max())
    return (
        f"将来負担比率は最高{peak:.1f}%（基準{limit:g}%）",
        f"the future burden ratio peaked at {peak:.1f}% (threshold {limit:g}%)",
    )


def glance_title(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> str:
    """'図1 …実質公債費比率は最高2.0%で早期健全化基準25%を下回り、将来負担比率は毎年度「－」…' from the data."""
    first, last = years or years_of(lr)
    shown = _years(lr, (first, last))
    debt_ja, debt_en = _debt_words(shown[shown["indicator"] == "real_debt_service_ratio"])
    burden_ja, burden_en = _burden_words(shown[shown["indicator"] == "future_burden_ratio"])
    return pick(
        lang,
        f"図1 小平市の主要5指標（{first}～{last}年度）：{debt_ja}、{burden_ja}",
        f"Figure 1. Kodaira's five main indicators, FY{first}-FY{last}: {debt_en}; {burden_en}",
    )


def intro(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> MarkdownText:
    """What this section shows and why these years: the plan period and the years before and after it, counted."""
    first, last = years or years_of(lr)
    plan_first, plan_last = PLAN_PERIOD
    before, after = max(plan_first - first, 0), max(last - plan_last, 0)
    side_ja = "と".join(p for p in (f"前の{before}年度" if before else "", f"後の{after}年度" if after else "") if p)
    side_en = " and ".join(
        p
        for p in (
            f"{number_en(before)} {'year' if before == 1 else 'years'} before it" if before else "",
            f"{number_en(after)} after it" if after else "",
        )
        if p
    )
    return (
        markdown(
            pick(
                lang,
                f"総務省が毎年度全市町村について公表する主要5指標で、プランの期間（{plan_first}～{plan_last}年度）"
                + (f"にその{side_ja}を加えた{first}～{last}年度" if side_ja else "")
                + "の毎年度を、多摩26市の中央値と範囲、全国市町村平均と比べます。",
                f"MIC's five main indicators, published every year for every municipality, for every year from FY{first} to "
                f"FY{last} (the plan period, FY{plan_first}-FY{plan_last}"
                + (f", with {side_en}" if side_en else "")
                + "), "
                "against the median and range of the 26 Tama cities and the national municipal average.",
            )
        )
        + pick(lang, "", " ")
        + AVERAGE_KIND[lang]
    )
