"""Topic: a municipality among its peer group (SSDSE-A): the words and tables of report 05.

The charts are in :mod:`kodaira_analysis.topics.peer_charts`. Every value is shown with the decimals of
its measure (``peer_measures.csv``): the two published ratios with SSDSE-A's one decimal.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.peer_data import MEASURES, directions
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join

TITLE = Wording(ja="{group}との比較", en="{name} among {group}")
TITLE_OUTSIDE = Wording(ja="{group}との比較", en="{name} against {group}")
INTRO = Wording(
    ja="統計センターの市区町村データ（SSDSE-A）により、{name}を{group}（{members}）の中に位置づけます。"
    "指標は、総務省「財政比較分析表」に倣った人口当たりの財政指標と、高齢化・出生の指標です。",
    en="This page places {name} among {group} ({members}) on per-resident measures similar to those of the"
    " MIC's financial comparison sheets, and on ageing and births, using the Statistics Center's SSDSE-A.",
)
INTRO_OUTSIDE = Wording(
    ja="統計センターの市区町村データ（SSDSE-A）により、{name}を{group}（{members}）と比べます。"
    "指標は、総務省「財政比較分析表」に倣った人口当たりの財政指標と、高齢化・出生の指標です。",
    en="This page compares {name} with {group} ({members}) on per-resident measures similar to those of the"
    " MIC's financial comparison sheets, and on ageing and births, using the Statistics Center's SSDSE-A.",
)
OUTSIDE = Wording(
    ja="{name}は{group}に含まれないため、順位は付けず、{group}の値と中央値に照らして示します。",
    en="{name} is not one of {group}: it is shown against them, without a rank.",
)
YEAR = Wording(
    ja="各指標は{year}年（年度）以前の最新の数値です。",
    en="Each measure is its latest figure up to {year} (calendar or fiscal year, as published).",
)
MISSING = Wording(
    ja="{year}年（年度）以前の数値がない次の指標は除きました：{measures}。",
    en="Measures with no figure up to {year} are left out: {measures}.",
)
FAVOURABLE = Wording(
    ja="望ましい方向がある指標では、{name}は{places}です（1位が最も望ましい側）。",
    en="On the measures with a favourable direction, {name}'s ranks are {places} (rank 1 is the most favourable).",
)
DENOMINATOR = Wording(
    ja="人口当たりの指標の分母は国勢調査人口で、{years}年の数値には{census}年国勢調査の人口を用いています。",
    en="Per-resident measures divide by the census population: the {census} census for the {years} figures.",
)
MEMBERS = {
    "tama26": ("東京都の市部のすべての市", "every city of Tokyo outside the 23 special wards"),
    "prefecture_cities": ("町村と特別区を除く", "towns, villages and special wards excluded"),
}


def fmt(value: float, measure: str, *, median: bool = False) -> str:
    """A value with its measure's decimals; a median of published one-decimal ratios keeps its exact second decimal.

    >>> fmt(85.2, "current_balance_ratio"), fmt(1.25, "real_debt_service_ratio", median=True)
    ('85.2', '1.25')
    >>> fmt(91.6, "current_balance_ratio", median=True), fmt(3.738572, "staff_per_1000")
    ('91.6', '3.74')
    """
    spec = MEASURES[measure]
    if pd.isna(value):
        return "—"
    if median and spec.denominator is None:
        text = f"{value:,.{spec.decimals + 1}f}"
        return text[:-1] if text.endswith("0") else text
    return f"{value:,.{spec.decimals}f}"


def unit_text(measure: str, lang: str) -> str:
    """The unit of a measure as a reader writes it."""
    unit = MEASURES[measure].unit
    return {"persons": pick(lang, "人", "persons"), "percent": "%", "thousand_yen": pick(lang, "千円", "thousand yen")}[
        unit
    ]


def label(measure: str, lang: str, *, unit: bool = False) -> str:
    """A measure's name, with its unit in brackets when asked."""
    spec = MEASURES[measure]
    name = pick(lang, spec.label_ja, spec.label_en)
    return (
        (pick(lang, f"{name}（{unit_text(measure, lang)}）", f"{name} ({unit_text(measure, lang)})")) if unit else name
    )


def direction_text(measure: str, lang: str) -> str:
    """How a measure's ranks count: from the favourable side, or from the highest where none is."""
    favourable = directions().at[measure, "favourable"]
    return {
        "lower": pick(lang, "低いほど望ましい", "lower is favourable"),
        "higher": pick(lang, "高いほど望ましい", "higher is favourable"),
        "none": pick(lang, "望ましい方向なし・高い順に順位", "none; ranked from the highest"),
    }[favourable]


def _name(row, lang: str) -> str:
    return row["municipality"] if lang == "ja" else row["municipality_en"]


def rank_text(row, names: dict[str, tuple[str, str]], group: dict, lang: str) -> str:
    """'26市中9位（立川市と同率）' / '9= of 26 (tied with Tachikawa)'; outside the group, no rank."""
    if not row["in_group"] or pd.isna(row["rank"]):
        return pick(lang, f"順位なし（{group['ja']}に含まれない）", f"no rank (not one of {group['en']})")
    rank, of = int(row["rank"]), int(row["of"])
    tied = [names[c][0 if lang == "ja" else 1] for c in row["tied_with"]]
    if not tied:
        return pick(lang, f"{of}市中{rank}位", f"{rank} of {of}")
    return pick(
        lang,
        f"{of}市中{rank}位（{'・'.join(tied)}と同率）",
        f"{rank}= of {of} (tied with {' and '.join(tied) if len(tied) < 3 else ', '.join(tied)})",
    )


def _names_of(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    rows = frame.drop_duplicates("municipality_code")
    return {
        c: (ja, en)
        for c, ja, en in zip(rows["municipality_code"], rows["municipality"], rows["municipality_en"], strict=True)
    }


def title(group: dict, name: tuple[str, str], lang: str) -> str:
    """The page heading, from the group: 「多摩地域26市との比較」 / 'Kodaira among the 26 Tama cities'."""
    words = TITLE if group["in_group"] is not False else TITLE_OUTSIDE
    return words.say(lang, group=group[lang], name=name[0 if lang == "ja" else 1])


def intro(group_id: str, group: dict, name: tuple[str, str], lang: str) -> str:
    """The first paragraph: what is compared with which group (and, outside it, that it is outside)."""
    n = name[0 if lang == "ja" else 1]
    members = pick(lang, *MEMBERS[group_id])
    words = INTRO if group["in_group"] is not False else INTRO_OUTSIDE
    text = words.say(lang, name=n, group=group[lang], members=members)
    if group["in_group"] is False:
        text += pick(lang, "", " ") + OUTSIDE.say(lang, name=n, group=group[lang])
    return text


def year_sentence(year: int, missing: dict[str, int | None], lang: str) -> str:
    """Which year each measure describes, and which measures have no figure that early."""
    text = YEAR.say(lang, year=year)
    if missing:
        parts = [
            pick(lang, f"{label(m, 'ja')}（{first}年から）", f"{label(m, 'en').lower()} (from {first})")
            for m, first in missing.items()
        ]
        text += pick(lang, "", " ") + MISSING.say(lang, year=year, measures=_join(parts, lang))
    return text


def favourable_sentence(measured: pd.DataFrame, group: dict, lang: str) -> str:
    """Where the subject stands on the measures that have a favourable direction ('' when none is selected)."""
    subject = measured[measured["is_subject"] & (measured["favourable"] != "none")]
    if subject.empty or not subject["in_group"].all():
        return ""
    names = _names_of(measured)
    places = []
    for _, r in subject.iterrows():
        rank = rank_text(r, names, group, lang)
        en = label(r["measure"], "en")
        places.append(pick(lang, f"{label(r['measure'], 'ja')}が{rank}", f"{rank} on the {en[0].lower()}{en[1:]}"))
    places = _join(places, lang) if lang == "ja" or len(places) < 2 else ", ".join(places[:-1]) + " and " + places[-1]
    return FAVOURABLE.say(lang, name=_name(subject.iloc[0], lang), places=places)


def readings_table(selected: list[str], lang: str) -> TableView:
    """Each measure: its unit, the favourable direction in words, whose reading that is; the method in a note."""
    frame = directions().loc[selected]
    table = pd.DataFrame(
        {
            pick(lang, "指標", "Measure"): [label(m, lang) for m in selected],
            pick(lang, "単位", "Unit"): [unit_text(m, lang) for m in selected],
            pick(lang, "望ましい方向", "Favourable direction"): [direction_text(m, lang) for m in selected],
            pick(lang, "読み方", "Reading"): frame[pick(lang, "reading_ja", "reading_en")].tolist(),
            pick(lang, "読み方の出典", "Whose reading"): frame[pick(lang, "source_ja", "source_en")].tolist(),
        }
    )
    methods = [f"{label(m, lang)}：{MEASURES[m].method_ja}" if lang == "ja" else f"{label(m, lang)}: {MEASURES[m].method_en}" for m in selected]  # fmt: skip
    note = pick(
        lang,
        "算出方法　" + "。".join(methods) + "。同じ値は同じ順位（同率）とします。",
        "Method. " + "; ".join(methods) + ". Equal values share a rank (a tie, written 9=).",
    )
    return TableView(
        table,
        caption=pick(lang, "表1 指標と望ましい方向", "Table 1. The measures and their favourable direction"),
        note=note,
    )


def denominator_note(rows: pd.DataFrame, lang: str) -> str:
    """Which census each year's per-resident figures divide by ('' when none differs from its year)."""
    rows = rows[rows["census_year"].notna() & (rows["census_year"] != rows["year"])]
    parts = []
    for census, part in rows.groupby("census_year"):
        years = sorted({int(y) for y in part["year"]})
        span = f"{years[0]}" if len(years) == 1 else pick(lang, f"{years[0]}〜{years[-1]}", f"{years[0]}-{years[-1]}")
        parts.append(DENOMINATOR.say(lang, census=int(census), years=span))
    return pick(lang, "", " ").join(parts)


def summary_table(measured: pd.DataFrame, group: dict, lang: str) -> TableView:
    """The subject's value, rank and the group median on each measure, with the year and the ranking's sense."""
    subject = measured[measured["is_subject"]]
    names = _names_of(measured)
    name = _name(subject.iloc[0], lang) if len(subject) else ""
    frame = pd.DataFrame(
        {
            pick(lang, "指標", "Measure"): [label(m, lang) for m in subject["measure"]],
            pick(lang, "年（年度）", "Year"): subject["year"].astype(int).astype(str).tolist(),
            name: [fmt(v, m) for v, m in zip(subject["value"], subject["measure"], strict=True)],
            pick(lang, "単位", "Unit"): [unit_text(m, lang) for m in subject["measure"]],
            pick(lang, "順位", "Rank"): [rank_text(r, names, group, lang) for _, r in subject.iterrows()],
            pick(lang, f"{group['ja']}の中央値", "Median of the group"): [
                fmt(v, m, median=True) for v, m in zip(subject["group_median"], subject["measure"], strict=True)
            ],
            pick(lang, "望ましい方向", "Favourable direction"): [direction_text(m, lang) for m in subject["measure"]],
        }
    )
    caption = pick(
        lang, f"表2 {name}の順位と{group['ja']}の中央値", f"Table 2. {name}'s rank and the median of {group['en']}"
    )
    return TableView(frame, caption=caption, source=SSDSE_SOURCE[lang], note=denominator_note(subject, lang))


def ranking_table(measured: pd.DataFrame, measure: str, group: dict, lang: str, *, number: int) -> TableView:
    """Every city on one measure, from rank 1; the subject marked ▶ (outside the group: placed by its value, no rank)."""
    rows = measured[measured["measure"] == measure]
    ascending = directions().at[measure, "favourable"] == "lower"
    rows = rows.sort_values("value", ascending=ascending, kind="stable")
    year = int(rows["year"].iloc[0])
    ranks = [
        "—" if pd.isna(r) else (f"{int(r)}" + pick(lang, "（同率）", "=") if t else f"{int(r)}")
        for r, t in zip(rows["rank"], rows["tied"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            pick(lang, "順位", "Rank"): ranks,
            pick(lang, "市", "City"): [
                f"▶ {_name(r, lang)}" if r["is_subject"] else _name(r, lang) for _, r in rows.iterrows()
            ],
            pick(lang, f"値（{unit_text(measure, lang)}）", f"Value ({unit_text(measure, lang)})"): [
                fmt(v, measure) for v in rows["value"]
            ],
        }
    )
    caption = pick(
        lang,
        f"表{number} {label(measure, 'ja')}の順位（{year}年、{direction_text(measure, 'ja')}）",
        f"Table {number}. {label(measure, 'en')}: ranking, {year} ({direction_text(measure, 'en')})",
    )
    subject = rows[rows["is_subject"]]
    note = (
        pick(lang, f"▶は{_name(subject.iloc[0], 'ja')}。", f"▶ marks {_name(subject.iloc[0], 'en')}.")
        if len(subject)
        else ""
    )
    extra = denominator_note(rows.head(1), lang)
    return TableView(
        frame, caption=caption, source=SSDSE_SOURCE[lang], note=note + (pick(lang, "", " ") + extra if extra else "")
    )


def trend_table(
    summary: pd.DataFrame, measure: str, name: tuple[str, str], group: dict, lang: str, *, number: int
) -> TableView:
    """One measure over the years: the subject's value and rank, the group median, the highest and lowest city."""
    rows = summary[summary["measure"] == measure].sort_values("year")
    n = name[0 if lang == "ja" else 1]
    ranks = [
        "—" if not r["in_group"] or pd.isna(r["rank"])
        else f"{int(r['rank'])}" + (pick(lang, "（同率）", "=") if r["tied_with"] else "") + f" / {int(r['of'])}"
        for _, r in rows.iterrows()
    ]  # fmt: skip
    frame = pd.DataFrame(
        {
            pick(lang, "年（年度）", "Year"): rows["year"].astype(str).tolist(),
            n: [fmt(v, measure) for v in rows["value"]],
            pick(lang, "順位", "Rank"): ranks,
            pick(lang, "中央値", "Median"): [fmt(v, measure, median=True) for v in rows["group_median"]],
            pick(lang, "最も高い市", "Highest"): [
                f"{r['highest' if lang == 'ja' else 'highest_en']} {fmt(r['highest_value'], measure)}"
                for _, r in rows.iterrows()
            ],
            pick(lang, "最も低い市", "Lowest"): [
                f"{r['lowest' if lang == 'ja' else 'lowest_en']} {fmt(r['lowest_value'], measure)}"
                for _, r in rows.iterrows()
            ],
        }
    )
    caption = pick(
        lang,
        f"表{number} {label(measure, 'ja', unit=True)}の推移（{direction_text(measure, 'ja')}）",
        f"Table {number}. {label(measure, 'en', unit=True)} over the years ({direction_text(measure, 'en')})",
    )
    note = denominator_note(rows, lang)
    return TableView(frame, caption=caption, source=SSDSE_SOURCE[lang], note=note)
