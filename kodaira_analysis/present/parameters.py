"""What each notebook accepts as parameters, described once.

The notebooks check their parameters in their first code cell with
:func:`check_parameters`; the report runner checks a job's parameters with
the same specs before it starts a kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.peer_data import MEASURES
from kodaira_analysis.analysis.targets import PROJECTION_METHODS
from kodaira_analysis.errors import ArgumentError, ParameterError
from kodaira_analysis.plan.tables_fiscal import INDICATORS
from kodaira_analysis.present.i18n import LANGUAGES


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values."""

    values: tuple

    def accepts(self, value: Any) -> bool:  # noqa: D102
        return isinstance(value, str | int) and not isinstance(value, bool) and value in self.values

    def describe(self) -> str:  # noqa: D102
        return "one of " + ", ".join(repr(v) for v in self.values)


@dataclass(frozen=True)
class IntRange:
    """A whole number between two bounds, inclusive."""

    low: int
    high: int

    def accepts(self, value: Any) -> bool:  # noqa: D102
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high

    def describe(self) -> str:  # noqa: D102
        return f"a whole number from {self.low} to {self.high}"


@dataclass(frozen=True)
class Flag:
    """True or False."""

    def accepts(self, value: Any) -> bool:  # noqa: D102
        return isinstance(value, bool)

    def describe(self) -> str:  # noqa: D102
        return "True or False"


@dataclass(frozen=True)
class Subset:
    """A non-empty list of distinct values from a fixed set."""

    values: tuple

    def accepts(self, value: Any) -> bool:  # noqa: D102
        return (
            isinstance(value, list | tuple)
            and len(value) > 0
            and len(set(value)) == len(value)
            and all(isinstance(v, str) and v in self.values for v in value)
        )

    def describe(self) -> str:  # noqa: D102
        return "a non-empty list of distinct values from " + ", ".join(repr(v) for v in self.values)


@dataclass(frozen=True)
class MunicipalityCode:
    """A five-digit area code, as text ('13211', or full-width '１３２１１': NFKC) or as a number (1100 is '01100').

    The same check as the library's functions (:func:`kodaira_analysis.analysis.arguments.municipality_code`):
    digits of other scripts (Arabic-Indic '١٣٢١١') are refused, not converted.
    """

    def accepts(self, value: Any) -> bool:  # noqa: D102
        try:
            arguments.municipality_code(value, "check")
        except ArgumentError:
            return False
        return True

    def normalize(self, value: Any) -> str:
        """The code as five ASCII digits of text."""
        return arguments.municipality_code(value, "check")

    def describe(self) -> str:  # noqa: D102
        return (
            "a five-digit municipality code such as '13211' (text, in the digits 0-9 or their full-width forms;"
            " digits of other scripts are not converted) or 13211 (a number)"
        )


PLAN_YEARS = IntRange(2011, 2015)
PEER_MEASURES = tuple(MEASURES)

#: Each notebook's parameters: name -> allowed values.
NOTEBOOK_PARAMETERS: dict[str, dict[str, Any]] = {
    "00-summary": {
        "lang": Choice(LANGUAGES),
        "projection_method": Choice(PROJECTION_METHODS),
        "use_ssdse": Flag(),
    },
    "01-fiscal-trends": {
        "lang": Choice(LANGUAGES),
        "start_fiscal_year": PLAN_YEARS,
        "end_fiscal_year": PLAN_YEARS,
        "show_cumulative": Flag(),
        "indicators": Subset(INDICATORS),
        "show_targets": Flag(),
        "projection_method": Choice(PROJECTION_METHODS),
        "use_ssdse": Flag(),
    },
    "02-staffing-levels": {
        "lang": Choice(LANGUAGES),
        "start_fiscal_year": PLAN_YEARS,
        "end_fiscal_year": PLAN_YEARS,
        "show_target": Flag(),
    },
    "03-aging-population": {
        "lang": Choice(LANGUAGES),
        "start_year": IntRange(2011, 2015),
        "end_year": IntRange(2015, 2030),
        "extend_to_year": IntRange(2015, 2030),
        "show_national": Flag(),
        "use_ssdse": Flag(),
    },
    "04-reform-progress": {
        "lang": Choice(LANGUAGES),
        "as_percent": Flag(),
        "start_fiscal_year": IntRange(1996, 2020),
        "end_fiscal_year": IntRange(1996, 2020),
    },
    "05-tama-peers": {
        "lang": Choice(LANGUAGES),
        "municipality_code": MunicipalityCode(),
        "peer_group": Choice(("tama26", "prefecture_cities")),
        "measures": Subset(PEER_MEASURES),
        "year": IntRange(2015, 2024),
    },
}


def check_parameters(notebook: str, values: dict[str, Any]) -> dict[str, Any]:
    """Check a notebook's parameters; return them, or raise ParameterError.

    ``values`` may hold other names (a notebook passes its globals()); every
    parameter of the notebook must be among them.

    >>> check_parameters("02-staffing-levels", {"lang": "en", "start_fiscal_year": 2011,
    ...                  "end_fiscal_year": 2015, "show_target": True})["lang"]
    'en'
    >>> check_parameters("02-staffing-levels", {"lang": "fr", "start_fiscal_year": 2011,
    ...                  "end_fiscal_year": 2015, "show_target": True})
    Traceback (most recent call last):
    ...
    kodaira_analysis.errors.ParameterError: 02-staffing-levels: parameter lang='fr' is not allowed; expected one of 'ja', 'en'
    """
    if notebook not in NOTEBOOK_PARAMETERS:
        raise KeyError(f"no parameter spec for notebook {notebook!r}")
    spec = NOTEBOOK_PARAMETERS[notebook]
    checked = {}
    for name, rule in spec.items():
        if name not in values:
            raise ParameterError(notebook, name, None, rule.describe() + " (the parameter is missing)")
        value = values[name]
        if not rule.accepts(value):
            raise ParameterError(notebook, name, value, rule.describe())
        checked[name] = rule.normalize(value) if hasattr(rule, "normalize") else value
    if "start_fiscal_year" in checked and checked["start_fiscal_year"] > checked["end_fiscal_year"]:
        raise ParameterError(
            notebook,
            "start_fiscal_year",
            checked["start_fiscal_year"],
            f"a year no later than end_fiscal_year={checked['end_fiscal_year']}",
        )
    return checked


#: Names that look like credentials: they never travel as notebook parameters,
#: because papermill records every parameter in the executed notebook.
SECRET_NAME = re.compile(r"token|key|passw|secret|credential|api_?auth", re.I)


def check_job_parameters(notebook: str, values: dict[str, Any]) -> dict[str, Any]:
    """Check the parameters a report job passes (a subset; the notebook supplies defaults).

    Refuses names that look like secrets, names the notebook does not declare,
    and values outside their allowed range.

    >>> check_job_parameters("01-fiscal-trends", {"api_token": "x"})
    Traceback (most recent call last):
    ...
    kodaira_analysis.errors.ParameterError: 01-fiscal-trends: parameter api_token='x' is not allowed; expected no secret in notebook parameters: read it from the environment inside the library instead
    """
    if notebook not in NOTEBOOK_PARAMETERS:
        raise KeyError(f"no parameter spec for notebook {notebook!r}")
    spec = NOTEBOOK_PARAMETERS[notebook]
    for name, value in values.items():
        if SECRET_NAME.search(name):
            raise ParameterError(
                notebook,
                name,
                value,
                "no secret in notebook parameters: read it from the environment inside the library instead",
            )
        if name not in spec:
            raise ParameterError(notebook, name, value, "one of the notebook's parameters: " + ", ".join(spec))
        if not spec[name].accepts(value):
            raise ParameterError(notebook, name, value, spec[name].describe())
    first, last = values.get("start_fiscal_year"), values.get("end_fiscal_year")
    if first is not None and last is not None and first > last:  # (a missing one takes the widest default)
        raise ParameterError(notebook, "start_fiscal_year", first, f"a year no later than end_fiscal_year={last}")
    return {name: getattr(spec[name], "normalize", lambda v: v)(value) for name, value in values.items()}
