"""Drafts: one report rendered into a folder of its own, for ``preview`` (again and again) and ``render`` (once).

The report is a job of reports.yml or a notebook, with the user's ``-p`` parameters read as YAML values (as in
reports.yml) and checked by the notebook's own description before any kernel starts (exit 2).
"""

from __future__ import annotations

import dataclasses
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from kodaira_analysis import paths
from kodaira_analysis.errors import ParameterError, quote
from kodaira_analysis.page.provenance import build_provenance
from kodaira_analysis.present import SVG_ENV

from . import owned, publisher, signals, warm, yamlfile
from .config import ConfigError, Job, load_jobs
from .model import JobResult

#: A parameter's name on the command line: a Python identifier, as in the notebooks' parameters cell.
_PARAMETER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
#: The longest value text read from the command line.
MAX_VALUE = 4096
#: How often ``render`` and ``preview`` look at their stop flag while their work runs (seconds).
POLL_SECONDS = 0.1
T = TypeVar("T")


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

    from .status import sha256_json

    try:
        checked = check_job_parameters(notebook.stem, {**(base.parameters if base else {}), **parameters})
    except ParameterError as exc:
        raise ConfigError(f"-p: {exc}") from None
    if base is not None and not parameters:
        return base
    base = base or Job(notebook.stem, notebook, notebook.stem)
    # The values for the eye, then 8 hex of the whole set: a name cut at 64 characters, or two sets that read alike
    # (-p year 2020 and -p municipality_code 2020), never share a file (one render silently replaced another).
    values = "-".join(re.sub(r"[^a-z0-9]+", "-", str(v).lower()).strip("-") for k, v in sorted(parameters.items()))
    digest = sha256_json({k: checked[k] for k in parameters})[:8]
    name = re.sub(r"-{2,}", "-", f"{base.name}-{values}".strip("-"))[:55].strip("-") + f"-{digest}"
    shown = ", ".join(f"{k}={v}" for k, v in parameters.items())
    title = title or (f"{base.title} ({shown})" if shown else base.title)
    return dataclasses.replace(base, name=name or notebook.stem, title=title, parameters=checked, group=None)


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


def check_notebook(job: Job) -> None:
    """Raise ConfigError unless the notebook (and its paired .py, if any) is a regular file: a FIFO would block."""
    for path in (job.notebook, job.notebook.with_suffix(".py")):
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                raise ConfigError(f"{path} is not a regular file (a FIFO, device or folder): it is not read")
        except FileNotFoundError:
            if path.suffix != ".py":
                raise ConfigError(f"{path} does not exist") from None
        except OSError as exc:
            raise ConfigError(f"{path} cannot be read ({exc.strerror or exc})") from None


def render_once(
    job: Job,
    out: Path,
    timeout: float,
    raw: dict[str, str],
    spare: warm.Spare | None = None,
    stop: signals.StopFlag | None = None,
) -> JobResult | None:
    """Run the job (in the spare kernel) and render it, its files put in place; return its result.

    The notebook run is the .ipynb, or its paired .py when that was saved more recently: converted into a
    temporary folder of this call's own, removed after, and run where the notebook is. When ``stop`` is set by
    the time the run ends (its kernel was killed), nothing is put in place and the result is None.
    """
    from .executor import Task, run_job

    paired = job.notebook.with_suffix(".py")
    with tempfile.TemporaryDirectory(prefix="kodaira-draft-") as scratch:
        source = job
        if paired.is_file() and paired.stat().st_mtime_ns > job.notebook.stat().st_mtime_ns:
            import jupytext

            source = dataclasses.replace(job, notebook=Path(scratch) / job.notebook.name)
            jupytext.write(jupytext.read(paired), source.notebook)
        task = Task(source, str(out), timeout, build_provenance(raw), cwd=str(job.notebook.parent))
        (out / "executed").mkdir(exist_ok=True)
        result = run_job(task, spare)
        if stop:
            publisher.discard(result.staged)
            return None
        return publisher.put_in_place(result, out)


def claim_folder(out: Path) -> Any:
    """Take ``out`` under its build lock (``Locked`` if a build runs there), for as long as the draft runs.

    A build's folder (its manifest: a draft would replace a recorded page) is refused (``NotOwnedError``).
    """
    if owned.recorded_reports(out) is not None:
        raise owned.NotOwnedError(
            f"{out} holds a build's reports (its manifest.json): a preview would put its drafts in place of "
            "them, unrecorded. Give a folder of the preview's own with --out."
        )
    owned.claim(out)
    lock = publisher.acquire_lock(out, 0, signals.StopFlag())
    if lock is None:
        raise owned.Locked(f"a kodaira-reports build is running in {out}: give another --out")
    return lock


@contextmanager
def drafting(job: Job, out: Path, root: Path, keeps_files: bool) -> Iterator[dict[str, str]]:
    """Check the notebook and the data (yield its hashes), claim ``out``, and set up the kernels, for one draft.

    The kernels get a runtime folder and kernelspec of their own, removed after. Figures carry their SVG (as a
    build's) into a folder kept after (``--out``); the preview's own temporary folder gets PNGs only.

    Raises:
        KodairaError: the notebook cannot be read (2), bad data (6, 8), the folder refused (2, 5).
        OSError: the folder cannot be written (7).
    """
    from .status import read_inputs

    check_notebook(job)
    raw, _, _ = read_inputs([], root, build=True)
    out.mkdir(parents=True, exist_ok=True)
    lock = claim_folder(out)
    try:
        with tempfile.TemporaryDirectory(prefix="kodaira-kernel-") as scratch:
            with warm.kernel_runtime(Path(scratch) / "runtime", env={SVG_ENV: "1" if keeps_files else "0"}):
                yield raw
    finally:
        lock.release()


def render_into(job: Job, out: Path, timeout: float, stop: signals.StopFlag) -> JobResult | None:
    """Run ``job`` once into the folder ``out`` (``render``); raises as :func:`drafting`.

    Once a signal came the run ends with its kernel: nothing is put in place and the result is None.
    """
    with drafting(job, out, job.notebook.parent, keeps_files=True) as raw:
        return None if stop else run_stoppable(stop, render_once, job, out, timeout, raw, None, stop)


def run_stoppable(stop: signals.StopFlag, work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in a thread; meanwhile this one looks at ``stop`` and, once a signal came, kills the kernels.

    Every process started since is killed, each time round (a kernel that starts after the signal goes too), so
    that the work ends; its result, or what it raised, is this function's.
    """
    before = signals.children()
    with ThreadPoolExecutor(1) as thread:
        run = thread.submit(work, *args)
        while not run.done():
            if stop:
                signals.reap_adopted(lambda: before)
            wait([run], POLL_SECONDS)
        return run.result()
