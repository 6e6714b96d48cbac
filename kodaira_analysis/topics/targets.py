"""Topic: the six numerical targets of the 2nd programme, their results, the projections.

Figures (a grid of one panel per indicator), the one-glance table and the
sentences; used by the fiscal report and the index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import (
    ASSESSMENT_METHOD,
    STATUS_LABELS,
    fiscal_year_label,
    format_points,
    format_value,
    judged_by_label,
    pick,
    text,
    unit_label,
)
from kodaira_analysis.present.sources import SSDSE_SOURCE, cite, source_note
from kodaira_analysis.present.style import OKABE_ITO, draw_target, format_fiscal_year_axis, new_figure
from kodaira_analysis.present.wording import join as _join

#: The range of the current balance ratio the plan's footnote calls desirable (percent).
DESIRABLE_BAND = (70.0, 80.0)


def _comparator_words(comparator: str, lang: str) -> str:
    return {("<=", "ja"): "以下", (">=", "ja"): "以上", ("<=", "en"): "or less", (">=", "en"): "or more"}[
        (comparator, lang)
    ]


def target_phrase(row: pd.Series, lang: str) -> str:
    """The target value with its comparator: '95.0%以下' / '95.0% or less'."""
    value = format_value(row["target_value"], row["unit"], lang)
    return (
        f"{value}{_comparator_words(row['comparator'], lang)}"
        if lang == "ja"
        else (f"{value} {_comparator_words(row['comparator'], lang)}")
    )


def projected_value(row: pd.Series, lang: str) -> str:
    """The projection at the target year, to the precision the plan prints (one decimal)."""
    return format_value(round(float(row["projected_value"]), 1), row["unit"], lang)


def target_sentence(row: pd.Series, lang: str) -> str:
    """One indicator: latest result, the target, the status and the projection."""
    name = row["indicator_ja"] if lang == "ja" else row["indicator_en"]
    latest = format_value(row["judged_value"], row["unit"], lang)
    fy = fiscal_year_label(int(row["judged_fiscal_year"]), lang)
    status = STATUS_LABELS[lang][row["status"]]
    whose = judged_by_label(row["judged_by"], lang)
    target_fy = fiscal_year_label(int(row["target_fiscal_year"]), lang)
    if lang == "ja":
        sentence = (
            f"{name}は{fy}に{latest}で、目標「{target_fy}に{target_phrase(row, lang)}」に対して「{status}」です"
            f"（{whose}）。"
        )
        if not row["settled"]:
            verdict = "満たします" if row["on_track"] else "届きません"
            sentence += f"本分析の推計では{target_fy}に{projected_value(row, lang)}で、目標を{verdict}。"
        return sentence
    sentence = (
        f"{name}: {latest} in {fy}, against a target of {target_phrase(row, lang)} by {target_fy}; "
        f"status: {status} ({whose[0].lower() + whose[1:]})."
    )
    if not row["settled"]:
        verdict = "would meet" if row["on_track"] else "would miss"
        sentence += f" Our projection gives {projected_value(row, lang)} in {target_fy}, which {verdict} the target."
    return sentence


def band_sentence(row: pd.Series, band: tuple[float, float], lang: str) -> str:
    """How the current balance ratio compares with the range the plan calls desirable."""
    low, high = band
    value = row["judged_value"]
    fy = fiscal_year_label(int(row["judged_fiscal_year"]), lang)
    above = value - high
    if lang == "ja":
        where = f"上限を{format_points(above, lang, 1)}上回っています" if above > 0 else "この範囲に収まっています"
        return (
            f"プランの注記は経常収支比率について概ね{low:.0f}～{high:.0f}%が望ましいとしており"
            f"{cite('第１章２（４）注1', lang)}、{fy}の{format_value(value, 'percent', lang)}は{where}。"
        )
    where = f"{format_points(above, lang, 1)} above its upper end" if above > 0 else "within that range"
    return (
        f"The plan's footnote calls a current balance ratio of about {low:.0f}-{high:.0f}% desirable"
        f"{cite('第１章２（４）注1', lang)}; the {fy} figure of {format_value(value, 'percent', lang)} is {where}."
    )


def method_sentence(method: str, lang: str) -> str:
    """How the projections were made, and what 'settled' means."""
    if lang == "ja":
        return (
            f"推計方法：{ASSESSMENT_METHOD['ja'][method]}。目標年度の実績がある指標は推計せず、"
            "その実績で評価しています。プランにない後年度の実績は統計センターのSSDSE-Aによります。"
        )
    return (
        f"Projection method: {ASSESSMENT_METHOD['en'][method]}. An indicator with a result for its target year "
        "is judged on that result, not on a projection. Results later than the plan's come from the "
        "Statistics Center's SSDSE-A."
    )


def indicator_panel(
    ax,
    results: pd.DataFrame,
    target: pd.Series | None,
    assessment: pd.Series | None,
    lang: str,
    *,
    band: tuple[float, float] | None = None,
) -> None:
    """One indicator's results, its target, the projection and (optionally) a desirable band."""
    unit = results["unit"].iloc[0]
    scale = 100.0 if unit == "million_yen" else 1.0  # money in 億円 on the axis
    shown = results.dropna(subset=["value"])
    ax.plot(shown["fiscal_year"], shown["value"] / scale, marker="o", color=OKABE_ITO[0], label=text("result", lang))
    if band is not None:
        ax.axhspan(*band, color=OKABE_ITO[2], alpha=0.12, label=text("desirable_band", lang))
    years = list(results["fiscal_year"])
    if target is not None:
        draw_target(
            ax, target["target_value"], int(target["target_fiscal_year"]), target["comparator"], lang, scale=scale
        )
        years.append(int(target["target_fiscal_year"]))
    if assessment is not None and not assessment["settled"]:
        last = shown.iloc[-1]
        ax.plot(
            [last["fiscal_year"], assessment["target_fiscal_year"]],
            [last["value"] / scale, assessment["projected_value"] / scale],
            linestyle=":",
            marker="o",
            markerfacecolor="white",
            color=OKABE_ITO[0],
            label=f"{text('projection', lang)}",
        )
    name = results["indicator_ja"].iloc[0] if lang == "ja" else results["indicator_en"].iloc[0]
    ax.set_title(name, fontsize=11)
    ax.set_ylabel(unit_label(unit, lang))
    format_fiscal_year_axis(ax, years, lang, label=False, compact=True)


def _grid_figure(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    assessment: pd.DataFrame,
    lang: str,
    *,
    selected: list[str],
    show_targets: bool = True,
) -> Figure:
    """Small multiples: each selected indicator against its target."""
    n = len(selected)
    ncols = 3 if n > 2 else n
    nrows = int(np.ceil(n / ncols))
    fig, axes = new_figure(nrows, ncols, width=11, height=3.4 * nrows)
    flat = np.atleast_1d(axes).ravel()
    for ax, indicator in zip(flat, selected, strict=False):
        results = indicators[indicators["indicator"] == indicator]
        target = targets.set_index("indicator").loc[indicator] if show_targets else None
        assess = assessment.set_index("indicator").loc[indicator] if show_targets else None
        band = (70.0, 80.0) if indicator == "current_balance_ratio" else None
        indicator_panel(ax, results, target, assess, lang, band=band)
    for ax in flat[n:]:
        ax.set_visible(False)
    handles, labels = {}, {}
    for ax in flat[:n]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    fig.legend(list(handles.values()), list(handles.keys()), loc="outside lower center", ncols=len(handles), fontsize=9)
    del labels
    return fig


def _grid_alt(assessment: pd.DataFrame, selected: list[str], lang: str) -> str:
    """Describe the grid: each indicator's latest result, target and status."""
    rows = assessment.set_index("indicator").loc[selected]
    parts = [
        f"{r['indicator_ja'] if lang == 'ja' else r['indicator_en']} "
        f"{format_value(r['judged_value'], r['unit'], lang)} → "
        f"{pick(lang, '目標', 'target')} {format_value(r['target_value'], r['unit'], lang)}"
        f"{pick(lang, '（', ' (')}{STATUS_LABELS[lang][r['status']]}{pick(lang, '）', ')')}"
        for _, r in rows.iterrows()
    ]
    return pick(
        lang,
        f"数値目標の指標ごとの折れ線グラフ。実績、目標線、目標年度、推計を示す。{_join(parts, lang)}。",
        f"Line charts of each target indicator with its results, target line, target year and projection. "
        f"{_join(parts, lang)}.",
    )


def _table_frame(assessment: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The one-glance summary: indicator, target and its year, latest result and its year, status, projection."""
    rows = []
    for _, row in assessment.iterrows():
        rows.append(
            {
                text("indicator", lang): row["indicator_ja"] if lang == "ja" else row["indicator_en"],
                text("target", lang): target_phrase(row, lang),
                pick(lang, "目標年度", "Target year"): fiscal_year_label(int(row["target_fiscal_year"]), lang),
                pick(lang, "評価に用いた実績", "Result judged"): format_value(row["judged_value"], row["unit"], lang),
                pick(lang, "実績の年度", "Year of result"): fiscal_year_label(int(row["judged_fiscal_year"]), lang),
                text("source", lang): pick(lang, "プラン", "Plan")
                if row["judged_source"] == "plan"
                else str(row["judged_source"]),
                text("status", lang): STATUS_LABELS[lang][row["status"]],
                pick(lang, "判断の主体", "Whose judgment"): judged_by_label(row["judged_by"], lang),
                text("projected", lang): "—" if row["settled"] else projected_value(row, lang),
            }
        )
    return pd.DataFrame(rows)


def targets_chart(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    assessment: pd.DataFrame,
    lang: str,
    *,
    selected: list[str],
    show_targets: bool = True,
) -> Chart:
    """Each selected indicator against its target, as one figure with its words."""
    return Chart(
        _grid_figure(indicators, targets, assessment, lang, selected=selected, show_targets=show_targets),
        alt=_grid_alt(assessment, selected, lang),
        caption=pick(lang, "図2 数値目標の指標と目標", "Figure 2. The target indicators against their targets"),
        source=source_note("indicators", lang),
    )


def targets_table(assessment: pd.DataFrame, lang: str) -> TableView:
    """The targets at a glance: target, latest result, status, projection."""
    return TableView(
        _table_frame(assessment, lang),
        caption=pick(lang, "表 数値目標の評価（一覧）", "Table: the targets at a glance"),
        source=source_note("targets", lang)
        + (" / " + SSDSE_SOURCE[lang] if assessment["judged_source"].astype(str).str.startswith("SSDSE").any() else ""),
    )


def target_sentences(selected: pd.DataFrame, lang: str) -> str:
    """One sentence per indicator, and the desirable band of the current balance ratio, as a Markdown list."""
    sentences = [target_sentence(row, lang) for _, row in selected.iterrows()]
    if "current_balance_ratio" in set(selected["indicator"]):
        sentences.append(
            band_sentence(selected.set_index("indicator").loc["current_balance_ratio"], DESIRABLE_BAND, lang)
        )
    return "\n".join(f"- {s}" for s in sentences)
