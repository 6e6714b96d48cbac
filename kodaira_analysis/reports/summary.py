"""What a build says once its jobs ran: the summary table on stdout, one error line per failure, the PDFs."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import BuildContext, JobResult

if TYPE_CHECKING:
    from .config import Job
    from .signals import StopFlag

log = logging.getLogger("kodaira_analysis.reports")


def print_summary(selected: list[Job], todo: list[Job], manifest: dict[str, Any], out_dir: Path) -> None:
    """The build's result on stdout: each report's status, time and file, and the index."""
    lines = [f"{'report':<32} {'status':<12} {'seconds':>8}  file"]
    for job in selected:
        entry = manifest["reports"].get(job.name, {})
        skipped = entry.get("status") == "skipped"
        status = entry.get("report_status", "?") if job in todo or skipped else "up to date"
        seconds = entry.get("seconds") if job in todo else None
        target = entry.get("error_page") if status in ("stale", "failed") else entry.get("html", "")
        shown = "" if seconds is None else f"{seconds:8.1f}"
        lines.append(f"{job.name:<32} {status:<12} {shown:>8}  {out_dir / (target or '')}")
    lines.append(f"index: {out_dir / 'index.html'}")
    print("\n".join(lines), flush=True)


def report_failures(todo: list[Job], results: dict[str, JobResult], out_dir: Path, ctx: BuildContext) -> None:
    """One error line per job that failed in this build: what failed, where to read more."""
    for job in todo:
        result = results[job.name]
        if result.ok:
            continue
        lines = [line for line in str(result.error or "").splitlines() if line.strip()]
        cell = f" in cell {result.cell.index}" if result.cell is not None else ""
        kept = "the last good report is kept" if (out_dir / f"{job.name}.html").is_file() else "no report yet"
        ctx.error(
            f"{job.name}: {result.outcome}{cell} ({result.error_type}: {(lines[-1] if lines else '')[:300]}); "
            f"see {out_dir / 'errors' / f'{job.name}.html'}; {kept}"
        )


def print_pdfs(
    todo: list[Job], results: dict[str, JobResult], up_to_date: list[Job], out_dir: Path, stop: StopFlag
) -> int:
    """A PDF beside each committee report built now, or up to date without a current PDF; return how many.

    Printed by Chromium in a child process; a stop flag lets it finish the page in hand and print no more.
    """
    from . import pdf

    def page(job: Job) -> Path:
        return out_dir / f"{job.name}.html"

    built = [job for job in todo if job.audience == "committee" and job.name in results and results[job.name].ok]
    behind = [j for j in up_to_date if j.audience == "committee" and page(j).is_file() and pdf.current(page(j)) is None]
    pages = [page(job) for job in built + behind]
    if not pages:
        return 0
    reason = pdf.available()
    if reason:
        log.info(f"no PDFs: {reason}")
        return 0
    for job in behind:
        log.info(f"{job.name}: up to date; its PDF is missing or older than its page: printing it")
    printer = pdf.Printer()
    printer.submit(pages)
    if printer.process.stdin is not None:
        printer.process.stdin.close()  # no page more: it exits once these are printed
    while printer.process.poll() is None:
        if stop:
            printer.cut_short()
            break
        time.sleep(0.1)
    printer.stop(wait=60)
    printed = sum(pdf.current(p) is not None for p in pages)
    if printer.process.returncode and not stop:
        log.warning(f"printing failed (exit {printer.process.returncode}); {printed} of {len(pages)} PDF(s) printed")
    else:
        log.info(f"printed {printed} PDF(s) beside the reports")
    return printed
