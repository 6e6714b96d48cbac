"""Run every malformed-input case of tests/test_bad_input.py and print the Markdown table of what happened.

Usage: .venv/bin/python scripts/reliability_table.py > /tmp/table.md
(make reliability-table). RELIABILITY.md embeds its output.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kodaira_analysis import paths
from kodaira_analysis.plan.build import build
from tests.conftest import snapshot
from tests.test_bad_input import BAD_CASES, edit


def main() -> None:
    """Print the table."""
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
                outcome, message = f"stopped: `{type(exc).__name__}`", str(exc).replace("|", "\\|").replace("\n", " ")
            same = "yes" if snapshot(processed) == before else "**no**"
        print(f"| {number} | {case} | `{file}` | {outcome} | {message} | {same} |")


if __name__ == "__main__":
    main()
