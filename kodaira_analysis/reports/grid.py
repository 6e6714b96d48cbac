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
(Python ``str.format``) filled with the combination's parameters, fixed and
varied alike. Each expansion is then checked like any job (its name, its
parameters against the notebook's parameters cell) and is incremental on its
own; the index lists the expansions of one grid together, under the grid's
name (the ``name`` template with its fields removed, e.g. ``05-peers``).
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

_FIELD = re.compile(r"\{[^{}]*\}")


def group_name(template: str) -> str:
    """The grid's name in the index: the name template without its fields, e.g. '05-peers'."""
    return re.sub(r"-{2,}", "-", _FIELD.sub("", template)).strip("-") or template


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def expand(entries: list[Any], fail: Callable[[str, str], NoReturn]) -> Iterator[tuple[str, Any, str | None]]:
    """Each entry of reports.yml's ``jobs``, with every grid expanded: (where, entry, group or None).

    ``fail(where, problem)`` raises the configuration error.
    """
    for number, entry in enumerate(entries, start=1):
        where = f"job {number}"
        if not isinstance(entry, dict) or "matrix" not in entry:
            yield where, entry, None
            continue
        matrix, name = entry["matrix"], entry.get("name")
        if not isinstance(matrix, dict) or not matrix:
            fail(where, "matrix must map parameter names to lists of values")
        for key, values in matrix.items():
            if not isinstance(values, list) or not values:
                fail(where, f"matrix: {key!r} needs a non-empty list of values")
            if len({repr(v) for v in values}) != len(values):
                fail(where, f"matrix: {key!r} lists a value twice")
        if not isinstance(name, str):
            fail(where, "a job with a matrix needs a name template, e.g. '05-peers-{municipality_code}-{lang}'")
        fixed = entry.get("parameters") or {}
        if not isinstance(fixed, dict):
            fail(where, "parameters must be a mapping")
        if set(fixed) & set(matrix):
            fail(where, f"parameter(s) {sorted(set(fixed) & set(matrix))} are both fixed and in the matrix")
        missing = set(matrix) - _fields(name)
        if missing:
            fail(where, f"the name template {name!r} must use every matrix key; missing {sorted(missing)}")
        group = group_name(name)
        for values in itertools.product(*matrix.values()):
            parameters = {**fixed, **dict(zip(matrix, values, strict=True))}
            combination = ", ".join(f"{k}={v}" for k, v in zip(matrix, values, strict=True))
            here = f"{where} ({combination})"
            job = {k: v for k, v in entry.items() if k != "matrix"}
            try:
                job["name"] = name.format(**parameters)
                job["title"] = str(entry.get("title") or name).format(**parameters)
            except (KeyError, IndexError, ValueError) as exc:
                fail(here, f"name or title template cannot be filled: {exc!r}")
            job["parameters"] = parameters
            yield here, job, group
