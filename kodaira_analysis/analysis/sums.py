"""Sums that keep a missing figure missing.

pandas' ``sum`` skips missing values, and a group whose values are all missing sums to 0: the plan's
blank FY2015 fiscal effects would read as "no effect". :func:`sum_keep_missing` gives a missing total
wherever any part is missing, since a total of known parts is not the total. Where a total of the
parts that are known is what you mean, say so in your own code with ``.sum(min_count=1)``: it is
missing only when every part is.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd


def sum_keep_missing(
    frame: pd.DataFrame, by: Hashable | Sequence[Hashable], columns: Hashable | Sequence[Hashable]
) -> pd.DataFrame:
    """Sum ``columns`` per group of ``by``; a group with any missing value has a missing total.

    Returns one row per group (the groups as columns, in sorted order), each summed column as a
    nullable float, so that a missing total stays ``<NA>`` when written or read back.

    >>> fe = pd.DataFrame({"fiscal_year": [2014, 2014, 2015, 2015], "amount_million_yen": [23.0, 26.0, None, None]})
    >>> fe.groupby("fiscal_year")["amount_million_yen"].sum().tolist()  # pandas: the blank year reads as 0
    [49.0, 0.0]
    >>> sum_keep_missing(fe, "fiscal_year", "amount_million_yen")
       fiscal_year  amount_million_yen
    0         2014                49.0
    1         2015                <NA>
    """
    keys = [by] if isinstance(by, str) or not isinstance(by, Sequence) else list(by)
    names = [columns] if isinstance(columns, str) or not isinstance(columns, Sequence) else list(columns)
    missing = [c for c in [*keys, *names] if c not in frame.columns]
    if missing:
        raise KeyError(f"sum_keep_missing: no column {missing[0]!r}; the frame has {list(frame.columns)}")
    grouped = frame.groupby(keys, observed=True, sort=True, dropna=False)[names]
    # skipna=False: one missing part makes the group's total missing
    totals = grouped.agg(lambda values: values.sum(skipna=False))
    return totals.astype("Float64").reset_index()
