"""MIC's 全市町村の主要財政指標 (main fiscal indicators of every municipality), FY2005-FY2021.

* :mod:`~kodaira_analysis.mic.catalogue`: the editions and their layouts as data
  (``editions.csv``, ``columns.csv``), where the files are ($KODAIRA_MIC_DIR),
  which are present;
* :mod:`~kodaira_analysis.mic.checksums`: each file against its pinned SHA-256,
  on every read;
* :mod:`~kodaira_analysis.mic.read`: the strict reader of one edition;
* :mod:`~kodaira_analysis.mic.codes`: codes for the editions that print none,
  by prefecture and name, never guessed;
* :mod:`~kodaira_analysis.mic.tidy` and :mod:`~kodaira_analysis.mic.cache`: the
  tidy tables (``load('mic_indicators')``, ``'mic_averages'``, ``'mic_unmatched'``);
* :mod:`~kodaira_analysis.mic.download`: ``make external-data``, SHA-256 checked.
"""

from kodaira_analysis.mic.cache import load_mic, tables
from kodaira_analysis.mic.catalogue import (
    MissingMicDataError,
    available,
    data_dir,
    editions,
    prefecture_mean_files,
    require,
)
from kodaira_analysis.mic.checksums import verify_all
from kodaira_analysis.mic.read import read_edition

__all__ = [
    "MissingMicDataError",
    "available",
    "data_dir",
    "editions",
    "load_mic",
    "prefecture_mean_files",
    "read_edition",
    "require",
    "tables",
    "verify_all",
]
