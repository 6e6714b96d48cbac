"""MIC's editions as tidy tables: one row per municipality, indicator and fiscal year; the averages; the unmatched.

* ``mic_indicators``: every municipality's figure as MIC printed it (value
  rounded to the published decimals, ``value_printed`` the cell as shown),
  what a dash means there, the Laspeyres index's as-of date and, for FY2012
  and FY2013, its reference value without the national pay cut;
* ``mic_averages``: MIC's own national average row (全国市町村平均) per edition;
* ``mic_unmatched``: the rows of the editions without codes that could not be
  given one (see :mod:`~kodaira_analysis.mic.codes`);
* ``mic_prefecture_averages``: MIC's average of each prefecture's municipalities
  (prefecturemean/, see :mod:`~kodaira_analysis.mic.prefecture_means`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kodaira_analysis.japanese import normalize_text
from kodaira_analysis.mic.catalogue import column_specs, editions, layout, prefecture_mean_files, require
from kodaira_analysis.mic.cells import Cell
from kodaira_analysis.mic.codes import PRINTED, Unmatched, directory, match
from kodaira_analysis.mic.prefecture_means import read_prefecture_means
from kodaira_analysis.mic.read import MERGED_AWAY_FOOTNOTE, Edition, Row, read_edition
from kodaira_analysis.mic.tables import MIC_TABLES

NO_NET_FUTURE_BURDEN = "no_net_future_burden"
MERGED_AWAY = "not_computed_merged_away"
NOT_PUBLISHED = "no_reason_given"
NOT_COMPUTED = "not_computed"
BLANK = "blank_cell"
DASH_MEANINGS = (NO_NET_FUTURE_BURDEN, MERGED_AWAY, NOT_PUBLISHED, NOT_COMPUTED, BLANK)
PAY_CUT_NOTE = (
    "raised by the temporary national pay cut of April 2012 to March 2014 (国家公務員の給与の改定及び臨時特例に関する法律), "
    "which lowered the national salaries the index compares with; reference_value is the index without it"
)


@dataclass(frozen=True)
class MicTables:
    """The tables built from one set of MIC files."""

    indicators: pd.DataFrame
    averages: pd.DataFrame
    unmatched: pd.DataFrame
    prefecture_averages: pd.DataFrame


def read_all(directory_: Path | None = None) -> dict[str, Edition]:
    """Every edition, read strictly, by edition ('H17' ... 'R3')."""
    return {edition: read_edition(path, edition) for edition, path in require(directory_).items()}


def _dash_meaning(cell: Cell, header: str, read: Edition, *, average: bool, prefecture: bool = False) -> str | None:
    if cell.blank:
        return BLANK
    if not cell.dash:
        return None
    meaning = column_specs()[header]["dash_meaning"]
    if average and header.startswith("ラスパイレス指数"):
        return NOT_COMPUTED  # MIC: 市町村平均を算出していない (FY2005/FY2006 footnotes, notes-how-to-read.pdf 5.)
    if prefecture:
        return NOT_PUBLISHED  # MIC says what a dash means for a municipality, not for a prefecture's average
    if header == "実質公債費比率" and any(MERGED_AWAY_FOOTNOTE in note for note in _joined(read.footnotes)):
        return MERGED_AWAY
    return meaning


def _joined(footnotes: list[str]) -> list[str]:
    """The footnotes as one text (MIC wraps a note over several rows), so a phrase split by a wrap is found."""
    return ["".join(normalize_text(f).replace(" ", "") for f in footnotes)]


def _records(read: Edition, row: Row, *, average: bool, prefecture: bool = False) -> list[dict]:
    edition = layout(read.edition)
    known = column_specs()
    reference = next((c for h, c in row.cells.items() if known[h]["role"] == "reference"), None)
    reason = next((normalize_text(f) for f in read.footnotes if f.startswith("※")), None)
    out = []
    for header, cell in row.cells.items():
        spec = known[header]
        if spec["role"] != "value":
            continue
        laspeyres = spec["indicator_code"] == "laspeyres_index"
        notes = [cell.note] if cell.note else []
        if laspeyres and reference is not None:
            notes.append(PAY_CUT_NOTE)
        out.append(
            {
                "fiscal_year": edition["fiscal_year"],
                "indicator_code": spec["indicator_code"],
                "indicator": spec["indicator"],
                "indicator_en": spec["indicator_en"],
                "value": cell.value,
                "unit": spec["unit"],
                "decimals": spec["decimals"],
                "value_printed": cell.printed,
                "dash_meaning": _dash_meaning(cell, header, read, average=average, prefecture=prefecture),
                "year_kind": spec["year_kind"],
                "as_of": edition["laspeyres_as_of"] or None if laspeyres else None,
                "as_of_basis": edition["laspeyres_as_of_basis"] if laspeyres else None,
                "reference_value": reference.value if laspeyres and reference is not None else None,
                "reference_reason": reason if laspeyres and reference is not None else None,
                "note": "; ".join(notes) or None,
                "edition": read.edition,
                "source_row": row.row,
            }
        )
    return out


INDICATOR_COLUMNS = MIC_TABLES["mic_indicators"].column_names
AVERAGE_COLUMNS = MIC_TABLES["mic_averages"].column_names
UNMATCHED_COLUMNS = MIC_TABLES["mic_unmatched"].column_names
PREFECTURE_COLUMNS = MIC_TABLES["mic_prefecture_averages"].column_names
_TEXT = ("indicator_code", "indicator", "indicator_en", "unit", "value_printed", "year_kind", "edition")
_OPTIONAL_TEXT = ("dash_meaning", "as_of_basis", "reference_reason", "note")


def _typed(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    frame = frame[order].copy()
    for column in ("fiscal_year", "decimals", "source_row"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in ("value", "reference_value"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["as_of"] = pd.to_datetime(frame["as_of"]).astype("datetime64[ns]")
    for column in (
        *_TEXT,
        *[c for c in ("municipality_code", "code_basis", "prefecture", "municipality", "label") if c in frame],
    ):
        frame[column] = frame[column].astype("str")
    for column in _OPTIONAL_TEXT:
        frame[column] = frame[column].astype("str")  # missing stays missing (NaN), never the text 'None'
    return frame


def prefecture_averages(directory_: Path | None = None) -> pd.DataFrame:
    """MIC's prefecture averages of every edition, one row per prefecture, indicator and fiscal year."""
    records = []
    for edition, path in prefecture_mean_files(directory_).items():
        read = read_prefecture_means(path, edition)
        for row in read.rows:
            for record in _records(read, row, average=True, prefecture=True):
                record["prefecture"] = row.prefecture
                records.append(record)
    frame = _typed(pd.DataFrame.from_records(records), PREFECTURE_COLUMNS)
    return frame.sort_values(["prefecture", "indicator_code", "fiscal_year"], ignore_index=True)


def build(directory_: Path | None = None) -> MicTables:
    """The tables from every edition (all seventeen, city and prefecture-average files, are required)."""
    reads = read_all(directory_)
    coded = [r for r in reads.values() if r.rows and r.rows[0].code]
    known, ambiguous = directory(sorted(coded, key=lambda r: editions().loc[r.edition, "fiscal_year"]))
    records: list[dict] = []
    averages: list[dict] = []
    unmatched: list[Unmatched] = []
    for read in reads.values():
        codes, missed = ({}, []) if read in coded else match(read, known, ambiguous)
        unmatched += missed
        for row in read.rows:
            code, basis, spelling = (row.code, PRINTED, "") if row.code else codes.get(row.row, ("", "", ""))
            if not code:
                continue
            for record in _records(read, row, average=False):
                record.update(
                    municipality_code=code, code_basis=basis, prefecture=row.prefecture, municipality=row.municipality
                )
                if spelling:
                    spelt = f"the coded editions spell the name {spelling} (name_variants.csv)"
                    record["note"] = "; ".join(filter(None, [record["note"], spelt]))
                records.append(record)
        if read.average is not None:
            for record in _records(read, read.average, average=True):
                record["label"] = read.average.municipality
                averages.append(record)
    indicators = _typed(pd.DataFrame.from_records(records), INDICATOR_COLUMNS)
    indicators = indicators.sort_values(["municipality_code", "indicator_code", "fiscal_year"], ignore_index=True)
    missed_frame = pd.DataFrame(
        [u.__dict__ for u in unmatched], columns=["edition", "row", "prefecture", "municipality", "reason"]
    )
    missed_frame = missed_frame.rename(columns={"row": "source_row"})
    missed_frame["fiscal_year"] = missed_frame["edition"].map(editions()["fiscal_year"]).astype("Int64")
    missed_frame["source_row"] = missed_frame["source_row"].astype("Int64")
    for column in ("edition", "prefecture", "municipality", "reason"):
        missed_frame[column] = missed_frame[column].astype("str")
    return MicTables(
        indicators=indicators,
        averages=_typed(pd.DataFrame.from_records(averages), AVERAGE_COLUMNS).sort_values(
            ["indicator_code", "fiscal_year"], ignore_index=True
        ),
        unmatched=missed_frame[UNMATCHED_COLUMNS].sort_values(["fiscal_year", "source_row"], ignore_index=True),
        prefecture_averages=prefecture_averages(directory_),
    )
