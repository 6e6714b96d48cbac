"""Each SSDSE-A edition against the SHA-256 pinned in ``editions.csv``, hashed again only when the file changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kodaira_analysis import paths
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.files import RECORD_LIMIT, SSDSE_EDITION_LIMIT, read_regular_file, write_atomic
from kodaira_analysis.ssdse.catalogue import ALLOW_UNKNOWN_ENV, EDITIONS_FILE, allow_unknown, available, editions, warn

_VERIFIED = "ssdse-verified.json"
_WARNED: set[str] = set()


def _verified_cache() -> Path:
    return paths.INTERIM_DIR / _VERIFIED


def _stat_key(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}"


def _load_verified() -> dict[str, dict[str, str]]:
    """The verification cache; empty when missing or unreadable (a FIFO or an oversized file: said, then replaced)."""
    path = _verified_cache()
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = json.loads(read_regular_file(path, RECORD_LIMIT, root=paths.INTERIM_DIR).decode("utf-8"))
    except RawDataError as exc:
        if str(path) not in _WARNED:  # once per process, not once per edition
            _WARNED.add(str(path))
            warn(f"{exc}; the editions are hashed again and the record written anew")
        return {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()) else {}


def check_sha256(data: bytes, path: Path, edition: int) -> None:
    """Compare a file's bytes with the edition's pinned SHA-256 (editions.csv).

    Raises:
        RawDataError: the file was edited, truncated or replaced (unless unknown files are allowed).
    """
    pinned = editions().loc[str(edition), "sha256"]
    digest = hashlib.sha256(data).hexdigest()
    if digest == pinned:
        return
    problem = (
        f"SHA-256 {digest} differs from the one pinned for edition {edition} in {EDITIONS_FILE.name} "
        f"({len(data):,} bytes): the file was edited, cut short or replaced since it was downloaded"
    )
    if allow_unknown():
        warn(f"{path}: {problem}; read anyway because {ALLOW_UNKNOWN_ENV}=1")
        return
    raise RawDataError(
        path.name,
        problem,
        expected=f"the file as published ({pinned}); run "
        f"`{paths.how_to_run('external-data', 'kodaira_analysis.ssdse.download')}` to fetch it again",
    )


def verify(path: Path, edition: int, *, remember: bool = True) -> None:
    """Check one edition against its pinned SHA-256, hashing only when size, times or inode changed.

    The verification is cached in data/interim/ssdse-verified.json, keyed on the path, size, mtime,
    ctime and inode: an edit in place changes at least one of them, so it is hashed again. With
    ``remember=False`` (a read-only listing) the cache is read but not written.
    """
    key = str(Path(path).resolve())
    stamp = _stat_key(path)
    cache = _load_verified()
    pinned = editions().loc[str(edition), "sha256"]
    if cache.get(key) == {"stat": stamp, "sha256": pinned}:
        return
    check_sha256(read_regular_file(path, SSDSE_EDITION_LIMIT), path, edition)
    if remember:
        _remember(key, {"stat": stamp, "sha256": pinned})


def _remember(key: str, entry: dict[str, str]) -> None:
    """Add one verified file to the cache, keeping what other processes added meanwhile.

    Builds, notebooks and tests verify at the same time: the cache is read again and written under a
    lock, so that no process writes back an older copy over another's entries. A read-only or busy
    data/interim only costs a hash next time.
    """
    from filelock import FileLock

    cache_file = _verified_cache()
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(cache_file.with_name(f".{cache_file.stem}.lock"), timeout=10):
            cache = _load_verified()
            cache[key] = entry
            write_atomic(cache_file, json.dumps(cache, indent=1))
    except OSError:  # filelock's Timeout is one too
        pass


def verify_all(directory: Path | None = None, *, remember: bool = True) -> dict[int, Path]:
    """Every edition present, each verified against its pinned SHA-256 (see :func:`verify`)."""
    found = available(directory)
    for edition, path in sorted(found.items()):
        verify(path, edition, remember=remember)
    return found
