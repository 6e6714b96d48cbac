"""reports/index.html: the committee's landing page, and error pages for failed jobs.

Bilingual (Japanese first). Lists every report with its status and time,
marks stale reports (the last good version kept after a failed run), links
each failure to its error page, and summarises the numerical targets.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from kodaira_analysis.present.dates import format_when
from kodaira_analysis.present.i18n import (
    PLAN_ALSO_MET,
    PLAN_TITLE,
    PLAN_TITLE_PHRASES_JA,
    STATUS_LABELS,
    format_target,
    format_value,
    implied_direction_note,
)
from kodaira_analysis.present.sources import PLAN_VERDICTS, cite

from . import pdf
from .render import report_css, report_lang
from .sanitize import CSP

STATUS_TEXT = {
    "ok": ("最新", "Up to date"),
    "stale": ("古い版（最新の作成に失敗）", "Stale: the latest run failed"),
    "failed": ("作成に失敗（レポートなし）", "Failed: no report yet"),
    "skipped": ("作成せず（必要なデータなし）", "Skipped: its data is not present"),
    "unbuilt": ("未作成", "Not built yet"),
}
STATUS_CLASS = {"ok": "ok", "stale": "stale", "failed": "failed", "skipped": "skipped", "unbuilt": "skipped"}
ERROR_KIND = {
    "cell_error": ("セルの実行エラー", "a cell raised an error"),
    "timeout": ("時間切れ", "a cell ran past the timeout"),
    "dead_kernel": ("カーネルの異常終了", "the kernel died"),
    "write_error": ("出力先に書き込めない", "the reports folder cannot be written"),
}

TEMPLATE_DIR = Path(__file__).parent / "templates" / "kodaira"


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(css=report_css(), csp=CSP, **values)


def _edition_key(job: dict[str, Any]) -> tuple:
    """What makes two jobs the same report in two languages: notebook, audience, every other parameter."""
    others = {k: v for k, v in job["parameters"].items() if k != "lang"}
    return (job["notebook"], job["audience"], json.dumps(others, sort_keys=True, ensure_ascii=False))


def language_versions(jobs: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """For each job, the same report in the other languages: [{'lang', 'name', 'title'}]."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for job in jobs:
        groups.setdefault(_edition_key(job), []).append(job)
    return {
        job["name"]: [
            {"lang": report_lang(other), "name": other["name"], "title": other["title"]}
            for other in groups[_edition_key(job)]
            if report_lang(other) != report_lang(job)
        ]
        for job in jobs
    }


def report_groups(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The jobs grouped as the index lists them: one group a report, its languages side by side, in order."""
    groups: dict[tuple, dict[str, Any]] = {}
    for job in jobs:
        group = groups.setdefault(_edition_key(job), {"audience": job["audience"], "by_lang": {}})
        group["by_lang"][report_lang(job)] = job
    return list(groups.values())


def report_status(entry: dict[str, Any], html_exists: bool) -> str:
    """ok, stale (failed but an older report exists), failed or skipped."""
    if entry.get("status") == "skipped":
        return "skipped"
    if entry.get("status") == "ok" and html_exists:
        return "ok"
    return "stale" if html_exists else "failed"


#: Whose judgment a target's status is (``verdict_by`` of ``assess_targets()``), in both languages.
VERDICT_BY = {
    "plan": ("プランの記述", "the plan"),
    "later_data": ("後の公式統計", "later official data"),
    "projection": ("本プロジェクトの推計", "our projection"),
}


#: Whose verdict, for a target no one judges: the plan gives none and our projection is no verdict on a published year.
#: The index shows no projection: why no one judges, said without one (01 and the summary show the projection).
NOT_JUDGED_BY = (
    "判定なし（プランの判定がなく、目標年度の実績は本資料にない）",
    "none: the plan gives no verdict and our sources lack the target year's figure",
)


def _also(r) -> tuple[str, str]:
    return PLAN_ALSO_MET if r["verdict_by"] == "later_data" and r.get("plan_verdict") == "met" else ("", "")


def _target_rows(assessment) -> list[dict[str, str]]:
    return [
        {
            "status": r["status"],
            "indicator_ja": r["indicator_ja"],
            "indicator_en": r["indicator_en"],
            "target_ja": format_target(r, "ja"),
            "target_en": format_target(r, "en"),
            "latest": format_value(r["judged_value"], r["unit"], "ja"),
            "latest_en": format_value(r["judged_value"], r["unit"], "en"),
            "latest_year_ja": format_when(int(r["judged_fiscal_year"]), r["judged_as_of"], r["unit"], "ja", table=True),
            "latest_year_en": format_when(int(r["judged_fiscal_year"]), r["judged_as_of"], r["unit"], "en", table=True),
            "status_ja": STATUS_LABELS["ja"][r["status"]],
            "status_en": STATUS_LABELS["en"][r["status"]],
            "newest": format_value(r["latest_value"], r["unit"], "ja"),
            "newest_en": format_value(r["latest_value"], r["unit"], "en"),
            "newest_year_ja": format_when(int(r["latest_fiscal_year"]), r["latest_as_of"], r["unit"], "ja", table=True),
            "newest_year_en": format_when(int(r["latest_fiscal_year"]), r["latest_as_of"], r["unit"], "en", table=True),
            "newest_source_ja": "プラン" if r["latest_source"] == "plan" else str(r["latest_source"]),
            "newest_source_en": "the plan" if r["latest_source"] == "plan" else str(r["latest_source"]),
            "verdict_ja": NOT_JUDGED_BY[0]
            if r["status"] == "not_judged"
            else VERDICT_BY[r["verdict_by"]][0] + _also(r)[0],
            "verdict_en": NOT_JUDGED_BY[1]
            if r["status"] == "not_judged"
            else VERDICT_BY[r["verdict_by"]][1] + _also(r)[1],
        }
        for _, r in assessment.iterrows()
    ]


def format_time(iso: str | None, lang: str) -> str:
    """A build time for people: 2026年11月27日 05:59 / 27 Nov 2026, 05:59 JST.

    >>> format_time("2026-11-27T05:59:12+09:00", "ja"), format_time("2026-11-27T05:59:12+09:00", "en")
    ('2026年11月27日 05:59', '27 Nov 2026, 05:59 JST')
    """
    if not iso:
        return "—"
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return "—"
    if lang == "ja":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    return f"{when.day} {when:%b %Y, %H:%M} JST"


def _current_pdf(out_dir: Path, name: str, entry: dict[str, Any]) -> str | None:
    """The report's PDF, if the manifest says it was printed from its current HTML (never an older report's)."""
    printed = pdf.current(out_dir / f"{name}.html", entry)
    return printed.name if printed else None


def error_page(name: str, entry: dict[str, Any]) -> str | None:
    """The error page to link: only the one the runner writes for this report, if the manifest records it.

    A value read back from the manifest is never linked as it stands (a ``javascript:`` URL, another
    folder's file): only ``errors/<name>.html``.

    >>> error_page("a", {"error_page": "errors/a.html"}), error_page("a", {"error_page": "javascript:alert(1)"})
    ('errors/a.html', None)
    """
    expected = f"errors/{name}.html"
    return expected if entry.get("error_page") == expected else None


def write_index(out_dir: Path, jobs: list[dict[str, Any]], manifest: dict[str, Any], assessment) -> str:
    """Render the landing page for the current jobs and manifest; return its HTML.

    One row a report, its Japanese and English versions side by side; committee reports first.
    """

    def cell(job: dict[str, Any] | None) -> dict[str, Any] | None:
        if job is None:
            return None
        entry = manifest["reports"].get(job["name"], {})
        status = (
            report_status(entry, (out_dir / f"{job['name']}.html").is_file()) if entry else "unbuilt"
        )  # in no build yet (e.g. not among --only)
        ja, en = STATUS_TEXT[status]
        return {
            "name": job["name"],
            "title": job["title"],
            "linked": status in ("ok", "stale"),
            "status": STATUS_CLASS[status],
            "status_ja": ja,
            "status_en": en,
            "error_page": error_page(job["name"], entry),
            "when_ja": format_time(entry.get("last_success_at"), "ja"),
            "when_en": format_time(entry.get("last_success_at"), "en"),
            "pdf": _current_pdf(out_dir, job["name"], entry) if status in ("ok", "stale") else None,
        }

    groups = sorted(report_groups(jobs), key=lambda g: g["audience"] != "committee")
    rows: list[dict[str, Any]] = []
    grids: dict[str, list[dict[str, Any]]] = {}
    for group in groups:
        row = {
            "audience": "委員会向け" if group["audience"] == "committee" else "分析用（コード付き）",
            "audience_en": "for the committee" if group["audience"] == "committee" else "research (with code)",
            "ja": cell(group["by_lang"].get("ja")),
            "en": cell(group["by_lang"].get("en")),
        }
        grid = next(iter(group["by_lang"].values())).get("group")
        # a parameter grid's reports are listed together, after the single reports
        (grids.setdefault(grid, []) if grid else rows).append(row)
    return _render(
        "site_index.html.j2",
        title="小平市 行財政再構築プラン 分析レポート / Kodaira reports",
        plan_title=PLAN_TITLE,
        # a narrow screen breaks the title between these, never inside one ('小平市第／３次' read badly)
        title_phrases=[*PLAN_TITLE_PHRASES_JA[:-1], PLAN_TITLE_PHRASES_JA[-1] + "：", "分析レポート"],
        last_build_ja=format_time(manifest.get("last_build_at"), "ja"),
        last_build_en=format_time(manifest.get("last_build_at"), "en"),
        rows=rows,
        grids=[
            {
                "name": name,
                "rows": members,
                "reports": sum(v is not None for r in members for v in (r["ja"], r["en"])),
                "ok": sum(v is not None and v["status"] == "ok" for r in members for v in (r["ja"], r["en"])),
            }
            for name, members in grids.items()
        ],
        targets=_target_rows(assessment) if assessment is not None else [],
        target_note_ja=implied_direction_note([r for _, r in assessment.iterrows()], "ja", cite(PLAN_VERDICTS, "ja"))
        if assessment is not None
        else "",
        target_note_en=implied_direction_note([r for _, r in assessment.iterrows()], "en", cite(PLAN_VERDICTS, "en"))
        if assessment is not None
        else "",
    )


def write_error_page(job: dict[str, Any], result: dict[str, Any], has_last_good: bool) -> str:
    """An error page a committee member can forward to the analysts."""
    kind_ja, kind_en = ERROR_KIND.get(result["status"], ("エラー", "error"))
    return _render(
        "error.html.j2",
        title=f"Error: {job['name']}",
        name=job["name"],
        kind_ja=kind_ja,
        kind_en=kind_en,
        finished_at=result.get("finished_at", ""),
        has_last_good=has_last_good,
        cell_number=result["cell_index"] + 1 if "cell_index" in result else None,
        cell_source=result.get("cell_source", ""),
        error_type=result.get("error_type", ""),
        error=result.get("error", ""),
        traceback=result.get("traceback") or result.get("runner_traceback", ""),
    )
