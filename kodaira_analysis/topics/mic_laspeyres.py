"""Topic (02): the Laspeyres index of salaries over the years, Kodaira against the Tama cities.

The plan's measure 人事給与制度の見直し (第２章５（１）) speaks of keeping pay appropriate (給与等の適正化);
the index is MIC's measure of the salary level against the national civil service (= 100). The FY2012 and
FY2013 figures are raised by the temporary national pay cut: the caveat is said in the sentence, the
table and the figure, and MIC's reference values without the cut are shown beside them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.analysis.mic_long_run import PAY_CUT_YEARS, PLAN_PERIODS, plan_of
from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, escape
from kodaira_analysis.present.sources import cite
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, format_fiscal_year_axis, new_figure
from kodaira_analysis.topics.median_counts import median_counts
from kodaira_analysis.topics.mic_common import (
    MIC_SOURCE,
    PLAN_BAND_KEY,
    PLAN_BAND_LABELS,
    PLAN_NAMES,
    fmt,
    fmt_computed,
    median_cell,
    period_of,
    precision_rule,
    range_cell,
    rank_cell,
    when,
    when_list,
    when_span,
)

INDICATOR = "laspeyres_index"


def caveat(lang: str) -> MarkdownText:
    """The 2012-2013 national pay cut, said plainly."""
    return escape(
        pick(
            lang,
            "2012年と2013年の4月1日現在の値は、そのまま他の年の値と比べられません。国家公務員の給与が2012年4月から2014年3月まで臨時に"
            "減額され（国家公務員の給与の改定及び臨時特例に関する法律）、比べる相手の国の給与が下がったため、どの市の指数も高く出て"
            "いるからです。総務省は、減額がなかったとした場合の「参考値」も載せており、表と図ではこれを並べて示します。",
            "The figures as of 1 April 2012 and 1 April 2013 cannot be compared with the other years' as they stand. National civil servants' "
            "pay was cut temporarily from April 2012 to March 2014 (the Act on the Revision and Temporary Special Measures "
            "of National Public Servants' Salaries), so the national salaries the index compares with fell and every city's "
            "index rose. MIC also prints a reference value without the cut; the table and figure show it beside the index.",
        )
    )


def sentence(lr: pd.DataFrame, series: pd.DataFrame, lang: str) -> MarkdownText:
    """The series in words: the plan's aim, every plan period's range, the years against the Tama median, the reference values."""
    part = lr[lr["indicator"] == INDICATOR].sort_values("fiscal_year")
    pieces = []
    for plan, first, last in PLAN_PERIODS:
        years = part[part["fiscal_year"].between(first, last) & ~part["fiscal_year"].isin(PAY_CUT_YEARS)]
        if years.empty:
            continue
        above, below = (
            int((years["value"] > years["group_median"]).sum()),
            int((years["value"] < years["group_median"]).sum()),
        )
        same = len(years) - above - below
        low, high = fmt(years["value"].min(), INDICATOR), fmt(years["value"].max(), INDICATOR)
        left_out = [y for y in range(first, last + 1) if y not in set(years["fiscal_year"])]
        out_ja = f"、{when_list(INDICATOR, left_out, 'ja')}を除く" if left_out else ""
        pieces.append(pick(
            lang,
            f"{period_of(plan, 'ja')}（{first}～{last}年度）の値（{when_span(INDICATOR, first, last, 'ja')}{out_ja}）は{low}～{high}で、"
            + median_counts(above, below, same, "ja", unit_ja="年"),
            f"In {period_of(plan, 'en')} (FY{first}-FY{last}), as of {when_span(INDICATOR, first, last, 'en')}, "
            f"it ranged from {low} to {high} and was {median_counts(above, below, same, 'en')}.",
        ))  # fmt: skip
    cut = series[series["fiscal_year"].isin(PAY_CUT_YEARS)]
    cut_ja, cut_en = (when_list(INDICATOR, PAY_CUT_YEARS, language) for language in ("ja", "en"))
    refs = pick(lang, "、", ", ").join(
        pick(lang, f"{when(INDICATOR, int(r.fiscal_year), 'ja')}{fmt(r.value, INDICATOR)}（参考値{fmt(r.reference_value, INDICATOR)}）",
             f"{fmt(r.value, INDICATOR)} as of {when(INDICATOR, int(r.fiscal_year), 'en')} (reference value {fmt(r.reference_value, INDICATOR)})")
        for r in cut.itertuples()
    )  # fmt: skip
    if lang == "en" and len(cut) == 2:
        refs = refs.replace("), ", ") and ", 1)
    return escape(
        pick(
            lang,
            f"プランは「人事給与制度の見直し」で、給与等は国や都の動向等を踏まえて適正化に努めるとしています{cite('第２章５（１）', lang)}。"
            f"小平市のラスパイレス指数（各年4月1日現在）では、{'。'.join(pieces)}（{cut_ja}の値は国の給与減額の"
            f"影響を受けるため除いています）。除いた値は、{refs}でした。"
            "指数の高低に望ましい方向があるとは言えず（本プロジェクトの読み方）、ここでは多摩26市との位置を示すにとどめます。",
            f"The plan's review of personnel and pay aims to keep pay appropriate in the light of national and Tokyo Metropolitan trends"
            f"{cite('第２章５（１）', lang)}. Kodaira's Laspeyres index is given as of 1 April each year; the figures as of "
            f"{cut_en} are left out of the ranges below, as the national pay cut raised them. {' '.join(pieces)} "
            f"The figures left out were {refs}. "
            "Neither a higher nor a lower index is favourable in itself (this project's reading): the page shows where "
            "Kodaira stands among the Tama cities, no more.",
        )
    )


@drawn_in_house_style
def figure(lr: pd.DataFrame, series: pd.DataFrame, lang: str) -> Figure:
    """Kodaira, the Tama median and range, MIC's reference values for FY2012-FY2013, 100 and the plans' periods."""
    part = lr[lr["indicator"] == INDICATOR].set_index("fiscal_year")
    years = list(range(int(part.index.min()), int(part.index.max()) + 1))
    part = part.reindex(years)
    fig, ax = new_figure(height=4.2)
    for plan, first, last in PLAN_PERIODS:
        ax.axvspan(
            first - 0.5,
            last + 0.5,
            color="#eef3fa",
            zorder=0,
            label=pick(lang, *PLAN_BAND_KEY) if plan == "1" else None,
        )
        ax.text((first + last) / 2, 1.0, pick(lang, *PLAN_BAND_LABELS[plan]), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=9)  # fmt: skip
    x = np.asarray(years)
    ax.fill_between(x, part["group_min"].to_numpy(float), part["group_max"].to_numpy(float), color="#cfcfcf", linewidth=0,
                    label=pick(lang, "多摩26市の最小～最大", "Range of the 26 Tama cities"))  # fmt: skip
    ax.plot(
        x,
        part["group_median"].to_numpy(float),
        color=OKABE_ITO[7],
        linestyle=":",
        label=pick(lang, "多摩26市の中央値", "Tama median"),
    )
    ax.plot(
        x,
        part["value"].to_numpy(float),
        color=OKABE_ITO[0],
        marker="o",
        markersize=4,
        linewidth=1.8,
        label=pick(lang, "小平市", "Kodaira"),
    )
    cut = series[series["fiscal_year"].isin(PAY_CUT_YEARS)]
    ax.plot(cut["fiscal_year"], cut["reference_value"], linestyle="none", marker="o", markerfacecolor="white",
            markeredgecolor=OKABE_ITO[0], markersize=6, label=pick(lang, "小平市の参考値（減額なし）", "Kodaira, reference value (no pay cut)"))  # fmt: skip
    ax.plot(cut["fiscal_year"], cut["group_reference_median"], linestyle="none", marker="D", markerfacecolor="white",
            markeredgecolor=OKABE_ITO[7], markersize=5, label=pick(lang, "多摩26市の参考値の中央値", "Tama median of reference values"))  # fmt: skip
    ax.axhline(100, color="#666666", linewidth=0.8)
    format_fiscal_year_axis(ax, years, lang, every=2, label=False)
    ax.set_xlabel(pick(lang, "年（4月1日現在）", "Year (as of 1 April)"))
    ax.set_ylabel(pick(lang, "指数（国＝100）", "Index (national = 100)"))
    fig.legend(loc="outside lower center", fontsize=9, ncols=2)
    return fig


def chart(lr: pd.DataFrame, series: pd.DataFrame, lang: str, number: int = 3) -> Chart:
    """The Laspeyres index over the years, as one figure with its words."""
    part = lr[lr["indicator"] == INDICATOR]
    first, last = int(part["fiscal_year"].min()), int(part["fiscal_year"].max())
    own = part.dropna(subset=["value"])
    return Chart(
        figure(lr, series, lang),
        alt=_alt(own, first, last, lang),
        caption=pick(
            lang,
            f"図{number} ラスパイレス指数の推移（{when_span(INDICATOR, first, last, 'ja')}）：小平市と多摩26市",
            f"Figure {number}. Laspeyres index of salaries, as of {when_span(INDICATOR, first, last, 'en')}: Kodaira and the Tama cities",
        ),
        source=MIC_SOURCE[lang],
    )


def _alt(own: pd.DataFrame, first: int, last: int, lang: str) -> str:
    """The chart in words, as the text says the series: Kodaira's range without the cut-raised years, then theirs.

    02-en once gave 'Kodaira from 99.2 to 107.8': a range with the 2013 figure the national pay cut raised in it,
    that read as a change.
    """
    kept = own[~own["fiscal_year"].isin(PAY_CUT_YEARS)]
    cut = own[own["fiscal_year"].isin(PAY_CUT_YEARS)].sort_values("fiscal_year")
    low, high = fmt(kept["value"].min(), INDICATOR), fmt(kept["value"].max(), INDICATOR)
    cut_values = [fmt(v, INDICATOR) for v in cut["value"]]
    cut_years = [int(y) for y in cut["fiscal_year"]]
    span_ja, span_en = when_span(INDICATOR, first, last, "ja"), when_span(INDICATOR, first, last, "en")
    ja = f"ラスパイレス指数の折れ線グラフ（{span_ja}{_gaps(own, 'ja')}）。小平市の値は"
    en = f"Line chart of the Laspeyres index, as of {span_en}{_gaps(own, 'en')}. Kodaira's figures lie between {low} and {high}"
    if cut_years:
        ja += f"、国の給与減額の影響を受けた{when_list(INDICATOR, cut_years, 'ja')}を除くと{low}～{high}の範囲にあり、"
        ja += f"除いた値は{'・'.join(cut_values)}で、その参考値を白抜きの点で示す。"
        en += (
            f", leaving out the figures as of {when_list(INDICATOR, cut_years, 'en')}, which the national pay cut raised "
            f"({' and '.join(cut_values)}); their reference values are shown as hollow points."
        )
    else:
        ja += f"{low}～{high}の範囲にある。"
        en += "."
    return pick(lang, ja, en)


def _gaps(own: pd.DataFrame, lang: str) -> str:
    """The fiscal years inside the series with no figure, said as a parenthesis ('' when there are none)."""
    years = set(own["fiscal_year"].astype(int))
    missing = [y for y in range(min(years), max(years) + 1) if y not in years] if years else []
    if not missing:
        return ""
    return pick(
        lang,
        f"、{when_list(INDICATOR, missing, 'ja')}は掲載なし",
        f" (none as of {when_list(INDICATOR, missing, 'en')})",
    )


def frame(lr: pd.DataFrame, series: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figure's numbers by the day each is as of (1 April), the plan of the fiscal year that day opens, and the edition.

    The index, its date, the reference value, the Tama median, range and place; FY2005's edition prints
    1 April 2006, a figure of FY2006.
    """
    part = lr[lr["indicator"] == INDICATOR].set_index("fiscal_year")
    rows = []
    for r in series.itertuples():
        year = int(r.fiscal_year)  # the fiscal year the figure's 1 April opens (mic_long_run.year_described)
        row = part.loc[year].copy()
        row["indicator"] = INDICATOR
        plan = plan_of(year)
        rows.append({
            # keyed by its day, as on every page (mic_common.when); the edition that prints it comes last
            pick(lang, "時点", "As of"): _day(r.as_of, lang),
            pick(lang, "プラン", "Plan"): pick(lang, *PLAN_NAMES[plan]) if plan else "—",
            pick(lang, "小平市", "Kodaira"): fmt(r.value, INDICATOR),
            pick(lang, "小平市の参考値", "Kodaira, reference"): fmt(r.reference_value, INDICATOR),
            pick(lang, "多摩26市の中央値", "Tama median"): median_cell(row, lang),
            pick(lang, "多摩26市の参考値の中央値", "Tama median, reference"): fmt_computed(r.group_reference_median, INDICATOR),
            pick(lang, "多摩26市の最小～最大", "Tama range"): range_cell(row, lang),
            pick(lang, "多摩26市の中での順位", "Place among the Tama cities"): rank_cell(row, lang),
            pick(lang, "掲載した版", "Edition"): pick(
                lang, f"{int(r.edition_year)}年度版", f"FY{int(r.edition_year)} edition"
            ),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _day(day, lang: str) -> str:
    """A date with the Western year in both languages (the page names each era once, in its prose)."""
    if pd.isna(day):
        return "—"
    return pick(lang, f"{day.year}年{day.month}月{day.day}日", format_date(day, "en"))


def table(lr: pd.DataFrame, series: pd.DataFrame, lang: str) -> TableView:
    """The Laspeyres figures with the caveat as the table's note."""
    note = pick(
        lang,
        f"{when_list(INDICATOR, PAY_CUT_YEARS, 'ja')}の値は国家公務員の臨時の給与減額のため高く出ています（上記）。参考値は、減額がなかったとした場合の値（総務省）です。"
        "時点は、各版が示す（または本プロジェクトが読み取った）4月1日です。プランは、その日に始まる年度が期間に入るプランです。"
        + precision_rule("ja"),
        f"The figures as of {when_list(INDICATOR, PAY_CUT_YEARS, 'en')} are raised by the temporary national pay cut (see above); the reference values are "
        "MIC's figures as if there had been no cut. 'As of' is the 1 April each edition gives (or the project reads it to give); "
        "'Plan' names the plan whose period includes the fiscal year beginning on that day. " + precision_rule("en"),
    )
    return TableView(frame(lr, series, lang), note=note, source=MIC_SOURCE[lang])
