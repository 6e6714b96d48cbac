"""The plan of ``build``, ``status`` and ``build --dry-run``: what a build would do with each job, and why.

A job is up to date when the hash of each input (notebook, parameters, its entry in reports.yml, raw data,
library code, each external file's size and time: its SHA-256 is checked whenever it is read) equals the one
recorded at its last success; else it is rebuilt, with every reason, or skipped when its data is absent.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.page.provenance import SOURCES, source_files

from .config import Job, load_jobs, select
from .model import JobPlan, Outcome, Status
from .owned import read_manifest

log = logging.getLogger(__name__)
_HASHED = {".py", ".j2", ".json", ".css", ".csv"}  # the library's code, templates and vocabulary


def library_hash() -> str:
    """One hash over the package's code, templates and vocabulary."""
    digest = hashlib.sha256()
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if path.suffix in _HASHED and "__pycache__" not in path.parts and path.is_file():
            digest.update(f"{path.relative_to(paths.PACKAGE_DIR)}:".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def sha256_json(value: Any) -> str:
    """The SHA-256 of a JSON value, its keys sorted."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def job_inputs(job: Job, common: dict[str, str], root: Path) -> dict[str, str]:
    """The hash of each input of one job's report, by label; notebooks are named relative to ``root``."""
    try:
        notebook = job.notebook.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        notebook = job.notebook.name
    return {
        f"notebook {notebook}": hashlib.sha256(job.notebook.read_bytes()).hexdigest(),
        "parameters": sha256_json(job.parameters),
        "config": sha256_json({"name": job.name, "title": job.title, "audience": job.audience}),
        **common,
    }


def changed_inputs(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """The labels of the inputs that differ, in the order of ``current``; new and removed ones say so."""
    changed = [
        label if label in recorded else f"{label} (new)"
        for label, digest in current.items()
        if recorded.get(label) != digest
    ]
    return changed + [f"{label} (removed)" for label in recorded if label not in current]


class DataError(KodairaError):
    """A data file that cannot be read (an OSError while the data is checked is bad data, exit 6, not a folder)."""


def external_state() -> dict[str, str]:
    """Size and modification time of each external file present, by label (each file is hashed whenever read)."""
    files = {label: path for found in source_files().values() for label, path in found.items()}
    return {label: f"{path.stat().st_size}:{path.stat().st_mtime_ns}" for label, path in files.items()}


def read_inputs(
    jobs: list[Job], root: Path, *, build: bool
) -> tuple[dict[str, str], dict[str, dict[str, str]], set[str]]:
    """The one data step of every command: the data built (when ``build``) and checked, external files too.

    Returns the raw files' SHA-256 (for provenance), each job's inputs by label, and the external sources absent.
    KodairaError: bad data or a file failing its pinned hash (6; unreadable: DataError), package data missing (8).
    """
    from kodaira_analysis import build_data, mic, raw_checksums, ssdse

    try:
        if build and build_data().built:
            log.info("data/processed rebuilt from data/raw")
        ssdse.verify_all(remember=build)  # RawDataError: a file edited, cut short or replaced
        mic.verify_all()
        missing = {name for name, files in source_files().items() if not files}
        raw = raw_checksums()
        common = {f"data file data/raw/{name}": digest for name, digest in sorted(raw.items())}
        if jobs:  # what every report depends on
            common.update({"library code": library_hash(), **dict(sorted(external_state().items()))})
        inputs = {job.name: job_inputs(job, common, root) for job in jobs}
    except KodairaError:
        raise
    except OSError as exc:
        raise DataError(f"{exc}") from exc
    for label, digest in common.items():
        log.debug("input %s: %s", label, digest[:16])
    for name, found in inputs.items():
        own = ", ".join(f"{label} {digest[:16]}" for label, digest in found.items() if label not in common)
        log.debug("inputs of %s: %s", name, own)
    return raw, inputs, missing


def stale_reasons(job: Job, entry: dict[str, Any], inputs: dict[str, str], out_dir: Path) -> list[str]:
    """Why the job's report must be built again (an empty list: it is up to date)."""
    status = entry.get("status")
    if not entry.get("last_success_at") and status != Outcome.OK:
        return ["never built" + (f" (last attempt: {status})" if status not in (None, Outcome.SKIPPED) else "")]
    reasons = []
    if status == Outcome.SKIPPED:
        reasons.append("skipped last time (its data was not present)")
    elif status != Outcome.OK:
        reasons.append(f"last build failed ({status})")
    if not (out_dir / f"{job.name}.html").is_file():
        reasons.append("output missing")
    recorded = entry.get("inputs")
    if not isinstance(recorded, dict):
        return [*reasons, "inputs unknown (recorded by an older kodaira-reports)"]
    return reasons + changed_inputs(recorded, inputs)


def assess(
    jobs: list[Job],
    manifest: dict[str, Any],
    inputs: dict[str, dict[str, str]],
    missing: set[str],
    out_dir: Path,
    force: bool = False,
) -> list[JobPlan]:
    """What a build would do with each job, in the order given."""
    found = []
    for job in jobs:
        lacking = [how for name, how in SOURCES.items() if name in job.requires and name in missing]
        if lacking:
            found.append(JobPlan(job, Status.SKIP, tuple(f"{what} not present" for what in lacking)))
            continue
        reasons = stale_reasons(job, manifest["reports"].get(job.name, {}), inputs[job.name], Path(out_dir))
        reasons = ["forced (--force)", *reasons] if force else reasons
        status = Status.REBUILD if reasons else Status.UP_TO_DATE
        found.append(JobPlan(job, status, tuple(reasons), inputs[job.name]))
    return found


def collect(config: Path, out_dir: Path, only: list[str] | None = None, force: bool = False) -> list[JobPlan]:
    """Read reports.yml, the manifest and the inputs, and assess every selected job (read-only)."""
    jobs = select(load_jobs(config), only)
    _, inputs, missing = read_inputs(jobs, Path(config).parent, build=False)
    return assess(jobs, read_manifest(Path(out_dir)), inputs, missing, Path(out_dir), force)


def format_table(plans: list[JobPlan], out_dir: Path) -> list[str]:
    """The listing printed on stdout: one line per job, then a count."""
    width = max([len(p.job.name) for p in plans] + [6])
    lines = [f"{'report':<{width}}  {'action':<10}  why"]
    lines += [f"{p.job.name:<{width}}  {p.status:<10}  {'; '.join(p.reasons)}".rstrip() for p in plans]
    rebuild = sum(p.status is Status.REBUILD for p in plans)
    skipped = sum(p.status is Status.SKIP for p in plans)
    lines.append(
        f"{rebuild} of {len(plans)} report(s) would be rebuilt, {skipped} skipped, "
        f"{len(plans) - rebuild - skipped} up to date (reports folder {Path(out_dir).resolve()})"
    )
    return lines


def longest_first(todo: list[Job], manifest: dict[str, Any]) -> list[Job]:
    """The jobs longest last build first (never timed before all, ties in order): a long one last idles workers."""

    def last_seconds(job: Job) -> float:
        seconds = manifest.get("reports", {}).get(job.name, {}).get("seconds")
        return float(seconds) if isinstance(seconds, int | float) else float("inf")

    return sorted(todo, key=last_seconds, reverse=True)
