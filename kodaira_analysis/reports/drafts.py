"""Drafts: one report rendered into a folder of its own, for ``preview`` (again and again) and ``render`` (once).

The report is a job of reports.yml or a notebook, with the user's ``-p`` parameters: each value read as YAML,
as in reports.yml (``-p year 2020`` a number, ``-p measures '[a, b]'`` a list, ``01000`` refused rather than
read as 512), then checked by the notebook's own description before any kernel starts (exit 2). The data is
checked as a build checks it (:func:`.status.read_inputs`: exit 6 or 8). The folder is claimed under its
build lock (a build's folder is refused; no build starts in it meanwhile); the kernels run from a temporary
kernelspec and runtime folder, removed after; the notebook is read only if it is a regular file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import ParameterError, quote
from kodaira_analysis.present import SVG_ENV

from . import owned, publisher, warm, yamlfile
from .config import ConfigError, Job, load_jobs
from .model import JobResult

#: A parameter's name on the command line: a Python identifier, as in the notebooks' parameters cell.
_PARAMETER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
#: The longest value text read from the command line.
MAX_VALUE = 4096


def parse_parameters(pairs: list[list[str]] | None, lang: str | None = None) -> dict[str, Any]:
    """``-p NAME VALUE`` pairs (and ``--lang``) as typed values; raises ConfigError naming the bad one.

    >>> parse_parameters([["municipality_code", "13229"], ["measures", "[population]"]], "en")
    {'municipality_code': 13229, 'measures': ['population'], 'lang': 'en'}
    """
    parameters: dict[str, Any] = {}
    for name, text in pairs or []:
        where = f"-p {name}"
        if not _PARAMETER.fullmatch(name):
            raise ConfigError(f"{where}: {quote(name, 80)} is not a parameter name (letters, digits and _)")
        if name in parameters:
            raise ConfigError(f"{where} is given twice")
        if len(text) > MAX_VALUE:
            raise ConfigError(f"{where}: the value is {len(text):,} characters, more than {MAX_VALUE:,}")
        try:
            parameters[name] = yamlfile.parse(text, where) if text.strip() else text
        except yamlfile.YamlError as exc:
            shell = f" (in a shell: -p {name} \"'{text}'\")" if "YAML 1.1" in str(exc) else ""
            raise ConfigError(f"{exc}{shell}") from None
    if lang is not None:
        if "lang" in parameters and parameters["lang"] != lang:
            raise ConfigError(f"--lang {lang} and -p lang {parameters['lang']} disagree; give one")
        parameters["lang"] = lang
    return parameters


def find_notebook(given: str) -> Path:
    """The notebook named on the command line: a path to an .ipynb, or a name such as 05-tama-peers."""
    from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS

    path = Path(given) if given.endswith(".ipynb") else paths.NOTEBOOKS_DIR / f"{given}.ipynb"
    known = ", ".join(sorted(NOTEBOOK_PARAMETERS))
    if path.stem not in NOTEBOOK_PARAMETERS:
        raise ConfigError(f"{given}: no parameter description for notebook {path.stem!r}; the notebooks are {known}")
    if not path.is_file():
        raise ConfigError(f"{given}: no such notebook file ({path}); the notebooks are {known}")
    return path.resolve()


def custom_job(notebook: Path, parameters: dict[str, Any], base: Job | None = None, title: str | None = None) -> Job:
    """The job that runs ``notebook`` with ``parameters`` (over ``base``'s, when given), checked as a job's are."""
    from kodaira_analysis.present.parameters import check_job_parameters

    try:
        checked = check_job_parameters(notebook.stem, {**(base.parameters if base else {}), **parameters})
    except ParameterError as exc:
        raise ConfigError(f"-p: {exc}") from None
    if base is not None and not parameters:
        return base
    values = "-".join(re.sub(r"[^a-z0-9]+", "-", str(v).lower()).strip("-") for k, v in sorted(parameters.items()))
    name = re.sub(r"-{2,}", "-", f"{(base.name if base else notebook.stem)}-{values}".strip("-"))[:64].strip("-")
    shown = ", ".join(f"{k}={v}" for k, v in parameters.items())
    default_title = f"{base.title} ({shown})" if base else f"{notebook.stem} ({shown})" if shown else notebook.stem
    return Job(
        name=name or notebook.stem,
        notebook=notebook,
        title=title or default_title,
        audience=base.audience if base else "committee",
        parameters=checked,
        requires=base.requires if base else (),
    )


def find_target(name: str, config: Path, pairs: list[list[str]] | None, lang: str | None) -> Job:
    """The report to preview: a job of reports.yml (with -p's parameters over its own), or a notebook with -p's."""
    parameters = parse_parameters(pairs, lang)
    jobs = {job.name: job for job in load_jobs(config)}
    if name in jobs:
        return custom_job(jobs[name].notebook, parameters, base=jobs[name])
    try:
        notebook = find_notebook(name)
    except ConfigError as exc:
        raise ConfigError(
            f"{name!r} is neither a job of {config} nor a notebook ({exc}); the jobs are: {', '.join(sorted(jobs))}"
        ) from None
    return custom_job(notebook, parameters)


def notebook_problem(job: Job) -> str | None:
    """Why the job's notebook (or its paired .py) cannot be read now, or None (a FIFO would block for ever)."""
    for path in (job.notebook, job.notebook.with_suffix(".py")):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            if path.suffix == ".py":
                continue
            return f"{path} does not exist"
        except OSError as exc:
            return f"{path} cannot be read ({exc.strerror or exc})"
        if not stat.S_ISREG(mode):
            return f"{path} is not a regular file (a FIFO, device or folder): it is not read"
    return None


def kernel_env(*, keeps_files: bool) -> dict[str, str]:
    """What the kernels add to their environment: PNG only (no SVG) in the preview's own temporary folder.

    Into a folder given with ``--out`` the figure files are written whole, SVG included, as a build writes them.
    """
    return {SVG_ENV: "1" if keeps_files else "0"}


def render_once(job: Job, out: Path, timeout: float, raw: dict[str, str], spare: warm.Spare | None = None) -> JobResult:
    """Run the job (in the spare kernel) and render it, its files put in place; return its result.

    The notebook run is the .ipynb, or its paired .py when that was saved more recently: converted into a
    temporary folder of this call's own, removed after, and run where the notebook is.
    """
    from .executor import Task, run_job
    from .render import build_provenance

    paired = job.notebook.with_suffix(".py")
    with tempfile.TemporaryDirectory(prefix="kodaira-draft-") as scratch:
        source = job
        if paired.is_file() and paired.stat().st_mtime_ns > job.notebook.stat().st_mtime_ns:
            import jupytext

            source = dataclasses.replace(job, notebook=Path(scratch) / job.notebook.name)
            jupytext.write(jupytext.read(paired), source.notebook)
        task = Task(source, str(out), timeout, build_provenance(raw), False, cwd=str(job.notebook.parent))
        (out / "executed").mkdir(exist_ok=True)
        return publisher.put_in_place(run_job(task, spare), out)


def page_for(job: Job, result: JobResult, out: Path) -> str:
    """The page to serve for a render: the report, or its error page."""
    if result.ok:
        return (out / f"{job.name}.html").read_text(encoding="utf-8")
    from .index import write_error_page

    return write_error_page(job.to_dict(), result.as_dict(), has_last_good=False)


def claim_folder(out: Path) -> Any:
    """Take ``out`` for a preview or a render: its build lock, held for as long as the draft runs.

    Raises:
        NotOwnedError: a build's folder (its manifest: a draft would replace a recorded page), or not the runner's.
        Locked: a build is running there.
        OSError: the folder cannot be created.
    """
    from filelock import FileLock, Timeout

    if owned.recorded_reports(out) is not None:
        raise owned.NotOwnedError(
            f"{out} holds a build's reports (its manifest.json): a preview would put its drafts in place of "
            "them, unrecorded. Give a folder of the preview's own with --out."
        )
    owned.claim(out)
    lock = FileLock(out / publisher.LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise owned.Locked(f"a kodaira-reports build is running in {out}: give another --out") from None
    return lock


@contextmanager
def kernel_runtime(keeps_files: bool) -> Iterator[None]:
    """The kernels' connection files, sockets and kernelspec in a temporary folder, removed after (as a build's)."""
    saved = os.environ.get("JUPYTER_RUNTIME_DIR"), os.environ.get("JUPYTER_PATH")
    kernel_dir = Path(tempfile.mkdtemp(prefix="kodaira-kernel-"))
    (kernel_dir / "runtime").mkdir(mode=0o700)
    try:
        warm.install_kernelspec(kernel_dir / "runtime", env=kernel_env(keeps_files=keeps_files))
        yield
    finally:
        warm.remove_runtime(kernel_dir / "runtime")
        shutil.rmtree(kernel_dir, ignore_errors=True)
        for name, value in zip(("JUPYTER_RUNTIME_DIR", "JUPYTER_PATH"), saved, strict=True):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def render_into(job: Job, out: Path, timeout: float) -> JobResult:
    """Run ``job`` once into the folder ``out`` (``render``).

    Raises:
        KodairaError: the notebook cannot be read (2), bad data (6, 8), the folder refused (2, 5).
        OSError: the folder cannot be written (7).
    """
    from .status import read_inputs

    problem = notebook_problem(job)
    if problem:
        raise ConfigError(problem)
    raw, _, _ = read_inputs([], job.notebook.parent, build=True)
    out.mkdir(parents=True, exist_ok=True)
    lock = claim_folder(out)
    try:
        with kernel_runtime(keeps_files=True):
            return render_once(job, out, timeout, raw)
    finally:
        lock.release()
