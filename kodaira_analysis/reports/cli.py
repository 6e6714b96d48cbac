"""The kodaira-reports command: build, status, preview, list, clean, prepare.

Results go to stdout; progress, warnings and errors go to stderr through
:mod:`logging` (see :mod:`.logs`): ``-q`` keeps only warnings and errors,
``-v`` adds the detail (inputs hashed, time per job). Every error of a
command that reads reports.yml names that file by its absolute path.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kodaira_analysis import paths

from . import logs, owned, preview
from .logs import error

# The command line imports no pandas, papermill or nbconvert before it knows what to do:
# the runner imports them when a build starts.
CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
DEFAULT_TIMEOUT = 600.0
EXIT_OK, EXIT_CONFIG, EXIT_LOCKED, EXIT_DATA, EXIT_WRITE, EXIT_PACKAGE_DATA = (
    0,
    2,
    5,
    6,
    7,
    8,
)  # as reports.runner's (tested)


def default_jobs() -> int:
    """Parallel jobs by default: the CPUs this process may use."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _verbosity(default: object) -> argparse.ArgumentParser:
    """-q and -v, accepted before and after the subcommand (given after it, they win)."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_mutually_exclusive_group()
    group.add_argument(
        "-q",
        "--quiet",
        dest="log_level",
        action="store_const",
        const=logging.WARNING,
        default=default,
        help="log only warnings and errors on stderr",
    )
    group.add_argument(
        "-v",
        "--verbose",
        dest="log_level",
        action="store_const",
        const=logging.DEBUG,
        default=default,
        help="log debug detail too: the inputs hashed, where each report's time went",
    )
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kodaira-reports",
        description="Run the notebooks with papermill and render self-contained HTML reports (reports.yml). "
        "Results go to stdout; progress, warnings and errors to stderr, one timestamped line each.",
        parents=[_verbosity(logging.INFO)],
    )
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="report jobs file (default: reports.yml)")
    parser.add_argument("--version", action="version", version=f"kodaira-reports {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    common = [_verbosity(argparse.SUPPRESS)]
    build = sub.add_parser(
        "build",
        parents=common,
        help="build the reports that are missing or out of date",
        description="Build every report whose notebook, parameters, raw data or library code "
        "changed since its last success; write reports/index.html and reports/manifest.json. "
        "Exit codes: 0 ok, 1 failed cell, 2 bad configuration, 3 timeout, 4 dead kernel, "
        "5 another build running, 6 bad raw data, 7 reports folder not writable, "
        "8 installed package missing a data file, 130 interrupted (SIGINT, Ctrl-C), 143 stopped (SIGTERM).",
    )
    build.add_argument(
        "--only", nargs="+", action="extend", metavar="NAME", help="build only these jobs (may be given again)"
    )
    build.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would be rebuilt and why, as `status` does, and build nothing",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help=f"reports built in parallel (default: CPUs, here {default_jobs()})",
    )
    build.add_argument("--force", action="store_true", help="rebuild even the reports that are up to date")
    build.add_argument(
        "--no-pdf",
        action="store_true",
        help="print no PDF (faster while editing); the next build without it prints the PDFs left out",
    )
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
    status = sub.add_parser(
        "status",
        parents=common,
        help="list the reports a build would rebuild, and which input changed for each",
        description="For each job: up to date, rebuild (why: never built, output missing, last build failed, "
        "inputs unknown, or the inputs that changed since its last success: notebook, parameters, config, "
        "a data file, the library code, an SSDSE-A edition) or skip (its data is not present). "
        "Writes nothing, takes no lock, starts no kernel. Exit 0 whether or not reports are stale; "
        "2 bad configuration, 6 bad raw data, 8 installed package missing a data file.",
    )
    status.add_argument(
        "--only", nargs="+", action="extend", metavar="NAME", help="only these jobs (may be given again)"
    )
    status.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    preview.add_parser(sub, parents=common)
    listing = sub.add_parser(
        "list",
        parents=common,
        help="list the report jobs and their last status",
        description="List the jobs of reports.yml with their last status.",
    )
    listing.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    clean = sub.add_parser(
        "clean",
        parents=common,
        help="remove built reports, error pages and executed notebooks",
        description="Remove what kodaira-reports wrote into the reports folder (only a folder with its "
        ".kodaira-reports marker; other files are left alone).",
    )
    clean.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    prepare = sub.add_parser(
        "prepare",
        parents=common,
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
        error(f"configuration error: {exc}", args.config)
        return EXIT_CONFIG
    if args.name not in jobs:
        error(f"no job {args.name!r}; the jobs are: {', '.join(jobs)}", args.config)
        return EXIT_CONFIG
    job = jobs[args.name]
    target = args.out or Path.cwd() / f"{job.name}.ipynb"
    if target.exists():
        error(f"{target} exists: give another --out (nothing was overwritten)", args.config)
        return EXIT_CONFIG
    nb = parameterize_notebook(load_notebook_node(str(job.notebook)), dict(job.parameters))
    nbformat.write(nb, target)
    print(target)
    return EXIT_OK


def _build(args: argparse.Namespace, console: bool) -> int:
    """Run a build (:class:`.build.Build`); from the console script its signal handlers stay until it exits."""
    from .signals import StopFlag

    stop = StopFlag()
    with stop.installed(restore=not console):  # a signal after the build's work changes no exit code
        from .build import Build
        from .model import BuildContext, BuildOptions

        options = BuildOptions(
            args.out,
            args.config,
            tuple(args.only or ()),
            args.jobs,
            args.force,
            args.timeout,
            args.wait,
            not args.no_pdf,
        )
        return Build(BuildContext(options), stop).run()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        return _main(argv)
    except BrokenPipeError:  # output piped into head, say
        sys.stderr.close()
        return EXIT_OK


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "out", None) is not None:  # kernels start in notebooks/: a relative folder would not be found
        args.out = Path(args.out).absolute()
    logs.configure(args.log_level)
    if args.command == "status" or (args.command == "build" and args.dry_run):
        return _status(args)
    if args.command == "build":
        problem = _check_numbers(args)
        if problem:
            error(f"configuration error: {problem}", args.config)
            return EXIT_CONFIG
        return _build(args, console=argv is None)
    if args.command == "prepare":
        return _prepare(args)
    if args.command == "preview":
        return preview.main(args)
    if args.command == "list":
        from .config import load_jobs
        from .publisher import read_manifest

        try:
            jobs = load_jobs(args.config)
        except Exception as exc:
            error(f"configuration error: {exc}", args.config)
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
    return _clean(out)


def _clean(out: Path) -> int:
    """Remove what the runner wrote into ``out``, under the build's lock (never while a build runs)."""
    from contextlib import nullcontext

    from filelock import FileLock, Timeout

    lock = FileLock(out / ".build.lock") if owned.owns(out) else None  # a folder not ours gets no lock file
    try:  # clean reads no reports.yml: its errors name the folder only
        with lock.acquire(timeout=0) if lock else nullcontext():
            removed, kept = owned.clean(out)
    except owned.NotOwnedError as exc:
        error(f"configuration error: {exc}", None)
        return EXIT_CONFIG
    except Timeout:  # before OSError: filelock's Timeout is a TimeoutError
        error(f"a kodaira-reports build is running in {out}: nothing was removed. Clean once it has ended.", None)
        return EXIT_LOCKED
    except OSError as exc:
        error(f"cannot clean {out}: {exc}", None)
        return EXIT_WRITE
    print(f"removed {removed} file(s) from {out}")
    if kept:
        print(f"left alone (not written by kodaira-reports): {', '.join(kept[:10])}")
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    """List what a build would rebuild and why (status, build --dry-run); read-only. 0, or 2, 6 or 8 on errors."""
    from kodaira_analysis.errors import KodairaError, MissingPackageDataError

    from . import status
    from .config import ConfigError

    out = Path(args.out)
    try:
        assessed = status.collect(args.config, out, args.only, force=getattr(args, "force", False))
    except ConfigError as exc:
        error(f"configuration error: {exc}", args.config)
        return EXIT_CONFIG
    except MissingPackageDataError as exc:
        error(str(exc), args.config)
        return EXIT_PACKAGE_DATA
    except (KodairaError, OSError) as exc:
        error(f"cannot read the inputs: {exc}", args.config)
        return EXIT_DATA
    for line in status.format_table(assessed, out):
        print(line)
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
