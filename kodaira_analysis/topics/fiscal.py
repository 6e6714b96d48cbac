"""Topic: fiscal trends: the fiscal effect of the reforms, and the current balance ratio beyond the plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import (
    PLAN_TITLE,
    fiscal_year_label,
    format_million_yen,
    format_points,
    format_target,
    format_value,
    pick,
    text,
)
from kodaira_analysis.present.sources import SSDSE_SOURCE, source_note
from kodaira_analysis.present.style import OKABE_ITO, draw_target_row, format_fiscal_year_axis, label_above, new_figure
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.targets import target_phrase

_EFFECTS_SEVERAL = Wording(
    ja="{first}から{last}までの{n}年間の財政効果は、決算額の合計で{total}でした。年度別では{peak_year}の{peak}が最大で、"
    "区分別では「{top}」の{top_amount}（全体の{top_share}）が最大です。",
    en="Over the {n} fiscal years {first}-{last} the reforms yielded {total} in total (settled figures). The largest "
    "year was {peak_year} ({peak}); the largest category was '{top}' ({top_amount}, {top_share} of the total).",
)
_EFFECTS_ONE = Wording(
    ja="{first}の財政効果は、決算額で{total}でした。区分別では「{top}」の{top_amount}（全体の{top_share}）が最大です。",
    en="In {first} the reforms yielded {total} (settled figures); the largest category was '{top}' "
    "({top_amount}, {top_share} of the total).",
)
_EFFECTS_MISSING = Wording(
    ja="{years}の財政効果は、プランに記載がありません。",
    en="The plan prints no fiscal effect for {years}.",
)


_INTRODUCTION = Wording(
    ja="{plan}が示す行財政再構築の財政効果と、プランが「主な数値目標」として抜粋する{n}つの指標の達成状況をまとめます。",
    en="The fiscal effect of the restructuring, and {n} of the main numerical targets the plan excerpts, as reported in "
    "the {plan}.",
)
_TITLES = {
    "linear": ("財政の推移：財政効果と数値目標", "Fiscal trends: the effect of the reforms and the numerical targets"),
    "last_change": (
        "財政の推移：財政効果と数値目標（推計方法：直近の増減）",
        "Fiscal trends: the effect of the reforms and the numerical targets (projection: the last change)",
    ),
}


def introduction(n_targets: int, lang: str, *, projection_method: str = "linear") -> str:
    """The report's title (naming a projection method other than the default) and its opening sentence."""
    title = pick(lang, *_TITLES[projection_method])
    return f"# {title}\n\n" + _INTRODUCTION.say(lang, plan=PLAN_TITLE[lang], n=n_targets)


def effects_summary(fe: pd.DataFrame, lang: str) -> str:
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
    return ("" if lang == "ja" else " ").join(parts)


def _effects_figure(fe: pd.DataFrame, lang: str, *, cumulative: bool = True) -> Figure:
    """Stacked bars of the fiscal effect by category and year; the cumulative total beside."""
    label = "category" if lang == "ja" else "category_en"
    wide = fe.pivot_table(
        index="fiscal_year",
        columns=label,
        values="amount_million_yen",
        aggfunc="sum",
        sort=False,
        dropna=False,
        min_count=1,
    )
    order = list(dict.fromkeys(fe[label]))
    wide = wide[order]
    years = list(wide.index)
    # 5.6 in tall (0.8 in less than it was): it prints beside 01's introduction on page 1, in English too
    fig, axes = new_figure(
        2 if cumulative else 1,
        1,
        width=7.0,
        height=5.6 if cumulative else 4.0,
        gridspec_kw={"height_ratios": [3, 2]} if cumulative else {},
    )
    ax = axes[0] if cumulative else axes
    bottom = np.zeros(len(years))
    for colour, column in zip(OKABE_ITO, order, strict=False):
        values = wide[column].to_numpy(dtype=float)
        ax.bar(years, np.nan_to_num(values), bottom=bottom, color=colour, label=column, width=0.65)
        bottom += np.nan_to_num(values)
    totals = wide.sum(axis=1, min_count=1)
    for year, total in totals.items():
        note = f"{total:,.0f}" if pd.notna(total) else text("not_printed", lang)
        label_above(ax, year, 0 if pd.isna(total) else total, note, dy=3, fontsize=9)
    ax.set_ylabel(
        f"{text('fiscal_effect', lang)}（{text('million_yen', lang)}）"
        if lang == "ja"
        else f"{text('fiscal_effect', lang)} ({text('million_yen', lang)})"
    )
    format_fiscal_year_axis(ax, years, lang)
    ax.margins(y=0.15)
    ax.legend(title=text("category", lang), fontsize=8, title_fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1))
    if cumulative:
        running = totals.dropna().cumsum()
        ax2 = axes[1]
        ax2.plot(running.index, running.to_numpy(), marker="o", color=OKABE_ITO[0])
        for year, value in running.items():
            label_above(ax2, year, value, f"{value:,.0f}", fontsize=9)
        if len(running):
            ax2.set_ylim(0, running.max() * 1.2)
        ax2.set_title(text("cumulative", lang), fontsize=11)
        ax2.set_ylabel(text("million_yen", lang))
        format_fiscal_year_axis(ax2, years, lang)
    return fig


def _effects_alt(fe: pd.DataFrame, lang: str) -> str:
    """Describe the stacked bars: the yearly totals, and the years without figures."""
    by_year = fe.groupby("fiscal_year")["amount_million_yen"].sum(min_count=1)
    parts = [
        f"{fiscal_year_label(y, lang)} " + (f"{v:,.0f}" if pd.notna(v) else pick(lang, "記載なし", "not printed"))
        for y, v in by_year.items()
    ]
    return pick(
        lang,
        f"年度別・区分別の財政効果の積み上げ棒グラフ（百万円）。各年度の合計：{_join(parts, lang)}。",
        f"Stacked bar chart of the fiscal effect by category and fiscal year (million yen). Totals: {_join(parts, lang)}.",
    )


def _effects_frame(fe: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Category × fiscal year in million yen, with totals; blank years say 'not printed'."""
    label = "category" if lang == "ja" else "category_en"
    wide = fe.pivot_table(
        index=label,
        columns="fiscal_year",
        values="amount_million_yen",
        aggfunc="sum",
        sort=False,
        dropna=False,
        min_count=1,
    )
    wide[text("total", lang)] = wide.sum(axis=1, min_count=1)
    wide.loc[text("total", lang)] = wide.sum(axis=0, min_count=1)
    shown = wide.map(lambda v: text("not_printed", lang) if pd.isna(v) else f"{v:,.0f}")
    shown.columns = [fiscal_year_label(c, lang) if isinstance(c, int) else c for c in shown.columns]
    shown.index.name = (
        f"{text('category', lang)}（{text('million_yen', lang)}）"
        if lang == "ja"
        else (f"{text('category', lang)} ({text('million_yen', lang)})")
    )
    return shown.reset_index()


_RATIO_AT_TARGET = Wording(
    ja="プランに数値のない目標年度{target_fy}の経常収支比率は、統計センターのSSDSE-Aによると{value}で、"
    "目標（{target}）を{verdict}（後の公式統計による確定値）。",
    en="For the target year {target_fy}, for which the plan prints no figure, the Statistics Center's SSDSE-A gives "
    "a current balance ratio of {value}, so the target ({target}) was {verdict} (a settled figure from later official data).",
)
_RATIO_LATEST_ABOVE = Wording(
    ja="最新の{fy}は{value}で、プランの注記が望ましいとする70～80%の上限を{points}上回っています。",
    en="The latest figure, for {fy}, is {value}: {points} above the upper end of the 70-80% range the plan's footnote calls desirable.",
)
_RATIO_LATEST_WITHIN = Wording(
    ja="最新の{fy}は{value}で、プランの注記が望ましいとする70～80%の範囲にあります。",
    en="The latest figure, for {fy}, is {value}, within the 70-80% range the plan's footnote calls desirable.",
)


def ratio_sentence(series: pd.DataFrame, assessment_row: pd.Series, lang: str) -> str:
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
    return ("" if lang == "ja" else " ").join(parts)


def _ratio_figure(series: pd.DataFrame, target: pd.Series, lang: str) -> Figure:
    """The current balance ratio from the plan and from SSDSE-A, with its target and the desirable band."""
    fig, ax = new_figure(height=4.2, width=9)
    plan = series[series["source"] == "plan"].dropna(subset=["value"])
    later = series[series["source"] != "plan"].dropna(subset=["value"])
    ax.axhspan(70, 80, color=OKABE_ITO[2], alpha=0.12, label=text("desirable_band", lang))
    ax.plot(
        plan["fiscal_year"], plan["value"], marker="o", color=OKABE_ITO[0], label=pick(lang, "プランの実績", "Plan")
    )
    if len(later):
        if len(plan):  # a thin grey link only: SSDSE-A starts after the plan's last year
            joined = pd.concat([plan.tail(1), later.head(1)])
            ax.plot(joined["fiscal_year"], joined["value"], color="#999999", linestyle=":", linewidth=1)
        ax.plot(
            later["fiscal_year"],
            later["value"],
            marker="s",
            color=OKABE_ITO[1],
            linestyle="--",
            label=pick(lang, "SSDSE-A（統計センター）", "SSDSE-A (Statistics Center)"),
        )
    draw_target_row(ax, target, lang)
    for _, row in series.dropna(subset=["value"]).iterrows():
        label_above(ax, row["fiscal_year"], row["value"], f"{row['value']:.1f}", dy=7)
    ax.set_ylabel(pick(lang, "経常収支比率（%）", "Current balance ratio (%)"))
    ax.set_ylim(65, max(100, float(series["value"].max()) + 3))
    format_fiscal_year_axis(ax, series["fiscal_year"].dropna().astype(int), lang, compact=True)
    fig.legend(loc="outside lower center", fontsize=8, ncols=2)
    return fig


def _ratio_alt(series: pd.DataFrame, target_row: pd.Series, lang: str) -> str:
    """Describe the extended current balance ratio chart."""
    target = format_target(target_row, lang)
    shown = series.dropna(subset=["value"])
    parts = [f"{int(y)} {v:.1f}%" for y, v in zip(shown["fiscal_year"], shown["value"], strict=True)]
    return pick(
        lang,
        f"経常収支比率の折れ線グラフ（2014年度まではプラン、以降はSSDSE-A）。{_join(parts, lang)}。目標は{target}。",
        f"Line chart of the current balance ratio (plan to FY2014, SSDSE-A after). {_join(parts, lang)}. Target: {target}.",
    )


def effects_chart(fe: pd.DataFrame, lang: str, *, cumulative: bool = True) -> Chart:
    """The fiscal effect by category and year (and its cumulative total), as one figure with its words."""
    return Chart(
        _effects_figure(fe, lang, cumulative=cumulative),
        alt=_effects_alt(fe, lang),
        caption=pick(
            lang, "図1 区分別の財政効果（百万円、決算）", "Figure 1. Fiscal effect by category (million yen, settled)"
        ),
        source=source_note("fiscal_effects", lang),
    )


def effects_table(fe: pd.DataFrame, lang: str) -> TableView:
    """Category x fiscal year, with totals."""
    return TableView(_effects_frame(fe, lang), source=source_note("fiscal_effects", lang))


def ratio_chart(series: pd.DataFrame, target: pd.Series, lang: str) -> Chart:
    """The current balance ratio from the plan and from SSDSE-A, as one figure with its words."""
    return Chart(
        _ratio_figure(series, target, lang),
        alt=_ratio_alt(series, target, lang),
        caption=pick(
            lang, "図3 経常収支比率の推移（プランとSSDSE-A）", "Figure 3. Current balance ratio, plan and SSDSE-A"
        ),
        source=source_note("indicators", lang)
        + pick(lang, "；", "; ")
        + SSDSE_SOURCE[lang].split(pick(lang, "：", ": "), 1)[1],
    )
