"""The kodaira-reports command: build, list, clean."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kodaira_analysis import paths

from . import owned, preview

# The command line imports no pandas, papermill or nbconvert before it knows what to do:
# the runner imports them when a build starts.
CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
DEFAULT_TIMEOUT = 600.0
EXIT_OK, EXIT_CONFIG, EXIT_WRITE = 0, 2, 7  # as reports.runner's (a test keeps them equal)


def default_jobs() -> int:
    """Parallel jobs by default: the CPUs this process may use."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kodaira-reports",
        description="Run the notebooks with papermill and render self-contained HTML reports (reports.yml).",
    )
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="report jobs file (default: reports.yml)")
    parser.add_argument("--version", action="version", version=f"kodaira-reports {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build",
        help="build the reports that are missing or out of date",
        description="Build every report whose notebook, parameters, raw data or library code "
        "changed since its last success; write reports/index.html and reports/manifest.json. "
        "Exit codes: 0 ok, 1 failed cell, 2 bad configuration, 3 timeout, 4 dead kernel, "
        "5 another build running, 6 bad raw data, 7 reports folder not writable, "
        "8 installed package missing a data file, 130 interrupted (SIGINT, Ctrl-C), 143 stopped (SIGTERM).",
    )
    build.add_argument("--only", nargs="+", metavar="NAME", help="build only these jobs")
    build.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help=f"reports built in parallel (default: CPUs, here {default_jobs()})",
    )
    build.add_argument("--force", action="store_true", help="rebuild even the reports that are up to date")
    build.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="output folder (default: reports/)")
    build.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per notebook cell (default: {DEFAULT_TIMEOUT:g})",
    )
    build.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="wait this long for another build to finish (default: exit at once)",
    )
    preview.add_parser(sub)
    listing = sub.add_parser(
        "list",
        help="list the report jobs and their last status",
        description="List the jobs of reports.yml with their last status.",
    )
    listing.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    clean = sub.add_parser(
        "clean",
        help="remove built reports, error pages and executed notebooks",
        description="Remove what kodaira-reports wrote into the reports folder (only a folder with its "
        ".kodaira-reports marker; other files are left alone).",
    )
    clean.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    prepare = sub.add_parser(
        "prepare",
        help="write a job's notebook with its parameters injected, to open in JupyterLab",
        description="Write the notebook of one job with the job's parameters injected (papermill's "
        "injected-parameters cell), unexecuted, to reproduce or explore that report by hand in JupyterLab.",
    )
    prepare.add_argument("name", help="the job (see `kodaira-reports list`)")
    prepare.add_argument("--out", type=Path, default=None, help="where to write it (default: ./<name>.ipynb)")
    return parser


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("kodaira-analysis")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _prepare(args: argparse.Namespace) -> int:
    """Write one job's notebook with its parameters injected; 2 for an unknown job or a bad configuration."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .config import load_jobs

    try:
        jobs = {job.name: job for job in load_jobs(args.config)}
    except Exception as exc:
        print(f"configuration error in {args.config}: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.name not in jobs:
        print(f"{args.config}: no job {args.name!r}; the jobs are: {', '.join(jobs)}", file=sys.stderr)
        return EXIT_CONFIG
    job = jobs[args.name]
    target = args.out or Path.cwd() / f"{job.name}.ipynb"
    if target.exists():
        print(f"{target} exists: give another --out (nothing was overwritten)", file=sys.stderr)
        return EXIT_CONFIG
    nb = parameterize_notebook(load_notebook_node(str(job.notebook)), dict(job.parameters))
    nbformat.write(nb, target)
    print(target)
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    """Run a build; one report (``--only NAME``) gets its kernel booting before the runner is imported."""
    from . import pool, single  # both import no pandas, papermill or nbconvert

    with pool.signals_interrupt():
        try:
            with single.head_start(args.out, args.config, args.only):
                from .runner import build_reports

                return build_reports(
                    args.out,
                    only=args.only,
                    jobs=args.jobs,
                    force=args.force,
                    timeout=args.timeout,
                    config=args.config,
                    wait=args.wait,
                )
        except pool.Interrupted as stop:  # before the build took its lock: nothing was changed
            print(f"stopped by {stop} before any report ran; the reports in {args.out} were left as they were.")
            return stop.exit_code


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        return _main(argv)
    except BrokenPipeError:  # output piped into head, say
        sys.stderr.close()
        return EXIT_OK


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        problem = _check_numbers(args)
        if problem:
            print(f"configuration error: {problem}", file=sys.stderr)
            return EXIT_CONFIG
        return _build(args)
    if args.command == "prepare":
        return _prepare(args)
    if args.command == "preview":
        return preview.main(args)
    if args.command == "list":
        from .config import load_jobs
        from .state import read_manifest

        try:
            jobs = load_jobs(args.config)
        except Exception as exc:
            print(f"configuration error: {exc}", file=sys.stderr)
            return EXIT_CONFIG
        manifest = read_manifest(args.out)
        print(f"{'name':<32} {'audience':<10} {'status':<10} {'last success':<26} parameters")
        for job in jobs:
            entry = manifest["reports"].get(job.name, {})
            print(
                f"{job.name:<32} {job.audience:<10} {entry.get('report_status', 'never built'):<10} "
                f"{entry.get('last_success_at') or '—':<26} {job.parameters}"
            )
        return EXIT_OK
    out = Path(args.out)
    if not out.exists():
        print(f"{out} does not exist: nothing to clean")
        return EXIT_OK
    try:
        removed, kept = owned.clean(out)
    except owned.NotOwnedError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except OSError as exc:
        print(f"cannot clean {out}: {exc}", file=sys.stderr)
        return EXIT_WRITE
    print(f"removed {removed} file(s) from {out}")
    if kept:
        print(f"left alone (not written by kodaira-reports): {', '.join(kept[:10])}")
    return EXIT_OK


#: Upper bounds of the numeric options: beyond them a value is a typo, not a wish.
MAX_JOBS, MAX_SECONDS = 256, 7 * 24 * 3600


def _check_numbers(args: argparse.Namespace) -> str | None:
    """Why a numeric option of build is unusable, or None (checked before anything runs)."""
    import math

    if not 1 <= args.jobs <= MAX_JOBS:
        return f"--jobs {args.jobs}: expected a whole number from 1 to {MAX_JOBS}"
    for option, value, low in (("--timeout", args.timeout, "more than 0"), ("--wait", args.wait, "0 or more")):
        if not math.isfinite(value) or value > MAX_SECONDS:
            return f"{option} {value:g}: expected a number of seconds up to {MAX_SECONDS:,} (a week)"
        if (value <= 0) if option == "--timeout" else (value < 0):
            return f"{option} {value:g}: expected a number of seconds, {low}"
    return None


if __name__ == "__main__":
    sys.exit(main())
