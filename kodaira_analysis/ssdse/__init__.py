"""SSDSE-A, the Statistics Center's municipal dataset: editions as data, strict reading, pinned download.

* :mod:`~kodaira_analysis.ssdse.read`: the strict reader of one edition, the
  merge of every edition present into one tidy table, and its cache;
* :mod:`~kodaira_analysis.ssdse.download`: ``make external-data``, with the
  SHA-256 of each edition pinned in ``editions.csv``;
* ``editions.csv`` (what differs between editions) and ``indicators.csv`` (the
  indicators the project uses: English names, units, scale, kind of year).
"""

from kodaira_analysis.ssdse.read import (
    MissingExternalDataError,
    available,
    data_dir,
    editions,
    ensure_cache,
    indicators,
    load_ssdse,
    merge_editions,
    read_all,
    read_edition,
    require,
    verify,
    verify_all,
)

__all__ = [
    "MissingExternalDataError",
    "available",
    "data_dir",
    "editions",
    "ensure_cache",
    "indicators",
    "load_ssdse",
    "merge_editions",
    "read_all",
    "read_edition",
    "require",
    "verify",
    "verify_all",
]
