"""Parameter grids in reports.yml: one job with a ``matrix`` becomes one job per combination.

.. code-block:: yaml

    - name: "05-peers-{municipality_code}-{lang}"
      notebook: notebooks/05-tama-peers.ipynb
      title: "Peers of {municipality_code} ({lang})"
      requires: [ssdse]
      parameters: {peer_group: tama26}
      matrix:
        municipality_code: ["13201", "13202"]
        lang: [ja, en]

expands into four jobs, ``05-peers-13201-ja`` and so on, in the order of the
matrix (the first key varies slowest). ``name`` and ``title`` are templates
filled with the combination's parameters, fixed and varied alike: a template
holds only plain ``{field}`` names (``{{`` and ``}}`` for braces), never
``str.format``'s attribute access, indexing, conversions or format specs. Each expansion is then checked like any job (its name, its
parameters against the notebook's parameters cell) and is incremental on its
own; the index lists the expansions of one grid together, under the grid's
name (the ``name`` template with its fields removed, e.g. ``05-peers``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NoReturn

_FIELD = re.compile(r"\{[^{}]*\}")
#: One token of a template: an escaped brace, a plain field, or any other brace (an error).
_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]{0,63})\}|[{}]")
#: More reports than this from one grid is a typo, not a wish.
MAX_COMBINATIONS = 1000
#: A filled title longer than this is not a title.
MAX_FILLED = 500


class TemplateError(ValueError):
    """A name or title template that is not text with plain {field} names."""


def fields(template: str) -> list[str]:
    """The field names of a template, in order; raises TemplateError for anything but plain ``{name}`` fields.

    >>> fields("05-peers-{municipality_code}-{lang}")
    ['municipality_code', 'lang']
    >>> fields("{lang.__class__}")
    Traceback (most recent call last):
    ...
    kodaira_analysis.reports.grid.TemplateError: '{lang.__class__}' at character 1: a template takes only plain {field} names (no attribute access, indexing, conversion or format spec); write {lang} or {{ for a brace
    """
    names = []
    for match in _TOKEN.finditer(template):
        if match.group(1):
            names.append(match.group(1))
        elif match.group(0) in "{}":
            start = match.start()
            shown = _FIELD.match(template, start) if match.group(0) == "{" else None
            piece = template[start : start + 40] if shown is None else shown.group(0)[:40]
            base = re.match(r"\{([A-Za-z_][A-Za-z0-9_]*)", piece)
            hint = f"write {{{base.group(1)}}}" if base else "write {name}"
            raise TemplateError(
                f"{piece!r} at character {start + 1}: a template takes only plain {{field}} names (no attribute "
                f"access, indexing, conversion or format spec); {hint} or {{{{ for a brace"
            )
    return names


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with each ``{name}`` replaced by ``str(values[name])``.

    >>> fill("Peers of {code} {{{lang}}}", {"code": "13229", "lang": "en"})
    'Peers of 13229 {en}'
    """
    missing = [name for name in fields(template) if name not in values]
    if missing:
        raise TemplateError(f"{{{missing[0]}}} is not a parameter of this job; the parameters are {sorted(values)}")

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        return token[0] if token in ("{{", "}}") else str(values[match.group(1)])

    filled = _TOKEN.sub(one, template)
    if len(filled) > MAX_FILLED:
        raise TemplateError(f"the filled template is {len(filled):,} characters, more than {MAX_FILLED}")
    return filled


def group_name(template: str) -> str:
    """The grid's name in the index: the name template without its fields, e.g. '05-peers'."""
    return re.sub(r"-{2,}", "-", _FIELD.sub("", template)).strip("-") or template


def expand(entries: list[Any], fail: Callable[[str, str], NoReturn]) -> Iterator[tuple[str, Any, str | None]]:
    """Each entry of reports.yml's ``jobs``, with every grid expanded: (where, entry, group or None).

    ``fail(where, problem)`` raises the configuration error. The entries' types are checked already
    (:class:`.config.JobEntry`).
    """
    for number, entry in enumerate(entries, start=1):
        where = f"job {number}"
        if not isinstance(entry, dict) or "matrix" not in entry:
            yield where, entry, None
            continue
        matrix, name = entry["matrix"], entry["name"]  # their types checked by config.JobEntry
        for key, values in matrix.items():
            if len({repr(v) for v in values}) != len(values):
                fail(where, f"matrix: {key!r} lists a value twice")
        fixed = entry.get("parameters") or {}
        if set(fixed) & set(matrix):
            fail(where, f"parameter(s) {sorted(set(fixed) & set(matrix))} are both fixed and in the matrix")
        try:
            name_fields = fields(name)
            fields(str(entry.get("title") or ""))
        except TemplateError as exc:
            fail(where, f"name or title template: {exc}")
        combinations = math.prod(len(values) for values in matrix.values())
        if combinations > MAX_COMBINATIONS:
            fail(where, f"matrix: {combinations:,} combinations, more than the limit of {MAX_COMBINATIONS:,}")
        missing = set(matrix) - set(name_fields)
        if missing:
            fail(where, f"the name template {name!r} must use every matrix key; missing {sorted(missing)}")
        group = group_name(name)
        for values in itertools.product(*matrix.values()):
            parameters = {**fixed, **dict(zip(matrix, values, strict=True))}
            combination = ", ".join(f"{k}={v}" for k, v in zip(matrix, values, strict=True))
            here = f"{where} ({combination})"
            job = {k: v for k, v in entry.items() if k != "matrix"}
            try:
                job["name"] = fill(name, parameters)
                job["title"] = fill(str(entry.get("title") or name), parameters)
            except TemplateError as exc:
                fail(here, f"name or title template cannot be filled: {exc}")
            job["parameters"] = parameters
            yield here, job, group
