"""Topic: the six numerical targets of the 2nd programme, their results, the projections.

Figures (a grid of one panel per indicator), the one-glance table and the
sentences; used by the fiscal report and the index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.axes import axis_scale, unit_label
from kodaira_analysis.present.dates import format_when
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import (
    ASSESSMENT_METHOD,
    STATUS_LABELS,
    fiscal_year_label,
    format_points,
    format_target,
    format_value,
    implied_direction_note,
    pick,
    round_as_printed,
    text,
)
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import OKABE_ITO, draw_target_row, format_fiscal_year_axis, new_figure
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
    """The projection at the target year, to the precision the plan prints, the same in both languages."""
    return format_value(round_as_printed(float(row["projected_value"]), row["unit"]), row["unit"], lang)


_PLAN_MET = Wording(
    ja="{name}は{when}で{latest}となり、目標（{target}、{target_when}）を達成しています。",
    en="{name} was {latest} {when}, meeting its target ({target} {target_when}).",
)
_PLAN_NOT_MET = Wording(
    ja="{name}は{when}で{latest}となり、目標（{target}、{target_when}）を達成できませんでした。",
    en="{name} was {latest} {when} and missed its target ({target} {target_when}).",
)
_PLAN_OWN = Wording(
    ja="以上のうち{names}の達成・未達成は、プラン自身の記述によるものです{cite}。",
    en="The verdicts on {names} are the plan's own{cite}.",
)
_LATER_DATA = Wording(
    ja="{name}は{when}で{latest}（統計センターSSDSE-Aによる確定値）となり、目標（{target}、{target_when}）を{verdict}。",
    en="{name} was {latest} {when} (a settled figure from the Statistics Center's SSDSE-A), so its target "
    "({target} {target_when}) was {verdict}.",
)
_PROJECTED = Wording(
    ja="{name}は{when}で{latest}でした。プランはこの目標（{target}、{target_when}）の達成状況に触れていません。"
    "本プロジェクトの推計では{target_when}に{projected}となり、目標を{verdict}計算になります（推計であり、プランの判断ではありません）。",
    en="{name} was {latest} {when}. The plan does not say whether this target ({target} {target_when}) was met. "
    "Our projection gives {projected} {target_when}, which {verdict} the target (a projection, not the plan's verdict).",
)


def _and_en(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _subject_en(name: str) -> str:
    """An indicator's English name as the subject of a sentence: 'The staff quota'."""
    return name if name.startswith("Municipal") else "The " + name[0].lower() + name[1:]


def _when(row: pd.Series, lang: str, *, target: bool, table: bool = False) -> str:
    prefix = "target" if target else "judged"  # the result the status rests on (assess_targets)
    as_of = row.get(f"{prefix}_as_of")
    return format_when(row[f"{prefix}_fiscal_year"], as_of, row["unit"], lang, target=target, table=table)


def target_sentence(row: pd.Series, lang: str) -> str:
    """One indicator: the latest result against the target as printed, worded by whose verdict it is."""
    values = {
        "name": row["indicator_ja"] if lang == "ja" else _subject_en(row["indicator_en"]),
        "latest": format_value(row["judged_value"], row["unit"], lang),
        "when": _when(row, lang, target=False),
        "target": target_phrase(row, lang),
        "target_when": _when(row, lang, target=True),
    }
    source = row["verdict_by"]
    if source == "plan":
        return (_PLAN_MET if row["status"] == "met" else _PLAN_NOT_MET).say(lang, **values)
    if source == "later_data":
        verdict = pick(lang, "達成しました", "met") if row["met"] else pick(lang, "達成できませんでした", "missed")
        return _LATER_DATA.say(lang, verdict=verdict, **values)
    meets = row["on_track"]
    ceiling = row["comparator"] == "<="
    verdict = (
        pick(lang, ("下回る" if ceiling else "上回る"), "would meet")
        if meets
        else pick(lang, ("上回る" if ceiling else "下回る"), "would miss")
    )
    return _PROJECTED.say(lang, projected=projected_value(row, lang), verdict=verdict, **values)


_BAND = Wording(
    ja="プランの注1によれば、経常収支比率は概ね{low}～{high}%が望ましいとされています{cite}。{fy}の{value}は{where}。",
    en="The plan's footnote 1 notes that a current balance ratio of roughly {low}-{high}% is generally considered "
    "desirable{cite}; the {fy} figure of {value} is {where}.",
)


def band_sentence(row: pd.Series, band: tuple[float, float], lang: str) -> str:
    """How the current balance ratio compares with the range the plan's footnote reports as desirable."""
    low, high = band
    value = row["judged_value"]
    above = value - high
    where = (
        pick(
            lang,
            f"その上限を{format_points(above, lang, 1)}上回っています",
            f"{format_points(above, lang, 1)} above its upper end",
        )
        if above > 0
        else pick(lang, "この範囲に収まっています", "within that range")
    )
    return _BAND.say(
        lang,
        low=f"{low:.0f}",
        high=f"{high:.0f}",
        cite=cite("第１章２（４）注1", lang),
        fy=fiscal_year_label(int(row["judged_fiscal_year"]), lang),
        value=format_value(value, "percent", lang),
        where=where,
    )


_METHOD = Wording(
    ja="推計は、{method}ものです。これは本プロジェクトによる推計で、プランの見通しではありません。"
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
        draw_target_row(ax, target, lang, scale=scale)
        years.append(int(target["target_fiscal_year"]))
    if assessment is not None and not assessment["settled"]:
        if len(shown):  # the last actual point stays solid: only the projected point is hollow
            last = shown.iloc[-1]
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
                pick(lang, "目標の時点", "Target date"): _when(row, lang, target=True, table=True),
                text("latest", lang): format_value(row["judged_value"], row["unit"], lang),
                pick(lang, "実績の時点", "Date of result"): _when(row, lang, target=False, table=True),
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
    own = selected[selected["verdict_by"] == "plan"]
    if len(own):
        names = own["indicator_ja"] if lang == "ja" else "the " + own["indicator_en"].str.lower()
        sentences.append(
            _PLAN_OWN.say(
                lang,
                names=("・".join(names) if lang == "ja" else _and_en(list(names))),
                cite=cite("第１章２（４）", lang),
            )
        )
    if "current_balance_ratio" in set(selected["indicator"]):
        sentences.append(
            band_sentence(selected.set_index("indicator").loc["current_balance_ratio"], DESIRABLE_BAND, lang)
        )
    return "\n".join(f"- {s}" for s in sentences)
