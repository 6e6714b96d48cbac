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
