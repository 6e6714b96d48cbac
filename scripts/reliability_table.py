"""Run every malformed-input case and every hostile-input case, and print the Markdown tables of what happened.

Usage: .venv/bin/python scripts/reliability_table.py > /tmp/table.md
(make reliability-table). RELIABILITY.md embeds its output: the bad-input
table of section 1 and the hostile-input table of section 6.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kodaira_analysis import paths
from kodaira_analysis.plan.build import build
from tests.conftest import snapshot
from tests.test_bad_input import BAD_CASES, edit, replace_once


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def bad_input_table() -> None:
    """Section 1: malformed raw files."""
    print("| # | case | file | outcome | message (as the user sees it) | data/processed unchanged |")
    print("|---|---|---|---|---|---|")
    for number, (case, file, change, _error, _fragments) in enumerate(BAD_CASES, start=1):
        with tempfile.TemporaryDirectory() as tmp:
            raw, processed = Path(tmp) / "raw", Path(tmp) / "processed"
            shutil.copytree(paths.RAW_DIR, raw)
            build(raw, processed)
            before = snapshot(processed)
            edit(raw, file, change)
            try:
                build(raw, processed)
                outcome, message = "**built (unexpected)**", ""
            except Exception as exc:
                outcome, message = f"stopped: `{type(exc).__name__}`", _cell(str(exc))
            same = "yes" if snapshot(processed) == before else "**no**"
        print(f"| {number} | {case} | `{file}` | {outcome} | {message} | {same} |")


def _edit(file: str, old: str, new: str) -> Callable[[Path, Path], None]:
    return lambda raw, _tmp: edit(raw, file, replace_once(old, new))


def _replace_with_fifo(raw: Path, _tmp: Path) -> None:
    (raw / "fiscal_effects.csv").unlink()
    os.mkfifo(raw / "fiscal_effects.csv")


def _link_outside(raw: Path, tmp: Path) -> None:
    (tmp / "elsewhere.csv").write_bytes((raw / "fiscal_effects.csv").read_bytes())
    (raw / "fiscal_effects.csv").unlink()
    (raw / "fiscal_effects.csv").symlink_to(tmp / "elsewhere.csv")


def _huge(raw: Path, _tmp: Path) -> None:
    with (raw / "demographics.csv").open("r+b") as handle:
        handle.truncate(6 * 1024 * 1024)


def _nul(raw: Path, _tmp: Path) -> None:
    data = (raw / "fiscal_effects.csv").read_bytes()
    (raw / "fiscal_effects.csv").write_bytes(data[:40] + b"\x00" + data[40:])


HOSTILE_CASES: list[tuple[str, str, Callable[[Path, Path], None]]] = [
    (
        "filter calls Python through `@`",
        "data never runs as code",
        _edit("narrative_checks.csv", "status == 'ahead'", "@pd.io.common.os.system('id')"),
    ),
    (
        "filter with `__import__`",
        "data never runs as code",
        _edit("narrative_checks.csv", "status == 'ahead'", "status == __import__('os').system('id')"),
    ),
    (
        "filter with a method call",
        "data never runs as code",
        _edit("narrative_checks.csv", "status == 'ahead'", "status.str.len() > 1"),
    ),
    (
        "filter with `and` (old query syntax)",
        "data never runs as code",
        _edit("narrative_checks.csv", "policy_no == 3 & status", "policy_no == 3 and status"),
    ),
    (
        "filter on an unknown column",
        "data never runs as code",
        _edit("narrative_checks.csv", "status == 'ahead'", "colour == 'red'"),
    ),
    ("`inf` as a figure", "values", _edit("demographics.csv", "1.40％", "inf")),
    ("`nan` as a figure", "values", _edit("demographics.csv", "1.40％", "nan")),
    ("`1e999` as a figure", "values", _edit("demographics.csv", "1.40％", "1e999")),
    ("平成99年 as a date", "values", _edit("demographics.csv", "平成23年1月1日現在", "平成99年1月1日現在")),
    ("明治1年 as a date", "values", _edit("demographics.csv", "平成23年1月1日現在", "明治1年1月1日現在")),
    ("明治 in a programme period", "values", _edit("reform_history.csv", "平成8年度～11年度", "明治8年度～11年度")),
    ("a NUL byte in a UTF-8 file", "values", _nul),
    ("a FIFO in place of a raw file", "resources", _replace_with_fifo),
    ("a symbolic link out of data/raw", "resources", _link_outside),
    ("a 6 MB raw file", "resources", _huge),
]


def hostile_table() -> None:
    """Section 6: hostile input to the data build, run for real."""
    print("| # | class | case | outcome | message (as the user sees it) | data/processed unchanged |")
    print("|---|---|---|---|---|---|")
    for number, (case, kind, change) in enumerate(HOSTILE_CASES, start=1):
        with tempfile.TemporaryDirectory() as tmp:
            raw, processed = Path(tmp) / "raw", Path(tmp) / "processed"
            shutil.copytree(paths.RAW_DIR, raw)
            build(raw, processed)
            before = snapshot(processed)
            change(raw, Path(tmp))
            try:
                build(raw, processed, force=True)
                outcome, message = "**built (unexpected)**", ""
            except Exception as exc:
                outcome, message = f"stopped: `{type(exc).__name__}`", _cell(str(exc))
            same = "yes" if snapshot(processed) == before else "**no**"
        print(f"| {number} | {kind} | {case} | {outcome} | {message} | {same} |")


def main() -> None:
    """Print both tables."""
    bad_input_table()
    print()
    hostile_table()


if __name__ == "__main__":
    main()
