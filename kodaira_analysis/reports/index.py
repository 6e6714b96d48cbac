"""reports/index.html, the committee's landing page, and the error pages of failed jobs (Japanese first).

The words and markup are the templates' (``templates/kodaira/*.j2``); this module hands them the statuses and targets.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from kodaira_analysis.page import report_css
from kodaira_analysis.page.provenance import report_lang
from kodaira_analysis.page.sanitize import CSP
from kodaira_analysis.present import i18n
from kodaira_analysis.present.dates import format_when
from kodaira_analysis.present.era import western_only
from kodaira_analysis.present.sources import PLAN_VERDICTS, cite

from . import pdf

#: The site's templates: the index and error pages (a report's page is the page package's template).
TEMPLATES = Path(__file__).parent / "templates" / "kodaira"


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals.update(
        format_target=i18n.format_target,
        format_value=i18n.format_value,
        # a table shows Western years only, as the reports' tables do (era.table): '2014（平成26）' stood 8 times
        when=lambda year, as_of, unit, lang: western_only(format_when(int(year), as_of, unit, lang, table=True)),
        verdict_label=i18n.verdict_label,
        plan_also_met=i18n.PLAN_ALSO_MET,
        verdict_by=i18n.VERDICT_BY,
        not_judged=i18n.NOT_JUDGED_BY,
    )
    return env


def _render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(css=report_css(), csp=CSP, **values)


def _edition_key(job: dict[str, Any]) -> tuple:
    """What makes two jobs the same report in two languages: notebook, audience, every other parameter."""
    others = {k: v for k, v in job["parameters"].items() if k != "lang"}
    return (job["notebook"], job["audience"], json.dumps(others, sort_keys=True, ensure_ascii=False))


def report_groups(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The jobs grouped as the index lists them: one group a report, its languages side by side, in order."""
    groups: dict[tuple, dict[str, Any]] = {}
    for job in jobs:
        group = groups.setdefault(_edition_key(job), {"audience": job["audience"], "by_lang": {}})
        group["by_lang"][report_lang(job)] = job
    return list(groups.values())


def language_versions(jobs: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """For each job, the same report in the other languages: [{'lang', 'name', 'title'}]."""
    return {
        job["name"]: [
            {"lang": lang, "name": other["name"], "title": other["title"]}
            for lang, other in group["by_lang"].items()
            if other is not job
        ]
        for group in report_groups(jobs)
        for job in group["by_lang"].values()
    }


def report_status(entry: dict[str, Any], html_exists: bool) -> str:
    """ok, stale (failed but an older report exists), failed or skipped."""
    if entry.get("status") == "skipped":
        return "skipped"
    if entry.get("status") == "ok" and html_exists:
        return "ok"
    return "stale" if html_exists else "failed"


def format_time(iso: str | None, lang: str) -> str:
    """A build time for people: 2026年11月27日 05:59 / 27 Nov 2026, 05:59 JST; '—' for none."""
    try:
        when = datetime.fromisoformat(iso or "")
    except ValueError:
        return "—"
    return (
        f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
        if lang == "ja"
        else f"{when.day} {when:%b %Y, %H:%M} JST"
    )


def _cell(out_dir: Path, job: dict[str, Any] | None, manifest: dict[str, Any]) -> dict[str, Any] | None:
    """One report in one language, as the index shows it."""
    if job is None:
        return None
    name, entry = job["name"], manifest["reports"].get(job["name"], {})
    status = report_status(entry, (out_dir / f"{name}.html").is_file()) if entry else "unbuilt"  # e.g. not in --only
    printed = pdf.current(out_dir / f"{name}.html", entry) if status in ("ok", "stale") else None
    return {
        "name": name,
        "title": job["title"],
        "linked": status in ("ok", "stale"),
        "status": "skipped" if status == "unbuilt" else status,
        "status_key": status,
        "error_page": entry.get("error_page"),  # as the runner writes it (owned._Manifest)
        "when": entry.get("last_success_at"),
        "pdf": printed.name if printed else None,
    }


def write_index(out_dir: Path, jobs: list[dict[str, Any]], manifest: dict[str, Any], assessment) -> str:
    """The landing page: a row a report (Japanese, English), committee first, a parameter grid's reports together."""
    rows: list[dict[str, Any]] = []
    grids: dict[str, list[dict[str, Any]]] = {}
    for group in sorted(report_groups(jobs), key=lambda g: g["audience"] != "committee"):
        by_lang = group["by_lang"]
        row = {lang: _cell(out_dir, by_lang.get(lang), manifest) for lang in ("ja", "en")}
        row["committee"] = group["audience"] == "committee"
        grid = next(iter(by_lang.values())).get("group")
        (grids.setdefault(grid, []) if grid else rows).append(row)
    targets = [r.to_dict() for _, r in assessment.iterrows()] if assessment is not None else []
    return _render(
        "site_index.html.j2",
        title="小平市 行財政再構築プラン 分析レポート / Kodaira reports",
        plan_title=i18n.PLAN_TITLE,
        # a narrow screen breaks the title between these, never inside one ('小平市第／３次' read badly)
        title_phrases=[*i18n.PLAN_TITLE_PHRASES_JA[:-1], i18n.PLAN_TITLE_PHRASES_JA[-1] + "：", "分析レポート"],
        last_build=manifest.get("last_build_at"),
        format_time=format_time,
        rows=rows,
        grids=grids,
        targets=targets,
        target_note={
            lang: i18n.implied_direction_note(targets, lang, cite(PLAN_VERDICTS, lang)) for lang in ("ja", "en")
        },
    )


def write_error_page(job: dict[str, Any], result: dict[str, Any], has_last_good: bool) -> str:
    """An error page a committee member can forward to the analysts."""
    return _render(
        "error.html.j2", title=f"Error: {job['name']}", name=job["name"], result=result, has_last_good=has_last_good
    )
