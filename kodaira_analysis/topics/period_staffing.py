"""Topic: staff before and after the plan period: the plan's quota and SSDSE-A's general-administration staff.

The two are different counts and are never joined into one line: each has
its own panel, its own table rows and a note on how the definitions differ.
Staff per 1,000 residents is compared with the median of the 26 Tama cities.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import SSDSE_SOURCE, cite, source_note, with_ssdse
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, integer_axis, label_above, new_figure
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.period_common import fmt, long_table
from kodaira_analysis.topics.summary_period import STAFFING

HEADING = Wording(
    ja="## プランの期間（2017～2020年度）の前後の職員数（プラン策定後の公的統計）",
    en="## Staff before and after the plan period (FY2017-FY2020): later official statistics",
)
DEFINITIONS = Wording(
    ja="定員と一般行政部門職員数は数え方が違うため、別々のグラフと行に分けています。定員は、定数の範囲内で市が定める"
    "必要な職員数で、欠員を含み、他団体への派遣者を除きます{cite}。一般行政部門職員数は、SSDSE-Aが掲載する"
    "一般行政部門の職員数です。SSDSE-Aはその年だけを示し、調査日を記していません（同データの説明と項目の見出し）。",
    en="The staff quota and the general-administration staff are counted differently, so they have separate panels "
    "and rows. The quota is the number of posts the city fixes within its authorised establishment, vacancies "
    "included and staff seconded to other bodies excluded{cite}. General-administration staff is the count of "
    "staff in the general-administration sector that SSDSE-A publishes; SSDSE-A gives only the year of each count, "
    "with no survey date (its description and column headings).",
)
PER_1000 = Wording(
    ja="人口千人当たりの一般行政部門職員数（分母は2020年国勢調査人口）は、{first}に{first_value}、{last}に{last_value}"
    "でした。多摩26市の中央値は{last}に{median}で、小平市は{of}市中{rank}位（低い方から）です。"
    "多い・少ないのどちらが望ましいかは、このデータからは言えません。",
    en="General-administration staff per 1,000 residents (2020 census population) was {first_value} in {first} and "
    "{last_value} in {last}. The median of the 26 Tama cities in {last} was {median}; Kodaira ranked {rank} of {of} "
    "from the lowest. These data do not say whether more or fewer is better.",
)
PERIOD_LABEL = ("プランの期間（2017年4月1日～2021年3月31日）", "The plan period (1 April 2017 to 31 March 2021)")


def heading(lang: str) -> str:
    """The section's heading."""
    return HEADING.say(lang)


def definitions(lang: str) -> str:
    """How the quota and SSDSE-A's count differ."""
    return DEFINITIONS.say(lang, cite=cite("第１章２（４）", lang))


def gap_sentence(staff: pd.DataFrame, lang: str) -> str:
    """The summary's sentence without its lead-in: the last quota, the first SSDSE-A count, no join."""
    admin = staff[staff["measure"] == "admin_staff"].sort_values("year")
    quota = staff[staff["measure"] == "staff_quota"].sort_values("year")
    said = STAFFING.say(
        lang,
        quota=fmt(quota["value"].iloc[-1], "staff", lang),
        first=int(admin["year"].iloc[0]),
        staff=fmt(admin["value"].iloc[0], "staff", lang),
    ).removeprefix(pick(lang, "職員：", "Staffing: "))  # the summary's lead-in; this is the staffing report
    return said[:1].upper() + said[1:]


def _shade(ax, lang: str) -> None:
    """The plan period on an axis of 1 April dates: from 1 April 2017 up to (not including) 1 April 2021."""
    first, last = period.PLAN_PERIOD
    ax.axvspan(first, last + 1, color=OKABE_ITO[1], alpha=0.12, zorder=0, label=pick(lang, *PERIOD_LABEL))


def _april_axis(ax, years, lang: str, *, quota: bool) -> None:
    """The year axis; its title names the quota's 1 April only where the chart draws the quota (``quota``)."""
    years = sorted(set(years) | set(range(period.PLAN_PERIOD[0], period.PLAN_PERIOD[1] + 2)))
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    # the quota is as of 1 April; SSDSE-A gives its staff count a year and no survey date
    ax.set_xlabel(
        pick(lang, "年（定員は4月1日現在、職員数はSSDSE-Aの年）", "Year (quota: 1 April; staff: SSDSE-A's year)")
        if quota
        else pick(lang, "年（SSDSE-Aが示す年）", "Year (as SSDSE-A gives it)")
    )


@drawn_in_house_style
def staff_chart(staff: pd.DataFrame, lang: str) -> Chart:
    """The quota (plan) and general-administration staff (SSDSE-A), each in its own panel on one time axis."""
    fig, axes = new_figure(2, 1, height=5.6, sharex=True)
    panels = (
        ("staff_quota", OKABE_ITO[0], "o", pick(lang, "定員（プラン、人）", "Staff quota, plan (persons)")),
        ("admin_staff", OKABE_ITO[5], "s", pick(lang, "一般行政部門職員数（人）", "General-admin. staff (persons)")),
    )
    for ax, (measure, colour, marker, label) in zip(axes, panels, strict=True):
        _shade(ax, lang)
        rows = staff[staff["measure"] == measure].sort_values("year")
        ax.plot(rows["year"], rows["value"], marker=marker, color=colour)
        for _, r in rows.iterrows():
            label_above(ax, r["year"], r["value"], f"{r['value']:,.0f}", dy=6)
        ax.set_ylabel(label, fontsize=9)
        if len(rows):  # from 90% of the lowest count, so that a change of a few staff is not drawn as a leap
            ax.set_ylim(rows["value"].min() * 0.9, rows["value"].max() * 1.06)
        integer_axis(ax)
    axes[0].set_title(
        pick(lang, "プランの定員（各年4月1日現在）", "The plan's staff quota (as of 1 April)"), fontsize=10
    )
    axes[1].set_title(
        pick(
            lang,
            "SSDSE-Aの一般行政部門職員数（SSDSE-Aが示す年）",
            "SSDSE-A's general-administration staff (the year SSDSE-A gives)",
        ),
        fontsize=10,
    )
    _april_axis(axes[1], staff["year"].astype(int), lang, quota=True)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", fontsize=8)
    parts = {
        m: _join([f"{int(y)} {v:,.0f}" for y, v in staff[staff["measure"] == m][["year", "value"]].to_numpy()], lang)
        for m in ("staff_quota", "admin_staff")
    }
    return Chart(
        fig,
        alt=pick(
            lang,
            f"2段の折れ線グラフ。上はプランの定員（4月1日現在）：{parts['staff_quota']}。下はSSDSE-Aの一般行政部門職員数"
            f"（SSDSE-Aが示す年、調査日の記載なし）：{parts['admin_staff']}。数え方が違うため線はつないでいない。プランの期間には、どちらの数値もない。",
            f"Two line charts. Top: the plan's staff quota (1 April): {parts['staff_quota']}. Bottom: SSDSE-A's "
            f"general-administration staff (the year SSDSE-A gives; it states no survey date): {parts['admin_staff']}. Counted differently, so never "
            "joined. Neither has a figure for the plan period.",
        ),
        caption=pick(
            lang,
            "図2 定員（プラン）と一般行政部門職員数（SSDSE-A）：定義が違うため別のグラフ",
            "Figure 2. Staff quota (plan) and general-administration staff (SSDSE-A): different definitions, "
            "separate panels",
        ),
        source=with_ssdse(source_note("indicators", lang), lang),
    )


def staff_table(staff: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 2: one row per measure and date, the two measures never in one column of a series."""
    return TableView(
        long_table(staff.assign(unit="staff"), lang),  # both count staff
        caption=pick(
            lang,
            "表 図2の数値（定員と一般行政部門職員数は別の指標）",
            "Table: the numbers of Figure 2 (two different measures)",
        ),
        note=definitions(lang),
        source=source_note("indicators", lang)
        + pick(lang, "；", "; ")
        + SSDSE_SOURCE[lang].split(pick(lang, "：", ": "), 1)[1],
    )


@drawn_in_house_style
def per_1000_chart(per_1000: pd.DataFrame, lang: str) -> Chart:
    """Staff per 1,000 residents: Kodaira against the Tama median and range."""
    fig, ax = new_figure(height=3.8)
    _shade(ax, lang)
    ax.fill_between(
        per_1000["year"],
        per_1000["low"],
        per_1000["high"],
        color="#999999",
        alpha=0.2,
        label=pick(lang, "多摩26市の範囲（最小～最大）", "Range of the 26 Tama cities"),
    )
    ax.plot(
        per_1000["year"],
        per_1000["median"],
        linestyle="--",
        color="#555555",
        label=pick(lang, "多摩26市の中央値", "Median of the 26 Tama cities"),
    )
    ax.plot(
        per_1000["year"], per_1000["per_1000"], marker="s", color=OKABE_ITO[5], label=pick(lang, "小平市", "Kodaira")
    )
    for _, r in per_1000.iterrows():
        label_above(ax, r["year"], r["per_1000"], f"{r['per_1000']:.2f}", dy=-13)
    ax.set_ylabel(pick(lang, "人口千人当たり職員数（人）", "Staff per 1,000 residents"))
    ax.set_ylim(0, None)
    _april_axis(ax, per_1000["year"].astype(int), lang, quota=False)
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    parts = _join([f"{int(r['year'])} {r['per_1000']:.2f} ({r['median']:.2f})" for _, r in per_1000.iterrows()], lang)
    return Chart(
        fig,
        alt=pick(
            lang,
            f"人口千人当たり一般行政部門職員数の折れ線グラフ。小平市（括弧内は多摩26市の中央値）：{parts}。網掛けはプランの期間で、数値はない。",
            f"Line chart of general-administration staff per 1,000 residents, Kodaira (Tama median in brackets): "
            f"{parts}. The shaded plan period has no figures.",
        ),
        caption=pick(
            lang,
            "図3 人口千人当たりの一般行政部門職員数：小平市と多摩26市（年はSSDSE-Aが示す年、分母は2020年国勢調査人口）",
            "Figure 3. General-administration staff per 1,000 residents: Kodaira and the 26 Tama cities "
            "(years as SSDSE-A gives them; 2020 census population)",
        ),
        source=SSDSE_SOURCE[lang],
    )


def per_1000_table(per_1000: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 3."""
    frame = pd.DataFrame(
        {
            pick(lang, "年（SSDSE-Aの年）", "Year (as SSDSE-A gives it)"): [str(int(y)) for y in per_1000["year"]],
            pick(lang, "職員数", "Staff"): [fmt(v, "staff", lang) for v in per_1000["staff"]],
            pick(lang, "人口千人当たり", "Per 1,000 residents"): [f"{v:.2f}" for v in per_1000["per_1000"]],
            pick(lang, "多摩26市の中央値", "Tama median"): [f"{v:.2f}" for v in per_1000["median"]],
            pick(lang, "多摩26市の最小", "Tama lowest"): [f"{v:.2f}" for v in per_1000["low"]],
            pick(lang, "多摩26市の最大", "Tama highest"): [f"{v:.2f}" for v in per_1000["high"]],
            pick(lang, "多摩26市の中での順位", "Place among the Tama cities"): [
                pick(lang, f"{o}市中{k}位（低い方から）", f"{k} of {o} from the lowest")
                for k, o in zip(per_1000["rank"], per_1000["of"], strict=True)
            ],
            pick(lang, "出典", "Source"): list(per_1000["source"]),
        }
    )
    return TableView(
        frame,
        caption=pick(lang, "表 図3の数値", "Table: the numbers of Figure 3"),
        note=pick(
            lang,
            "分母はいずれも2020年国勢調査人口（10月1日）。",
            "Denominator: the 2020 census population (1 October).",
        ),
        source=SSDSE_SOURCE[lang],
    )


def per_1000_sentence(per_1000: pd.DataFrame, lang: str) -> str:
    """Kodaira's staff per 1,000 residents, first and last survey, against the Tama median and rank."""
    first, last = per_1000.iloc[0], per_1000.iloc[-1]
    day = lambda y: pick(lang, f"{int(y)}年", f"{int(y)}")  # noqa: E731  (SSDSE-A gives the year, no survey date)
    return PER_1000.say(
        lang,
        first=day(first["year"]),
        last=day(last["year"]),
        first_value=f"{first['per_1000']:.2f}",
        last_value=f"{last['per_1000']:.2f}",
        median=f"{last['median']:.2f}",
        rank=int(last["rank"]),
        of=int(last["of"]),
    )
