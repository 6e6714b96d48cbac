"""Whether data/processed is current: a fingerprint of the raw files the build reads and of the data layer's code.

The build records the fingerprint (SHA-256 over the raw files and the package's own code and vocabulary) in
``_build.json``; :func:`is_stale` compares it, so ``load()`` rebuilds when the raw data or the cleaning code
changed, and only then.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kodaira_analysis import paths
from kodaira_analysis.errors import MissingPackageDataError
from kodaira_analysis.files import PLAN_CSV_LIMIT, RECORD_LIMIT, read_regular_file
from kodaira_analysis.plan.tables import TABLES

MANIFEST = "_build.json"
NARRATIVE_CHECKS = "narrative_checks.csv"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_files() -> list[str]:
    """The raw files the build reads (and only those: a stray file in data/raw plays no part)."""
    return sorted({table.raw_file for table in TABLES.values() if table.raw_file} | {NARRATIVE_CHECKS})


def raw_checksums(raw_dir: Path = paths.RAW_DIR) -> dict[str, str]:
    """SHA-256 of every raw CSV the build reads, by file name (regular files within the size limit only).

    Raises:
        RawDataError: a file is missing, unreadable, not a regular file or too large.
    """
    raw_dir = Path(raw_dir)
    return {name: hashlib.sha256(read_regular_file(raw_dir / name, PLAN_CSV_LIMIT)).hexdigest() for name in raw_files()}


#: The code of the data layer: a change to any of these files makes processed data stale.
DATA_LAYER = (
    "paths.py",
    "errors.py",
    "schema.py",
    "japanese",
    "plan",
)


def code_files() -> list[Path]:
    """The package files whose change makes processed data stale (vocabulary.csv included)."""
    files: list[Path] = []
    for name in DATA_LAYER:
        path = paths.PACKAGE_DIR / name
        files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".py", ".csv"}) if path.is_dir() else [path])
    return files


def fingerprint(raw_dir: Path = paths.RAW_DIR) -> str:
    """One hash over the raw data and the cleaning code."""
    digest = hashlib.sha256()
    for name, checksum in raw_checksums(raw_dir).items():
        digest.update(f"raw/{name}:{checksum}\n".encode())
    for path in code_files():
        digest.update(f"code/{path.relative_to(paths.PACKAGE_DIR).as_posix()}:{_sha256(path)}\n".encode())
    return digest.hexdigest()


def read_manifest(processed_dir: Path = paths.PROCESSED_DIR) -> dict | None:
    """The manifest of the last successful build, or None."""
    try:  # a FIFO, device or oversized file is no manifest either (RawDataError is a ValueError)
        manifest = json.loads(read_regular_file(Path(processed_dir) / MANIFEST, RECORD_LIMIT).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("fingerprint"), str):
        return None  # a manifest of the wrong shape is no manifest: the next build replaces it
    return manifest


def require_package_data(raw_dir: Path = paths.RAW_DIR) -> None:
    """Installed from the wheel, check that the package carries every raw table it reads.

    In a checkout a missing raw file is bad raw data (RawDataError, from the reader); in an
    installed package it means a broken installation, which only reinstalling mends.

    Raises:
        MissingPackageDataError: naming the first missing file.
    """
    if Path(raw_dir).resolve() != paths.PACKAGED_RAW_DIR:
        return
    for name in (*(table.raw_file for table in TABLES.values() if table.raw_file), NARRATIVE_CHECKS):
        if not (paths.PACKAGED_RAW_DIR / name).is_file():
            raise MissingPackageDataError(paths.PACKAGED_RAW_DIR / name)
    if not paths.VOCABULARY_FILE.is_file():
        raise MissingPackageDataError(paths.VOCABULARY_FILE)


def is_stale(raw_dir: Path = paths.RAW_DIR, processed_dir: Path = paths.PROCESSED_DIR) -> bool:
    """True when data/processed is missing, incomplete or built from other raw data or code."""
    require_package_data(raw_dir)
    manifest = read_manifest(processed_dir)
    if manifest is None or manifest.get("fingerprint") != fingerprint(raw_dir):
        return True
    return any(not (processed_dir / f"{name}.parquet").is_file() for name in TABLES)
