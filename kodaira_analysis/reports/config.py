"""reports.yml: the report jobs, read and checked before anything runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, ParameterError, quote
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS, check_job_parameters
from kodaira_analysis.reports.grid import expand as expand_matrix

CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
AUDIENCES = ("committee", "research")
#: Data a job may need beyond data/raw; without it the job is skipped, not failed.
REQUIREMENTS = {"ssdse": f"the SSDSE-A files ({paths.how_to_run('external-data', 'kodaira_analysis.ssdse.download')})"}
#: Installed from the wheel, the runner has no notebooks of its own: the README says the same.
OUTSIDE_CHECKOUT = (
    " (kodaira-analysis is installed outside a checkout: the notebooks and reports.yml are not in the "
    "package, so pass --config PATH/TO/reports.yml of a checkout; its notebooks are found beside it)"
)
#: A job name becomes a file name and a link: checked with re.fullmatch (a trailing newline does not pass).
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
#: reports.yml is a short text file; anything larger is not one.
MAX_CONFIG_BYTES = 256 * 1024


def echo(value: object) -> str:
    """repr() of a value, cut short for an error message."""
    return quote(value, 80)


class _StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader without aliases, anchors or duplicate keys (a billion laughs; a silent last-wins)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be text, not {type(key).__name__}", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {echo(key)} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_config(path: Path) -> Any:
    """Parse reports.yml safely: a regular UTF-8 text file of limited size, no aliases, no duplicate keys.

    Raises:
        ConfigError: saying what is wrong with the file.
    """
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; --config takes a reports.yml file")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ConfigError(f"no report configuration at {path}{'' if paths.IN_CHECKOUT else OUTSIDE_CHECKOUT}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ConfigError(f"{path} is not a regular file")
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path} is {size:,} bytes, more than the limit of {MAX_CONFIG_BYTES:,} for reports.yml")
    try:
        data = path.read_bytes()[: MAX_CONFIG_BYTES + 1]
        text = data.decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not UTF-8 text (bad byte at {exc.start}); save it as UTF-8 (CP932 is not read)"
        ) from None
    if "\x00" in text:
        raise ConfigError(f"{path.name} holds a NUL byte: not a text file")
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name} is not valid YAML for this project: {exc}") from None


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


def load_jobs(path: Path = CONFIG_FILE) -> list[Job]:
    """Read and check every job of reports.yml.

    Raises:
        ConfigError: the file is missing or malformed, a name repeats, a
            notebook is missing, an audience or parameter is not allowed.
    """
    path = Path(path)

    def fail(where: str, problem: str) -> NoReturn:
        raise ConfigError(f"{path.name}: {where}: {problem}")

    data = read_config(path)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list) or not data["jobs"]:
        raise ConfigError(f"{path.name}: expected a mapping with a non-empty list 'jobs'")
    jobs, seen = [], set()
    for where, entry, group in expand_matrix(data["jobs"], fail):  # a job with a matrix: one per combination
        if not isinstance(entry, dict):
            fail(where, "expected a mapping with name, notebook, title, audience, parameters")
        unknown = set(entry) - {"name", "notebook", "title", "audience", "parameters", "requires"}
        if unknown:
            fail(where, f"unknown field(s) {echo(sorted(map(str, unknown)))}")
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            fail(where, f"name={echo(name)}: use lower-case letters, digits and hyphens (at most 64)")
        where = f"job {name!r}"
        if name in seen:
            fail(where, "the name is used twice")
        seen.add(name)
        given = entry.get("notebook")
        if not isinstance(given, str) or not given:
            fail(where, f"notebook={echo(given)}: expected a path such as notebooks/01-fiscal-trends.ipynb")
        notebook = path.parent / given
        if not notebook.is_file() or notebook.suffix != ".ipynb":
            fail(where, f"notebook {echo(given)} does not exist (paths are relative to {path.name})")
        notebooks_dir = (path.parent / "notebooks").resolve()
        if not notebook.resolve().is_relative_to(notebooks_dir):
            fail(where, f"notebook {echo(given)} is outside {notebooks_dir}: jobs run only the notebooks/ folder")
        if notebook.stem not in NOTEBOOK_PARAMETERS:
            fail(
                where,
                f"notebook {notebook.stem!r} has no parameter description in kodaira_analysis/present/parameters.py",
            )
        audience = entry.get("audience", "committee")
        if not isinstance(audience, str) or audience not in AUDIENCES:
            fail(where, f"audience={echo(audience)}: use one of {AUDIENCES}")
        parameters = entry.get("parameters") or {}
        if not isinstance(parameters, dict) or not all(isinstance(k, str) for k in parameters):
            fail(where, "parameters must be a mapping of names to values")
        try:
            check_job_parameters(notebook.stem, parameters)
        except ParameterError as exc:
            fail(where, str(exc))
        except (TypeError, ValueError, KeyError) as exc:
            fail(where, f"parameters {echo(parameters)}: {echo(str(exc))}")
        requires = entry.get("requires") or []
        if not isinstance(requires, list) or any(not isinstance(r, str) or r not in REQUIREMENTS for r in requires):
            fail(where, f"requires={echo(requires)}: a list of {sorted(REQUIREMENTS)}")
        title = entry.get("title") or name
        if not isinstance(title, str | int | float) or isinstance(title, bool):
            fail(where, f"title={echo(title)}: expected text")
        jobs.append(Job(name, notebook.resolve(), str(title), audience, parameters, tuple(requires), group))
    return jobs


def select(jobs: list[Job], only: list[str] | None) -> list[Job]:
    """The jobs named by --only (all when None), failing on an unknown name."""
    if not only:
        return jobs
    names = {job.name for job in jobs}
    unknown = [name for name in only if name not in names]
    if unknown:
        raise ConfigError(f"--only: no job named {echo(unknown)}; the jobs are: {', '.join(sorted(names))}")
    return [job for job in jobs if job.name in only]
