"""The tidy SSDSE-A table and its conflicts, cached in data/interim until a file or this package's code changes.

Every edition is checked against its pinned SHA-256 on every read, cache or not: an edited edition never
reaches a report.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.files import write_atomic
from kodaira_analysis.ssdse.catalogue import EDITIONS_FILE, INDICATORS_FILE, require
from kodaira_analysis.ssdse.checksums import verify
from kodaira_analysis.ssdse.read import merge_editions, read_all


def _fingerprint(files: dict[int, Path]) -> str:
    digest = hashlib.sha256()
    for edition, path in sorted(files.items()):
        stat = path.stat()
        digest.update(f"{edition}:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}\n".encode())
    for path in (*sorted(Path(__file__).parent.glob("*.py")), EDITIONS_FILE, INDICATORS_FILE):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_ssdse(directory: Path | None = None, *, conflicts: bool = False, use_cache: bool = True) -> pd.DataFrame:
    """The tidy SSDSE-A table (or its conflicts), cached in data/interim until a file or the reader changes."""
    files = require(directory)
    for edition, path in sorted(files.items()):
        verify(path, edition)  # on every read, cache or not: an edited edition never reaches a report
    cache_dir = paths.INTERIM_DIR
    stamp = cache_dir / "ssdse.json"
    fingerprint = _fingerprint(files)
    target = cache_dir / ("ssdse_conflicts.parquet" if conflicts else "ssdse.parquet")
    if use_cache and target.is_file() and stamp.is_file():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint") == fingerprint:
                return pd.read_parquet(target)
        except json.JSONDecodeError:
            pass
    tidy, found_conflicts = merge_editions(read_all(directory))
    if use_cache:
        _write_cache(cache_dir, tidy, found_conflicts, fingerprint, files)
    return found_conflicts if conflicts else tidy


def ensure_cache(directory: Path | None = None) -> None:
    """Build the SSDSE-A cache when it is missing or stale; a fresh cache is checked, not read."""
    files = require(directory)
    stamp = paths.INTERIM_DIR / "ssdse.json"
    try:
        fresh = json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint") == _fingerprint(files)
    except (FileNotFoundError, json.JSONDecodeError):
        fresh = False
    targets = [paths.INTERIM_DIR / f"{name}.parquet" for name in ("ssdse", "ssdse_conflicts")]
    if not (fresh and all(target.is_file() for target in targets)):
        load_ssdse(directory)


def _write_cache(cache_dir: Path, tidy: pd.DataFrame, conflicts: pd.DataFrame, fingerprint: str, files) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in (("ssdse", tidy), ("ssdse_conflicts", conflicts)):
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_atomic(cache_dir / f"{name}.parquet", buffer.getvalue())
    write_atomic(
        cache_dir / "ssdse.json",
        json.dumps(
            {"fingerprint": fingerprint, "editions": sorted(files), "rows": len(tidy), "conflicts": len(conflicts)}
        ),
    )
