"""Topic: fiscal health before, during and after the plan period (FY2017-FY2020), from SSDSE-A's settlements.

Every chart shades the plan period, marks the plan's own points apart from
SSDSE-A's, and has a table of its numbers; per-resident money names its
denominator (the census at or before the fiscal year).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period, period_compare
from kodaira_analysis.analysis.dataset import load
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.sources import SSDSE_SOURCE, cite, source_note
from kodaira_analysis.present.style import drawn_in_house_style, format_fiscal_year_axis, new_figure
from kodaira_analysis.present.wording import Wording, join
from kodaira_analysis.topics.period_common import fmt, moves_words, shade_plan_period
from kodaira_analysis.topics.period_measures import (
    axis_label,
    measures_chart,
    name,
    plan_years,
    plot_measure,
    source_key,
    values_of,
    wide_frame,
)
from kodaira_analysis.topics.summary_period import JUMP, jump_values

HEADING = Wording(
    ja="## プランの期間（2017～2020年度）の財政（プラン策定後の公的統計）",
    en="## The plan period (FY2017-FY2020) in later official statistics",
)
INTRO = Wording(
    ja="統計センターのSSDSE-Aが掲載する小平市の決算（{first}～{last}）で、プランの期間（2017～2020年度、網掛け）とその前後を見ます。"
    "年度はいずれも決算年度です。経常収支比率の2014年度まではプランの数値です。",
    en="Kodaira's settled accounts as the Statistics Center's SSDSE-A publishes them ({first} to {last}), before, "
    "during and after the plan period (FY2017-FY2020, shaded). Every year is a fiscal year's settlement; the current balance "
    "ratio up to FY2014 is the plan's own figure.",
)
RATIOS = Wording(
    ja="{base_year}から{last_year}まで毎年の動きを見ると、経常収支比率は{cbr_base}から{cbr_last}へ、{cbr_moves}で、"
    "プランの期間中は{cbr_low}～{cbr_high}でした。実質公債費比率は{rds_base}から{rds_last}へ、{rds_moves}で、"
    "プランの期間中は{rds_low}～{rds_high}でした。",
    en="Year by year from {base_year} to {last_year}, the current balance ratio went from {cbr_base} to {cbr_last} "
    "({cbr_moves}) and stayed between {cbr_low} and {cbr_high} during the plan period; the real debt-service ratio "
    "went from {rds_base} to {rds_last} ({rds_moves}), between {rds_low} and {rds_high} during the plan period.",
)
TAXES = Wording(
    ja="プランは、市の収入の根幹である市税が{streak_end}まで{streak}年連続で増えた一方、社会保障関係経費の増加や"
    "法人住民税のさらなる国税化の影響は予断を許さないとしています{cite}。SSDSE-Aの地方税（決算）は{base_year}の{base}から"
    "{peak_year}の{peak}まで増え、その後、{after}でした。",
    en="The plan calls city tax the backbone of the city's revenue: it rose for {streak} years in a row up to "
    "{streak_end}, but the effect of rising social-security costs and of the further conversion of the corporate "
    "inhabitant tax into a national tax remained uncertain{cite}. SSDSE-A's local taxes (settled) rose from {base} in "
    "{base_year} to {peak} in {peak_year}, and were then {after}.",
    counts=("streak",),
)


def heading(lang: str) -> str:
    """The section's heading."""
    return HEADING.say(lang)


def intro(fiscal: pd.DataFrame, lang: str) -> str:
    """What the section shows, from which years, and what kind of year."""
    years = fiscal[fiscal["source"] != "plan"]["year"]
    return INTRO.say(
        lang, first=fiscal_year_label(int(years.min()), lang), last=fiscal_year_label(int(years.max()), lang)
    )


def _source(lang: str, *, plan: bool) -> str:
    ssdse = SSDSE_SOURCE[lang]
    if not plan:
        return ssdse
    return source_note("indicators", lang) + pick(lang, "；", "; ") + ssdse.split(pick(lang, "：", ": "), 1)[1]


@drawn_in_house_style
def ratios_chart(fiscal: pd.DataFrame, lang: str) -> Chart:
    """The current balance ratio and the real debt-service ratio, one panel each."""
    measures = ("current_balance_ratio", "real_debt_service_ratio")
    fig, axes = new_figure(2, 1, height=5.6, sharex=True)
    for ax, measure in zip(axes, measures, strict=True):
        shade_plan_period(ax, lang)
        plot_measure(ax, fiscal, measure, lang)
        ax.set_ylabel(axis_label(name(measure, lang), "percent", lang), fontsize=9)
        ax.margins(y=0.25)
    source_key(axes[0], lang, plan=True)
    format_fiscal_year_axis(axes[1], plan_years(fiscal, measures), lang)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8)
    return measures_chart(
        fig,
        fiscal,
        measures,
        ("経常収支比率と実質公債費比率", "the current balance and real debt-service ratios"),
        (
            "図4 経常収支比率と実質公債費比率（決算、%）",
            "Figure 4. Current balance ratio and real debt-service ratio (settled, %)",
        ),
        lang,
        source=_source(lang, plan=True),
    )


def ratios_table(fiscal: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 4."""
    return TableView(
        wide_frame(fiscal, ("current_balance_ratio", "real_debt_service_ratio"), lang),
        caption=pick(lang, "表 図4の数値", "Table: the numbers of Figure 4"),
        source=_source(lang, plan=True),
    )


def ratios_sentence(fiscal: pd.DataFrame, lang: str) -> str:
    """The two ratios over every year from the year before the plan period to the latest, and their range in it."""
    base, (first, end) = period.BASE_YEAR, period.PLAN_PERIOD
    values: dict[str, object] = {}
    last = base
    for key, measure in (("cbr", "current_balance_ratio"), ("rds", "real_debt_service_ratio")):
        series = values_of(fiscal, measure)
        moves = period_compare.yearly_moves(fiscal, measure, base)
        during = series.loc[first:end]
        last = max(last, moves["last_year"])
        values |= {
            f"{key}_base": fmt(float(series.get(base, float("nan"))), "percent", lang),
            f"{key}_last": fmt(float(series[moves["last_year"]]), "percent", lang),
            f"{key}_moves": moves_words(moves, lang, prose=True),
            f"{key}_low": fmt(float(during.min()), "percent", lang),
            f"{key}_high": fmt(float(during.max()), "percent", lang),
        }
    return RATIOS.say(lang, base_year=fiscal_year_label(base, lang), last_year=fiscal_year_label(last, lang), **values)


@drawn_in_house_style
def money_chart(fiscal: pd.DataFrame, lang: str) -> Chart:
    """Total revenue and expenditure, and local taxes, settled, in 億円 / ¥ billion."""
    measures = ("revenue", "expenditure", "local_taxes")
    fig, ax = new_figure(height=4.4)
    shade_plan_period(ax, lang)
    for measure, offset in zip(measures, (5, -12, 5), strict=True):  # revenue's values above, expenditure's below
        plot_measure(ax, fiscal, measure, lang, labels=offset, legend=True)
    ax.set_ylabel(axis_label(pick(lang, "決算額", "Settled amount"), "million_yen", lang))
    ax.set_ylim(0, None)
    ax.margins(y=0.12)
    source_key(ax, lang, plan=False)
    format_fiscal_year_axis(ax, plan_years(fiscal, measures), lang)
    fig.legend(loc="outside lower center", ncols=3, fontsize=8)
    return measures_chart(
        fig,
        fiscal,
        measures,
        ("歳入・歳出決算総額と地方税", "total revenue, total expenditure and local taxes"),
        _money_caption(fiscal),
        lang,
    )


def _money_caption(fiscal: pd.DataFrame) -> tuple[str, str]:
    """Figure 5's caption: what it shows, and what the expenditure did in its largest one-year rise and after it.

    The rise is the largest year-on-year change in the data; the years after are said only where every one of them
    stayed above the year before the rise (all of them, never two chosen ones).
    """
    spent = fiscal[fiscal["measure"] == "expenditure"].dropna(subset=["value"]).set_index("year")["value"].sort_index()
    head = (
        "図5 歳入・歳出決算総額と地方税（決算、億円）",
        "Figure 5. Total revenue and expenditure, and local taxes (settled, ¥ billion)",
    )
    rises = (spent / spent.shift(1) - 1).dropna() * 100
    if rises.empty or rises.max() <= 0:
        return head
    year, percent = int(rises.idxmax()), float(rises.max())
    before, after = year - 1, [int(y) for y in spent.index if y > year]
    ja = f"{head[0]}：歳出は{year}年度に前年度から{percent:.0f}%増え"
    en = f"{head[1]}: expenditure rose {percent:.0f}% in FY{year}"
    if after and all(spent[y] > spent[before] for y in after):
        span_ja = f"{after[0]}年度" if len(after) == 1 else f"{after[0]}～{after[-1]}年度"
        span_en = f"FY{after[0]}" if len(after) == 1 else f"FY{after[0]}-FY{after[-1]}"
        ja += f"、{span_ja}も{before}年度を上回る"
        en += f" and stayed above FY{before} in {span_en}"
    return ja, en


def money_table(fiscal: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 5."""
    return TableView(
        wide_frame(fiscal, ("revenue", "expenditure", "local_taxes"), lang),
        caption=pick(lang, "表 図5の数値", "Table: the numbers of Figure 5"),
        source=SSDSE_SOURCE[lang],
    )


def jump_sentence(table: pd.DataFrame, fiscal: pd.DataFrame, lang: str) -> str:
    """The FY2020 jump said as the summary says it: in every Tama city, no reason given by SSDSE-A, and the years after."""
    return JUMP.say(lang, **jump_values(table, fiscal, lang))


def _and_list(parts: list[str], lang: str) -> str:
    """A list in running text: 「、」 in Japanese; 'a, b and c' in English.

    >>> _and_list(["a", "b", "c"], "en"), _and_list(["a", "b"], "ja")
    ('a, b and c', 'a、b')
    """
    if lang == "ja" or len(parts) < 2:
        return join(parts, lang)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def taxes_sentence(fiscal: pd.DataFrame, lang: str) -> str:
    """The plan's own account of city tax, then SSDSE-A's local taxes."""
    taxes = values_of(fiscal, "local_taxes")
    base, end, last = period.BASE_YEAR, period.PLAN_PERIOD[1], int(taxes.index.max())
    upto = taxes.loc[base:end]  # the peak within the plan period; every later year is then named
    peak = int(upto.idxmax())
    streak = load("plan_history").set_index("event_id").loc["city_tax_rise_streak"]  # 平成26年度まで4年連続
    return TAXES.say(
        lang,
        streak=int(streak["end_fiscal_year"]) - int(streak["start_fiscal_year"]) + 1,
        streak_end=fiscal_year_label(int(streak["end_fiscal_year"]), lang),
        cite=cite(str(streak["section"]), lang),
        base=fmt(float(taxes.get(base, float("nan"))), "million_yen", lang),
        peak=fmt(float(taxes[peak]), "million_yen", lang),
        after=_and_list(
            [
                pick(
                    lang,
                    f"{fiscal_year_label(y, lang)}は{fmt(float(v), 'million_yen', lang)}",
                    f"{fmt(float(v), 'million_yen', lang)} in FY{y}",
                )
                for y, v in taxes.loc[peak + 1 : last].items()
            ],
            lang,
        ),
        **{f"{k}_year": fiscal_year_label(y, lang) for k, y in (("base", base), ("peak", peak))},
    )
