"""reports.yml: the report jobs, read and checked before anything runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, ParameterError, RawDataError, quote
from kodaira_analysis.files import read_regular_file
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS, check_job_parameters
from kodaira_analysis.reports import yamlfile
from kodaira_analysis.reports.grid import expand as expand_matrix
from kodaira_analysis.reports.model import CONFIG_FILE, ExitCode

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


def read_config(path: Path) -> Any:
    """Parse reports.yml safely: regular UTF-8 text of limited size, strict YAML (see :mod:`.yamlfile`).

    Raises:
        ConfigError: saying what is wrong with the file.
    """
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; --config takes a reports.yml file")
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"no report configuration at {path}{'' if paths.IN_CHECKOUT else OUTSIDE_CHECKOUT}")
    try:
        data = read_regular_file(path, MAX_CONFIG_BYTES, root=Path(path.anchor or "/"))
    except RawDataError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not UTF-8 text (bad byte at {exc.start}); save it as UTF-8 (CP932 is not read)"
        ) from None
    if "\x00" in text:
        raise ConfigError(f"{path.name} holds a NUL byte: not a text file")
    try:
        return yamlfile.parse(text, path.name)
    except yamlfile.YamlError as exc:
        raise ConfigError(str(exc)) from None


class ConfigError(KodairaError):
    """reports.yml is wrong: the message names the job and the field."""

    exit_code = ExitCode.CONFIG


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


class JobEntry(BaseModel):
    """One entry of reports.yml's ``jobs`` as written (a grid's name and title are templates)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(min_length=1, max_length=200)
    notebook: str = Field(min_length=1, max_length=500)
    title: str | int | float | None = Field(default=None)
    audience: Literal["committee", "research"] = "committee"
    parameters: dict[str, Any] | None = None
    requires: list[Literal["ssdse", "mic"]] | None = None  # state.SOURCES
    matrix: dict[str, Annotated[list[Any], Field(min_length=1)]] | None = Field(default=None, min_length=1)


#: What each field of a job holds, said after pydantic's own words.
_HINTS = {
    "name": "use lower-case letters, digits and hyphens (a grid's name is a template such as '05-peers-{lang}')",
    "notebook": "a path such as notebooks/01-fiscal-trends.ipynb",
    "title": "text",
    "parameters": "a mapping of parameter names to values",
    "requires": "a list of the data a job needs: ssdse, mic",
    "matrix": "a matrix must map parameter names to non-empty lists of values",
}


def _problems(entry: dict[str, Any], exc: ValidationError) -> str:
    """Pydantic's errors as 'field=value: what was expected (hint)', one per field of the job."""
    by_field: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False):
        top = str(err["loc"][0]) if err["loc"] else "the job"
        if err["type"] == "extra_forbidden":
            by_field.setdefault(top, []).append("unknown field")
            continue
        said = str(err["msg"]).removeprefix("Value error, ")
        message = "expected " + said.removeprefix("Input should be ") if said.startswith("Input should be ") else said
        if err["type"] == "too_short":
            message = "needs at least one item, has none"
        inner = [f"item {part + 1}" if isinstance(part, int) else repr(part) for part in err["loc"][1:]]
        inner = [part for part in inner if part not in ("'str'", "'int'", "'float'")]  # a union's branches
        by_field.setdefault(top, []).append(f"{', '.join(inner) + ': ' if inner else ''}{message}")
    described = []
    for top, messages in by_field.items():
        if messages == ["unknown field"]:
            described.append(f"unknown field(s) {echo([top])}; the fields are {', '.join(JobEntry.model_fields)}")
            continue
        value = f"={echo(entry[top])}" if top in entry else ""
        unique = list(dict.fromkeys(messages))
        if len(unique) > 1 and all(m.startswith("expected ") for m in unique):
            unique = ["expected " + " or ".join(m.removeprefix("expected ") for m in unique)]
        said = "missing" if messages == ["Field required"] else " or ".join(unique)
        hint = f" ({_HINTS[top]})" if top in _HINTS else ""
        described.append(f"{top}{value}: {said}{hint}")
    return "; ".join(described)


def _entries(data: Any, fail: Callable[[str, str], NoReturn]) -> list[dict[str, Any]]:
    """The entries of ``jobs``, each checked against :class:`JobEntry` (the message names job and field)."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list) or not data["jobs"]:
        fail("the file", "expected a mapping with a non-empty list 'jobs'")
    if set(data) != {"jobs"}:
        fail("the file", f"unknown top-level key(s) {echo(sorted(map(str, set(data) - {'jobs'})))}; only 'jobs'")
    entries = []
    for number, entry in enumerate(data["jobs"], start=1):
        where = f"job {number}" + (f" ({entry['name']!r})" if isinstance(entry, dict) and "name" in entry else "")
        if not isinstance(entry, dict):
            fail(where, "expected a mapping with name, notebook, title, audience, parameters")
        try:
            JobEntry.model_validate(entry)
        except ValidationError as exc:
            fail(where if len(where) < 120 else f"job {number}", _problems(entry, exc))
        entries.append(entry)
    return entries


def load_jobs(path: Path = CONFIG_FILE) -> list[Job]:
    """Read and check every job of reports.yml.

    Raises:
        ConfigError: the file is missing or malformed, a name repeats, a
            notebook is missing, an audience or parameter is not allowed.
    """
    path = Path(path)

    def fail(where: str, problem: str) -> NoReturn:
        raise ConfigError(f"{path.name}: {where}: {problem}")

    entries = _entries(read_config(path), fail)
    jobs, seen = [], set()
    notebooks_dir = (path.parent / "notebooks").resolve()
    for where, entry, group in expand_matrix(entries, fail):  # a job with a matrix: one per combination
        name = entry["name"]
        if not _NAME.fullmatch(name):
            fail(where, f"name={echo(name)}: use lower-case letters, digits and hyphens (at most 64)")
        where = f"job {name!r}"
        if name in seen:
            fail(where, "the name is used twice")
        seen.add(name)
        given = entry["notebook"]
        notebook = path.parent / given
        if not notebook.is_file() or notebook.suffix != ".ipynb":
            fail(where, f"notebook {echo(given)} does not exist (paths are relative to {path.name})")
        if not notebook.resolve().is_relative_to(notebooks_dir):
            fail(where, f"notebook {echo(given)} is outside {notebooks_dir}: jobs run only the notebooks/ folder")
        if notebook.stem not in NOTEBOOK_PARAMETERS:
            fail(
                where,
                f"notebook {notebook.stem!r} has no parameter description in kodaira_analysis/present/parameters.py",
            )
        parameters = entry.get("parameters") or {}
        try:
            parameters = check_job_parameters(notebook.stem, parameters)
        except ParameterError as exc:
            fail(where, f"parameters: {exc}")
        title = entry.get("title")
        jobs.append(
            Job(
                name,
                notebook.resolve(),
                name if title is None or title == "" else str(title),
                entry.get("audience", "committee"),
                parameters,
                tuple(entry.get("requires") or ()),
                group,
            )
        )
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
