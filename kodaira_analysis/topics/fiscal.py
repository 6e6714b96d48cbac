"""Topic: fiscal trends: the fiscal effect of the reforms, and the current balance ratio beyond the plan.

The words, and each figure or table as one object; the figures are drawn by
:mod:`kodaira_analysis.topics.fiscal_figures`.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import (
    PLAN_TITLE,
    fiscal_year_label,
    format_million_yen,
    format_points,
    format_value,
    pick,
    text,
)
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import source_note, with_ssdse
from kodaira_analysis.present.wording import Wording, number_en, sentences
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.fiscal_figures import effects_alt, effects_figure, effects_frame, ratio_alt, ratio_figure
from kodaira_analysis.topics.period_common import source_words
from kodaira_analysis.topics.targets import target_phrase

_EFFECTS_SEVERAL = Wording(
    ja="プランによれば、{first}から{last}までの{n}年間の財政効果は、決算額の合計で{total}でした。年度別では{peak_year}の{peak}が最大で、"
    "区分別では「{top}」の{top_amount}（全体の{top_share}）が最大です。",
    en="According to the plan, the reforms yielded {total} in total over the {n} fiscal years {first}-{last} "
    "(settled figures). The largest "
    "year was {peak_year} ({peak}); the largest category was '{top}' ({top_amount}, {top_share} of the total).",
    counts=("n",),
)
_EFFECTS_ONE = Wording(
    ja="プランによれば、{first}の財政効果は、決算額で{total}でした。区分別では「{top}」の{top_amount}（全体の{top_share}）が最大です。",
    en="According to the plan, the reforms yielded {total} in {first} (settled figures); the largest category was '{top}' "
    "({top_amount}, {top_share} of the total).",
)
_EFFECTS_MISSING = Wording(
    ja="{years}の財政効果は、プランに記載がありません。",
    en="The plan prints no fiscal effect for {years}.",
)


#: How many main numerical targets the plan excerpts in Chapter 1, 2(4).
_EXCERPTED_TARGETS = 6
_INTRODUCTION = Wording(
    ja="{plan}が示す行財政再構築の財政効果と、プランが「主な数値目標」として抜粋する{n}つの指標の達成状況をまとめます。",
    en="This report sets out the fiscal effect of the restructuring and {which} main numerical targets that the plan "
    "excerpts, as reported in the {plan}.",
)
_TITLES = {
    "linear": ("財政の推移：財政効果と数値目標", "Fiscal trends: the effect of the reforms and the numerical targets"),
    "last_change": (
        "財政の推移：財政効果と数値目標（推計方法：直近の増減）",
        "Fiscal trends: the effect of the reforms and the numerical targets (projection: the last change)",
    ),
}


def introduction(n_targets: int, lang: str, *, projection_method: str = "linear") -> MarkdownText:
    """The report's title (naming a projection method other than the default) and its opening sentence."""
    title = pick(lang, *_TITLES[projection_method])
    which = f"the {number_en(n_targets)}" if n_targets == _EXCERPTED_TARGETS else f"{number_en(n_targets)} of the six"
    return markdown(f"# {title}\n\n") + _INTRODUCTION.say(lang, plan=PLAN_TITLE[lang], n=n_targets, which=which)


def effects_summary(fe: pd.DataFrame, lang: str) -> MarkdownText:
    """Total, peak year, largest category, and the years the plan prints no figure for (no reason given)."""
    by_year = fe.groupby("fiscal_year")["amount_million_yen"].sum(min_count=1)
    printed = by_year.dropna()
    missing = [fiscal_year_label(int(y), lang) for y in by_year.index[by_year.isna()]]
    parts = []
    if len(printed):
        label = "category" if lang == "ja" else "category_en"
        by_category = fe.dropna(subset=["amount_million_yen"]).groupby(label, sort=False)["amount_million_yen"].sum()
        total, top = printed.sum(), by_category.idxmax()
        peak_year = int(printed.idxmax())
        values = {
            "first": fiscal_year_label(int(printed.index.min()), lang),
            "last": fiscal_year_label(int(printed.index.max()), lang),
            "n": len(printed),
            "total": format_million_yen(total, lang),
            "peak_year": fiscal_year_label(peak_year, lang),
            "peak": format_million_yen(printed[peak_year], lang),
            "top": top,
            "top_amount": format_million_yen(by_category[top], lang),
            "top_share": f"{by_category[top] / total:.0%}",
        }
        parts.append((_EFFECTS_SEVERAL if len(printed) > 1 else _EFFECTS_ONE).say(lang, **values))
    if missing:
        parts.append(_EFFECTS_MISSING.say(lang, years=_join(missing, lang) if lang == "ja" else ", ".join(missing)))
    return sentences(parts, lang)


_RATIO_AT_TARGET = Wording(
    ja="プランに数値のない目標年度{target_fy}の経常収支比率は、統計センターのSSDSE-Aによると{value}で、"
    "目標（{target}）を{verdict}（プラン策定後の公的統計による確定値）。",
    en="For the target year {target_fy}, for which the plan prints no figure, the Statistics Center's SSDSE-A gives "
    "a current balance ratio of {value}, so the target ({target}) was {verdict} (a settled figure from later official statistics).",
)
_RATIO_LATEST_ABOVE = Wording(
    ja="最新の{fy}は{value}で、プランの注記が「望ましいとされている」と紹介する70～80%の上限を{points}上回っています。",
    en="The latest figure, for {fy}, is {value}: {points} above the upper end of the 70-80% range that, as the plan's footnote reports, is generally considered desirable.",
)
_RATIO_LATEST_WITHIN = Wording(
    ja="最新の{fy}は{value}で、プランの注記が「望ましいとされている」と紹介する70～80%の範囲にあります。",
    en="The latest figure, for {fy}, is {value}, within the 70-80% range that, as the plan's footnote reports, is generally considered desirable.",
)


def ratio_sentence(series: pd.DataFrame, assessment_row: pd.Series, lang: str) -> MarkdownText:
    """What SSDSE-A adds to the current balance ratio: the target year, the latest year, the desirable band."""
    later = series[(series["source"] != "plan") & series["value"].notna()]
    target_fy = int(assessment_row["target_fiscal_year"])
    at_target = later[later["fiscal_year"] == target_fy]
    latest = later.iloc[-1]
    parts = []
    if len(at_target):
        value = float(at_target["value"].iloc[0])
        met = (
            value <= assessment_row["target_value"]
            if assessment_row["comparator"] == "<="
            else value >= assessment_row["target_value"]
        )
        parts.append(
            _RATIO_AT_TARGET.say(
                lang,
                target_fy=fiscal_year_label(target_fy, lang),
                value=format_value(value, "percent", lang),
                target=target_phrase(assessment_row, lang),
                verdict=pick(lang, "達成しました", "met") if met else pick(lang, "達成できませんでした", "missed"),
            )
        )
    above = float(latest["value"]) - 80.0
    latest_words = _RATIO_LATEST_ABOVE if above > 0 else _RATIO_LATEST_WITHIN
    parts.append(
        latest_words.say(
            lang,
            fy=fiscal_year_label(int(latest["fiscal_year"]), lang),
            value=format_value(float(latest["value"]), "percent", lang),
            points=format_points(above, lang, 1),
        )
    )
    return sentences(parts, lang)


def effects_chart(fe: pd.DataFrame, lang: str, *, cumulative: bool = True) -> Chart:
    """The fiscal effect by category and year (and its cumulative total), as one figure with its words."""
    return Chart(
        effects_figure(fe, lang, cumulative=cumulative),
        alt=effects_alt(fe, lang),
        caption=pick(
            lang, "図1 区分別の財政効果（百万円、決算）", "Figure 1. Fiscal effect by category (million yen, settled)"
        ),
        source=source_note("fiscal_effects", lang),
    )


def effects_table(fe: pd.DataFrame, lang: str, *, cumulative: bool = True) -> TableView:
    """Category x fiscal year, with totals (and the cumulative total the figure draws)."""
    return TableView(effects_frame(fe, lang, cumulative=cumulative), source=source_note("fiscal_effects", lang))


def ratio_chart(series: pd.DataFrame, target: pd.Series, lang: str) -> Chart:
    """The current balance ratio from the plan and from SSDSE-A, as one figure with its words."""
    return Chart(
        ratio_figure(series, target, lang),
        alt=ratio_alt(series, target, lang),
        caption=pick(
            lang, "図3 経常収支比率の推移（プランとSSDSE-A）", "Figure 3. Current balance ratio, plan and SSDSE-A"
        ),
        source=with_ssdse(source_note("indicators", lang), lang),
    )


def ratio_table(series: pd.DataFrame, lang: str) -> TableView:
    """The values Figure 3 draws: the current balance ratio by fiscal year, and whose figure each is."""
    shown = series.dropna(subset=["value"]).sort_values("fiscal_year")
    frame = pd.DataFrame(
        {
            text("fiscal_year", lang): [fiscal_year_label(int(y), lang) for y in shown["fiscal_year"]],
            pick(lang, "経常収支比率", "Current balance ratio"): [
                format_value(float(v), "percent", lang) for v in shown["value"]
            ],
            pick(lang, "出典", "Source"): [source_words(s, lang) for s in shown["source"]],
        }
    )
    return TableView(frame, source=with_ssdse(source_note("indicators", lang), lang))
