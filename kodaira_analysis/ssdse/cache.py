"""The tidy SSDSE-A table and its conflicts, cached in data/interim until a file or this package's code changes.

One folder per fingerprint of the files and the code (data/interim/ssdse/<fingerprint>/), the most recently
used few kept. Every edition is checked against its pinned SHA-256 on every read, cache or not: an edited
edition never reaches a report.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.files import TABLE_CACHE_LIMIT, read_regular_file, write_atomic
from kodaira_analysis.ssdse.catalogue import EDITIONS_FILE, INDICATORS_FILE, require
from kodaira_analysis.ssdse.checksums import verify
from kodaira_analysis.ssdse.read import merge_editions, read_all


def _code_digest() -> bytes:
    digest = hashlib.sha256()
    for path in (*sorted(Path(__file__).parent.glob("*.py")), EDITIONS_FILE, INDICATORS_FILE):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


#: The reader's code and data files as they were when this package was imported: a process that imported the
#: code before it was edited (a notebook's kernel, a test session) writes its tables under the old code's
#: fingerprint, never under the new one's (issue 26: the MIC cache had that failure).
_CODE_DIGEST = _code_digest()


def _fingerprint(files: dict[int, Path]) -> str:
    digest = hashlib.sha256()
    for edition, path in sorted(files.items()):
        stat = path.stat()
        digest.update(f"{edition}:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}\n".encode())
    digest.update(_CODE_DIGEST)
    return digest.hexdigest()


#: Cached tidy tables, one folder per fingerprint (data/interim/ssdse/<fingerprint>/); the most recent few are kept.
CACHE_SLOTS = 3
_CACHE_NAMES = {False: "tidy.parquet", True: "conflicts.parquet"}


def _cache_root() -> Path:
    return paths.INTERIM_DIR / "ssdse"


def _slot(fingerprint: str) -> Path:
    return _cache_root() / fingerprint[:24]


def load_ssdse(directory: Path | None = None, *, conflicts: bool = False, use_cache: bool = True) -> pd.DataFrame:
    """The tidy SSDSE-A table (or its conflicts), cached in data/interim until a file or the reader changes.

    Each set of files has its own cache folder, named by a fingerprint of the files and of the reader, so
    two builds reading different folders (or two runs at once) never overwrite each other's cache, and a
    reader never sees the table of one fingerprint beside the conflicts of another.
    """
    files = require(directory)
    for edition, path in sorted(files.items()):
        verify(path, edition)  # on every read, cache or not: an edited edition never reaches a report
    slot = _slot(_fingerprint(files))
    if use_cache:
        try:
            frame = _read_cached(slot / _CACHE_NAMES[conflicts])
            os.utime(slot)  # recently used: kept when older folders are removed
            return frame
        except (OSError, ValueError):  # not cached yet, removed meanwhile by another run, or unreadable
            pass
    tidy, found_conflicts = merge_editions(read_all(directory))
    if use_cache:
        _write_cache(slot, tidy, found_conflicts, files)
    return found_conflicts if conflicts else tidy


#: The cached tables this process has read, by file, with the file's identity when read: a notebook asks for
#: the table several times (directly and through the analysis functions).
_READ: dict[Path, tuple[tuple[int, int, int], pd.DataFrame]] = {}


def _read_cached(path: Path) -> pd.DataFrame:
    """A cache file's table, read from disk only when the file is new to this process or has changed.

    The caller gets its own frame (a shallow copy: with pandas' copy-on-write, a change it makes copies
    the data first and never reaches another caller).
    """
    stat = path.stat()
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    known = _READ.get(path)
    if known is None or known[0] != identity:
        _READ.pop(path, None)
        known = (identity, pd.read_parquet(io.BytesIO(read_regular_file(path, TABLE_CACHE_LIMIT, root=_cache_root()))))
        _READ[path] = known
        for other in [p for p in _READ if p.parent != path.parent]:  # only the current fingerprint's tables
            del _READ[other]
    return known[1].copy(deep=False)


def ensure_cache(directory: Path | None = None) -> None:
    """Build the SSDSE-A cache when it is missing or stale; a fresh cache is checked, not read."""
    slot = _slot(_fingerprint(require(directory)))
    if not all((slot / name).is_file() for name in _CACHE_NAMES.values()):
        load_ssdse(directory)


def _write_cache(slot: Path, tidy: pd.DataFrame, conflicts: pd.DataFrame, files) -> None:
    for frame, name in ((tidy, _CACHE_NAMES[False]), (conflicts, _CACHE_NAMES[True])):
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_atomic(slot / name, buffer.getvalue())
    about = {"editions": sorted(files), "rows": len(tidy), "conflicts": len(conflicts)}
    write_atomic(slot / "about.json", json.dumps(about))
    _prune_cache(keep=slot)


def _prune_cache(keep: Path) -> None:
    """Remove all but the most recently used cache folders, and the single-file cache of earlier versions.

    Only what this reader writes is removed: folders named by a fingerprint, holding the files it names.
    """
    root = _cache_root()
    slots = [
        p for p in root.iterdir() if p.is_dir() and len(p.name) == 24 and all(c in "0123456789abcdef" for c in p.name)
    ]
    slots.sort(key=lambda p: p.stat().st_mtime_ns if p.exists() else 0, reverse=True)
    for old in [p for p in slots if p != keep][CACHE_SLOTS - 1 :]:
        for name in (*_CACHE_NAMES.values(), "about.json"):
            (old / name).unlink(missing_ok=True)
        try:
            old.rmdir()
        except OSError:  # another run is writing into it, or it holds a file this reader did not write
            pass
    for legacy in ("ssdse.json", "ssdse.parquet", "ssdse_conflicts.parquet"):
        (paths.INTERIM_DIR / legacy).unlink(missing_ok=True)
