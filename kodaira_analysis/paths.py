"""Every path the project uses, derived from the package location.

Nothing here depends on the current working directory, so a notebook in any
folder, a test and a cron job all see the same files. Set the environment
variable ``KODAIRA_PROJECT_ROOT`` to point the package at another checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = Path(os.environ.get("KODAIRA_PROJECT_ROOT", PACKAGE_DIR.parent)).resolve()

DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
EXTERNAL_DIR = DATA_DIR / "external"
INTERIM_DIR = DATA_DIR / "interim"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
VOCABULARY_FILE = PACKAGE_DIR / "plan" / "vocabulary.csv"
NARRATIVE_CHECKS_FILE = RAW_DIR / "narrative_checks.csv"

#: The shared folder beside the project (source document, SSDSE-A copies).
SHARED_DIR = PROJECT_ROOT.parent / "shared"
SOURCE_DOCUMENT = SHARED_DIR / "source" / "kodaira-3rd-restructuring-plan.txt"
