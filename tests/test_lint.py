"""The code passes ruff (pydocstyle Google convention, pandas and pathlib rules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kodaira_analysis import paths


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "kodaira_analysis", "tests", "notebooks", "benchmarks", "scripts"],
        cwd=paths.PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


#: Files the project names by their path in the source tree: code (its messages), documentation, data notes.
NAMING_FILES = ["kodaira_analysis/**/*.py", "*.md", "docs/**/*.md", "data/raw/*.md", "Makefile", "reports.yml"]
#: A path below the package, as a message or a document names a file of it.
PACKAGE_PATH = r"kodaira_analysis/[A-Za-z0-9_./-]+\.(?:py|csv|yml|yaml|json|md|txt|mplstyle|ttf)\b"


def test_every_package_file_a_message_or_document_names_exists():
    """An error that sends the reader to a file (a vocabulary row to add) names one that is there."""
    import re

    root = paths.PROJECT_ROOT
    named = {
        (str(path.relative_to(root)), found)
        for pattern in NAMING_FILES
        for path in root.glob(pattern)
        if path.name != "CHANGELOG.md"  # history: names files as they were then
        for found in re.findall(PACKAGE_PATH, path.read_text(encoding="utf-8"))
        if not found.startswith("kodaira_analysis/_raw/")  # the wheel's copy of data/raw, made when it is built
    }
    assert len(named) >= 5, "the search finds the paths the project names"
    missing = sorted((where, found) for where, found in named if not (root / found).is_file())
    assert missing == [], missing
