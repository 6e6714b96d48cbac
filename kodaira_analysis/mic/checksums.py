"""Each MIC file against the SHA-256 pinned in ``editions.csv``, on every read.

The files are small (under 300 KB each, 3.6 MB for all seventeen editions), so
every read hashes the very bytes it then parses: no cache of verified files,
and no window between the check and the read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kodaira_analysis.errors import RawDataError
from kodaira_analysis.files import read_regular_file
from kodaira_analysis.mic.catalogue import (
    CITY,
    EDITIONS_FILE,
    MIC_FILE_LIMIT,
    PREFECTURE_MEAN,
    editions,
    how_to_get,
)

_PINNED_COLUMN = {CITY: "sha256", PREFECTURE_MEAN: "prefecturemean_sha256"}


def pinned_sha256(edition: str, kind: str = CITY) -> str:
    """The SHA-256 pinned for one edition's file (kind: 'city' or 'prefecturemean')."""
    return str(editions().loc[edition, _PINNED_COLUMN[kind]])


def check_sha256(data: bytes, name: str, edition: str, kind: str = CITY) -> None:
    """Compare a file's bytes with the pinned SHA-256 (on every read, and on every download before it is written).

    ``name`` is the file's name (reported as ``kind/name``), or a path or address (reported as it is).

    Raises:
        RawDataError: the file was edited, cut short or replaced since MIC published it.
    """
    pinned = pinned_sha256(edition, kind)
    digest = hashlib.sha256(data).hexdigest()
    if digest != pinned:
        raise RawDataError(
            name if "/" in name else f"{kind}/{name}",
            f"SHA-256 {digest} differs from the one pinned for edition {edition} in {EDITIONS_FILE.name} "
            f"({len(data):,} bytes): the file was edited, cut short or replaced since MIC published it",
            expected=f"the file as published ({pinned}): {how_to_get()}",
        )


def read_verified(path: Path, edition: str, kind: str = CITY) -> bytes:
    """The bytes of one MIC file (a regular file within the size limit), checked against the pinned SHA-256."""
    data = read_regular_file(path, MIC_FILE_LIMIT)
    check_sha256(data, path.name, edition, kind)
    return data


def verify_all(directory: Path | None = None) -> dict[str, Path]:
    """Every edition's city file present, each checked (see :func:`read_verified`), and each prefecture-average file."""
    import os

    from kodaira_analysis.mic.catalogue import available, prefecture_mean_files

    found = available(directory)
    for edition, path in found.items():
        read_verified(path, edition)
    for edition, path in prefecture_mean_files(directory).items():
        if os.path.lexists(path):  # a FIFO or a link is refused by the reader, never skipped
            read_verified(path, edition, PREFECTURE_MEAN)
    return found
