"""data/raw -> data/processed: read, clean, validate every table, then swap atomically.

Nothing is written until every table has been read, cleaned and checked. The
new tables are written into a temporary folder beside data/processed, which
then replaces it; a failed or interrupted build leaves the previous contents
as they were. A lock keeps two builds from running at once.

The build records a fingerprint (SHA-256 over the raw files and the package's
own code and vocabulary) in ``_build.json``; :func:`is_stale` compares it, so
``load()`` rebuilds when the raw data or the cleaning code changed, and only
then. Run ``python -m kodaira_analysis.plan.build`` (or ``make data``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, MissingPackageDataError
from kodaira_analysis.plan.clean import CLEANERS
from kodaira_analysis.plan.datapackage import write_dictionary_files
from kodaira_analysis.plan.read import read_raw_csv
from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.plan.validate import (
    check_narrative,
    check_plan_structure,
    check_primary_key,
    check_schema,
    check_table_totals,
    conform,
)

MANIFEST = "_build.json"
NARRATIVE_CHECKS = "narrative_checks.csv"
NARRATIVE_COLUMNS = ("確認項目", "表", "条件", "列", "集計", "本文の数値", "出典")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_checksums(raw_dir: Path = paths.RAW_DIR) -> dict[str, str]:
    """SHA-256 of every raw CSV, by file name."""
    return {p.name: _sha256(p) for p in sorted(raw_dir.glob("*.csv"))}


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
    try:
        return json.loads((processed_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


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


@dataclass
class BuildResult:
    """What a build did."""

    processed_dir: Path
    built: bool
    row_counts: dict[str, int]
    narrative_checks: list[dict]


def clean_all(raw_dir: Path = paths.RAW_DIR) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Read, clean and validate every table in memory; write nothing.

    Returns:
        The tidy tables by name, and the narrative checks that passed.

    Raises:
        KodairaError: the first problem found, naming file, row, column and value.
    """
    tables: dict[str, pd.DataFrame] = {}
    for name, table in TABLES.items():
        raw = read_raw_csv(raw_dir / table.raw_file, table.raw_columns)
        tidy = CLEANERS[name](raw, table.raw_file)
        check_primary_key(tidy, table, table.raw_file)
        check_table_totals(name, raw, tidy, table.raw_file)
        tables[name] = check_schema(conform(tidy, table), table)
    check_plan_structure(tables["plan_structure"])
    checks = read_raw_csv(raw_dir / NARRATIVE_CHECKS, NARRATIVE_COLUMNS)
    narrative = check_narrative(tables, checks, NARRATIVE_CHECKS)
    return tables, narrative


def _write_table(frame: pd.DataFrame, name: str, folder: Path) -> None:
    frame.to_parquet(folder / f"{name}.parquet", index=False)
    excel = frame.copy()
    for column in excel.columns:
        if pd.api.types.is_datetime64_any_dtype(excel[column]):
            excel[column] = excel[column].dt.strftime("%Y-%m-%d")
    excel.columns = TABLES[name].csv_headers()
    # UTF-8 with BOM so that Excel on Japanese Windows shows the Japanese correctly.
    excel.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")


def _swap_in(staging: Path, processed_dir: Path) -> None:
    """Replace processed_dir by staging with two renames; remove the old copy."""
    retired = processed_dir.with_name(f".{processed_dir.name}.old-{os.getpid()}")
    if processed_dir.exists():
        processed_dir.replace(retired)
    staging.replace(processed_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _remove_leftovers(processed_dir: Path) -> None:
    """Remove staging folders that an interrupted build left behind."""
    for leftover in processed_dir.parent.glob(f".{processed_dir.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def build(
    raw_dir: Path = paths.RAW_DIR,
    processed_dir: Path = paths.PROCESSED_DIR,
    *,
    force: bool = False,
) -> BuildResult:
    """Build data/processed from data/raw unless it is already current.

    Args:
        raw_dir: folder of the raw CSVs.
        processed_dir: folder to (re)place with the processed tables.
        force: rebuild even when nothing changed.

    Returns:
        What was built, with row counts and the narrative checks.

    Raises:
        MissingPackageDataError: installed from the wheel, a raw table is missing from the package.
        KodairaError: bad raw data; data/processed is left untouched.
    """
    from filelock import FileLock

    processed_dir = Path(processed_dir)
    require_package_data(raw_dir)
    processed_dir.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(processed_dir.parent / f".{processed_dir.name}.lock"):
        if not force and not is_stale(raw_dir, processed_dir):
            manifest = read_manifest(processed_dir) or {}
            return BuildResult(
                processed_dir, False, manifest.get("row_counts", {}), manifest.get("narrative_checks", [])
            )
        _remove_leftovers(processed_dir)
        tables, narrative = clean_all(raw_dir)
        staging = processed_dir.with_name(f".{processed_dir.name}.tmp-{os.getpid()}")
        staging.mkdir()
        try:
            for name, frame in tables.items():
                _write_table(frame, name, staging)
            write_dictionary_files(staging)
            (staging / ".gitkeep").touch()
            manifest = {
                "fingerprint": fingerprint(raw_dir),
                "built_at_utc": datetime.now(UTC).isoformat(timespec="seconds"),
                "raw_sha256": raw_checksums(raw_dir),
                "row_counts": {name: len(frame) for name, frame in tables.items()},
                "narrative_checks": narrative,
            }
            (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
            _swap_in(staging, processed_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(processed_dir, True, manifest["row_counts"], narrative)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the processed tables and say what happened."""
    parser = argparse.ArgumentParser(prog="python -m kodaira_analysis.plan.build", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    parser.add_argument("--raw", type=Path, default=paths.RAW_DIR, help="raw folder (default: data/raw)")
    parser.add_argument("--out", type=Path, default=paths.PROCESSED_DIR, help="output folder (default: data/processed)")
    args = parser.parse_args(argv)
    try:
        result = build(args.raw, args.out, force=args.force)
    except KodairaError as exc:
        print(f"build failed: {exc}\n{args.out} was left as it was.", file=sys.stderr)
        return 1
    if not result.built:
        print(f"{result.processed_dir}: up to date")
        return 0
    for name, count in result.row_counts.items():
        print(f"  {name:<18} {count:>4} rows")
    print(f"  {len(result.narrative_checks)} figures from the plan's text checked against the tables")
    print(f"built {result.processed_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
