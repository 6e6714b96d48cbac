"""The kodaira-reports command: build, list, clean."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from kodaira_analysis import paths

from . import preview

# The command line imports no pandas, papermill or nbconvert before it knows what to do:
# `build --only NAME` starts its kernel first (see prestart), the heavy imports follow.
CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
DEFAULT_TIMEOUT = 600.0
EXIT_OK, EXIT_CONFIG = 0, 2


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
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build",
        help="build the reports that are missing or out of date",
        description="Build every report whose notebook, parameters, raw data or library code "
        "changed since its last success; write reports/index.html and reports/manifest.json. "
        "Exit codes: 0 ok, 1 failed cell, 2 bad configuration, 3 timeout, 4 dead kernel, "
        "5 another build running, 6 bad raw data, 7 reports folder not writable, "
        "8 installed package missing a data file.",
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
        description="Empty the reports folder (keeps .gitkeep).",
    )
    clean.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    return parser


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
        if args.jobs < 1 or args.timeout <= 0:
            print("configuration error: --jobs must be 1 or more and --timeout positive", file=sys.stderr)
            return EXIT_CONFIG
        from . import prestart

        try:
            if args.only and len(args.only) == 1:
                prestart.start_first_kernel()  # one report: boot its kernel while the rest is imported
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
        finally:
            prestart.discard()
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
    removed = 0
    if out.is_dir():
        for item in out.iterdir():
            if item.name == ".gitkeep":
                continue
            shutil.rmtree(item) if item.is_dir() else item.unlink()
            removed += 1
    print(f"removed {removed} item(s) from {out}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
