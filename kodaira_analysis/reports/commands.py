"""The subcommands other than build and preview: status, list, clean, prepare, render.

Each takes the parsed arguments and returns the exit code; what it produces goes to stdout, what goes
wrong to the log (a message naming reports.yml, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from kodaira_analysis.errors import KodairaError

from .logs import error
from .model import ExitCode, exit_code_of

#: What an error's message begins with, by its exit code (model.exit_code_of).
_SAID = {ExitCode.CONFIG: "configuration error: ", ExitCode.DATA: "bad data: ", ExitCode.WRITE: "cannot write: "}


def failed(exc: BaseException, config: Path | None) -> ExitCode:
    """Log an error that stops a command (naming reports.yml) and return its exit code, chosen by its type."""
    code = exit_code_of(exc)
    error(f"{_SAID.get(code, '')}{exc}", config)
    return code


def status(args: argparse.Namespace) -> int:
    """What a build would rebuild and why (status, build --dry-run); read-only. 0, or 2, 6, 7 or 8 on errors."""
    from . import status as plan

    out = Path(args.out)
    try:
        assessed = plan.collect(args.config, out, args.only, force=getattr(args, "force", False))
    except KodairaError as exc:
        return failed(exc, args.config)
    if getattr(args, "json", False):
        print(json.dumps(as_json(assessed, out), ensure_ascii=False, indent=2))
        return ExitCode.OK
    for line in plan.format_table(assessed, out):
        print(line)
    return ExitCode.OK


def as_json(assessed: list[Any], out: Path) -> dict[str, Any]:
    """``status --json``: the folder, and for each report its action, reasons and notebook (fields, not prose)."""
    from collections import Counter

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
    from .publisher import read_manifest

    try:
        jobs = load_jobs(args.config)
        manifest = read_manifest(args.out)  # FolderError: a link, FIFO, device or oversized file in its place
    except KodairaError as exc:
        return failed(exc, args.config)
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
    try:  # clean reads no reports.yml: its errors name the folder only
        with lock.acquire(timeout=0) if lock else nullcontext():
            removed, kept = owned.clean(out)
    except Timeout:  # before OSError: filelock's Timeout is a TimeoutError
        running = f"a kodaira-reports build is running in {out}: nothing was removed. Clean once it has ended."
        return failed(owned.Locked(running), None)
    except (KodairaError, OSError) as exc:
        return failed(exc, None)
    print(f"removed {removed} file(s) from {out}")
    if kept:
        print(f"left alone (not written by kodaira-reports): {', '.join(kept[:10])}")
    return ExitCode.OK


def new_file(target: Path) -> int | str:
    """Open a new file for writing, never through a link or over a file; its descriptor, or why not.

    >>> new_file(Path("/no/such/dir/x.ipynb"))
    'the folder /no/such/dir does not exist'
    """
    if target.is_symlink():
        return f"{target} is a symbolic link (to {target.readlink()}): give the path of a new file"
    if target.exists():
        return f"{target} exists: give another --out (nothing was overwritten)"
    if not target.parent.is_dir():
        return f"the folder {target.parent} does not exist"
    try:
        return os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return f"{target} exists, or is a link: give another --out (nothing was overwritten)"
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror or exc}"


def prepare(args: argparse.Namespace) -> int:
    """Write one job's notebook with its parameters injected; 2 for an unknown job or an unusable --out."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .config import load_jobs

    try:
        jobs = {job.name: job for job in load_jobs(args.config)}
    except KodairaError as exc:
        return failed(exc, args.config)
    if args.name not in jobs:
        error(f"no job {args.name!r}; the jobs are: {', '.join(jobs)}", args.config)
        return ExitCode.CONFIG
    job = jobs[args.name]
    target = Path(args.out) if args.out else Path.cwd() / f"{job.name}.ipynb"
    opened = new_file(target)
    if isinstance(opened, str):
        error(f"--out: {opened}", args.config)
        return ExitCode.CONFIG
    nb = parameterize_notebook(load_notebook_node(str(job.notebook)), dict(job.parameters))
    try:
        with os.fdopen(opened, "w", encoding="utf-8") as handle:
            nbformat.write(nb, handle)
    except OSError as exc:  # a full disk: no half-written notebook is left
        target.unlink(missing_ok=True)
        error(f"cannot write {target}: {exc.strerror or exc}", args.config)
        return ExitCode.WRITE
    print(target)
    return ExitCode.OK


def render(args: argparse.Namespace) -> int:
    """Run one notebook once with the user's parameters into ``--out``; the job's exit code."""
    from . import drafts

    try:
        notebook = drafts.find_notebook(args.notebook)
        job = drafts.custom_job(notebook, drafts.parse_parameters(args.parameters, args.lang), title=args.title)
        result = drafts.render_into(job, Path(args.out), args.timeout)
    except (KodairaError, OSError) as exc:
        return failed(exc, args.config)
    if result.ok:
        print(Path(args.out) / f"{job.name}.html")
    else:
        error(f"{job.name}: {result.outcome} ({result.error_type}: {str(result.error or '')[-300:]})", args.config)
    return result.outcome.exit_code
