"""data/raw -> data/processed: read, clean, validate every table, then swap atomically.

Nothing is written until every table has been read, cleaned and checked. The
new tables are written into a temporary folder beside data/processed, which
then replaces it; a failed or interrupted build leaves the previous contents
as they were. A lock keeps two builds from running at once.

Whether the build is needed is :mod:`~kodaira_analysis.plan.freshness`; how the tables are written,
:mod:`~kodaira_analysis.plan.excel`; the swap, :mod:`~kodaira_analysis.plan.swap`.
Run ``python -m kodaira_analysis.plan.build`` (or ``make data``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, SchemaError
from kodaira_analysis.plan.clean import CLEANERS
from kodaira_analysis.plan.datapackage import write_dictionary_files
from kodaira_analysis.plan.excel import write_table
from kodaira_analysis.plan.freshness import (
    MANIFEST,
    NARRATIVE_CHECKS,
    fingerprint,
    is_stale,
    raw_checksums,
    read_manifest,
    require_package_data,
)
from kodaira_analysis.plan.narrative import check_narrative
from kodaira_analysis.plan.read import read_raw_csv
from kodaira_analysis.plan.swap import OutputFolderError, check_output_folder, recover, swap_in
from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.plan.totals import check_table_totals
from kodaira_analysis.plan.validate import check_plan_structure, check_primary_key, check_schema, conform

NARRATIVE_COLUMNS = ("確認項目", "表", "条件", "列", "集計", "本文の数値", "出典")


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
        recover(processed_dir)
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
                write_table(frame, name, staging)
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
            swap_in(staging, processed_dir)
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
