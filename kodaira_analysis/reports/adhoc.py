"""A report with the user's own parameters: ``render NOTEBOOK -p NAME VALUE`` and ``preview ... -p NAME VALUE``.

A value is read as YAML, as in reports.yml (``-p year 2020`` is a number, ``-p measures '[a, b]'`` a list,
``-p municipality_code 13229`` a code), with the same refusals of YAML 1.1's guesses (``01000`` is not
read as 512). The parameters are then checked by the notebook's own description
(:func:`kodaira_analysis.present.parameters.check_job_parameters`), exactly as a job's are, before any
kernel starts; anything wrong is a configuration error (exit 2).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import ParameterError, quote

from . import yamlfile
from .config import ConfigError, Job

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
    """The notebook named on the command line: a path to an .ipynb, or a name such as 05-tama-peers.

    Raises:
        ConfigError: no such notebook, or one without a parameter description.
    """
    from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS

    path = Path(given)
    if path.suffix != ".ipynb":
        path = paths.NOTEBOOKS_DIR / f"{given}.ipynb"
    known = ", ".join(sorted(NOTEBOOK_PARAMETERS))
    if path.stem not in NOTEBOOK_PARAMETERS:
        raise ConfigError(f"{given}: no parameter description for notebook {path.stem!r}; the notebooks are {known}")
    if not path.is_file():
        raise ConfigError(f"{given}: no such notebook file ({path}); the notebooks are {known}")
    return path.resolve()


def custom_job(notebook: Path, parameters: dict[str, Any], base: Job | None = None, title: str | None = None) -> Job:
    """The job that runs ``notebook`` with ``parameters`` (over ``base``'s, when given), checked as a job's are.

    Raises:
        ConfigError: a parameter the notebook does not declare, or a value outside its range.
    """
    from kodaira_analysis.present.parameters import check_job_parameters

    merged = {**(base.parameters if base else {}), **parameters}
    try:
        checked = check_job_parameters(notebook.stem, merged)
    except ParameterError as exc:
        raise ConfigError(f"-p: {exc}") from None
    if base is not None and not parameters:
        return base
    values = "-".join(re.sub(r"[^a-z0-9]+", "-", str(v).lower()).strip("-") for k, v in sorted(parameters.items()))
    name = re.sub(r"-{2,}", "-", f"{(base.name if base else notebook.stem)}-{values}".strip("-"))[:64].strip("-")
    shown = ", ".join(f"{k}={v}" for k, v in parameters.items())
    return Job(
        name=name or notebook.stem,
        notebook=notebook,
        title=title
        or (f"{base.title} ({shown})" if base else f"{notebook.stem} ({shown})" if shown else notebook.stem),
        audience=base.audience if base else "committee",
        parameters=checked,
        requires=base.requires if base else (),
    )
