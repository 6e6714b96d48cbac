"""What a build would do, and why: ``kodaira-reports status`` and ``build --dry-run``.

Each job is up to date, to be rebuilt (with every reason: never built, its
last build failed or was skipped, its report is missing, its inputs are
unknown, or which inputs changed since its last success) or skipped (the data
it requires is not present). The build decides with :func:`assess` too, so
the listing is what a build would do: an SSDSE-A or MIC file that no longer
matches its pinned hash stops both (exit 6). Listing writes nothing, takes no lock
and starts no kernel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kodaira_analysis.errors import KodairaError

from .config import Job, load_jobs, select
from .model import Outcome
from .publisher import read_manifest
from .state import SOURCES, DataError, changed_inputs, check_sources, common_inputs, job_inputs

log = logging.getLogger(__name__)

UP_TO_DATE, REBUILD, SKIP = "up to date", "rebuild", "skip"
NEVER_BUILT, OUTPUT_MISSING = "never built", "output missing"
INPUTS_UNKNOWN = "inputs unknown (recorded by an older kodaira-reports)"
FORCED = "forced (--force)"


@dataclass(frozen=True)
class Assessment:
    """What a build would do with one job, and why."""

    job: Job
    action: str
    reasons: tuple[str, ...] = ()


def read_inputs(
    jobs: list[Job], root: Path, *, build: bool
) -> tuple[dict[str, str], dict[str, dict[str, str]], set[str]]:
    """Check the data (built first when ``build``) and every external source's files against their pinned hashes.

    The one data step of ``build``, ``status``, ``render`` and ``preview``. Returns the raw files' SHA-256 (for
    provenance), each job's inputs by label, and the external sources absent.

    Raises:
        KodairaError: bad data or a file failing its pinned hash (exit 6), a package data file missing (8); a
            file that cannot be read is a :class:`~.state.DataError` (6), not an OSError.
    """
    from kodaira_analysis import build_data, raw_checksums

    try:
        if build and build_data().built:
            log.info("data/processed rebuilt from data/raw")
        missing = check_sources(remember=build)
        raw, inputs = current_inputs(jobs, root) if jobs else (raw_checksums(), {})
    except KodairaError:
        raise
    except OSError as exc:
        raise DataError(f"{exc}") from exc
    return raw, inputs, missing


def current_inputs(jobs: list[Job], root: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The raw files' SHA-256 (for provenance) and each job's inputs by label, hashed now."""
    from kodaira_analysis import raw_checksums

    raw = raw_checksums()
    common = common_inputs(raw)
    for label, digest in common.items():
        log.debug("input %s: %s", label, digest[:16])
    inputs = {job.name: job_inputs(job, common, root) for job in jobs}
    for job in jobs:
        own = {label: digest for label, digest in inputs[job.name].items() if label not in common}
        log.debug("inputs of %s: %s", job.name, ", ".join(f"{k} {v[:16]}" for k, v in own.items()))
    return raw, inputs


def stale_reasons(job: Job, entry: dict[str, Any], inputs: dict[str, str], out_dir: Path) -> list[str]:
    """Why the job's report must be built again (an empty list: it is up to date)."""
    status = entry.get("status")
    if not entry.get("last_success_at") and status != Outcome.OK:
        return [NEVER_BUILT + (f" (last attempt: {status})" if status not in (None, Outcome.SKIPPED) else "")]
    reasons = []
    if status == Outcome.SKIPPED:
        reasons.append("skipped last time (its data was not present)")
    elif status != Outcome.OK:
        reasons.append(f"last build failed ({status})")
    if not (out_dir / f"{job.name}.html").is_file():
        reasons.append(OUTPUT_MISSING)
    recorded = entry.get("inputs")
    if isinstance(recorded, dict):
        reasons.extend(changed_inputs(recorded, inputs))
    else:
        reasons.append(INPUTS_UNKNOWN)
    return reasons


def assess(
    jobs: list[Job],
    manifest: dict[str, Any],
    inputs: dict[str, dict[str, str]],
    missing: set[str],
    out_dir: Path,
    force: bool = False,
) -> list[Assessment]:
    """What a build would do with each job, in the order given."""
    found = []
    for job in jobs:
        lacking = [source.how for source in SOURCES if source.name in job.requires and source.name in missing]
        if lacking:
            found.append(Assessment(job, SKIP, tuple(f"{what} not present" for what in lacking)))
            continue
        reasons = stale_reasons(job, manifest["reports"].get(job.name, {}), inputs[job.name], Path(out_dir))
        if force:
            reasons.insert(0, FORCED)
        found.append(Assessment(job, REBUILD if reasons else UP_TO_DATE, tuple(reasons)))
    return found


def collect(config: Path, out_dir: Path, only: list[str] | None = None, force: bool = False) -> list[Assessment]:
    """Read reports.yml, the manifest and the inputs, and assess every selected job (read-only).

    Raises:
        ConfigError: reports.yml or --only is wrong.
        KodairaError: as :func:`read_inputs` (which a build runs too: a file failing its pinned hash stops both).
    """
    jobs = select(load_jobs(config), only)
    _, inputs, missing = read_inputs(jobs, Path(config).parent, build=False)
    return assess(jobs, read_manifest(Path(out_dir)), inputs, missing, Path(out_dir), force)


def format_table(assessments: list[Assessment], out_dir: Path) -> list[str]:
    """The listing printed on stdout: one line per job, then a count."""
    width = max([len(a.job.name) for a in assessments] + [6])
    lines = [f"{'report':<{width}}  {'action':<10}  why"]
    for a in assessments:
        lines.append(f"{a.job.name:<{width}}  {a.action:<10}  {'; '.join(a.reasons)}".rstrip())
    rebuild = sum(a.action == REBUILD for a in assessments)
    skipped = sum(a.action == SKIP for a in assessments)
    lines.append(
        f"{rebuild} of {len(assessments)} report(s) would be rebuilt, {skipped} skipped, "
        f"{len(assessments) - rebuild - skipped} up to date (reports folder {Path(out_dir).resolve()})"
    )
    return lines


def longest_first(todo: list[Job], manifest: dict[str, Any]) -> list[Job]:
    """The jobs in the order they should start: longest last build first, never-timed ones before all.

    With a few workers, a long report started last keeps one worker busy while the others idle; starting
    the long ones first shortens the whole build. Jobs of equal time keep the configuration's order.
    """
    reports = manifest.get("reports", {})

    def last_seconds(job: Job) -> float:
        seconds = reports.get(job.name, {}).get("seconds")
        return float(seconds) if isinstance(seconds, int | float) else float("inf")

    return sorted(todo, key=last_seconds, reverse=True)
