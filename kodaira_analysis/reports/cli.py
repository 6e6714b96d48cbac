"""The kodaira-reports command: build, status, preview, render, list, clean, prepare.

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
from typing import Any

from kodaira_analysis import paths

from . import logs
from .logs import error
from .model import CONFIG_FILE, DEFAULT_TIMEOUT, ExitCode, default_jobs
from .options import PIP_EXTRA, check_numbers, missing_extra

# The command line imports no pandas, papermill or nbconvert before it knows what to do (and checks
# that the [reports] extra is installed before importing any of it): the runner imports them when a
# build starts.


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
        help=f"time limit per notebook cell (default: {DEFAULT_TIMEOUT:g}; a fraction is rounded up)",
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
    status.add_argument(
        "--json", action="store_true", help="print one JSON object (reports: name, action, reasons) instead"
    )
    _preview_parser(sub, common)
    _render_parser(sub, common)
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


def _own_parameters(parser: argparse.ArgumentParser) -> None:
    """-p NAME VALUE (again and again) and --lang: the user's own parameters, checked as a job's are."""
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        dest="parameters",
        help="a parameter of the notebook (VALUE read as in reports.yml: 2020 a number, [a, b] a list); "
        "may be given again",
    )
    parser.add_argument("--lang", choices=("ja", "en"), default=None, help="the report's language (-p lang)")


def _preview_parser(sub: Any, common: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "preview",
        parents=common,
        help="re-render one report on every change and serve it on 127.0.0.1",
        description="Keep a warm kernel, re-render the report whenever its notebook (.ipynb or paired .py), "
        "reports.yml, the library or the data change, and serve it on 127.0.0.1; the page reloads itself. "
        "TARGET is a job of reports.yml, or a notebook (a path or a name such as 05-tama-peers) run with "
        "-p's parameters. Ctrl-C stops (exit 130; SIGTERM: 143).",
    )
    parser.add_argument("name", metavar="TARGET", help="a job of reports.yml, or a notebook")
    _own_parameters(parser)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one, printed)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS", help="time limit per cell")
    parser.add_argument("--out", type=Path, default=None, help="keep the rendered files here (default: a temp folder)")


def _render_parser(sub: Any, common: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "render",
        parents=common,
        help="run one notebook once with your own parameters (-p NAME VALUE) into an HTML report",
        description="Run NOTEBOOK (a path, or a name such as 05-tama-peers) once with the parameters given by "
        "-p, checked as reports.yml's are before any kernel starts, and write DIR/<name>.html with its "
        "figures and executed notebook. Exit 0, 1 failed cell, 2 bad parameter, 3 timeout, 4 dead kernel, "
        "5 the folder is a running build's, 7 cannot write.",
    )
    parser.add_argument("notebook", metavar="NOTEBOOK", help="the notebook to run")
    _own_parameters(parser)
    parser.add_argument("--title", default=None, help="the report's title (default: the notebook and parameters)")
    parser.add_argument("--out", type=Path, default=Path("rendered"), help="output folder (default: ./rendered)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS", help="time limit per cell")


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("kodaira-analysis")
    except metadata.PackageNotFoundError:
        return "0+unknown"


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
        code = Build(BuildContext(options), stop).run()
        if console:
            # The work is done and said: from here to the process's end (the interpreter's teardown restores the
            # default handlers, under which a late SIGTERM killed a build that had succeeded: exit 143 for 0)
            # SIGINT and SIGTERM wait, and die with the process unhandled.
            import signal

            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        return code


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        return _main(argv)
    except BrokenPipeError:  # output piped into head, say
        sys.stderr.close()
        return ExitCode.OK


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    paths.absolute_path_variables()  # kernels run in the notebooks' folder: a relative data folder would move
    missing = missing_extra()
    if missing:  # before any of them is imported: a message, not a ModuleNotFoundError
        print(
            f"kodaira-reports: the report runner needs the [reports] extra of kodaira-analysis, which is not "
            f"installed here (missing: {', '.join(missing)}). Install it with:\n    {PIP_EXTRA}",
            file=sys.stderr,
        )
        return ExitCode.CONFIG
    if getattr(args, "out", None) is not None:  # kernels start in notebooks/: a relative folder would not be found
        args.out = Path(args.out).absolute()
    logs.configure(args.log_level)
    problem = check_numbers(args)
    if problem:
        error(f"configuration error: {problem}", args.config)
        return ExitCode.CONFIG
    from . import commands

    if args.command == "status" or (args.command == "build" and args.dry_run):
        return commands.status(args)
    if args.command == "build":
        return _build(args, console=argv is None)
    if args.command == "preview":
        from . import preview

        return preview.main(args)
    handlers = {
        "prepare": commands.prepare,
        "render": commands.render,
        "list": commands.listing,
        "clean": commands.clean,
    }
    return handlers[args.command](args)  # argparse admits only these: a new command without a handler is a KeyError


if __name__ == "__main__":
    sys.exit(main())
