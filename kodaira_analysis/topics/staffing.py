"""Topic: staffing levels: the staff quota against its target, and the reasons the plan gives."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import (
    fiscal_year_label,
    format_target,
    format_value,
    implied_direction_note,
    pick,
    text,
)
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import PLAN_VERDICTS, cite, source_note
from kodaira_analysis.present.style import (
    OKABE_ITO,
    STATUS_COLOURS,
    draw_target,
    drawn_in_house_style,
    format_fiscal_year_axis,
    integer_axis,
    label_above,
    new_figure,
)
from kodaira_analysis.present.wording import Wording, bullets
from kodaira_analysis.present.wording import join as _join

_QUOTA_CHANGE = Wording(
    ja="定員は{d0}の{v0}から{d1}の{v1}へ{change}{verb}、{d1}の目標{target}を{gap}{side}ました。"
    "前年からの増加が最も大きかったのは{peak_day}時点（前年比{peak_ja}人増）です。",
    en="The staff quota {verb_en} by {change}, from {v0} on {d0} to {v1} on {d1}, and was {gap} {side} the target of "
    "{target} for {target_day}. "
    "The largest increase in one year was {peak_count}, in the year to {peak_day}.",
)
_QUOTA_ONE = Wording(
    ja="定員は{d1}に{v1}で、{target_day}の目標{target}を{gap}{side}ています。",
    en="The staff quota was {v1} on {d1}, {gap} {side} the target of {target} for {target_day}.",
)


def quota_sentence(staff: pd.DataFrame, target: pd.Series, lang: str) -> MarkdownText:
    """Headcount from first to last as-of date, the gap to the target as printed, the largest change."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    first, last = staff.iloc[0], staff.iloc[-1]
    gap = last["value"] - target["target_value"]
    values = {
        "d1": format_date(last["as_of"], lang),
        "v1": format_value(last["value"], "persons", lang),
        "target": format_target(target, lang),
        "target_day": format_date(target["target_as_of"], lang),
        "gap": format_value(abs(gap), "persons", lang),
        "side": pick(lang, "上回り" if gap > 0 else "下回り", "above" if gap > 0 else "below"),
    }
    if len(staff) == 1:
        values["side"] = pick(lang, "上回っ" if gap > 0 else "下回っ", values["side"])
        return _QUOTA_ONE.say(lang, **values)
    change = staff.set_index("as_of")["value"].diff().dropna()
    return _QUOTA_CHANGE.say(
        lang,
        d0=format_date(first["as_of"], lang),
        v0=format_value(first["value"], "persons", lang),
        change=format_value(abs(last["value"] - first["value"]), "persons", lang),
        verb="増え" if last["value"] >= first["value"] else "減り",
        verb_en="rose" if last["value"] >= first["value"] else "fell",
        peak_day=format_date(change.idxmax(), lang),
        peak_count=format_value(change.max(), "persons", lang),
        peak_ja=f"{change.max():.0f}",
        **values,
    )


#: The reasons the plan gives for adding staff (Chapter 1, 2(4)); its list ends in など.
STAFFING_REASONS = {
    "ja": ["地方分権改革に伴う権限移譲", "少子高齢社会におけるサービス提供の充実", "再任用職員の減少"],
    "en": [
        "powers devolved to the city by decentralisation reform",
        "fuller services for a society with fewer children and more older people",
        "fewer re-employed retired staff",
    ],
}
_REASONS = Wording(
    ja="プランは、次のことなどに対応するため担当職員を増員し、目標を達成できなかったとしています{cite}。"
    "プランの列挙は「など」で終わっており、以下は理由のすべてではありません。",
    en="The plan says the target was missed because staff were added to deal with the following, among other "
    "things{cite}; its list ends in 'etc.', so it is not complete:",
)
_OUTLOOK = Wording(
    ja="第３次プランは、現在の効率的な執行体制を維持するため、引き続き計画的な定員の適正管理を行う必要があるとしています{cite_outlook}。"
    "なお「定員」は、定数の範囲内で定める市に必要な職員数で、欠員を含み、他団体への派遣者を除きます{cite_quota}。",
    en="The 3rd plan says the city needs to continue to manage its staff numbers appropriately and in a planned way, "
    "to keep its present efficient organisation{cite_outlook}. The quota is the number of staff the city needs within its authorised "
    "establishment; it counts vacancies and excludes staff seconded to other bodies{cite_quota}.",
)


def reasons(lang: str) -> MarkdownText:
    """The reasons the plan gives for missing the quota, said to be incomplete, and what the 3rd plan says next."""
    items = bullets(STAFFING_REASONS[lang])
    outlook = _OUTLOOK.say(lang, cite_outlook=cite("第２章５（２）", lang), cite_quota=cite("第１章２（４）", lang))
    return markdown("\n\n").join([_REASONS.say(lang, cite=cite("第１章２（４）", lang)), items, outlook])


@drawn_in_house_style
def _quota_figure(staff: pd.DataFrame, target: pd.Series | None, lang: str) -> Figure:
    """The staff quota by as-of date, against its target, with the yearly change beneath.

    The x axis is the year of each 1 April the quota stands on (932 on 1 April 2016 at 2016), as 02 Figure 2 and
    the table give it, not the plan's fiscal-year column (FY2015), which put it a year early on a 年度 axis.
    """
    fig, (ax, ax2) = new_figure(2, 1, height=6.2, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    staff = staff.assign(x=staff["as_of"].dt.year)
    ax.plot(staff["x"], staff["value"], marker="o", color=OKABE_ITO[0], label=text("result", lang))
    values = list(staff["value"])
    for i, (_, row) in enumerate(staff.iterrows()):
        day = row["as_of"]
        when = pick(lang, f"{day.year}.{day.month}.{day.day}", f"{day.day} {day.strftime('%b')} {day.year}")
        note = f"{row['value']:.0f}\n({when})"
        if target is not None and row["value"] < target["target_value"]:
            # under the target: its label below it, where the target line does not strike it through
            label_above(ax, row["x"], row["value"], note, dy=-7, va="top")
        elif i + 1 < len(values) and values[i + 1] > row["value"]:
            # the line rises to the right: the label above and to the left, clear of it
            label_above(ax, row["x"], row["value"], note, dy=8, dx=-3, ha="right")
        else:
            label_above(ax, row["x"], row["value"], note, dy=8)
    years = list(staff["x"])
    if target is not None:
        day = pd.Timestamp(target["target_as_of"])  # the target stands on its date (FY2015's: 1 April 2016)
        at_target = staff.loc[staff["as_of"] == day, "value"]
        # the note under the marker when the count that day stands above the target, as in report 01's panel
        draw_target(
            ax,
            target["target_value"],
            day.year,
            target["comparator"],
            lang,
            our_reading=target["comparator_source"] == "implied",
            note_below=bool(len(at_target)) and at_target.iloc[-1] > target["target_value"],
            note=pick(lang, f"目標（{day.year}.{day.month}.{day.day}）", f"target ({day.day} {day:%b} {day.year})"),
        )
        years.append(day.year)
    ax.set_ylabel(
        f"{text('headcount', lang)}（{text('persons', lang)}）"
        if lang == "ja"
        else f"{text('headcount', lang)} ({text('persons', lang)})"
    )
    ax.margins(y=0.25)
    ax.legend(loc="upper left", fontsize=9)
    change = staff.set_index("x")["value"].diff().dropna()
    colours = [STATUS_COLOURS["not_met"] if v > 0 else STATUS_COLOURS["met"] for v in change]
    ax2.bar(change.index, change.to_numpy(), color=colours, width=0.6)
    for year, value in change.items():
        label_above(ax2, year, value, f"{value:+.0f}", dy=3 if value >= 0 else -12, fontsize=9)
    ax2.axhline(0, color="#333333", linewidth=0.8)
    # in two lines in English: in one it ran up beside the upper panel into its tick labels (02-en, a phone's variant)
    ax2.set_ylabel(
        f"{text('change', lang)}（{text('persons', lang)}）"
        if lang == "ja"
        else f"Change from previous\nyear ({text('persons', lang)})"
    )
    ax2.margins(y=0.3)
    integer_axis(ax)
    integer_axis(ax2)
    format_fiscal_year_axis(ax2, years, lang, label=False)
    ax2.set_xlabel(pick(lang, "各年4月1日現在", "As of 1 April"))
    return fig


def _quota_alt(staff: pd.DataFrame, target: pd.Series, lang: str) -> str:
    """Describe the headcount chart, its dates written as the page's text writes them (no era in Japanese)."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    parts = [
        pick(lang, f"{format_date(d, lang, era=False)}に{v:.0f}人", f"{v:.0f} on {format_date(d, lang)}")
        for d, v in zip(staff["as_of"], staff["value"], strict=True)
    ]
    day = format_date(target["target_as_of"], lang, era=False)
    listed = parts[-1] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return pick(
        lang,
        f"定員の推移の折れ線グラフと前年からの増減の棒グラフ。{day}の目標は{target['target_value']:.0f}人。"
        f"{_join(parts, lang)}。",
        f"Line chart of the staff quota with bars of the yearly change; the target for {day} is "
        f"{target['target_value']:.0f} staff. The quota was {listed}.",
    )


#: The gap column's head names the one target every year is compared with: its date and value, from the data.
_GAP_HEAD = Wording(ja="{day}の目標（{target}）との差", en="Gap to the target for {day} ({target})")


def _quota_frame(staff: pd.DataFrame, target: pd.Series, lang: str) -> pd.DataFrame:
    """Headcount by as-of date with the yearly change and the gap to the target (dated and valued in its head)."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    target_value = target["target_value"]
    gap_head = _GAP_HEAD.text(lang, day=format_date(target["target_as_of"], lang), target=format_target(target, lang))

    return pd.DataFrame(
        {
            pick(lang, "プランの表の年度", "Plan's column (fiscal year)"): [
                fiscal_year_label(int(y), lang) for y in staff["fiscal_year"]
            ],
            text("as_of", lang): [format_date(d, lang) for d in staff["as_of"]],
            text("headcount", lang): [format_value(v, "persons", lang) for v in staff["value"]],
            text("change", lang): ["—" if pd.isna(c) else f"{c:+.0f}" for c in staff["value"].diff()],
            gap_head: [f"{v - target_value:+.0f}" for v in staff["value"]],
        }
    )


def quota_chart(staff: pd.DataFrame, target: pd.Series, lang: str, *, show_target: bool = True) -> Chart:
    """The staff quota by as-of date and its yearly change, as one figure with its words."""
    return Chart(
        _quota_figure(staff, target if show_target else None, lang),
        alt=_quota_alt(staff, target, lang),
        caption=pick(
            lang,
            "図1 定員（各年4月1日現在）と前年からの増減",
            "Figure 1. Staff quota (on 1 April) and its yearly change",
        ),
        source=source_note("indicators", lang),
    )


def quota_table(staff: pd.DataFrame, target: pd.Series, lang: str) -> TableView:
    """Headcount by as-of date, the yearly change and the gap to the target."""
    dating = pick(
        lang,
        "プランの表は、各年度の列に翌年度の4月1日現在の定員を記載しています。",
        "The plan's table gives, under each fiscal year's column, the quota on 1 April of the following fiscal year.",
    )
    implied = implied_direction_note([target], lang, cite(PLAN_VERDICTS, lang))
    return TableView(
        _quota_frame(staff, target, lang),
        note=(implied + pick(lang, "", " ") if implied else "") + dating,
        source=source_note("indicators", lang),
    )
