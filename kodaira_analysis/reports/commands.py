"""The subcommands: each takes the parsed arguments, prints its results on stdout and returns the exit code.

What one raises is logged naming reports.yml, with its type's exit code. The [reports] extra is imported late.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from kodaira_analysis.errors import KodairaError

from .logs import error, failed
from .model import ExitCode


def run(args: argparse.Namespace) -> int:
    """Run the command ``args.run`` (set by the parser): its exit code; an error is said, without a traceback."""
    try:
        return int(args.run(args))
    except BrokenPipeError:  # the console script's: output piped into head, say
        raise
    except (KodairaError, OSError) as exc:  # clean reads no reports.yml: its errors name the folder only
        return failed(exc, None if args.command == "clean" else args.config)


def build(args: argparse.Namespace) -> int:
    """Build the reports, or with ``--dry-run`` say what it would build."""
    if args.dry_run:
        return status(args)
    from .build import build_reports

    options = dict(only=args.only, jobs=args.jobs, force=args.force, timeout=args.timeout, wait=args.wait)
    return build_reports(args.out, config=args.config, pdfs=not args.no_pdf, console=args.console, **options)


def preview(args: argparse.Namespace) -> int:
    """Re-render one report on every change and serve it."""
    from . import preview

    return preview.main(args)


def status(args: argparse.Namespace) -> int:
    """What a build would rebuild and why (status, build --dry-run); read-only."""
    from . import status as plan

    assessed = plan.collect(args.config, args.out, args.only, force=getattr(args, "force", False))
    if getattr(args, "json", False):
        print(json.dumps(as_json(assessed, args.out), ensure_ascii=False, indent=2))
    else:
        print("\n".join(plan.format_table(assessed, args.out)))
    return ExitCode.OK


def as_json(assessed: list[Any], out: Path) -> dict[str, Any]:
    """``status --json``: the folder, and each report's action, reasons and notebook (fields, not prose)."""
    counts = Counter(a.status for a in assessed)
    return {
        "out_dir": str(Path(out).resolve()),
        "counts": {"rebuild": counts["rebuild"], "up_to_date": counts["up to date"], "skip": counts["skip"]},
        "reports": [
            {
                "name": a.job.name,
                "action": a.status.replace(" ", "_"),
                "reasons": list(a.reasons),
                "notebook": a.job.notebook.name,
                "audience": a.job.audience,
                "parameters": a.job.parameters,
            }
            for a in assessed
        ],
    }


def listing(args: argparse.Namespace) -> int:
    """The jobs of reports.yml with their last status."""
    from .config import load_jobs
    from .owned import read_manifest

    jobs, manifest = load_jobs(args.config), read_manifest(args.out)
    print(f"{'name':<32} {'audience':<10} {'status':<10} {'last success':<26} parameters")
    for job in jobs:
        entry = manifest["reports"].get(job.name, {})
        print(
            f"{job.name:<32} {job.audience:<10} {entry.get('report_status', 'never built'):<10} "
            f"{entry.get('last_success_at') or '—':<26} {job.parameters}"
        )
    return ExitCode.OK


def clean(args: argparse.Namespace) -> int:
    """Remove what the runner wrote into the folder, under the build's lock (never while a build runs)."""
    from contextlib import nullcontext

    from filelock import FileLock, Timeout

    from . import owned

    out = Path(args.out)
    if not out.exists():
        print(f"{out} does not exist: nothing to clean")
        return ExitCode.OK
    lock = FileLock(out / ".build.lock") if owned.owns(out) else None  # a folder not ours gets no lock file
    try:
        with lock.acquire(timeout=0) if lock else nullcontext():
            removed, kept = owned.clean(out)
    except Timeout:  # a TimeoutError, hence an OSError: said as what it is
        running = f"a kodaira-reports build is running in {out}: nothing was removed. Clean once it has ended."
        raise owned.Locked(running) from None
    print(f"removed {removed} file(s) from {out}")
    if kept:
        print(f"left alone (not written by kodaira-reports): {', '.join(kept[:10])}")
    return ExitCode.OK


def prepare(args: argparse.Namespace) -> int:
    """Write one job's notebook with its parameters injected, never through a link or over a file."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .config import ConfigError, load_jobs

    jobs = {job.name: job for job in load_jobs(args.config)}
    if args.name not in jobs:
        raise ConfigError(f"no job {args.name!r}; the jobs are: {', '.join(jobs)}")
    job = jobs[args.name]
    notebook = parameterize_notebook(load_notebook_node(str(job.notebook)), dict(job.parameters))
    target = Path(args.out) if args.out else Path.cwd() / f"{job.name}.ipynb"
    try:
        handle = target.open("x", encoding="utf-8")  # O_EXCL: not over a file, nor through a link, even dangling
    except FileExistsError:
        said = f"is a symbolic link (to {target.readlink()})" if target.is_symlink() else "exists"
        raise ConfigError(f"--out: {target} {said}: give the path of a new file (nothing was overwritten)") from None
    except FileNotFoundError:
        raise ConfigError(f"--out: the folder {target.parent} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"--out: cannot write {target}: {exc.strerror or exc}") from None
    try:
        with handle:
            nbformat.write(notebook, handle)
    except BaseException as exc:  # a full disk, Ctrl-C: no half-written notebook is left
        target.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise
    print(target)
    return ExitCode.OK


def render(args: argparse.Namespace) -> int:
    """Run one notebook once with the user's parameters into ``--out``; the job's exit code."""
    from . import drafts, signals

    notebook = drafts.find_notebook(args.notebook)
    job = drafts.custom_job(notebook, drafts.parse_parameters(args.parameters, args.lang), title=args.title)
    stop = signals.StopFlag()
    with stop.installed(restore=False):  # kept after: a signal once the page is in place changes nothing
        result = drafts.render_into(job, Path(args.out), args.timeout, stop)
    if result is None:
        error(f"{job.name}: stopped by {stop.name}; its kernel killed, nothing put in place", args.config)
        return stop.exit_code
    if result.ok:
        print(Path(args.out) / f"{job.name}.html")
    else:
        error(f"{job.name}: {result.outcome} ({result.error_type}: {str(result.error or '')[-300:]})", args.config)
    return result.outcome.exit_code
