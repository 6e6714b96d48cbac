"""The analysis that joins the sources: load(), target assessment, later series, peer measures.

* :mod:`~kodaira_analysis.analysis.dataset`: :func:`load`, a processed table by name;
* :mod:`~kodaira_analysis.analysis.dictionary`: :func:`describe_tables`, what every column means;
* :mod:`~kodaira_analysis.analysis.targets`: each numerical target against its latest result;
* :mod:`~kodaira_analysis.analysis.series`: Kodaira's series beyond the plan, from SSDSE-A;
* :mod:`~kodaira_analysis.analysis.period` and :mod:`~kodaira_analysis.analysis.period_compare`:
  the plan period (FY2017-FY2020) before and after, and among the 26 Tama cities
  (the committee summary's view of it: :mod:`~kodaira_analysis.analysis.period_summary`);
* :mod:`~kodaira_analysis.analysis.peers`: any municipality among its peers (the groups and measures
  are data: :mod:`~kodaira_analysis.analysis.peer_data`; ranks: :mod:`~kodaira_analysis.analysis.peer_ranks`);
* :mod:`~kodaira_analysis.analysis.mic_long_run`: MIC's indicators over every fiscal year, for any municipality
  among a group of its peers;
* :mod:`~kodaira_analysis.analysis.reform_progress`: the reform programmes' items by policy and status;
* :mod:`~kodaira_analysis.analysis.sums`: sums that keep a missing figure missing.

The modules are imported when first used (``kodaira_analysis.analysis.peers``), so importing the package stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "dataset",
    "dictionary",
    "mic_long_run",
    "peer_data",
    "peer_ranks",
    "peers",
    "period",
    "period_compare",
    "period_summary",
    "reform_progress",
    "series",
    "sums",
    "targets",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'kodaira_analysis.analysis' has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.{name}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
