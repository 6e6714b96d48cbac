"""Sentences that state numbers, generated from the tables, in Japanese or English.

Nothing here types a figure: every number comes from the frame passed in,
and every claim about what the plan says cites its section.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.targets import ASSESSMENT_METHOD, STATUS_LABELS
from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.present.i18n import (
    PLAN_TITLE,
    fiscal_year_label,
    format_date,
    format_million_yen,
    format_points,
    format_value,
    pick,
    section_label,
)


def cite(section: str, lang: str) -> str:
    """A citation of a section of the plan, in brackets."""
    return pick(lang, f"（{section_label(section, lang)}）", f" ({section_label(section, lang)})")


def source_note(table: str, lang: str) -> str:
    """Where a table's figures come from: the plan's section and the raw file."""
    spec = TABLES[table]
    return pick(
        lang,
        f"出典：{PLAN_TITLE['ja']} {spec.source_section}（data/raw/{spec.raw_file} → 表 {table}）",
        f"Source: {PLAN_TITLE['en']}, {section_label(spec.source_section, 'en')} "
        f"(data/raw/{spec.raw_file} → table {table})",
    )


# ---------------------------------------------------------------- fiscal effects


def fiscal_effects_summary(fe: pd.DataFrame, lang: str) -> str:
    """Total, peak year, largest category and the years without figures."""
    by_year = fe.groupby("fiscal_year")["amount_million_yen"].sum(min_count=1)
    printed = by_year.dropna()
    label = "category" if lang == "ja" else "category_en"
    by_category = fe.groupby(label, sort=False)["amount_million_yen"].sum()
    missing = [int(y) for y in by_year.index[by_year.isna()]]
    first, last = int(printed.index.min()), int(printed.index.max())
    peak_year, top = int(printed.idxmax()), by_category.idxmax()
    total = printed.sum()
    if lang == "ja":
        sentence = (
            f"{fiscal_year_label(first, lang)}から{fiscal_year_label(last, lang)}までの{len(printed)}年間の財政効果は"
            f"合計{format_million_yen(total, lang)}でした。年度別では{fiscal_year_label(peak_year, lang)}の"
            f"{format_million_yen(printed[peak_year], lang)}が最大で、区分別では「{top}」の"
            f"{format_million_yen(by_category[top], lang)}（全体の{by_category[top] / total:.0%}）が最大です。"
        )
        if missing:
            sentence += (
                "".join(f"{fiscal_year_label(y, lang)}" for y in missing) + "の決算額はプランに記載がありません。"
            )
        return sentence
    sentence = (
        f"Over the {len(printed)} fiscal years {fiscal_year_label(first, lang)}-{fiscal_year_label(last, lang)} the "
        f"reforms had a fiscal effect of {format_million_yen(total, lang)} in all. The largest year was "
        f"{fiscal_year_label(peak_year, lang)} ({format_million_yen(printed[peak_year], lang)}); the largest category "
        f"was '{top}' ({format_million_yen(by_category[top], lang)}, {by_category[top] / total:.0%} of the total)."
    )
    if missing:
        sentence += (
            " The plan prints no settled figure for " + ", ".join(fiscal_year_label(y, lang) for y in missing) + "."
        )
    return sentence


# ---------------------------------------------------------------- targets


def _comparator_words(comparator: str, lang: str) -> str:
    return {("<=", "ja"): "以下", (">=", "ja"): "以上", ("<=", "en"): "or less", (">=", "en"): "or more"}[
        (comparator, lang)
    ]


def target_phrase(row: pd.Series, lang: str) -> str:
    """The target value with its comparator: '95.0%以下' / '95.0% or less'."""
    value = format_value(row["target_value"], row["unit"], lang)
    return (
        f"{value}{_comparator_words(row['comparator'], lang)}"
        if lang == "ja"
        else (f"{value} {_comparator_words(row['comparator'], lang)}")
    )


def projected_value(row: pd.Series, lang: str) -> str:
    """The projection at the target year, to the precision the plan prints (one decimal)."""
    return format_value(round(float(row["projected_value"]), 1), row["unit"], lang)


def target_sentence(row: pd.Series, lang: str) -> str:
    """One indicator: latest result, the target, the status and the projection."""
    name = row["indicator_ja"] if lang == "ja" else row["indicator_en"]
    latest = format_value(row["latest_value"], row["unit"], lang)
    fy = fiscal_year_label(int(row["latest_fiscal_year"]), lang)
    status = STATUS_LABELS[lang][row["status"]]
    target_fy = fiscal_year_label(int(row["target_fiscal_year"]), lang)
    if lang == "ja":
        sentence = (
            f"{name}は{fy}に{latest}で、目標「{target_fy}に{target_phrase(row, lang)}」に対して「{status}」です。"
        )
        if not row["settled"]:
            verdict = "達成する見込みです" if row["on_track"] else "届かない見込みです"
            sentence += f"推計では{target_fy}に{projected_value(row, lang)}となり、目標に{verdict}。"
        return sentence
    sentence = (
        f"{name}: {latest} in {fy}, against a target of {target_phrase(row, lang)} by {target_fy}; status: {status}."
    )
    if not row["settled"]:
        verdict = "would meet" if row["on_track"] else "would miss"
        sentence += f" The projection gives {projected_value(row, lang)} in {target_fy}, which {verdict} the target."
    return sentence


def band_sentence(row: pd.Series, band: tuple[float, float], lang: str) -> str:
    """How the current balance ratio compares with the range the plan calls desirable."""
    low, high = band
    value = row["latest_value"]
    fy = fiscal_year_label(int(row["latest_fiscal_year"]), lang)
    above = value - high
    if lang == "ja":
        where = f"上限を{format_points(above, lang, 1)}上回っています" if above > 0 else "この範囲に収まっています"
        return (
            f"プランの注記は経常収支比率について概ね{low:.0f}～{high:.0f}%が望ましいとしており"
            f"{cite('第１章２（４）注1', lang)}、{fy}の{format_value(value, 'percent', lang)}は{where}。"
        )
    where = f"{format_points(above, lang, 1)} above its upper end" if above > 0 else "within that range"
    return (
        f"The plan's footnote calls a current balance ratio of about {low:.0f}-{high:.0f}% desirable"
        f"{cite('第１章２（４）注1', lang)}; the {fy} figure of {format_value(value, 'percent', lang)} is {where}."
    )


def method_sentence(method: str, lang: str) -> str:
    """How the projections were made, and what 'settled' means."""
    if lang == "ja":
        return (
            f"推計方法：{ASSESSMENT_METHOD['ja'][method]}。目標年度の実績がある指標（定員）は推計せず、"
            "その実績で評価しています。"
        )
    return (
        f"Projection method: {ASSESSMENT_METHOD['en'][method]}. An indicator with a result for its target year "
        "(the staff quota) is judged on that result, not on a projection."
    )


# ---------------------------------------------------------------- staffing

STAFFING_REASONS = {
    "ja": ["地方分権改革に伴う権限移譲への対応", "少子高齢社会におけるサービス提供の充実", "再任用職員の減少への対応"],
    "en": [
        "powers devolved to the city by decentralisation reform",
        "fuller services for a society with fewer children and more older people",
        "fewer re-employed retired staff",
    ],
}


def staffing_sentence(staff: pd.DataFrame, target: pd.Series, lang: str) -> str:
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


def staffing_reasons(lang: str) -> str:
    """The reasons the plan gives for missing the quota, as a cited Markdown list."""
    intro = pick(
        lang,
        f"プランは、担当職員の増員により目標を達成できなかった理由として次を挙げています{cite('第１章２（４）', lang)}。",
        f"The plan says the target was missed because staff were added to handle the following{cite('第１章２（４）', lang)}:",
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


# ---------------------------------------------------------------- ageing


def aging_sentence(share: pd.DataFrame, lang: str) -> str:
    """The 65+ share, the lower bound, and the minimum yearly rise it implies."""
    share = share.sort_values("as_of")
    bound = share[share["bound"] == "lower"].iloc[-1]
    if not (share["bound"] == "exact").any():  # the range leaves out the plan's exact figure
        return pick(
            lang,
            f"{format_date(bound['as_of'], lang)}の65歳以上人口の割合は{bound['value']:.0f}%を超えていました"
            f"{cite('第１章３（２）', lang)}（下限値）。",
            f"On {format_date(bound['as_of'], lang)} more than {bound['value']:.0f}% of residents were aged 65 and "
            f"over{cite('第１章３（２）', lang)} (a lower bound).",
        )
    exact = share[share["bound"] == "exact"].iloc[0]
    years = bound["as_of"].year - exact["as_of"].year
    rise = bound["value"] - exact["value"]
    if lang == "ja":
        return (
            f"65歳以上人口の割合は{format_date(exact['as_of'], lang)}の{format_value(exact['value'], 'percent', lang)}から、"
            f"{format_date(bound['as_of'], lang)}には{bound['value']:.0f}%を超えました{cite('第１章３（２）', lang)}。"
            f"プランは正確な値を示していないため、{bound['value']:.0f}%は下限です。{years}年間で少なくとも"
            f"{format_points(rise, lang)}、年平均で少なくとも{format_points(rise / years, lang)}上昇したことになります。"
        )
    return (
        f"The share of residents aged 65 and over rose from {format_value(exact['value'], 'percent', lang)} on "
        f"{format_date(exact['as_of'], lang)} to more than {bound['value']:.0f}% on {format_date(bound['as_of'], lang)}"
        f"{cite('第１章３（２）', lang)}. The plan gives no exact figure, so {bound['value']:.0f}% is a lower bound: "
        f"the share rose by at least {format_points(rise, lang)} in {years} years, at least "
        f"{format_points(rise / years, lang)} a year on average."
    )


def fertility_sentence(tfr: pd.DataFrame, lang: str) -> str:
    """Kodaira's total fertility rate against Japan's."""
    if tfr.empty:
        return pick(
            lang,
            "選んだ期間には、プランに合計特殊出生率の記載がありません（プランの数値は2014（平成26）年度）。",
            "The plan gives no total fertility rate in the years chosen (its figures are for FY2014).",
        )
    by_area = tfr.set_index("area")
    kodaira, japan = by_area.loc["kodaira"], by_area.loc["japan"]
    fy = fiscal_year_label(int(kodaira["fiscal_year"]), lang)
    gap = japan["value"] - kodaira["value"]
    if lang == "ja":
        return (
            f"{fy}の合計特殊出生率は小平市{kodaira['value']:.2f}、全国{japan['value']:.2f}で、小平市は全国を"
            f"{gap:.2f}{'下回って' if gap > 0 else '上回って'}います{cite('第１章３（２）', lang)}。"
            "プランは「%」を付けて記載していますが、合計特殊出生率は女性1人当たりの子どもの数です。"
        )
    return (
        f"In {fy} Kodaira's total fertility rate was {kodaira['value']:.2f} against {japan['value']:.2f} for Japan, "
        f"{abs(gap):.2f} {'lower' if gap > 0 else 'higher'}{cite('第１章３（２）', lang)}. The plan prints these with "
        "a % sign; a total fertility rate is a number of births per woman."
    )


def aging_budget_implications(lang: str) -> str:
    """What the plan says ageing means for the budget, cited."""
    return pick(
        lang,
        "プランは、少子高齢化に伴う社会保障関係経費の増加が市財政に影響するとし"
        f"{cite('第１章３（１）', lang)}、増加が見込まれる医療・介護などの社会保障費をどう確保するか、"
        f"一人暮らしの高齢者の増加に応じて高齢者向けの行政サービスをどう提供するかを今後の大きな課題としています"
        f"{cite('第１章３（２）', lang)}。",
        "The plan expects social-security costs to grow with the ageing of the population and weigh on the city's "
        f"finances{cite('第１章３（１）', lang)}. It names two large tasks ahead: funding the expected growth in "
        "medical and long-term care costs, and providing services for the growing number of older people living "
        f"alone{cite('第１章３（２）', lang)}.",
    )


# ---------------------------------------------------------------- reform progress


def progress_sentence(pp: pd.DataFrame, lang: str) -> str:
    """The 62 items by status, and the policy with the largest share behind."""
    total = int(pp["items"].sum())
    by_status = pp.groupby("status")["items"].sum()
    per_policy = pp.pivot_table(index="policy_no", columns="status", values="items", aggfunc="sum")
    share_behind = per_policy["behind"] / per_policy.sum(axis=1)
    worst = int(share_behind.idxmax())
    name = pp.loc[pp["policy_no"] == worst, "policy" if lang == "ja" else "policy_en"].iloc[0]
    worst_total = int(per_policy.loc[worst].sum())
    as_of = format_date(pp["as_of"].iloc[0], lang)
    a, o, b = (int(by_status.get(s, 0)) for s in ("ahead", "on_schedule", "behind"))
    if lang == "ja":
        return (
            f"{as_of}現在、第２次改革推進プログラムの{total}項目のうち、予定より前倒しが{a}項目、予定どおりが{o}項目"
            f"（{o / total:.0%}）、予定より遅れが{b}項目（{b / total:.0%}）です{cite('第１章２（２）', lang)}。"
            f"遅れの割合が最も高いのは「{name}」で、{worst_total}項目中{int(per_policy.loc[worst, 'behind'])}項目です。"
        )
    return (
        f"At {as_of}, of the {total} items of the 2nd reform programme, {a} were ahead of schedule, {o} on schedule "
        f"({o / total:.0%}) and {b} behind ({b / total:.0%}){cite('第１章２（２）', lang)}. The largest share behind "
        f"was in '{name}': {int(per_policy.loc[worst, 'behind'])} of {worst_total} items."
    )


def history_sentence(rh: pd.DataFrame, lang: str) -> str:
    """How many programmes and items since FY1996, the largest, and the follow-ups."""
    counted = rh.dropna(subset=["items"])
    name = "program" if lang == "ja" else "program_en"
    largest = counted.loc[counted["items"].idxmax()]
    followups = rh.dropna(subset=["followup_fiscal_year"])
    uncounted = rh[rh["items"].isna()]
    first = fiscal_year_label(int(rh["start_fiscal_year"].min()), lang)
    if lang == "ja":
        sentence = (
            f"{first}以降の{len(counted)}つの計画で計{int(counted['items'].sum())}項目に取り組んできました。"
            f"最も項目が多いのは{largest[name]}の{int(largest['items'])}項目です。"
        )
        sentence += "".join(
            f"{fiscal_year_label(int(r['followup_fiscal_year']), lang)}には{int(r['followup_base_items'])}項目中"
            f"{int(r['followup_items'])}項目について1年間のフォローアップを行いました。"
            for _, r in followups.iterrows()
        )
        sentence += "".join(f"{r[name]}の項目数は本文に記載がありません。" for _, r in uncounted.iterrows())
        return sentence + cite("第１章２（１）", lang)
    sentence = (
        f"Since {first} the city has run {len(counted)} programmes with {int(counted['items'].sum())} items in all; "
        f"the largest was the {largest[name]} with {int(largest['items'])} items."
    )
    sentence += "".join(
        f" In {fiscal_year_label(int(r['followup_fiscal_year']), lang)}, {int(r['followup_items'])} of "
        f"{int(r['followup_base_items'])} items were followed up for one more year."
        for _, r in followups.iterrows()
    )
    sentence += "".join(f" The number of items of the {r[name]} is not in the text." for _, r in uncounted.iterrows())
    return sentence + cite("第１章２（１）", lang)


# ---------------------------------------------------------------- beyond the plan (SSDSE-A)

SSDSE_SOURCE = {
    "ja": "出典：統計センター「教育用標準データセット（SSDSE-A）」（data/external/ssdse-a → 表 ssdse）",
    "en": "Source: National Statistics Center, SSDSE-A (data/external/ssdse-a → table ssdse)",
}


def ssdse_absent(lang: str) -> str:
    """One sentence for a report built without the SSDSE-A files."""
    return pick(
        lang,
        "SSDSE-A（統計センターの市区町村データ）がないため、プランの期間以降の推移は省略しました（`make external-data` で取得できます）。",
        "The SSDSE-A municipal data is not present, so the years after the plan are left out (`make external-data` fetches it).",
    )


def extended_ratio_sentence(series: pd.DataFrame, assessment_row: pd.Series, lang: str) -> str:
    """What SSDSE-A adds to the current balance ratio: the target year, the latest year, the band."""
    later = series[(series["source"] != "plan") & series["value"].notna()]
    target_fy = int(assessment_row["target_fiscal_year"])
    at_target = later[later["fiscal_year"] == target_fy]
    latest = later.iloc[-1]
    status = STATUS_LABELS[lang][assessment_row["status"]]
    if lang == "ja":
        sentence = ""
        if len(at_target):
            sentence += (
                f"プランでは未確定だった目標年度{fiscal_year_label(target_fy, lang)}の経常収支比率は"
                f"{at_target['value'].iloc[0]:.1f}%で、目標（{target_phrase(assessment_row, lang)}）に対して「{status}」です。"
            )
        sentence += (
            f"最新の{fiscal_year_label(int(latest['fiscal_year']), lang)}は{latest['value']:.1f}%"
            f"（{latest['source']}）で、望ましいとされる70～80%の上限を{format_points(latest['value'] - 80, lang, 1)}上回っています。"
        )
        return sentence
    sentence = ""
    if len(at_target):
        sentence += (
            f"For the target year {fiscal_year_label(target_fy, lang)}, which the plan could not yet report, the "
            f"current balance ratio was {at_target['value'].iloc[0]:.1f}%: against the target of "
            f"{target_phrase(assessment_row, lang)}, status: {status}. "
        )
    sentence += (
        f"The latest figure, {fiscal_year_label(int(latest['fiscal_year']), lang)}, is {latest['value']:.1f}% "
        f"({latest['source']}), {format_points(latest['value'] - 80, lang, 1)} above the 70-80% range called desirable."
    )
    return sentence


def census_sentence(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> str:
    """The census shares and the trend in births, for whatever years the range keeps."""
    parts = []
    if len(ageing):
        shares = [(int(r["census_year"]), r["aged_65_share"], r["aged_75_share"]) for _, r in ageing.iterrows()]
        parts.append(
            pick(
                lang,
                "国勢調査（10月1日現在）では、65歳以上・75歳以上の割合は"
                + "、".join(f"{y}年{a:.2f}%・{b:.2f}%" for y, a, b in shares)
                + "でした。プランの住民基本台帳（1月1日現在）の数値とは基準日・基礎が異なります。",
                "At the censuses (1 October) the shares aged 65 and over and 75 and over were "
                + "; ".join(f"{a:.2f}% and {b:.2f}% in {y}" for y, a, b in shares)
                + ". These census figures differ in date and basis from the plan's resident-register figures (1 January).",
            )
        )
    if len(born) >= 2:
        b0, b1 = born.iloc[0], born.iloc[-1]
        change = (b1["births"] - b0["births"]) / b0["births"]
        parts.append(
            pick(
                lang,
                f"出生数は{int(b0['year'])}年の{b0['births']:,.0f}人から{int(b1['year'])}年の{b1['births']:,.0f}人へ"
                f"{abs(change):.0%}{'減少' if change < 0 else '増加'}しました。",
                f"Births went from {b0['births']:,.0f} in {int(b0['year'])} to {b1['births']:,.0f} in {int(b1['year'])}, "
                f"{'down' if change < 0 else 'up'} {abs(change):.0%}.",
            )
        )
    elif len(born) == 1:
        b = born.iloc[0]
        parts.append(
            pick(
                lang,
                f"{int(b['year'])}年の出生数は{b['births']:,.0f}人でした。",
                f"There were {b['births']:,.0f} births in {int(b['year'])}.",
            )
        )
    if not parts:
        return pick(
            lang,
            "選んだ期間には、国勢調査と出生数のデータがありません。",
            "There is no census or births figure in the years chosen.",
        )
    return ("" if lang == "ja" else " ").join(parts)


def peer_sentence(measures: pd.DataFrame, lang: str) -> str:
    """Where the subject stands on each measure: rank of n against the group median."""
    subject = measures[measures["is_subject"]]
    name = subject["municipality" if lang == "ja" else "municipality_en"].iloc[0]
    parts = []
    for _, row in subject.iterrows():
        label = row["measure_ja"] if lang == "ja" else row["measure_en"]
        side = (
            ("above" if row["value"] > row["group_median"] else "below")
            if lang == "en"
            else ("上回る" if row["value"] > row["group_median"] else "下回る")
        )
        parts.append(
            pick(
                lang,
                f"{label}は{row['of']}市中{row['rank']}位（中央値を{side}）",
                f"{label}: {row['rank']} of {row['of']} ({side} the median)",
            )
        )
    return pick(
        lang,
        f"{name}：" + "、".join(parts) + "。順位は値の大きい順です。",
        f"{name}: " + "; ".join(parts) + ". Ranks count from the highest value.",
    )
