"""Topic: the committee's summary of the plan period (FY2017-FY2020): the main indicators in every year from FY2016.

Every figure is SSDSE-A's (fiscal-year settlements, censuses, the year as published) or the plan's own staff
quota; the summary's targets are in :mod:`kodaira_analysis.topics.summary`.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period_compare, period_summary
from kodaira_analysis.analysis.peer_data import directions
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.wording import Wording, bullets
from kodaira_analysis.topics.period_common import fmt, moves_words

JUMP = Wording(
    ja="2020年度の歳入決算総額は{revenue}で前年度比{revenue_pct}、歳出決算総額は{expenditure}で{expenditure_pct}と大きく増え、"
    "多摩26市のすべてで同じ年に歳出が{low}～{high}増えています（SSDSE-Aから計算）。SSDSE-Aはその理由を示していません。"
    "歳出はその後も2019年度を上回り、{after}でした。",
    en="Total settled revenue was {revenue} in FY2020 ({revenue_pct} on the year before) and total settled expenditure "
    "{expenditure} ({expenditure_pct}); expenditure rose by {low} to {high} in the same year in every one of the 26 "
    "Tama cities (computed from SSDSE-A). SSDSE-A gives no reason. Total settled expenditure stayed above FY2019 afterwards: {after}.",
)
AGEING = Wording(
    ja="国勢調査（10月1日）では、年齢が分かる人口に占める65歳以上の割合は2015年の{s65_2015}から2020年の{s65_2020}へ、"
    "75歳以上は{s75_2015}から{s75_2020}へ上がりました。65歳以上の単独世帯（一人暮らしの世帯）は{alone_2015}から{alone_2020}（{alone_pct}）に増えました。"
    "プランは一人暮らしの高齢者が増えていると述べていますが、数値は示していません。",
    en="At the censuses (1 October), the share aged 65 and over, of the residents whose age is known, rose from "
    "{s65_2015} in 2015 to {s65_2020} in 2020, and the share aged 75 and over from {s75_2015} to {s75_2020}. One-person households of people aged 65 or "
    "over rose from {alone_2015} to {alone_2020} ({alone_pct}). The plan says that more older people live alone "
    "but prints no figure.",
)
CHANGE = Wording(
    ja="2017～2020年の4年間（暦年）で、死亡は出生を計{natural}上回り（自然減）、転入は転出を計{social}上回りました"
    "（社会増。転入・転出は2018年以降が日本人移動者の数で、2017年の数値にはその限定の記載がありません）。"
    "暦年は1月に始まるため、プランの期間（2017年4月～2021年3月）とは3か月ずれています。",
    en="Over the calendar years 2017-2020, deaths exceeded births by {natural} in all (natural "
    "decrease) and moves in exceeded moves out by {social} (social increase; the moves from 2018 on are of "
    "Japanese nationals only, and the 2017 figures carry no such qualifier). Calendar years begin in January, "
    "three months before the plan's fiscal years (the plan period runs from April 2017 to March 2021).",
)
STAFFING = Wording(
    ja="職員：プランの定員は2016年4月1日の{quota}が最後の数値です。SSDSE-Aの一般行政部門職員数は{first}年の"
    "{staff}からで（SSDSE-Aは年だけを示し、調査日を記していません）、プランの期間の数値はありません。定員は「定数内で定める市に必要な職員数。欠員を含み、他団体への"
    "派遣者を除く」（プランの注記）で、一般行政部門だけを数えるSSDSE-Aの職員数とは範囲が違うため、両者をつないで"
    "増減とは読めません。",
    en="Staffing: the plan's last staff quota is {quota} on 1 April 2016. SSDSE-A's general-administration staff "
    "starts with {staff} in {first} (SSDSE-A gives the year only, with no survey date), so it holds no figure for the plan period. The plan defines the quota "
    "as the staff the city needs within its authorised establishment, vacancies included and staff seconded to other "
    "bodies excluded; SSDSE-A counts the general-administration sector only. The two cover different staff, so they "
    "cannot be joined and read as a change.",
)


def _moves_words(moves: pd.Series, lang: str) -> str:
    """Every year's move in words, the years with no change too: '上昇4回・低下1回・横ばい1回（最高…、最低…）'."""
    return moves_words(moves, lang) + pick(
        lang,
        f"（最高{_years(moves['high_years'], lang)}、最低{_years(moves['low_years'], lang)}）",
        f" (highest {_years(moves['high_years'], lang)}, lowest {_years(moves['low_years'], lang)})",
    )


def _ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '10th', '11th', '22nd'.

    >>> [_ordinal(n) for n in (1, 2, 3, 10, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '10th', '11th', '12th', '13th', '21st', '22nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _years(years, lang: str) -> str:
    """Every year that shares the highest (lowest) value: 2020・2021年度 / FY2020 and FY2021."""
    years = [int(y) for y in years]
    return pick(lang, "・".join(map(str, years)) + "年度", " and ".join(f"FY{y}" for y in years))


def _change_words(moves: pd.Series, lang: str) -> str:
    """The change from the first year to the latest, and where the first year is the series' high or low, so."""
    unit = moves["unit"]
    words = fmt(moves["change"], "points" if unit == "percent" else unit, lang, signed=True)
    if pd.notna(moves["change_percent"]):
        words += pick(lang, f"（{moves['change_percent']:+.1f}%）", f" ({moves['change_percent']:+.1f}%)")
    first = int(moves["first_year"])
    for years, ja, en in ((moves["high_years"], "最高", "high"), (moves["low_years"], "最低", "low")):
        if first in {int(y) for y in years}:  # the base is an extreme: the change says more than the years do
            words += pick(lang, f"。起点の{first}年度は期間の{ja}", f"; FY{first}, the base, is the series' {en}")
    return words


def _favourable(measure: str) -> str:
    """The favourable direction of a measure ('lower', 'higher' or 'none'), as every page reads it (05's table)."""
    table = directions()
    return str(table.at[measure, "favourable"]) if measure in table.index else "none"


def _lower(name: str) -> str:
    """A measure's English name inside a sentence: 'Current balance ratio' -> 'current balance ratio'."""
    return name[:1].lower() + name[1:]


def _directions_note(moves: pd.DataFrame, lang: str) -> str:
    """Which measures have a favourable direction (whose reading) and which have none: a place is no merit there."""
    rows = moves[moves["basis"] == period_summary.PUBLISHED].drop_duplicates("measure")
    table = directions()
    read = [
        pick(
            lang,
            f"{r['measure_ja']}は、{table.at[r['measure'], 'reading_ja']}（{table.at[r['measure'], 'source_ja']}）。",
            f"{r['measure_en']}: {table.at[r['measure'], 'reading_en']} ({table.at[r['measure'], 'source_en']}).",
        )
        for _, r in rows.iterrows()
        if _favourable(r["measure"]) != "none"
    ]
    none = [
        pick(lang, r["measure_ja"], _lower(r["measure_en"]))
        for _, r in rows.iterrows()
        if _favourable(r["measure"]) == "none"
    ]
    listed_en = ", ".join(none[:-1]) + f" and {none[-1]}" if len(none) > 1 else "".join(none)
    return pick(
        lang,
        "順位は、望ましい方向のある指標ではその方向から数えます。" + "".join(read)
        + "、".join(none) + "には望ましい方向がなく（本プロジェクトの読み方）、"
        "低い方から数えた順位は良し悪しを示しません。",
        "Places count from the favourable side where there is one. " + " ".join(read) + " "
        + listed_en[:1].upper() + listed_en[1:] + " have no favourable direction (this project's reading): their "
        "places, counted from the lowest, say nothing of better or worse.",
    )  # fmt: skip


def _label(row: pd.Series, lang: str) -> str:
    if row["basis"] == period_summary.FIXED_2020:
        # the measure named again, not '同': on a phone each row is a card read alone
        return pick(
            lang,
            f"{row['measure_ja']}（分母を2020年国勢調査人口に固定）",
            f"{row['measure_en']}, denominator fixed at the 2020 census",
        )
    return pick(lang, row["measure_ja"], row["measure_en"])


def period_frame(values: pd.DataFrame, moves: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The main indicators in every fiscal year from FY2016 to the latest SSDSE-A holds, and how they moved.

    ``values`` and ``moves`` are :func:`period_summary.period_values` and :func:`period_summary.period_moves`:
    with Kodaira's place among the Tama cities at the plan period's end; per resident also with one denominator
    (the 2020 census) held fixed.
    """
    rows = []
    for _row, frame in values.groupby("row", sort=True):
        first = frame.iloc[0]
        moved = moves.set_index("row").loc[first["row"]]
        row = {pick(lang, "指標", "Measure"): _label(first, lang)}
        for year, value in zip(frame["year"], frame["value"], strict=True):
            row[pick(lang, f"{year}年度", f"FY{year}")] = "—" if pd.isna(value) else fmt(value, first["unit"], lang)
        row[pick(lang, "増減（2016年度→最新）", "Change (FY2016 to latest)")] = _change_words(moved, lang)
        row[pick(lang, "年ごとの動き", "Year by year")] = _moves_words(moved, lang)
        row[
            pick(
                lang,
                "多摩26市での位置（各年度の順位の範囲、2020年度）",
                "Among the 26 Tama cities (places over the years; FY2020)",
            )
        ] = _place_words(moved, lang) if first["basis"] == period_summary.PUBLISHED else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def _place_words(place: pd.Series, lang: str) -> str:
    lowest = place["ranked_from"] == "lowest"
    unit = place["unit"]
    side = pick(lang, "低い方から" if lowest else "高い方から", "from the lowest" if lowest else "from the highest")
    none = _favourable(place["measure"]) == "none"  # '1st in FY2020' is no merit here: said in the cell, read alone
    best, worst = int(place["best_rank"]), int(place["worst_rank"])
    span = (
        pick(lang, f"{best}～{worst}位", f"{best} to {worst}") if best != worst else pick(lang, f"{best}位", f"{best}")
    )
    years = pick(
        lang, f"{place['first_year']}～{place['last_year']}年度", f"FY{place['first_year']}-FY{place['last_year']}"
    )
    return pick(
        lang,
        f"{years}は{int(place['of'])}市中{span}（{side}{'。望ましい方向はない' if none else ''}）。2020年度は{int(place['rank'])}位"
        f"{'（同率あり）' if place['tied'] else ''}、中央値 {fmt(place['median'], unit, lang)}",
        f"{span} of {int(place['of'])} {side} in {years}{' (no favourable direction)' if none else ''}; {_ordinal(int(place['rank']))}"
        f"{' (tied)' if place['tied'] else ''} in FY2020, when the median was {fmt(place['median'], unit, lang)}",
    )


#: The columns of the values by year (Table 2); the rest of :func:`period_frame` is Table 3.
_MEASURE = ("指標", "Measure")


def _split(frame: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Table 2 (each year's value) and Table 3 (the change, every year's moves, the Tama place), one row per measure."""
    years = [c for c in frame.columns if c.endswith("年度") or c.startswith("FY")]
    measure = pick(lang, *_MEASURE)
    return frame[[measure, *years]], frame[[c for c in frame.columns if c not in years]]


_SOURCE_NOTE = {
    "ja": "。1人当たりは2019年度まで2015年国勢調査、2020年度以降は2020年国勢調査の人口で割った値。",
    "en": ". Per resident: divided by the 2015 census population up to FY2019 and the 2020 census from FY2020.",
}


def period_table(values: pd.DataFrame, moves: pd.DataFrame, lang: str) -> TableView:
    """Table 2: the main fiscal indicators in every year SSDSE-A holds from FY2016."""
    values, _moves = _split(period_frame(values, moves, lang), lang)
    return TableView(
        values,
        caption=pick(
            lang,
            "表2 プランの期間の前後の主な財政指標（決算年度。1人当たりは国勢調査人口で割った値）",
            "Table 2. Main fiscal indicators before, during and after the plan period (fiscal-year settlements; "
            "per resident: divided by the census population)",
        ),
        source=SSDSE_SOURCE[lang] + _SOURCE_NOTE[lang],
        note=pick(
            lang,
            "プランの期間は2017～2020年度です。1人当たりの値は2020年度から分母が2020年国勢調査人口に替わるため、"
            "すぐ下の行に分母を2020年国勢調査人口に固定した値を並べています（その増減率は金額そのものの増減率と同じです）。"
            "2020年度の歳出の大きな増加は表3の下の説明を参照してください。",
            "The plan period is FY2017-FY2020. Per-resident values change denominator in FY2020 (to the 2020 "
            "census), so the row below each gives them with the 2020 census population held fixed (its percentage "
            "change is the money's own). For FY2020's jump in expenditure, see the note below Table 3.",
        ),
    )


#: Table 3's changes come from the figures before rounding: a difference of two rounded figures carries both
#: roundings' error, so a careful statistician subtracts first and rounds once. The per-resident figures are our
#: division (SSDSE-A's figures, and the census population), so their change can differ from Table 2's shown figures.
ROUNDING_NOTE = {
    "ja": "増減は四捨五入する前の値から計算しています。本プロジェクトが計算した値（住民1人当たりの額、歳出に占める民生費の割合）では、"
    "表2に示した四捨五入後の値どうしの差と末位が1違うことがあります。",
    "en": "Changes are computed from the figures before rounding: for the figures this project computes (per resident, "
    "and the welfare share), a change may differ by one in its last digit from the difference of the rounded figures "
    "shown in Table 2. ",
}


def moves_table(values: pd.DataFrame, moves: pd.DataFrame, lang: str) -> TableView:
    """Table 3: how each indicator of Table 2 moved over every year, and Kodaira's place among the Tama cities."""
    moves_frame = moves
    _values, shown = _split(period_frame(values, moves, lang), lang)
    return TableView(
        shown,
        caption=pick(
            lang,
            "表3 表2の指標の動き（2016年度から最新年度まで）と多摩26市での位置",
            "Table 3. How the indicators of Table 2 moved (FY2016 to the latest year) and Kodaira's place among the "
            "26 Tama cities",
        ),
        source=SSDSE_SOURCE[lang] + _SOURCE_NOTE[lang],
        note=pick(
            lang,
            "「増減」は2016年度とSSDSE-Aの最新年度の比較で、2016年度が期間の最高・最低の指標ではそう記しています。"
            "「年ごとの動き」はその間の毎年の上昇・低下の回数（前年度と同じ値の年度があれば横ばいの回数も）と、最高・最低の年度です。"
            + ROUNDING_NOTE["ja"]
            + _directions_note(moves_frame, lang),
            "'Change' compares FY2016 with SSDSE-A's latest year, and says so where FY2016 is the series' high or low; "
            "'year by year' counts the years up and down between (and the years unchanged, where there are any) and names the "
            "highest and lowest years. " + ROUNDING_NOTE["en"] + _directions_note(moves_frame, lang),
        ),
    )


def period_sentences(
    fiscal: pd.DataFrame,
    tama: pd.DataFrame,
    ageing: pd.DataFrame,
    households: pd.DataFrame,
    population: pd.DataFrame,
    staff: pd.DataFrame,
    lang: str,
) -> MarkdownText:
    """The FY2020 jump, staffing, ageing, and natural and social change, as a Markdown list.

    The frames are the analysis layer's, for one city: ``period.fiscal_series``, ``period_compare.group_rows``,
    ``series.census_ageing``, ``period.elderly_households``, ``period.population_change``, ``period.staffing_series``.
    """
    jump = JUMP.say(lang, **jump_values(tama, fiscal, lang))
    ageing = ageing.set_index("census_year")
    alone = households.set_index("census_year")["aged_65_alone"]
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
    moves = population.set_index("year").loc[2017:2020]
    change = CHANGE.say(
        lang,
        natural=fmt(-moves["natural_change"].sum(), "persons", lang),
        social=fmt(moves["social_change"].sum(), "persons", lang),
    )
    admin = staff[staff["measure"] == "admin_staff"]
    staffing = STAFFING.say(
        lang,
        quota=fmt(staff.query("measure == 'staff_quota'")["value"].iloc[-1], "staff", lang),
        first=int(admin["year"].min()),
        staff=fmt(admin["value"].iloc[0], "staff", lang),
    )
    return bullets([jump, staffing, age, change])


def jump_values(table: pd.DataFrame, fiscal: pd.DataFrame, lang: str) -> dict:
    """The FY2020 jump, and what the years after show (``table``: SSDSE-A's rows, all or the Tama cities').

    Kodaira's revenue and expenditure against FY2019, the range of the rise in every Tama city, and Kodaira's
    expenditure in each later year against FY2019.
    """
    revenue = period_compare.period_change(fiscal, "revenue", 2019, 2020)
    expenditure = period_compare.period_change(fiscal, "expenditure", 2019, 2020)
    growth = period_summary.tama_growth(period_compare.group_rows(table), "expenditure", 2019, 2020)["percent"]
    later = sorted(int(y) for y in fiscal.loc[fiscal["measure"] == "expenditure", "year"] if y > 2020)
    above = period_compare.against_year(fiscal, "expenditure", 2019, later)
    parts = [
        pick(lang, f"{year}年度は2019年度比{pct:+.1f}%", f"{pct:+.1f}% in FY{year}") for year, pct in above.items()
    ]
    return {
        "revenue": fmt(revenue["end"], "million_yen", lang),
        "revenue_pct": f"{revenue['percent']:+.1f}%",
        "expenditure": fmt(expenditure["end"], "million_yen", lang),
        "expenditure_pct": f"{expenditure['percent']:+.1f}%",
        "low": f"{growth.min():.1f}%",
        "high": f"{growth.max():.1f}%",
        "after": pick(lang, "、".join(parts), ", ".join(parts) + " against FY2019")
        if parts
        else pick(lang, "（2021年度以降の数値はありません）", "(no figure after FY2020)"),
    }
