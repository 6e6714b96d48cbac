"""Topic: progress of the reforms: the items of the 2nd programme by policy and status (end of March 2016).

The programmes since FY1996 are in :mod:`kodaira_analysis.topics.reform_history`, the 3rd plan's
structure in :mod:`kodaira_analysis.topics.plan_structure`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.analysis import reform_progress
from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import pick, text
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import STATUS_COLOURS, drawn_in_house_style, integer_axis, new_figure
from kodaira_analysis.present.wording import Wording, be_en
from kodaira_analysis.present.wording import join as _join

_PROGRESS = Wording(
    ja="{as_of}現在、第２次改革推進プログラムの{total}項目のうち、{ahead}項目が予定より前倒しで進み、{on}項目（{on_share}）が予定どおり進み、"
    "{behind}項目（{behind_share}）が予定より遅れていました{cite}。遅れの割合が最も高い方針は「{name}」で、{worst_total}項目中{worst_behind}項目が遅れていました。",
    en="At {as_of}, of the {total} items of the 2nd Reform Programme, {ahead_en} ahead of schedule, {on_en} on schedule "
    "({on_share}) and {behind_en} behind ({behind_share}){cite}. The largest share behind schedule was in '{name}': "
    "{worst_behind} of its {worst_total} items.",
)


def progress_sentence(pp: pd.DataFrame, lang: str) -> str:
    """The items by status, and the policy with the largest share behind (counted by :mod:`~kodaira_analysis.analysis.reform_progress`)."""
    by_policy = reform_progress.items_by_policy(pp)
    a, o, b = (int(n) for n in reform_progress.items_by_status(pp))
    total = a + o + b
    worst = reform_progress.most_behind(by_policy).iloc[0]
    return _PROGRESS.say(
        lang,
        as_of=format_date(pp["as_of"].iloc[0], lang),
        total=total,
        ahead=a,
        on=o,
        behind=b,
        ahead_en=f"{a} {be_en(a)}",
        on_en=f"{o} {be_en(o)}",
        behind_en=f"{b} {be_en(b)}",
        on_share=f"{o / total:.0%}",
        behind_share=f"{b / total:.0%}",
        cite=cite("第１章２（２）", lang),
        name=worst["policy" if lang == "ja" else "policy_en"],
        worst_total=int(worst["items"]),
        worst_behind=int(worst["behind"]),
    )


#: On a phone (04 Figure 1 drawn for one): each row's height (points), its name's line 8-21 pt from the row's top,
#: its bar 22-38 pt. Narrowed, the A4 drawing kept the long names beside the rows and left the bars too short for
#: their labels ('7%', '13%' ran out of the frame).
PHONE_ROW_PT = 40
PHONE_BAR_AT, PHONE_BAR_HEIGHT = 30 / PHONE_ROW_PT - 0.5, 16 / PHONE_ROW_PT


@drawn_in_house_style
def _progress_figure(pp: pd.DataFrame, lang: str, *, as_percent: bool = False, phone: bool = False) -> Figure:
    """Items of the reform programme by policy and status (horizontal stacked bars).

    ``phone``: drawn for a phone, each policy's name above its bar, the bars the chart's width.
    """
    policy = "policy" if lang == "ja" else "policy_en"
    status = "status_ja" if lang == "ja" else "status_en"
    wide = pp.pivot_table(index=["policy_no", policy], columns="status", values="items", aggfunc="sum")
    wide = wide[[s for s in ("ahead", "on_schedule", "behind") if s in wide.columns]]
    if as_percent:
        wide = wide.div(wide.sum(axis=1), axis=0) * 100
    names = [name for _, name in wide.index]
    if phone:
        from kodaira_analysis.present.narrow_chart import narrow_width_in

        fig, ax = new_figure(height=(len(names) * PHONE_ROW_PT + 110) / 72, width=narrow_width_in(9))
        rows = [y + PHONE_BAR_AT for y in range(len(names))]
        for y, name in enumerate(names):  # the name at the top of its row, from the frame's left
            ax.annotate(name, (0, y - 0.5), xycoords=("axes fraction", "data"), textcoords="offset points",
                        xytext=(3, -8), ha="left", va="top", fontsize=9, color="#222222")  # fmt: skip
    else:
        fig, ax = new_figure(height=3.8, width=9)
    left = np.zeros(len(wide))
    status_names = pp.drop_duplicates("status").set_index("status")[status]
    for key in wide.columns:
        values = wide[key].to_numpy(dtype=float)
        if phone:
            ax.barh(
                rows, values, left=left, color=STATUS_COLOURS[key], label=status_names[key], height=PHONE_BAR_HEIGHT
            )
        else:
            ax.barh(names, values, left=left, color=STATUS_COLOURS[key], label=status_names[key], height=0.6)
        for y, (start, value) in enumerate(zip(left, values, strict=True)):
            if value > 0:
                ax.annotate(
                    f"{value:.0f}{'%' if as_percent else ''}",
                    (start + value / 2, rows[y] if phone else y),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if key != "ahead" else "black",
                )
        left += values
    if phone:
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_yticks([])
    else:
        ax.invert_yaxis()
    ax.set_xlabel(
        pick(lang, "項目の割合（%）", "Share of items (%)")
        if as_percent
        else pick(lang, "項目数（項目）", "Number of items")
    )
    if not as_percent:
        integer_axis(ax, "x")
    fig.legend(loc="outside lower center", fontsize=9, ncols=1 if phone else len(wide.columns))
    return fig


def _progress_alt(pp: pd.DataFrame, lang: str) -> str:
    """Describe the progress bars, policy by policy."""
    policy = "policy" if lang == "ja" else "policy_en"
    parts = []
    for (_, name), group in pp.groupby(["policy_no", policy], sort=True):
        counts = group.set_index("status")["items"]
        parts.append(
            pick(
                lang,
                f"{name}：前倒し{counts['ahead']}・予定どおり{counts['on_schedule']}・遅れ{counts['behind']}",
                f"{name}: {counts['ahead']} ahead, {counts['on_schedule']} on schedule, {counts['behind']} behind",
            )
        )
    return pick(
        lang,
        f"方針別・進捗別の項目数の横棒グラフ。{_join(parts, lang)}。",
        f"Horizontal stacked bars of items by policy and status. {'; '.join(parts)}.",
    )


def _progress_frame(pp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Policies × status, with totals."""
    policy = "policy" if lang == "ja" else "policy_en"
    status = "status_ja" if lang == "ja" else "status_en"
    order = list(dict.fromkeys(pp[status]))
    wide = pp.pivot_table(index=["policy_no", policy], columns=status, values="items", aggfunc="sum")[order]
    wide = wide.droplevel(0)
    wide.columns.name = None
    wide[text("total", lang)] = wide.sum(axis=1)
    wide.loc[text("total", lang)] = wide.sum(axis=0)
    wide.index.name = text("policy", lang)
    return wide.astype(int).reset_index()


def progress_title(pp: pd.DataFrame, lang: str) -> str:
    """The figure's title says what it shows: items on schedule and behind, and where most were behind."""
    by_status = reform_progress.items_by_status(pp)
    total, on, behind = int(by_status.sum()), int(by_status["on_schedule"]), int(by_status["behind"])
    per_policy = reform_progress.items_by_policy(pp)
    most = int(per_policy["behind"].max()) if len(per_policy) else 0
    worst = list(per_policy.loc[per_policy["behind"] == most, "policy" if lang == "ja" else "policy_en"])
    day = pp["as_of"].iloc[0]
    where_ja = "、".join(f"「{w}」" for w in worst)
    where_en = " and ".join(f"'{w}'" for w in worst)
    return pick(
        lang,
        f"図1 第２次改革推進プログラムの{total}項目のうち{on}項目が予定どおり、{behind}項目が遅れ"
        + (
            f"（最多は{where_ja}の各{most}項目）"
            if len(worst) > 1
            else f"（最多は{where_ja}の{most}項目）"
            if most
            else ""
        )
        + f"：方針別、{day.year}年{day.month}月末現在",
        f"Figure 1. Of the 2nd Reform Programme's {total} items, {on} were on schedule and {behind} behind"
        + (f" ({most} in {where_en}, the most of any policy)" if most else "")
        + f": by policy, end of {day.strftime('%B')} {day.year}",
    )


def progress_chart(pp: pd.DataFrame, lang: str, *, as_percent: bool = False) -> Chart:
    """Items by policy and status, as one figure with its words."""
    return Chart(
        _progress_figure(pp, lang, as_percent=as_percent),
        phone=_progress_figure(pp, lang, as_percent=as_percent, phone=True),
        alt=_progress_alt(pp, lang),
        caption=progress_title(pp, lang),
        source=source_note("program_progress", lang),
    )


def progress_table(pp: pd.DataFrame, lang: str) -> TableView:
    """Policies x status, with totals."""
    return TableView(_progress_frame(pp, lang), source=source_note("program_progress", lang))
