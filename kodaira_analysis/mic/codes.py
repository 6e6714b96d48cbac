"""Codes for the editions that print none (FY2005-FY2010): matched by prefecture and name, never guessed.

The editions from FY2011 on print each municipality's code. A row of an earlier
edition gets the code of the municipality of the same prefecture and the same
name in the FY2011 edition (or, failing that, a later one), when that name has
one code in every coded edition. Nothing else is matched:

* a name in another prefecture is another municipality (北海道 小平町, 01482,
  is not 東京都 小平市, 13211);
* a municipality merged away or renamed before FY2011 (a town that became a
  city under a new name, two towns that became one) has no row of its name in
  the coded editions: it is reported as unmatched, with the reason, and its
  figures stay out of the tidy table;
* a name that two coded editions give different codes is reported, not chosen;
* a name spelled with a variant character listed in ``name_variants.csv``
  (鰺ヶ沢町 for 鰺ケ沢町) is matched to the name the coded editions print, and
  said so (``matched_by_name_variant``, with both spellings in ``note``).

What a name match cannot see: a merger that created a new municipality under
the name of one of the old ones (新設合併). Its earlier rows are the old
municipality's, joined to the new one's code. This is said in the table's
``code_basis`` ('matched_by_name') and in data/raw/README.md.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kodaira_analysis.mic.read import Edition

PRINTED = "printed"
MATCHED = "matched_by_name"
MATCHED_VARIANT = "matched_by_name_variant"
VARIANTS_FILE = Path(__file__).with_name("name_variants.csv")


@cache
def variants() -> tuple[tuple[str, str], ...]:
    """The spelling variants (printed character, the coded editions' character), as data in name_variants.csv."""
    with VARIANTS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple((row["printed"], row["coded"]) for row in csv.DictReader(handle))


def coded_spelling(name: str) -> str:
    """A name with each variant character replaced by the one the coded editions print.

    >>> coded_spelling("鰺ヶ沢町")
    '鰺ケ沢町'
    """
    for printed, coded in variants():
        name = name.replace(printed, coded)
    return name


@dataclass(frozen=True)
class Unmatched:
    """A municipality row of an edition without codes that no code could be given, and why."""

    edition: str
    row: int
    prefecture: str
    municipality: str
    reason: str


def directory(coded: list[Edition]) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], set[str]]]:
    """(prefecture, name) -> code from the coded editions, oldest first; and the names with several codes."""
    codes: dict[tuple[str, str], set[str]] = {}
    first: dict[tuple[str, str], str] = {}
    for edition in coded:
        for row in edition.rows:
            key = (row.prefecture, row.municipality)
            codes.setdefault(key, set()).add(row.code)
            first.setdefault(key, row.code)
    ambiguous = {key: found for key, found in codes.items() if len(found) > 1}
    return {k: v for k, v in first.items() if k not in ambiguous}, ambiguous


def match(uncoded: Edition, known: dict[tuple[str, str], str], ambiguous: dict[tuple[str, str], set[str]]):
    """The code of each row of an edition without codes (by row number) with how it was matched, and the unmatched.

    Returns:
        {row: (code, basis, the coded editions' spelling when it differs, else '')}, and the unmatched rows.
    """
    found: dict[int, tuple[str, str, str]] = {}
    unmatched: list[Unmatched] = []
    for row in uncoded.rows:
        key = (row.prefecture, row.municipality)
        variant = (row.prefecture, coded_spelling(row.municipality))
        if key in known:
            found[row.row] = (known[key], MATCHED, "")
        elif variant != key and variant in known:
            found[row.row] = (known[variant], MATCHED_VARIANT, variant[1])
        elif key in ambiguous:
            unmatched.append(
                Unmatched(
                    uncoded.edition,
                    row.row,
                    row.prefecture,
                    row.municipality,
                    f"the coded editions give this name several codes ({', '.join(sorted(ambiguous[key]))})",
                )
            )
        else:
            unmatched.append(
                Unmatched(
                    uncoded.edition,
                    row.row,
                    row.prefecture,
                    row.municipality,
                    "no municipality of this prefecture and name (nor of its spelling in name_variants.csv) in "
                    "the FY2011-FY2021 editions: merged, renamed or made a city under another name before FY2011",
                )
            )
    return found, unmatched
