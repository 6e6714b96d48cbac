"""Topic: the charts of report 05: each measure's spread in one year, and each measure over the years.

On both, the subject is a vermilion diamond, the group median a dotted line, and the highest and lowest
city are named; labels use the tables' decimals and sit on the side away from the median line.
"""

from __future__ import annotations

import itertools
import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kodaira_analysis.analysis.mic_long_run import KODAIRA as KODAIRA_CODE
from kodaira_analysis.present.figure import Chart
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, new_figure
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.peer_tables import is_fiscal, year_cell
from kodaira_analysis.topics.peers import direction_text, fmt, label, source_line

SUBJECT_COLOUR = OKABE_ITO[5]
MEDIAN_COLOUR = OKABE_ITO[7]
OTHERS_COLOUR = "#999999"
PLAN_COLOUR = OKABE_ITO[4]
#: The 3rd plan's period, FY2017-FY2020, shaded on every time axis.
PLAN_PERIOD = (2017, 2020)
#: The tallest the trend chart is drawn (inches, at 7 in wide): printed, it keeps its size (report.css caps a
#: figure at 210 mm so that a heading, the figure and its caption share one A4 page), so labels stay legible.
#: 8.4 in left no room for its caption of seven lines in English (two sources) and its heading: the heading
#: printed alone at a page's foot (05-en, 2026-12-06); 7.4 in prints at 190 mm.
MAX_HEIGHT_IN = 7.4
#: The height of a row of the strip chart (inches, at 7 in wide): in two columns, seven measures took four rows,
#: 5.5 in, and the chart followed Table 2 on its A4 page; the nine measures with MIC's two take five rows, 6.8 in,
#: and the printed chart opens the next page (Table 2's page stays about two-thirds full, 2026-12-06).
STRIP_ROW_IN = 1.3


def _title(measure: str, lang: str, width: int, year: int | None = None) -> str:
    """Two lines at most: the measure and its unit; (the year and) the favourable direction."""
    name = label(measure, lang, unit=True)
    name = "\n".join(textwrap.wrap(name, width)) if lang == "en" else name
    second = direction_text(measure, lang)
    if year is not None:
        second = (
            year_cell(year, is_fiscal(measure), lang) + pick(lang, "・", "; ") + second
        )  # 2022年度 for a settlement
    if lang == "en" and len(second) > width:  # broken between its clauses: 'lowest' ran on into the next panel's title
        lines = [""]
        for clause in second.split("; "):
            if lines[-1] and len(f"{lines[-1]}; {clause}") > width:
                lines[-1] += ";"
                lines.append(clause)
            else:
                lines[-1] = f"{lines[-1]}; {clause}" if lines[-1] else clause
        second = "\n".join(lines)
    return f"{name}\n{second}"


def _subject_label(row, lang: str) -> str:
    name = row["municipality"] if lang == "ja" else row["municipality_en"]
    return f"{name} {fmt(row['value'], row['measure'])}"


@drawn_in_house_style
def _strip_figure(measured: pd.DataFrame, lang: str, selected: list[str]) -> Figure:
    n = len(selected)
    ncols = 2 if n > 1 else 1
    nrows = math.ceil(n / ncols)
    fig, axes = new_figure(nrows, ncols, width=7.0, height=STRIP_ROW_IN * nrows + 0.3)
    axes = np.atleast_1d(axes).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax, measure in zip(axes, selected, strict=False):
        rows = measured[measured["measure"] == measure]
        group, subject = rows[rows["in_group"] & ~rows["is_subject"]], rows[rows["is_subject"]]
        median = rows["group_median"].iloc[0]
        ax.axvline(median, color=MEDIAN_COLOUR, linestyle=":", linewidth=1.2, zorder=1)
        ax.scatter(group["value"], np.zeros(len(group)), color=OTHERS_COLOUR, s=20, zorder=2)
        ax.scatter(subject["value"], np.zeros(len(subject)), color=SUBJECT_COLOUR, s=60, zorder=3, marker="D")
        in_group = rows[rows["in_group"]]
        low, high = in_group["value"].min(), in_group["value"].max()
        values = [low, high, *subject["value"]]
        close = (high - low) < 0.4 * (max(values) - min(values))  # the two end labels would meet: run them outwards
        pad = (max(values) - min(values)) * (0.2 if close else 0.12) or 1
        ends = (
            (in_group.loc[in_group["value"].idxmin()], "right" if close else "left"),
            (in_group.loc[in_group["value"].idxmax()], "left" if close else "right"),
        )
        for row, ha in [(row, ha) for row, ha in ends if not row["is_subject"]]:  # the subject has its own label
            name = row["municipality"] if lang == "ja" else row["municipality_en"]
            ax.annotate(f"{name} {fmt(row['value'], measure)}", (row["value"], 0), textcoords="offset points",
                        xytext=(0, -14), ha=ha, va="center", fontsize=8, color="#555555")  # fmt: skip
        if len(subject):
            s = subject.iloc[0]
            right = s["value"] >= median  # the label runs away from the median line
            ax.annotate(_subject_label(s, lang), (s["value"], 0), textcoords="offset points",
                        xytext=(4 if right else -4, 9), ha="left" if right else "right", fontsize=8,
                        color=SUBJECT_COLOUR)  # fmt: skip
        ax.set_title(
            _title(measure, lang, 80 if ncols == 1 else 44, int(rows["year"].iloc[0])), fontsize=8.5, loc="left"
        )
        ax.set_yticks([])
        ax.set_ylim(-1.4, 1.4)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlim(min(values) - pad, max(values) + pad)
    return fig


def strip_chart(measured: pd.DataFrame, group: dict, lang: str, *, selected: list[str]) -> Chart:
    """Every city of the group on each measure in the chosen year, the subject highlighted, the median dotted."""
    selected = [m for m in selected if m in set(measured["measure"])]
    subject = measured[measured["is_subject"]]
    name = subject["municipality" if lang == "ja" else "municipality_en"].iloc[0]
    parts = [
        f"{label(r['measure'], lang)} {fmt(r['value'], r['measure'])}"
        + pick(lang, f"（中央値{fmt(r['group_median'], r['measure'], median=True)}）",
               f" (median {fmt(r['group_median'], r['measure'], median=True)})")
        for _, r in subject.iterrows()
    ]  # fmt: skip
    return Chart(
        _strip_figure(measured, lang, selected),
        alt=pick(
            lang,
            f"{group['ja']}の各指標の分布。{name}の値：{_join(parts, lang)}。",
            f"Each measure across {group['en']}; {name}'s values: {_join(parts, lang)}.",
        ),
        caption=pick(
            lang,
            f"図1 各指標の分布（最新の数値。時点は指標ごとに表2）：◆が{name}、点線が{group['ja']}の中央値。左右の端に最も低い市と最も高い市",
            f"Figure 1. Each measure across {group['en']}, latest figures (each one's point in time in Table 2; diamond: {name}; dotted line: median of the group;"
            " the lowest and highest city named at either end)",
        ),
        source=source_line(selected, lang),
    )


def _spread(positions: list[float], gap: float) -> list[float]:
    """Move label heights apart by at least ``gap``, keeping their order."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    out = list(positions)
    for before, after in itertools.pairwise(order):
        out[after] = max(out[after], out[before] + gap)
    return out


def _trend_panel(ax, trends: pd.DataFrame, summary: pd.DataFrame, measure: str, lang: str) -> None:
    rows = trends[trends["measure"] == measure]
    ax.axvspan(PLAN_PERIOD[0] - 0.5, PLAN_PERIOD[1] + 0.5, color=PLAN_COLOUR, alpha=0.12, linewidth=0, zorder=0)
    line = summary[summary["measure"] == measure].sort_values("year")
    years = line["year"].tolist()
    for _, city in rows[rows["in_group"] & ~rows["is_subject"]].groupby("municipality_code"):
        city = city.sort_values("year")
        ax.plot(city["year"], city["value"], color=OTHERS_COLOUR, linewidth=0.6, alpha=0.6, zorder=1)
    ax.plot(years, line["group_median"], color=MEDIAN_COLOUR, linestyle=":", linewidth=1.4, zorder=2)
    ax.plot(years, line["value"], color=SUBJECT_COLOUR, marker="D", markersize=4, linewidth=1.6, zorder=3)
    last = line.iloc[-1]
    low, high = rows["value"].min(), rows["value"].max()
    # Labels at the right end stand at least one label's height apart: 13% of the values' range was less than that on
    # a short panel, and '清瀬市 101.1' printed over '小平市 101.0'. The height is measured on the panel as laid out.
    spread = (high - low) or 1.0
    line_px = 8 / 72 * ax.figure.dpi * 1.35
    share = min(line_px / max(ax.get_window_extent().height, 1.0), 0.3)
    gap = max(spread * 0.13, spread * share / (1 - 2 * share))
    labels = [
        (last["highest_value"], f"{last['highest' if lang == 'ja' else 'highest_en']} {fmt(last['highest_value'], measure)}", "#555555"),
        (last["lowest_value"], f"{last['lowest' if lang == 'ja' else 'lowest_en']} {fmt(last['lowest_value'], measure)}", "#555555"),
    ]  # fmt: skip
    subject_name = rows.loc[rows["is_subject"], "municipality" if lang == "ja" else "municipality_en"]
    if not pd.isna(last["value"]):
        subject_text = f"{subject_name.iloc[0]} {fmt(last['value'], measure)}"
        labels = [lab for lab in labels if not math.isclose(lab[0], last["value"])]  # the subject is an extreme
        labels.append((last["value"], subject_text, SUBJECT_COLOUR))
    labels.append(
        (
            last["group_median"],
            pick(lang, "中央値 ", "median ") + fmt(last["group_median"], measure, median=True),
            MEDIAN_COLOUR,
        )
    )
    heights = _spread([lab[0] for lab in labels], gap)
    for (_, text, colour), y in zip(labels, heights, strict=True):
        ax.text(years[-1] + 0.35, y, text, fontsize=8, color=colour, va="center",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})  # fmt: skip
    span = max(years[-1] - years[0], 1)
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.35 + span * 0.08 + 2.6)
    ax.set_ylim(low - gap, max(high, max(heights)) + gap)
    ticks = years if len(years) <= 5 else years[:: math.ceil(len(years) / 5)]
    ax.set_xticks(ticks, [str(y) for y in ticks])
    ax.tick_params(labelsize=8)
    ax.set_title(_title(measure, lang, 44), fontsize=8.5, loc="left")


def plan_period_label(subject_code: str, lang: str) -> str:
    """What the shaded band is: the plan's period, named as Kodaira's where another municipality is the subject.

    >>> plan_period_label("13211", "en"), plan_period_label("27211", "ja")
    ('the plan period (FY2017-FY2020)', '小平市のプランの期間（2017～2020年度）')
    """
    if subject_code == KODAIRA_CODE:
        return pick(lang, "プランの期間（2017～2020年度）", "the plan period (FY2017-FY2020)")
    return pick(lang, "小平市のプランの期間（2017～2020年度）", "Kodaira's plan period (FY2017-FY2020)")


@drawn_in_house_style
def trend_chart(trends: pd.DataFrame, summary: pd.DataFrame, group: dict, lang: str, *, selected: list[str]) -> Chart:
    """Each measure over the years held (MIC's from SSDSE-A's first): the subject against the group median, others thin."""
    selected = [m for m in selected if m in set(summary["measure"])]
    ncols = 2 if len(selected) > 1 else 1
    nrows = math.ceil(len(selected) / ncols)
    fig, axes = new_figure(nrows, ncols, width=7.0, height=min(2.5 * nrows + 0.5, MAX_HEIGHT_IN))
    axes = np.atleast_1d(axes).ravel()
    for ax, measure in zip(axes, selected, strict=False):
        _trend_panel(ax, trends, summary, measure, lang)
    for ax in axes[len(selected) :]:
        ax.set_visible(False)
    name = trends.loc[trends["is_subject"], "municipality" if lang == "ja" else "municipality_en"].iloc[0]
    plan_band = plan_period_label(trends.loc[trends["is_subject"], "municipality_code"].iloc[0], lang)
    handles = [
        Line2D([], [], color=SUBJECT_COLOUR, marker="D", markersize=4, label=name),
        Line2D([], [], color=MEDIAN_COLOUR, linestyle=":", label=pick(lang, f"{group['ja']}の中央値", "median of the group")),
        Line2D([], [], color=OTHERS_COLOUR, linewidth=0.6, label=pick(lang, "その他の市", "each other city")),
        Patch(color=PLAN_COLOUR, alpha=0.25, label=plan_band),
    ]  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8, frameon=False)
    parts = []
    for measure in selected:
        line = summary[summary["measure"] == measure].sort_values("year")
        first, last = line.iloc[0], line.iloc[-1]
        median = fmt(last["group_median"], measure, median=True)
        points = [(int(first["year"]), fmt(first["value"], measure))] if len(line) > 1 else []
        points.append((int(last["year"]), fmt(last["value"], measure)))
        said = pick(lang, "、".join(f"{y}年{v}" for y, v in points), ", ".join(f"{v} in {y}" for y, v in points))
        parts.append(
            pick(
                lang,
                f"{label(measure, 'ja')}は{said}（中央値{median}）",
                f"{label(measure, 'en')} {said} (median {median})",
            )
        )
    return Chart(
        fig,
        alt=pick(lang, f"指標ごとの{name}と{group['ja']}の中央値の推移。", f"{name} and the median of {group['en']} over the years, one panel a measure. ")
        + _join(parts, lang) + pick(lang, "。", "."),
        caption=pick(
            lang,
            f"図2 指標ごとの推移：◆が{name}、点線が{group['ja']}の中央値、細線がその他の市、網掛けが{plan_band}。右端に最新年の{name}・最も高い市・最も低い市",
            f"Figure 2. Each measure over the years (diamond: {name}; dotted line: median of {group['en']};"
            f" thin lines: each other city; shaded: {plan_band}); at the right, the latest year's value of {name} and of the highest and lowest city",
        ),
        source=source_line(selected, lang),
    )  # fmt: skip
