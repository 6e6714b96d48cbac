"""The figures of the reports, each a function of tidy tables and a language.

Each returns a :class:`matplotlib.figure.Figure` in the house style of
:mod:`kodaira_analysis.plots`; the notebooks pass it to ``plots.render`` with
its alt text, caption and source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.i18n import fiscal_year_tick, format_value, pick, text, unit_label
from kodaira_analysis.present.style import (
    OKABE_ITO,
    STATUS_COLOURS,
    draw_target,
    format_fiscal_year_axis,
    label_above,
    new_figure,
)


def fiscal_effects_chart(fe: pd.DataFrame, lang: str, *, cumulative: bool = True) -> Figure:
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
    fig, axes = new_figure(
        1,
        2 if cumulative else 1,
        width=10 if cumulative else 8,
        gridspec_kw={"width_ratios": [3, 2]} if cumulative else {},
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
    ax.legend(title=text("category", lang), fontsize=8, title_fontsize=9, loc="upper right")
    if cumulative:
        running = totals.dropna().cumsum()
        ax2 = axes[1]
        ax2.plot(running.index, running.to_numpy(), marker="o", color=OKABE_ITO[0])
        for year, value in running.items():
            label_above(ax2, year, value, f"{value:,.0f}", fontsize=9)
        ax2.set_ylim(0, running.max() * 1.2)
        ax2.set_title(text("cumulative", lang), fontsize=11)
        ax2.set_ylabel(text("million_yen", lang))
        format_fiscal_year_axis(ax2, years, lang)
    return fig


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


def indicators_grid(
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


def staffing_chart(staff: pd.DataFrame, target: pd.Series | None, lang: str) -> Figure:
    """The staff quota by as-of date, against its target, with the yearly change beneath."""
    fig, (ax, ax2) = new_figure(2, 1, height=6.2, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    staff = staff.dropna(subset=["value"]).sort_values("fiscal_year")
    ax.plot(staff["fiscal_year"], staff["value"], marker="o", color=OKABE_ITO[0], label=text("result", lang))
    for _, row in staff.iterrows():
        day = row["as_of"]
        note = f"{row['value']:.0f}\n({day.year}.{day.month}.{day.day})"
        label_above(ax, row["fiscal_year"], row["value"], note, dy=8)
    years = list(staff["fiscal_year"])
    if target is not None:
        draw_target(ax, target["target_value"], int(target["target_fiscal_year"]), target["comparator"], lang)
        years.append(int(target["target_fiscal_year"]))
    ax.set_ylabel(
        f"{text('headcount', lang)}（{text('persons', lang)}）"
        if lang == "ja"
        else f"{text('headcount', lang)} ({text('persons', lang)})"
    )
    ax.margins(y=0.25)
    ax.legend(loc="upper left", fontsize=9)
    change = staff.set_index("fiscal_year")["value"].diff().dropna()
    colours = [STATUS_COLOURS["not_met"] if v > 0 else STATUS_COLOURS["met"] for v in change]
    ax2.bar(change.index, change.to_numpy(), color=colours, width=0.6)
    for year, value in change.items():
        label_above(ax2, year, value, f"{value:+.0f}", dy=3 if value >= 0 else -12, fontsize=9)
    ax2.axhline(0, color="#333333", linewidth=0.8)
    ax2.set_ylabel(
        f"{text('change', lang)}（{text('persons', lang)}）"
        if lang == "ja"
        else f"{text('change', lang)} ({text('persons', lang)})"
    )
    ax2.margins(y=0.3)
    format_fiscal_year_axis(ax2, years, lang)
    return fig


def aged_share_chart(share: pd.DataFrame, lang: str, *, extend_to_year: int | None = None) -> Figure:
    """The 65+ share: exact points as dots, a lower bound as an upward arrow, never a dot."""
    fig, ax = new_figure(height=4.4)
    share = share.sort_values("as_of")
    exact = share[share["bound"] == "exact"]
    lower = share[share["bound"] == "lower"]
    years = share["as_of"].dt.year
    ax.plot(
        exact["as_of"].dt.year,
        exact["value"],
        "o",
        color=OKABE_ITO[0],
        markersize=8,
        label=pick(lang, "実績（1月1日現在）", "Share on 1 January"),
    )
    for _, row in exact.iterrows():
        ax.annotate(
            format_value(row["value"], "percent", lang),
            (row["as_of"].year, row["value"]),
            textcoords="offset points",
            xytext=(10, -4),
            fontsize=9,
        )
    for _, row in lower.iterrows():
        x, y = row["as_of"].year, row["value"]
        reach = max(1.0, 0.6 * (y - float(exact["value"].min()))) if len(exact) else 1.0
        ax.bar([x], [reach], bottom=y, width=0.5, color=OKABE_ITO[5], alpha=0.12, linewidth=0)
        ax.annotate("", xy=(x, y + reach), xytext=(x, y), arrowprops={"arrowstyle": "-|>", "color": OKABE_ITO[5]})
        ax.plot([x - 0.25, x + 0.25], [y, y], color=OKABE_ITO[5], linewidth=2.5, label=text("lower_bound", lang))
        ax.annotate(
            pick(lang, f"{y:.0f}%超", f"over {y:.0f}%"),
            (x, y),
            textcoords="offset points",
            xytext=(12, 4),
            fontsize=9,
            color=OKABE_ITO[5],
        )
    if len(exact) and len(lower):
        first, bound = exact.iloc[0], lower.iloc[-1]
        x0, y0, x1, y1 = first["as_of"].year, first["value"], bound["as_of"].year, bound["value"]
        end = max(x1, extend_to_year or x1)
        slope = (y1 - y0) / (x1 - x0)
        ax.plot(
            [x0, end],
            [y0, y0 + slope * (end - x0)],
            linestyle=":",
            color=OKABE_ITO[5],
            label=pick(lang, "最低限の上昇ペース", "Minimum pace of increase"),
        )
        years = [*years, end]
    ax.set_ylabel(pick(lang, "65歳以上人口の割合（%）", "Share aged 65 and over (%)"))
    ax.set_xlabel(pick(lang, "年（1月1日現在）", "Year (as of 1 January)"))
    span = sorted({int(y) for y in years})
    ax.set_xticks(range(span[0], span[-1] + 1))
    ax.set_xlim(span[0] - 0.6, span[-1] + 0.9)
    ax.margins(y=0.25)
    ax.legend(loc="upper left", fontsize=9)
    return fig


def fertility_chart(tfr: pd.DataFrame, lang: str) -> Figure:
    """Total fertility rate, Kodaira against Japan."""
    fig, ax = new_figure(height=2.6)
    label = "area_ja" if lang == "ja" else "area_en"
    ax.barh(
        tfr[label],
        tfr["value"],
        color=[OKABE_ITO[0] if a == "kodaira" else OKABE_ITO[7] for a in tfr["area"]],
        height=0.5,
    )
    for name, value in zip(tfr[label], tfr["value"], strict=True):
        ax.annotate(f"{value:.2f}", (value, name), textcoords="offset points", xytext=(4, -3), fontsize=10)
    ax.set_xlabel(pick(lang, "合計特殊出生率（人）", "Total fertility rate (births per woman)"))
    ax.set_xlim(0, float(tfr["value"].max()) * 1.25)
    ax.invert_yaxis()
    return fig


def progress_chart(pp: pd.DataFrame, lang: str, *, as_percent: bool = False) -> Figure:
    """Items of the reform programme by policy and status (horizontal stacked bars)."""
    policy = "policy" if lang == "ja" else "policy_en"
    status = "status_ja" if lang == "ja" else "status_en"
    wide = pp.pivot_table(index=["policy_no", policy], columns="status", values="items", aggfunc="sum")
    wide = wide[[s for s in ("ahead", "on_schedule", "behind") if s in wide.columns]]
    if as_percent:
        wide = wide.div(wide.sum(axis=1), axis=0) * 100
    names = [name for _, name in wide.index]
    fig, ax = new_figure(height=3.8, width=9)
    left = np.zeros(len(wide))
    status_names = pp.drop_duplicates("status").set_index("status")[status]
    for key in wide.columns:
        values = wide[key].to_numpy(dtype=float)
        ax.barh(names, values, left=left, color=STATUS_COLOURS[key], label=status_names[key], height=0.6)
        for y, (start, value) in enumerate(zip(left, values, strict=True)):
            if value > 0:
                ax.annotate(
                    f"{value:.0f}{'%' if as_percent else ''}",
                    (start + value / 2, y),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if key != "ahead" else "black",
                )
        left += values
    ax.invert_yaxis()
    ax.set_xlabel(
        pick(lang, "項目の割合（%）", "Share of items (%)")
        if as_percent
        else pick(lang, "項目数（項目）", "Number of items")
    )
    fig.legend(loc="outside lower center", fontsize=9, ncols=len(wide.columns))
    return fig


def reform_history_chart(rh: pd.DataFrame, lang: str) -> Figure:
    """Each reform programme as a span of fiscal years, with its number of items."""
    name = "program" if lang == "ja" else "program_en"
    fig, ax = new_figure(height=3.8, width=10)
    for y, (_, row) in enumerate(rh.iterrows()):
        start, end = int(row["start_fiscal_year"]), int(row["end_fiscal_year"])
        ax.broken_barh([(start - 0.45, end - start + 0.9)], (y - 0.3, 0.6), color=OKABE_ITO[0])
        items = row["items"]
        note = f"{items}{pick(lang, '項目', ' items')}" if pd.notna(items) else text("not_printed", lang)
        ax.annotate(note, ((start + end) / 2, y), ha="center", va="center", fontsize=9, color="white")
        if pd.notna(row["followup_fiscal_year"]):
            fy = int(row["followup_fiscal_year"])
            ax.broken_barh([(fy - 0.45, 0.9)], (y - 0.3, 0.6), facecolor="white", edgecolor=OKABE_ITO[1], hatch="//")
    ax.set_yticks(range(len(rh)), list(rh[name]), fontsize=8)
    ax.invert_yaxis()
    years = range(int(rh["start_fiscal_year"].min()), int(rh["end_fiscal_year"].max()) + 1, 2)
    ax.set_xticks(list(years), [fiscal_year_tick(y, lang) for y in years], fontsize=8)
    ax.set_xlim(min(years) - 1, max(rh["end_fiscal_year"]) + 1)
    ax.set_xlabel(text("fiscal_year", lang))
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=OKABE_ITO[0], label=text("period", lang)),
            Patch(facecolor="white", edgecolor=OKABE_ITO[1], hatch="//", label=text("followup", lang)),
        ],
        loc="lower left",
        fontsize=8,
    )
    return fig


def extended_ratio_chart(series: pd.DataFrame, target: pd.Series, lang: str) -> Figure:
    """The current balance ratio from the plan and from SSDSE-A, with its target and the desirable band."""
    fig, ax = new_figure(height=4.2, width=9)
    plan = series[series["source"] == "plan"].dropna(subset=["value"])
    later = series[series["source"] != "plan"].dropna(subset=["value"])
    ax.axhspan(70, 80, color=OKABE_ITO[2], alpha=0.12, label=text("desirable_band", lang))
    ax.plot(
        plan["fiscal_year"], plan["value"], marker="o", color=OKABE_ITO[0], label=pick(lang, "プランの実績", "Plan")
    )
    if len(later):
        joined = pd.concat([plan.tail(1), later])
        ax.plot(
            joined["fiscal_year"],
            joined["value"],
            marker="s",
            color=OKABE_ITO[1],
            linestyle="--",
            label=pick(lang, "SSDSE-A（統計センター）", "SSDSE-A (Statistics Center)"),
        )
    draw_target(ax, target["target_value"], int(target["target_fiscal_year"]), target["comparator"], lang)
    for _, row in series.dropna(subset=["value"]).iterrows():
        label_above(ax, row["fiscal_year"], row["value"], f"{row['value']:.1f}", dy=7)
    ax.set_ylabel(pick(lang, "経常収支比率（%）", "Current balance ratio (%)"))
    ax.set_ylim(65, max(100, float(series["value"].max()) + 3))
    format_fiscal_year_axis(ax, series["fiscal_year"].dropna().astype(int), lang, compact=True)
    ax.legend(loc="lower left", fontsize=8, ncols=2)
    return fig


def census_and_births_chart(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> Figure:
    """Shares aged 65+ and 75+ at the censuses, and births per year."""
    fig, (ax, ax2) = new_figure(1, 2, width=10, height=3.8)
    width = 0.35
    x = np.arange(len(ageing))
    for offset, column, colour, label in (
        (-width / 2, "aged_65_share", OKABE_ITO[0], pick(lang, "65歳以上", "65 and over")),
        (width / 2, "aged_75_share", OKABE_ITO[3], pick(lang, "75歳以上", "75 and over")),
    ):
        ax.bar(x + offset, ageing[column], width, color=colour, label=label)
        for xi, value in zip(x + offset, ageing[column], strict=True):
            label_above(ax, xi, value, f"{value:.1f}", dy=2)
    ax.set_xticks(x, [pick(lang, f"{int(y)}年国勢調査", f"{int(y)} census") for y in ageing["census_year"]])
    ax.set_ylabel(pick(lang, "人口に占める割合（%）", "Share of the population (%)"))
    ax.legend(fontsize=8)
    ax2.plot(born["year"], born["births"], marker="o", color=OKABE_ITO[5])
    for _, row in born.iterrows():
        label_above(ax2, row["year"], row["births"], f"{row['births']:,.0f}")
    ax2.set_ylabel(pick(lang, "出生数（人）", "Births (persons)"))
    ax2.set_xticks(list(born["year"].astype(int)), [str(int(y)) for y in born["year"]], fontsize=8)
    ax2.set_xlabel(pick(lang, "年", "Year"))
    ax2.margins(y=0.2)
    return fig


def peer_strip_chart(measures: pd.DataFrame, lang: str, *, selected: list[str]) -> Figure:
    """One row per measure: every peer as a dot, the subject highlighted, the group median marked."""
    n = len(selected)
    fig, axes = new_figure(n, 1, width=9, height=1.25 * n + 0.8)
    axes = np.atleast_1d(axes)
    for ax, measure in zip(axes, selected, strict=True):
        rows = measures[measures["measure"] == measure]
        others, subject = rows[~rows["is_subject"]], rows[rows["is_subject"]]
        ax.scatter(others["value"], np.zeros(len(others)), color="#999999", s=22, zorder=2)
        ax.scatter(subject["value"], np.zeros(len(subject)), color=OKABE_ITO[5], s=70, zorder=3, marker="D")
        ax.axvline(rows["group_median"].iloc[0], color=OKABE_ITO[0], linestyle=":", linewidth=1.2)
        label = rows["measure_ja" if lang == "ja" else "measure_en"].iloc[0]
        unit = {
            "persons": pick(lang, "人", "persons"),
            "percent": "%",
            "thousand_yen": pick(lang, "千円", "thousand yen"),
        }[rows["unit"].iloc[0]]
        ax.set_title(f"{label}（{unit}）" if lang == "ja" else f"{label} ({unit})", fontsize=9, loc="left")
        if len(subject):
            s = subject.iloc[0]
            ax.annotate(
                f"{s['municipality'] if lang == 'ja' else s['municipality_en']} {s['value']:.1f} "
                f"({int(s['rank'])}/{int(s['of'])})",
                (s["value"], 0),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
                color=OKABE_ITO[5],
            )
        ax.set_yticks([])
        ax.set_ylim(-1, 1.6)
        ax.tick_params(axis="x", labelsize=8)
    return fig
