"""Topic: progress of the reforms: the 2nd programme's items, the programmes since FY1996, the 3rd plan's structure."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.japanese import western_year
from kodaira_analysis.present.axes import fiscal_year_tick
from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick, text
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import OKABE_ITO, STATUS_COLOURS, integer_axis, new_figure
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
    """The items by status, and the policy with the largest share behind."""
    total = int(pp["items"].sum())
    by_status = pp.groupby("status")["items"].sum()
    per_policy = pp.pivot_table(index="policy_no", columns="status", values="items", aggfunc="sum")
    share_behind = per_policy["behind"] / per_policy.sum(axis=1)
    worst = int(share_behind.idxmax())
    a, o, b = (int(by_status.get(s, 0)) for s in ("ahead", "on_schedule", "behind"))
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
        name=pp.loc[pp["policy_no"] == worst, "policy" if lang == "ja" else "policy_en"].iloc[0],
        worst_total=int(per_policy.loc[worst].sum()),
        worst_behind=int(per_policy.loc[worst, "behind"]),
    )


def _progress_figure(pp: pd.DataFrame, lang: str, *, as_percent: bool = False) -> Figure:
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
    if not as_percent:
        integer_axis(ax, "x")
    fig.legend(loc="outside lower center", fontsize=9, ncols=len(wide.columns))
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


_HISTORY = Wording(
    ja="{first}以降、{n}つの計画で計{items}項目に取り組んできました{cite}。最も項目が多いのは{largest}の{largest_items}項目です。",
    en="Since {first} the city has run {n} plans and programmes with {items} items in all{cite}; the largest was the "
    "{largest}, with {largest_items} items.",
)
_FOLLOWUP = {
    ("programmes_1_3", "done"): Wording(
        ja="第１～３次行財政改革推進計画の後、{fy}には、目標未達成の項目や継続した取組が必要な項目（{base}項目中{n}項目）について、"
        "さらに1年間のフォローアップを行いました（プランは、どの計画の項目かを示していません）。",
        en="After the 1st-3rd reform plans, a further one-year follow-up in {fy} covered {n} of {base} items (those whose "
        "targets were not met or that needed continued work); the plan does not say which plan's items these were.",
    ),
    ("this_programme", "under_way"): Wording(
        ja="{programme}の項目のうち、目標未達成の項目や継続した取組が必要な項目（{base}項目中{n}項目）について、"
        "{fy}に1年間のフォローアップを行っています（プラン策定時点で実施中）。",
        en="For the {programme}, a one-year follow-up of {n} of its {base} items (those whose targets were not met or "
        "that need continued work) was under way in {fy}, when the plan was written.",
    ),
}
_ADOPTED = Wording(
    ja="{programme}は{printed}に策定されました。",
    en="The {programme} was adopted in {month}.",
)
_ADOPTED_TWICE = Wording(
    ja="{programme}の策定時期について、プランは{printed}と記す一方、別の箇所では{other}としています。",
    en="The plan gives the adoption of the {programme} as {month} in one place and as {other_en} in another.",
)
_UNCOUNTED = Wording(
    ja="{programme}の項目数は本文に記載がありません。",
    en="The plan's text does not give the number of items of the {programme}.",
)


def history_sentence(rh: pd.DataFrame, lang: str) -> str:
    """How many programmes and items since FY1996, the largest, and the follow-ups as the plan words them."""
    counted = rh.dropna(subset=["items"])
    name = "program" if lang == "ja" else "program_en"
    largest = counted.loc[counted["items"].idxmax()]
    parts = [
        _HISTORY.say(
            lang,
            first=fiscal_year_label(int(rh["start_fiscal_year"].min()), lang),
            n=len(counted),
            items=int(counted["items"].sum()),
            largest=largest[name],
            largest_items=int(largest["items"]),
            cite=cite("第１章２（１）", lang),
        )
    ]
    for _, r in rh.dropna(subset=["followup_fiscal_year"]).iterrows():
        parts.append(
            _FOLLOWUP[(r["followup_scope"], r["followup_status"])].say(
                lang,
                fy=fiscal_year_label(int(r["followup_fiscal_year"]), lang),
                n=int(r["followup_items"]),
                base=int(r["followup_base_items"]),
                programme=r[name],
            )
        )
    for _, r in rh.dropna(subset=["adopted_printed"]).iterrows():
        other = r["adopted_other_printed"]
        words = _ADOPTED_TWICE if isinstance(other, str) and other else _ADOPTED
        parts.append(
            words.say(
                lang,
                programme=r[name],
                printed=r["adopted_printed"],
                month=r["adopted_month"].strftime("%B %Y"),
                other=other,
                other_en=f"FY{western_year(other, default_era='平成')}" if isinstance(other, str) and other else "",
            )
        )
    parts += [_UNCOUNTED.say(lang, programme=r[name]) for _, r in rh[rh["items"].isna()].iterrows()]
    return ("" if lang == "ja" else " ").join(parts)


def _history_figure(rh: pd.DataFrame, lang: str) -> Figure:
    """Each reform programme as a span of fiscal years, with its number of items."""
    name = "program" if lang == "ja" else "program_en"
    fig, ax = new_figure(height=3.8, width=7.0)
    for y, (_, row) in enumerate(rh.iterrows()):
        start, end = int(row["start_fiscal_year"]), int(row["end_fiscal_year"])
        ax.broken_barh([(start - 0.45, end - start + 0.9)], (y - 0.3, 0.6), color=OKABE_ITO[0])
        items = row["items"]
        note = f"{items}{pick(lang, '項目', ' items')}" if pd.notna(items) else text("not_printed", lang)
        after = end + (1.5 if pd.notna(row["followup_fiscal_year"]) else 0.6)  # beside the bar, in dark text
        ax.annotate(note, (after, y), ha="left", va="center", fontsize=8, color="#222222")
        if pd.notna(row["followup_fiscal_year"]):
            fy = int(row["followup_fiscal_year"])
            ax.broken_barh([(fy - 0.45, 0.9)], (y - 0.3, 0.6), facecolor="white", edgecolor=OKABE_ITO[1], hatch="//")
        if pd.notna(row["adopted_month"]):  # the month the plan says it was adopted, on the fiscal-year axis
            day = row["adopted_month"]
            x = day.year - (1 if day.month < 4 else 0) + ((day.month - 4) % 12) / 12 - 0.45
            ax.plot([x], [y - 0.42], marker="v", color=OKABE_ITO[5], markersize=7, linestyle="none", zorder=4)
    ax.set_yticks(range(len(rh)), list(rh[name]), fontsize=8)
    ax.invert_yaxis()
    years = range(int(rh["start_fiscal_year"].min()), int(rh["end_fiscal_year"].max()) + 1, 4)
    ax.set_xticks(list(years), [fiscal_year_tick(y, lang, compact=True) for y in years], fontsize=8)
    ax.set_xlim(min(years) - 1, max(rh["end_fiscal_year"]) + 4)
    ax.set_xlabel(text("fiscal_year", lang))
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=OKABE_ITO[0], label=text("period", lang)),
            Patch(facecolor="white", edgecolor=OKABE_ITO[1], hatch="//", label=text("followup", lang)),
            Line2D(
                [],
                [],
                marker="v",
                color=OKABE_ITO[5],
                linestyle="none",
                label=pick(lang, "策定（プランの記載）", "Adopted (as the plan says)"),
            ),
        ],
        loc="lower left",
        fontsize=8,
    )
    return fig


def _history_alt(rh: pd.DataFrame, lang: str) -> str:
    """Describe the timeline of programmes."""
    name = "program" if lang == "ja" else "program_en"
    parts = []
    for _, r in rh.iterrows():
        items = (
            pick(lang, "項目数記載なし", "items not printed")
            if pd.isna(r["items"])
            else (pick(lang, f"{int(r['items'])}項目", f"{int(r['items'])} items"))
        )
        parts.append(f"{r[name]} {int(r['start_fiscal_year'])}-{int(r['end_fiscal_year'])} {items}")
    return pick(
        lang,
        f"行財政改革の計画の期間と項目数の年表。{_join(parts, lang)}。",
        f"Timeline of the reform programmes with their periods and items. {'; '.join(parts)}.",
    )


def _history_frame(rh: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each programme with its period, items and follow-up; the FY2006 follow-up of the 1st-3rd plans in a row of its own."""
    name = "program" if lang == "ja" else "program_en"

    def period(start: int, end: int) -> str:
        if start == end:
            return fiscal_year_label(start, lang)
        if lang == "ja":
            return f"{fiscal_year_label(start, lang).removesuffix('年度')}～{fiscal_year_label(end, lang)}"
        return f"{fiscal_year_label(start, lang)}–{fiscal_year_label(end, lang)}"

    def followup(r) -> str:
        base, n = int(r["followup_base_items"]), int(r["followup_items"])
        counted = pick(lang, f"{base}項目中{n}項目", f"{n} of {base} items")
        if r["followup_status"] == "under_way":
            counted += pick(lang, "（プラン策定時点で実施中）", " (under way when the plan was written)")
        return f"{fiscal_year_label(int(r['followup_fiscal_year']), lang)}{pick(lang, '：', ': ')}{counted}"

    rows = []
    for _, r in rh.iterrows():
        own = pd.notna(r["followup_fiscal_year"]) and r["followup_scope"] == "this_programme"
        rows.append(
            {
                text("programme", lang): r[name],
                text("period", lang): period(int(r["start_fiscal_year"]), int(r["end_fiscal_year"])),
                pick(lang, "項目数", "Items"): text("not_printed", lang)
                if pd.isna(r["items"])
                else f"{int(r['items'])}",
                text("followup", lang): followup(r) if own else "—",
            }
        )
        if pd.notna(r["followup_fiscal_year"]) and r["followup_scope"] == "programmes_1_3":
            rows.append(
                {
                    text("programme", lang): pick(
                        lang, "第１～３次行財政改革推進計画のフォローアップ", "Follow-up after the 1st-3rd reform plans"
                    ),
                    text("period", lang): period(int(r["followup_fiscal_year"]), int(r["followup_fiscal_year"])),
                    pick(lang, "項目数", "Items"): "—",
                    text("followup", lang): followup(r),
                }
            )
    return pd.DataFrame(rows)


def _zen(number: str) -> str:
    """A number as the plan prints it in Japanese headings: full-width digits (方針１, （４－１））."""
    return str(number).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))


def _structure_frame(ps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 3rd plan's policies and their implementation measures."""
    name = "name" if lang == "ja" else "name_en"
    nodes = ps.set_index("node_id")
    measures = ps[ps["level"] == "measure"]
    rows = []
    for _, m in measures.iterrows():
        policy = nodes.loc[m["parent_id"]]
        direction = nodes.loc[policy["parent_id"]]
        rows.append(
            {
                pick(lang, "方向性", "Direction"): direction[name],
                text("policy", lang): pick(lang, f"方針{_zen(policy['number'])} ", f"Policy {policy['number']}: ")
                + policy[name],
                pick(lang, "実施策", "Implementation measure"): pick(
                    lang, f"（{_zen(m['number'])}）", f"({m['number']}) "
                )
                + m[name],
            }
        )
    return pd.DataFrame(rows)


def progress_chart(pp: pd.DataFrame, lang: str, *, as_percent: bool = False) -> Chart:
    """Items by policy and status, as one figure with its words."""
    return Chart(
        _progress_figure(pp, lang, as_percent=as_percent),
        alt=_progress_alt(pp, lang),
        caption=pick(
            lang,
            "図1 第２次改革推進プログラムの方針別の進捗（平成28年3月末現在）",
            "Figure 1. Progress of the 2nd reform programme by policy (end of March 2016)",
        ),
        source=source_note("program_progress", lang),
    )


def progress_table(pp: pd.DataFrame, lang: str) -> TableView:
    """Policies x status, with totals."""
    return TableView(_progress_frame(pp, lang), source=source_note("program_progress", lang))


def history_chart(rh: pd.DataFrame, lang: str) -> Chart:
    """Each programme's period and items, as one figure with its words."""
    return Chart(
        _history_figure(rh, lang),
        alt=_history_alt(rh, lang),
        caption=pick(lang, "図2 各計画の期間と項目数", "Figure 2. Period and number of items of each programme"),
        source=source_note("reform_history", lang),
    )


def history_table(rh: pd.DataFrame, lang: str) -> TableView:
    """Each programme with its period, items and follow-up."""
    return TableView(
        _history_frame(rh, lang),
        note=pick(
            lang,
            "第１～３次行財政改革推進計画の個々の期間は、プランの体系図の列見出しを順に当てはめたものです"
            "（本文は3計画をまとめて平成8～17年度としています）。",
            "The periods of the 1st-3rd reform plans come from the column headings of the plan's diagram, taken in "
            "order; the text gives only FY1996-FY2005 for the three together.",
        ),
        source=source_note("reform_history", lang),
    )


_VIEWPOINTS = Wording(
    ja="プランは、行財政再構築の基本的な視点として次の{n}つを挙げています{cite}。",
    en="The plan names {n} basic viewpoints of the restructuring{cite}:",
)
_DIRECTIONS = Wording(
    ja="これらの視点に基づき、{n_directions}つの方向性と{n_policies}つの方針を定めています{cite}。",
    en="Building on these viewpoints, it sets {n_directions} directions and {n_policies} policies{cite}.",
)


def viewpoints_sentence(ps: pd.DataFrame, lang: str) -> str:
    """The plan's viewpoints as a list, and how many directions and policies rest on them."""
    name = "name" if lang == "ja" else "name_en"
    viewpoints = ps[ps["level"] == "viewpoint"].sort_values("number")
    items = "\n".join(f"{i}. {v}" for i, v in enumerate(viewpoints[name], start=1))
    directions = _DIRECTIONS.say(
        lang,
        n_directions=int((ps["level"] == "direction").sum()),
        n_policies=int((ps["level"] == "policy").sum()),
        cite=cite("第１章５～６", lang),
    )
    return f"{_VIEWPOINTS.say(lang, n=len(viewpoints), cite=cite('第１章４', lang))}\n\n{items}\n\n{directions}"


def structure_table(ps: pd.DataFrame, lang: str) -> TableView:
    """The 3rd plan's directions, policies and implementation measures."""
    return TableView(_structure_frame(ps, lang), source=source_note("plan_structure", lang), merge_first_column=True)
