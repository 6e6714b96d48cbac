"""reports/index.html: the committee's landing page, and error pages for failed jobs.

Bilingual (Japanese first). Lists every report with its status and time,
marks stale reports (the last good version kept after a failed run), links
each failure to its error page, and summarises the numerical targets.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from kodaira_analysis.present.i18n import PLAN_TITLE, STATUS_LABELS, format_value, judged_by_label

from .render import report_css, report_lang

STATUS_TEXT = {
    "ok": ("最新", "Up to date"),
    "stale": ("古い版（最新の作成に失敗）", "Stale: the latest run failed"),
    "failed": ("作成に失敗（レポートなし）", "Failed: no report yet"),
    "skipped": ("作成せず（必要なデータなし）", "Skipped: its data is not present"),
}
STATUS_CLASS = {"ok": "ok", "stale": "stale", "failed": "failed", "skipped": "skipped"}
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
    return _environment().get_template(template).render(css=report_css(), **values)


def report_status(entry: dict[str, Any], html_exists: bool) -> str:
    """ok, stale (failed but an older report exists), failed or skipped."""
    if entry.get("status") == "skipped":
        return "skipped"
    if entry.get("status") == "ok" and html_exists:
        return "ok"
    return "stale" if html_exists else "failed"


def _target_rows(assessment) -> list[dict[str, str]]:
    """The targets as ``assess_targets()`` judges them: the figure judged, its year and source, whose judgment."""
    return [
        {
            "status": r["status"],
            "indicator_ja": r["indicator_ja"],
            "indicator_en": r["indicator_en"],
            "target": f"{format_value(r['target_value'], r['unit'], 'ja')}{'以下' if r['comparator'] == '<=' else '以上'}",
            "latest": f"{format_value(r['judged_value'], r['unit'], 'ja')}（{int(r['judged_fiscal_year'])}年度"
            f"{'' if r.get('judged_source', 'plan') == 'plan' else '、' + str(r['judged_source'])}）",
            "status_ja": STATUS_LABELS["ja"][r["status"]],
            "status_en": STATUS_LABELS["en"][r["status"]],
            "judged_by_ja": judged_by_label(r.get("judged_by", "plan"), "ja"),
            "judged_by_en": judged_by_label(r.get("judged_by", "plan"), "en"),
        }
        for _, r in assessment.iterrows()
    ]


def write_index(out_dir: Path, jobs: list[dict[str, Any]], manifest: dict[str, Any], assessment) -> str:
    """Render the landing page for the current jobs and manifest; return its HTML."""
    rows = []
    for job in jobs:
        entry = manifest["reports"].get(job["name"], {})
        status = report_status(entry, (out_dir / f"{job['name']}.html").is_file()) if entry else "skipped"
        ja, en = STATUS_TEXT[status]
        rows.append(
            {
                "name": job["name"],
                "title": job["title"],
                "linked": status in ("ok", "stale"),
                "language": "日本語" if report_lang(job) == "ja" else "English",
                "audience": "委員会向け" if job["audience"] == "committee" else "分析用（コード付き）",
                "status": STATUS_CLASS[status],
                "status_ja": ja,
                "status_en": en,
                "error_page": entry.get("error_page"),
                "when": entry.get("last_success_at") or "—",
            }
        )
    return _render(
        "site_index.html.j2",
        title="小平市 行財政再構築プラン 分析レポート / Kodaira reports",
        plan_title=PLAN_TITLE,
        last_build_at=manifest.get("last_build_at", "—"),
        rows=rows,
        targets=_target_rows(assessment) if assessment is not None else [],
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
