"""Which MIC editions the project knows, their layouts, where their files are and which are present.

MIC's 「全市町村の主要財政指標」 is one spreadsheet per fiscal year of settlement,
named by the era year (``H17.xls`` = FY2005 ... ``R3.xlsx`` = FY2021), in a
folder ``city/``; the prefecture averages are in ``prefecturemean/``. What
differs between editions is data, not code:

* ``editions.csv``: per edition its fiscal year, file, title cell, header row
  (the columns in order), the last municipality row, the row of the national
  average and its label, the last row with anything in it (footnotes), the
  as-of date of the Laspeyres index and whose reading that date is, the
  download addresses and the SHA-256 of both files;
* ``columns.csv``: what each printed header means (indicator, English name,
  unit, published decimals, kind of year, what a dash means there).
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.errors import MissingMicDataError, RawDataError

EDITIONS_FILE = Path(__file__).with_name("editions.csv")
COLUMNS_FILE = Path(__file__).with_name("columns.csv")
#: The sub-folders of the MIC folder, as MIC's files are laid out in ../shared/data/mic-indices.
CITY = "city"
PREFECTURE_MEAN = "prefecturemean"
#: Size limit of one MIC spreadsheet (the real ones are under 300 KB).
MIC_FILE_LIMIT = 20 * 1024 * 1024
#: Where the project reads the MIC files from when $KODAIRA_MIC_DIR is not set.
DIR_ENV = "KODAIRA_MIC_DIR"
#: The module that fetches the files (``make external-data`` in a checkout).
DOWNLOAD_MODULE = "kodaira_analysis.mic.download"


def data_dir() -> Path:
    """Where the MIC files are read from: $KODAIRA_MIC_DIR, else data/external/mic-indices."""
    return Path(os.environ.get(DIR_ENV) or paths.EXTERNAL_DIR / "mic-indices")


@cache
def editions() -> pd.DataFrame:
    """The known editions and their layouts (one row per edition, indexed by 'H17' ... 'R3')."""
    frame = pd.read_csv(EDITIONS_FILE, dtype=str, keep_default_na=False).set_index("edition")
    for column in ("fiscal_year", "last_municipality_row", "average_row", "last_row", "prefecturemean_last_row"):
        frame[column] = frame[column].astype(int)
    return frame


#: MIC's page that lists every file (no stable address of a file is pinned while ``editions.csv`` has none).
PAGE = "総務省「地方公共団体の主要財政指標一覧」 (https://www.soumu.go.jp/iken/shihyo_ichiran.html)"
_COPY_FROM = "/path/to/mic-indices"


def addresses_pinned() -> bool:
    """Whether ``editions.csv`` pins a download address for every file (else MIC_FROM / --from is needed)."""
    return bool((editions()["url"] != "").all() and (editions()["prefecturemean_url"] != "").all())


def how_to_get() -> str:
    """How a reader gets MIC's files: the plain download only when every address is pinned, else a copy.

    >>> "MIC_FROM=" in how_to_get() or "--from" in how_to_get()
    True
    """
    copy = paths.how_to_run(f"external-data MIC_FROM={_COPY_FROM}", f"{DOWNLOAD_MODULE} --from {_COPY_FROM}")
    fetch = paths.how_to_run("external-data", DOWNLOAD_MODULE)
    if addresses_pinned():
        return f"run `{fetch}` (SHA-256 checked), or `{copy}` to check and copy files you have"
    return (
        f"no download address of MIC's files is pinned (editions.csv), so `{fetch}` alone cannot fetch "
        f"them: download them by hand from {PAGE} into {_COPY_FROM}/city/ and {_COPY_FROM}/prefecturemean/ and "
        f"run `{copy}`, which checks each file's SHA-256 and copies it"
    )


@cache
def columns() -> pd.DataFrame:
    """What each printed header means (indexed by the header, whitespace removed)."""
    frame = pd.read_csv(COLUMNS_FILE, dtype=str, keep_default_na=False).set_index("header")
    frame["decimals"] = pd.to_numeric(frame["decimals"]).astype("Int64")
    return frame


@cache
def column_specs() -> dict[str, dict[str, Any]]:
    """:func:`columns` as plain dictionaries by header (read once per cell: a frame lookup would be slow)."""
    return {str(header): dict(row) for header, row in columns().iterrows()}


@cache
def layout(edition: str) -> dict[str, Any]:
    """One edition's row of :func:`editions` as a plain dictionary."""
    return dict(editions().loc[edition])


def laspeyres_as_of(edition: str) -> date | None:
    """The date the edition's Laspeyres index is as of (None: the edition has no such column)."""
    text = editions().loc[edition, "laspeyres_as_of"]
    return date.fromisoformat(text) if text else None


#: A file name of MIC's editions (H17.xls ... R3.xlsx, and later ones such as R4.xlsx).
_EDITION_NAME = re.compile(r"^(H|R)\d+\.xlsx?$")


def available(directory: Path | None = None) -> dict[str, Path]:
    """The editions whose city file is present in a folder, by edition ('H17' ... 'R3').

    Raises:
        RawDataError: an edition's file the project does not know (say R4.xlsx): it would otherwise be
            left out without a word; its layout must first be described in editions.csv.
    """
    directory = data_dir() if directory is None else Path(directory)
    found: dict[str, Path] = {}
    known = {row["file"]: str(edition) for edition, row in editions().iterrows()}
    if not (directory / CITY).is_dir():
        return found
    for path in sorted((directory / CITY).iterdir()):
        if path.name in known:
            found[known[path.name]] = path
        elif _EDITION_NAME.match(path.name):
            raise RawDataError(
                f"{CITY}/{path.name}",
                f"an edition this project does not know (no row in {EDITIONS_FILE.name}) in {directory / CITY}",
                expected=f"one of {', '.join(known)}; remove it, or describe its layout and pin its SHA-256 "
                f"in kodaira_analysis/mic/{EDITIONS_FILE.name}",
            )
    return found


def prefecture_mean_files(directory: Path | None = None) -> dict[str, Path]:
    """Each edition's prefecture-average file (prefecturemean/H17.xls ...), present or not, by edition."""
    directory = data_dir() if directory is None else Path(directory)
    return {str(edition): directory / PREFECTURE_MEAN / row["file"] for edition, row in editions().iterrows()}


def require(directory: Path | None = None) -> dict[str, Path]:
    """Every known edition's city file, or an error that names the missing files and says how to get them.

    The prefecture-average files (prefecturemean/) are required too; :func:`prefecture_mean_files` names them.
    """
    found = available(directory)
    missing = [f"{CITY}/{editions().loc[e, 'file']}" for e in editions().index if e not in found]
    missing += [f"{PREFECTURE_MEAN}/{p.name}" for p in prefecture_mean_files(directory).values() if not p.exists()]
    if missing:
        where = data_dir() if directory is None else Path(directory)
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise MissingMicDataError(
            f"MIC's 全市町村の主要財政指標: {len(missing)} of {2 * len(editions())} files missing in {where} "
            f"({shown}): {how_to_get()}; or point {DIR_ENV} at a folder with city/ and prefecturemean/ as MIC's files are named (H17.xls ... R3.xlsx)."
        )
    return found
