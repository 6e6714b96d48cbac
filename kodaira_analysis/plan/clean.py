"""The cleaner of each of the plan's tables: raw frame (as printed) -> tidy frame.

Any cell that cannot be read raises :class:`RawDataError` naming the file,
row, column and value; the cleaners live in :mod:`~kodaira_analysis.plan.clean_fiscal`
and :mod:`~kodaira_analysis.plan.clean_programmes`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kodaira_analysis.plan.clean_fiscal import clean_fiscal_effects, clean_indicators, clean_targets
from kodaira_analysis.plan.clean_glossary import clean_glossary
from kodaira_analysis.plan.clean_history import clean_plan_history
from kodaira_analysis.plan.clean_pages import clean_progress_reports
from kodaira_analysis.plan.clean_programmes import (
    clean_demographics,
    clean_plan_structure,
    clean_program_progress,
    clean_reform_history,
)

#: The cleaner of each table.
CLEANERS: dict[str, Callable[[pd.DataFrame, str], pd.DataFrame]] = {
    "fiscal_effects": clean_fiscal_effects,
    "indicators": clean_indicators,
    "targets": clean_targets,
    "program_progress": clean_program_progress,
    "reform_history": clean_reform_history,
    "plan_history": clean_plan_history,
    "demographics": clean_demographics,
    "plan_structure": clean_plan_structure,
    "glossary": clean_glossary,
    "progress_reports": clean_progress_reports,
}
