"""Topic: a municipality among its peer group (SSDSE-A): how report 05 says a measure, a rank and the group.

The tables are in :mod:`kodaira_analysis.topics.peer_tables`, the charts in
:mod:`kodaira_analysis.topics.peer_charts`. Every value is shown with the decimals of its measure
(``peer_measures.csv``): the two published ratios with SSDSE-A's one decimal.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.peer_data import MEASURES, SOURCES, directions, source_of
from kodaira_analysis.analysis.peer_ranks import tied_codes
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join

TITLE = Wording(ja="{group}との比較", en="{name} among {group}")
TITLE_OUTSIDE = Wording(ja="{group}との比較", en="{name} against {group}")
INTRO = Wording(
    ja="統計センターの市区町村データ（SSDSE-A）により、{name}を{group}（{members}）の中に位置づけます。"
    "指標は、財政の指標（人口当たりの数値、比率、指数）と、高齢化・出生の指標です。",
    en="This page places {name} among {group} ({members}) on per-resident figures, ratios and indices of public finance,"
    " and on ageing and births, using the Statistics Center's SSDSE-A.",
)
INTRO_OUTSIDE = Wording(
    ja="統計センターの市区町村データ（SSDSE-A）により、{name}を{group}（{members}）と比べます。"
    "指標は、財政の指標（人口当たりの数値、比率、指数）と、高齢化・出生の指標です。",
    en="This page compares {name} with {group} ({members}) on per-resident figures, ratios and indices of public finance,"
    " and on ageing and births, using the Statistics Center's SSDSE-A.",
)
OUTSIDE = Wording(
    ja="{name}は{group}に含まれないため、順位は付けず、{group}の値と中央値に照らして示します。",
    en="{name} is not one of {group}: it is shown against them, without a rank.",
)
FAVOURABLE = Wording(
    ja="望ましい方向がある指標では、{name}は{places}です（1位が最も望ましい側）。",
    en="On the measures with a favourable direction, {name}'s ranks are {places} (rank 1 is the most favourable).",
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


def halfway_medians(values, measures) -> list[str]:
    """The medians, as :func:`fmt` shows them, that carry a digit beyond their measure's figures (99.65 of 99.6, 99.7).

    >>> halfway_medians([99.65, 100.0, 91.6, 4.225], ["laspeyres_index", "laspeyres_index", "current_balance_ratio",
    ...                                                  "staff_per_1000"])
    ['99.65']
    """
    return [
        shown
        for value, measure in zip(values, measures, strict=True)
        if "." in (shown := fmt(value, measure, median=True)) and len(shown.split(".")[1]) > MEASURES[measure].decimals
    ]


def halfway_note(values, measures, lang: str) -> str:
    """Said under a table whose medians include one that falls halfway (from the data: '' where none does).

    A median of an even number of cities is the mean of the middle two; where that ends in a 5 a digit beyond the
    measure's figures, it is shown unrounded (:func:`fmt`), and the note says which medians those are.
    """
    cells = halfway_medians(values, measures)
    if not cells:
        return ""
    if lang == "ja":
        return (
            f"中央値のうち{_join(cells, 'ja')}は、中央の2市の値の平均で、元の数値より1桁多い「5」で終わるため、丸めずに示しています"
            "（丸めると、中央値より高い・低い市がそれと同じ値に見えることがあるためです）。"
        )
    if len(cells) == 1:
        return (
            f"The median {cells[0]} is the mean of the two middle cities' figures and ends in a 5 one digit beyond "
            "them; it is shown unrounded, since a rounded median could look equal to a figure above or below it."
        )
    return (
        f"The medians {_join(cells[:-1], 'en')} and {cells[-1]} are each the mean of the two middle cities' figures "
        "and end in a 5 one digit beyond them; they are shown unrounded, since a rounded median could look equal to "
        "a figure above or below it."
    )


def unit_text(measure: str, lang: str) -> str:
    """The unit of a measure as a reader writes it."""
    units = {
        "persons": pick(lang, "人", "persons"),
        "percent": "%",
        "thousand_yen": pick(lang, "千円", "thousand yen"),
        "ratio": pick(lang, "単位なし", "no unit"),
        "index_national_100": pick(lang, "国＝100", "national = 100"),
    }
    return units[MEASURES[measure].unit]


def source_line(measures, lang: str) -> str:
    """The source line of a table or figure showing ``measures``: SSDSE-A, MIC's indicators, or both (in that order).

    >>> source_line(["staff_per_1000", "laspeyres_index"], "en").startswith("Sources: National Statistics Center")
    True
    """
    from kodaira_analysis.topics.mic_common import MIC_SOURCE

    lines = {"ssdse": SSDSE_SOURCE[lang], "mic": MIC_SOURCE[lang]}
    used = [lines[s] for s in SOURCES if s in {source_of(m) for m in measures}]
    if len(used) < 2:
        return used[0] if used else SSDSE_SOURCE[lang]
    prefix = pick(lang, "出典：", "Source: ")
    return pick(lang, "出典：", "Sources: ") + pick(lang, "；", "; ").join(u.removeprefix(prefix) for u in used)


def label(measure: str, lang: str, *, unit: bool = False) -> str:
    """A measure's name, with its unit in brackets when asked."""
    spec = MEASURES[measure]
    name = pick(lang, spec.label_ja, spec.label_en)
    return (
        (pick(lang, f"{name}（{unit_text(measure, lang)}）", f"{name} ({unit_text(measure, lang)})")) if unit else name
    )


def direction_text(measure: str, lang: str) -> str:
    """How a measure's ranks count: from the favourable side, or from the lowest where none is."""
    favourable = directions().at[measure, "favourable"]
    return {
        "lower": pick(lang, "低いほど望ましい", "lower is favourable"),
        "higher": pick(lang, "高いほど望ましい", "higher is favourable"),
        "none": pick(lang, "望ましい方向なし・順位は低い方から", "no favourable direction; ranked from the lowest"),
    }[favourable]


def row_name(row, lang: str) -> str:
    """The municipality of a row, in the language asked."""
    return row["municipality"] if lang == "ja" else row["municipality_en"]


def rank_text(row, names: dict[str, tuple[str, str]], group: dict, lang: str) -> str:
    """'26市中9位（低い方から・立川市と同率）' / '9 of 26 from the lowest, tied with Tachikawa'.

    Outside the group, no rank. The side ranks count from is always said: other reports rank the same
    figures from the other side.
    """
    if not row["in_group"] or pd.isna(row["rank"]):
        return pick(lang, f"順位なし（{group['ja']}に含まれない）", f"no rank (not one of {group['en']})")
    rank, of = int(row["rank"]), int(row["of"])
    lowest = directions().at[row["measure"], "favourable"] != "higher"
    side = pick(lang, "低い方から" if lowest else "高い方から", "from the lowest" if lowest else "from the highest")
    tied = [names[c][0 if lang == "ja" else 1] for c in tied_codes(row["tied_with"])]
    if not tied:
        return pick(lang, f"{of}市中{rank}位（{side}）", f"{rank} of {of} {side}")
    return pick(
        lang,
        f"{of}市中{rank}位（{side}・{'・'.join(tied)}と同率）",
        f"{rank} of {of} {side}, tied with {' and '.join(tied) if len(tied) < 3 else ', '.join(tied)}",
    )


def names_by_code(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """(Japanese, English) name of every municipality in a frame, by code."""
    rows = frame.drop_duplicates("municipality_code")
    return {
        c: (ja, en)
        for c, ja, en in zip(rows["municipality_code"], rows["municipality"], rows["municipality_en"], strict=True)
    }


def title(group: dict, name: tuple[str, str], lang: str) -> MarkdownText:
    """The page heading, from the group: 「多摩26市との比較」 / 'Kodaira among the 26 Tama cities'."""
    words = TITLE if group["in_group"] is not False else TITLE_OUTSIDE
    return words.say(lang, group=group[lang], name=name[0 if lang == "ja" else 1])


def intro(group_id: str, group: dict, name: tuple[str, str], lang: str) -> MarkdownText:
    """The first paragraph: what is compared with which group (and, outside it, that it is outside)."""
    n = name[0 if lang == "ja" else 1]
    members = pick(lang, *MEMBERS[group_id])
    words = INTRO if group["in_group"] is not False else INTRO_OUTSIDE
    text = words.say(lang, name=n, group=group[lang], members=members)
    if group["in_group"] is False:
        text += pick(lang, "", " ") + OUTSIDE.say(lang, name=n, group=group[lang])
    return text


MIC_MEASURES = Wording(
    ja="{measures}は、総務省「全市町村の主要財政指標」の値です（SSDSE-Aにはない指標です）。",
    en="MIC's main fiscal indicators of all municipalities give the {measures} (SSDSE-A has no such figure).",
)
#: Names that keep their capital inside an English sentence.
_PROPER = ("Laspeyres",)


def _in_sentence(name: str) -> str:
    """An English measure name inside a sentence: 'fiscal capability index', but 'Laspeyres index of salaries'."""
    return name if name.startswith(_PROPER) else name[:1].lower() + name[1:]


def mic_sentence(shown: list[str], lang: str) -> MarkdownText:
    """Which of the measures shown are MIC's, said once below the introduction ('' when none is shown)."""
    mic = [m for m in shown if source_of(m) == "mic"]
    if not mic:
        return markdown("")
    names = [label(m, "ja") if lang == "ja" else _in_sentence(label(m, "en")) for m in mic]
    last = pick(lang, "と", " and the ")
    joined = last.join([pick(lang, "、", ", the ").join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return MIC_MEASURES.say(lang, measures=joined)


def favourable_sentence(measured: pd.DataFrame, group: dict, lang: str) -> MarkdownText:
    """Where the subject stands on the measures that have a favourable direction ('' when none is selected)."""
    subject = measured[measured["is_subject"] & (measured["favourable"] != "none")]
    if subject.empty or not subject["in_group"].all():
        return markdown("")
    names = names_by_code(measured)
    places = []
    for _, r in subject.iterrows():
        rank = rank_text(r, names, group, lang)
        en = label(r["measure"], "en")
        places.append(pick(lang, f"{label(r['measure'], 'ja')}が{rank}", f"{rank} on the {en[0].lower()}{en[1:]}"))
    joined = _join(places, lang) if lang == "ja" or len(places) < 2 else ", ".join(places[:-1]) + " and " + places[-1]
    return FAVOURABLE.say(lang, name=row_name(subject.iloc[0], lang), places=joined)
