"""Any municipality among its peers, from SSDSE-A and MIC's main fiscal indicators: the frames the peer report shows.

Per-resident measures of public finance, the ageing picture (SSDSE-A) and MIC's fiscal capability and
Laspeyres indices (:mod:`~kodaira_analysis.analysis.peer_mic`), for a peer group: every measure in
every year (:func:`peer_trends`), the latest year at or before a chosen one
(:func:`peer_measures`), and the subject against the group year by year
(:func:`trend_summary`). The groups and measures are data
(:mod:`~kodaira_analysis.analysis.peer_data`); how a value is ranked is in
:mod:`~kodaira_analysis.analysis.peer_ranks`.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.peer_data import (
    MEASURES,
    measures_from,
    names_en,
    names_of,
    peer_codes,
    peer_groups,
    prefectures,
)
from kodaira_analysis.analysis.peer_mic import with_mic
from kodaira_analysis.analysis.peer_ranks import add_names_and_ties, group_table, measure_years, rank_frame
from kodaira_analysis.analysis.series import ssdse_table
from kodaira_analysis.errors import ArgumentError


def _groups() -> list[str]:
    """The peer groups a function accepts: the named ones and 'prefecture_cities'."""
    return [*dict.fromkeys(peer_groups()["group"]), "prefecture_cities"]


def _first_year(table: pd.DataFrame) -> int:
    """The first year any SSDSE-A measure has a figure for (MIC's longer series do not move it)."""
    return min(years[0] for m in measures_from("ssdse") if (years := measure_years(m, table)))


def _year(value: object, function: str, table: pd.DataFrame) -> int:
    """A year from the first any SSDSE-A measure has a figure for to the last SSDSE-A holds; None: that last year."""
    last = int(table["year"].max())
    return last if value is None else arguments.year(value, function, low=_first_year(table), high=last)


def peer_table(table: pd.DataFrame | None = None, mic: pd.DataFrame | bool | None = True) -> pd.DataFrame:
    """SSDSE-A's table with the MIC measures' rows (:func:`~kodaira_analysis.analysis.peer_mic.with_mic`).

    ``mic`` is ``load("mic_indicators")``, False for none, or True to load it where MIC's files are present
    (without them the MIC measures have no figures, and :func:`measures_without_data` lists them).
    """
    table = ssdse_table() if table is None else table
    if mic is True:
        from kodaira_analysis.analysis.mic_long_run import load_mic

        loaded = load_mic()
        mic = loaded[0] if loaded is not None else None
    return with_mic(table, mic if isinstance(mic, pd.DataFrame) else None)


def municipality_names(municipality_code: str, table: pd.DataFrame | None = None) -> tuple[str, str]:
    """(Japanese, English) name; the English falls back to the Japanese where the project has none.

    >>> municipality_names("13211")
    ('小平市', 'Kodaira')
    """
    municipality_code = arguments.municipality_code(municipality_code, "municipality_names")
    ja = None
    if table is not None and municipality_code in set(table["municipality_code"]):
        ja = str(names_of(table).at[municipality_code, "municipality"])
    known = peer_groups().drop_duplicates("municipality_code").set_index("municipality_code")["municipality"]
    ja = ja or known.get(municipality_code) or municipality_code
    return ja, names_en().get(municipality_code, ja)


def prefecture_in_english(prefecture: pd.Series) -> str:
    """A prefecture's English name as it reads in a sentence: 'Osaka Prefecture', never 'Osaka' (also a city).

    >>> pairs = [("大阪府", "Osaka"), ("埼玉県", "Saitama"), ("東京都", "Tokyo"), ("北海道", "Hokkaido")]
    >>> print(", ".join(prefecture_in_english(pd.Series({"prefecture": ja, "prefecture_en": en})) for ja, en in pairs))
    Osaka Prefecture, Saitama Prefecture, Tokyo, Hokkaido
    """
    english = str(prefecture["prefecture_en"])
    return f"{english} Prefecture" if str(prefecture["prefecture"]).endswith(("府", "県")) else english


def describe_group(group: str, municipality_code: str, table: pd.DataFrame | None = None) -> dict:
    """The group in words (ja, en), its size and whether the municipality is in it (None: unknown without data).

    >>> describe_group("tama26", "13211")["en"], describe_group("tama26", "13101")["in_group"]
    ('the 26 Tama cities', False)
    """
    group = arguments.choice(group, "describe_group", "group", _groups())
    municipality_code = arguments.municipality_code(municipality_code, "describe_group")
    if group != "prefecture_cities":
        codes = peer_codes(group, municipality_code, pd.DataFrame())
        n = len(codes)
        return {"ja": f"多摩{n}市", "en": f"the {n} Tama cities", "n": n, "in_group": municipality_code in codes}
    prefecture = prefectures().loc[municipality_code[:2]]
    if table is None:
        ja, en = f"{prefecture['prefecture']}の市", f"the cities of {prefecture_in_english(prefecture)}"
        return {"ja": ja, "en": en, "n": None, "in_group": None}
    codes = peer_codes(group, municipality_code, table)
    return {
        "ja": f"{prefecture['prefecture']}の{len(codes)}市",
        "en": f"the {len(codes)} cities of {prefecture_in_english(prefecture)}",
        "n": len(codes),
        "in_group": municipality_code in codes,
    }


def peer_measures(
    group: str = "tama26", municipality_code: str = "13211", year: int | None = None, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each measure for each municipality of a peer group (and the subject), at the latest year at or before ``year``.

    ``year`` defaults to the latest year the table holds (2024 with SSDSE-A's editions up to 2026), as
    :func:`peer_trends` and report 05 do: each measure then takes its latest figure.

    One year per measure for every city: the latest SSDSE-A holds at or before ``year``; a measure with no
    figure by then is left out (see :func:`measures_without_data`). Columns: municipality_code,
    municipality(_en), measure, measure_ja, measure_en, year, census_year (of the denominator), value, unit,
    favourable, rank (1 = most favourable, or the lowest value where no direction is; <NA> outside the group), of,
    tied, tied_with (the other codes sharing the rank, as text: "13202;13205", "" when none; see
    :func:`~kodaira_analysis.analysis.peer_ranks.tied_codes`), group_median (of the group alone), in_group, is_subject.
    """
    group = arguments.choice(group, "peer_measures", "group", _groups())
    municipality_code = arguments.municipality_code(municipality_code, "peer_measures")
    full = peer_table() if table is None else table
    year = _year(year, "peer_measures", full)
    table, codes = group_table(group, municipality_code, full)
    latest = {m: max(ys) for m in MEASURES if (ys := [y for y in measure_years(m, table) if y <= year])}
    frames = [rank_frame(table, m, y, codes) for m, y in latest.items()]
    out = add_names_and_ties(pd.concat(frames, ignore_index=True), municipality_code, full)
    return out.sort_values(["measure", "rank"], na_position="last").reset_index(drop=True)


def measures_without_data(selected: list[str], year: int, table: pd.DataFrame | None = None) -> dict[str, int | None]:
    """The selected measures the table holds no figure for at or before ``year``: measure -> its first year."""
    table = peer_table() if table is None else table
    year = _year(year, "measures_without_data", table)
    if isinstance(selected, str) or not all(isinstance(m, str) and m in MEASURES for m in selected):
        raise ArgumentError("measures_without_data", "selected", selected, f"a list of measures from {list(MEASURES)}")
    out = {}
    for measure in selected:
        years = measure_years(measure, table)
        if not [y for y in years if y <= year]:
            out[measure] = years[0] if years else None
    return out


def peer_trends(
    group: str = "tama26", municipality_code: str = "13211", year: int | None = None, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every measure in every year held up to ``year``, for each municipality (columns of peer_measures).

    ``year`` defaults to the latest year the table holds, as :func:`peer_measures` does.

    MIC's measures start where SSDSE-A's do (the first year any SSDSE-A measure has a figure for), so that every
    measure spans the same years; reports 01 and 02 show MIC's longer series.
    """
    group = arguments.choice(group, "peer_trends", "group", _groups())
    municipality_code = arguments.municipality_code(municipality_code, "peer_trends")
    full = peer_table() if table is None else table
    year = _year(year, "peer_trends", full)
    first = _first_year(full)
    table, codes = group_table(group, municipality_code, full)
    frames = [rank_frame(table, m, y, codes) for m in MEASURES for y in measure_years(m, table) if first <= y <= year]
    return add_names_and_ties(pd.concat(frames, ignore_index=True), municipality_code, full)


def trend_summary(trends: pd.DataFrame) -> pd.DataFrame:
    """Per measure and year: the subject's value and rank, the group median, the highest and the lowest city."""
    rows = []
    for (measure, year), part in trends.groupby(["measure", "year"], sort=True):
        group, subject = part[part["in_group"]], part[part["is_subject"]]
        high, low = group.loc[group["value"].idxmax()], group.loc[group["value"].idxmin()]
        s = subject.iloc[0] if len(subject) else None
        rows.append(
            {
                "measure": measure,
                "year": int(year),
                "census_year": s["census_year"] if s is not None else pd.NA,
                "value": float(s["value"]) if s is not None else float("nan"),
                "rank": s["rank"] if s is not None else pd.NA,
                "of": int(group["value"].count()),
                "tied_with": s["tied_with"] if s is not None else "",
                "in_group": bool(s["in_group"]) if s is not None else False,
                "group_median": float(group["value"].median()),
                "highest": high["municipality"],
                "highest_en": high["municipality_en"],
                "highest_value": float(high["value"]),
                "lowest": low["municipality"],
                "lowest_en": low["municipality_en"],
                "lowest_value": float(low["value"]),
            }
        )
    # nullable integers, never a column of Python objects (which neither Parquet, CSV nor Stata takes as numbers)
    return pd.DataFrame(rows).astype({"census_year": "Int64", "rank": "Int64"})


def select_measures(measures: pd.DataFrame, selected: list[str]) -> pd.DataFrame:
    """Keep the selected measures, in the order given (then by rank).

    >>> frame = pd.DataFrame({"measure": ["b", "a", "c"], "rank": [1, 1, 1]})
    >>> select_measures(frame, ["c", "a"])["measure"].tolist()
    ['c', 'a']
    """
    order = {measure: i for i, measure in enumerate(selected)}
    kept = measures[measures["measure"].isin(order)]
    return kept.assign(_order=kept["measure"].map(order)).sort_values(["_order", "rank"]).drop(columns="_order")
