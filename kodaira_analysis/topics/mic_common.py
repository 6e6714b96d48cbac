"""What every page that shows MIC's indicators shares: the source line, the missing-data sentence, labels, formats."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import group_breaks, ranked_from, readings
from kodaira_analysis.mic.catalogue import editions
from kodaira_analysis.present.i18n import half_up as i18n_half_up
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, markdown


def catalogue_span() -> tuple[int, int]:
    """The first and last fiscal year of MIC's editions the project knows (``mic/editions.csv``)."""
    years = editions()["fiscal_year"].astype(int)
    return int(years.min()), int(years.max())


def _source() -> dict[str, str]:
    first, last = catalogue_span()
    return {
        "ja": f"出典：総務省「全市町村の主要財政指標」（{first}～{last}年度）",
        "en": "Source: Ministry of Internal Affairs and Communications (MIC), main fiscal indicators of all municipalities "
        f"(FY{first}-FY{last})",
    }


#: The source line of every table and figure from MIC's files, with the editions' years.
MIC_SOURCE = _source()
#: What kind of figure MIC's national municipal average is, said where a page sets it beside the Tama median: MIC's
#: 指標のみかた (notes-how-to-read.pdf, the FY2020 edition) and the older editions' footnotes (H17-H22) say so.
AVERAGE_KIND = {
    "ja": "総務省「指標のみかた」によれば、全国市町村平均は、財政力指数が単純平均、経常収支比率・実質公債費比率・将来負担比率が"
    "加重平均です（財政力指数と経常収支比率の平均には東京都特別区を含みません）。多摩26市の中央値とは求め方の異なる値です。",
    "en": "By MIC's notes on reading the indicators, its national municipal average is a simple average for the fiscal "
    "capability index and a weighted average for the current balance, real debt-service and future burden ratios (the "
    "averages of the fiscal capability index and the current balance ratio leave out Tokyo's special wards). It is "
    "computed differently from the Tama cities' median.",
}
#: The three plans, as the pages name them.
PLAN_NAMES = {
    "1": ("行財政再構築プラン", "Restructuring Plan"),  # as 04 names them (the plan gives the first no ordinal)
    "2": ("第２次プラン", "2nd Restructuring Plan"),
    "3": ("第３次プラン", "3rd Restructuring Plan"),
}


#: A plan's name above its shaded period in a chart, short to fit its band; the legend's key says what each stands for.
PLAN_BAND_LABELS = {
    "1": ("再構築", "RP"),
    "2": ("第２次", "2nd RP"),
    "3": ("第３次", "3rd RP"),
}
#: The legend entry of the shaded periods.
PLAN_BAND_KEY = (
    "網掛けはプランの期間\n（再構築＝行財政再構築プラン、\n第２次・第３次＝第２次・第３次プラン）",
    "Shaded: the plans' periods\n(RP = Restructuring Plan;\n2nd, 3rd RP = 2nd, 3rd Restructuring Plan)",
)


def period_of(plan: str, lang: str) -> str:
    """A plan's period as the pages name it: the 3rd plan's is プランの期間 / the plan period, on every page.

    >>> period_of("3", "ja"), period_of("2", "ja"), period_of("3", "en"), period_of("2", "en")
    ('プランの期間', '第２次プランの期間', 'the plan period', "the 2nd Restructuring Plan's period")
    """
    if plan == "3":
        return pick(lang, "プランの期間", "the plan period")
    return pick(lang, f"{PLAN_NAMES[plan][0]}の期間", f"the {PLAN_NAMES[plan][1]}'s period")


def mic_absent(lang: str) -> MarkdownText:
    """The sentence a page says when it was built without MIC's files, and where they are published."""
    return markdown(
        pick(
            lang,
            "このレポートは、総務省「全市町村の主要財政指標」のファイルなしで作成されたため、財政力指数・将来負担比率・"
            "ラスパイレス指数などの長期の推移を含みません。ファイルは総務省のページ「地方公共団体の主要財政指標一覧」で"
            "公表されています（報告書を作成する人向けの取り込み方は、kodaira-analysis のリポジトリの README にあります）。",
            "This report was built without MIC's main fiscal indicators of all municipalities, so it leaves out the long-run "
            "figures (fiscal capability index, future burden ratio, Laspeyres index and the others). MIC publishes them on its "
            "page of local governments' main fiscal indicators; for whoever builds the reports, the README in the "
            "kodaira-analysis repository says how to add them.",
        )
    )


def label(indicator: str, lang: str) -> str:
    """The indicator's name in the page's language."""
    row = readings().loc[indicator]
    return str(pick(lang, row["label_ja"], row["label_en"]))


def half_up(value: float, decimals: int) -> str:
    """``value`` rounded half up (四捨五入) to ``decimals`` places, as text: 101.35 -> '101.4', 1.055 -> '1.06'.

    >>> half_up(101.35, 1), half_up(99.85, 1), half_up(1.055, 2), half_up(-0.25, 1)
    ('101.4', '99.9', '1.06', '-0.3')
    """
    return str(i18n_half_up(value, decimals))


def fmt(value: float, indicator: str) -> str:
    """A figure at MIC's printed precision (two decimals for the fiscal capability index, else one), rounded half up."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "—"
    decimals = int(readings().loc[indicator, "decimals"])
    return half_up(value, decimals)


def fmt_computed(value: float, indicator: str) -> str:
    """A median of MIC's figures: at the printed precision, or with one more digit where it falls halfway.

    A median of an even number of cities is the mean of the middle two, so it can end in a half (88.25); that
    half is shown as computed rather than rounded, as :func:`precision_rule` tells the reader.
    """
    if pd.isna(value):
        return "—"
    decimals = int(readings().loc[indicator, "decimals"])
    return half_up(value, decimals + 1 if is_halfway(value, indicator) else decimals)


def is_halfway(value: float, indicator: str) -> bool:
    """Whether a median of MIC's figures has a digit beyond MIC's printed precision (shown so by :func:`fmt_computed`)."""
    if pd.isna(value):
        return False
    decimals = int(readings().loc[indicator, "decimals"])
    return abs(round(value, decimals) - value) >= 1e-9


def precision_rule(lang: str, *, means: bool = False) -> str:
    """How the tables round what we compute from MIC's figures: the one rule, said where medians or means are shown."""
    mean_ja = "平均は総務省の掲載と同じ桁に四捨五入しています。" if means else ""
    mean_en = " Means are rounded half up to MIC's printed precision." if means else ""
    return pick(
        lang,
        "多摩26市の中央値は、市の数が偶数の年度は中央の2市の平均で、総務省の掲載より1桁多い「5」で終わることがあります。"
        "その場合は丸めずに示します（丸めると、中央値より高い・低い市がそれと同じ値に見えることがあるためです）。"
        + mean_ja,
        "Where the number of Tama cities is even, the median is the mean of the middle two and can end in a 5 one digit "
        "beyond MIC's precision; it is shown unrounded, since a rounded median could look equal to a figure above or "
        "below it." + mean_en,
    )


def unit_suffix(indicator: str, lang: str) -> str:
    """'%' for the ratios, nothing for the index and the fiscal capability index."""
    return "%" if readings().loc[indicator, "unit"] == "percent" else ""


def no_burden(lang: str) -> str:
    """How a table cell says MIC's dash in 将来負担比率."""
    return pick(lang, "－（負担なし）", "– (none)")


def city_cell(row: pd.Series, lang: str) -> str:
    """Kodaira's figure as a cell: the figure with its unit, or the dash said in words."""
    if bool(row["no_net_burden"]):
        return no_burden(lang)
    return fmt(row["value"], row["indicator"]) + unit_suffix(row["indicator"], lang)


def median_cell(row: pd.Series, lang: str) -> str:
    """The group median as a cell (a median that falls on cities with no net burden is said so)."""
    if bool(row["group_median_no_burden"]):
        return no_burden(lang)
    return fmt_computed(row["group_median"], row["indicator"]) + unit_suffix(row["indicator"], lang)


def range_cell(row: pd.Series, lang: str) -> str:
    """The group's lowest and highest figures as a cell, each with its unit (as Kodaira's and the median's cells)."""
    low = no_burden(lang) if bool(row["group_min_no_burden"]) else _with_unit(row["group_min"], row["indicator"], lang)
    high = _with_unit(row["group_max"], row["indicator"], lang)
    return f"{low} ～ {high}" if lang == "ja" else f"{low} to {high}"


def _with_unit(value: float, indicator: str, lang: str) -> str:
    """A figure with its unit; '—' (no figure) alone."""
    figure = fmt(value, indicator)
    return figure if figure == "—" else figure + unit_suffix(indicator, lang)


def average_cell(row: pd.Series, lang: str) -> str:
    """The national municipal average as a cell, with its unit; '—' where MIC computes none."""
    return _with_unit(row["national_average"], row["indicator"], lang)


def side_words(indicator: str, lang: str) -> str:
    """The side a place counts from, in words: 高い方から / from the highest for the fiscal capability index."""
    highest = ranked_from(indicator) == "highest"
    return pick(lang, "高い方から" if highest else "低い方から", "from the highest" if highest else "from the lowest")


def rank_of(row: pd.Series) -> int:
    """Kodaira's place counted from the side the rule gives (:func:`~kodaira_analysis.analysis.mic_long_run.ranked_from`)."""
    return int(row["rank_high"] if ranked_from(row["indicator"]) == "highest" else row["rank_low"])


def rank_cell(row: pd.Series, lang: str) -> str:
    """'26市中13位（高い方から）' / '13 of 26 from the highest', ties said (a dash in 将来負担比率 counts as lowest).

    The favourable side where a direction is read, the lowest where none is: the rule of every page (05's too).
    """
    if pd.isna(row["rank_low"]):
        return "—"
    rank, n, side = rank_of(row), int(row["group_n"]), side_words(row["indicator"], lang)
    if bool(row["no_net_burden"]) and int(row["group_no_burden"]) > 1:
        k = int(row["group_no_burden"])
        return pick(lang, f"{n}市中同率{rank}位（{side}・{k}市）", f"{rank} of {n} {side} ({k} tied)")
    k = int(row.get("tied", 1) or 1)  # cities with the same figure share the better place
    if k > 1:
        return pick(lang, f"{n}市中同率{rank}位（{side}・{k}市）", f"{rank} of {n} {side} ({k} tied)")
    return pick(lang, f"{n}市中{rank}位（{side}）", f"{rank} of {n} {side}")


def _and(names: list[str]) -> str:  # 'a, b and c', each name as it reads inside a sentence
    inside = [n if n.startswith("Laspeyres") else n[0].lower() + n[1:] for n in names]
    return inside[0] if len(inside) == 1 else ", ".join(inside[:-1]) + " and " + inside[-1]


def rank_rule(lang: str) -> str:
    """The one rule the places follow, with the indicators it sorts, from MIC's readings (mic_readings.csv)."""
    table = readings()
    names = {
        d: [label(str(i), lang) for i in table.index[table["favourable"] == d]] for d in ("higher", "lower", "none")
    }
    return pick(
        lang,
        f"順位は、望ましい方向のある指標ではその方向から（{'・'.join(names['higher'])}は高い方から、"
        f"{'・'.join(names['lower'])}は低い方から）、望ましい方向のない{'・'.join(names['none'])}は低い方から数えます"
        "（望ましい方向と、それが誰の読み方かは「総務省の主要財政指標」の表にあります）。",
        f"Places count from the favourable side where a direction is read ({_and(names['higher'])} from the highest; "
        f"{_and(names['lower'])} from the lowest) and from the lowest where none is ({_and(names['none'])}); the "
        "favourable direction of each "
        "indicator, and whose reading it is, are in the table of MIC's indicators.",
    )


#: The indicators MIC gives as of a day (1 April) rather than for a fiscal year's settlement: the Laspeyres index.
#: Every page names such a figure's point in time by that day (2021年4月1日現在 / 1 April 2021), as 05 does, never
#: as the fiscal year the day opens; a table keyed by fiscal years says once which day its column or row holds.
AS_OF_APRIL = ("laspeyres_index",)


def when(indicator: str, year: int, lang: str) -> str:
    """A figure's point in time: '2021年度' / 'FY2021' for a settlement, '2021年4月1日現在' / '1 April 2021' for the index.

    >>> when("laspeyres_index", 2021, "ja"), when("laspeyres_index", 2021, "en"), when("fiscal_capability_index", 2021, "en")
    ('2021年4月1日現在', '1 April 2021', 'FY2021')
    """
    if indicator in AS_OF_APRIL:
        return pick(lang, f"{year}年4月1日現在", f"1 April {year}")
    return pick(lang, f"{year}年度", f"FY{year}")


def when_span(indicator: str, first: int, last: int, lang: str) -> str:
    """A run of years: '2017～2020年度' / 'FY2017-FY2020', or for the index '2017～2020年の各4月1日現在' / '1 April 2017 to 1 April 2020'.

    >>> when_span("laspeyres_index", 2017, 2020, "ja"), when_span("laspeyres_index", 2017, 2020, "en")
    ('2017～2020年の各4月1日現在', '1 April 2017 to 1 April 2020')
    """
    if indicator in AS_OF_APRIL:
        return pick(lang, f"{first}～{last}年の各4月1日現在", f"1 April {first} to 1 April {last}")
    return pick(lang, f"{first}～{last}年度", f"FY{first}-FY{last}")


def when_list(indicator: str, years: Sequence[int], lang: str) -> str:
    """Several years: '2012・2013年度' / 'FY2012 and FY2013', or '2012・2013年4月1日現在' / '1 April 2012 and 1 April 2013'.

    >>> when_list("laspeyres_index", [2012, 2013], "ja"), when_list("laspeyres_index", [2012, 2013], "en")
    ('2012・2013年4月1日現在', '1 April 2012 and 1 April 2013')
    """
    if indicator in AS_OF_APRIL:
        return pick(lang, "・".join(map(str, years)) + "年4月1日現在", " and ".join(f"1 April {y}" for y in years))
    return pick(lang, "・".join(map(str, years)) + "年度", " and ".join(f"FY{y}" for y in years))


def year_word(indicator: str, lang: str) -> str:
    """What a count of such figures counts in Japanese: 年度 for a settlement, 年 for the index ('' in English)."""
    return pick(lang, "年" if indicator in AS_OF_APRIL else "年度", "")


def as_of_note(year: int, lang: str, *, rows: bool = False) -> str:
    """The one sentence a table keyed by fiscal years says of the Laspeyres index: which day its column (row) holds.

    >>> as_of_note(2021, "ja")
    'ラスパイレス指数は各年4月1日現在の値で、その日に始まる年度の列に示します（2021年度の列は2021年4月1日現在）。'
    """
    where_ja, where_en = ("行", "row") if rows else ("列", "column")
    return pick(
        lang,
        f"ラスパイレス指数は各年4月1日現在の値で、その日に始まる年度の{where_ja}に示します"
        f"（{year}年度の{where_ja}は{when('laspeyres_index', year, 'ja')}）。",
        f"The Laspeyres index is as of 1 April each year, shown in the {where_en} of the fiscal year that day opens "
        f"(the FY{year} {where_en} holds the figure as of {when('laspeyres_index', year, 'en')}).",
    )


def as_of_label(indicator: str, lang: str) -> str:
    """An indicator's name in a table keyed by fiscal years: the Laspeyres index says its day ('（4月1日現在）')."""
    as_of = pick(lang, "（4月1日現在）", " (as of 1 April)") if indicator in AS_OF_APRIL else ""
    return label(indicator, lang) + as_of


def break_sentences(lr: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per year in which the Tama median itself jumped (01's list and 00's yearly table say the same).

    Such a year moves every city at once; the sentence gives Kodaira's and the median's figures and leaves the
    reason open, as MIC's tables do (:func:`~kodaira_analysis.analysis.mic_long_run.group_breaks`).
    """
    return [_break_sentence(jump, lang) for jump in group_breaks(lr).itertuples()]


def _break_sentence(jump, lang: str) -> str:
    """A year in which the Tama median itself jumped: said as what the figures show, the reason left open."""
    i, y0, y1 = jump.indicator, jump.previous_year, jump.fiscal_year

    def both(value, computed: bool, language: str) -> str:
        return (fmt_computed if computed else fmt)(value, i) + unit_suffix(i, language)

    return pick(
        lang,
        f"{label(i, 'ja')}は{y0}年度から{y1}年度にかけて、小平市（{both(jump.previous_value, False, 'ja')}→"
        f"{both(jump.value, False, 'ja')}）と同時に多摩26市の中央値（{both(jump.previous_median, True, 'ja')}→"
        f"{both(jump.group_median, True, 'ja')}）も大きく変わっています。小平市だけの変化ではありません。"
        "総務省の表は理由を記しておらず、本プロジェクトも理由を確かめていません。",
        f"{label(i, 'en')}: from FY{y0} to FY{y1}, Kodaira's figure went from {both(jump.previous_value, False, 'en')} to "
        f"{both(jump.value, False, 'en')} while the Tama median went from {both(jump.previous_median, True, 'en')} to "
        f"{both(jump.group_median, True, 'en')}: the change is not Kodaira's alone. MIC's tables do not give the reason, "
        "and this project has not established it.",
    )
