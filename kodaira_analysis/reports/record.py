"""What a build writes and says about its jobs once they ran: manifest entries, error pages, PDFs, the summary.

The runner (:mod:`.runner`) decides what to build and runs it; this module records each result in the
manifest (one entry per report, with the hash of every input on success), writes each failure's error
page, prints the committee PDFs that were not printed yet, logs the timings and failures, and prints the
summary table on stdout.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import execute
from .config import Job
from .index import report_status, write_error_page
from .logs import error
from .state import input_digest, read_manifest, write_atomic, write_manifest

log = logging.getLogger("kodaira_analysis.reports")
Say = Callable[[str], None]


def _entry(job: Job, manifest: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The manifest entry of a job, updated with its description and the given fields."""
    entry = manifest["reports"].setdefault(job.name, {})
    entry.update(
        title=job.title, notebook=job.notebook.name, audience=job.audience, parameters=job.parameters, **fields
    )
    return entry


def record(job: Job, result: dict[str, Any], inputs: dict[str, str], manifest: dict[str, Any], out_dir: Path) -> None:
    """Record one job's result; on success, the hash of each input (kept from the last success otherwise)."""
    entry = _entry(
        job, manifest, status=result["status"], seconds=result.get("seconds"), finished_at=result.get("finished_at")
    )
    error_page = out_dir / "errors" / f"{job.name}.html"
    if result["status"] == execute.OK:
        entry.update(
            input_hash=input_digest(inputs),
            inputs=inputs,
            last_success_at=result["finished_at"],
            html=f"{job.name}.html",
            html_bytes=result.get("html_bytes"),
            kernel_seconds=result.get("kernel_seconds"),
        )
        entry.pop("error_page", None)
        entry.pop("error", None)
        error_page.unlink(missing_ok=True)
    else:
        entry["input_hash"] = None
        entry["error"] = {k: result.get(k) for k in ("error_type", "error", "cell_index")}
        has_last_good = (out_dir / f"{job.name}.html").is_file()
        write_atomic(error_page, write_error_page(job.to_dict(), result, has_last_good))
        entry["error_page"] = f"errors/{job.name}.html"
    entry["report_status"] = report_status(entry, (out_dir / f"{job.name}.html").is_file())


def record_skipped(job: Job, manifest: dict[str, Any]) -> None:
    """Record a job left out of this build (a source it requires is missing)."""
    _entry(job, manifest, status=execute.SKIPPED, report_status="skipped", input_hash=None)


def write_if_changed(out_dir: Path, manifest: dict[str, Any], index_html: str) -> None:
    """Write the manifest and index only when they change, so a no-op build changes no file."""
    if read_manifest(out_dir) != manifest:
        write_manifest(out_dir, manifest)
    index = out_dir / "index.html"
    if not index.is_file() or index.read_text(encoding="utf-8") != index_html:
        write_atomic(index, index_html)


def log_timing(result: dict[str, Any]) -> None:
    """-v: where one job's time went."""
    log.debug(
        "%s: %s in %s s (kernel %s s executing cells), %s bytes of HTML, %s figure file(s), finished %s",
        result.get("name"),
        result.get("status"),
        result.get("seconds"),
        result.get("kernel_seconds"),
        result.get("html_bytes"),
        result.get("figure_files"),
        result.get("finished_at"),
    )


def report_failures(todo: list[Job], results: dict[str, Any], out_dir: Path, config: Path) -> None:
    """One error line per job that failed in this build: what failed, where to read more."""
    for job in todo:
        result = results[job.name]
        if result["status"] == execute.OK:
            continue
        last_line = next((line for line in reversed(str(result.get("error") or "").splitlines()) if line.strip()), "")
        cell = f" in cell {result['cell_index']}" if result.get("cell_index") is not None else ""
        kept = "the last good report is kept" if (out_dir / f"{job.name}.html").is_file() else "no report yet"
        error(
            f"{job.name}: {result['status']}{cell} ({result.get('error_type')}: {last_line[:300]}); "
            f"see {out_dir / 'errors' / f'{job.name}.html'}; {kept}",
            config,
        )


def print_pdfs(todo: list[Job], results: dict[str, Any], out_dir: Path, say: Say, *, up_to_date: list[Job]) -> int:
    """A PDF beside each committee report, when Playwright and a Chromium are here; return how many were printed.

    Printed: the committee reports this run built, and those ``up_to_date`` with no PDF printed from their
    page (a build with ``--no-pdf``, or before Chromium was installed, or whose printing failed, left none).
    """
    from . import pdf

    def page(job: Job) -> Path:
        return out_dir / f"{job.name}.html"

    built = [
        job for job in todo if job.audience == "committee" and results.get(job.name, {}).get("status") == execute.OK
    ]
    behind = [
        job
        for job in up_to_date
        if job.audience == "committee" and page(job).is_file() and pdf.current(page(job)) is None
    ]
    pages = [page(job) for job in built + behind]
    if not pages:
        return 0
    reason = pdf.available()
    if reason:
        say(f"no PDFs: {reason}")
        return 0
    for job in behind:
        say(f"{job.name}: up to date; its PDF is missing or older than its page: printing it")
    try:
        printed = len(pdf.print_pdfs(pages))
    except Exception as exc:  # the HTML reports are the product; a PDF that cannot be printed is reported, not fatal
        detail = getattr(exc, "stderr", b"") or b""
        printed = sum(pdf.current(page) is not None for page in pages)  # those printed before, or beside, it
        log.warning(
            f"printing failed ({type(exc).__name__}: {exc} {detail.decode(errors='replace')[-500:]}); "
            f"{printed} of {len(pages)} PDF(s) printed"
        )
        return printed
    say(f"printed {printed} PDF(s) beside the reports")
    return printed


def summary(selected: list[Job], todo: list[Job], manifest: dict[str, Any], out_dir: Path) -> None:
    """The build's result on stdout: each report's status, time and file, and the index."""

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"{'report':<32} {'status':<12} {'seconds':>8}  file")
    for job in selected:
        entry = manifest["reports"].get(job.name, {})
        status = entry.get("report_status", "?") if job in todo or entry.get("status") == "skipped" else "up to date"
        seconds = entry.get("seconds") if job in todo else None
        target = entry.get("error_page") if status in ("stale", "failed") else entry.get("html", "")
        say(
            f"{job.name:<32} {status:<12} {'' if seconds is None else f'{seconds:8.1f}':>8}  {out_dir / (target or '')}"
        )
    say(f"index: {out_dir / 'index.html'}")
