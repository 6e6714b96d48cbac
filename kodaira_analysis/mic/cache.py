"""The MIC tables, built once per process from files checked against their pinned SHA-256 on every call.

Every call of :func:`load_mic` reads each edition's bytes and compares their
SHA-256 with the pinned one (3.6 MB for the seventeen editions); the tables
built from files that passed are kept in memory for the rest of the process,
one set per folder, so a notebook asking for them again does not parse the
spreadsheets again.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kodaira_analysis.mic.catalogue import require
from kodaira_analysis.mic.checksums import read_verified
from kodaira_analysis.mic.tidy import MicTables, build

#: The table names load() knows, and the attribute of MicTables each is.
TABLE_ATTRIBUTES = {"mic_indicators": "indicators", "mic_averages": "averages", "mic_unmatched": "unmatched"}
_BUILT: dict[Path, MicTables] = {}


def tables(directory: Path | None = None) -> MicTables:
    """The three MIC tables (see :mod:`~kodaira_analysis.mic.tidy`), every file verified first."""
    files = require(directory)
    for edition, path in files.items():
        read_verified(path, edition)  # on every call, cached tables or not: an edited file never reaches a report
    key = next(iter(files.values())).parent.resolve()
    if key not in _BUILT:
        _BUILT.clear()  # one folder's tables at a time
        _BUILT[key] = build(directory)
    return _BUILT[key]


def load_mic(name: str = "mic_indicators", directory: Path | None = None) -> pd.DataFrame:
    """One MIC table by name ('mic_indicators', 'mic_averages' or 'mic_unmatched'); the caller's own copy."""
    frame: pd.DataFrame = getattr(tables(directory), TABLE_ATTRIBUTES[name])
    return frame.copy(deep=False)
