"""The plan's processed tables, each described once (see :mod:`kodaira_analysis.schema`), in build order.

The descriptions are in :mod:`~kodaira_analysis.plan.tables_fiscal` (fiscal effects, indicator results,
targets) and :mod:`~kodaira_analysis.plan.tables_other` (programme progress, reform history, demographics,
the plan's structure, its glossary); the city's progress pages, published after the plan, in
:mod:`~kodaira_analysis.plan.tables_pages`.
"""

from __future__ import annotations

from kodaira_analysis.plan.tables_fiscal import FISCAL_TABLES
from kodaira_analysis.plan.tables_other import OTHER_TABLES
from kodaira_analysis.plan.tables_pages import PAGE_TABLES
from kodaira_analysis.schema import Table

SOURCE = "小平市第３次行財政再構築プラン（平成29年度～32年度）"

TABLES: dict[str, Table] = {t.name: t for t in (*FISCAL_TABLES, *OTHER_TABLES, *PAGE_TABLES)}
