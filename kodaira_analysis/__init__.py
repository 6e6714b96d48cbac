"""kodaira_analysis: Kodaira City's 3rd Administrative and Fiscal Restructuring Plan as clean data.

>>> import kodaira_analysis as ka
>>> sorted(ka.TABLES)[:3]
['demographics', 'fiscal_effects', 'indicators']

Public API:

* :func:`load` - a processed table by name (built on demand);
* :data:`TABLES` and :func:`describe_tables` - what every table and column means;
* :func:`assess_targets` - each numerical target against its latest result;
* :mod:`kodaira_analysis.japanese` - parsers for Japanese government tables.
"""

from __future__ import annotations

from importlib import metadata as _metadata

from . import japanese
from .dataset import load
from .errors import KodairaError, RawDataError, SchemaError, TotalMismatchError, UnknownTableError
from .tables import TABLES, describe_tables
from .targets import assess_targets

try:  # the version is written once, in pyproject.toml
    __version__ = _metadata.version("kodaira-analysis")
except _metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "TABLES",
    "KodairaError",
    "RawDataError",
    "SchemaError",
    "TotalMismatchError",
    "UnknownTableError",
    "__version__",
    "assess_targets",
    "describe_tables",
    "japanese",
    "load",
]
