"""Topic: the committee's summary of the plan period (FY2017-FY2020): the main indicators, before and at its end.

Every figure is SSDSE-A's (fiscal-year settlements, censuses, the year as published) or the plan's own staff
quota; the summary's targets are in :mod:`kodaira_analysis.topics.summary`.
"""

from __future__ import annotations

import math

import pandas as pd

from kodaira_analysis.analysis import period, period_compare
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.wording import Wording, bullets
from kodaira_analysis.topics.period_common import fmt

JUMP = Wording(
    ja="2020年度の歳入決算総額は{revenue}で前年度比{revenue_pct}、歳出決算総額は{expenditure}で{expenditure_pct}と、"
    "１年だけ大きく増え、2021年度には減りました。SSDSE-Aはその理由を示していません。多摩26市のすべてで同じ年に歳出が"
    "{low}～{high}増えています（SSDSE-Aから計算）。傾向としては読めません。",
    en="Settled revenue was {revenue} in FY2020 ({revenue_pct} on the year before) and settled expenditure "
    "{expenditure} ({expenditure_pct}): a one-year jump, followed by a fall in FY2021. SSDSE-A gives no reason. "
    "Expenditure rose by {low} to {high} in the same year in every one of the 26 Tama cities (computed from SSDSE-A). "
    "It cannot be read as a trend.",
)
AGEING = Wording(
    ja="国勢調査（10月1日）では、年齢が分かる人口に占める65歳以上の割合は2015年の{s65_2015}から2020年の{s65_2020}へ、"
    "75歳以上は{s75_2015}から{s75_2020}へ上がりました。65歳以上の一人暮らしの世帯は{alone_2015}から{alone_2020}（{alone_pct}）に増えました。"
    "プランは一人暮らしの高齢者が増えていると述べていますが、数値は示していません。",
    en="At the censuses (1 October), the share aged 65 and over, of the residents whose age is known, rose from "
    "{s65_2015} in 2015 to {s65_2020} in 2020, and the share aged 75 and over from {s75_2015} to {s75_2020}. One-person households of people aged 65 or "
    "over rose from {alone_2015} to {alone_2020} ({alone_pct}). The plan says that more older people live alone "
    "but prints no figure.",
)
CHANGE = Wording(
    ja="2017～2020年の4年間（SSDSE-Aの掲載年）で、死亡は出生を計{natural}上回り（自然減）、転入は転出を計{social}上回りました"
    "（社会増。転入・転出は2018年以降が日本人移動者の数で、2017年の数値にはその限定の記載がありません）。",
    en="Over 2017-2020 (years as SSDSE-A publishes them), deaths exceeded births by {natural} in all (natural "
    "decrease) and moves in exceeded moves out by {social} (social increase; the moves from 2018 on are of "
    "Japanese nationals only, and the 2017 figures carry no such qualifier).",
)
STAFFING = Wording(
    ja="職員：プランの定員は2016年4月1日の{quota}が最後の数値です。SSDSE-Aの一般行政部門職員数は{first}年4月1日の"
    "{staff}からで、プランの期間の数値はありません。定員は「定数内で定める市に必要な職員数。欠員を含み、他団体への"
    "派遣者を除く」（プランの注記）で、一般行政部門だけを数えるSSDSE-Aの職員数とは範囲が違うため、両者をつないで"
    "増減とは読めません。",
    en="Staffing: the plan's last staff quota is {quota} on 1 April 2016. SSDSE-A's general-administration staff "
    "starts with {staff} on 1 April {first}, so it holds no figure for the plan period. The plan defines the quota "
    "as the staff the city needs within its authorised establishment, vacancies included and staff seconded to other "
    "bodies excluded; SSDSE-A counts the general-administration sector only. The two cover different staff, so they "
    "cannot be joined and read as a change.",
)


#: The plan-period measures of the summary: id -> (series, unit, higher_first for the Tama rank or None).
PERIOD_MEASURES = (
    ("current_balance_ratio", "fiscal", "percent"),
    ("real_debt_service_ratio", "fiscal", "percent"),
    ("local_taxes_per_resident", "fiscal", "thousand_yen"),
    ("welfare_per_resident", "fiscal", "thousand_yen"),
    ("welfare_share", "fiscal", "percent"),
    ("expenditure_per_resident", "fiscal", "thousand_yen"),
)


def _direction(change: float, lang: str) -> str:
    if math.isnan(change):
        return "—"
    if abs(change) < 1e-9:
        return pick(lang, "横ばい", "unchanged")
    return pick(lang, "上昇", "up") if change > 0 else pick(lang, "低下", "down")


def _value(fiscal: pd.DataFrame, measure: str, year: int) -> float:
    """One measure's value in one fiscal year (nan where SSDSE-A has none)."""
    values = fiscal[(fiscal["measure"] == measure) & (fiscal["year"] == year)]["value"]
    return float(values.iloc[0]) if len(values) else float("nan")


def _ranked_from_lowest(measure: str) -> bool:
    """A measure whose lower values the MIC calls favourable is ranked from the lowest, as report 05 ranks it."""
    from kodaira_analysis.analysis.peer_data import directions

    table = directions()
    return measure in table.index and table.at[measure, "favourable"] == "lower"


def period_frame(table: pd.DataFrame, lang: str, municipality_code: str = "13211") -> pd.DataFrame:
    """The main indicators: FY2016 (before) and FY2020 (end of the plan period), change, place among the Tama cities."""
    fiscal = period.fiscal_series(table, municipality_code)
    rows = []
    last = period.PLAN_PERIOD[1]
    tama = period_compare.group_rows(table)  # narrowed once for every measure
    for measure, _kind, unit in PERIOD_MEASURES:
        change = period_compare.period_change(fiscal, measure)
        lowest = _ranked_from_lowest(measure)
        place = period_compare.tama_ranks(
            period_compare.tama_values(measure, last, tama), municipality_code, higher_first=not lowest
        )
        side = pick(lang, "低い方から" if lowest else "高い方から", "from the lowest" if lowest else "from the highest")
        names = fiscal[fiscal["measure"] == measure].iloc[0]
        delta_unit = "points" if unit == "percent" else unit
        rows.append(
            {
                pick(lang, "指標", "Measure"): names["measure_ja"] if lang == "ja" else names["measure_en"],
                pick(lang, "2016年度（期間前）", "FY2016 (before)"): fmt(change["start"], unit, lang),
                pick(lang, "2019年度", "FY2019"): fmt(_value(fiscal, measure, last - 1), unit, lang),
                pick(lang, "2020年度（期間末）", "FY2020 (end)"): fmt(change["end"], unit, lang),
                pick(lang, "増減", "Change"): fmt(change["change"], delta_unit, lang, signed=True)
                + (f"（{change['percent']:+.1f}%）" if unit != "percent" and lang == "ja" else "")
                + (f" ({change['percent']:+.1f}%)" if unit != "percent" and lang == "en" else ""),
                pick(lang, "向き", "Direction"): _direction(change["change"], lang),
                pick(lang, "多摩26市での位置（2020年度）", "Among the 26 Tama cities (FY2020)"): pick(
                    lang,
                    f"{place['of']}市中{place['rank']}位（{side}{'・同率あり' if place['tied'] else ''}）"
                    f"（中央値 {fmt(place['median'], unit, lang)}）",
                    f"{place['rank']} of {place['of']} {side}{' (tied)' if place['tied'] else ''}; "
                    f"median {fmt(place['median'], unit, lang)}",
                ),
            }
        )
    return pd.DataFrame(rows)


def period_table(table: pd.DataFrame, lang: str) -> TableView:
    """How the plan period went on the main fiscal indicators."""
    return TableView(
        period_frame(table, lang),
        caption=pick(
            lang,
            "表2 プランの期間の主な財政指標（年度は決算、1人当たりは国勢調査人口で割った値）",
            "Table 2. Main fiscal indicators over the plan period (fiscal-year settlements; per resident: "
            "divided by the census population)",
        ),
        source=SSDSE_SOURCE[lang]
        + pick(
            lang,
            "。1人当たりは2019年度まで2015年国勢調査、2020年度は2020年国勢調査の人口で割った値。",
            ". Per resident: divided by the 2015 census population up to FY2019 and the 2020 census from FY2020.",
        ),
        note=pick(
            lang,
            "増減と向きは2016年度と2020年度の比較です。2020年度は歳入・歳出が1年だけ大きく増えた年で（表の下の説明を参照）、"
            "2019年度の列と比べると、増減のうちどれだけがその1年に生じたかが分かります。1人当たりの値の増減には、"
            "分母が2015年から2020年の国勢調査人口に替わった分も含まれます。",
            "Change and direction compare FY2016 with FY2020. FY2020 is the year of a one-year jump in revenue and "
            "expenditure (see the note below the table); the FY2019 column shows how much of each change came in that one year. Changes "
            "per resident also include the change of denominator from the 2015 to the 2020 census population.",
        ),
    )


def period_sentences(table: pd.DataFrame, lang: str, municipality_code: str = "13211") -> MarkdownText:
    """The FY2020 jump, ageing, and natural and social change, as a Markdown list."""
    fiscal = period.fiscal_series(table, municipality_code)
    jump = JUMP.say(lang, **jump_values(table, fiscal, lang))
    from kodaira_analysis.analysis.series import census_ageing

    ageing = census_ageing(table, municipality_code).set_index("census_year")
    households = period.elderly_households(table, municipality_code).set_index("census_year")
    alone = households["aged_65_alone"]
    age = AGEING.say(
        lang,
        s65_2015=fmt(ageing.loc[2015, "aged_65_share"], "percent", lang),
        s65_2020=fmt(ageing.loc[2020, "aged_65_share"], "percent", lang),
        s75_2015=fmt(ageing.loc[2015, "aged_75_share"], "percent", lang),
        s75_2020=fmt(ageing.loc[2020, "aged_75_share"], "percent", lang),
        alone_2015=fmt(alone[2015], "households", lang),
        alone_2020=fmt(alone[2020], "households", lang),
        alone_pct=f"{(alone[2020] / alone[2015] - 1) * 100:+.1f}%",
    )
    moves = period.population_change(table, municipality_code).set_index("year").loc[2017:2020]
    change = CHANGE.say(
        lang,
        natural=fmt(-moves["natural_change"].sum(), "persons", lang),
        social=fmt(moves["social_change"].sum(), "persons", lang),
    )
    staff = period.staffing_series(table, municipality_code)
    admin = staff[staff["measure"] == "admin_staff"]
    staffing = STAFFING.say(
        lang,
        quota=fmt(staff.query("measure == 'staff_quota'")["value"].iloc[-1], "staff", lang),
        first=int(admin["year"].min()),
        staff=fmt(admin["value"].iloc[0], "staff", lang),
    )
    return bullets([jump, staffing, age, change])


def jump_values(table: pd.DataFrame, fiscal: pd.DataFrame, lang: str) -> dict:
    """The FY2020 jump: Kodaira's revenue and expenditure against FY2019, and the range of the rise in every Tama city."""
    revenue = period_compare.period_change(fiscal, "revenue", 2019, 2020)
    expenditure = period_compare.period_change(fiscal, "expenditure", 2019, 2020)
    tama = period_compare.group_rows(table)
    before = period_compare.tama_values("expenditure", 2019, tama).set_index("municipality_code")["value"]
    after = period_compare.tama_values("expenditure", 2020, tama).set_index("municipality_code")["value"]
    growth = ((after / before - 1) * 100).dropna()
    return {
        "revenue": fmt(revenue["end"], "million_yen", lang),
        "revenue_pct": f"{revenue['percent']:+.1f}%",
        "expenditure": fmt(expenditure["end"], "million_yen", lang),
        "expenditure_pct": f"{expenditure['percent']:+.1f}%",
        "low": f"{growth.min():.1f}%",
        "high": f"{growth.max():.1f}%",
    }
