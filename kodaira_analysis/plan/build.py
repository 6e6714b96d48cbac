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
from kodaira_analysis.errors import KodairaError, MissingPackageDataError, SchemaError
from kodaira_analysis.files import PLAN_CSV_LIMIT, read_regular_file
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
    try:
        manifest = json.loads((Path(processed_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
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
        raw_file = table.raw_file
        if raw_file is None:  # only derived tables (SSDSE-A, the dictionary) have none; the plan's all do
            raise SchemaError(f"table {name!r} of the plan names no raw file in plan/tables.py")
        raw = read_raw_csv(raw_dir / raw_file, table.raw_columns)
        tidy = CLEANERS[name](raw, raw_file)
        check_primary_key(tidy, table, raw_file)
        check_table_totals(name, raw, tidy, raw_file)
        tables[name] = check_schema(conform(tidy, table), table)
    check_plan_structure(tables["plan_structure"])
    checks = read_raw_csv(raw_dir / NARRATIVE_CHECKS, NARRATIVE_COLUMNS)
    narrative = check_narrative(tables, checks, NARRATIVE_CHECKS)
    return tables, narrative


#: Characters that make Excel (or LibreOffice) read a text cell as a formula (OWASP: CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that Excel would read as a formula with an apostrophe; leave anything else."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the Excel CSV shows it: dates as text, formula-like text cells neutralised.

    Numeric columns are left alone (-1.5 stays a number); only text cells change.
    """
    excel = frame.copy()
    for column in excel.columns:
        series = excel[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            excel[column] = series.dt.strftime("%Y-%m-%d")
        elif not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            if isinstance(series.dtype, pd.CategoricalDtype):
                series = series.astype(object)
            excel[column] = series.map(neutralise_formula, na_action="ignore")
    return excel


def _write_table(frame: pd.DataFrame, name: str, folder: Path) -> None:
    frame.to_parquet(folder / f"{name}.parquet", index=False)
    excel = excel_frame(frame)
    excel.columns = TABLES[name].csv_headers()
    # UTF-8 with BOM so that Excel on Japanese Windows shows the Japanese correctly.
    excel.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")


class OutputFolderError(KodairaError):
    """The data build was asked to write into a folder it does not own (data/, data/raw, a user's folder)."""


#: The files a processed folder may hold that the build did not write.
_KEPT = {".gitkeep"}


def check_output_folder(processed_dir: Path, raw_dir: Path = paths.RAW_DIR) -> None:
    """Refuse any --out but a processed folder: missing, empty, or holding this build's _build.json.

    The swap replaces the folder whole, so anything else in it would be deleted.

    Raises:
        OutputFolderError: naming the folder and why it is refused.
    """
    target = Path(processed_dir).absolute()
    resolved = target.resolve()
    protected = {paths.PROJECT_ROOT, paths.DATA_DIR, paths.RAW_DIR, paths.EXTERNAL_DIR, Path(raw_dir).resolve()}
    for folder in protected:
        folder = Path(folder).resolve()
        if resolved == folder or folder.is_relative_to(resolved) or resolved.is_relative_to(Path(raw_dir).resolve()):
            raise OutputFolderError(
                f"{target} is (or holds) {folder}: the data build replaces its output folder whole, so it writes "
                "only into a processed folder (default data/processed). Nothing was changed."
            )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputFolderError(f"{target} is not a folder. Nothing was changed.")
    if not target.exists():
        return
    contents = {p.name for p in target.iterdir()} - _KEPT
    if not contents:
        return
    if read_manifest(target) is None:
        raise OutputFolderError(
            f"{target} is not empty and holds no {MANIFEST} of a data build, so it is not a processed folder "
            f"(it holds e.g. {sorted(contents)[:3]}). The build replaces its output folder whole; give an empty "
            "or new folder, or a folder a previous build wrote. Nothing was changed."
        )


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _swap_in(staging: Path, processed_dir: Path) -> None:
    """Put staging in place of processed_dir so that a complete copy is there at every instant.

    Where the system can (Linux), the two folders are exchanged in one atomic step and the old one is
    removed. Elsewhere the old folder is renamed to a backup, the new one into place, and on a failure in
    between the backup is renamed back; a crash in between leaves the backup, which the next build
    restores (see :func:`_recover`).
    """
    if not processed_dir.exists():
        staging.replace(processed_dir)
        return
    if _exchange(staging, processed_dir):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old tables
        return
    backup = processed_dir.with_name(f".{processed_dir.name}.old-{os.getpid()}")
    processed_dir.replace(backup)
    try:
        staging.replace(processed_dir)
    except BaseException:
        backup.replace(processed_dir)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _leftovers(processed_dir: Path, kind: str) -> list[Path]:
    import re

    pattern = re.compile(rf"\.{re.escape(processed_dir.name)}\.{kind}-\d+")
    return [p for p in processed_dir.parent.glob(f".{processed_dir.name}.{kind}-*") if pattern.fullmatch(p.name)]


def _recover(processed_dir: Path) -> None:
    """Restore a backup a crash left between the two renames; remove this build's own staging leftovers.

    Only names this module writes (``.<name>.tmp-<pid>``, ``.<name>.old-<pid>``) are touched.
    """
    backups = [p for p in _leftovers(processed_dir, "old") if read_manifest(p) is not None]
    if not processed_dir.exists() and backups:
        max(backups, key=lambda p: p.stat().st_mtime).replace(processed_dir)
    for leftover in [*_leftovers(processed_dir, "tmp"), *_leftovers(processed_dir, "old")]:
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
    check_output_folder(processed_dir, raw_dir)
    require_package_data(raw_dir)
    processed_dir.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(processed_dir.parent / f".{processed_dir.name}.lock"):
        _recover(processed_dir)
        if not force and not is_stale(raw_dir, processed_dir):
            manifest = read_manifest(processed_dir) or {}
            return BuildResult(
                processed_dir, False, manifest.get("row_counts", {}), manifest.get("narrative_checks", [])
            )
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
    except OutputFolderError as exc:
        print(f"build refused: {exc}", file=sys.stderr)
        return 2
    except KodairaError as exc:
        print(f"build failed: {exc}\n{args.out} was left as it was.", file=sys.stderr)
        return 1
    except OSError as exc:
        state = "holds the previous build" if read_manifest(Path(args.out)) is not None else "holds no complete build"
        print(f"build failed: {exc}\n{args.out} {state}.", file=sys.stderr)
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
