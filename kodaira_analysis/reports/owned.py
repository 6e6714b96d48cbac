"""The reports folder belongs to the runner only when it says so: a marker file, and only the runner's names.

``build`` writes the marker ``.kodaira-reports`` when it creates a folder or first adopts an empty one
(``.gitkeep`` aside); a folder that is not empty and has no marker is refused, so ``--out ~/Documents`` can
never be filled or emptied by mistake. ``clean`` and the removal of leftovers touch only the names the runner
itself writes, and only in a folder with the marker. What the runner reads back (the manifest, figure lists)
is read only as a small regular file (:func:`kodaira_analysis.files.read_regular_file`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import read_regular_file, write_atomic
from kodaira_analysis.reports.model import NAME, ExitCode

from . import warm
from .links import LINKS_CSS

MARKER = ".kodaira-reports"
MANIFEST = "manifest.json"
LOCK = ".build.lock"
#: The build's runtime folder: kernelspec, connection files, sockets (removed at the end, or by the next build).
RUNTIME = ".runtime"
#: The largest manifest the runner reads back (a thousand reports take about 2 MB).
MANIFEST_LIMIT = 32 * 1024 * 1024
_MARKER_TEXT = "This folder is written by kodaira-reports; `kodaira-reports clean` removes only what it wrote.\n"
_JOB = NAME.pattern
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
KEPT = {".gitkeep", MARKER}


class NotOwnedError(KodairaError):
    """A reports folder the runner did not create: it refuses to write into it or empty it."""

    exit_code = ExitCode.CONFIG


class Locked(KodairaError):
    """A build holds the folder's lock."""

    exit_code = ExitCode.LOCKED


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _real_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def read_back(path: Path, limit: int) -> bytes:
    """The bytes of a file the runner wrote; KodairaError unless a regular file (not a link) of ``limit`` bytes."""
    if path.is_symlink():
        raise KodairaError(f"{path} is a symbolic link")
    return read_regular_file(path, limit)


def runner_figures(folder: Path) -> set[str]:
    """The figure files of ``folder`` (figures/<report>/) that the runner wrote: those its list names.

    A file a reader put there under a figure's name is not among them; without a list (a folder written
    before it existed) every figure-NN name counts. OSError: the list is not a small regular file.
    """
    listing = folder / FIGURES_LIST
    if not (listing.exists() or listing.is_symlink()):
        return {p.name for p in folder.iterdir() if FIGURES_FILE.fullmatch(p.name)} if folder.is_dir() else set()
    try:
        names = read_back(listing, FIGURES_LIST_LIMIT).decode("utf-8", errors="replace").split()
    except KodairaError as exc:
        raise OSError(f"{listing} is not the list kodaira-reports writes ({exc}): remove it") from None
    return {name for name in names if FIGURES_FILE.fullmatch(name)}


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


def load_manifest(folder: Path) -> dict[str, Any]:
    """The manifest.json of ``folder``, checked to be as the runner writes it.

    KodairaError: not a small regular file (a link, FIFO, device, folder, too large); ValueError: not JSON, or
    not the runner's shape (the message says where).
    """
    data = json.loads(read_back(Path(folder) / MANIFEST, MANIFEST_LIMIT))
    try:
        _Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(map(str, first["loc"])) or "the file"
        raise ValueError(f"{where}: {str(first['msg']).removeprefix('Value error, ')}") from None
    return dict(data)


def recorded_reports(folder: Path) -> set[str] | None:
    """The report names the runner's manifest.json in ``folder`` records, or None if it is not the runner's."""
    try:
        reports = load_manifest(folder).get("reports")
    except (KodairaError, ValueError):
        return None
    if reports is None or not all("status" in record or "finished_at" in record for record in reports.values()):
        return None
    return set(reports)


def _runner_files(folder: Path) -> bool:
    # Only what an earlier runner wrote (before the marker): its names, its manifest and the pages it records.
    recorded = recorded_reports(folder)
    return recorded is not None and all(
        item.name in KEPT
        or TOP_LEFTOVER.fullmatch(item.name)
        or (TOP_LEVEL.fullmatch(item.name) and (item.suffix not in {".html", ".pdf"} or item.stem in recorded))
        or item.name == "index.html"
        for item in folder.iterdir()
    )


def claim(out_dir: Path) -> None:
    """Make sure the runner may write into ``out_dir``: create and mark it, adopt it, or refuse it.

    NotOwnedError: a file, or a folder that holds anything else, and no marker; OSError: it cannot be marked.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotOwnedError(f"{out_dir} is not a folder. Nothing was built.")
    if owns(out_dir):
        return
    contents = sorted(p.name for p in out_dir.iterdir() if p.name not in KEPT | {LOCK}) if out_dir.is_dir() else []
    if contents and not _runner_files(out_dir):
        raise NotOwnedError(
            f"{out_dir} is not empty and was not created by kodaira-reports (no {MARKER} file; it holds e.g. "
            f"{contents[:3]}). Give an empty or new folder with --out; nothing was changed."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def owns(out_dir: Path) -> bool:
    """Whether the folder carries the runner's marker."""
    return (Path(out_dir) / MARKER).is_file()


def _unlink_matching(folder: Path, pattern: re.Pattern[str]) -> int:
    """Remove the regular files of a real ``folder`` whose names match ``pattern``; return how many."""
    found = [p for p in folder.iterdir() if pattern.fullmatch(p.name) and _real_file(p)] if _real_dir(folder) else []
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)


def remove_leftovers(out_dir: Path) -> int:
    """Remove the temporary files a killed build left (only the runner's own temporary names)."""
    removed = _unlink_matching(out_dir, TOP_LEFTOVER)
    removed += _unlink_matching(out_dir / "errors", ERRORS_LEFTOVER)
    removed += _unlink_matching(out_dir / "executed", EXECUTED_LEFTOVER)
    figures = out_dir / "figures"
    for item in figures.iterdir() if _real_dir(figures) else ():
        if FIGURES_LEFTOVER.fullmatch(item.name) and _real_dir(item):
            shutil.rmtree(item)
            removed += 1
        elif FIGURES_FOLDER.fullmatch(item.name):
            removed += _unlink_matching(item, FIGURES_LIST_LEFTOVER)  # the list's own write_atomic, cut short
    warm.remove_runtime(out_dir / RUNTIME)
    return removed


def clean(out_dir: Path) -> tuple[int, list[str]]:
    """Remove what the runner wrote into its folder; return the count and the names left alone.

    Only what its manifest records: a file that merely looks like a report (notes.html) stays.

    Raises:
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

    for sub, pattern in (("errors", ERRORS_FILE), ("executed", EXECUTED_FILE)):
        folder = out_dir / sub
        for item in folder.iterdir() if _real_dir(folder) else ():
            remove(item, bool(pattern.fullmatch(item.name)) and item.stem in recorded, f"{sub}/{item.name}")
        _remove_if_empty(folder)
    figures = out_dir / "figures"
    for folder in figures.iterdir() if _real_dir(figures) else ():
        if not (FIGURES_FOLDER.fullmatch(folder.name) and folder.name in recorded and _real_dir(folder)):
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
    _remove_if_empty(figures)
    for item in out_dir.iterdir():
        if item.name in KEPT | {"errors", "executed", "figures", LOCK}:
            continue
        page = (item.suffix in {".html", ".pdf"} and item.stem in recorded) or item.name in ("index.html", LINKS_CSS)
        ours = page or (item.name == MANIFEST and manifest is not None)
        remove(item, ours and bool(TOP_LEVEL.fullmatch(item.name)), item.name)
    return removed, sorted(kept)


def _remove_if_empty(folder: Path) -> None:
    if _real_dir(folder) and not any(folder.iterdir()):
        folder.rmdir()
