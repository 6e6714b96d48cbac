"""Topic: staffing levels: the staff quota against its target, and the reasons the plan gives."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, format_date, format_value, pick, text
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import (
    OKABE_ITO,
    STATUS_COLOURS,
    draw_target,
    format_fiscal_year_axis,
    integer_axis,
    label_above,
    new_figure,
)
from kodaira_analysis.present.wording import join as _join


def quota_sentence(staff: pd.DataFrame, target: pd.Series, lang: str) -> str:
    """Headcount from first to last as-of date, the gap to the target, the largest change."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    first, last = staff.iloc[0], staff.iloc[-1]
    change = staff.set_index("as_of")["value"].diff().dropna()
    peak_day, peak = change.idxmax(), change.max()
    gap = last["value"] - target["target_value"]
    persons = lambda v: format_value(v, "persons", lang)  # noqa: E731
    if lang == "ja":
        direction = "上回り" if gap > 0 else "下回り"
        return (
            f"定員は{format_date(first['as_of'], lang)}の{persons(first['value'])}から"
            f"{format_date(last['as_of'], lang)}の{persons(last['value'])}へ{persons(last['value'] - first['value'])}"
            f"{'増え' if last['value'] >= first['value'] else '減り'}、目標の{persons(target['target_value'])}"
            f"（{format_date(target['target_as_of'], lang)}）を{persons(abs(gap))}{direction}ました。"
            f"前年からの増加が最も大きいのは{format_date(peak_day, lang)}時点の{peak:+.0f}人です。"
        )
    direction = "above" if gap > 0 else "below"
    return (
        f"The staff quota went from {persons(first['value'])} on {format_date(first['as_of'], lang)} to "
        f"{persons(last['value'])} on {format_date(last['as_of'], lang)}, {persons(abs(gap))} {direction} the target "
        f"of {persons(target['target_value'])} for {format_date(target['target_as_of'], lang)}. The largest yearly "
        f"increase was {peak:+.0f} at {format_date(peak_day, lang)}."
    )


STAFFING_REASONS = {
    "ja": ["地方分権改革に伴う権限移譲への対応", "少子高齢社会におけるサービス提供の充実", "再任用職員の減少への対応"],
    "en": [
        "powers devolved to the city by decentralisation reform",
        "fuller services for a society with fewer children and more older people",
        "fewer re-employed retired staff",
    ],
}


def reasons(lang: str) -> str:
    """The reasons the plan gives for missing the quota, as a cited Markdown list."""
    intro = pick(
        lang,
        f"プランは、次のことなどに対応するため担当職員を増員し、目標を達成できなかったとしています"
        f"{cite('第１章２（４）', lang)}（プランは「など」としており、以下は理由のすべてではありません）。",
        f"The plan says staff were added to deal with the following, among other things, so the target was missed"
        f"{cite('第１章２（４）', lang)}. The list is the plan's and, as it says, not complete:",
    )
    items = "\n".join(f"- {reason}" for reason in STAFFING_REASONS[lang])
    outlook = pick(
        lang,
        f"第３次プランでは、組織体制の見直しの中で計画的な定員の適正管理を続けるとしています{cite('第２章５（２）', lang)}。"
        f"なお「定員」は欠員を含み、他団体への派遣者を除く職員数です{cite('第１章２（４）', lang)}。",
        f"Under the 3rd plan the city will keep managing its staff numbers to plan as part of its review of the "
        f"organisation{cite('第２章５（２）', lang)}. The quota counts vacancies and excludes staff seconded to "
        f"other bodies{cite('第１章２（４）', lang)}.",
    )
    return f"{intro}\n\n{items}\n\n{outlook}"


def _quota_figure(staff: pd.DataFrame, target: pd.Series | None, lang: str) -> Figure:
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
        draw_target(
            ax,
            target["target_value"],
            int(target["target_fiscal_year"]),
            target["comparator"],
            lang,
            our_reading=target["comparator_source"] == "implied",
        )
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
    integer_axis(ax)
    integer_axis(ax2)
    format_fiscal_year_axis(ax2, years, lang)
    return fig


def _quota_alt(staff: pd.DataFrame, target_value: float, lang: str) -> str:
    """Describe the headcount chart."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    parts = [f"{d.year}-{d.month:02d}-{d.day:02d} {v:.0f}" for d, v in zip(staff["as_of"], staff["value"], strict=True)]
    return pick(
        lang,
        f"定員の推移の折れ線グラフと前年からの増減の棒グラフ。目標は{target_value:.0f}人。{_join(parts, lang)}人。",
        f"Line chart of the staff quota with bars of the yearly change; target {target_value:.0f}. "
        f"{_join(parts, lang)}.",
    )


def _quota_frame(staff: pd.DataFrame, target_value: float, lang: str) -> pd.DataFrame:
    """Headcount by as-of date with the yearly change and the gap to the target."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")

    return pd.DataFrame(
        {
            text("fiscal_year", lang): [fiscal_year_label(int(y), lang) for y in staff["fiscal_year"]],
            text("as_of", lang): [format_date(d, lang) for d in staff["as_of"]],
            text("headcount", lang): [format_value(v, "persons", lang) for v in staff["value"]],
            text("change", lang): ["—" if pd.isna(c) else f"{c:+.0f}" for c in staff["value"].diff()],
            text("gap", lang): [f"{v - target_value:+.0f}" for v in staff["value"]],
        }
    )


def quota_chart(staff: pd.DataFrame, target: pd.Series, lang: str, *, show_target: bool = True) -> Chart:
    """The staff quota by as-of date and its yearly change, as one figure with its words."""
    return Chart(
        _quota_figure(staff, target if show_target else None, lang),
        alt=_quota_alt(staff, target["target_value"], lang),
        caption=pick(
            lang,
            "図1 定員（各年4月1日現在）と前年からの増減",
            "Figure 1. Staff quota (on 1 April) and its yearly change",
        ),
        source=source_note("indicators", lang),
    )


def quota_table(staff: pd.DataFrame, target: pd.Series, lang: str) -> TableView:
    """Headcount by as-of date, the yearly change and the gap to the target."""
    return TableView(_quota_frame(staff, target["target_value"], lang), source=source_note("indicators", lang))
