"""The command line's typed options and the check that the [reports] extra is installed.

Numbers are checked before anything runs (exit 2 with a message naming reports.yml, never an error from a
library later): ``--timeout`` is whole seconds for nbclient, so a fraction is rounded up.
"""

from __future__ import annotations

import argparse

#: The modules of the [reports] extra the runner needs (import name), checked before any is imported.
EXTRA_MODULES = ("papermill", "nbconvert", "nbformat", "nbclient", "jupyter_client", "ipykernel", "jinja2",
                 "pydantic", "nh3", "yaml", "filelock", "watchfiles")  # fmt: skip


def pip_extra(direct_url: dict | None) -> str:
    """The command that installs the [reports] extra, as this copy was installed (PEP 610's ``direct_url.json``).

    From a folder (``pip install /path/to/kodaira-analysis``), the extra comes from the same folder; from an
    index, by name.

    >>> pip_extra(None)
    "pip install 'kodaira-analysis[reports]'"
    >>> pip_extra({"url": "file:///home/me/kodaira%20analysis", "dir_info": {}})
    "pip install '/home/me/kodaira analysis[reports]'"
    """
    import shlex
    from urllib.parse import unquote, urlsplit

    url = (direct_url or {}).get("url", "")
    if url.startswith("file://") and "dir_info" in (direct_url or {}):
        return "pip install " + shlex.quote(unquote(urlsplit(url).path) + "[reports]")
    return "pip install 'kodaira-analysis[reports]'"


def _direct_url() -> dict | None:
    import json
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("kodaira-analysis").read_text("direct_url.json")
        return json.loads(text) if text else None
    except (PackageNotFoundError, ValueError, OSError):
        return None


PIP_EXTRA = pip_extra(_direct_url())
#: Upper bounds of the numeric options: beyond them a value is a typo, not a wish.
MAX_JOBS, MAX_SECONDS = 256, 7 * 24 * 3600


def missing_extra() -> list[str]:
    """The modules of the [reports] extra that cannot be imported here (looked for, not imported)."""
    from importlib.util import find_spec

    missing = []
    for module in EXTRA_MODULES:
        try:
            found = find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    return missing


def check_numbers(args: argparse.Namespace) -> str | None:
    """Why a numeric option is unusable, or None; a usable ``--timeout`` becomes whole seconds, rounded up.

    (nbclient counts whole seconds: 30.5 would fail every report later with a TraitError.)

    >>> args = argparse.Namespace(jobs=2, timeout=30.5, wait=0.0)
    >>> check_numbers(args), args.timeout
    (None, 31)
    >>> check_numbers(argparse.Namespace(jobs=2, timeout=float("nan"), wait=0.0))
    '--timeout nan: expected a number of seconds up to 604,800 (a week)'
    """
    import math

    jobs = getattr(args, "jobs", None)
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        return f"--jobs {jobs}: expected a whole number from 1 to {MAX_JOBS}"
    for option, low in (("timeout", "more than 0"), ("wait", "0 or more")):
        value = getattr(args, option, None)
        if value is None:
            continue
        if not math.isfinite(value) or value > MAX_SECONDS:
            return f"--{option} {value:g}: expected a number of seconds up to {MAX_SECONDS:,} (a week)"
        if (value <= 0) if option == "timeout" else (value < 0):
            return f"--{option} {value:g}: expected a number of seconds, {low}"
    if getattr(args, "timeout", None) is not None:
        args.timeout = math.ceil(args.timeout)
    return None
