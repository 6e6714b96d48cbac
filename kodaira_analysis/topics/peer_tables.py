"""Topic: the tables of report 05: the measures and their directions, the subject's ranks, each ranking and trend.

Every table has its caption, source and notes; per-resident figures name the census they divide by.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from kodaira_analysis.analysis.peer_data import MEASURES, directions
from kodaira_analysis.analysis.peer_mic import YEAR_KINDS as MIC_YEAR_KINDS
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, escape
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.peers import (
    direction_text,
    fmt,
    halfway_note,
    label,
    names_by_code,
    rank_text,
    row_name,
    source_line,
    unit_text,
)

YEAR = Wording(
    ja="各指標には、{year}年または{year}年度までの最も新しい数値を用いています。その時点は、{points}です（表2にも示します）。",
    en="Each measure is shown at its latest figure up to {year}, as follows (also given in Table 2). {points}.",
)
MISSING = Wording(
    ja="{year}年または{year}年度までの数値がない次の指標は除きました：{measures}。",
    en="Measures with no figure up to {year} are left out: {measures}.",
)
DENOMINATOR = Wording(
    ja="人口当たりの指標の分母は国勢調査人口で、{spans}の人口を用いています。",
    en="Per-resident measures use the census population as the denominator: {spans}.",
)
SPAN = Wording(ja="{years}年の数値には{census}年国勢調査", en="the {census} census for the {years} figures")


def readings_table(selected: list[str], lang: str) -> TableView:
    """Each measure: the favourable direction in words, whose reading that is (the method: :func:`method_note`).

    The units are in Table 2 beside the figures, the method in a paragraph after the table: with them the
    table (nine measures), which print never splits, was too tall to follow the introduction on the first page.
    """
    frame = directions().loc[selected]
    table = pd.DataFrame(
        {
            pick(lang, "指標", "Measure"): [label(m, lang) for m in selected],
            pick(lang, "望ましい方向", "Favourable direction"): [
                direction_text(m, lang) if frame.at[m, "favourable"] != "none" else pick(lang, "なし", "none")
                for m in selected
            ],
            pick(lang, "読み方", "Reading"): frame[pick(lang, "reading_ja", "reading_en")].tolist(),
            pick(lang, "読み方の出典", "Whose reading"): frame[pick(lang, "source_ja", "source_en")].tolist(),
        }
    )
    note = pick(
        lang,
        "望ましい方向のない指標の順位は低い方から数え、同じ値は同じ順位（同率）とします。",
        "Where no direction is favourable, ranks count from the lowest; equal values share a rank (marked tied).",
    )
    return TableView(
        table,
        caption=pick(lang, "表1 指標と望ましい方向", "Table 1. The measures and their favourable direction"),
        note=note,
        source=source_line(selected, lang),
    )


def method_note(selected: list[str], lang: str) -> MarkdownText:
    """How each measure is computed, measures computed alike said once: the paragraph after Table 1."""
    methods = [
        pick(lang, f"{'・'.join(names)}：{method}", f"{_and(names)}: {method}")
        for method, names in _by_method(selected, lang).items()
    ]
    return escape(pick(lang, "算出方法　" + "。".join(methods) + "。", "Method. " + "; ".join(methods) + "."))


def _inside(name: str) -> str:
    """A measure's English name as it reads inside a sentence: 'Births per 1,000' -> 'births per 1,000' (not Laspeyres)."""
    return name if name.startswith(("Laspeyres", "MIC")) else name[0].lower() + name[1:]


def _and(names: list[str]) -> str:
    """English names as a list: 'A', 'A and B', 'A, B and C'.

    >>> _and(["A"]), _and(["A", "B", "C"])
    ('A', 'A, B and C')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _by_method(selected: list[str], lang: str) -> dict[str, list[str]]:
    """The measures' names by method, in the order first met: measures computed alike are said once."""
    out: dict[str, list[str]] = {}
    for m in selected:
        out.setdefault(pick(lang, MEASURES[m].method_ja, MEASURES[m].method_en), []).append(label(m, lang))
    return out


def denominator_note(rows: pd.DataFrame, lang: str) -> str:
    """Which census each year's per-resident figures divide by ('' when every figure is of a census year)."""
    rows = rows[rows["census_year"].notna()]
    if not len(rows) or (rows["census_year"] == rows["year"]).all():
        return ""
    spans = []
    for census, part in rows.groupby("census_year"):
        years = sorted({int(y) for y in part["year"]})
        span = f"{years[0]}" if len(years) == 1 else pick(lang, f"{years[0]}～{years[-1]}", f"{years[0]}-{years[-1]}")
        spans.append(SPAN.text(lang, census=int(census), years=span))
    return DENOMINATOR.text(lang, spans=pick(lang, "、", "; ").join(spans))


def summary_table(measured: pd.DataFrame, group: dict, lang: str) -> TableView:
    """The subject's value, rank and the group median on each measure, with the year and the ranking's sense."""
    subject = measured[measured["is_subject"]]
    names = names_by_code(measured)
    name = row_name(subject.iloc[0], lang) if len(subject) else ""
    frame = pd.DataFrame(
        {
            pick(lang, "指標", "Measure"): [label(m, lang) for m in subject["measure"]],
            pick(lang, "時点", "Year"): [
                year_with_kind(int(y), m, lang) for y, m in zip(subject["year"], subject["measure"], strict=True)
            ],
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
    source = source_line(subject["measure"], lang)
    notes = (halfway_note(subject["group_median"], subject["measure"], lang), denominator_note(subject, lang))
    return TableView(frame, caption=caption, source=source, note=pick(lang, "", " ").join(n for n in notes if n))


def ranking_table(measured: pd.DataFrame, measure: str, group: dict, lang: str, *, number: int) -> TableView:
    """Every city on one measure, from rank 1; the subject marked ▶ (outside the group: placed by its value, no rank)."""
    rows = measured[measured["measure"] == measure]
    ascending = directions().at[measure, "favourable"] != "higher"
    rows = rows.sort_values("value", ascending=ascending, kind="stable")
    year = int(rows["year"].iloc[0])
    ranks = [
        "—" if pd.isna(r) else (f"{int(r)}" + pick(lang, "（同率）", " (tied)") if t else f"{int(r)}")
        for r, t in zip(rows["rank"], rows["tied"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            pick(lang, "順位", "Rank"): ranks,
            pick(lang, "市", "City"): [
                f"▶ {row_name(r, lang)}" if r["is_subject"] else row_name(r, lang) for _, r in rows.iterrows()
            ],
            pick(lang, f"値（{unit_text(measure, lang)}）", f"Value ({unit_text(measure, lang)})"): [
                fmt(v, measure) for v in rows["value"]
            ],
        }
    )
    caption = pick(
        lang,
        f"表{number} {label(measure, 'ja')}の順位（{year_with_kind(year, measure, 'ja')}、"
        f"{direction_text(measure, 'ja')}）",
        f"Table {number}. {label(measure, 'en')}: ranking, {year_with_kind(year, measure, 'en')} "
        f"({direction_text(measure, 'en')})",
    )
    subject = rows[rows["is_subject"]]
    note = (
        pick(lang, f"▶は{row_name(subject.iloc[0], 'ja')}。", f"▶ marks {row_name(subject.iloc[0], 'en')}.")
        if len(subject)
        else ""
    )
    parts = (_unrounded_note(rows, measure, lang), denominator_note(rows.head(1), lang))
    extra = pick(lang, "", " ").join(t for t in parts if t)
    return TableView(
        frame,
        caption=caption,
        source=source_line([measure], lang),
        note=note + (pick(lang, "", " ") + extra if extra else ""),
    )


def _unrounded_note(rows: pd.DataFrame, measure: str, lang: str) -> str:
    """Where two cities print the same value but hold different ranks: the ranks use the unrounded values.

    05's Table 4 showed 東久留米市 4.19 in 11th place and 調布市 4.19 in 12th (4.1901 and 4.1918) with no word.
    """
    ranked = rows[rows["rank"].notna()]
    pairs = []
    for shown, part in ranked.groupby(ranked["value"].map(lambda v: fmt(v, measure)), sort=False):
        if (part["rank"] != part["rank"].iloc[0]).any():
            names = [row_name(r, lang) for _, r in part.iterrows()]
            pairs.append(
                pick(
                    lang,
                    f"{'・'.join(names)}（いずれも{shown}）",
                    f"{_and(names)} ({'both' if len(names) == 2 else 'all'} {shown})",
                )
            )
    if not pairs:
        return ""
    return pick(
        lang,
        "順位は表示の桁で丸める前の値で付けているため、表示が同じでも順位が異なる市があります："
        + "、".join(pairs) + "。",
        "Ranks use the values before rounding to the digits shown, so some cities with the same printed value hold "
        "different ranks: " + "; ".join(pairs) + ".",
    )  # fmt: skip


def is_fiscal(measure: str) -> bool:
    """Whether a measure's years are fiscal years (a settlement), as its source's catalogue says (:func:`year_kind`)."""
    return year_kind(measure).startswith("fiscal year")


#: How each kind of year in SSDSE-A's catalogue (ssdse/indicators.csv: year_kind) is said beside a year.
YEAR_KINDS = {
    "fiscal year (settlement)": ("{y}年度（決算）", "FY{y} (settlement)"),
    "year as published": ("{y}年（SSDSE-Aの年）", "{y} (SSDSE-A's year)"),  # staff: SSDSE-A states no survey date
    "census (1 October)": ("{y}年（国勢調査、10月1日）", "{y} (census, 1 October)"),
    "calendar year": ("{y}年（暦年）", "{y} (calendar year)"),
    "as of 1 April": ("{y}年4月1日現在", "1 April {y}"),  # MIC's Laspeyres index
}

#: The head of a trend table's year column, by kind of year.
YEAR_HEADS = {
    "fiscal year (settlement)": ("年度（決算）", "Fiscal year (settlement)"),
    "year as published": ("年（SSDSE-Aの年）", "Year (as SSDSE-A gives it)"),
    "census (1 October)": ("年（国勢調査、10月1日）", "Year (census, 1 October)"),
    "calendar year": ("年（暦年）", "Calendar year"),
    "as of 1 April": ("年（4月1日現在）", "Year (as of 1 April)"),
}

#: The kinds of year that are a date, 1 April (MIC's Laspeyres index; SSDSE-A states no date for its staff count).
APRIL_KINDS = ("as of 1 April",)


@cache  # the catalogues are files: read once per measure, not for every table
def year_kind(measure: str) -> str:
    """The kind of year of a measure's numerator, as its source's catalogue gives it ('' when it gives none).

    SSDSE-A's ``ssdse/indicators.csv``, or MIC's ``mic/columns.csv`` said in the same words
    (:data:`~kodaira_analysis.analysis.peer_mic.YEAR_KINDS`).
    """
    spec = MEASURES[measure]
    if spec.source == "mic":
        from kodaira_analysis.mic.catalogue import columns

        values = columns()[columns()["role"] == "value"].drop_duplicates("indicator_code").set_index("indicator_code")
        return MIC_YEAR_KINDS.get(str(values["year_kind"].get(spec.numerator, "")), "")
    from kodaira_analysis.ssdse.catalogue import indicators

    return str(indicators()["year_kind"].get(spec.numerator, ""))


def year_with_kind(year: int, measure: str, lang: str) -> str:
    """A measure's year said with its kind: 2022年度（決算）, 1 April 2024, 2020 (census, 1 October), 2023 (calendar year)."""
    wording = YEAR_KINDS.get(year_kind(measure))
    if wording is None:  # a kind not listed above: the year as SSDSE-A gives it, and the kind in its own words
        kind = year_kind(measure)
        return pick(lang, f"{year}年", f"{year}") + (f" ({kind})" if kind else "")
    return pick(lang, *wording).format(y=year)


def year_cell(year: int, fiscal: bool, lang: str) -> str:
    """A year as its kind is written: 2020年度 / FY2020 for a fiscal year, 2020年 / 2020 otherwise.

    >>> year_cell(2020, True, "en"), year_cell(2020, False, "ja")
    ('FY2020', '2020年')
    """
    if fiscal:
        return pick(lang, f"{year}年度", f"FY{year}")
    return pick(lang, f"{year}年", f"{year}")


def trend_table(
    summary: pd.DataFrame, measure: str, name: tuple[str, str], group: dict, lang: str, *, number: int
) -> TableView:
    """One measure over the years: the subject's value and rank, the group median, the highest and lowest city."""
    rows = summary[summary["measure"] == measure].sort_values("year")
    n = name[0 if lang == "ja" else 1]
    fiscal = is_fiscal(measure)
    ranks = [
        "—" if not r["in_group"] or pd.isna(r["rank"])
        else pick(lang, f"{int(r['of'])}市中{'同率' if r['tied_with'] else ''}{int(r['rank'])}位",
                  f"{int(r['rank'])} of {int(r['of'])}" + (" (tied)" if r["tied_with"] else ""))
        for _, r in rows.iterrows()
    ]  # fmt: skip
    head = YEAR_HEADS.get(year_kind(measure), ("年度", "Fiscal year") if fiscal else ("年", "Year"))
    frame = pd.DataFrame(
        {
            pick(lang, *head): [year_cell(int(y), fiscal, lang) for y in rows["year"]],
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
    halfway = halfway_note(rows["group_median"], rows["measure"], lang)
    if halfway:
        note = halfway + pick(lang, "", " ") + note
    if year_kind(measure) in APRIL_KINDS:
        note = pick(lang, "各年4月1日現在の数値です。", "Figures as of 1 April of each year. ") + note
    return TableView(frame, caption=caption, source=source_line([measure], lang), note=note.strip())


def year_sentence(year: int, missing: dict[str, int | None], measured: pd.DataFrame, lang: str) -> MarkdownText:
    """Which points in time the measures describe (the years the data holds, not ``year``), and which have none."""
    subject = measured[measured["is_subject"]]
    by_point: dict[str, list[str]] = {}  # each point in time with the measures it belongs to, in the table's order
    for y, m in zip(subject["year"], subject["measure"], strict=True):
        by_point.setdefault(year_with_kind(int(y), m, lang), []).append(m)
    pairs = [
        pick(lang, f"{'・'.join(label(m, 'ja') for m in ms)}は{point}",
             f"{', '.join(_inside(label(m, 'en')) for m in ms)}: {point}")
        for point, ms in by_point.items()
    ]  # fmt: skip
    listed = pick(lang, "、".join(pairs), "; ".join(pairs))
    text = YEAR.say(lang, year=year, points=listed[:1].upper() + listed[1:])
    if missing:
        parts = [
            pick(lang, f"{label(m, 'ja')}（{first}年から）", f"{label(m, 'en').lower()} (from {first})")
            for m, first in missing.items()
        ]
        text += pick(lang, "", " ") + MISSING.say(lang, year=year, measures=_join(parts, lang))
    return text
