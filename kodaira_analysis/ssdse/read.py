"""SSDSE-A (the Statistics Center's standardised municipal dataset): read, tidy, merge editions.

Each edition is a CP932 CSV with three header rows (indicator codes; the data
year of each column; Japanese names) and one row per municipality, the area
code prefixed with 'R'; its layout is checked against ``editions.csv``.

The tidy table has one row per municipality, indicator and year. Where two
editions carry the same municipality, indicator and year, the newest edition
wins, and values that disagree are kept in a conflicts table
(``load('ssdse_conflicts')``), never hidden. Money is converted from the
published thousand yen to million yen. Which editions are known and present
is :mod:`~kodaira_analysis.ssdse.catalogue`; the cache of the tidy table is
:mod:`~kodaira_analysis.ssdse.cache`.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from kodaira_analysis.errors import RawDataError
from kodaira_analysis.files import SSDSE_EDITION_LIMIT, read_regular_file
from kodaira_analysis.japanese import normalize_text
from kodaira_analysis.ssdse.catalogue import (
    ALLOW_UNKNOWN_ENV,
    INDICATORS_FILE,
    allow_unknown,
    editions,
    indicators,
    require,
)
from kodaira_analysis.ssdse.checksums import check_sha256

HEADER_ROWS = 3
CODE_PREFIX = "R"
COLUMNS = [
    "municipality_code",
    "prefecture",
    "municipality",
    "indicator_code",
    "indicator",
    "indicator_en",
    "indicator_en_source",
    "year",
    "year_kind",
    "value",
    "unit",
    "edition",
]


#: The columns of the tidy table held as pandas categories (few distinct values in about a million rows).
CATEGORIES = (
    "prefecture",
    "municipality",
    "indicator_code",
    "indicator",
    "indicator_en",
    "indicator_en_source",
    "year_kind",
    "unit",
)


def read_edition(path: Path, edition: int) -> pd.DataFrame:
    """Read one edition as published into a long frame (all indicators, values as numbers).

    Raises:
        RawDataError: the layout differs from ``ssdse_editions.csv`` or a cell is not a number;
            the message names file, row, column and value.
    """
    layout = editions().loc[str(edition)]
    name = path.name
    data = read_regular_file(path, SSDSE_EDITION_LIMIT)
    check_sha256(data, path, edition)
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise RawDataError(name, f"not CP932 (byte {exc.start})", expected="the file as published") from None
    frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False)
    codes, years, names = (frame.iloc[i].tolist() for i in range(HEADER_ROWS))
    expected = {
        (1, 1): layout["first_cell"],
        (1, 2): layout["prefecture_header"],
        (1, 3): layout["municipality_header"],
        (2, 1): layout["year_row_first_cell"],
    }
    for (row, column), want in expected.items():
        got = frame.iloc[row - 1, column - 1]
        if got != want:
            raise RawDataError(
                name,
                "the header differs from the layout of this edition in ssdse_editions.csv",
                row=row,
                column=str(column),
                value=got,
                expected=repr(want),
            )
    described = set(indicators().index)
    for column, code in enumerate(codes[3:], start=4):
        if code not in described and not allow_unknown():
            raise RawDataError(
                name,
                f"an indicator with no row in {INDICATORS_FILE.name} (its English name, unit and kind of year)",
                row=1,
                column=str(column),
                value=code,
                expected=f"an indicator described in {INDICATORS_FILE.name}; add its row, or set {ALLOW_UNKNOWN_ENV}=1",
            )
    if len(codes) != int(layout["columns"]):
        raise RawDataError(name, f"{len(codes)} columns", row=1, expected=f"{layout['columns']} (ssdse_editions.csv)")
    for column, year in enumerate(years[3:], start=3):
        if not str(year).isdigit():
            raise RawDataError(
                name,
                "the data year of a column is not a year",
                row=2,
                column=str(codes[column]),
                value=year,
                expected="a year such as 2020",
            )
    body = frame.iloc[HEADER_ROWS:].reset_index(drop=True)
    area = body[0]
    bad_area = area[~area.str.match(rf"^{CODE_PREFIX}\d{{5}}$")]
    if len(bad_area):
        i = bad_area.index[0]
        raise RawDataError(
            name,
            "not an area code",
            row=int(i) + HEADER_ROWS + 1,
            column=str(codes[0]),
            value=bad_area.iloc[0],
            expected="R followed by five digits, e.g. R13211",
        )
    values = body.iloc[:, 3:].to_numpy(dtype=object)
    rows, width = values.shape
    # column by column, as a melt would order them: every value of one indicator, then the next
    cells = pd.Series(values.T.ravel(), dtype=object)
    numbers = pd.to_numeric(cells, errors="coerce")
    missing = numbers.isna().to_numpy()
    bad_flat = np.zeros(missing.shape, dtype=bool)
    bad_flat[missing] = cells[missing].str.strip().ne("").to_numpy()  # a blank cell is missing; text is an error
    bad = bad_flat.reshape(width, rows).T
    if bad.any():
        row, col = next(zip(*bad.nonzero(), strict=True))  # the first bad cell, reading row by row
        raise RawDataError(
            name,
            "not a number",
            row=int(row) + HEADER_ROWS + 1,
            column=str(codes[col + 3]),
            value=values[row, col],
            expected="a number, or a blank cell",
        )
    present = numbers.notna().to_numpy()
    row_of = np.tile(np.arange(rows), width)[present]
    position = np.repeat(np.arange(3, width + 3), rows)[present]
    long = pd.DataFrame(
        {
            "municipality_code": area.str.removeprefix(CODE_PREFIX).to_numpy()[row_of],
            "prefecture": body[1].to_numpy()[row_of],
            "municipality": body[2].to_numpy()[row_of],
            "value": numbers.to_numpy()[present],
        }
    )
    long["indicator_code"] = pd.Categorical(np.asarray(codes, dtype=object)[position])
    long["indicator"] = pd.Categorical(np.asarray([normalize_text(n) for n in names], dtype=object)[position])
    long["year"] = pd.array(np.asarray([int(y) if str(y).isdigit() else 0 for y in years])[position], dtype="Int64")
    long["edition"] = edition
    return long


def read_all(directory: Path | None = None) -> pd.DataFrame:
    """Every edition present, stacked (one row per municipality, indicator, year and edition)."""
    return pd.concat(
        [read_edition(path, edition) for edition, path in sorted(require(directory).items())], ignore_index=True
    )


def merge_editions(stacked: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the newest edition of each municipality, indicator and year; report disagreements.

    Returns:
        The tidy table, and the conflicts: every edition's value of each key whose values differ.
    """
    key = ["municipality_code", "indicator_code", "year"]
    spread = stacked.groupby(key, observed=True)["value"].agg(["min", "max", "size"])
    disagreeing = spread[(spread["size"] > 1) & ~((spread["max"] - spread["min"]).abs() <= 1e-9)].index
    conflicts = stacked.set_index(key).loc[lambda f: f.index.isin(disagreeing)].reset_index()
    conflicts = conflicts[[*key, "municipality", "indicator", "edition", "value"]].sort_values([*key, "edition"])
    newest = stacked.sort_values("edition").drop_duplicates(key, keep="last")
    names = (
        newest.sort_values("edition")
        .drop_duplicates("municipality_code", keep="last")
        .set_index("municipality_code")[["prefecture", "municipality"]]
    )
    tidy = newest.drop(columns=["prefecture", "municipality"]).join(names, on="municipality_code")
    known = indicators()
    # described in indicators.csv; an indicator read with KODAIRA_SSDSE_ALLOW_UNKNOWN=1 has these missing
    for column in ("indicator_en", "indicator_en_source", "unit", "year_kind"):
        tidy[column] = tidy["indicator_code"].map(known[column])
    scale = tidy["indicator_code"].map(known["scale"]).fillna(1.0)
    tidy["value"] = tidy["value"] * scale
    tidy = tidy[COLUMNS].sort_values(["municipality_code", "indicator_code", "year"]).reset_index(drop=True)
    for column in CATEGORIES:
        tidy[column] = tidy[column].astype("category")
    return tidy, conflicts.reset_index(drop=True)
