"""The MIC tables, cached in data/interim and in memory, from files checked against their pinned SHA-256 on every call.

Every call of :func:`tables` (and so of ``load('mic_indicators')``) reads each
edition's bytes and compares their SHA-256 with the pinned one (3.6 MB for
the seventeen editions, about 30 ms). Files that pass are by definition the
published ones, so the tables built from them depend only on this package's
code and data files: they are cached under a fingerprint of those
(data/interim/mic/<fingerprint>/), the most recently used few kept, and kept in
memory for the rest of the process. Building them from the spreadsheets takes
a few seconds; reading the cache a fraction of one (see the benchmark in the
report of issue 26).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.files import write_atomic
from kodaira_analysis.mic.catalogue import PREFECTURE_MEAN, prefecture_mean_files, require
from kodaira_analysis.mic.checksums import read_verified
from kodaira_analysis.mic.tidy import MicTables, build

#: The table names load() knows, and the attribute of MicTables each is.
TABLE_ATTRIBUTES = {
    "mic_indicators": "indicators",
    "mic_averages": "averages",
    "mic_unmatched": "unmatched",
    "mic_prefecture_averages": "prefecture_averages",
}
#: Cached table sets kept in data/interim/mic (the most recently used).
CACHE_SLOTS = 2
_MEMORY: dict[str, MicTables] = {}


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("*.csv")]):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(pd.__version__.encode())
    return digest.hexdigest()[:24]


#: Taken when this package is imported (with every module of it, see mic/__init__.py), not when the tables are
#: built: a process that imported the code before it was edited (a notebook's kernel, a test session) then
#: writes its tables under the old code's fingerprint, never under the new one's.
_FINGERPRINT = _code_fingerprint()


def fingerprint() -> str:
    """A digest of what the tables depend on once the files are verified: this package's code and data files."""
    return _FINGERPRINT


def _root() -> Path:
    return paths.INTERIM_DIR / "mic"


def _read_slot(slot: Path) -> MicTables:
    frames = {attribute: pd.read_parquet(slot / f"{name}.parquet") for name, attribute in TABLE_ATTRIBUTES.items()}
    return MicTables(**frames)


def _write_slot(slot: Path, built: MicTables) -> None:
    for name, attribute in TABLE_ATTRIBUTES.items():
        buffer = io.BytesIO()
        getattr(built, attribute).to_parquet(buffer, index=False)
        write_atomic(slot / f"{name}.parquet", buffer.getvalue())
    _prune(keep=slot)


def _prune(keep: Path) -> None:
    """Remove all but the most recently used cache folders; only what this module writes, only folders it names."""
    slots = [
        p for p in _root().iterdir() if p.is_dir() and len(p.name) == 24 and set(p.name) <= set("0123456789abcdef")
    ]
    slots.sort(key=lambda p: p.stat().st_mtime_ns if p.exists() else 0, reverse=True)
    for old in [p for p in slots if p != keep][CACHE_SLOTS - 1 :]:
        for name in TABLE_ATTRIBUTES:
            (old / f"{name}.parquet").unlink(missing_ok=True)
        try:
            old.rmdir()
        except OSError:  # another run is writing into it, or it holds a file this module did not write
            pass


def tables(directory: Path | None = None, *, use_cache: bool = True) -> MicTables:
    """The three MIC tables (see :mod:`~kodaira_analysis.mic.tidy`), every file verified first."""
    for edition, path in require(directory).items():
        read_verified(path, edition)  # on every call, cached tables or not: an edited file never reaches a report
    for edition, path in prefecture_mean_files(directory).items():
        read_verified(path, edition, PREFECTURE_MEAN)
    key = fingerprint()
    if not use_cache:
        return build(directory)
    if key in _MEMORY:
        return _MEMORY[key]
    slot = _root() / key
    try:
        built = _read_slot(slot)
        os.utime(slot)  # recently used: kept when older folders are pruned
    except (OSError, ValueError):  # not cached yet, pruned meanwhile by another run, or unreadable
        built = build(directory)
        try:
            _write_slot(slot, built)
        except OSError:  # a read-only data/interim only costs a build next time
            pass
    _MEMORY.clear()
    _MEMORY[key] = built
    return built


def load_mic(name: str = "mic_indicators", directory: Path | None = None) -> pd.DataFrame:
    """One MIC table by name (a key of :data:`TABLE_ATTRIBUTES`); the caller's own copy."""
    frame: pd.DataFrame = getattr(tables(directory), TABLE_ATTRIBUTES[name])
    return frame.copy(deep=False)
