"""Strict reading of data/raw: encoding, header, row shape. Nothing is coerced.

Every cell comes back as a string exactly as written ("" for a blank cell),
and every row keeps the number a spreadsheet shows for it (the header is
row 1), so that later errors can name it.
"""

from __future__ import annotations

import codecs
import csv
import io
from functools import cache
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.files import PLAN_CSV_LIMIT, read_regular_file
from kodaira_analysis.japanese import normalize_text

#: The column of a raw frame holding each row's spreadsheet row number.
ROW = "_row"

#: Cells that some tables print for "nil" or "not available". They are
#: ambiguous (zero? unknown?), so this project never guesses: a missing
#: figure is a blank cell, a zero is 0.
AMBIGUOUS_MARKS = frozenset({"-", "－", "―", "‐", "—", "…", "...", "***", "x", "X", "ｘ", "Ｘ"})


def _looks_like_utf16(data: bytes) -> bool:
    """Whether NUL bytes sit at every other position, as in UTF-16 text of mostly ASCII characters."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    share = max(even.count(0) / max(len(even), 1), odd.count(0) / max(len(odd), 1))
    return share > 0.3


def decode_raw_bytes(data: bytes, file: str) -> str:
    """Decode a raw file: UTF-8 (with or without BOM), UTF-16 with BOM, or CP932.

    CP932 (Shift_JIS) is what Excel writes on Japanese Windows; it is tried
    only when the bytes are not valid UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RawDataError(file, f"not valid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data:
        first = data.index(b"\x00")
        if _looks_like_utf16(data):
            problem = "the file holds NUL bytes between its characters: UTF-16 without a byte-order mark"
        else:
            problem = f"a NUL byte (\\x00) at byte {first}: a text CSV never holds one (a damaged file, or not text)"
        raise RawDataError(
            file,
            problem,
            expected="a CSV saved as UTF-8 (Excel: 'CSV UTF-8'), UTF-16 with BOM or CP932",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp932")
        except UnicodeDecodeError:
            raise RawDataError(
                file,
                f"neither UTF-8 (bad byte at {utf8_error.start}) nor CP932",
                expected="a CSV saved as UTF-8, UTF-8 with BOM, UTF-16 with BOM or CP932",
            ) from None


def read_raw_csv(path: Path, expected_columns: tuple[str, ...]) -> pd.DataFrame:
    """Read one raw CSV strictly and return its cells as strings.

    Header cells are compared after NFKC normalisation, so full-width and
    half-width spellings of a header match. Missing, extra, duplicated or
    renamed columns, rows with too few or too many cells (a file cut off
    mid-row) and an empty file all raise :class:`RawDataError`. Wholly empty
    rows (as spreadsheets leave at the end) are dropped.

    Args:
        path: the CSV file.
        expected_columns: the header as the table's description gives it.

    Returns:
        One row per data row, one column per header cell, plus ``_row``, the
        spreadsheet row number.
    """
    name = path.name
    text = decode_raw_bytes(read_regular_file(path, PLAN_CSV_LIMIT), name)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(cell.strip() for cell in r)]
    if not numbered:
        raise RawDataError(name, "the file is empty", expected=f"a header: {', '.join(expected_columns)}")
    header_row, header = numbered[0]
    header = [normalize_text(h) for h in header]
    expected = [normalize_text(h) for h in expected_columns]
    _check_header(name, header_row, header, expected)
    records = []
    for row_number, cells in numbered[1:]:
        if len(cells) != len(header):
            raise RawDataError(
                name,
                f"the row has {len(cells)} cells but the header has {len(header)} (a row cut off, or a stray comma)",
                row=row_number,
                value=",".join(cells),
            )
        records.append([row_number, *cells])
    if not records:
        raise RawDataError(name, "the file has a header but no data rows")
    return pd.DataFrame(records, columns=[ROW, *expected_columns], dtype=object)


def _check_header(name: str, row: int, header: list[str], expected: list[str]) -> None:
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise RawDataError(name, "duplicated column names", row=row, value=duplicated)
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        problem = []
        if missing:
            problem.append(f"missing column(s) {missing}")
        if extra:
            problem.append(f"unexpected column(s) {extra}")
        raise RawDataError(name, " and ".join(problem) + " in the header", row=row, expected=f"exactly {expected}")
    if header != expected:
        raise RawDataError(name, "columns out of order", row=row, value=header, expected=str(expected))


def cell(frame: pd.DataFrame, index: int, column: str) -> str:
    """Return one raw cell, stripped of surrounding spaces."""
    return str(frame.at[index, column]).strip()


def is_blank(value: str) -> bool:
    """True for a blank cell: the only spelling of 'missing' the project accepts."""
    return value.strip() == ""


#: The vocabulary as a message names it: its path in the source tree (the package folder and below).
VOCABULARY_NAME = paths.VOCABULARY_FILE.relative_to(paths.PACKAGE_DIR.parent).as_posix()


@cache
def read_vocabulary(path: Path = paths.VOCABULARY_FILE) -> pd.DataFrame:
    """Return the label vocabulary: domain, code, label_ja, label_en, implied_comparator."""
    return _parse_vocabulary(path.name, path.read_bytes()).copy()


def vocabulary_index(path: Path = paths.VOCABULARY_FILE) -> dict[str, dict[str, pd.Series]]:
    """The vocabulary by domain, then by normalised label: the entry a printed label names.

    The file is read on every call and parsed again only when its bytes change, so a data build
    looks each label up in a dictionary instead of reading the CSV once per cell.
    """
    return _index_vocabulary(path.name, path.read_bytes())


@cache
def _parse_vocabulary(name: str, data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    frame["key"] = frame["label_ja"].map(normalize_text)
    duplicated = frame[frame.duplicated(["domain", "key"], keep=False)]
    if not duplicated.empty:
        raise RawDataError(name, "duplicated labels in the vocabulary", value=duplicated["label_ja"].tolist())
    return frame


@cache
def _index_vocabulary(name: str, data: bytes) -> dict[str, dict[str, pd.Series]]:
    index: dict[str, dict[str, pd.Series]] = {}
    for _, entry in _parse_vocabulary(name, data).iterrows():
        index.setdefault(entry["domain"], {})[entry["key"]] = entry
    return index
