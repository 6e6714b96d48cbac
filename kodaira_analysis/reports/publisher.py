"""Put a job's files in place and record it, in one step no signal cuts; the manifest; the build lock.

With SIGTERM and SIGINT blocked, :func:`publish` renames what a job staged into place, records the result and
writes the manifest whole: a page in place is a page recorded. It writes only into real folders, never links.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import write_atomic

from . import signals
from .model import FolderError, JobResult, Outcome, Staged
from .owned import LOCK, MANIFEST

if TYPE_CHECKING:
    from filelock import FileLock

    from .config import Job

#: The folders a build writes into, inside the reports folder.
FOLDERS = ("errors", "executed", "figures")


class NotRecorded(OSError):
    """The manifest could not be written after a job's page was put in place."""

    def __init__(self, name: str, exc: OSError) -> None:
        super().__init__(exc.errno, f"{exc.strerror or exc}", exc.filename)
        self.name = name


def own_folders(out_dir: Path) -> None:
    """Make each folder a build writes into a real folder (created if missing); FolderError: a link or a file."""
    for folder in (out_dir / name for name in FOLDERS):
        try:
            mode = folder.lstat().st_mode
        except FileNotFoundError:
            folder.mkdir()
            continue
        if stat.S_ISLNK(mode):
            raise FolderError(f"{folder} is a symbolic link: the runner writes only into a real folder; remove it")
        if not stat.S_ISDIR(mode):
            raise FolderError(f"{folder} is not a folder: remove it")


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest whole (stage and rename)."""
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))


def entry(job: Job, manifest: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The manifest entry of a job, updated with its description and ``fields``."""
    found: dict[str, Any] = manifest["reports"].setdefault(job.name, {})
    found.update(title=job.title, notebook=job.notebook.name, audience=job.audience, parameters=job.parameters)
    found.update(fields)
    return found


def put_in_place(result: JobResult, out_dir: Path) -> JobResult:
    """Rename what the job staged into place (its executed notebook always; on success figures and page).

    What is not put in place is removed.
    """
    from .figures import StagedFigures

    staged = result.staged
    try:
        if staged.notebook and Path(staged.notebook).is_file():
            Path(staged.notebook).replace(out_dir / "executed" / f"{result.name}.ipynb")
        if result.ok and staged.html and staged.figures:
            StagedFigures.at(out_dir, result.name, Path(staged.figures)).swap()
            Path(staged.html).replace(out_dir / f"{result.name}.html")
    except (OSError, KodairaError) as exc:  # a full disk; a figure list that is not the one staged
        return dataclasses.replace(
            result,
            outcome=Outcome.WRITE_ERROR,
            error_type=type(exc).__name__,
            error=f"cannot put {result.name}'s report in place in {out_dir}: {exc}",
        )
    finally:
        discard(staged)
    return result


def discard(staged: Staged) -> None:
    """Remove what a job staged and nothing put in place (the files are gone once renamed)."""
    for name in (staged.notebook, staged.html):
        if name:
            Path(name).unlink(missing_ok=True)
    if staged.figures:
        shutil.rmtree(staged.figures, ignore_errors=True)


def publish(job: Job, result: JobResult, inputs: dict[str, str], manifest: dict[str, Any], out_dir: Path) -> JobResult:
    """Put a job's files in place, record it and write the manifest, with signals blocked; return the result.

    On success the page replaces the last one, with the hash of each input; on failure the last good page stays
    beside an error page. NotRecorded: the page is in place but the manifest unwritten; OSError: nothing placed.
    """
    from .index import report_status, write_error_page
    from .status import sha256_json

    with signals.held():
        result = put_in_place(result, out_dir)
        page, error_page = out_dir / f"{job.name}.html", out_dir / "errors" / f"{job.name}.html"
        found = entry(job, manifest, status=str(result.outcome), seconds=result.seconds, finished_at=result.finished_at)
        if result.ok:
            found.update(
                input_hash=sha256_json(inputs), inputs=inputs, last_success_at=result.finished_at, html=page.name
            )
            found.update(html_bytes=result.html_bytes, kernel_seconds=result.kernel_seconds)
            found.pop("error_page", None)
            found.pop("error", None)
            error_page.unlink(missing_ok=True)
        else:
            details = result.as_dict()
            found["input_hash"] = None
            found["error"] = {k: details.get(k) for k in ("error_type", "error", "cell_index")}
            write_atomic(error_page, write_error_page(job.to_dict(), details, page.is_file()))
            found["error_page"] = f"errors/{job.name}.html"
        found["report_status"] = report_status(found, page.is_file())
        try:
            write_manifest(out_dir, manifest)
        except OSError as exc:
            raise NotRecorded(job.name, exc) if result.ok else exc from None
    return result


def acquire_lock(out_dir: Path, wait: float, stop: signals.StopFlag) -> FileLock | None:
    """The build lock of ``out_dir``, waiting up to ``wait`` s in short steps (a signal stops the wait), or None."""
    from filelock import FileLock, Timeout

    lock = FileLock(out_dir / LOCK)
    deadline = time.monotonic() + max(wait, 0)
    while True:
        try:
            lock.acquire(timeout=min(0.1, max(deadline - time.monotonic(), 0)))
            return lock
        except Timeout:
            if stop or time.monotonic() >= deadline:
                return None
