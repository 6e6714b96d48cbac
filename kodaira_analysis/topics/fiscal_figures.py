"""Topic: the figures of the fiscal report: the fiscal effect by category and year, the current balance ratio.

Each figure with its alt text (and the effect's table frame); the words, captions and sources are in
:mod:`kodaira_analysis.topics.fiscal`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.i18n import fiscal_year_label, format_target, pick, text
from kodaira_analysis.present.style import (
    OKABE_ITO,
    draw_target_row,
    drawn_in_house_style,
    format_fiscal_year_axis,
    label_above,
    new_figure,
)
from kodaira_analysis.present.wording import join as _join


@drawn_in_house_style
def effects_figure(fe: pd.DataFrame, lang: str, *, cumulative: bool = True) -> Figure:
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
    # 5.4 in tall (1 in less than it was): it prints beside 01's introduction on page 1, in English too
    fig, axes = new_figure(
        2 if cumulative else 1,
        1,
        width=7.0,
        height=5.4 if cumulative else 4.0,
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
        if pd.notna(total):
            label_above(ax, year, total, f"{total:,.0f}", dy=3, fontsize=9)
            continue
        # a year with no total: its words stand upright in its empty slot, as narrow as a bar, so that on a phone
        # they never run over the next years' bars (read9a c2); Japanese set vertically, English turned
        words = text("not_printed", lang)
        upright = {"text": "\n".join(words), "linespacing": 1.0} if lang == "ja" else {"text": words, "rotation": 90}
        ax.annotate(
            upright.pop("text"), (year, 0), textcoords="offset points", xytext=(0, 3), ha="center", va="bottom",
            fontsize=9, **upright,
        )  # fmt: skip
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


def effects_alt(fe: pd.DataFrame, lang: str) -> str:
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


def effects_frame(fe: pd.DataFrame, lang: str, *, cumulative: bool = False) -> pd.DataFrame:
    """Category × fiscal year in million yen, with totals; blank years say 'not printed'.

    With ``cumulative``, a last row gives the running total the figure's lower panel draws (over the
    years whose total is printed, as drawn; a year without one says 'not printed').
    """
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
    if cumulative:
        yearly = wide.loc[text("total", lang)].drop(text("total", lang))
        running = yearly.dropna().cumsum()
        wide.loc[text("cumulative", lang)] = running.reindex(wide.columns)
        wide.loc[text("cumulative", lang), text("total", lang)] = running.iloc[-1] if len(running) else np.nan
    shown = wide.map(lambda v: text("not_printed", lang) if pd.isna(v) else f"{v:,.0f}")
    shown.columns = [fiscal_year_label(c, lang) if isinstance(c, int) else c for c in shown.columns]
    shown.index.name = (
        f"{text('category', lang)}（{text('million_yen', lang)}）"
        if lang == "ja"
        else (f"{text('category', lang)} ({text('million_yen', lang)})")
    )
    return shown.reset_index()


@drawn_in_house_style
def ratio_figure(series: pd.DataFrame, target: pd.Series, lang: str) -> Figure:
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
    # values below their points: above them they ran into the target line and its marker (91.8 in FY2015)
    for _, row in series.dropna(subset=["value"]).iterrows():
        label_above(ax, row["fiscal_year"], row["value"], f"{row['value']:.1f}", dy=-14)
    ax.set_ylabel(pick(lang, "経常収支比率（%）", "Current balance ratio (%)"))
    ax.set_ylim(65, max(100, float(series["value"].max()) + 3))
    format_fiscal_year_axis(ax, series["fiscal_year"].dropna().astype(int), lang)
    fig.legend(loc="outside lower center", fontsize=8, ncols=2)
    return fig


def ratio_alt(series: pd.DataFrame, target_row: pd.Series, lang: str) -> str:
    """Describe the extended current balance ratio chart."""
    target = format_target(target_row, lang)
    shown = series.dropna(subset=["value"])
    parts = [f"{int(y)} {v:.1f}%" for y, v in zip(shown["fiscal_year"], shown["value"], strict=True)]
    return pick(
        lang,
        f"経常収支比率の折れ線グラフ（2014年度まではプラン、以降はSSDSE-A）。{_join(parts, lang)}。目標は{target}。",
        f"Line chart of the current balance ratio (plan to FY2014, SSDSE-A after). {_join(parts, lang)}. Target: {target}.",
    )
