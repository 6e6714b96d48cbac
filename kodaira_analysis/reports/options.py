"""The command line's typed options and the check that the [reports] extra is installed.

Numbers are checked by argparse as they are read (exit 2 with a message, never an error from a library
later): ``--timeout`` is whole seconds for nbclient, so a fraction is rounded up.
"""

from __future__ import annotations

import argparse

#: The modules of the [reports] extra the runner needs (import name), checked before any is imported.
EXTRA_MODULES = ("papermill", "nbconvert", "nbformat", "nbclient", "jupyter_client", "ipykernel", "jinja2",
                 "pydantic", "nh3", "yaml", "filelock")  # fmt: skip
PIP_EXTRA = "pip install 'kodaira-analysis[reports]'"
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


def seconds(text: str) -> int:
    """A --timeout: seconds, more than 0, up to a week; a fraction is rounded up (nbclient counts whole seconds).

    >>> seconds("30.5"), seconds("600")
    (31, 600)
    """
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"{text}: expected a number of seconds, more than 0, up to {MAX_SECONDS:,}")
    return math.ceil(value)


def wait_seconds(text: str) -> float:
    """A --wait: seconds, 0 or more, up to a week."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"{text}: expected a number of seconds, 0 or more, up to {MAX_SECONDS:,}")
    return value


def job_count(text: str) -> int:
    """A --jobs: a whole number from 1 to MAX_JOBS."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{text}: expected a whole number from 1 to {MAX_JOBS}")
    return value
