"""reports.yml: the report jobs, read through a pydantic model and checked before anything runs.

A job with a ``matrix`` (a grid) is one job per combination, the first key varying slowest; its ``name`` and
``title`` are templates of plain ``{field}`` names only (no attribute access, indexing, conversion or spec).
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kodaira_analysis import paths
from kodaira_analysis.errors import ParameterError, RawDataError, quote
from kodaira_analysis.files import read_regular_file
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS, check_job_parameters
from kodaira_analysis.reports import yamlfile
from kodaira_analysis.reports.model import CONFIG_FILE, NAME, ConfigError

OUTSIDE_CHECKOUT = (
    " (kodaira-analysis is installed outside a checkout: the notebooks and reports.yml are not in the "
    "package, so pass --config PATH/TO/reports.yml of a checkout; its notebooks are found beside it)"
)
#: Beyond these a reports.yml, a grid or a filled title is a typo, not a wish.
MAX_CONFIG_BYTES, MAX_COMBINATIONS, MAX_FILLED = 256 * 1024, 1000, 500
_PLAIN = "a template takes only plain {field} names (no attribute access, indexing, conversion or format spec)"


def read_config(path: Path) -> Any:
    """reports.yml parsed: regular UTF-8 text of limited size, strict YAML (:mod:`.yamlfile`); else ConfigError."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; --config takes a reports.yml file")
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"no report configuration at {path}{'' if paths.IN_CHECKOUT else OUTSIDE_CHECKOUT}")
    try:
        text = read_regular_file(path, MAX_CONFIG_BYTES, root=Path(path.anchor or "/")).decode("utf-8")
    except RawDataError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not UTF-8 text (bad byte at {exc.start}); save it as UTF-8 (CP932 is not read)"
        ) from None
    if "\x00" in text:
        raise ConfigError(f"{path.name} holds a NUL byte: not a text file")
    return yamlfile.parse(text, path.name)


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
        return {**asdict(self), "notebook": str(self.notebook), "requires": list(self.requires)}


def fields(template: str) -> list[str]:
    """The field names of a template, in order; ValueError for anything but plain ``{name}`` fields.

    >>> fields("05-peers-{municipality_code}-{lang}")
    ['municipality_code', 'lang']
    >>> fields("{lang.__class__}")
    Traceback (most recent call last):
    ...
    ValueError: '{lang.__class__}': a template takes only plain {field} names (no attribute access, indexing, conversion or format spec); write {lang} or {{ for a brace
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:  # a lone brace
        raise ValueError(f"{exc}: {_PLAIN}; write {{{{ or }}}} for a brace") from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is not None and (not name.isidentifier() or spec or conversion):
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            plain = re.match(r"[A-Za-z_]\w*", name)
            raise ValueError(
                f"{written[:40]!r}: {_PLAIN}; write {{{plain[0] if plain else 'name'}}} or {{{{ for a brace"
            )
        if name is not None:
            names.append(name)
    return names


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with each ``{name}`` replaced by ``str(values[name])``; ValueError as :func:`fields`."""
    fields(template)  # plain names only: format_map then evaluates nothing
    try:
        filled = template.format_map({name: str(value) for name, value in values.items()})
    except KeyError as exc:
        raise ValueError(
            f"{{{exc.args[0]}}} is not a parameter of this job; the parameters are {sorted(values)}"
        ) from None
    if len(filled) > MAX_FILLED:
        raise ValueError(f"the filled template is {len(filled):,} characters, more than {MAX_FILLED}")
    return filled


def group_name(template: str) -> str:
    """The grid's name in the index: the name template without its fields ('05-peers-{lang}': '05-peers')."""
    return re.sub(r"-{2,}", "-", re.sub(r"\{[^{}]*\}", "", template)).strip("-") or template


GRID = "(a grid's name is a template such as '05-peers-{lang}')"


class JobEntry(BaseModel):
    """One entry of ``jobs`` as written; a field's description is said after an error in it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(min_length=1, max_length=200, description=f"use lower-case letters, digits and hyphens {GRID}")
    notebook: str = Field(min_length=1, max_length=500, description="a path such as notebooks/01-fiscal-trends.ipynb")
    title: str | int | float | None = Field(default=None, description="text")
    audience: Literal["committee", "research"] = "committee"
    parameters: dict[str, Any] | None = Field(default=None, description="a mapping of parameter names to values")
    requires: list[Literal["ssdse", "mic"]] | None = Field(  # provenance.SOURCES
        default=None, description="a list of the data a job needs: ssdse, mic"
    )
    matrix: dict[str, Annotated[list[Any], Field(min_length=1)]] | None = Field(
        default=None, min_length=1, description="a matrix must map parameter names to non-empty lists of values"
    )

    @model_validator(mode="after")
    def _grid(self) -> JobEntry:
        """A grid's templates and matrix make distinct jobs, a bounded number of them."""
        matrix, fixed = self.matrix or {}, self.parameters or {}
        for key, values in matrix.items():
            if len({repr(value) for value in values}) < len(values):
                raise ValueError(f"matrix: {key!r} lists a value twice")
        if set(fixed) & set(matrix):
            raise ValueError(f"parameter(s) {sorted(set(fixed) & set(matrix))} are both fixed and in the matrix")
        if matrix:
            fields(str(self.title or ""))  # ValueError for anything but plain {field} names
            missing = sorted(set(matrix) - set(fields(self.name)))
            if missing:
                raise ValueError(f"the name template {self.name!r} must use every matrix key; missing {missing}")
        combinations = math.prod(len(values) for values in matrix.values())
        if combinations > MAX_COMBINATIONS:
            raise ValueError(f"matrix: {combinations:,} combinations, more than the limit of {MAX_COMBINATIONS:,}")
        return self


def _problems(entry: dict[str, Any], exc: ValidationError) -> str:
    """Pydantic's errors as 'field=value: what was expected (what the field holds)', one clause per field."""
    said: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False):
        top = str(err["loc"][0]) if err["loc"] else ""
        inner = [f"item {part + 1}" if isinstance(part, int) else repr(part) for part in err["loc"][1:]]
        inner = [part for part in inner if part not in ("'str'", "'int'", "'float'")]  # a union's branches
        message = str(err["msg"]).removeprefix("Value error, ").replace("Input should be ", "expected ")
        message = {"missing": "missing", "extra_forbidden": "unknown"}.get(err["type"], message)
        said.setdefault(top, []).append("".join(f"{part}: " for part in inner) + message)
    unknown = [top for top, messages in said.items() if messages == ["unknown"]]
    clauses = []
    if unknown:
        clauses.append(f"unknown field(s) {quote(unknown, 80)}; the fields are {', '.join(JobEntry.model_fields)}")
    for top, messages in said.items():
        if top not in unknown:
            hint = JobEntry.model_fields[top].description if top in JobEntry.model_fields else None
            value = f"={quote(entry[top], 80)}" if top in entry else ""
            what = " or ".join(dict.fromkeys(messages)).replace(" or expected ", " or ")  # a union's branches
            clauses.append((f"{top}{value}: " if top else "") + what + (f" ({hint})" if hint else ""))
    return "; ".join(clauses)


def _entries(data: Any, fail: Callable[[str, str], NoReturn]) -> list[tuple[str, JobEntry]]:
    """Each entry of ``jobs`` checked against :class:`JobEntry`, with where it is ('job 2 ('name')')."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list) or not data["jobs"]:
        fail("the file", "expected a mapping with a non-empty list 'jobs'")
    if set(data) != {"jobs"}:
        unknown = sorted(map(str, set(data) - {"jobs"}))
        fail("the file", f"unknown top-level key(s) {quote(unknown, 80)}; only 'jobs'")
    entries = []
    for number, entry in enumerate(data["jobs"], start=1):
        where = f"job {number}" + (f" ({entry['name']!r})" if isinstance(entry, dict) and "name" in entry else "")
        where = where if len(where) < 120 else f"job {number}"
        if not isinstance(entry, dict):
            fail(where, "expected a mapping with name, notebook, title, audience, parameters")
        try:
            entries.append((where, JobEntry.model_validate(entry)))
        except ValidationError as exc:
            fail(where, _problems(entry, exc))
    return entries


def _expand(where: str, entry: JobEntry, fail: Callable[[str, str], NoReturn]) -> Iterator[tuple[Any, ...]]:
    """The jobs of an entry as (where, name, title, parameters, grid): itself, or one per combination."""
    fixed = entry.parameters or {}
    if entry.matrix is None:
        yield where, entry.name, entry.name if entry.title in (None, "") else str(entry.title), fixed, None
        return
    for values in itertools.product(*entry.matrix.values()):
        parameters = {**fixed, **dict(zip(entry.matrix, values, strict=True))}
        here = f"{where} ({', '.join(f'{key}={value}' for key, value in zip(entry.matrix, values, strict=True))})"
        try:
            name, title = (fill(text, parameters) for text in (entry.name, str(entry.title or entry.name)))
        except ValueError as exc:
            fail(here, f"name or title template cannot be filled: {exc}")
        yield here, name, title, parameters, group_name(entry.name)


def load_jobs(path: Path = CONFIG_FILE) -> list[Job]:
    """Read and check every job of reports.yml; ConfigError names the file, the job and the field."""
    path = Path(path)

    def fail(where: str, problem: str) -> NoReturn:
        raise ConfigError(f"{path.name}: {where}: {problem}")

    jobs: dict[str, Job] = {}
    for where, entry in _entries(read_config(path), fail):
        notebook = path.parent / entry.notebook
        if not notebook.is_file() or notebook.suffix != ".ipynb":
            fail(where, f"notebook {quote(entry.notebook, 80)} does not exist (paths are relative to {path.name})")
        if not notebook.resolve().is_relative_to((path.parent / "notebooks").resolve()):
            outside = f"notebook {quote(entry.notebook, 80)} is outside {(path.parent / 'notebooks').resolve()}"
            fail(where, f"{outside}: jobs run only the notebooks/ folder")
        if notebook.stem not in NOTEBOOK_PARAMETERS:
            described = "a parameter description in kodaira_analysis/present/parameters.py"
            fail(where, f"notebook {notebook.stem!r} has no {described}")
        for here, name, title, parameters, group in _expand(where, entry, fail):
            if not NAME.fullmatch(name):
                fail(here, f"name={quote(name, 80)}: use lower-case letters, digits and hyphens (at most 64)")
            if name in jobs:
                fail(f"job {name!r}", "the name is used twice")
            try:
                parameters = check_job_parameters(notebook.stem, parameters)
            except ParameterError as exc:
                fail(f"job {name!r}", f"parameters: {exc}")
            requires = tuple(entry.requires or ())
            jobs[name] = Job(name, notebook.resolve(), title, entry.audience, parameters, requires, group)
    return list(jobs.values())


def select(jobs: list[Job], only: list[str] | None) -> list[Job]:
    """The jobs named by --only (all when None), failing on an unknown name."""
    if not only:
        return jobs
    names = {job.name for job in jobs}
    unknown = [name for name in only if name not in names]
    if unknown:
        raise ConfigError(f"--only: no job named {quote(unknown, 80)}; the jobs are: {', '.join(sorted(names))}")
    return [job for job in jobs if job.name in only]
