"""Topic (01): the five standard indicators in every year MIC's editions cover (FY2005-FY2021) for Kodaira, the Tama cities and the national average.

Every figure comes from :func:`kodaira_analysis.analysis.mic_long_run.long_run`; the three plans' periods
are marked; the thresholds the law sets (早期健全化基準) are said where it sets them; the definitions and the
favourable direction of each indicator, with whose reading it is, come from ``mic_readings.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kodaira_analysis.analysis.mic_long_run import (
    INDICATORS,
    PAY_CUT_YEARS,
    PLAN_PERIODS,
    plan_of,
    readings,
)
from kodaira_analysis.analysis.mic_plans import against_median, span
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, escape
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, new_figure
from kodaira_analysis.present.wording import bullets, number_en
from kodaira_analysis.topics.median_counts import median_counts
from kodaira_analysis.topics.mic_common import (
    AS_OF_APRIL,
    AVERAGE_KIND,
    MIC_SOURCE,
    PLAN_BAND_KEY,
    PLAN_BAND_LABELS,
    PLAN_NAMES,
    as_of_label,
    as_of_note,
    average_cell,
    break_sentences,
    catalogue_span,
    city_cell,
    fmt,
    label,
    median_cell,
    period_of,
    precision_rule,
    range_cell,
    rank_cell,
    rank_rule,
    unit_suffix,
    when,
    when_list,
    when_span,
    year_word,
)

INDICATOR_AS_OF = AS_OF_APRIL[0]  # the Laspeyres index, named by its day (mic_common.when)

CITY, MEDIAN, NATIONAL, BAND = OKABE_ITO[0], OKABE_ITO[7], OKABE_ITO[5], "#cfcfcf"


def _panel(ax, part: pd.DataFrame, indicator: str, lang: str, years: list[int]) -> None:
    for plan, first, last in PLAN_PERIODS:
        if last >= years[0] and first <= years[-1]:
            ax.axvspan(max(first, years[0]) - 0.5, min(last, years[-1]) + 0.5, color="#eef3fa", zorder=0)
            ax.text((max(first, years[0]) + min(last, years[-1])) / 2, 1.0, pick(lang, *PLAN_BAND_LABELS[plan]),
                    transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8)  # fmt: skip
    part = part.set_index("fiscal_year").reindex(years)  # a year MIC does not print breaks the lines
    part["indicator"] = indicator
    x = np.asarray(years)
    high = part["group_max"].to_numpy(dtype=float)
    floor_is_none = part["group_min_no_burden"].fillna(False).astype(bool)
    low = part["group_min"].to_numpy(dtype=float)
    if floor_is_none.any():  # the range reaches cities with no net burden: below any ratio, drawn down to 0
        low = np.where(floor_is_none, 0.0, low)
    ax.fill_between(x, low, high, color=BAND, zorder=1, linewidth=0)
    ax.plot(x, part["group_median"].to_numpy(dtype=float), color=MEDIAN, linewidth=1.2, linestyle=":", zorder=2)
    if part["national_average"].notna().any():
        ax.plot(
            x, part["national_average"].to_numpy(dtype=float), color=NATIONAL, linewidth=1.2, linestyle="--", zorder=2
        )
    ax.plot(x, part["value"].to_numpy(dtype=float), color=CITY, marker="o", markersize=3, linewidth=1.8, zorder=3)
    if floor_is_none.any():
        ax.set_ylim(0, np.nanmax(np.r_[high, part["national_average"].to_numpy(dtype=float)]) * 1.45)
    notes = []
    none_years = part.index[part["no_net_burden"].fillna(False).astype(bool)]
    if len(none_years) == len(years):
        notes.append(pick(lang, "小平市は毎年度「－」（将来負担なし）", "Kodaira: a dash (no net burden) every year"))
    elif len(none_years):
        notes.append(pick(lang, f"小平市は{int(none_years.min())}年度から「－」（将来負担なし）",
                          f"Kodaira: dash (no net burden) from FY{int(none_years.min())}"))  # fmt: skip
    if floor_is_none.any():
        notes.append(pick(lang, "範囲の下端0は「－」の市", "range down to 0: cities with a dash"))
    threshold = readings().loc[indicator, "early_warning"]
    if pd.notna(threshold):
        notes.append(
            pick(
                lang,
                f"早期健全化基準{threshold:g}%（図の外）",
                f"early-warning threshold {threshold:g}% (off the chart)",
            )
        )
    if indicator == "laspeyres_index" and {2012, 2013} <= set(years):
        notes.append(
            pick(lang, "2012・2013年4月1日現在は国の給与減額の影響", "1 April 2012 and 2013: national pay cut")
        )
    if notes:
        # on a white ground: the notes sit over the plan periods' grey bands (the fifth read found them hard to read)
        ground = {"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 1.5}
        ax.text(0.98, 0.97, "\n".join(notes), transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#333333",
                bbox=ground)  # fmt: skip
    ax.set_title(as_of_label(indicator, lang) + (f"（{unit_suffix(indicator, lang)}）" if unit_suffix(indicator, lang) and lang == "ja" else f" ({unit_suffix(indicator, lang)})" if unit_suffix(indicator, lang) else ""), fontsize=9, pad=12)  # fmt: skip
    ticks = [y for y in years if y % (5 if len(years) > 8 else 1) == 0] or years
    ax.set_xticks(ticks, [str(y) for y in ticks], fontsize=8)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.tick_params(axis="y", labelsize=8)


@drawn_in_house_style
def long_run_figure(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> Figure:
    """Five panels: Kodaira, the Tama median and range, the national average; the plans' periods shaded."""
    years = years or span(lr)
    fig, axes = new_figure(3, 2, height=7.6)
    every = list(range(years[0], years[1] + 1))
    for ax, indicator in zip(axes.flat, INDICATORS, strict=False):
        part = lr[(lr["indicator"] == indicator) & lr["fiscal_year"].between(*years)].sort_values("fiscal_year")
        _panel(ax, part, indicator, lang, every)
    legend = axes.flat[-1]
    legend.axis("off")
    handles = [
        legend.plot([], [], color=CITY, marker="o", linewidth=1.8)[0],
        legend.plot([], [], color=MEDIAN, linestyle=":")[0],
        legend.fill_between([], [], color=BAND),
        legend.plot([], [], color=NATIONAL, linestyle="--")[0],
        Patch(color="#eef3fa"),
    ]
    names = [
        pick(lang, "小平市", "Kodaira"),
        pick(lang, "多摩26市の中央値", "Median of the 26 Tama cities"),
        pick(lang, "多摩26市の最小～最大", "Range of the 26 Tama cities"),
        pick(lang, "全国市町村平均（総務省）", "National municipal average (MIC)"),
        pick(lang, *PLAN_BAND_KEY),
    ]
    legend.legend(handles, names, loc="center", fontsize=8, frameon=False)
    return fig


def long_run_alt(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> str:
    """Each panel in words: Kodaira's first and last figure and how many years it was above the Tama median."""
    years = years or span(lr)
    parts = []
    for indicator in INDICATORS:
        part = lr[(lr["indicator"] == indicator) & lr["fiscal_year"].between(*years)].sort_values("fiscal_year")
        if part.empty:
            continue
        first, last = part.iloc[0], part.iloc[-1]
        parts.append(pick(
            lang,
            f"{label(indicator, 'ja')}：{when(indicator, int(first['fiscal_year']), 'ja')}{city_cell(first, 'ja')}、{when(indicator, int(last['fiscal_year']), 'ja')}{city_cell(last, 'ja')}",
            f"{label(indicator, 'en')}: {city_cell(first, 'en')} {'as of' if indicator in AS_OF_APRIL else 'in'} {when(indicator, int(first['fiscal_year']), 'en')}, {city_cell(last, 'en')} {'as of' if indicator in AS_OF_APRIL else 'in'} {when(indicator, int(last['fiscal_year']), 'en')}",
        ))  # fmt: skip
    return pick(
        lang,
        f"5つの小さなグラフ。小平市、多摩26市の中央値と範囲、全国市町村平均、各プランの期間。{'。'.join(parts)}。",
        f"Five small charts: Kodaira, the Tama cities' median and range, the national average, the plans' periods. {'; '.join(parts)}.",
    )


def long_run_chart(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None, number: int = 4) -> Chart:
    """The five indicators over the years (by default every year the data holds), as one figure with its words."""
    years = years or span(lr)
    first, last = years
    return Chart(
        long_run_figure(lr, lang, years),
        alt=long_run_alt(lr, lang, years),
        caption=pick(
            lang,
            f"図{number} 主要5指標の推移（{first}～{last}年度）：小平市と多摩26市、全国平均",
            f"Figure {number}. The five main indicators, FY{first}-FY{last}: Kodaira, the Tama cities and the national average",
        ),
        source=MIC_SOURCE[lang],
    )


def long_run_frame(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The numbers the figure draws, one row per indicator and fiscal year."""
    shown = lr[lr["fiscal_year"].between(*(years or span(lr)))]
    rows = []
    for _, row in shown.iterrows():
        plan = plan_of(int(row["fiscal_year"]))
        rows.append({
            pick(lang, "指標", "Indicator"): as_of_label(row["indicator"], lang),
            pick(lang, "年度", "Fiscal year"): fiscal_year_label(int(row["fiscal_year"]), lang),
            pick(lang, "プラン", "Plan"): pick(lang, *PLAN_NAMES[plan]) if plan else "—",
            pick(lang, "小平市", "Kodaira"): city_cell(row, lang),
            pick(lang, "多摩26市の中央値", "Tama median"): median_cell(row, lang),
            pick(lang, "多摩26市の最小～最大", "Tama range"): range_cell(row, lang),
            pick(lang, "多摩26市の中での順位", "Place among the Tama cities"): rank_cell(row, lang),
            pick(lang, "全国市町村平均", "National average"): average_cell(row, lang),
        })  # fmt: skip
    return pd.DataFrame(rows)


def long_run_table(lr: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> TableView:
    """The figure's numbers, with a note on the dash and the ranks."""
    first, last = years = years or span(lr)
    return TableView(
        long_run_frame(lr, lang, years),
        caption=pick(
            lang,
            f"表 主要5指標の数値（{first}～{last}年度）：小平市、多摩26市の中央値と範囲、全国市町村平均",
            f"Table. The five main indicators, FY{first}-FY{last}: Kodaira, the Tama median and range, the national average",
        ),
        note=pick(
            lang,
            "将来負担比率の「－」は、充てられる財源が将来負担額を上回り比率が算出されないこと（総務省）で、0ではありません。"
            "順位ではこれを最も低いものとして数えます。"
            + rank_rule("ja")
            + precision_rule("ja")
            + as_of_note(last, "ja", rows=True)
            + "2005・2006年度の版は、翌年の4月1日現在の値を載せています。ラスパイレス指数の全国市町村平均は総務省が算出していません。"
            f"{when_list(INDICATOR_AS_OF, PAY_CUT_YEARS, 'ja')}のラスパイレス指数は、国家公務員の給与を臨時に減額した特例（2012年4月～2014年3月）のため、比べる相手の国の給与が下がり高く出ています。",
            "A dash in the future burden ratio means, in MIC's notes, that the resources that can meet the future burden "
            "exceed it, so no ratio is computed; it is not 0, and it counts as the lowest figure. "
            + rank_rule("en")
            + " "
            + precision_rule("en")
            + " "
            + as_of_note(last, "en", rows=True)
            + " The FY2005 "
            "and FY2006 editions print the figure as of the next 1 April; MIC computes no national municipal average of the index. "
            f"The Laspeyres figures as of {when_list(INDICATOR_AS_OF, PAY_CUT_YEARS, 'en')} are raised by "
            "the temporary cut in national civil servants' pay (April 2012 to March 2014), which lowered the national salaries "
            "they are compared with.",
        ),
        source=MIC_SOURCE[lang],
        merge_first_column=True,
    )


def definitions_frame(lang: str) -> pd.DataFrame:
    """Each indicator: what it measures (our wording of MIC's notes), the legal threshold, the favourable direction."""
    table = readings()
    rows = []
    for indicator, row in table.iterrows():
        threshold = row[pick(lang, "early_warning_ja", "early_warning_en")]
        rows.append({
            pick(lang, "指標", "Indicator"): label(str(indicator), lang),
            pick(lang, "定義", "Definition"): row[pick(lang, "definition_ja", "definition_en")],
            pick(lang, "法律の基準", "Threshold in law"): threshold if isinstance(threshold, str) else pick(lang, "定めなし", "none"),
            pick(lang, "望ましい方向", "Favourable direction"): row[pick(lang, "reading_ja", "reading_en")],
            pick(lang, "誰の読み方か", "Whose reading"): row[pick(lang, "reading_source_ja", "reading_source_en")],
        })  # fmt: skip
    return pd.DataFrame(rows)


def definitions_table(lang: str) -> TableView:
    """MIC's indicators defined, with the thresholds the law sets and whose reading each direction is."""
    return TableView(
        definitions_frame(lang),
        caption=pick(
            lang,
            "表 総務省の主要財政指標：定義、法律の基準、望ましい方向",
            "Table. MIC's main fiscal indicators: definitions, thresholds in law, favourable direction",
        ),
        note=pick(
            lang,
            "定義は総務省「指標の説明」を本プロジェクトが要約したものです。",
            "The definitions are the project's summary of MIC's notes on the indicators; the English is our translation.",
        ),
        source=MIC_SOURCE[lang].split(pick(lang, "（", " ("), 1)[0]
        + pick(lang, "「指標の説明」", ", notes on the indicators"),
    )


def period_sentences(lr: pd.DataFrame, lang: str) -> MarkdownText:
    """For each indicator and plan: Kodaira's lowest and highest figure and the years above and below the Tama median."""
    sentences = []
    for indicator in INDICATORS:
        part = lr[lr["indicator"] == indicator]
        pieces = []
        for plan, first, last in PLAN_PERIODS:
            years = part[part["fiscal_year"].between(first, last)]
            cut = (
                years["fiscal_year"].isin(PAY_CUT_YEARS) if indicator == "laspeyres_index" else years["fiscal_year"] < 0
            )
            if years[~cut].empty:
                continue
            piece = _plan_piece(years[~cut], indicator, plan, first, last, lang, left_out=int(cut.sum()))
            if cut.any():  # raised by the national pay cut: left out of the range, as 02 and the table's note say
                left = [int(y) for y in years.loc[cut, "fiscal_year"]]
                piece += pick(lang, f"（国の給与減額で高く出ている{when_list(indicator, left, 'ja')}の値を除く）",
                              f" (leaving out {when_list(indicator, left, 'en')}, raised by the national pay cut)")  # fmt: skip
            pieces.append(piece)
        if pieces:
            sentences.append(pick(lang, f"{label(indicator, 'ja')}：" + "。".join(pieces) + "。",
                                  f"{label(indicator, 'en')}: " + "; ".join(pieces) + "."))  # fmt: skip
    sentences.extend(break_sentences(lr, lang))
    return bullets(sentences)


def _plan_piece(
    years: pd.DataFrame, indicator: str, plan: str, first: int, last: int, lang: str, left_out: int = 0
) -> str:
    name = period_of(plan, lang)
    n = len(years)
    if years["no_net_burden"].all():
        return pick(lang, f"{name}（{first}～{last}年度）は毎年度「－」（将来負担なし）",
                    f"in {name} (FY{first}-FY{last}) a dash (no net burden) in every year")  # fmt: skip
    values = years["value"].dropna()
    above, below, same = against_median(years)
    unit = unit_suffix(indicator, lang)
    low, high = fmt(values.min(), indicator) + unit, fmt(values.max(), indicator) + unit
    span = low if low == high else pick(lang, f"{low}～{high}", f"{low} to {high}")
    dashes = int(years["no_net_burden"].sum())
    if dashes:
        span += pick(
            lang,
            f"（ほかに「－」が{dashes}年度）",
            f" (and a dash in {number_en(dashes)} {'year' if dashes == 1 else 'years'})",
        )
    printed = last - first + 1 - left_out  # the years shown, less those the caller leaves out and says so
    unit = year_word(indicator, "ja")  # the Laspeyres index counts 1 Aprils (年), the others fiscal years (年度)
    of_ja = f"{n}{unit}" if n == printed else f"掲載のある{n}{unit}"
    of_en = f"{number_en(n)} years" if n == printed else f"the {number_en(n)} years MIC prints"
    counts = median_counts(above, below, same, lang, unit_ja=unit, of_ja=of_ja, of_en=of_en)
    days_ja = f"の値（{when_span(indicator, first, last, 'ja')}）" if indicator in AS_OF_APRIL else ""
    days_en = f", as of {when_span(indicator, first, last, 'en')}," if indicator in AS_OF_APRIL else ""
    return pick(
        lang,
        f"{name}（{first}～{last}年度）{days_ja}は{span}で、{counts}",
        f"in {name} (FY{first}-FY{last}){days_en} {span}, {counts}",
    )


def intro(lang: str) -> MarkdownText:
    """What the section shows, the plans it marks and where the figures come from (years from the editions catalogue)."""
    first, last = catalogue_span()
    plans_ja = "、".join(f"{PLAN_NAMES[p][0]}（{a}～{b}年度）" for p, a, b in PLAN_PERIODS)
    (_, a1, b1), (_, a2, b2), (_, a3, b3) = PLAN_PERIODS
    return escape(
        pick(
            lang,
            "総務省は毎年度、全市町村の主要な財政指標（財政力指数、経常収支比率、実質公債費比率、将来負担比率、ラスパイレス指数）を"
            f"公表しています。{first}～{last}年度の小平市の値を、多摩26市の中央値と範囲、総務省が算出する全国市町村平均と比べ、"
            f"{plans_ja}の期間を示します。"
            + AVERAGE_KIND["ja"]
            + "各指標の定義と、どちらの方向が望ましいか（誰の読み方か）は次の表のとおりです。",
            "Every year MIC publishes the main fiscal indicators of every municipality (fiscal capability index, current "
            f"balance ratio, real debt-service ratio, future burden ratio and Laspeyres index). Kodaira's figures for "
            f"FY{first}-FY{last} are set against the median and range of the 26 Tama cities and MIC's national municipal "
            f"average, with the periods of the Restructuring Plan (FY{a1}-FY{b1}), the 2nd Restructuring Plan "
            f"(FY{a2}-FY{b2}) and the 3rd (FY{a3}-FY{b3}) marked. "
            + AVERAGE_KIND["en"]
            + " The table below defines each indicator and says which direction is favourable, and "
            "whose reading that is.",
        )
    )
