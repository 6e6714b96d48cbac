"""SSDSE-A, the Statistics Center's municipal dataset: editions as data, strict reading, pinned download.

* :mod:`~kodaira_analysis.ssdse.catalogue`: the editions and indicators the
  project knows, where their files are, which are present;
* :mod:`~kodaira_analysis.ssdse.checksums`: each edition against its pinned
  SHA-256;
* :mod:`~kodaira_analysis.ssdse.read`: the strict reader of one edition, and the
  merge of every edition present into one tidy table;
* :mod:`~kodaira_analysis.ssdse.cache`: that table, cached in data/interim;
* :mod:`~kodaira_analysis.ssdse.download`: ``python -m kodaira_analysis.ssdse.download``
  (``make external-data`` in a checkout), with the SHA-256 of each edition pinned in ``editions.csv``;
* ``editions.csv`` (what differs between editions) and ``indicators.csv`` (every
  indicator: English name, the project's translation; unit; scale from the file's unit; kind of year).
"""

from kodaira_analysis.ssdse.cache import ensure_cache, load_ssdse
from kodaira_analysis.ssdse.catalogue import (
    MissingExternalDataError,
    available,
    data_dir,
    editions,
    indicators,
    require,
)
from kodaira_analysis.ssdse.checksums import verify, verify_all
from kodaira_analysis.ssdse.read import merge_editions, read_all, read_edition

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
