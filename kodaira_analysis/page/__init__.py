"""The report page: an executed notebook as one self-contained HTML page, ``jupyter nbconvert --to kodaira``.

:mod:`~kodaira_analysis.page.exporter` is the nbconvert exporter (registered as ``kodaira``); with it the page's
allowlist and policy (``sanitize``), its links (``links``), a phone's charts (``narrow``), its provenance
(``provenance``) and its template and CSS (``templates/kodaira/``). The runner (``reports/``) renders each job's
page through it; the page knows nothing of the runner.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: The page's templates: ``kodaira`` (an nbconvert template: the report page and its CSS).
TEMPLATES = Path(__file__).parent / "templates"


@cache
def report_css() -> str:
    """The house CSS of every page (reports, and the runner's index and error pages)."""
    return (TEMPLATES / "kodaira" / "report.css").read_text(encoding="utf-8")
