"""Any municipality among its peers, from SSDSE-A.

Per-resident measures like those of the MIC's financial comparison sheets
(財政比較分析表) and the ageing picture, for a peer group, each with the
direction that is favourable (``peer_directions.csv``: lower, higher or none)
and each municipality's rank in that sense: rank 1 is the most favourable
value; where no direction is favourable, rank 1 is the highest value. Equal
values share a rank (a tie). A municipality outside the group is placed
against it without a rank (``in_group`` False), never added to it.

Per-resident measures divide by the census population at or before the
figure's year (the 2020 census for 2020-2024 figures, the 2015 census for
2015-2019): column ``census_year`` says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from kodaira_analysis.analysis.series import ssdse_table
from kodaira_analysis.errors import KodairaError

HERE = Path(__file__).parent
PEER_GROUPS_FILE = HERE / "peer_groups.csv"
DIRECTIONS_FILE = HERE / "peer_directions.csv"
MEASURES_FILE = HERE / "peer_measures.csv"
PREFECTURES_FILE = HERE / "prefectures.csv"
NAMES_EN_FILE = HERE / "municipalities_en.csv"


@dataclass(frozen=True)
class Measure:
    """One peer measure: SSDSE-A's numerator, an optional census denominator, its unit and words."""

    numerator: str
    denominator: str | None
    factor: float  # applied after the division (1,000 also turns million yen into thousand yen per resident)
    unit: str
    label_ja: str
    label_en: str
    method_ja: str
    method_en: str
    decimals: int  # as shown; the two published ratios keep SSDSE-A's one decimal


def _read_measures() -> dict[str, Measure]:
    frame = pd.read_csv(MEASURES_FILE, dtype=str, keep_default_na=False)
    return {
        r.measure: Measure(
            r.numerator,
            r.denominator or None,
            float(r.factor),
            r.unit,
            r.label_ja,
            r.label_en,
            r.method_ja,
            r.method_en,
            int(r.decimals),
        )
        for r in frame.itertuples(index=False)
    }


#: The measures of the peer comparison, in their default order (``peer_measures.csv``).
MEASURES = _read_measures()


class UnknownMunicipalityError(KodairaError, ValueError):
    """A municipality code that SSDSE-A does not hold."""


@cache
def peer_groups() -> pd.DataFrame:
    """The named peer groups (group, municipality_code, municipality, municipality_en)."""
    return pd.read_csv(PEER_GROUPS_FILE, dtype=str)


@cache
def directions() -> pd.DataFrame:
    """Which direction of each measure is favourable ('lower', 'higher' or 'none'), in words, and whose reading."""
    frame = pd.read_csv(DIRECTIONS_FILE, dtype=str).set_index("measure")
    if set(frame["favourable"]) - {"lower", "higher", "none"} or set(frame.index) != set(MEASURES):
        raise ValueError(f"{DIRECTIONS_FILE.name}: one row per measure, favourable one of lower, higher, none")
    return frame


@cache
def prefectures() -> pd.DataFrame:
    """Prefecture names by two-digit code (the first two digits of a municipality code)."""
    return pd.read_csv(PREFECTURES_FILE, dtype=str).set_index("prefecture_code")


@cache
def names_en() -> dict[str, str]:
    """English municipality names this project carries (the Tama cities, Tokyo's wards)."""
    rows = pd.concat([peer_groups(), pd.read_csv(NAMES_EN_FILE, dtype=str)]).drop_duplicates("municipality_code")
    return dict(zip(rows["municipality_code"], rows["municipality_en"], strict=True))


def _names(table: pd.DataFrame) -> pd.DataFrame:
    columns = table[["municipality_code", "prefecture", "municipality"]]
    return columns.drop_duplicates("municipality_code").set_index("municipality_code")


def check_municipality(municipality_code: str, table: pd.DataFrame) -> None:
    """Raise UnknownMunicipalityError unless SSDSE-A holds the municipality."""
    if not table["municipality_code"].eq(municipality_code).any():
        raise UnknownMunicipalityError(
            f"municipality_code {municipality_code!r} is not in SSDSE-A: give the five-digit code of a"
            " municipality it holds, such as '13211' (Kodaira)"
        )


def peer_codes(group: str, municipality_code: str, table: pd.DataFrame) -> list[str]:
    """The municipality codes of a peer group: a named group, or 'prefecture_cities' (cities of the same prefecture).

    The municipality itself is never added: see :func:`peer_measures` for one outside its group.
    """
    if group == "prefecture_cities":
        check_municipality(municipality_code, table)
        names = _names(table)
        prefecture = names.at[municipality_code, "prefecture"]
        cities = names[(names["prefecture"] == prefecture) & names["municipality"].astype(str).str.endswith("市")]
        return sorted(cities.index)
    groups = peer_groups()
    if group not in set(groups["group"]):
        raise ValueError(f"peer group {group!r}: use one of {sorted(set(groups['group']))} or 'prefecture_cities'")
    return sorted(groups.loc[groups["group"] == group, "municipality_code"])


def municipality_names(municipality_code: str, table: pd.DataFrame | None = None) -> tuple[str, str]:
    """(Japanese, English) name; the English falls back to the Japanese where the project has none.

    >>> municipality_names("13211")
    ('小平市', 'Kodaira')
    """
    ja = None
    if table is not None and municipality_code in set(table["municipality_code"]):
        ja = str(_names(table).at[municipality_code, "municipality"])
    known = peer_groups().drop_duplicates("municipality_code").set_index("municipality_code")["municipality"]
    ja = ja or known.get(municipality_code) or municipality_code
    return ja, names_en().get(municipality_code, ja)


def describe_group(group: str, municipality_code: str, table: pd.DataFrame | None = None) -> dict:
    """The group in words (ja, en), its size and whether the municipality is in it (None: unknown without data).

    >>> describe_group("tama26", "13211")["en"], describe_group("tama26", "13101")["in_group"]
    ('the 26 Tama cities', False)
    """
    if group != "prefecture_cities":
        codes = peer_codes(group, municipality_code, pd.DataFrame())
        n = len(codes)
        return {"ja": f"多摩地域{n}市", "en": f"the {n} Tama cities", "n": n, "in_group": municipality_code in codes}
    prefecture = prefectures().loc[municipality_code[:2]]
    if table is None:
        ja, en = f"{prefecture['prefecture']}の市", f"the cities of {prefecture['prefecture_en']}"
        return {"ja": ja, "en": en, "n": None, "in_group": None}
    codes = peer_codes(group, municipality_code, table)
    return {
        "ja": f"{prefecture['prefecture']}の{len(codes)}市",
        "en": f"the {len(codes)} cities of {prefecture['prefecture_en']}",
        "n": len(codes),
        "in_group": municipality_code in codes,
    }


def _values(table: pd.DataFrame, measure: str, year: int) -> pd.DataFrame:
    """One measure in one year for every municipality of ``table``: value and the census year of its denominator."""
    spec = MEASURES[measure]
    rows = table[(table["indicator_code"] == spec.numerator) & (table["year"] == year)]
    out = rows.set_index("municipality_code")[["value"]].astype(float)
    if spec.denominator is None:
        return out.assign(value=out["value"] * spec.factor, census_year=pd.array([pd.NA] * len(out), dtype="Int64"))
    census = table[(table["indicator_code"] == spec.denominator) & (table["year"] <= year)]
    census = census.sort_values("year").drop_duplicates("municipality_code", keep="last").set_index("municipality_code")
    out["value"] = out["value"] / census["value"].reindex(out.index) * spec.factor
    out["census_year"] = census["year"].reindex(out.index).astype("Int64")
    return out.dropna(subset=["value"])


def measure_years(measure: str, table: pd.DataFrame) -> list[int]:
    """The years SSDSE-A holds the measure's figure for (with a census at or before it, where divided)."""
    spec = MEASURES[measure]
    years = sorted(int(y) for y in table.loc[table["indicator_code"] == spec.numerator, "year"].unique())
    if spec.denominator is None:
        return years
    first_census = table.loc[table["indicator_code"] == spec.denominator, "year"].min()
    return [y for y in years if y >= first_census]


def _ranked(values: pd.DataFrame, measure: str, group_codes: list[str]) -> pd.DataFrame:
    """Rank the group's values in the favourable sense; ties share the best rank; outsiders get none."""
    favourable = directions().at[measure, "favourable"]
    out = values.copy()
    out["in_group"] = out.index.isin(group_codes)
    group = out.loc[out["in_group"], "value"]
    out["rank"] = group.rank(ascending=favourable == "lower", method="min").astype("Int64").reindex(out.index)
    out["of"] = int(group.count())
    out["group_median"] = float(group.median())
    counts = out.loc[out["in_group"], "rank"].value_counts()
    out["tied"] = out["rank"].map(counts).fillna(0).astype(int) > 1
    out["favourable"] = favourable
    return out


def _frame(table: pd.DataFrame, measure: str, year: int, codes: list[str]) -> pd.DataFrame:
    spec = MEASURES[measure]
    ranked = _ranked(_values(table, measure, year), measure, codes).rename_axis("municipality_code").reset_index()
    return ranked.assign(measure=measure, measure_ja=spec.label_ja, measure_en=spec.label_en, year=year, unit=spec.unit)


def _group_table(group: str, municipality_code: str, table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    check_municipality(municipality_code, table)
    codes = peer_codes(group, municipality_code, table)
    return table[table["municipality_code"].isin([*codes, municipality_code])], codes


def _finish(frame: pd.DataFrame, municipality_code: str, table: pd.DataFrame) -> pd.DataFrame:
    names = _names(table)["municipality"].astype(str)
    frame["municipality"] = frame["municipality_code"].map(names)
    frame["municipality_en"] = [
        names_en().get(c, n) for c, n in zip(frame["municipality_code"], frame["municipality"], strict=True)
    ]
    frame["is_subject"] = frame["municipality_code"] == municipality_code
    tied = frame[frame["tied"]].groupby(["measure", "year", "rank"])["municipality_code"].agg(list)
    frame["tied_with"] = [
        [c for c in tied.get((m, y, r), []) if c != code] if t else []
        for m, y, r, t, code in zip(
            frame["measure"], frame["year"], frame["rank"], frame["tied"], frame["municipality_code"], strict=True
        )
    ]
    return frame


def peer_measures(
    group: str = "tama26", municipality_code: str = "13211", year: int = 2022, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each measure for each municipality of a peer group (and the subject), at the latest year at or before ``year``.

    One year per measure for every city: the latest SSDSE-A holds at or before ``year``; a measure with no
    figure by then is left out (see :func:`measures_without_data`). Columns: municipality_code,
    municipality(_en), measure, measure_ja, measure_en, year, census_year (of the denominator), value, unit,
    favourable, rank (1 = most favourable, or highest where no direction is; <NA> outside the group), of,
    tied, tied_with (the other codes sharing the rank), group_median (of the group alone), in_group, is_subject.
    """
    full = ssdse_table() if table is None else table
    table, codes = _group_table(group, municipality_code, full)
    latest = {m: max(ys) for m in MEASURES if (ys := [y for y in measure_years(m, table) if y <= year])}
    frames = [_frame(table, m, y, codes) for m, y in latest.items()]
    out = _finish(pd.concat(frames, ignore_index=True), municipality_code, full)
    return out.sort_values(["measure", "rank"], na_position="last").reset_index(drop=True)


def measures_without_data(selected: list[str], year: int, table: pd.DataFrame | None = None) -> dict[str, int | None]:
    """The selected measures SSDSE-A holds no figure for at or before ``year``: measure -> its first year."""
    table = ssdse_table() if table is None else table
    out = {}
    for measure in selected:
        years = measure_years(measure, table)
        if not [y for y in years if y <= year]:
            out[measure] = years[0] if years else None
    return out


def peer_trends(
    group: str = "tama26", municipality_code: str = "13211", year: int = 2024, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every measure in every year SSDSE-A holds up to ``year``, for each municipality (columns of peer_measures)."""
    full = ssdse_table() if table is None else table
    table, codes = _group_table(group, municipality_code, full)
    frames = [_frame(table, m, y, codes) for m in MEASURES for y in measure_years(m, table) if y <= year]
    return _finish(pd.concat(frames, ignore_index=True), municipality_code, full)


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
                "tied_with": s["tied_with"] if s is not None else [],
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
    return pd.DataFrame(rows)


def select_measures(measures: pd.DataFrame, selected: list[str]) -> pd.DataFrame:
    """Keep the selected measures, in the order given (then by rank).

    >>> frame = pd.DataFrame({"measure": ["b", "a", "c"], "rank": [1, 1, 1]})
    >>> select_measures(frame, ["c", "a"])["measure"].tolist()
    ['c', 'a']
    """
    order = {measure: i for i, measure in enumerate(selected)}
    kept = measures[measures["measure"].isin(order)]
    return kept.assign(_order=kept["measure"].map(order)).sort_values(["_order", "rank"]).drop(columns="_order")
