"""Topic (05): MIC's five indicators among the peer measures: the latest year, the place counted from the favourable side.

The favourable direction of each indicator, in words, and whose reading it is (MIC's or this project's) are
data (``analysis/mic_readings.csv``), as the SSDSE-A measures' are (``peer_directions.csv``).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import INDICATORS, favourable_rank, readings
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.topics.mic_common import MIC_SOURCE, city_cell, label, median_cell, rank_cell

_DIRECTION = {
    "lower": ("低い方", "lower"),
    "higher": ("高い方", "higher"),
    "none": ("なし", "none"),
}


def latest_year(lr: pd.DataFrame) -> int:
    """The latest fiscal year MIC's files hold for every indicator."""
    return int(lr.groupby("indicator")["fiscal_year"].max().min())


def frame(lr: pd.DataFrame, lang: str, year: int | None = None) -> pd.DataFrame:
    """One row per indicator in ``year``: the city's figure, the Tama median, its place, the direction and whose reading."""
    year = year or latest_year(lr)
    shown = lr[lr["fiscal_year"] == year].copy()
    shown["favourable_rank"] = favourable_rank(shown)
    rows = []
    for indicator in INDICATORS:
        part = shown[shown["indicator"] == indicator]
        if part.empty:
            continue
        row = part.iloc[0]
        reading = readings().loc[indicator]
        direction = reading["favourable"]
        if direction == "none" or pd.isna(row["favourable_rank"]):
            place = pick(lang, "—（望ましい方向なし）", "— (no favourable direction)")
        elif bool(row["no_net_burden"]) and int(row["group_no_burden"]) > 1:
            place = rank_cell(row, lang)
        else:
            place = pick(
                lang,
                f"{int(row['favourable_rank'])}位／{int(row['group_n'])}市",
                f"{int(row['favourable_rank'])} of {int(row['group_n'])}",
            )
        rows.append({
            pick(lang, "指標", "Indicator"): label(indicator, lang),
            pick(lang, "対象の市", "The city"): city_cell(row, lang),
            pick(lang, "多摩26市の中央値", "Tama median"): median_cell(row, lang),
            pick(lang, "望ましい方向", "Favourable"): pick(lang, *_DIRECTION[direction]),
            pick(lang, "望ましい方からの順位", "Place from the favourable end"): place,
            pick(lang, "読み方", "Reading"): reading[pick(lang, "reading_ja", "reading_en")],
            pick(lang, "誰の読み方か", "Whose reading"): reading[pick(lang, "reading_source_ja", "reading_source_en")],
        })  # fmt: skip
    return pd.DataFrame(rows)


def table(lr: pd.DataFrame, lang: str, year: int | None = None) -> TableView:
    """MIC's indicators in the latest year, with their favourable direction and whose reading it is."""
    year = year or latest_year(lr)
    return TableView(
        frame(lr, lang, year),
        caption=pick(
            lang,
            f"表 総務省の主要財政指標（{fiscal_year_label(year, 'ja')}）：多摩26市の中の位置",
            f"Table. MIC's main fiscal indicators ({fiscal_year_label(year, 'en')}): the city among the 26 Tama cities",
        ),
        note=pick(
            lang,
            "順位は望ましい方向の端から数えます（同じ値の市は同じ順位）。将来負担比率の「－」は将来負担がないことを示し、最も望ましい"
            "ものとして数えます。ラスパイレス指数には望ましい方向を置かないため、順位を付けません。",
            "Places count from the favourable end (cities with the same figure share a place). A dash in the future burden "
            "ratio means no net future burden and counts as the most favourable. The Laspeyres index is given no favourable "
            "direction, so no place.",
        ),
        source=MIC_SOURCE[lang],
    )


def sentence(lr: pd.DataFrame, lang: str, year: int | None = None) -> MarkdownText:
    """What the table adds: the five standard indicators, their latest year, and where the directions come from."""
    year = year or latest_year(lr)
    return markdown(
        pick(
            lang,
            f"総務省が全市町村について公表する主要5指標を、{fiscal_year_label(year, 'ja')}の値で多摩26市と比べます。望ましい方向は、"
            "財政力指数と将来負担比率は総務省「指標の説明」、経常収支比率と実質公債費比率は総務省「財政比較分析表」の読み方に従い、"
            "ラスパイレス指数には置きません（本プロジェクトの読み方）。",
            f"MIC's five main indicators, published for every municipality, compared with the 26 Tama cities in "
            f"{fiscal_year_label(year, 'en')}. The favourable directions follow MIC's notes on the indicators (fiscal capability "
            "index, future burden ratio) and its financial comparison sheets (current balance ratio, real debt-service ratio); "
            "the Laspeyres index is given none (this project's reading).",
        )
    )


def outside_tama(lang: str) -> MarkdownText:
    """Said when the page's municipality is not one of the 26 Tama cities MIC's indicators are compared with."""
    return markdown(
        pick(
            lang,
            "総務省の主要5指標は多摩26市の中で比べているため、多摩26市以外の市町村については示しません。",
            "MIC's five main indicators are compared among the 26 Tama cities, so they are not shown for a municipality "
            "outside them.",
        )
    )
