"""The reports folder the runner owns: its marker, its names, ``clean``, and the one reader of what it wrote.

A folder without the marker is written into only when new or empty (``.gitkeep`` aside), so ``--out ~/Documents``
is never filled or emptied by mistake; ``clean`` and the removal of leftovers touch only the runner's own names
(:data:`NAMES`), in a figures folder only the files its list names. The manifest and figure lists are read back
only as small regular files, never through a link, and the manifest only in the shape the runner writes.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import read_regular_file, write_atomic
from kodaira_analysis.page.links import LINKS_CSS
from kodaira_analysis.reports.model import NAME, ExitCode, FolderError, NotOwnedError

from . import warm

MARKER, MANIFEST, LOCK = ".kodaira-reports", "manifest.json", ".build.lock"
#: The build's runtime folder: kernelspec, connection files, sockets (removed at the end, or by the next build).
RUNTIME = ".runtime"
#: The largest manifest read back (a thousand reports take about 2 MB) and figure list (tens of 14-byte names).
MANIFEST_LIMIT, FIGURES_LIST_LIMIT = 32 * 1024 * 1024, 64 * 1024
_MARKER_TEXT = "This folder is written by kodaira-reports; `kodaira-reports clean` removes only what it wrote.\n"
#: In each report's figures folder: the names of the figure files the runner wrote there last, one a line.
FIGURES_LIST = ".kodaira-figures"
_JOB, _RANDOM = NAME.pattern, r"[A-Za-z0-9_]+"
#: The runner's names in each place of the reports folder ("figures/*": a report's figures folder): what it
#: writes there, and the temporary names a killed build leaves (write_atomic's, a job's staged files).
NAMES = {
    place: (re.compile(ours), re.compile(leftover))
    for place, ours, leftover in (
        ("", rf"{_JOB}\.(?:html|pdf)|manifest\.json|kodaira-links\.css",
         rf"\.(?:{_JOB}\.html|manifest\.json|kodaira-links\.css)\.{_RANDOM}\.tmp|\.{_JOB}\.pdf\.tmp"),
        ("errors", rf"{_JOB}\.html", rf"\.{_JOB}\.html\.{_RANDOM}\.tmp"),
        ("executed", rf"{_JOB}\.ipynb", rf"\.\.?{_JOB}\.{_RANDOM}\.ipynb(?:\.{_RANDOM}\.tmp)?"),
        ("figures", _JOB, rf"\.{_JOB}\.(?:tmp|old)-figures"),  # folders
        ("figures/*", r"figure-[0-9]{2,3}\.(?:png|svg)", rf"\.{re.escape(FIGURES_LIST)}\.{_RANDOM}\.tmp"),
    )
}  # fmt: skip
KEPT = {".gitkeep", MARKER}
log = logging.getLogger("kodaira_analysis.reports")


class Locked(KodairaError):
    """A build holds the folder's lock."""

    exit_code = ExitCode.LOCKED


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _real_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _items(folder: Path) -> list[Path]:
    """The entries of ``folder`` if it is a real folder (a link leads nowhere the runner touches)."""
    return list(folder.iterdir()) if _real_dir(folder) else []


def read_back(path: Path, limit: int) -> bytes:
    """The bytes of a file the runner wrote; KodairaError unless a regular file (not a link) of ``limit`` bytes."""
    if path.is_symlink():
        raise KodairaError(f"{path} is a symbolic link")
    return read_regular_file(path, limit)


def runner_figures(folder: Path) -> set[str]:
    """The figure files of figures/<report>/ the runner wrote: those its list names (no list: none).

    OSError: the list is not a small regular file.
    """
    listing = folder / FIGURES_LIST
    if not (listing.exists() or listing.is_symlink()):
        return set()
    try:
        names = read_back(listing, FIGURES_LIST_LIMIT).decode("utf-8", errors="replace").split()
    except KodairaError as exc:
        raise OSError(f"{listing} is not the list kodaira-reports writes ({exc}): remove it") from None
    return {name for name in names if NAMES["figures/*"][0].fullmatch(name)}


class _Printed(BaseModel):
    file: str
    page_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class _Record(BaseModel, strict=True):
    """A report's record as the runner writes it (the fields it reads back; others pass unchecked)."""

    status: str = ""
    report_status: str = ""
    input_hash: str | None = None
    last_success_at: str | None = None
    finished_at: str | None = None
    html: str | None = None
    error_page: str | None = None
    inputs: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    pdf: _Printed | None = None
    seconds: int | float | None = None
    parameters: dict[str, Any] = {}


class _Manifest(BaseModel, strict=True):
    """manifest.json as the runner writes it; a link is only ever the runner's own name for the report."""

    reports: dict[str, _Record] = {}
    jobs: list[str] = []
    last_build_at: str = ""

    @model_validator(mode="after")
    def _own_names(self) -> _Manifest:
        for name, record in self.reports.items():
            printed = record.pdf.file if record.pdf else None
            for field, value, own in (
                ("html", record.html, f"{name}.html"),
                ("error_page", record.error_page, f"errors/{name}.html"),
                ("pdf", printed, f"{name}.pdf"),
            ):
                if value not in (None, own):
                    raise ValueError(f"{name}.{field} is {value!r}, not what the runner writes")
        return self


def _checked_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder`` as the runner writes it; None when there is none (ValueError: another shape).

    FolderError: a link, FIFO, device or folder in its place, or a file over the limit (never read).
    """
    path = Path(folder) / MANIFEST
    if not (path.exists() or path.is_symlink()):
        return None
    try:
        data = json.loads(read_back(path, MANIFEST_LIMIT))
    except KodairaError as exc:  # before ValueError: a RawDataError is both
        raise FolderError(f"{path} is not the manifest kodaira-reports writes ({exc}); remove it") from None
    try:
        _Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(map(str, first["loc"])) or "the file"
        raise ValueError(f"{where}: {str(first['msg']).removeprefix('Value error, ')}") from None
    return {"reports": {}, **data}


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of the reports folder; empty when there is none or it is not the runner's (a warning).

    FolderError: it is a link, a FIFO, a device, a folder, or larger than the limit.
    """
    try:
        return _checked_manifest(out_dir) or {"reports": {}}
    except ValueError as exc:
        log.warning("%s: %s; treated as no earlier build (every report is rebuilt)", Path(out_dir) / MANIFEST, exc)
        return {"reports": {}}


def recorded_reports(folder: Path) -> set[str] | None:
    """The report names the runner's manifest.json in ``folder`` records, or None if it is not the runner's."""
    try:
        manifest = _checked_manifest(folder)
    except (KodairaError, ValueError):
        return None
    return None if manifest is None else set(manifest["reports"])


def claim(out_dir: Path) -> None:
    """Create and mark ``out_dir``, adopt it if empty, or refuse it (NotOwnedError: not ours; OSError: not markable)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotOwnedError(f"{out_dir} is not a folder. Nothing was built.")
    if owns(out_dir):
        return
    contents = sorted(p.name for p in out_dir.iterdir() if p.name not in KEPT | {LOCK}) if out_dir.is_dir() else []
    if contents:
        raise NotOwnedError(
            f"{out_dir} is not empty and was not created by kodaira-reports (no {MARKER} file; it holds e.g. "
            f"{contents[:3]}). Give an empty or new folder with --out; nothing was changed."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def owns(out_dir: Path) -> bool:
    """Whether the folder carries the runner's marker."""
    return (Path(out_dir) / MARKER).is_file()


def _figure_folders(out_dir: Path) -> list[Path]:
    """The reports' figure folders: real folders named as a report."""
    named = NAMES["figures"][0]
    return [item for item in _items(out_dir / "figures") if named.fullmatch(item.name) and _real_dir(item)]


def remove_leftovers(out_dir: Path) -> int:
    """Remove the temporary files a killed build left (only the runner's own temporary names)."""
    removed = 0
    for place, (_, leftover) in NAMES.items():
        for folder in _figure_folders(out_dir) if place == "figures/*" else [out_dir / place]:
            for item in (item for item in _items(folder) if leftover.fullmatch(item.name)):
                if place == "figures" and _real_dir(item):  # a job's staged figures
                    shutil.rmtree(item)
                elif place != "figures" and _real_file(item):
                    item.unlink(missing_ok=True)
                else:
                    continue
                removed += 1
    warm.remove_runtime(out_dir / RUNTIME)
    return removed


def clean(out_dir: Path) -> tuple[int, list[str]]:
    """Remove what the runner wrote (what its manifest records: notes.html stays); the count, the names kept.

    NotOwnedError: the folder has no marker.
    """
    out_dir = Path(out_dir)
    if not owns(out_dir):
        raise NotOwnedError(
            f"{out_dir} has no {MARKER} file: kodaira-reports did not create it, so clean leaves it alone."
        )
    removed, kept = remove_leftovers(out_dir), []
    manifest = recorded_reports(out_dir)
    recorded = manifest or set()

    def remove(item: Path, ours: bool, shown: str) -> None:
        nonlocal removed
        if ours and _real_file(item):
            item.unlink()
            removed += 1
        else:
            kept.append(shown)

    for sub in ("errors", "executed"):
        for item in _items(out_dir / sub):
            remove(item, bool(NAMES[sub][0].fullmatch(item.name)) and item.stem in recorded, f"{sub}/{item.name}")
        _remove_if_empty(out_dir / sub)
    recorded_folders = [folder for folder in _figure_folders(out_dir) if folder.name in recorded]
    for folder in _items(out_dir / "figures"):
        if folder not in recorded_folders:
            kept.append(f"figures/{folder.name}")
            continue
        try:
            drawn = runner_figures(folder)
        except OSError:  # a list that is not the runner's: nothing in the folder is taken for its own
            kept.extend(f"figures/{folder.name}/{item.name}" for item in folder.iterdir())
            continue
        for item in folder.iterdir():
            if item.name != FIGURES_LIST:
                remove(item, item.name in drawn, f"figures/{folder.name}/{item.name}")
        if [item for item in folder.iterdir() if item.name != FIGURES_LIST]:
            write_atomic(folder / FIGURES_LIST, "")  # what is left is not the runner's: an empty list says so
        else:
            (folder / FIGURES_LIST).unlink(missing_ok=True)
            folder.rmdir()
    _remove_if_empty(out_dir / "figures")
    for item in out_dir.iterdir():
        if item.name in KEPT | {"errors", "executed", "figures", LOCK}:
            continue
        page = item.stem in recorded or item.name in ("index.html", LINKS_CSS)
        ours = page or (item.name == MANIFEST and manifest is not None)
        remove(item, ours and bool(NAMES[""][0].fullmatch(item.name)), item.name)
    return removed, sorted(kept)


def _remove_if_empty(folder: Path) -> None:
    if _real_dir(folder) and not any(folder.iterdir()):
        folder.rmdir()
