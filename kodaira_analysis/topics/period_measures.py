"""The plan period's fiscal measures as its charts and tables show them.

Names, units and colours of each measure; one measure drawn on an axis (the plan's points hollow, SSDSE-A's
square); the legend of those shapes; alt text and the table of a chart's numbers.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period
from kodaira_analysis.present.axes import axis_scale, unit_label
from kodaira_analysis.present.figure import Chart
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.style import OKABE_ITO, label_above
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.period_common import fmt, period_of, source_words

#: Labels of the measures as the charts and tables name them.
NAMES = {
    "current_balance_ratio": ("経常収支比率", "Current balance ratio"),
    "real_debt_service_ratio": ("実質公債費比率", "Real debt-service ratio"),
    "revenue": ("歳入決算総額", "Total settled revenue"),
    "expenditure": ("歳出決算総額", "Total settled expenditure"),
    "local_taxes": ("地方税", "Local taxes"),
    "welfare": ("民生費", "Welfare expenditure"),
    "welfare_share": ("歳出に占める民生費の割合", "Welfare share of expenditure"),
    "revenue_per_resident": ("歳入（1人当たり）", "Revenue per resident"),
    "expenditure_per_resident": ("歳出（1人当たり）", "Expenditure per resident"),
    "local_taxes_per_resident": ("地方税（1人当たり）", "Local taxes per resident"),
    "welfare_per_resident": ("民生費（1人当たり）", "Welfare per resident"),
}
UNITS = {
    "current_balance_ratio": "percent",
    "real_debt_service_ratio": "percent",
    "welfare_share": "percent",
    **{m: "million_yen" for m in ("revenue", "expenditure", "local_taxes", "welfare")},
    **{m: "thousand_yen" for m in period.PER_RESIDENT},
}
COLOURS = {
    "current_balance_ratio": OKABE_ITO[0],
    "real_debt_service_ratio": OKABE_ITO[5],
    "revenue": OKABE_ITO[0],
    "expenditure": OKABE_ITO[5],
    "local_taxes": OKABE_ITO[2],
    "welfare": OKABE_ITO[3],
    "welfare_share": OKABE_ITO[3],
}


def name(measure: str, lang: str) -> str:
    """A measure's name."""
    return pick(lang, *NAMES[measure])


def values_of(fiscal: pd.DataFrame, measure: str) -> pd.Series:
    """One measure's values by year."""
    return fiscal[fiscal["measure"] == measure].set_index("year")["value"]


def axis_label(measure_words: str, unit: str, lang: str) -> str:
    """An axis label with its unit: 決算額（億円） / Settled amount (¥ billion)."""
    unit_words = unit_label(unit, lang) if unit != "thousand_yen" else pick(lang, "千円", "¥ thousand")
    return f"{measure_words}（{unit_words}）" if lang == "ja" else f"{measure_words} ({unit_words})"


def plot_measure(
    ax, fiscal: pd.DataFrame, measure: str, lang: str, *, colour=None, labels: int = 5, legend: bool = False
) -> None:
    """One measure: the plan's points as hollow circles, SSDSE-A's as squares; values ``labels`` points above (0: none)."""
    rows = fiscal[fiscal["measure"] == measure].sort_values("year")
    unit = UNITS[measure]
    scale = axis_scale(unit, lang)
    colour = colour or COLOURS.get(measure, OKABE_ITO[0])
    ax.plot(
        rows["year"], rows["value"] / scale, color=colour, linewidth=1.4, label=name(measure, lang) if legend else None
    )
    plan = rows[rows["source"] == "plan"]
    later = rows[rows["source"] != "plan"]
    ax.plot(plan["year"], plan["value"] / scale, "o", color=colour, markersize=5, markerfacecolor="white")
    ax.plot(later["year"], later["value"] / scale, "s", color=colour, markersize=4)
    if labels:
        digits = 0 if unit == "thousand_yen" or (unit == "million_yen" and lang == "ja") else 1
        for _, r in rows.iterrows():
            label_above(ax, r["year"], r["value"] / scale, f"{r['value'] / scale:,.{digits}f}", dy=labels)


def source_key(ax, lang: str, *, plan: bool) -> None:
    """Legend entries for the point shapes: SSDSE-A's settlements (squares), the plan's figures (hollow circles)."""
    ax.plot([], [], "s", color="#555555", markersize=4, label=pick(lang, "SSDSE-A（決算）", "SSDSE-A (settled)"))
    if plan:
        ax.plot([], [], "o", color="#555555", markerfacecolor="white", label=pick(lang, "プランの数値", "Plan"))


def plan_years(fiscal: pd.DataFrame, measures) -> list[int]:
    """The years the measures cover, with every year of the plan period."""
    years = set(fiscal[fiscal["measure"].isin(measures)]["year"].astype(int))
    return sorted(years | set(range(period.PLAN_PERIOD[0], period.PLAN_PERIOD[1] + 1)))


def alt_text(fiscal: pd.DataFrame, measures, kind: str, lang: str) -> str:
    """Alt text of a line chart: its kind, the shaded period, every value."""
    parts = []
    for measure in measures:
        values = values_of(fiscal, measure)
        shown = _join([f"{int(y)} {fmt(v, UNITS[measure], lang)}" for y, v in values.items()], lang)
        parts.append(f"{name(measure, lang)}{pick(lang, '：', ': ')}{shown}")
    shade = pick(lang, "2017～2020年度（プランの期間）を網掛け。", "FY2017-FY2020 (the plan period) shaded. ")
    return pick(lang, f"{kind}の折れ線グラフ。{shade}", f"Line chart of {kind}. {shade}") + pick(lang, "；", "; ").join(
        parts
    )


def wide_frame(fiscal: pd.DataFrame, measures, lang: str) -> pd.DataFrame:
    """One row per fiscal year: each measure's value (blank '—' where there is none), period and source."""
    years = sorted(set(fiscal[fiscal["measure"].isin(measures)]["year"].astype(int)))
    rows = []
    for year in years:
        row = {pick(lang, "年度（決算）", "Fiscal year (settled)"): fiscal_year_label(year, lang)}
        row[pick(lang, "プラン期間", "Plan period")] = period_of(year, lang)
        sources = []
        for measure in measures:
            hit = fiscal[(fiscal["measure"] == measure) & (fiscal["year"] == year)]
            value = float(hit["value"].iloc[0]) if len(hit) else float("nan")
            row[name(measure, lang)] = fmt(value, UNITS[measure], lang)
            sources += [source_words(s, lang) for s in hit["source"]]
        row[pick(lang, "出典", "Source")] = _join(list(dict.fromkeys(sources)), lang) or "—"
        rows.append(row)
    return pd.DataFrame(rows)


def measures_chart(
    fig, fiscal: pd.DataFrame, measures, subject: tuple[str, str], caption: tuple[str, str], lang: str, source=None
) -> Chart:
    """A line chart of plan-period measures as one object: alt text with every value, caption and source.

    ``subject`` and ``caption`` are (Japanese, English); the source is SSDSE-A's unless given.
    """
    return Chart(
        fig,
        alt=alt_text(fiscal, measures, pick(lang, *subject), lang),
        caption=pick(lang, *caption),
        source=SSDSE_SOURCE[lang] if source is None else source,
    )
