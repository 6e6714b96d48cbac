"""Parameter grids in reports.yml: one job with a ``matrix`` becomes one job per combination.

.. code-block:: yaml

    - name: "05-peers-{municipality_code}-{lang}"
      notebook: notebooks/05-tama-peers.ipynb
      title: "Peers of {municipality_code} ({lang})"
      parameters: {peer_group: tama26}
      matrix:
        municipality_code: ["13201", "13202"]
        lang: [ja, en]

expands into four jobs, ``05-peers-13201-ja`` and so on, the first key varying slowest. ``name`` and
``title`` are templates filled with the combination's parameters, fixed and varied alike: only plain
``{field}`` names (``{{`` and ``}}`` for braces), as :class:`string.Formatter` parses them, never
attribute access, indexing, conversions or format specs. Each expansion is then checked like any job;
the index lists a grid's jobs together under its name without the fields (``05-peers``).
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

#: More reports than this from one grid is a typo, not a wish.
MAX_COMBINATIONS = 1000
#: A filled title longer than this is not a title.
MAX_FILLED = 500
_PLAIN = "a template takes only plain {field} names (no attribute access, indexing, conversion or format spec)"


def fields(template: str) -> list[str]:
    """The field names of a template, in order; ValueError for anything but plain ``{name}`` fields.

    >>> fields("05-peers-{municipality_code}-{lang}")
    ['municipality_code', 'lang']
    >>> fields("{lang.__class__}")
    Traceback (most recent call last):
    ...
    ValueError: '{lang.__class__}': a template takes only plain {field} names (no attribute access, indexing, conversion or format spec); write {name}, or {{ for a brace
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:  # a lone brace
        raise ValueError(f"{exc}: {_PLAIN}; write {{{{ or }}}} for a brace") from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is not None and (not name.isidentifier() or spec or conversion):
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValueError(f"{written[:40]!r}: {_PLAIN}; write {{name}}, or {{{{ for a brace")
        if name is not None:
            names.append(name)
    return names


def check(name: str, title: str, matrix: Mapping[str, list[Any]], fixed: Mapping[str, Any]) -> None:
    """ValueError unless a grid's templates and matrix make distinct, bounded jobs."""
    for key, values in matrix.items():
        if len({repr(value) for value in values}) < len(values):
            raise ValueError(f"matrix: {key!r} lists a value twice")
    if set(fixed) & set(matrix):
        raise ValueError(f"parameter(s) {sorted(set(fixed) & set(matrix))} are both fixed and in the matrix")
    fields(title)
    missing = sorted(set(matrix) - set(fields(name)))
    if missing:
        raise ValueError(f"the name template {name!r} must use every matrix key; missing {missing}")
    combinations = math.prod(len(values) for values in matrix.values())
    if combinations > MAX_COMBINATIONS:
        raise ValueError(f"matrix: {combinations:,} combinations, more than the limit of {MAX_COMBINATIONS:,}")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with each ``{name}`` replaced by ``str(values[name])``.

    >>> fill("Peers of {code} {{{lang}}}", {"code": "13229", "lang": "en"})
    'Peers of 13229 {en}'
    """
    missing = [name for name in fields(template) if name not in values]
    if missing:
        raise ValueError(f"{{{missing[0]}}} is not a parameter of this job; the parameters are {sorted(values)}")
    filled = template.format_map({name: str(value) for name, value in values.items()})
    if len(filled) > MAX_FILLED:
        raise ValueError(f"the filled template is {len(filled):,} characters, more than {MAX_FILLED}")
    return filled


def combinations(matrix: Mapping[str, list[Any]], fixed: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each combination of the matrix, as text ('lang=ja, year=2020') and as the job's parameters."""
    for values in itertools.product(*matrix.values()):
        varied = dict(zip(matrix, values, strict=True))
        yield ", ".join(f"{key}={value}" for key, value in varied.items()), {**fixed, **varied}


def group_name(template: str) -> str:
    """The grid's name in the index: the name template without its fields, e.g. '05-peers'."""
    return re.sub(r"-{2,}", "-", re.sub(r"\{[^{}]*\}", "", template)).strip("-") or template
