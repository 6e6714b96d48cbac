"""The peer comparison described as data: the peer groups, the measures and their favourable directions, names.

Every file is read from beside this module: ``peer_groups.csv`` (the named
groups), ``peer_measures.csv`` (each measure's source, 'ssdse' or 'mic'; its
SSDSE-A numerator and census denominator, or MIC's indicator; unit, words and
decimals), ``peer_directions.csv`` (lower, higher
or none is favourable, and whose reading that is), ``prefectures.csv`` and
``municipalities_en.csv`` (names).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.errors import UnknownMunicipalityError

HERE = Path(__file__).parent
PEER_GROUPS_FILE = HERE / "peer_groups.csv"
DIRECTIONS_FILE = HERE / "peer_directions.csv"
MEASURES_FILE = HERE / "peer_measures.csv"
PREFECTURES_FILE = HERE / "prefectures.csv"
NAMES_EN_FILE = HERE / "municipalities_en.csv"


@dataclass(frozen=True)
class Measure:
    """One peer measure: its source's figure (a numerator), an optional census denominator, its unit and words.

    ``source`` 'ssdse': the numerator is an SSDSE-A indicator code and the denominator one census indicator,
    or the sum of several (``A1301+A1302+A1303``: the population of known age), written so in
    ``peer_measures.csv``. ``source`` 'mic': the numerator is an indicator of ``load("mic_indicators")``
    (``fiscal_capability_index``), taken as MIC printed it, never divided.
    """

    numerator: str
    denominator: tuple[str, ...] | None
    factor: float  # applied after the division (1,000 also turns million yen into thousand yen per resident)
    unit: str
    label_ja: str
    label_en: str
    method_ja: str
    method_en: str
    decimals: int  # as shown; the published ratios keep their publisher's decimals
    source: str = "ssdse"  # 'ssdse' (SSDSE-A) or 'mic' (MIC's main fiscal indicators of all municipalities)


#: Where a measure's figures come from: SSDSE-A, or MIC's main fiscal indicators of all municipalities.
SOURCES = ("ssdse", "mic")


def _read_measures() -> dict[str, Measure]:
    frame = pd.read_csv(MEASURES_FILE, dtype=str, keep_default_na=False)
    measures = {
        r.measure: Measure(
            r.numerator,
            tuple(r.denominator.split("+")) if r.denominator else None,
            float(r.factor),
            r.unit,
            r.label_ja,
            r.label_en,
            r.method_ja,
            r.method_en,
            int(r.decimals),
            r.source,
        )
        for r in frame.itertuples(index=False)
    }
    for row, r in enumerate(frame.itertuples(index=False), start=2):
        if r.source not in SOURCES or (r.source == "mic" and r.denominator):
            raise ValueError(
                f"{MEASURES_FILE.name}, row {row}, column source: {r.source!r} (one of {SOURCES};"
                " a MIC measure has no denominator)"
            )
    return measures


#: The measures of the peer comparison, in their default order (``peer_measures.csv``).
MEASURES = _read_measures()


def source_of(measure: str) -> str:
    """Where a measure's figures come from: 'ssdse' (SSDSE-A) or 'mic' (MIC's main fiscal indicators)."""
    return MEASURES[measure].source


def measures_from(source: str) -> list[str]:
    """The measures of one source, in their default order."""
    return [m for m, spec in MEASURES.items() if spec.source == source]


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


def names_of(table: pd.DataFrame) -> pd.DataFrame:
    """Each municipality's prefecture and name in an SSDSE-A table, by municipality code."""
    columns = table[["municipality_code", "prefecture", "municipality"]]
    return columns.drop_duplicates("municipality_code").set_index("municipality_code")


def check_municipality(municipality_code: str, table: pd.DataFrame) -> None:
    """Raise UnknownMunicipalityError unless SSDSE-A holds the municipality."""
    if not table["municipality_code"].eq(municipality_code).any():
        raise UnknownMunicipalityError(
            f"municipality_code {municipality_code!r} is not in SSDSE-A: give the five-digit code of a"
            " municipality it holds, such as '13211' (Kodaira)"
        )


def peer_codes(group: str, municipality_code: str, table: pd.DataFrame | None = None) -> list[str]:
    """The municipality codes of a peer group: a named group, or 'prefecture_cities' (cities of the same prefecture).

    The municipality itself is never added: see :func:`peer_measures` for one outside its group. ``table`` is
    SSDSE-A's (``load("ssdse")``), which names each municipality's prefecture; without it, 'prefecture_cities'
    loads it (a missing SSDSE-A file stops with a message saying how to get it; a named group needs no table).

    Examples:
        >>> peer_codes("tama26", "13211")[:3]
        ['13201', '13202', '13203']
    """
    municipality_code = arguments.municipality_code(municipality_code, "peer_codes")
    if group == "prefecture_cities":
        if table is None:
            from kodaira_analysis.analysis.dataset import load

            table = load("ssdse")
        check_municipality(municipality_code, table)
        names = names_of(table)
        prefecture = names.at[municipality_code, "prefecture"]
        cities = names[(names["prefecture"] == prefecture) & names["municipality"].astype(str).str.endswith("市")]
        return sorted(cities.index)
    groups = peer_groups()
    if group not in set(groups["group"]):
        raise ValueError(f"peer group {group!r}: use one of {sorted(set(groups['group']))} or 'prefecture_cities'")
    return sorted(groups.loc[groups["group"] == group, "municipality_code"])
