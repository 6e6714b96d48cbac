"""Topic (00-summary): MIC's five indicators in every year the data holds, and across the three plans.

Two tables: Kodaira's figure and place among the Tama cities in every fiscal year, marked with its plan; each
plan's figures from those years (:func:`kodaira_analysis.analysis.mic_plans.plan_figures`). Years and counts
come from the data, the plan periods and the editions catalogue, never from constants here.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import INDICATORS, PAY_CUT_YEARS, PLAN_PERIODS, plan_of
from kodaira_analysis.analysis.mic_plans import plan_figures, span
from kodaira_analysis.mic.catalogue import editions
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, escape, markdown
from kodaira_analysis.topics.mic_common import (
    MIC_SOURCE,
    PLAN_NAMES,
    as_of_label,
    as_of_note,
    break_sentences,
    city_cell,
    fmt,
    label,
    no_burden,
    rank_of,
    rank_rule,
    side_words,
    unit_suffix,
    when,
    when_list,
)

#: The note mark of the pay-cut years: the reference mark in Japanese, a dagger in English (an asterisk would
#: read as markdown emphasis, and ※ is not an English mark).
MARKS = {"ja": "※", "en": "†"}


def plan_label(plan: str, lang: str) -> str:
    """'第２次プラン（2011～2015年度）' / '2nd Restructuring Plan (FY2011-FY2015)' from the plan periods."""
    first, last = next((f, t) for p, f, t in PLAN_PERIODS if p == plan)
    return pick(lang, f"{PLAN_NAMES[plan][0]}（{first}～{last}年度）", f"{PLAN_NAMES[plan][1]} (FY{first}-FY{last})")


def _place(row: pd.Series, lang: str) -> str:
    if pd.isna(row["rank_low"]):
        return ""
    n = int(row["group_n"])
    if bool(row["no_net_burden"]) and int(row["group_no_burden"]) > 1:
        k = int(row["group_no_burden"])
        return pick(lang, f"（1/{n}、{k}市同率）", f" (1/{n}, {k} tied)")
    k, r = int(row.get("tied", 1) or 1), rank_of(row)  # cities sharing a figure share the better place
    return (
        pick(lang, f"（{r}/{n}、{k}市同率）", f" ({r}/{n}, {k} tied)")
        if k > 1
        else pick(lang, f"（{r}/{n}）", f" ({r}/{n})")
    )


def year_cell(row: pd.Series, lang: str) -> str:
    """Kodaira's figure and its place among the Tama cities, counted from the side its column head names.

    ※ marks a year where MIC prints a reference value.
    """
    if pd.isna(row["value"]) and not bool(row["no_net_burden"]):
        return "—"
    mark = MARKS[lang] if pd.notna(row.get("reference_value")) else ""
    return city_cell(row, lang) + mark + _place(row, lang)


def years_frame(lr: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per fiscal year of the data's span: the plan whose period it is, and each indicator's cell."""
    first, last = span(lr)
    rows = []
    for year in range(first, last + 1):
        plan = plan_of(year)
        row = {
            pick(lang, "年度", "Fiscal year"): fiscal_year_label(year, lang),
            pick(lang, "プラン", "Plan"): pick(lang, *PLAN_NAMES[plan]) if plan else "—",
        }
        for indicator in INDICATORS:
            match = lr[(lr["indicator"] == indicator) & (lr["fiscal_year"] == year)]
            row[_head(indicator, lang)] = year_cell(match.iloc[0], lang) if len(match) else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def _head(indicator: str, lang: str) -> str:
    """A column of the yearly table: the indicator, its day for the Laspeyres index, and the side its places count from."""
    side = side_words(indicator, lang)
    head = as_of_label(indicator, lang)
    if head.endswith("）"):  # '（4月1日現在）' -> '（4月1日現在、順位は低い方から）'
        return head[:-1] + f"、順位は{side}）"
    if head.endswith(")"):
        return head[:-1] + f"; places {side})"
    return head + pick(lang, f"（順位は{side}）", f" (places {side})")


def _missing(lr: pd.DataFrame, lang: str) -> str:
    """Which indicator MIC's editions leave out in which years (no row in the data), said from the data."""
    first, last = span(lr)
    parts = []
    for indicator in INDICATORS:
        held = set(lr.loc[lr["indicator"] == indicator, "fiscal_year"].astype(int))
        absent = [y for y in range(first, last + 1) if y not in held]
        if absent:
            years = (
                when_list(indicator, absent, lang)
                if lang == "ja"
                else ", ".join(when(indicator, y, "en") for y in absent)
            )
            parts.append(pick(lang, f"{label(indicator, 'ja')}は{years}", f"{label(indicator, 'en')}: {years}"))
    if not parts:
        return ""
    catalogue = editions()
    restriction = catalogue.loc[catalogue["columns"].str.contains("起債制限比率"), "fiscal_year"].astype(int)
    older = [y for y in restriction if first <= y <= last]
    instead = (
        pick(lang, f"。{min(older)}～{max(older)}年度の版は将来負担比率の代わりに起債制限比率を掲載",
             f"; the FY{min(older)}-FY{max(older)} editions print the debt restriction ratio instead of the future burden ratio")
        if older else ""
    )  # fmt: skip
    return pick(
        lang,
        "「—」は、その年度の値が総務省の各版にない指標です（" + "、".join(parts) + instead + "）。",
        "A '—' marks an indicator with no figure for that year in MIC's editions (" + "; ".join(parts) + instead + ").",
    )


def _as_of(lr: pd.DataFrame, lang: str) -> str:
    """Where the Laspeyres index sits: the fiscal year its 1 April opens, and the editions that print the next April's."""
    table = editions()
    dated = table[table["laspeyres_as_of"].notna() & (table["laspeyres_as_of"].astype(str) != "")]
    later = dated[pd.to_datetime(dated["laspeyres_as_of"]).dt.year != dated["fiscal_year"].astype(int)]
    said = [
        pick(lang, f"{int(r['fiscal_year'])}年度の版は{pd.Timestamp(r['laspeyres_as_of']).year}年4月1日現在の値",
             f"the FY{int(r['fiscal_year'])} edition prints the figure as of 1 April {pd.Timestamp(r['laspeyres_as_of']).year}")
        for _, r in later.iterrows()
    ]  # fmt: skip
    last = span(lr)[1]
    extra = (
        pick(lang, "、".join(said) + "を載せています。", ("; ".join(said) + ". ").replace("the", "The", 1))
        if said
        else ""
    )
    return pick(
        lang,
        as_of_note(last, lang, rows=True) + extra + "ほかの4指標は各年度の決算の値です。",
        as_of_note(last, lang, rows=True)
        + " "
        + extra
        + "The other four indicators are settled figures of the fiscal year.",
    )


def _pay_cut(lr: pd.DataFrame, lang: str) -> str:
    """The 2012-2013 caveat with MIC's reference values, listed from the data."""
    ref = lr[(lr["indicator"] == "laspeyres_index") & lr["reference_value"].notna()].sort_values("fiscal_year")
    if ref.empty:
        return ""
    ja = "、".join(
        f"{when('laspeyres_index', int(r['fiscal_year']), 'ja')}{fmt(r['value'], 'laspeyres_index')}→参考値{fmt(r['reference_value'], 'laspeyres_index')}"
        f"（多摩26市の参考値の中央値{fmt(r['group_reference_median'], 'laspeyres_index')}）"
        for _, r in ref.iterrows()
    )
    en = "; ".join(
        f"{when('laspeyres_index', int(r['fiscal_year']), 'en')}: {fmt(r['value'], 'laspeyres_index')}, reference value "
        f"{fmt(r['reference_value'], 'laspeyres_index')} (Tama median of reference values "
        f"{fmt(r['group_reference_median'], 'laspeyres_index')})"
        for _, r in ref.iterrows()
    )
    return pick(
        lang,
        f"{MARKS['ja']}ラスパイレス指数：国家公務員の給与を臨時に減額した特例（2012年4月～2014年3月）の間は、比べる相手の国の給与が"
        f"下がったため高く出ています。総務省は減額がなかったとした参考値を併せて掲載しています：{ja}。",
        f"{MARKS['en']} Laspeyres index: while national civil servants' pay was temporarily cut (April 2012 to March 2014), "
        f"the national salaries it is compared with were lower, so the index reads high. MIC prints a reference value "
        f"without the cut beside it: {en}.",
    )


def years_table(lr: pd.DataFrame, lang: str) -> TableView:
    """Every fiscal year the data holds: Kodaira's five figures and places, the plans' periods marked."""
    first, last = span(lr)
    note = [
        pick(
            lang,
            "括弧内は多摩26市の中での順位（列の見出しが示す側から数えたもの）と、値のある市の数です。"
            + rank_rule("ja"),
            "In brackets: Kodaira's place among the Tama cities, counted from the side the column head names, and how many "
            "cities have a figure. " + rank_rule("en"),
        ),
        pick(
            lang,
            f"将来負担比率の「{no_burden('ja')}」は、充てられる財源が将来負担を上回り比率が算出されないこと（総務省）で、0でも"
            "欠損でもありません。順位では最も低いものとして数え、同じ市が複数あれば同率1位とします。",
            f"A dash in the future burden ratio ('{no_burden('en')}') means the resources that can meet the future burden "
            "exceed it, so no ratio is computed (MIC's notes); it is neither 0 nor missing. It counts as the lowest figure, "
            "cities with the dash sharing first place.",
        ),
        _as_of(lr, lang),
        _pay_cut(lr, lang),
        *break_sentences(lr, lang),
        _missing(lr, lang),
    ]
    return TableView(
        years_frame(lr, lang),
        caption=pick(
            lang,
            f"表 主要5指標の毎年度の値と多摩26市の中での順位（{first}～{last}年度）：3つのプランの期間",
            f"Table. The five main indicators in every year, FY{first}-FY{last}, and Kodaira's place among the Tama "
            "cities: the three plans' periods",
        ),
        note="\n".join(n for n in note if n),  # one topic a note, shown as a list (fifth read: one 250-word paragraph)
        source=MIC_SOURCE[lang],
    )


def _figure_text(value: float, is_dash: bool, indicator: str, lang: str) -> str:
    return no_burden(lang) if is_dash else fmt(value, indicator) + unit_suffix(indicator, lang)


def plans_frame(lr: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per indicator and plan: first and last year, lowest-highest, mean, the Tama median and places."""
    stats = plan_figures(lr)
    rows = []
    for _, s in stats.iterrows():
        ind = s["indicator"]
        if s["printed"] == 0:
            continue
        mark = MARKS[lang] if s["left_out"] else ""  # the pay-cut years, counted but left out of every summary
        low_high = (
            pick(lang, f"{_figure_text(s['low'], False, ind, lang)}～{_figure_text(s['high'], False, ind, lang)}",
                 f"{_figure_text(s['low'], False, ind, lang)} to {_figure_text(s['high'], False, ind, lang)}")
            if pd.notna(s["low"]) else "—"
        )  # fmt: skip
        if s["no_burden"]:
            low_high = (low_high + pick(lang, "、", "; ") if low_high != "—" else "") + pick(
                lang, f"{no_burden('ja')}が{s['no_burden']}年度", f"{no_burden('en')} in {s['no_burden']}"
            )
        printed = pick(lang, f"{s['printed']}/{s['years']}年度", f"{s['printed']} of {s['years']}") + mark
        best, worst, side = s["rank_best"], s["rank_worst"], side_words(ind, lang)
        places = (
            "—"
            if pd.isna(best)
            else pick(lang, f"{best}位（{side}）", f"{best} {side}")
            if best == worst
            else pick(lang, f"{best}～{worst}位（{side}）", f"{best} to {worst} {side}")
        )
        rows.append(
            {
                pick(lang, "指標", "Indicator"): label(ind, lang),
                pick(lang, "プラン（期間）", "Plan (period)"): plan_label(s["plan"], lang),
                pick(lang, "掲載年度", "Years printed"): printed,
                pick(lang, "最初の年度→最後の年度", "First year → last year"): _figure_text(
                    s["first_value"], s["first_no_burden"], ind, lang
                )
                + " → "
                + _figure_text(s["last_value"], s["last_no_burden"], ind, lang),
                pick(lang, "最低～最高", "Lowest to highest"): low_high,
                pick(lang, "平均（本プロジェクトの計算）", "Mean (our computation)"): (
                    fmt(s["mean"], ind) + unit_suffix(ind, lang) if pd.notna(s["mean"]) else "—"
                ),
                pick(lang, "多摩26市の中央値より高い／低い／同じ年度", "Years above / below / at the Tama median"): (
                    f"{s['above']}／{s['below']}／{s['at']}"
                    if lang == "ja"
                    else f"{s['above']} / {s['below']} / {s['at']}"
                ),
                pick(lang, "多摩26市の中での順位の範囲", "Places among the Tama cities"): places,
            }
        )
    return pd.DataFrame(rows)


def plans_table(lr: pd.DataFrame, lang: str) -> TableView:
    """Each plan's figures, computed from every year of its period."""
    return TableView(
        plans_frame(lr, lang),
        caption=pick(
            lang,
            "表 3つのプランの期間ごとの主要5指標：毎年度の値からの集計",
            "Table. The five main indicators in each plan's period, computed from every year",
        ),
        note=pick(
            lang,
            "最初・最後の年度、最低～最高、中央値との比較と順位は前の表の毎年度の値から数えたものです。平均は本プロジェクトが"
            "掲載年度の値を単純平均し、総務省の掲載と同じ桁に四捨五入したもので、「－（負担なし）」の年度があれば数値がないため示しません。"
            f"{MARKS['ja']}ラスパイレス指数の{when_list('laspeyres_index', PAY_CUT_YEARS, 'ja')}の値は国の給与減額で高く出ているため（前の表の注）、掲載年度には数えますが、"
            "最初・最後、最低～最高、平均、中央値との比較、順位には含めていません。",
            "First and last year, lowest to highest, the comparison with the median and the places are read from every "
            "year of the table above. The mean is our plain average of the years printed, rounded half up to MIC's printed "
            "precision; where a year is a dash (no net "
            f"burden) there is no figure to average, so none is shown. {MARKS['en']} The Laspeyres index as of {when_list('laspeyres_index', PAY_CUT_YEARS, 'en')}, raised "
            "by the national pay cut (see the note to the table above), is counted among the years printed but left out of "
            "the first and last figures, the range, the mean, the comparison with the median and the places.",
        ),
        source=MIC_SOURCE[lang] + pick(lang, "。平均は本プロジェクトの計算", "; means: our computation"),
        merge_first_column=True,
    )


def _and(items: list[str]) -> str:  # 'a, b and c'
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def intro(lr: pd.DataFrame, lang: str) -> MarkdownText:
    """What the two tables show, which editions, which years fall in no plan's period."""
    first, last = span(lr)
    editions = lr["fiscal_year"].nunique()
    gaps = [y for y in range(first, last + 1) if plan_of(y) is None]
    plans_ja = "、".join(plan_label(p, "ja") for p, _, _ in PLAN_PERIODS)
    plans_en = _and([plan_label(p, "en") for p, _, _ in PLAN_PERIODS])
    gaps_en = _and([f"FY{y}" for y in gaps])
    return escape(
        pick(
            lang,
            f"総務省「全市町村の主要財政指標」の{first}～{last}年度の{editions}版から、小平市の5指標を毎年度示し、{plans_ja}の"
            f"期間ごとにまとめます（{'・'.join(str(y) for y in gaps)}年度はどのプランの期間にも入りません）。多摩26市の中での位置は、"
            "各年度の順位と中央値との比較で示します。指標の値は総務省のもの、順位・中央値との比較・平均は本プロジェクトが"
            "その値から計算したものです。",
            f"This section shows Kodaira's five indicators in every year, from {editions} editions of MIC's main fiscal "
            f"indicators of all municipalities (FY{first}-FY{last}), and sums them up for the periods of the {plans_en} "
            f"({gaps_en} fall in no plan's period). Kodaira's place among the 26 Tama cities is given by its rank each "
            "year and by the years above and below their median. The figures are MIC's; the "
            "ranks, the comparison with the median and the means are our computation from them.",
        )
    )


def section(lr: pd.DataFrame | None, lang: str) -> tuple:
    """Heading, intro, the yearly table and the plans' table; nothing without MIC (the page says so once, above)."""
    if lr is None or lr.empty:
        return ()
    heading = markdown(
        pick(lang, "## 主要5指標で見る3つのプラン：毎年度の値と多摩26市の中での位置",
             "## The five main indicators across the three plans: every year, and Kodaira's place among the Tama cities")
    )  # fmt: skip
    return heading, intro(lr, lang), years_table(lr, lang), plans_table(lr, lang)
