"""Each numerical target against its results: met, projected, on track.

Method (also in ``ASSESSMENT_METHOD``, shown in reports):

* the *latest result* is the last fiscal year with a figure;
* ``met``: the latest result satisfies the target's comparator
  (<= for a ceiling such as 300億円以内, >= for a floor such as a fund balance);
  once a result for the target's own fiscal year exists, ``met`` is judged
  on that result (``target_year_value``); missing (``pd.NA``, pandas' nullable
  boolean) where the status is 'not_judged': no one judged whether that target was met;
* the *projection* extends the results to the target's fiscal year:
  ``'linear'`` fits a least-squares line through every result,
  ``'last_change'`` repeats the last year-on-year change;
* a target is *settled* when a result exists for its fiscal year or later;
  then the projection is that result and ``on_track`` equals ``met``;
  otherwise ``on_track`` says whether the projection satisfies the target;
* ``status``: 'met'; 'on_track' (not met yet, projected to be);
  'off_track' (not met, not projected to be); 'not_met' (settled and missed);
  'not_judged': no figure for the target year in our sources and no verdict in the plan, while the
  target year's settlement has been published (by the city, in its 決算): a projection is shown as a
  projection with its range, never as a verdict on a year whose actual figure exists;
* *sensitivity*: ``projection_low`` and ``projection_high`` are the lowest and highest projection of
  :data:`SENSITIVITY_FITS` (a line through every result, through the last three, the last change repeated);
* ``plan_verdict``: what the plan itself says of the target (Chapter 1, 2(4)), ``'met'``, ``'not_met'``,
  or missing where it says nothing (the sewer-account debt); kept beside ``status`` even where a later
  figure is the one judged (the current balance ratio: the plan's 93.9% of FY2014, later data's FY2015);
* ``verdict_by``: whose judgment the status is: ``'plan'`` (the plan's own statement
  in Chapter 1, 2(4)), ``'later_data'`` (a settled figure from later official statistics)
  or ``'projection'`` (this project's projection, never the plan's verdict);
* *results*: by default the plan's own figures (FY2011-FY2015), followed,
  when the SSDSE-A files are present, by SSDSE-A's later settled figures for
  the indicators it publishes (only the current balance ratio, D2203): a
  settled figure beats a projection, and the plan's figures are never
  replaced (``series.extended_indicators``); ``judged_value``,
  ``judged_fiscal_year`` and ``judged_source`` name the figure the status
  rests on (the target year's result once settled, else the latest).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.dataset import load
from kodaira_analysis.errors import KodairaError

PROJECTION_METHODS = ("linear", "last_change")
STATUSES = ("met", "on_track", "off_track", "not_met", "not_judged")
#: The fits whose spread the reports show beside a projection: (method, the last N results it uses; None: all).
SENSITIVITY_FITS: tuple[tuple[str, int | None], ...] = (("linear", None), ("linear", 3), ("last_change", None))
#: A fiscal year's settlement is published in the autumn after it ends: from two fiscal years on, a target
#: year's actual figure exists (in the city's 決算) even where our sources do not hold it.
SETTLEMENT_PUBLISHED_AFTER = 2
#: What the plan itself says of each target (Chapter 1, 2(4)): the staff quota was not met; the current
#: balance ratio, the two funds and the general-account debt met their targets on the FY2014 settlement.
#: It says nothing of the sewer-account debt.
PLAN_VERDICTS = {
    "staff_quota": "not_met",
    "current_balance_ratio": "met",
    "fiscal_adjustment_fund": "met",
    "public_facilities_fund": "met",
    "debt_general_account": "met",
}
#: The settlement the plan's verdicts of 'met' rest on (Chapter 1, 2(4): 「平成26年度決算において…目標を達成」),
#: the year before the targets' FY2015.
PLAN_VERDICT_YEAR = 2014
_COMPARE = {"<=": operator.le, ">=": operator.ge}


def satisfies(value: float, comparator: str, target: float) -> bool:
    """True when ``value`` satisfies ``comparator target``.

    >>> satisfies(93.9, "<=", 95.0), satisfies(23.6, ">=", 30)
    (True, False)
    """
    return bool(_COMPARE[comparator](value, target))


def project(fiscal_years: pd.Series, values: pd.Series, to_fiscal_year: int, method: str = "linear") -> float:
    """Project a series of yearly results to a fiscal year.

    >>> project(pd.Series([2011, 2012, 2013]), pd.Series([10.0, 12.0, 14.0]), 2015)
    18.0
    >>> project(pd.Series([2011, 2012, 2013]), pd.Series([10.0, 13.0, 14.0]), 2015, "last_change")
    16.0
    """
    if method not in PROJECTION_METHODS:
        raise ValueError(f"method={method!r}: use one of {PROJECTION_METHODS}")
    observed = pd.DataFrame({"x": fiscal_years, "y": values}).dropna().sort_values("x")
    if len(observed) < 2:
        raise ValueError("a projection needs results for at least two fiscal years")
    x, y = observed["x"].to_numpy(float), observed["y"].to_numpy(float)
    if method == "linear":
        slope, intercept = np.polyfit(x, y, 1)
        return round(float(slope * to_fiscal_year + intercept), 10)
    step = y[-1] - y[-2]
    return round(float(y[-1] + step * (to_fiscal_year - x[-1])), 10)


def projection_range(fiscal_years: pd.Series, values: pd.Series, to_fiscal_year: int) -> tuple[float, float, int]:
    """The lowest and highest projection of :data:`SENSITIVITY_FITS`, and how many fits could be made.

    >>> projection_range(pd.Series([2011, 2012, 2013, 2014]), pd.Series([13260.0, 11870, 10590, 9530]), 2015)
    (8195.0, 8470.0, 3)
    """
    observed = pd.DataFrame({"x": fiscal_years, "y": values}).dropna().sort_values("x")
    projections = []
    for method, window in SENSITIVITY_FITS:
        used = observed if window is None else observed.tail(window)
        if len(used) >= 2 and (window is None or len(used) == window):
            projections.append(project(used["x"], used["y"], to_fiscal_year, method))
    if not projections:
        return float("nan"), float("nan"), 0
    return round(min(projections), 6), round(max(projections), 6), len(projections)


def fiscal_year_of(day: date) -> int:
    """The fiscal year (April-March) a day falls in.

    >>> fiscal_year_of(date(2026, 3, 31)), fiscal_year_of(date(2026, 4, 1))
    (2025, 2026)
    """
    return day.year if day.month >= 4 else day.year - 1


def default_indicators(use_ssdse: bool | None = None) -> pd.DataFrame:
    """The results ``assess_targets`` uses by default.

    The plan's figures, followed by SSDSE-A's later settled figures when
    ``use_ssdse`` is True, or None and the SSDSE-A files are present.
    """
    from kodaira_analysis import ssdse
    from kodaira_analysis.analysis import series

    if use_ssdse is None:
        use_ssdse = bool(ssdse.available())
    if use_ssdse:
        return series.extended_indicators()
    return load("indicators").assign(source="plan")


def _verdict_by(indicator: str, status: str, settled: bool, source: str) -> str:
    """Whose judgment a status is: a later official figure's, the plan's own, or this project's projection."""
    if settled and source != "plan":
        return "later_data"
    if PLAN_VERDICTS.get(indicator) == status:
        return "plan"
    return "projection"


#: The columns of ``load('targets')`` an assessment reads.
TARGET_COLUMNS = (
    "indicator",
    "indicator_ja",
    "indicator_en",
    "unit",
    "comparator",
    "comparator_source",
    "target_printed",
    "target_value",
    "target_fiscal_year",
    "target_as_of",
)


def assess_targets(
    method: str = "linear",
    *,
    indicators: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    use_ssdse: bool | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Assess every numerical target against its latest result and a projection.

    Method (the module docstring has it in full): the latest result is the
    last fiscal year with a figure; a target is settled when a result exists
    for its fiscal year, and is then judged on that result; otherwise on the
    latest result and this project's projection to the target year. By
    default the results are the plan's, followed by SSDSE-A's later settled
    figures when its files are present (the current balance ratio's FY2015
    settlement, 91.8%, then settles that target): one assessment everywhere.

    Args:
        method: 'linear' or 'last_change'.
        indicators: results (default: :func:`default_indicators`), with a ``source`` column naming whose each
            figure is: ``'plan'`` for the plan's own; any other (``'SSDSE-A 2026'``, your own) makes a settled
            status later data's, never the plan's.
        targets: targets (default: ``load('targets')``).
        use_ssdse: with the default results, add SSDSE-A's figures: None (the
            default) when its files are present, True always, False never.
        today: the day that decides whether a target year's settlement has been published
            (default: today; :data:`SETTLEMENT_PUBLISHED_AFTER`).

    Returns:
        One row per indicator: the target, the latest result, its fiscal year
        and ``latest_source``; the figure the status rests on
        (``judged_value``, ``judged_fiscal_year``, ``judged_source``), ``met`` (nullable: missing where the
        status is 'not_judged'; :func:`was_met`),
        ``projected_value`` at the target year, ``on_track``, ``settled``,
        ``status`` and ``verdict_by``; the projection's range (``projection_low``, ``projection_high``,
        ``projection_fits``) and ``target_year_published``; values in the row's unit.
    """
    method = arguments.choice(method, "assess_targets", "method", PROJECTION_METHODS)
    use_ssdse = arguments.optional_flag(use_ssdse, "assess_targets", "use_ssdse")
    if indicators is not None:
        # whose each figure is decides whose verdict a status is: never taken to be the plan's unsaid
        columns = ("indicator", "fiscal_year", "value", "as_of", "source")
        arguments.frame(indicators, "assess_targets", "indicators", columns)
    if targets is not None:
        arguments.frame(targets, "assess_targets", "targets", TARGET_COLUMNS)
    indicators = default_indicators(use_ssdse) if indicators is None else indicators
    targets = load("targets") if targets is None else targets
    current_fiscal_year = fiscal_year_of(today or date.today())
    rows = []
    for _, target in targets.iterrows():
        results = indicators[(indicators["indicator"] == target["indicator"]) & indicators["value"].notna()]
        results = results.sort_values("fiscal_year")
        latest = results.iloc[-1]
        met = satisfies(latest["value"], target["comparator"], target["target_value"])
        settled = latest["fiscal_year"] >= target["target_fiscal_year"]
        at_target = results[results["fiscal_year"] == target["target_fiscal_year"]]
        target_year_value = float(at_target["value"].iloc[0]) if len(at_target) else float("nan")
        if settled:
            # judged at the target year when a figure for it exists, else on the latest
            if len(at_target):
                met = satisfies(target_year_value, target["comparator"], target["target_value"])
            projected = target_year_value if len(at_target) else float(latest["value"])
            on_track = met
        else:
            projected = project(results["fiscal_year"], results["value"], int(target["target_fiscal_year"]), method)
            on_track = satisfies(projected, target["comparator"], target["target_value"])
        # the figure the status rests on: the target year's result when settled, else the latest
        judged = at_target.iloc[0] if settled and len(at_target) else latest
        if met:
            status = "met"
        elif settled:
            status = "not_met"
        else:
            status = "on_track" if on_track else "off_track"
        verdict_by = _verdict_by(target["indicator"], status, bool(settled), judged.get("source", "plan"))
        published = int(target["target_fiscal_year"]) + SETTLEMENT_PUBLISHED_AFTER <= current_fiscal_year
        if verdict_by == "projection" and published:
            status = "not_judged"  # the actual exists (the city's 決算): a projection is no verdict on it
        low, high, fits = (
            (projected, projected, 0)
            if settled
            else projection_range(results["fiscal_year"], results["value"], int(target["target_fiscal_year"]))
        )
        rows.append(
            {
                "indicator": target["indicator"],
                "indicator_ja": target["indicator_ja"],
                "indicator_en": target["indicator_en"],
                "unit": target["unit"],
                "comparator": target["comparator"],
                "comparator_source": target["comparator_source"],
                "target_printed": target["target_printed"],
                "target_value": target["target_value"],
                "target_fiscal_year": target["target_fiscal_year"],
                "target_as_of": target["target_as_of"],
                "latest_value": latest["value"],
                "latest_fiscal_year": latest["fiscal_year"],
                "latest_as_of": latest["as_of"],
                "gap_to_target": latest["value"] - target["target_value"],
                "target_year_value": target_year_value,
                "latest_source": latest.get("source", "plan"),
                "judged_value": float(judged["value"]),
                "judged_fiscal_year": int(judged["fiscal_year"]),
                "judged_source": judged.get("source", "plan"),
                "judged_as_of": judged["as_of"],
                "met": pd.NA if status == "not_judged" else met,  # no one judged it: missing, never False
                "settled": bool(settled),
                "projection_method": method,
                "projected_value": projected,
                "on_track": bool(on_track),
                "status": status,
                "verdict_by": verdict_by,
                "plan_verdict": PLAN_VERDICTS.get(target["indicator"]),
                "projection_low": low,
                "projection_high": high,
                "projection_fits": fits,
                "target_year_published": published,
            }
        )
    out = pd.DataFrame(rows)
    return out.astype({"met": "boolean", "settled": bool, "on_track": bool, "target_year_published": bool})


def was_met(row: Mapping[str, Any]) -> bool:
    """Whether a judged target was met (``met`` of an :func:`assess_targets` row); an error for one no one judged.

    A row whose ``met`` is missing (status 'not_judged') is neither met nor missed: asking raises, never reads
    it as False.

    >>> was_met({"indicator": "debt_general_account", "status": "met", "met": True})
    True
    >>> was_met({"indicator": "debt_sewer", "status": "not_judged", "met": pd.NA})
    Traceback (most recent call last):
    ...
    kodaira_analysis.errors.KodairaError: target debt_sewer: status 'not_judged', so met is missing: no one judged whether it was met (filter on status, not on met)
    """
    met = row["met"]
    if pd.isna(met):
        raise KodairaError(
            f"target {row['indicator']}: status {row['status']!r}, so met is missing: no one judged whether it "
            "was met (filter on status, not on met)"
        )
    return bool(met)
