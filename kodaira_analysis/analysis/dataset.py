"""load(): a clean, validated table by name, from any working directory.

The processed tables are rebuilt on demand when they are missing or stale
(the raw data or the cleaning code changed since they were built).
"""

from __future__ import annotations

import pandas as pd
import pyarrow

from kodaira_analysis import paths
from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.derived_tables import DERIVED_TABLES
from kodaira_analysis.errors import UnknownTableError
from kodaira_analysis.files import TABLE_CACHE_LIMIT, read_regular_file
from kodaira_analysis.mic.tables import MIC_TABLES
from kodaira_analysis.plan.tables import TABLES as PLAN_TABLES
from kodaira_analysis.schema import Table
from kodaira_analysis.ssdse.tables import SSDSE_TABLES

#: Every table load() accepts, by name: the plan's (built from data/raw) and SSDSE-A's (read from its files).
TABLES: dict[str, Table] = {**PLAN_TABLES, **SSDSE_TABLES, **MIC_TABLES}

#: Every table load() has returned in this process, by name: a report's provenance lists their files.
LOADED: set[str] = set()


def load(name: str, *, rebuild: bool = True) -> pd.DataFrame:
    """Return one processed table as a DataFrame.

    Args:
        name: a key of ``kodaira_analysis.TABLES``, e.g. ``'fiscal_effects'``, or of
            ``SSDSE_TABLES`` (``'ssdse'``, ``'ssdse_conflicts'``: these need the SSDSE-A files
            in data/external/ssdse-a and raise MissingExternalDataError, saying how to get them,
            without), or of ``MIC_TABLES`` (``'mic_indicators'``, ``'mic_averages'`` (MIC's national
            averages), ``'mic_prefecture_averages'`` (each prefecture's average of its municipalities: weighted or
            simple, with or without Tokyo's special wards, as the table's description says),
            ``'mic_unmatched'``: MIC's 主要財政指標 FY2005-FY2021; these need MIC's files in
            data/external/mic-indices or $KODAIRA_MIC_DIR and raise MissingMicDataError without).
        rebuild: build data/processed first when it is missing or stale
            (default). With False, read what is there.

    Returns:
        The tidy table; its columns are described in ``TABLES[name]``.

    Raises:
        UnknownTableError: no such table (the message lists the tables), or a table the library computes
            rather than loads, such as ``'target_assessment'`` (the message names the call that returns it).
        KodairaError: the raw data is bad (the message names file, row, column and value).

    Example:
        >>> load("fiscal_effects").groupby("fiscal_year")["amount_million_yen"].sum(min_count=1).tolist()
        [285.0, 174.0, 338.0, 87.0, nan]
    """
    name = arguments.table_name(name, "load")
    if name in SSDSE_TABLES:
        from kodaira_analysis.ssdse.cache import load_ssdse

        table = load_ssdse(conflicts=name == "ssdse_conflicts")
        LOADED.add(name)
        return table
    if name in MIC_TABLES:
        from kodaira_analysis.mic.cache import load_mic

        table = load_mic(name)
        LOADED.add(name)
        return table
    if name not in PLAN_TABLES:
        if name in DERIVED_TABLES:
            raise UnknownTableError(
                f"load() has no table {name!r}: the library computes it; call "
                f"kodaira_analysis.{DERIVED_TABLES[name].returned_by} (describe_tables() lists it with "
                f"returned_by = {DERIVED_TABLES[name].returned_by})"
            )
        raise UnknownTableError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
    LOADED.add(name)
    if rebuild:
        from kodaira_analysis.plan.build import build
        from kodaira_analysis.plan.freshness import is_stale

        if is_stale():
            build()
    data = read_regular_file(paths.PROCESSED_DIR / f"{name}.parquet", TABLE_CACHE_LIMIT)  # never a FIFO or device
    # pyarrow's own in-memory reader: a Python file object (io.BytesIO) left pyarrow's I/O threads to be torn down
    # at interpreter exit, and about one process in seven aborted there ('terminate called without an active
    # exception', SIGABRT) after it had finished its work
    return pd.read_parquet(pyarrow.BufferReader(data))
