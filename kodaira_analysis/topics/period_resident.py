"""Topic: welfare expenditure (民生費) and money per resident over the plan period, against the Tama median."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period, period_compare
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, format_fiscal_year_axis, new_figure
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.topics.period_common import fmt, period_of, shade_plan_period, source_words
from kodaira_analysis.topics.period_measures import (
    axis_label,
    measures_chart,
    name,
    plan_years,
    plot_measure,
    source_key,
    values_of,
    wide_frame,
)

WELFARE = Wording(
    ja="民生費は{base_year}の{base}から{end_year}の{end}（{change}）、{last_year}には{last}になりました。歳出に占める"
    "割合は{base_year}が{share_base}、{end_year}が{share_end}、{last_year}が{share_last}です。{end_year}には前年度比で"
    "民生費が{welfare_step}、歳出決算総額が{expenditure_step}で、割合は前年度の{share_before}から{share_move_ja}。",
    en="Welfare expenditure went from {base} in {base_year} to {end} in {end_year} ({change}), and to {last} "
    "in {last_year}. Its share of expenditure was {share_base} in {base_year}, {share_end} in {end_year} and "
    "{share_last} in {last_year}. In {end_year}, welfare expenditure changed by {welfare_step} on the year before "
    "and total expenditure by {expenditure_step}, so the share {share_move_en} from {share_before}.",
)
#: How a share moved from one year to the next, by the sign of the change (the word comes from the data).
MOVES = {1: ("上がりました", "rose"), -1: ("下がりました", "fell"), 0: ("変わりませんでした", "stayed the same")}
PER_RESIDENT = Wording(
    ja="住民1人当たりの額は、各年度の決算額をその年度以前で直近の国勢調査人口（10月1日）で割った値です"
    "（2015～2019年度は2015年、2020年度以降は2020年の国勢調査）。2020年度からは分母も変わるため、2019年度との差の一部は"
    "分母の変化によるものです。破線は多摩26市の中央値です。",
    en="Per-resident amounts are each fiscal year's settled amount divided by the census population (1 October) at or "
    "before that year: the 2015 census for FY2015-FY2019 and the 2020 census from FY2020. The denominator changes "
    "in FY2020, so part of the change from FY2019 comes from the new denominator. The dashed line is the median of "
    "the 26 Tama cities.",
)

MEASURES = tuple(period.PER_RESIDENT)  # revenue, expenditure, local taxes, welfare per resident
DENOMINATOR = {
    "ja": "1人当たり：各年度以前で直近の国勢調査人口（10月1日）で割った値（2015～2019年度は2015年、2020年度以降は2020年）。",
    "en": "Per resident: divided by the census population (1 October) at or before the fiscal year (2015 census for "
    "FY2015-FY2019, 2020 census from FY2020).",
}


@drawn_in_house_style
def welfare_chart(fiscal: pd.DataFrame, lang: str) -> Chart:
    """Welfare expenditure (億円 / ¥ billion) and its share of total expenditure (%), one panel each."""
    measures = ("welfare", "welfare_share")
    fig, axes = new_figure(2, 1, height=5.4, sharex=True)
    for ax, measure, unit in zip(axes, measures, ("million_yen", "percent"), strict=True):
        shade_plan_period(ax, lang)
        plot_measure(ax, fiscal, measure, lang)
        ax.set_ylabel(
            axis_label(
                pick(lang, "民生費", "Welfare")
                if unit != "percent"
                else pick(lang, "歳出に占める割合", "Share of expenditure"),
                unit,
                lang,
            ),
            fontsize=9,
        )
        ax.margins(y=0.25)
    source_key(axes[0], lang, plan=False)
    format_fiscal_year_axis(axes[1], plan_years(fiscal, measures), lang)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8)
    return measures_chart(
        fig,
        fiscal,
        measures,
        ("民生費とその歳出に占める割合", "welfare expenditure and its share of expenditure"),
        (
            "図6 民生費（決算、億円）と歳出決算総額に占める割合（%）",
            "Figure 6. Welfare expenditure (settled, ¥ billion) and its share of total expenditure (%)",
        ),
        lang,
    )


def welfare_table(fiscal: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 6."""
    return TableView(
        wide_frame(fiscal, ("welfare", "expenditure", "welfare_share"), lang),
        caption=pick(lang, "表 図6の数値", "Table: the numbers of Figure 6"),
        source=SSDSE_SOURCE[lang],
    )


def share_move(before: float, after: float) -> tuple[str, str]:
    """'上がりました' / 'rose', '下がりました' / 'fell' or '変わりませんでした' / 'stayed the same', from the two figures.

    Compared at the printed precision (one decimal of a percent), so a share printed the same is said unchanged.
    """
    if pd.isna(before) or pd.isna(after):
        raise ValueError(f"a share to compare is missing ({before}, {after}): no direction to say")
    step = round(after, 1) - round(before, 1)
    return MOVES[(step > 1e-9) - (step < -1e-9)]


def welfare_values(fiscal: pd.DataFrame, lang: str) -> dict:
    """Welfare expenditure and its share before the plan period, at its end, and in the latest year.

    The last year of the plan period is also compared with the year before it: the changes of welfare and total
    expenditure, and the direction of the share, each computed (never assumed).
    """
    welfare, share = values_of(fiscal, "welfare"), values_of(fiscal, "welfare_share")
    base, end, last = period.BASE_YEAR, period.PLAN_PERIOD[1], int(welfare.index.max())
    change = period_compare.period_change(fiscal, "welfare", base, end)
    welfare_step = period_compare.period_change(fiscal, "welfare", end - 1, end)
    expenditure_step = period_compare.period_change(fiscal, "expenditure", end - 1, end)
    before, after = float(share.get(end - 1, float("nan"))), float(share.get(end, float("nan")))
    move_ja, move_en = share_move(before, after)
    return {
        "base": fmt(float(welfare.get(base, float("nan"))), "million_yen", lang),
        "end": fmt(float(welfare.get(end, float("nan"))), "million_yen", lang),
        "last": fmt(float(welfare[last]), "million_yen", lang),
        "change": f"{change['percent']:+.1f}%",
        "welfare_step": f"{welfare_step['percent']:+.1f}%",
        "expenditure_step": f"{expenditure_step['percent']:+.1f}%",
        "share_before": fmt(before, "percent", lang),
        "share_move_ja": move_ja,
        "share_move_en": move_en,
        "share_base": fmt(float(share.get(base, float("nan"))), "percent", lang),
        "share_end": fmt(float(share.get(end, float("nan"))), "percent", lang),
        "share_last": fmt(float(share.get(last, float("nan"))), "percent", lang),
        **{f"{k}_year": fiscal_year_label(y, lang) for k, y in (("base", base), ("end", end), ("last", last))},
    }


def welfare_sentence(fiscal: pd.DataFrame, lang: str) -> str:
    """How welfare expenditure and its share moved."""
    return WELFARE.say(lang, **welfare_values(fiscal, lang))


COMPARED = Wording(
    ja="{year}の住民1人当たりの額は、歳出が{expenditure}（多摩26市の中央値{expenditure_median}）、地方税が{local_taxes}"
    "（同{local_taxes_median}）、民生費が{welfare}（同{welfare_median}）でした。",
    en="Per resident in {year}, expenditure was {expenditure} (median of the 26 Tama cities {expenditure_median}), "
    "local taxes {local_taxes} (median {local_taxes_median}) and welfare expenditure {welfare} (median {welfare_median}).",
)


def per_resident_sentence(fiscal: pd.DataFrame, medians: dict, lang: str, year: int = period.PLAN_PERIOD[1]) -> str:
    """Kodaira's money per resident in one fiscal year (default FY2020) against the Tama median."""
    values = {}
    for base in ("expenditure", "local_taxes", "welfare"):
        measure = f"{base}_per_resident"
        mine = values_of(fiscal, measure)
        values[base] = fmt(float(mine.get(year, float("nan"))), "thousand_yen", lang)
        values[f"{base}_median"] = fmt(medians.get((measure, year), float("nan")), "thousand_yen", lang)
    return COMPARED.say(lang, year=fiscal_year_label(year, lang), **values)


@drawn_in_house_style
def per_resident_chart(fiscal: pd.DataFrame, medians: dict, lang: str) -> Chart:
    """Revenue, expenditure, local taxes and welfare per resident (thousand yen), each against the Tama median."""
    fig, axes = new_figure(2, 2, height=5.8, sharex=True)
    years = plan_years(fiscal, MEASURES)
    for ax, measure in zip(axes.flat, MEASURES, strict=True):
        shade_plan_period(ax, lang)
        plot_measure(ax, fiscal, measure, lang, colour=OKABE_ITO[0], labels=0, legend=True)
        median = sorted((y, v) for (m, y), v in medians.items() if m == measure)
        if median:
            ax.plot(
                *zip(*median, strict=True),
                linestyle="--",
                color="#555555",
                linewidth=1.2,
                label=pick(lang, "多摩26市の中央値", "Median of the 26 Tama cities"),
            )
        ax.set_title(name(measure, lang), fontsize=10)
        ax.set_ylabel(pick(lang, "千円", "¥ thousand"), fontsize=9)
        format_fiscal_year_axis(ax, years, lang, label=ax in axes[1], every=2)
        ax.tick_params(labelsize=8)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    labels = [pick(lang, "小平市", "Kodaira") if label == name(MEASURES[0], lang) else label for label in labels]
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8)
    parts = "; ".join(
        f"{name(m, lang)}: " + ", ".join(f"{int(y)} {v:,.1f}" for y, v in values_of(fiscal, m).items())
        for m in MEASURES
    )
    return Chart(
        fig,
        alt=pick(
            lang,
            f"住民1人当たりの歳入・歳出・地方税・民生費（千円）の折れ線グラフ4枚。小平市（実線）と多摩26市の中央値（破線）。"
            f"2017～2020年度を網掛け。小平市：{parts}",
            f"Four line charts of revenue, expenditure, local taxes and welfare expenditure per resident (thousand yen), "
            f"Kodaira (solid) against the median of the 26 Tama cities (dashed); FY2017-FY2020 shaded. Kodaira: {parts}",
        ),
        caption=pick(
            lang,
            "図7 住民1人当たりの決算額（千円）：小平市と多摩26市の中央値",
            "Figure 7. Settled amounts per resident (thousand yen): Kodaira and the median of the 26 Tama cities",
        ),
        source=SSDSE_SOURCE[lang] + pick(lang, "。", ". ") + DENOMINATOR[lang],
    )


def per_resident_frame(fiscal: pd.DataFrame, medians: dict, lang: str) -> pd.DataFrame:
    """One row per measure and fiscal year: Kodaira, the Tama median, the denominator, the source."""
    rows = []
    for measure in MEASURES:
        for _, r in fiscal[fiscal["measure"] == measure].sort_values("year").iterrows():
            year, census = int(r["year"]), str(r["denominator"]).split()[-1]
            rows.append(
                {
                    pick(lang, "指標", "Measure"): name(measure, lang),
                    pick(lang, "年度（決算）", "Fiscal year (settled)"): fiscal_year_label(year, lang),
                    pick(lang, "プラン期間", "Plan period"): period_of(year, lang),
                    pick(lang, "小平市", "Kodaira"): fmt(r["value"], "thousand_yen", lang),
                    pick(lang, "多摩26市の中央値", "Tama median"): fmt(
                        medians.get((measure, year), float("nan")), "thousand_yen", lang
                    ),
                    pick(lang, "分母", "Denominator"): pick(lang, f"{census}年国勢調査", f"{census} census"),
                    pick(lang, "出典", "Source"): source_words(r["source"], lang),
                }
            )
    return pd.DataFrame(rows)


def per_resident_table(fiscal: pd.DataFrame, medians: dict, lang: str) -> TableView:
    """The numbers of Figure 7, with the Tama median beside each of Kodaira's values."""
    return TableView(
        per_resident_frame(fiscal, medians, lang),
        caption=pick(lang, "表 図7の数値", "Table: the numbers of Figure 7"),
        note=PER_RESIDENT.text(lang),
        source=SSDSE_SOURCE[lang] + pick(lang, "。", ". ") + DENOMINATOR[lang],
    )
