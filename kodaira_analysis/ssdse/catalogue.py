"""Which SSDSE-A editions and indicators the project knows, where their files are, and which are present.

What differs between editions (the first header cells, the number of columns,
the file's SHA-256) is described as data in ``editions.csv``; the indicators
the project uses, with their English names, units and scale, in
``indicators.csv``. A file the project does not know is refused unless the
user allows it ($KODAIRA_SSDSE_ALLOW_UNKNOWN=1).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.errors import MissingExternalDataError, RawDataError

#: The module that downloads the editions (``make external-data`` in a checkout).
DOWNLOAD_MODULE = "kodaira_analysis.ssdse.download"

EDITIONS_FILE = Path(__file__).with_name("editions.csv")
INDICATORS_FILE = Path(__file__).with_name("indicators.csv")


def data_dir() -> Path:
    """Where the SSDSE-A files are read from: $KODAIRA_SSDSE_DIR, else data/external/ssdse-a."""
    return Path(os.environ.get("KODAIRA_SSDSE_DIR") or paths.EXTERNAL_DIR / "ssdse-a")


@cache
def editions() -> pd.DataFrame:
    """The known editions and their layouts (one row per edition)."""
    return pd.read_csv(EDITIONS_FILE, dtype=str, keep_default_na=False).set_index("edition")


@cache
def indicators() -> pd.DataFrame:
    """Every SSDSE-A indicator: Japanese and English names, unit, scale from the file's unit, kind of year.

    The Japanese name is the header of the newest edition that has the indicator (NFKC); the English name is the
    project's translation.

    The year of an SSDSE-A column is printed without its kind; ``year_kind`` is the project's reading of the
    statistic behind each indicator ('year as published' where the project has not established it).
    """
    return pd.read_csv(INDICATORS_FILE, dtype={"indicator_code": str, "scale": float}).set_index("indicator_code")


#: Set to 1 to read files the project does not know: an SSDSE-A-*.csv without a row in editions.csv is then
#: ignored (with a warning) and a known edition whose SHA-256 differs from the pinned one is read (with a warning).
ALLOW_UNKNOWN_ENV = "KODAIRA_SSDSE_ALLOW_UNKNOWN"


def allow_unknown() -> bool:
    """Whether the user explicitly allowed files the project does not know ($KODAIRA_SSDSE_ALLOW_UNKNOWN=1)."""
    return os.environ.get(ALLOW_UNKNOWN_ENV, "").strip() == "1"


def warn(message: str) -> None:
    """Warn the caller's caller (the user's call) about a file the project does not know or cannot check."""
    import warnings

    warnings.warn(message, stacklevel=3)


def available(directory: Path | None = None) -> dict[int, Path]:
    """The editions present in a folder, by edition year.

    Raises:
        RawDataError: an SSDSE-A-*.csv the project does not know (no row in editions.csv), unless
            $KODAIRA_SSDSE_ALLOW_UNKNOWN=1 (then it is ignored, with a warning).
    """
    directory = data_dir() if directory is None else Path(directory)
    known = {f"SSDSE-A-{edition}.csv": int(edition) for edition in editions().index}
    found: dict[int, Path] = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("SSDSE-A-*.csv")):
        if path.name in known:
            if path.exists():
                found[known[path.name]] = path
            continue
        if allow_unknown():
            warn(f"{path}: not an edition this project knows (editions.csv); ignored")
            continue
        raise RawDataError(
            path.name,
            f"an SSDSE-A file this project does not know (no row in {EDITIONS_FILE.name}) in {directory}",
            expected=f"one of {', '.join(known)}; remove it, add its edition to editions.csv, "
            f"or set {ALLOW_UNKNOWN_ENV}=1 to ignore it",
        )
    return found


def require(directory: Path | None = None) -> dict[int, Path]:
    """The editions present, or an error that says how to get them."""
    found = available(directory)
    if not found:
        where = data_dir() if directory is None else directory
        raise MissingExternalDataError(
            f"no SSDSE-A file in {where}. Run `{paths.how_to_run('external-data', DOWNLOAD_MODULE)}` to download "
            "the editions from the Statistics Center (SHA-256 checked), or copy SSDSE-A-<edition>.csv files there "
            f"by hand (`{paths.how_to_run('external-data SSDSE_FROM=/path/to/folder', DOWNLOAD_MODULE + ' --from /path/to/folder')}` checks and "
            "copies them), or point KODAIRA_SSDSE_DIR at a folder that holds them."
        )
    return found
