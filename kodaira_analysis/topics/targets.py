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
    axis_scale,
    fiscal_year_label,
    format_points,
    format_target,
    format_value,
    implied_direction_note,
    pick,
    text,
    unit_label,
)
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import OKABE_ITO, draw_target, format_fiscal_year_axis, new_figure
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join

#: The range of the current balance ratio the plan's footnote calls desirable (percent).
DESIRABLE_BAND = (70.0, 80.0)


#: Whose judgment a verdict is: the plan's own, a later official figure's, or this project's projection.
VERDICT_SOURCES = {
    "plan": ("プランの記述", "The plan"),
    "later_data": ("後の公式統計（SSDSE-A）", "Later official data (SSDSE-A)"),
    "projection": ("本プロジェクトの推計", "Our projection"),
}


def target_phrase(row: pd.Series, lang: str) -> str:
    """The target as the plan prints it ('300億円以内'), a direction it does not print marked as ours."""
    return format_target(row, lang)


def projected_value(row: pd.Series, lang: str) -> str:
    """The projection at the target year, to the precision the plan prints (one decimal)."""
    return format_value(round(float(row["projected_value"]), 1), row["unit"], lang)


_PLAN_MET = Wording(
    ja="{name}は{fy}決算で{latest}となり、目標（{target}、{target_fy}）を達成しています。プラン自身がそう記しています{cite}。",
    en="{name} stood at {latest} in the {fy} settlement, meeting its target ({target} by {target_fy}); the plan itself says so{cite}.",
)
_PLAN_NOT_MET = Wording(
    ja="{name}は{fy}に{latest}で、目標（{target}、{target_fy}）を達成できませんでした。プラン自身がそう記しています{cite}。",
    en="{name} was {latest} in {fy} and missed its target ({target} by {target_fy}); the plan itself says so{cite}.",
)
_LATER_DATA = Wording(
    ja="{name}は{fy}に{latest}（統計センターSSDSE-Aによる確定値）で、目標（{target}、{target_fy}）を{verdict}。",
    en="{name} was {latest} in {fy} (a settled figure from the Statistics Center's SSDSE-A), so its target ({target} by {target_fy}) was {verdict}.",
)
_PROJECTED = Wording(
    ja="{name}は{fy}に{latest}でした。プランはこの目標（{target}、{target_fy}）の達成状況に触れていません。"
    "本プロジェクトの推計では{target_fy}に{projected}となり、目標に{verdict}（推計であり、プランの判断ではありません）。",
    en="{name} was {latest} in {fy}. The plan does not say whether this target ({target} by {target_fy}) was met. "
    "Our projection gives {projected} for {target_fy}, which {verdict} the target (a projection, not the plan's verdict).",
)


def _subject_en(name: str) -> str:
    """An indicator's English name as the subject of a sentence: 'The staff quota'."""
    return name if name.startswith("Municipal") else "The " + name[0].lower() + name[1:]


def target_sentence(row: pd.Series, lang: str) -> str:
    """One indicator: the latest result against the target as printed, and whose verdict it is."""
    values = {
        "name": row["indicator_ja"] if lang == "ja" else _subject_en(row["indicator_en"]),
        "latest": format_value(row["latest_value"], row["unit"], lang),
        "fy": fiscal_year_label(int(row["latest_fiscal_year"]), lang),
        "target": target_phrase(row, lang),
        "target_fy": fiscal_year_label(int(row["target_fiscal_year"]), lang),
        "cite": cite("第１章２（４）", lang),
    }
    source = row["verdict_by"]
    if source == "plan":
        return (_PLAN_MET if row["status"] == "met" else _PLAN_NOT_MET).say(lang, **values)
    if source == "later_data":
        verdict = pick(lang, "達成しました", "met") if row["met"] else pick(lang, "達成できませんでした", "missed")
        return _LATER_DATA.say(lang, verdict=verdict, **values)
    verdict = (
        pick(lang, "届く見込みです", "would meet")
        if row["on_track"]
        else pick(lang, "届かない見込みです", "would miss")
    )
    return _PROJECTED.say(lang, projected=projected_value(row, lang), verdict=verdict, **values)


def band_sentence(row: pd.Series, band: tuple[float, float], lang: str) -> str:
    """How the current balance ratio compares with the range the plan calls desirable."""
    low, high = band
    value = row["latest_value"]
    fy = fiscal_year_label(int(row["latest_fiscal_year"]), lang)
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


_METHOD = Wording(
    ja="推計方法：{method}。推計は本プロジェクトによるもので、プランの見通しではありません。"
    "目標年度の実績がある指標は推計せず、その実績で評価しています。",
    en="Projection method: {method}. Projections are this project's, not the plan's. "
    "An indicator with a result for its target year is judged on that result, not on a projection.",
)


def method_sentence(method: str, lang: str) -> str:
    """How the projections were made, whose they are, and what 'settled' means."""
    return _METHOD.say(lang, method=ASSESSMENT_METHOD[lang][method])


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
    scale = axis_scale(unit, lang)  # money in 億円 (ja) or ¥ billion (en) on the axis
    shown = results.dropna(subset=["value"])
    ax.plot(shown["fiscal_year"], shown["value"] / scale, marker="o", color=OKABE_ITO[0], label=text("result", lang))
    if band is not None:
        ax.axhspan(*band, color=OKABE_ITO[2], alpha=0.12, label=text("desirable_band", lang))
    years = list(results["fiscal_year"])
    if target is not None:
        draw_target(
            ax,
            target["target_value"],
            int(target["target_fiscal_year"]),
            target["comparator"],
            lang,
            scale=scale,
            our_reading=target["comparator_source"] == "implied",
        )
        years.append(int(target["target_fiscal_year"]))
    if assessment is not None and not assessment["settled"]:
        last = shown.iloc[-1]  # the last actual point stays solid: only the projected point is hollow
        ax.plot(
            [last["fiscal_year"], assessment["target_fiscal_year"]],
            [last["value"] / scale, assessment["projected_value"] / scale],
            linestyle=":",
            color=OKABE_ITO[0],
            zorder=2,
        )
        ax.plot(
            [assessment["target_fiscal_year"]],
            [assessment["projected_value"] / scale],
            linestyle=":",
            marker="o",
            markerfacecolor="white",
            color=OKABE_ITO[0],
            zorder=3,
            label=text("projection_ours", lang),
        )
    name = results["indicator_ja"].iloc[0] if lang == "ja" else results["indicator_en"].iloc[0]
    ax.set_title(name, fontsize=11)
    ax.set_ylabel(unit_label(unit, lang))
    ax.margins(y=0.18)  # room for the target-year note below the panel title
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
    ncols = 2 if n > 1 else 1
    nrows = int(np.ceil(n / ncols))
    fig, axes = new_figure(nrows, ncols, width=7.0, height=2.7 * nrows + 0.7)
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
    fig.legend(
        list(handles.values()), list(handles.keys()), loc="outside lower center", ncols=min(3, len(handles)), fontsize=9
    )
    del labels
    return fig


def _grid_alt(assessment: pd.DataFrame, selected: list[str], lang: str) -> str:
    """Describe the grid: each indicator's latest result, target and status."""
    rows = assessment.set_index("indicator").loc[selected]
    parts = [
        f"{r['indicator_ja'] if lang == 'ja' else r['indicator_en']} "
        f"{format_value(r['latest_value'], r['unit'], lang)} → "
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
                text("latest", lang): format_value(row["latest_value"], row["unit"], lang),
                pick(lang, "実績の年度", "Year of result"): fiscal_year_label(int(row["latest_fiscal_year"]), lang),
                text("status", lang): STATUS_LABELS[lang][row["status"]],
                pick(lang, "判断の主体", "Whose verdict"): pick(lang, *VERDICT_SOURCES[row["verdict_by"]]),
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
        note=implied_direction_note([r for _, r in assessment.iterrows()], lang),
        source=source_note("targets", lang),
    )


def target_sentences(selected: pd.DataFrame, lang: str) -> str:
    """One sentence per indicator, and the desirable band of the current balance ratio, as a Markdown list."""
    sentences = [target_sentence(row, lang) for _, row in selected.iterrows()]
    if "current_balance_ratio" in set(selected["indicator"]):
        sentences.append(
            band_sentence(selected.set_index("indicator").loc["current_balance_ratio"], DESIRABLE_BAND, lang)
        )
    return "\n".join(f"- {s}" for s in sentences)
