"""The reports folder belongs to the runner only when it says so: a marker file, and only the runner's names.

``build`` writes the marker ``.kodaira-reports`` when it creates a folder or
first adopts an empty one (``.gitkeep`` aside); a folder that is not empty
and has no marker is refused, so ``--out ~/Documents`` can never be filled or
emptied by mistake. ``clean`` and the removal of leftovers touch only the
names the runner itself writes, and only in a folder with the marker.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import write_atomic
from kodaira_analysis.reports import sockets
from kodaira_analysis.reports.model import ExitCode

MARKER = ".kodaira-reports"
MANIFEST = "manifest.json"
LOCK = ".build.lock"
#: The largest manifest the runner reads back (a thousand reports take about 2 MB).
MANIFEST_LIMIT = 32 * 1024 * 1024
#: The stylesheet that turns on the pages' links to one another (links.LINKS_CSS), written beside the index.
LINKS_CSS = "kodaira-links.css"
_MARKER_TEXT = "This folder is written by kodaira-reports; `kodaira-reports clean` removes only what it wrote.\n"
#: Names the runner writes: ASCII only, with [0-9], never \d (which also matches other scripts' digits: a file so
#: named is not the runner's, and is never removed).
_JOB = r"[a-z0-9][a-z0-9-]{0,63}"
_RANDOM = r"[A-Za-z0-9_]+"
#: What the runner writes at the top of its folder (besides the marker).
TOP_LEVEL = re.compile(
    rf"(?:{_JOB}\.(?:html|pdf)|manifest\.json|kodaira-links\.css|\.build\.lock|errors|executed|figures|\.runtime)"
)
#: write_atomic's temporary names (``.<name>.<random>.tmp``) of the files the runner writes.
TOP_LEFTOVER = re.compile(rf"\.(?:{_JOB}\.html|manifest\.json|kodaira-links\.css)\.{_RANDOM}\.tmp|\.{_JOB}\.pdf\.tmp")
ERRORS_FILE = re.compile(rf"{_JOB}\.html")
ERRORS_LEFTOVER = re.compile(rf"\.{_JOB}\.html\.{_RANDOM}\.tmp")
EXECUTED_FILE = re.compile(rf"{_JOB}\.ipynb")
EXECUTED_LEFTOVER = re.compile(rf"\.\.?{_JOB}\.{_RANDOM}\.ipynb(?:\.{_RANDOM}\.tmp)?")
FIGURES_FOLDER = re.compile(_JOB)
FIGURES_FILE = re.compile(r"figure-[0-9]{2,3}\.(?:png|svg)")
FIGURES_LEFTOVER = re.compile(rf"\.{_JOB}\.(?:tmp|old)-figures")
#: In each report's figures folder: the names of the figure files the runner wrote there last, one a line.
FIGURES_LIST = ".kodaira-figures"
FIGURES_LIST_LEFTOVER = re.compile(rf"\.{re.escape(FIGURES_LIST)}\.{_RANDOM}\.tmp")
#: The largest list the runner reads (a report has tens of figures, each name 14 bytes).
FIGURES_LIST_LIMIT = 64 * 1024


def runner_figures(folder: Path) -> set[str]:
    """The figure files of ``folder`` (figures/<report>/) that the runner wrote, by name.

    Those its list names (:data:`FIGURES_LIST`); a file a reader put there under a figure's name
    (figure-99.png) is not among them, and a line that is not a figure's name counts for nothing. A folder
    written before the list existed has none: there, every figure-NN name counts.

    Raises:
        OSError: the list is not a small regular file (a FIFO, a symbolic link, a folder, over 64 KiB).
    """
    from kodaira_analysis.errors import KodairaError
    from kodaira_analysis.files import read_regular_file

    listing = folder / FIGURES_LIST
    if not os.path.lexists(listing):
        return (
            {item.name for item in folder.iterdir() if FIGURES_FILE.fullmatch(item.name)} if folder.is_dir() else set()
        )
    if listing.is_symlink():
        raise OSError(f"{listing} is a symbolic link, not the list kodaira-reports writes: remove it")
    try:
        data = read_regular_file(listing, FIGURES_LIST_LIMIT)
    except KodairaError as exc:
        raise OSError(f"{listing} is not the list kodaira-reports writes ({exc}): remove it") from None
    return {name for name in data.decode("utf-8", errors="replace").split() if FIGURES_FILE.fullmatch(name)}


KEPT = {".gitkeep", MARKER}


class NotOwnedError(KodairaError):
    """A reports folder the runner did not create: it refuses to write into it or empty it."""

    exit_code = ExitCode.CONFIG


class Locked(KodairaError):
    """A build holds the folder's lock."""

    exit_code = ExitCode.LOCKED


def recorded_reports(folder: Path) -> set[str] | None:
    """The report names the runner's manifest.json in ``folder`` records, or None if it is not one.

    A manifest.json of another program (a web app's, a site generator's) has no ``reports`` mapping of
    records with a ``status`` or ``finished_at`` (a skipped report's record has no ``finished_at``). It is
    read only as a small regular file (never a FIFO, a device or a link).
    """
    import json

    from kodaira_analysis.files import read_regular_file

    path = folder / MANIFEST
    try:
        if path.is_symlink():
            return None
        manifest = json.loads(read_regular_file(path, MANIFEST_LIMIT))
    except (KodairaError, UnicodeDecodeError, ValueError):
        return None
    reports = manifest.get("reports") if isinstance(manifest, dict) else None
    if not isinstance(reports, dict) or not all(
        isinstance(name, str) and isinstance(record, dict) and ("status" in record or "finished_at" in record)
        for name, record in reports.items()
    ):
        return None
    return set(reports)


def _runner_files(folder: Path) -> bool:
    """Whether the folder holds only what an earlier runner wrote (a folder built before the marker).

    Every name is one the runner writes, the manifest is the runner's, and every page at the top is a report
    that manifest records (or the index): a folder of someone else's index.html and manifest.json is not.
    """
    recorded = recorded_reports(folder)
    if recorded is None:
        return False
    for item in folder.iterdir():
        if item.name in KEPT or TOP_LEFTOVER.fullmatch(item.name):
            continue
        if not TOP_LEVEL.fullmatch(item.name):
            return False
        if item.suffix in {".html", ".pdf"} and item.stem not in recorded and item.name != "index.html":
            return False
    return True


def claim(out_dir: Path) -> None:
    """Make sure the runner may write into ``out_dir``: create and mark it, adopt it, or refuse it.

    A folder is adopted (marked) when it is new, empty (``.gitkeep`` aside), or holds only what an
    earlier version of the runner wrote (with its manifest.json).

    Raises:
        NotOwnedError: a file, or a folder that holds anything else, and no marker.
        OSError: the folder cannot be created or marked (read-only, full).
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotOwnedError(f"{out_dir} is not a folder. Nothing was built.")
    if (out_dir / MARKER).is_file():
        return
    if out_dir.is_dir():
        contents = [p.name for p in out_dir.iterdir() if p.name not in KEPT and p.name != LOCK]
        if contents and not _runner_files(out_dir):
            raise NotOwnedError(
                f"{out_dir} is not empty and was not created by kodaira-reports (no {MARKER} file; it holds e.g. "
                f"{sorted(contents)[:3]}). Give an empty or new folder with --out; nothing was changed."
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def owns(out_dir: Path) -> bool:
    """Whether the folder carries the runner's marker."""
    return (Path(out_dir) / MARKER).is_file()


def remove_leftovers(out_dir: Path) -> int:
    """Remove the temporary files a killed build left (only the runner's own temporary names)."""
    removed = 0
    for folder, pattern in (
        (out_dir, TOP_LEFTOVER),
        (out_dir / "errors", ERRORS_LEFTOVER),
        (out_dir / "executed", EXECUTED_LEFTOVER),
    ):
        if not folder.is_dir() or folder.is_symlink():
            continue
        for item in folder.iterdir():
            if pattern.fullmatch(item.name) and item.is_file() and not item.is_symlink():
                item.unlink(missing_ok=True)
                removed += 1
    figures = out_dir / "figures"
    if figures.is_dir() and not figures.is_symlink():
        for item in figures.iterdir():
            if FIGURES_LEFTOVER.fullmatch(item.name) and item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
                removed += 1
            elif FIGURES_FOLDER.fullmatch(item.name) and item.is_dir() and not item.is_symlink():
                for leftover in item.iterdir():  # the list's own write_atomic, cut short
                    if FIGURES_LIST_LEFTOVER.fullmatch(leftover.name) and leftover.is_file():
                        leftover.unlink(missing_ok=True)
                        removed += 1
    sockets.remove_runtime(out_dir / ".runtime")
    return removed


def clean(out_dir: Path) -> tuple[int, list[str]]:
    """Remove what the runner wrote into its folder; return the count and the names left alone.

    Raises:
        NotOwnedError: the folder has no marker.
    """
    out_dir = Path(out_dir)
    if not owns(out_dir):
        raise NotOwnedError(
            f"{out_dir} has no {MARKER} file: kodaira-reports did not create it, so clean leaves it alone."
        )
    removed, kept = remove_leftovers(out_dir), []
    # Only what the manifest says the runner wrote: a file that merely looks like a report (notes.html) stays.
    manifest = recorded_reports(out_dir)
    recorded = manifest or set()

    def written(name: str, suffix: str, pattern: re.Pattern) -> bool:
        return bool(pattern.fullmatch(name)) and name.endswith(suffix) and name[: -len(suffix)] in recorded

    for sub, pattern, suffix in (("errors", ERRORS_FILE, ".html"), ("executed", EXECUTED_FILE, ".ipynb")):
        folder = out_dir / sub
        if folder.is_dir() and not folder.is_symlink():
            for item in folder.iterdir():
                if written(item.name, suffix, pattern) and item.is_file() and not item.is_symlink():
                    item.unlink()
                    removed += 1
                else:
                    kept.append(f"{sub}/{item.name}")
            if not any(folder.iterdir()):
                folder.rmdir()
    figures = out_dir / "figures"
    if figures.is_dir() and not figures.is_symlink():
        for folder in figures.iterdir():
            if not (
                FIGURES_FOLDER.fullmatch(folder.name)
                and folder.name in recorded
                and folder.is_dir()
                and not folder.is_symlink()
            ):
                kept.append(f"figures/{folder.name}")
                continue
            try:
                drawn = runner_figures(folder)
            except OSError:  # a list that is not the runner's: nothing in the folder is taken for its own
                kept.extend(f"figures/{folder.name}/{item.name}" for item in folder.iterdir())
                continue
            for item in folder.iterdir():
                if item.name in drawn and item.is_file() and not item.is_symlink():
                    item.unlink()
                    removed += 1
                elif item.name != FIGURES_LIST:
                    kept.append(f"figures/{folder.name}/{item.name}")
            if not [item for item in folder.iterdir() if item.name != FIGURES_LIST]:
                (folder / FIGURES_LIST).unlink(missing_ok=True)
                folder.rmdir()
            else:  # what is left is not the runner's: an empty list says so to the next build
                write_atomic(folder / FIGURES_LIST, "")
        if not any(figures.iterdir()):
            figures.rmdir()
    for item in out_dir.iterdir():
        if item.name in KEPT or item.name in ("errors", "executed", "figures", LOCK):
            continue
        page = (item.suffix in {".html", ".pdf"} and item.stem in recorded) or item.name in ("index.html", LINKS_CSS)
        ours = page or (item.name == MANIFEST and manifest is not None)
        if ours and TOP_LEVEL.fullmatch(item.name) and item.is_file():
            if not item.is_symlink():
                item.unlink()
                removed += 1
                continue
        kept.append(item.name)
    return removed, sorted(kept)
