"""reports.yml: the report jobs, read and checked before anything runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, ParameterError
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS, check_job_parameters
from kodaira_analysis.reports.grid import expand as expand_matrix

CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
AUDIENCES = ("committee", "research")
#: Data a job may need beyond data/raw; without it the job is skipped, not failed.
REQUIREMENTS = {"ssdse": "the SSDSE-A files (make external-data)"}
#: Installed from the wheel, the runner has no notebooks of its own: the README says the same.
OUTSIDE_CHECKOUT = (
    " (kodaira-analysis is installed outside a checkout: the notebooks and reports.yml are not in the "
    "package, so pass --config PATH/TO/reports.yml of a checkout; its notebooks are found beside it)"
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ConfigError(KodairaError):
    """reports.yml is wrong: the message names the job and the field."""


@dataclass(frozen=True)
class Job:
    """One report: a notebook, its parameters and who reads it."""

    name: str
    notebook: Path
    title: str
    audience: str = "committee"
    parameters: dict[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    group: str | None = None  # the grid (a job with a matrix) this job comes from

    @property
    def notebook_key(self) -> str:
        """The notebook's name without suffix, e.g. '01-fiscal-trends'."""
        return self.notebook.stem

    @property
    def lang(self) -> str:
        """The report's language ('ja' unless the job says otherwise)."""
        return self.parameters.get("lang", "ja")

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (for worker processes and the manifest)."""
        return {
            "name": self.name,
            "notebook": str(self.notebook),
            "title": self.title,
            "audience": self.audience,
            "parameters": dict(self.parameters),
            "requires": list(self.requires),
            "group": self.group,
        }


def _fail(where: str, problem: str) -> None:
    raise ConfigError(f"{CONFIG_FILE.name}: {where}: {problem}")


def load_jobs(path: Path = CONFIG_FILE) -> list[Job]:
    """Read and check every job of reports.yml.

    Raises:
        ConfigError: the file is missing or malformed, a name repeats, a
            notebook is missing, an audience or parameter is not allowed.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no report configuration at {path}{'' if paths.IN_CHECKOUT else OUTSIDE_CHECKOUT}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list) or not data["jobs"]:
        raise ConfigError(f"{path.name}: expected a mapping with a non-empty list 'jobs'")
    jobs, seen = [], set()
    for where, entry, group in expand_matrix(data["jobs"], _fail):  # a job with a matrix: one per combination
        if not isinstance(entry, dict):
            _fail(where, "expected a mapping with name, notebook, title, audience, parameters")
        unknown = set(entry) - {"name", "notebook", "title", "audience", "parameters", "requires"}
        if unknown:
            _fail(where, f"unknown field(s) {sorted(unknown)}")
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            _fail(where, f"name={name!r}: use lower-case letters, digits and hyphens")
        where = f"job {name!r}"
        if name in seen:
            _fail(where, "the name is used twice")
        seen.add(name)
        notebook = path.parent / str(entry.get("notebook", ""))
        if not notebook.is_file() or notebook.suffix != ".ipynb":
            _fail(where, f"notebook {entry.get('notebook')!r} does not exist (paths are relative to {path.name})")
        if notebook.stem not in NOTEBOOK_PARAMETERS:
            _fail(where, f"notebook {notebook.stem!r} has no parameter description in kodaira_analysis/parameters.py")
        audience = entry.get("audience", "committee")
        if audience not in AUDIENCES:
            _fail(where, f"audience={audience!r}: use one of {AUDIENCES}")
        parameters = entry.get("parameters") or {}
        if not isinstance(parameters, dict):
            _fail(where, "parameters must be a mapping")
        try:
            check_job_parameters(notebook.stem, parameters)
        except ParameterError as exc:
            _fail(where, str(exc))
        requires = entry.get("requires") or []
        if not isinstance(requires, list) or any(r not in REQUIREMENTS for r in requires):
            _fail(where, f"requires={requires!r}: a list of {sorted(REQUIREMENTS)}")
        title = entry.get("title") or name
        jobs.append(Job(name, notebook.resolve(), str(title), audience, parameters, tuple(requires), group))
    return jobs


def select(jobs: list[Job], only: list[str] | None) -> list[Job]:
    """The jobs named by --only (all when None), failing on an unknown name."""
    if not only:
        return jobs
    names = {job.name for job in jobs}
    unknown = [name for name in only if name not in names]
    if unknown:
        raise ConfigError(f"--only: no job named {unknown}; the jobs are: {', '.join(sorted(names))}")
    return [job for job in jobs if job.name in only]
