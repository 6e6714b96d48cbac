"""What a build would do, and why: the plan of ``build``, ``kodaira-reports status`` and ``build --dry-run``.

Each job is up to date, to be rebuilt (with every reason: never built, its last build failed or was skipped,
its report is missing, which inputs changed since its last success) or skipped (the data it requires is not
present): a :class:`~.model.JobPlan`. The build plans with :func:`assess` too, so the listing is what a build
would do. Listing writes nothing, takes no lock and starts no kernel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kodaira_analysis.errors import KodairaError

from .config import Job, load_jobs, select
from .model import JobPlan, Outcome, Status
from .publisher import read_manifest
from .state import SOURCES, DataError, changed_inputs, check_sources, external_state, job_inputs, library_hash

log = logging.getLogger(__name__)


def read_inputs(
    jobs: list[Job], root: Path, *, build: bool
) -> tuple[dict[str, str], dict[str, dict[str, str]], set[str]]:
    """Check the data (built first when ``build``) and every external source's files against their pinned hashes.

    The one data step of ``build``, ``status``, ``render`` and ``preview``. Returns the raw files' SHA-256 (for
    provenance), each job's inputs by label, and the external sources absent.

    Raises:
        KodairaError: bad data or a file failing its pinned hash (exit 6), a package data file missing (8); a
            file that cannot be read is a :class:`DataError` (6), not an OSError.
    """
    from kodaira_analysis import build_data, raw_checksums

    try:
        if build and build_data().built:
            log.info("data/processed rebuilt from data/raw")
        missing = check_sources(remember=build)
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
    """Read reports.yml, the manifest and the inputs, and assess every selected job (read-only).

    Raises:
        ConfigError: reports.yml or --only is wrong.
        KodairaError: as :func:`read_inputs` (which a build runs too: a file failing its pinned hash stops both).
    """
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
    """The jobs in the order they should start: longest last build first, never-timed ones before all.

    With a few workers, a long report started last keeps one worker busy while the others idle. Jobs of equal
    time keep the configuration's order.
    """

    def last_seconds(job: Job) -> float:
        seconds = manifest.get("reports", {}).get(job.name, {}).get("seconds")
        return float(seconds) if isinstance(seconds, int | float) else float("inf")

    return sorted(todo, key=last_seconds, reverse=True)
