"""SSDSE-A (the Statistics Center's standardised municipal dataset): read, tidy, merge editions.

Each edition is a CP932 CSV with three header rows (indicator codes; the data
year of each column; Japanese names) and one row per municipality, the area
code prefixed with 'R'. What differs between editions (the first header
cells, the number of columns, the file's SHA-256) is described as data in
``ssdse_editions.csv``; the indicators the project uses, with their English
names, units and scale, in ``ssdse_indicators.csv``.

The tidy table has one row per municipality, indicator and year. Where two
editions carry the same municipality, indicator and year, the newest edition
wins, and values that disagree are kept in a conflicts table
(``load('ssdse_conflicts')``), never hidden. Money is converted from the
published thousand yen to million yen.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, RawDataError
from kodaira_analysis.files import SSDSE_EDITION_LIMIT, read_regular_file, write_atomic
from kodaira_analysis.japanese import normalize_text

EDITIONS_FILE = Path(__file__).with_name("editions.csv")
INDICATORS_FILE = Path(__file__).with_name("indicators.csv")
HEADER_ROWS = 3
CODE_PREFIX = "R"
COLUMNS = [
    "municipality_code",
    "prefecture",
    "municipality",
    "indicator_code",
    "indicator",
    "indicator_en",
    "year",
    "value",
    "unit",
    "edition",
]


class MissingExternalDataError(KodairaError, FileNotFoundError):
    """The SSDSE-A files are not where the project looks for them."""


def data_dir() -> Path:
    """Where the SSDSE-A files are read from: $KODAIRA_SSDSE_DIR, else data/external/ssdse-a."""
    return Path(os.environ.get("KODAIRA_SSDSE_DIR") or paths.EXTERNAL_DIR / "ssdse-a")


@cache
def editions() -> pd.DataFrame:
    """The known editions and their layouts (one row per edition)."""
    return pd.read_csv(EDITIONS_FILE, dtype=str, keep_default_na=False).set_index("edition")


@cache
def indicators() -> pd.DataFrame:
    """The indicators the project uses: English name, unit, scale to that unit, kind of year."""
    return pd.read_csv(INDICATORS_FILE, dtype={"indicator_code": str, "scale": float}).set_index("indicator_code")


#: Set to 1 to read files the project does not know: an SSDSE-A-*.csv without a row in editions.csv is then
#: ignored (with a warning) and a known edition whose SHA-256 differs from the pinned one is read (with a warning).
ALLOW_UNKNOWN_ENV = "KODAIRA_SSDSE_ALLOW_UNKNOWN"
_VERIFIED = "ssdse-verified.json"


def allow_unknown() -> bool:
    """Whether the user explicitly allowed files the project does not know ($KODAIRA_SSDSE_ALLOW_UNKNOWN=1)."""
    return os.environ.get(ALLOW_UNKNOWN_ENV, "").strip() == "1"


def _warn(message: str) -> None:
    import warnings

    warnings.warn(message, stacklevel=3)


def available(directory: Path | None = None) -> dict[int, Path]:
    """The editions present in a folder, by edition year.

    Raises:
        RawDataError: an SSDSE-A-*.csv the project does not know (no row in editions.csv), unless
            $KODAIRA_SSDSE_ALLOW_UNKNOWN=1 (then it is ignored, with a warning).
    """
    directory = data_dir() if directory is None else Path(directory)
    known = {f"SSDSE-A-{edition}.csv": int(edition) for edition in editions().index}
    found: dict[int, Path] = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("SSDSE-A-*.csv")):
        if path.name in known:
            if path.exists():
                found[known[path.name]] = path
            continue
        if allow_unknown():
            _warn(f"{path}: not an edition this project knows (editions.csv); ignored")
            continue
        raise RawDataError(
            path.name,
            f"an SSDSE-A file this project does not know (no row in {EDITIONS_FILE.name}) in {directory}",
            expected=f"one of {', '.join(known)}; remove it, add its edition to editions.csv, "
            f"or set {ALLOW_UNKNOWN_ENV}=1 to ignore it",
        )
    return found


def _verified_cache() -> Path:
    return paths.INTERIM_DIR / _VERIFIED


def _stat_key(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}"


def _load_verified() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_verified_cache().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()) else {}


def check_sha256(data: bytes, path: Path, edition: int) -> None:
    """Compare a file's bytes with the edition's pinned SHA-256 (editions.csv).

    Raises:
        RawDataError: the file was edited, truncated or replaced (unless unknown files are allowed).
    """
    pinned = editions().loc[str(edition), "sha256"]
    digest = hashlib.sha256(data).hexdigest()
    if digest == pinned:
        return
    problem = (
        f"SHA-256 {digest} differs from the one pinned for edition {edition} in {EDITIONS_FILE.name} "
        f"({len(data):,} bytes): the file was edited, cut short or replaced since it was downloaded"
    )
    if allow_unknown():
        _warn(f"{path}: {problem}; read anyway because {ALLOW_UNKNOWN_ENV}=1")
        return
    raise RawDataError(
        path.name,
        problem,
        expected=f"the file as published ({pinned}); run `make external-data` to fetch it again",
    )


def verify(path: Path, edition: int) -> None:
    """Check one edition against its pinned SHA-256, hashing only when size, times or inode changed.

    The verification is cached in data/interim/ssdse-verified.json, keyed on the path, size, mtime,
    ctime and inode: an edit in place changes at least one of them, so it is hashed again.
    """
    key = str(Path(path).resolve())
    stamp = _stat_key(path)
    cache = _load_verified()
    pinned = editions().loc[str(edition), "sha256"]
    if cache.get(key) == {"stat": stamp, "sha256": pinned}:
        return
    check_sha256(read_regular_file(path, SSDSE_EDITION_LIMIT), path, edition)
    cache[key] = {"stat": stamp, "sha256": pinned}
    try:
        write_atomic(_verified_cache(), json.dumps(cache, indent=1))
    except OSError:
        pass  # a read-only data/interim only costs a hash next time


def verify_all(directory: Path | None = None) -> dict[int, Path]:
    """Every edition present, each verified against its pinned SHA-256 (see :func:`verify`)."""
    found = available(directory)
    for edition, path in sorted(found.items()):
        verify(path, edition)
    return found


def require(directory: Path | None = None) -> dict[int, Path]:
    """The editions present, or an error that says how to get them."""
    found = available(directory)
    if not found:
        where = data_dir() if directory is None else directory
        raise MissingExternalDataError(
            f"no SSDSE-A file in {where}. Run `make external-data` to download the editions from the "
            "Statistics Center (SHA-256 checked), or copy SSDSE-A-<edition>.csv files there by hand "
            "(`make external-data SSDSE_FROM=/path/to/folder` checks and copies them), or point "
            "KODAIRA_SSDSE_DIR at a folder that holds them."
        )
    return found


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
    tidy["indicator_en"] = tidy["indicator_code"].map(known["indicator_en"])
    tidy["unit"] = tidy["indicator_code"].map(known["unit"]).fillna("as published (see indicator)")
    scale = tidy["indicator_code"].map(known["scale"]).fillna(1.0)
    tidy["value"] = tidy["value"] * scale
    tidy = tidy[COLUMNS].sort_values(["municipality_code", "indicator_code", "year"]).reset_index(drop=True)
    for column in ("prefecture", "municipality", "indicator_code", "indicator", "indicator_en", "unit"):
        tidy[column] = tidy[column].astype("category")
    return tidy, conflicts.reset_index(drop=True)


# ---------------------------------------------------------------- cache


def _fingerprint(files: dict[int, Path]) -> str:
    digest = hashlib.sha256()
    for edition, path in sorted(files.items()):
        stat = path.stat()
        digest.update(f"{edition}:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}\n".encode())
    for path in (Path(__file__), EDITIONS_FILE, INDICATORS_FILE):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


#: Cached tidy tables, one folder per fingerprint (data/interim/ssdse/<fingerprint>/); the most recent few are kept.
CACHE_SLOTS = 3
_CACHE_NAMES = {False: "tidy.parquet", True: "conflicts.parquet"}


def _cache_root() -> Path:
    return paths.INTERIM_DIR / "ssdse"


def _slot(fingerprint: str) -> Path:
    return _cache_root() / fingerprint[:24]


def load_ssdse(directory: Path | None = None, *, conflicts: bool = False, use_cache: bool = True) -> pd.DataFrame:
    """The tidy SSDSE-A table (or its conflicts), cached in data/interim until a file or the reader changes.

    Each set of files has its own cache folder, named by a fingerprint of the files and of the reader, so
    two builds reading different folders (or two runs at once) never overwrite each other's cache, and a
    reader never sees the table of one fingerprint beside the conflicts of another.
    """
    files = require(directory)
    for edition, path in sorted(files.items()):
        verify(path, edition)  # on every read, cache or not: an edited edition never reaches a report
    slot = _slot(_fingerprint(files))
    if use_cache:
        try:
            frame = pd.read_parquet(slot / _CACHE_NAMES[conflicts])
            os.utime(slot)  # recently used: kept when older folders are removed
            return frame
        except (OSError, ValueError):  # not cached yet, removed meanwhile by another run, or unreadable
            pass
    tidy, found_conflicts = merge_editions(read_all(directory))
    if use_cache:
        _write_cache(slot, tidy, found_conflicts, files)
    return found_conflicts if conflicts else tidy


def ensure_cache(directory: Path | None = None) -> None:
    """Build the SSDSE-A cache when it is missing or stale; a fresh cache is checked, not read."""
    slot = _slot(_fingerprint(require(directory)))
    if not all((slot / name).is_file() for name in _CACHE_NAMES.values()):
        load_ssdse(directory)


def _write_cache(slot: Path, tidy: pd.DataFrame, conflicts: pd.DataFrame, files) -> None:
    for frame, name in ((tidy, _CACHE_NAMES[False]), (conflicts, _CACHE_NAMES[True])):
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_atomic(slot / name, buffer.getvalue())
    about = {"editions": sorted(files), "rows": len(tidy), "conflicts": len(conflicts)}
    write_atomic(slot / "about.json", json.dumps(about))
    _prune_cache(keep=slot)


def _prune_cache(keep: Path) -> None:
    """Remove all but the most recently used cache folders, and the single-file cache of earlier versions.

    Only what this reader writes is removed: folders named by a fingerprint, holding the files it names.
    """
    root = _cache_root()
    slots = [
        p for p in root.iterdir() if p.is_dir() and len(p.name) == 24 and all(c in "0123456789abcdef" for c in p.name)
    ]
    slots.sort(key=lambda p: p.stat().st_mtime_ns if p.exists() else 0, reverse=True)
    for old in [p for p in slots if p != keep][CACHE_SLOTS - 1 :]:
        for name in (*_CACHE_NAMES.values(), "about.json"):
            (old / name).unlink(missing_ok=True)
        try:
            old.rmdir()
        except OSError:  # another run is writing into it, or it holds a file this reader did not write
            pass
    for legacy in ("ssdse.json", "ssdse.parquet", "ssdse_conflicts.parquet"):
        (paths.INTERIM_DIR / legacy).unlink(missing_ok=True)
