"""What a build says once its jobs ran: the summary table on stdout, one error line per failure, the PDFs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .logs import error
from .model import JobResult

if TYPE_CHECKING:
    from .config import Job
    from .signals import StopFlag

log = logging.getLogger("kodaira_analysis.reports")


def write_index_page(out_dir: Path, jobs: list[Job], manifest: dict[str, Any]) -> None:
    """Write index.html and the links stylesheet (page.links.LINKS_CSS), each only if it changed."""
    from kodaira_analysis import assess_targets
    from kodaira_analysis.page.links import LINKS_CSS

    from .index import write_index
    from .links import folder_pages, stylesheet

    try:
        assessment = assess_targets()
    except Exception as exc:
        log.warning(
            f"the targets' statuses could not be worked out ({type(exc).__name__}: {exc}); the index shows none"
        )
        assessment = None
    _write_if_changed(out_dir / "index.html", write_index(out_dir, [j.to_dict() for j in jobs], manifest, assessment))
    _write_if_changed(out_dir / LINKS_CSS, stylesheet(folder_pages(out_dir)))


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``path`` atomically unless it holds ``text`` already (a no-op build changes no file)."""
    from kodaira_analysis.errors import KodairaError
    from kodaira_analysis.files import write_atomic

    from .owned import read_back

    try:
        same = read_back(path, 64 * 1024 * 1024) == text.encode("utf-8")
    except KodairaError:  # missing, or not a regular file: replaced (the rename replaces a FIFO or a link itself)
        same = False
    if not same:
        write_atomic(path, text)


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


def report_failures(todo: list[Job], results: dict[str, JobResult], out_dir: Path, config: Path) -> None:
    """One error line per job that failed in this build: what failed, where to read more."""
    for job in todo:
        result = results[job.name]
        if result.ok:
            continue
        lines = [line for line in str(result.error or "").splitlines() if line.strip()]
        cell = f" in cell {result.cell.index}" if result.cell is not None else ""
        kept = "the last good report is kept" if (out_dir / f"{job.name}.html").is_file() else "no report yet"
        error(
            f"{job.name}: {result.outcome}{cell} ({result.error_type}: {(lines[-1] if lines else '')[:300]}); "
            f"see {out_dir / 'errors' / f'{job.name}.html'}; {kept}",
            config,
        )


def pages_to_print(
    todo: list[Job], results: dict[str, JobResult], up_to_date: list[Job], out_dir: Path, manifest: dict[str, Any]
) -> tuple[list[Path], list[str]]:
    """The committee pages to print (built now, or up to date without a PDF printed from them), and the latter's names."""
    from . import pdf

    def page(job: Job) -> Path:
        return out_dir / f"{job.name}.html"

    built = [job for job in todo if job.audience == "committee" and job.name in results and results[job.name].ok]
    behind = [j for j in up_to_date if j.audience == "committee" and page(j).is_file()]
    behind = [j for j in behind if pdf.current(page(j), manifest["reports"].get(j.name)) is None]
    return [page(job) for job in built + behind], [job.name for job in behind]


def print_pdfs(
    todo: list[Job],
    results: dict[str, JobResult],
    up_to_date: list[Job],
    out_dir: Path,
    manifest: dict[str, Any],
    stop: StopFlag,
) -> int:
    """A PDF beside each committee report built now, or up to date without a current PDF; return how many.

    A stop flag lets the printer finish the page in hand and print no more.
    """
    from . import pdf

    pages, behind = pages_to_print(todo, results, up_to_date, out_dir, manifest)
    if not pages:
        return 0
    reason = pdf.available()
    if reason:
        log.info(f"no PDFs: {reason}")
        return 0
    for name in behind:
        log.info(f"{name}: up to date; its PDF is missing or older than its page: printing it")
    printer = pdf.Printer(out_dir)
    try:
        printer.print(pages, stop=stop)
    except pdf.PrintError as failed:
        log.warning(f"printing failed: {failed}; {len(printer.printed)} of {len(pages)} PDF(s) printed")
    else:
        log.info(f"printed {len(printer.printed)} PDF(s) beside the reports")
    finally:
        pdf.record(manifest, printer.printed)
    return len(printer.printed)
