"""Topic: ageing and fertility as the plan gives them: the 65+ share (a lower bound), fertility, the budget.

The censuses and births from SSDSE-A are in :mod:`kodaira_analysis.topics.census_births`.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import format_value, pick, text
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, new_figure
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join


def _exact(number: float) -> str:
    """A difference of printed figures, to the precision it really has (no rounding up to a bound).

    >>> _exact(22 - 20.73), _exact((22 - 20.73) / 4)
    ('1.27', '0.3175')
    """
    return f"{round(number, 6):.6f}".rstrip("0").rstrip(".")


def _floor_to_published(number: float, decimals: int = 2) -> str:
    """A lower bound said to the precision of the figures it comes from, rounded DOWN so it stays a bound.

    0.3175 a year is more than 0.31 a year: 'more than 0.31' is as true and claims no precision the plan lacks.

    >>> _floor_to_published((22 - 20.73) / 4), _floor_to_published(0.5)
    ('0.31', '0.5')
    """
    scale = 10**decimals
    return _exact(math.floor(round(number * scale, 6)) / scale)


_SHARE_BOUND_ONLY = Wording(
    ja="プランによると、{d1}の65歳以上人口の割合は{bound}%を超えていました{cite}（下限値）。",
    en="According to the plan, more than {bound}% of residents were aged 65 and over on {d1}{cite} (a lower bound).",
)
_SHARE_RISE = Wording(
    ja="プランによると、65歳以上人口の割合は{d0}に{v0}、{d1}には{bound}%を超えていました{cite}。"
    "{d1}の正確な値は示されていないため、{bound}%は下限です。この二つの値から本プロジェクトが計算すると、"
    "この{years}年間の上昇は{rise}ポイントを超え、年平均では{per_year}ポイントを超えます（プランはこの上昇幅を示していません）。",
    en="According to the plan, {v0} of residents were aged 65 and over on {d0}, and more than {bound}% on {d1}{cite}. "
    "The plan gives no exact figure for {d1}, so {bound}% is a lower bound. By our arithmetic from these two figures "
    "(the plan does not give the rise), the share rose by more than {rise} percentage points over those {years} years, "
    "more than {per_year} points a year on average.",
    counts=("years",),
)


def aged_share_sentence(share: pd.DataFrame, lang: str) -> str:
    """The 65+ share, the lower bound, and the rise it implies (a bound too: 'more than', never rounded)."""
    share = share.sort_values("as_of")
    bound = share[share["bound"] == "lower"].iloc[-1]
    values = {
        "d1": format_date(bound["as_of"], lang),
        "bound": f"{bound['value']:g}",
        "cite": cite("第１章３（２）", lang),
    }
    if not (share["bound"] == "exact").any():  # the range leaves out the plan's exact figure
        return _SHARE_BOUND_ONLY.say(lang, **values)
    exact = share[share["bound"] == "exact"].iloc[0]
    years = bound["as_of"].year - exact["as_of"].year
    rise = bound["value"] - exact["value"]
    return _SHARE_RISE.say(
        lang,
        d0=format_date(exact["as_of"], lang),
        v0=format_value(exact["value"], "percent", lang),
        years=years,
        rise=_exact(rise),
        per_year=_floor_to_published(rise / years),  # the bound's precision (22%, 20.73%)
        **values,
    )


def _minimum_pace(share: pd.DataFrame, extend_to_year: int | None) -> tuple[int, float] | None:
    """Where the figure's dotted line of the minimum pace ends (year, percent), or None when none is drawn."""
    share = share.sort_values("as_of")
    exact, lower = share[share["bound"] == "exact"], share[share["bound"] == "lower"]
    if not (len(exact) and len(lower)):
        return None
    first, bound = exact.iloc[0], lower.iloc[-1]
    x0, y0, x1, y1 = first["as_of"].year, first["value"], bound["as_of"].year, bound["value"]
    end = max(x1, extend_to_year or x1)
    return end, y0 + (y1 - y0) / (x1 - x0) * (end - x0)


def aged_share_table(share: pd.DataFrame, lang: str, *, extend_to_year: int | None = None) -> TableView:
    """The values Figure 1 draws: each figure as printed and as read (a bound stays a bound), and our line's end."""
    rows = []
    for _, row in share.sort_values("as_of").iterrows():
        lower = row["bound"] == "lower"
        rows.append(
            {
                pick(lang, "時点", "Date"): format_date(row["as_of"], lang),
                pick(lang, "65歳以上人口の割合", "Share aged 65 and over"): (
                    pick(lang, f"{row['value']:g}%超（下限）", f"over {row['value']:g}% (lower bound)")
                    if lower
                    else format_value(row["value"], "percent", lang)
                ),
                pick(lang, "誰の数値か", "Whose figure"): pick(lang, "プラン", "The plan"),
            }
        )
        if lang == "ja":  # the plan's own words; the English page says whose figure it is
            rows[-1]["プランの記載"] = f"{row['value_printed']}（{row['period']}）"
    line = _minimum_pace(share, extend_to_year)
    if line is not None and line[0] > share["as_of"].dt.year.max():
        year, value = line
        rows.append(
            {
                pick(lang, "時点", "Date"): format_date(pd.Timestamp(year=year, month=1, day=1), lang),
                pick(lang, "65歳以上人口の割合", "Share aged 65 and over"): f"{value:.2f}%",
                pick(lang, "誰の数値か", "Whose figure"): pick(
                    lang,
                    "本プロジェクトの延長線（最低限の上昇ペースを延ばした点線。推計値ではない）",
                    "This project's line (the minimum pace extended; not a forecast)",
                ),
            }
        )
        if lang == "ja":
            rows[-1]["プランの記載"] = "記載なし"
    return TableView(pd.DataFrame(rows), source=source_note("demographics", lang))


def fertility_table(tfr: pd.DataFrame, lang: str) -> TableView:
    """The values Figure 2 draws, with the year and unit as printed and as this project reads them."""
    label = "area_ja" if lang == "ja" else "area_en"
    frame = pd.DataFrame(
        {
            pick(lang, "地域", "Area"): list(tfr[label]),
            pick(lang, "合計特殊出生率", "Total fertility rate"): [f"{v:.2f}" for v in tfr["value"]],
            pick(lang, "プランの記載", "As printed in the plan"): [
                f"{v}（{p}）" if lang == "ja" else f"{v} (FY{int(y)})"
                for v, p, y in zip(tfr["value_printed"], tfr["period"], tfr["fiscal_year"], strict=True)
            ],
            pick(lang, "本プロジェクトの読み方", "How this project reads it"): [
                pick(
                    lang,
                    f"{int(y)}年（暦年）の値、女性1人当たりの子どもの数",
                    f"calendar year {int(y)}, births per woman",
                )
                for y in tfr["fiscal_year"]
            ],
        }
    )
    return TableView(frame, source=source_note("demographics", lang))


#: The length of a lower bound's upward cue, in points: drawn in points, it stands for no value on the axis.
BOUND_CUE_POINTS = 14


@drawn_in_house_style
def _aged_share_figure(share: pd.DataFrame, lang: str, *, extend_to_year: int | None = None) -> Figure:
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
        # the bound as a bound: a bar at its value and a short upward cue of fixed length in points, not in data
        # units, so it reaches no value the plan does not give (fifth read: the arrow rose to about 23%)
        ax.annotate(
            "",
            xy=(x, y),
            xytext=(0, BOUND_CUE_POINTS),
            textcoords="offset points",
            arrowprops={"arrowstyle": "<|-", "color": OKABE_ITO[5], "shrinkA": 0, "shrinkB": 0},
        )
        ax.plot([x - 0.25, x + 0.25], [y, y], color=OKABE_ITO[5], linewidth=2.5, label=text("lower_bound", lang))
        ax.annotate(
            pick(lang, f"{y:.0f}%超", f"over {y:.0f}%"),
            (x, y),
            textcoords="offset points",
            xytext=(12, -4),
            va="top",  # below the bar's right end: the minimum pace's line rises through the bar to the right
            fontsize=9,
            color=OKABE_ITO[5],
        )
    line = _minimum_pace(share, extend_to_year)
    if line is not None:
        x0, y0 = exact.iloc[0]["as_of"].year, exact.iloc[0]["value"]
        end, y_end = line
        ax.plot(
            [x0, end],
            [y0, y_end],
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


def _aged_share_alt(share: pd.DataFrame, lang: str) -> str:
    """Describe the 65+ chart, saying which point is a lower bound."""
    parts = []
    for _, r in share.sort_values("as_of").iterrows():
        day = format_date(r["as_of"], lang, era=False)  # the date as the page's text writes it, without the era
        if r["bound"] == "lower":
            parts.append(pick(lang, f"{day} {r['value']:g}%超（下限）", f"over {r['value']:g}% on {day} (lower bound)"))
        else:
            parts.append(pick(lang, f"{day} {r['value']:.2f}%", f"{r['value']:.2f}% on {day}"))
    return pick(
        lang,
        f"65歳以上人口の割合。点は実績、上向きの矢印は下限（実際はそれより高い）を示す。{_join(parts, lang)}。",
        f"Share of residents aged 65 and over. Dots are exact figures; an upward arrow marks a lower bound "
        f"(the true value is higher). {_join(parts, lang)}.",
    )


_FERTILITY_NONE = Wording(
    ja="選んだ期間には、プランに合計特殊出生率の記載がありません（プランの数値は2014年の値です）。",
    en="The plan gives no total fertility rate in the years chosen (its figures are for 2014).",
)
_FERTILITY = Wording(
    ja="プランによると、合計特殊出生率は小平市{kodaira}、全国平均{japan}で、{compared}{cite}。"
    "プランはこれを「{printed_year}」の値として「％」を付けて記載していますが、合計特殊出生率は女性1人当たりの子どもの数で、"
    "暦年（1～12月）で集計される統計です。本プロジェクトは{year}年の値と読んでいます。",
    en="According to the plan, Kodaira's total fertility rate was {kodaira} against a national average of {japan}, "
    "{compared}{cite}. The plan labels these figures {printed_year_en} (a fiscal year) and prints them with a % sign; "
    "a total fertility rate is a number of births per woman and a calendar-year statistic, so this project reads "
    "them as {year} figures.",
)


def _fertility_gap(gap: float, lang: str) -> str:
    """Kodaira against the national average in the past tense, as the figures are for 2014 (equal said as equal).

    >>> _fertility_gap(0.02, "ja"), _fertility_gap(-0.05, "en"), _fertility_gap(0.0, "ja")
    ('小平市は全国平均を0.02下回っていました', '0.05 higher', '小平市と全国平均は同じでした')
    """
    if gap == 0:
        return pick(lang, "小平市と全国平均は同じでした", "the same")
    side = pick(lang, "下回って" if gap > 0 else "上回って", "lower" if gap > 0 else "higher")
    return pick(lang, f"小平市は全国平均を{abs(gap):.2f}{side}いました", f"{abs(gap):.2f} {side}")


def fertility_sentence(tfr: pd.DataFrame, lang: str) -> str:
    """Kodaira's total fertility rate against Japan's; the kind of year and the unit as they really are."""
    if tfr.empty:
        return _FERTILITY_NONE.say(lang)
    by_area = tfr.set_index("area")
    kodaira, japan = by_area.loc["kodaira"], by_area.loc["japan"]
    gap = japan["value"] - kodaira["value"]
    return _FERTILITY.say(
        lang,
        kodaira=f"{kodaira['value']:.2f}",
        japan=f"{japan['value']:.2f}",
        compared=_fertility_gap(round(gap, 2), lang),
        cite=cite("第１章３（２）", lang),
        printed_year=kodaira["period"],
        printed_year_en=f"FY{int(kodaira['fiscal_year'])}",
        year=int(kodaira["fiscal_year"]),
    )


@drawn_in_house_style
def _fertility_figure(tfr: pd.DataFrame, lang: str) -> Figure:
    """Total fertility rate, Kodaira against Japan."""
    fig, ax = new_figure(width=5.0, height=2.2)  # two bars: no full-width chart
    label = "area_ja" if lang == "ja" else "area_en"
    ax.barh(
        tfr[label],
        tfr["value"],
        color=[OKABE_ITO[0] if a == "kodaira" else OKABE_ITO[7] for a in tfr["area"]],
        height=0.5,
    )
    for name, value in zip(tfr[label], tfr["value"], strict=True):
        ax.annotate(f"{value:.2f}", (value, name), textcoords="offset points", xytext=(4, -3), fontsize=10)
    ax.set_xlabel(pick(lang, "合計特殊出生率（女性1人当たりの子どもの数）", "Total fertility rate (births per woman)"))
    ax.set_xlim(0, float(tfr["value"].max()) * 1.25)
    ax.invert_yaxis()
    return fig


def _fertility_alt(tfr: pd.DataFrame, lang: str) -> str:
    """Describe the fertility bars."""
    label = "area_ja" if lang == "ja" else "area_en"
    parts = [f"{a} {v:.2f}" for a, v in zip(tfr[label], tfr["value"], strict=True)]
    return pick(
        lang,
        f"合計特殊出生率の横棒グラフ。{_join(parts, lang)}。",
        f"Horizontal bar chart of the total fertility rate. {_join(parts, lang)}.",
    )


_BUDGET = Wording(
    ja="プランは、少子高齢化に伴う社会保障関係経費の増加や法人住民税のさらなる国税化が市財政に与える影響について、"
    "予断を許さない状況だとしています{cite_1}。また、増加が見込まれる医療や介護などの社会保障費をどう確保するか、"
    "一人暮らしの高齢者も増えるなかで高齢者向けの行政サービスをどう提供するかを、今後の大きな課題としています{cite_2}。",
    en="The plan says the effect on the city's finances of rising social-security costs, as fewer children are born and "
    "the population ages, and of the further conversion of the corporate inhabitant tax into a national tax remains uncertain{cite_1}. "
    "It names two large tasks ahead: funding the medical and long-term care costs expected to grow, and providing "
    "services for older people as more of them live alone{cite_2}.",
)


def budget_implications(lang: str) -> str:
    """What the plan says ageing means for the budget, cited, with its own degree of certainty."""
    return _BUDGET.say(lang, cite_1=cite("第１章３（１）", lang), cite_2=cite("第１章３（２）", lang))


def aged_share_chart(share: pd.DataFrame, lang: str, *, extend_to_year: int | None = None) -> Chart:
    """The 65+ share, a lower bound drawn as one, as one figure with its words."""
    return Chart(
        _aged_share_figure(share, lang, extend_to_year=extend_to_year),
        alt=_aged_share_alt(share, lang),
        caption=pick(
            lang,
            "図1 65歳以上人口の割合（1月1日現在）。2015年は下限値で、上限は示されていない。点線は本プロジェクトが引いた最低限の上昇ペースで、各年の値はプランにない",
            "Figure 1. Share of residents aged 65 and over (1 January). The 2015 figure is a lower bound with no upper "
            "bound given; the dotted line is this project's minimum pace of increase, not figures from the plan",
        ),
        source=source_note("demographics", lang),
    )


def fertility_chart(tfr: pd.DataFrame, lang: str) -> Chart:
    """Kodaira's total fertility rate against Japan's, as one figure with its words."""
    return Chart(
        _fertility_figure(tfr, lang),
        alt=_fertility_alt(tfr, lang),
        caption=pick(
            lang,
            "図2 合計特殊出生率（プランの記載は平成26年度。暦年2014年の値と読む）",
            "Figure 2. Total fertility rate (the plan labels it FY2014; read as calendar year 2014)",
        ),
        source=source_note("demographics", lang),
    )
