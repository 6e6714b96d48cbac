"""Topic (05): MIC's future burden ratio beside the peer measures: the latest year, the place from the favourable side.

The fiscal capability index and the Laspeyres index are among the peer measures themselves
(``analysis/peer_measures.csv``, source 'mic'), and the current balance and real debt-service ratios are
there from SSDSE-A; this table shows only what they cannot: the future burden ratio, whose dash means no net
future burden. That dash is not a number a strip chart or a median could place, so it stays in a table of its
own, said in words, ranked as the most favourable and never read as 0. The favourable direction and whose
reading it is are data (``analysis/mic_readings.csv``).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import readings
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, escape
from kodaira_analysis.topics.mic_common import (
    MIC_SOURCE,
    city_cell,
    fmt,
    is_halfway,
    label,
    median_cell,
    precision_rule,
    rank_cell,
    when,
    when_span,
)

#: The indicators of this table: those the peer measures cannot hold (see the module's docstring).
INDICATORS = ("future_burden_ratio",)
_DIRECTION = {
    "lower": ("低い方", "lower"),
    "higher": ("高い方", "higher"),
    "none": ("なし", "none"),
}


def latest_year(lr: pd.DataFrame) -> int:
    """The latest fiscal year MIC's files hold for the table's indicators."""
    return int(lr[lr["indicator"].isin(INDICATORS)].groupby("indicator")["fiscal_year"].max().min())


def frame(lr: pd.DataFrame, lang: str, year: int | None = None, name: tuple[str, str] | None = None) -> pd.DataFrame:
    """One row per indicator in ``year``: the city's figure, the Tama median, its place, the direction and whose reading.

    The city's column is headed by its ``name`` (Japanese, English) when given.
    """
    year = year or latest_year(lr)
    shown = lr[lr["fiscal_year"] == year].copy()
    rows = []
    for indicator in INDICATORS:
        part = shown[shown["indicator"] == indicator]
        if part.empty:
            continue
        row = part.iloc[0]
        reading = readings().loc[indicator]
        direction = reading["favourable"]
        place = rank_cell(row, lang)  # the favourable side where a direction is read, the lowest where none is
        rows.append({
            pick(lang, "指標", "Indicator"): label(indicator, lang),
            pick(lang, *(name or ("対象の市", "The city"))): city_cell(row, lang),
            pick(lang, "多摩26市の中央値", "Tama median"): median_cell(row, lang),
            pick(lang, "望ましい方向", "Favourable"): pick(lang, *_DIRECTION[direction]),
            pick(lang, "多摩26市の中での順位", "Place among the Tama cities"): place,
            pick(lang, "読み方", "Reading"): reading[pick(lang, "reading_ja", "reading_en")],
            pick(lang, "誰の読み方か", "Whose reading"): reading[pick(lang, "reading_source_ja", "reading_source_en")],
        })  # fmt: skip
    return pd.DataFrame(rows)


def table(
    lr: pd.DataFrame,
    lang: str,
    year: int | None = None,
    name: tuple[str, str] | None = None,
    *,
    number: int | None = None,
) -> TableView:
    """The future burden ratio in the latest year, with its favourable direction and whose reading it is.

    The note on medians that fall halfway (:func:`precision_rule`) is said only where the table shows one: 05 said it
    under this table, whose median was a dash. ``number``: the table's number on its page (05: 3, after Table 2).
    """
    year = year or latest_year(lr)
    shown = lr[(lr["fiscal_year"] == year) & lr["indicator"].isin(INDICATORS)]
    halfway = any(
        not bool(r["group_median_no_burden"]) and is_halfway(r["group_median"], r["indicator"])
        for _, r in shown.iterrows()
    )
    return TableView(
        frame(lr, lang, year, name),
        caption=pick(
            lang,
            f"表{number or ''} 将来負担比率（{fiscal_year_label(year, 'ja')}、決算）：多摩26市の中の位置",
            f"Table{f' {number}' if number else ''}. Future burden ratio ({fiscal_year_label(year, 'en')}, settlement): "
            "the city among the 26 Tama cities",
        ),
        note=pick(
            lang,
            "順位は望ましい方向（低い方）の端から数えます（同じ値の市は同じ順位）。「－」は総務省の表示で、将来負担がない"
            "（充てられる財源が負債を上回る）ことを示します。0ではなく、どの数値よりも低い、最も望ましいものとして数えます。"
            + (precision_rule("ja") if halfway else ""),
            "Places count from the favourable (lower) end; cities with the same figure share a place. The dash is MIC's: "
            "no net future burden (the resources that can meet it exceed the debt). It is not 0; it counts as lower "
            "than any figure, the most favourable." + (" " + precision_rule("en") if halfway else ""),
        ),
        source=MIC_SOURCE[lang],
    )


def sentence(lr: pd.DataFrame, lang: str, year: int | None = None, *, others_above: bool = True) -> MarkdownText:
    """Why the future burden ratio stands apart, its year, and whose reading its direction is.

    ``others_above``: the page shows the fiscal capability and Laspeyres indices and the two ratios above
    (the default measures); False leaves that clause out.
    """
    year = year or latest_year(lr)
    others = pick(
        lang,
        "総務省の主要5指標のうち、財政力指数とラスパイレス指数は上の表と図に総務省の値で、経常収支比率と実質公債費比率は"
        "SSDSE-Aの値で入っています。",
        "Of MIC's five main indicators, the fiscal capability index and the Laspeyres index are in the tables and "
        "figures above with MIC's figures, and the current balance and real debt-service ratios with SSDSE-A's. ",
    )
    return escape(
        (others if others_above else "")
        + pick(
            lang,
            "将来負担比率は、負担がない市について総務省が数値でなく「－」と示すため、数値として並べる表や図には入れず、"
            f"ここで{fiscal_year_label(year, 'ja')}の値を多摩26市と比べます。低いほど望ましいとするのは"
            "総務省「指標の説明」の読み方です。",
            "MIC prints the future burden ratio as a dash, not a figure, where a city has no net future burden, so it is "
            "left out of the tables and figures that place figures, and compared here with the 26 Tama cities in "
            f"{fiscal_year_label(year, 'en')}. That lower is favourable is the reading of MIC's notes on the indicators.",
        )
    )


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs.

    >>> _runs([2010, 2011, 2012, 2015])
    [(2010, 2012), (2015, 2015)]
    """
    runs: list[tuple[int, int]] = []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def years_sentence(lr: pd.DataFrame, lang: str, name: tuple[str, str] | None = None) -> MarkdownText:
    """The city's future burden ratio in every year MIC's files give it, and how many Tama cities showed a dash.

    05 compared FY2021 alone, though Kodaira is a dash (no net burden, MIC's README) in every year from FY2010
    to FY2021: the table's one year is said beside all of them, runs of dashes as spans, every year's count of
    dashes among the 26.
    """
    rows = lr[lr["indicator"].isin(INDICATORS)].sort_values("fiscal_year")
    if rows.empty:
        return escape("")
    indicator = INDICATORS[0]
    city = pick(lang, *(name or ("対象の市", "the city")))
    dashes = [int(y) for y, d in zip(rows["fiscal_year"], rows["no_net_burden"], strict=True) if bool(d)]
    said = []
    for _, r in rows.iterrows():
        y = int(r["fiscal_year"])
        if bool(r["no_net_burden"]):
            run = next(run for run in _runs(dashes) if run[0] <= y <= run[1])
            if y == run[0]:
                every = run[1] > run[0]
                span = when_span(indicator, *run, lang) if every else when(indicator, y, lang)
                said.append(pick(lang, f"{span}は{'毎年度' if every else ''}「－」（負担なし）",
                                 f"a dash (no net burden) {'in every year of ' if every else 'in '}{span}"))  # fmt: skip
        elif pd.isna(r["value"]):
            said.append(pick(lang, f"{when(indicator, y, 'ja')}は数値なし", f"no figure in {when(indicator, y, 'en')}"))
        else:
            said.append(pick(lang, f"{when(indicator, y, 'ja')}は{fmt(r['value'], indicator)}%",
                             f"{fmt(r['value'], indicator)}% in {when(indicator, y, 'en')}"))  # fmt: skip
    first, last = int(rows["fiscal_year"].min()), int(rows["fiscal_year"].max())
    counts = [str(int(n)) for n in rows["group_no_burden"]]
    return escape(
        pick(
            lang,
            f"総務省の表に将来負担比率が載る{when_span(indicator, first, last, 'ja')}の毎年度をみると、{city}は"
            f"{'、'.join(said)}でした。多摩26市のうち「－」の市の数は、{first}年度から順に{'、'.join(counts)}市です。",
            f"In every year MIC's files give the ratio, {when_span(indicator, first, last, 'en')}, {city}'s was "
            f"{_join_en(said)}. The number of the 26 Tama cities with a dash was, from FY{first} on, {_join_en(counts)}.",
        )
    )


def _join_en(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def outside_tama(lang: str) -> MarkdownText:
    """Said when the page's municipality is not one of the 26 Tama cities MIC's indicators are compared with."""
    return escape(
        pick(
            lang,
            "総務省の将来負担比率は多摩26市の中で比べているため、多摩26市以外の市町村については示しません。",
            "MIC's future burden ratio is compared among the 26 Tama cities, so it is not shown for a municipality "
            "outside them.",
        )
    )
