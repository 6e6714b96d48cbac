"""Every path the project uses, derived from the package location.

Nothing here depends on the current working directory, so a notebook in any
folder, a test and a cron job all see the same files. There are two cases:

* **In a checkout** (the package's parent folder holds ``pyproject.toml`` and
  ``data/raw``, as with ``make`` or ``pip install -e .``): the raw tables are
  read from ``data/raw``, the processed ones written to ``data/processed``, the
  SSDSE-A cache to ``data/interim`` and the reports to ``reports/``.
* **Installed from the wheel** (no checkout around the package): the raw
  tables are read from the package itself (``kodaira_analysis/_raw``: the
  wheel ships ``data/raw`` there), and everything the package writes goes to
  the per-user cache folder (``platformdirs.user_cache_path('kodaira-analysis')``,
  ``~/.cache/kodaira-analysis`` on Linux): ``data/processed``, ``data/interim``,
  ``data/external`` and ``reports`` below it. Nothing is written into
  site-packages.

The environment variable ``KODAIRA_PROJECT_ROOT`` points the package at
another checkout (or any folder laid out like one) in both cases.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from platformdirs import user_cache_path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Where the wheel puts the plan's raw tables (data/raw, shipped as package data).
PACKAGED_RAW_DIR = PACKAGE_DIR / "_raw"


def is_checkout(folder: Path) -> bool:
    """True when ``folder`` is the root of a checkout: it holds pyproject.toml and data/raw."""
    return (folder / "pyproject.toml").is_file() and (folder / "data" / "raw").is_dir()


def _project_root() -> tuple[Path, bool]:
    """The root the data and reports hang from, and whether it is a checkout."""
    override = os.environ.get("KODAIRA_PROJECT_ROOT")
    if override:
        return Path(override).resolve(), True
    if is_checkout(PACKAGE_DIR.parent):
        return PACKAGE_DIR.parent, True
    return user_cache_path("kodaira-analysis").resolve(), False


#: The environment variables that name a folder of ours (the data's, the project's).
PATH_VARIABLES = ("KODAIRA_PROJECT_ROOT", "KODAIRA_SSDSE_DIR", "KODAIRA_MIC_DIR")


def absolute_path_variables(environ: MutableMapping[str, str] = os.environ) -> None:
    """Make each of :data:`PATH_VARIABLES` absolute, against the current folder.

    A kernel runs in its notebook's folder: a relative KODAIRA_SSDSE_DIR that the runner resolved against the
    folder it was started in would name another folder there (or none), and a report would be built without
    the data the runner had found. The runner calls this before it reads the data or starts a kernel.
    """
    for name in PATH_VARIABLES:
        value = environ.get(name)
        if value and not Path(value).is_absolute():
            environ[name] = str(Path(value).resolve())


#: The checkout, or (installed from the wheel) the per-user cache folder that stands in for one.
PROJECT_ROOT, IN_CHECKOUT = _project_root()

DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw" if IN_CHECKOUT else PACKAGED_RAW_DIR
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


def how_to_run(make: str, module: str) -> str:
    """The command that does a job, as this installation runs it: ``make`` in a checkout, ``python -m`` otherwise.

    ``make`` is the target with its arguments, ``module`` the module with its arguments. A checkout has a
    Makefile; a package installed with pip has none, so its user is given the module.

    >>> how_to_run("external-data", "kodaira_analysis.ssdse.download")  # in this checkout
    'make external-data'
    """
    if IN_CHECKOUT and (PROJECT_ROOT / "Makefile").is_file():
        return f"make {make}"
    return f"python -m {module}"
