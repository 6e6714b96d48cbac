"""Topic: the figure of the six targets: one panel per indicator, its results, target, projection and band.

The words and the one-glance table are in :mod:`kodaira_analysis.topics.targets`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from kodaira_analysis.present.axes import axis_scale, unit_label
from kodaira_analysis.present.i18n import STATUS_LABELS, format_value, pick, text
from kodaira_analysis.present.style import (
    OKABE_ITO,
    draw_target,
    draw_target_row,
    drawn_in_house_style,
    format_fiscal_year_axis,
    new_figure,
)
from kodaira_analysis.present.wording import join as _join


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
    # a count on 1 April (the staff quota) stands at that day's year, as 02 Figure 1 draws it: the quota of
    # 1 April 2016 (the plan's FY2015 column) at 2016, on an axis titled 'As of 1 April'
    dated = _on_1_april(shown)
    shown = shown.assign(x=shown["as_of"].map(lambda d: pd.Timestamp(d).year) if dated else shown["fiscal_year"])
    ax.plot(shown["x"], shown["value"] / scale, marker="o", color=OKABE_ITO[0], label=text("result", lang))
    if band is not None:
        ax.axhspan(*band, color=OKABE_ITO[2], alpha=0.12, label=text("desirable_band", lang))
    years = list(shown["x"]) if dated else list(results["fiscal_year"])
    target_x = int(target["target_fiscal_year"]) if target is not None else None
    if target is not None:
        # the note goes below the marker when the figure's point at the target year stands above the line
        at_target = shown.loc[shown["fiscal_year"] == int(target["target_fiscal_year"]), "value"]
        point = at_target.iloc[-1] if len(at_target) else None
        if assessment is not None and not assessment["settled"]:
            point = assessment["projected_value"]
        above = point is not None and not pd.isna(point) and point > target["target_value"]
        if dated:
            day = pd.Timestamp(target["target_as_of"])
            target_x = day.year
            draw_target(
                ax,
                target["target_value"],
                day.year,
                target["comparator"],
                lang,
                scale=scale,
                our_reading=target["comparator_source"] == "implied",
                note_below=above,
                note=pick(lang, f"目標（{day.year}.{day.month}.{day.day}）", f"target ({day.day} {day:%b} {day.year})"),
            )
        else:
            draw_target_row(ax, target, lang, scale=scale, note_below=above)
        years.append(target_x)
    if assessment is not None and not assessment["settled"]:
        if len(shown):  # the last actual point stays solid: only the projected point is hollow
            last = shown.iloc[-1]
            ax.plot(
                [last["x"], target_x if dated else assessment["target_fiscal_year"]],
                [last["value"] / scale, assessment["projected_value"] / scale],
                linestyle=":",
                color=OKABE_ITO[0],
                zorder=2,
            )
        low, high = assessment.get("projection_low"), assessment.get("projection_high")
        if low is not None and high is not None and not pd.isna(low) and high > low:  # the fits' spread
            ax.vlines(
                target_x if dated else assessment["target_fiscal_year"],
                low / scale,
                high / scale,
                color=OKABE_ITO[0],
                linewidth=2.5,
                zorder=2,
                label=pick(lang, "推計の幅", "Projection range"),
            )
        ax.plot(
            [target_x if dated else assessment["target_fiscal_year"]],
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
    format_fiscal_year_axis(ax, years, lang, label=False)
    if dated:
        ax.set_xlabel(pick(lang, "各年4月1日現在", "As of 1 April"), fontsize=9)


def _on_1_april(shown: pd.DataFrame) -> bool:
    """Whether every result is a count on 1 April (the staff quota), not a settlement or a fiscal year's end."""
    if "as_of" not in shown or shown["as_of"].isna().any() or not len(shown):
        return False
    days = shown["as_of"].map(pd.Timestamp)
    return bool(((days.dt.month == 4) & (days.dt.day == 1)).all())


@drawn_in_house_style
def grid_figure(
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
    handles: dict[str, Artist] = {}  # one legend entry per label, in the order first drawn
    for ax in flat[:n]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    fig.legend(
        list(handles.values()), list(handles.keys()), loc="outside lower center", ncols=min(2, len(handles)), fontsize=9
    )
    return fig


def grid_alt(assessment: pd.DataFrame, selected: list[str], lang: str) -> str:
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
