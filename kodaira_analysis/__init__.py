"""kodaira_analysis: Kodaira City's 3rd Administrative and Fiscal Restructuring Plan as clean data.

Public API:

* :func:`load` - a processed table by name (built on demand);
* :data:`TABLES` and :func:`describe_tables` - what every table ``load()`` accepts holds: each column's meaning,
  dtype, unit and kind of year;
* :func:`assess_targets` - each numerical target against its latest result;
* :mod:`kodaira_analysis.japanese` - parsers for Japanese government tables;
* :func:`build_data` and :func:`raw_checksums` - the atomic build of the plan's tables and what it reads;
* :mod:`kodaira_analysis.ssdse` - SSDSE-A: whether its files are present, the strict reader;
* :mod:`kodaira_analysis.mic` - MIC's 主要財政指標 FY2005-FY2021: whether its files are present, the strict reader;
* :mod:`mic_long_run <kodaira_analysis.analysis.mic_long_run>` - MIC's indicators over every fiscal year for any
  municipality among a group of its peers (``mic_long_run.long_run``);
* :mod:`peers <kodaira_analysis.analysis.peers>` - any municipality among its peers (the 26 Tama cities,
  the cities of its prefecture);
* :mod:`series <kodaira_analysis.analysis.series>` - Kodaira's series beyond the plan, from SSDSE-A;
* :mod:`period <kodaira_analysis.analysis.period>` and :mod:`period_compare
  <kodaira_analysis.analysis.period_compare>` - the plan period (FY2017-FY2020), before and after;
* :func:`sum_keep_missing` - a sum whose total is missing where a part is missing;
* :mod:`plot <kodaira_analysis.present.plot>` and :func:`style` - your own charts in the house style (a
  context manager: nothing changes outside it), with the Japanese font registered;
* :func:`export_data` - every table as CSV (plain headers), Parquet and datapackage.json, in one archive;
* the exceptions a public function raises, each a :class:`KodairaError`: :class:`ArgumentError` (an argument it
  cannot use), :class:`UnknownMunicipalityError`, :class:`UnknownTableError`, :class:`MissingExternalDataError`
  (no SSDSE-A file), :class:`MissingMicDataError` (no MIC file), :class:`MissingPackageDataError`,
  :class:`ParameterError` (a notebook's parameter), :class:`RawDataError`, :class:`SchemaError`,
  :class:`TotalMismatchError`.

Importing the package is light: each of these is imported on first use.

Examples:
    >>> import kodaira_analysis as ka
    >>> sorted(ka.TABLES)[:3]
    ['demographics', 'fiscal_effects', 'glossary']
"""

from __future__ import annotations

import importlib
from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

from kodaira_analysis.errors import (
    ArgumentError,
    KodairaError,
    MissingExternalDataError,
    MissingMicDataError,
    MissingPackageDataError,
    ParameterError,
    RawDataError,
    SchemaError,
    TotalMismatchError,
    UnknownMunicipalityError,
    UnknownTableError,
)

if TYPE_CHECKING:
    from kodaira_analysis import japanese, mic, ssdse
    from kodaira_analysis.analysis import mic_long_run, peers, period, period_compare, series
    from kodaira_analysis.analysis.dataset import TABLES, load
    from kodaira_analysis.analysis.dictionary import describe_tables
    from kodaira_analysis.analysis.sums import sum_keep_missing
    from kodaira_analysis.analysis.targets import assess_targets
    from kodaira_analysis.dist import export_data
    from kodaira_analysis.plan.build import build as build_data
    from kodaira_analysis.plan.freshness import raw_checksums
    from kodaira_analysis.present import plot
    from kodaira_analysis.present.style import style

#: The public names that need pandas, imported on first use (PEP 562), so that
#: ``import kodaira_analysis.paths`` (the report runner's command line) stays cheap.
_LAZY = {
    "japanese": ("kodaira_analysis.japanese", None),
    "ssdse": ("kodaira_analysis.ssdse", None),
    "mic": ("kodaira_analysis.mic", None),
    "load": ("kodaira_analysis.analysis.dataset", "load"),
    "describe_tables": ("kodaira_analysis.analysis.dictionary", "describe_tables"),
    "assess_targets": ("kodaira_analysis.analysis.targets", "assess_targets"),
    "build_data": ("kodaira_analysis.plan.build", "build"),
    "raw_checksums": ("kodaira_analysis.plan.freshness", "raw_checksums"),
    "TABLES": ("kodaira_analysis.analysis.dataset", "TABLES"),
    "analysis": ("kodaira_analysis.analysis", None),
    "peers": ("kodaira_analysis.analysis.peers", None),
    "mic_long_run": ("kodaira_analysis.analysis.mic_long_run", None),
    "series": ("kodaira_analysis.analysis.series", None),
    "period": ("kodaira_analysis.analysis.period", None),
    "period_compare": ("kodaira_analysis.analysis.period_compare", None),
    "sum_keep_missing": ("kodaira_analysis.analysis.sums", "sum_keep_missing"),
    "plot": ("kodaira_analysis.present.plot", None),
    "export_data": ("kodaira_analysis.dist", "export_data"),
    "style": ("kodaira_analysis.present.style", "style"),
}

try:  # the version is written once, in pyproject.toml
    __version__ = _metadata.version("kodaira-analysis")
except _metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "TABLES",
    "ArgumentError",
    "KodairaError",
    "MissingExternalDataError",
    "MissingMicDataError",
    "MissingPackageDataError",
    "ParameterError",
    "RawDataError",
    "SchemaError",
    "TotalMismatchError",
    "UnknownMunicipalityError",
    "UnknownTableError",
    "__version__",
    "analysis",
    "assess_targets",
    "build_data",
    "describe_tables",
    "export_data",
    "japanese",
    "load",
    "mic",
    "mic_long_run",
    "peers",
    "period",
    "period_compare",
    "plot",
    "raw_checksums",
    "series",
    "ssdse",
    "style",
    "sum_keep_missing",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kodaira_analysis' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (``dir(ka)``, tab completion): not the imports this module needs itself."""
    return sorted(__all__)
