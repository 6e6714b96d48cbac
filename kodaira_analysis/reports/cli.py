"""The kodaira-reports command line: its options, checked before anything of the [reports] extra is imported.

Results go to stdout; progress, warnings and errors to stderr (:mod:`.logs`), naming reports.yml.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from kodaira_analysis import paths

from . import commands, logs
from .model import CONFIG_FILE, DEFAULT_TIMEOUT, ConfigError, ExitCode, default_jobs

#: The modules of the [reports] extra the runner needs (import names), looked for before any is imported.
EXTRA_MODULES = ("papermill", "nbconvert", "nbformat", "nbclient", "jupyter_client", "ipykernel", "jinja2",
                 "pydantic", "nh3", "yaml", "filelock", "watchfiles")  # fmt: skip
#: Upper bounds of the numeric options: beyond them a value is a typo, not a wish.
MAX_JOBS, MAX_SECONDS = 256, 7 * 24 * 3600


def _number(kind: type, usable: Callable[[Any], bool], expected: str, then: Callable = lambda v: v) -> Callable:
    """An argparse ``type``: the text as ``kind`` if ``usable``, then ``then``; else ArgumentTypeError."""

    def convert(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            value = math.nan  # never usable
        if not usable(value):
            raise argparse.ArgumentTypeError(f"{text}: expected {expected}")
        return then(value)

    return convert


_WEEK = f"up to {MAX_SECONDS:,} (a week)"
JOBS = _number(int, lambda n: 1 <= n <= MAX_JOBS, f"a whole number from 1 to {MAX_JOBS}")
WAIT = _number(float, lambda s: 0 <= s <= MAX_SECONDS, f"a number of seconds, 0 or more, {_WEEK}")
#: Whole seconds, rounded up (nbclient's timeout is an integer): ``TIMEOUT("30.5") == 31``.
TIMEOUT = _number(float, lambda s: 0 < s <= MAX_SECONDS, f"a number of seconds, more than 0, {_WEEK}", math.ceil)


def _option(*flags: str, **settings: Any) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(*flags, **settings)
    return parent


def _verbosity(default: object) -> argparse.ArgumentParser:
    """-q and -v, accepted before and after the subcommand (given after it, they win)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_mutually_exclusive_group()
    for flags, level, said in (
        (("-q", "--quiet"), logging.WARNING, "log only warnings and errors on stderr"),
        (("-v", "--verbose"), logging.DEBUG, "log debug detail too: the inputs hashed, where each report's time went"),
    ):
        group.add_argument(*flags, dest="log_level", action="store_const", const=level, default=default, help=said)
    return parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kodaira-reports",
        description="Run the notebooks with papermill and render self-contained HTML reports (reports.yml). "
        "Results go to stdout; progress, warnings and errors to stderr, one timestamped line each.",
        parents=[_verbosity(logging.INFO)],
    )
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="report jobs file (default: reports.yml)")
    try:
        version = metadata.version("kodaira-analysis")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    parser.add_argument("--version", action="version", version=f"kodaira-reports {version}")
    sub = parser.add_subparsers(dest="command", required=True)  # each command's parents: the options it shares
    out = _option("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    only = _option("--only", nargs="+", action="extend", metavar="NAME", help="only these jobs (may be given again)")
    seconds = f"time limit per notebook cell (default: {DEFAULT_TIMEOUT:g}; a fraction is rounded up)"
    timeout = _option("--timeout", type=TIMEOUT, default=DEFAULT_TIMEOUT, metavar="SECONDS", help=seconds)
    lang = _option("--lang", choices=("ja", "en"), default=None, help="the report's language (-p lang)")
    value = "a parameter of the notebook (VALUE read as in reports.yml: 2020 a number, [a, b] a list); "
    value += "may be given again"
    own = _option(
        "-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), dest="parameters", help=value
    )
    verbosity = _verbosity(argparse.SUPPRESS)

    def command(name: str, run: Callable, shared: tuple, summary: str, description: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, parents=[verbosity, *shared], help=summary, description=description)
        parser.set_defaults(run=run)
        return parser

    build = command(
        "build", commands.build, (out, only, timeout), "build the reports that are missing or out of date",
        "Build every report whose notebook, parameters, raw data or library code changed since its last success; "
        "write reports/index.html and reports/manifest.json. Exit codes: 0 ok, 1 failed cell, 2 bad configuration, "
        "3 timeout, 4 dead kernel, 5 another build running, 6 bad raw data, 7 reports folder not writable, "
        "8 installed package missing a data file, 130 interrupted (SIGINT, Ctrl-C), 143 stopped (SIGTERM).",
    )  # fmt: skip
    dry_run = "list what would be rebuilt and why, as `status` does, and build nothing"
    build.add_argument("--dry-run", action="store_true", help=dry_run)
    jobs = f"reports built in parallel (default: CPUs, here {default_jobs()})"
    build.add_argument("--jobs", type=JOBS, default=default_jobs(), metavar="N", help=jobs)
    build.add_argument("--force", action="store_true", help="rebuild even the reports that are up to date")
    no_pdf = "print no PDF (faster while editing); the next build without it prints the PDFs left out"
    build.add_argument("--no-pdf", action="store_true", help=no_pdf)
    wait = "wait this long for another build to finish (default: exit at once)"
    build.add_argument("--wait", type=WAIT, default=0, metavar="SECONDS", help=wait)
    status = command(
        "status", commands.status, (out, only),
        "list the reports a build would rebuild, and which input changed for each",
        "For each job: up to date, rebuild (and why: never built, output missing, last build failed, inputs unknown, "
        "or which input changed since its last success) or skip (its data is not present). Writes nothing, takes no "
        "lock, starts no kernel. Exit 0 whether or not reports are stale; 2 bad configuration, 6 bad raw data, "
        "8 installed package missing a data file.",
    )  # fmt: skip
    json = "print one JSON object (reports: name, action, reasons) instead"
    status.add_argument("--json", action="store_true", help=json)
    preview = command(
        "preview", commands.preview, (own, lang, timeout),
        "re-render one report on every change and serve it on 127.0.0.1",
        "Keep a warm kernel, re-render the report whenever its notebook (.ipynb or paired .py), reports.yml, the "
        "library or the data change, and serve it on 127.0.0.1; the page reloads itself. TARGET is a job of "
        "reports.yml, or a notebook (a path or a name such as 05-tama-peers) run with -p's parameters. Ctrl-C "
        "stops (exit 130; SIGTERM: 143).",
    )  # fmt: skip
    preview.add_argument("name", metavar="TARGET", help="a job of reports.yml, or a notebook")
    preview.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one, printed)")
    preview.add_argument("--out", type=Path, help="keep the rendered files here (default: a temp folder)")
    render = command(
        "render", commands.render, (own, lang, timeout),
        "run one notebook once with your own parameters (-p NAME VALUE) into an HTML report",
        "Run NOTEBOOK (a path, or a name such as 05-tama-peers) once with the parameters given by -p, checked as "
        "reports.yml's are before any kernel starts, and write DIR/<name>.html with its figures and executed "
        "notebook. Exit 0, 1 failed cell, 2 bad parameter, 3 timeout, 4 dead kernel, 5 the folder is a running "
        "build's, 7 cannot write.",
    )  # fmt: skip
    render.add_argument("notebook", metavar="NOTEBOOK", help="the notebook to run")
    render.add_argument("--title", help="the report's title (default: the notebook and parameters)")
    render.add_argument("--out", type=Path, default=Path("rendered"), help="output folder (default: ./rendered)")
    listing = "List the jobs of reports.yml with their last status."
    command("list", commands.listing, (out,), "list the report jobs and their last status", listing)
    command(
        "clean", commands.clean, (out,), "remove built reports, error pages and executed notebooks",
        "Remove what kodaira-reports wrote into the reports folder (only a folder with its .kodaira-reports "
        "marker; other files are left alone).",
    )  # fmt: skip
    prepare = command(
        "prepare", commands.prepare, (),
        "write a job's notebook with its parameters injected, to open in JupyterLab",
        "Write the notebook of one job with the job's parameters injected (papermill's injected-parameters cell), "
        "unexecuted, to reproduce or explore that report by hand in JupyterLab.",
    )  # fmt: skip
    prepare.add_argument("name", help="the job (see `kodaira-reports list`)")
    prepare.add_argument("--out", type=Path, help="where to write it (default: ./<name>.ipynb)")
    return parser


def pip_extra(direct_url: dict | None) -> str:
    """The command that installs the [reports] extra as this copy was installed (PEP 610's ``direct_url.json``).

    >>> pip_extra({"url": "file:///home/me/kodaira%20analysis", "dir_info": {}})
    "pip install '/home/me/kodaira analysis[reports]'"
    """
    import shlex
    from urllib.parse import unquote, urlsplit

    url = (direct_url or {}).get("url", "")
    if url.startswith("file://") and "dir_info" in (direct_url or {}):  # from a folder: the extra from there too
        return "pip install " + shlex.quote(unquote(urlsplit(url).path) + "[reports]")
    return "pip install 'kodaira-analysis[reports]'"


def require_extra() -> None:
    """ConfigError naming the pip command unless every module of the [reports] extra is found (none imported)."""
    import json
    from importlib.util import find_spec

    def missing(module: str) -> bool:
        try:
            return find_spec(module) is None
        except (ImportError, ValueError):
            return True

    if absent := [module for module in EXTRA_MODULES if missing(module)]:
        try:
            direct_url = json.loads(metadata.distribution("kodaira-analysis").read_text("direct_url.json") or "null")
        except (metadata.PackageNotFoundError, ValueError, OSError):
            direct_url = None
        raise ConfigError(
            f"the report runner needs the [reports] extra of kodaira-analysis, which is not installed here "
            f"(missing: {', '.join(absent)}). Install it with: {pip_extra(direct_url)}"
        )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        args = _parser().parse_args(argv)
        paths.absolute_path_variables()  # kernels run in the notebooks' folder: a relative data folder would move
        if getattr(args, "out", None) is not None:  # nor may the reports folder
            args.out = Path(args.out).absolute()
        logs.configure(args.log_level)
        require_extra()  # before any of it is imported: a message, not a ModuleNotFoundError
        args.console = argv is None
        return commands.run(args)
    except ConfigError as exc:  # require_extra's; a command's own errors are said by commands.run
        return logs.failed(exc, args.config)
    except BrokenPipeError:  # output piped into head, say
        sys.stderr.close()
        return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
