"""reports/index.html: the committee's landing page, and error pages for failed jobs.

Bilingual (Japanese first). Lists every report with its status and time,
marks stale reports (the last good version kept after a failed run), links
each failure to its error page, and summarises the numerical targets.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from kodaira_analysis.analysis.targets import STATUS_LABELS
from kodaira_analysis.present.i18n import PLAN_TITLE, format_value

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

_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{css}
.status-ok {{ color: #006b4f; }} .status-stale {{ color: #9a5b00; font-weight: bold; }}
.status-failed {{ color: #b03000; font-weight: bold; }} .status-skipped {{ color: #555; }}
.target-met {{ background: #e3f4ee; }} .target-on_track {{ background: #e6f2fb; }}
.target-off_track {{ background: #fdf0dc; }} .target-not_met {{ background: #fbe4dc; }}
pre {{ white-space: pre-wrap; background: #f6f6f6; padding: 0.6rem; font-size: 0.8rem; }}
</style></head>
<body class="jp-Notebook kodaira-index"><main>
{body}
</main></body></html>
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def report_status(entry: dict[str, Any], html_exists: bool) -> str:
    """ok, stale (failed but an older report exists), failed or skipped."""
    if entry.get("status") == "skipped":
        return "skipped"
    if entry.get("status") == "ok" and html_exists:
        return "ok"
    return "stale" if html_exists else "failed"


def _targets_section(assessment) -> str:
    rows = []
    for _, r in assessment.iterrows():
        rows.append(
            f'<tr class="target-{_e(r["status"])}"><td>{_e(r["indicator_ja"])}<br><small>{_e(r["indicator_en"])}</small></td>'
            f"<td>{_e(format_value(r['target_value'], r['unit'], 'ja'))}{'以下' if r['comparator'] == '<=' else '以上'}</td>"
            f"<td>{_e(format_value(r['latest_value'], r['unit'], 'ja'))}（{int(r['latest_fiscal_year'])}年度）</td>"
            f"<td>{_e(STATUS_LABELS['ja'][r['status']])}<br><small>{_e(STATUS_LABELS['en'][r['status']])}</small></td></tr>"
        )
    return (
        "<h2>数値目標の評価 <small>Numerical targets at a glance</small></h2>"
        '<table class="kodaira-table"><thead><tr><th>指標 Indicator</th><th>目標 Target</th>'
        "<th>直近の実績 Latest</th><th>評価 Status</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        '<p class="kodaira-source">出典 Source: ' + _e(PLAN_TITLE["ja"]) + " 第１章２（４）. "
        "評価方法は各レポートに記載 / the method is stated in the fiscal-trends report.</p>"
    )


def write_index(out_dir: Path, jobs: list[dict[str, Any]], manifest: dict[str, Any], assessment) -> str:
    """Render the landing page for the current jobs and manifest; return its HTML."""
    rows = []
    for job in jobs:
        entry = manifest["reports"].get(job["name"], {})
        status = report_status(entry, (out_dir / f"{job['name']}.html").is_file()) if entry else "skipped"
        ja, en = STATUS_TEXT[status]
        link = (
            f'<a href="{_e(job["name"])}.html">{_e(job["title"])}</a>'
            if status in ("ok", "stale")
            else _e(job["title"])
        )
        note = ""
        if entry.get("error_page"):
            note = f'<br><a href="{_e(entry["error_page"])}">エラーの詳細 / error details</a>'
        when = entry.get("last_success_at") or "—"
        lang = report_lang(job)
        rows.append(
            f"<tr><td>{link}</td><td>{'日本語' if lang == 'ja' else 'English'}</td>"
            f"<td>{'委員会向け' if job['audience'] == 'committee' else '分析用（コード付き）'}</td>"
            f'<td class="status-{STATUS_CLASS[status]}">{_e(ja)}<br><small>{_e(en)}</small>{note}</td>'
            f"<td>{_e(when)}</td></tr>"
        )
    body = (
        f"<h1>{_e(PLAN_TITLE['ja'])}：分析レポート</h1>"
        f"<p>{_e(PLAN_TITLE['en'])}: analysis reports</p>"
        f"<p>最終更新（日本時間） Last build (JST): {_e(manifest.get('last_build_at', '—'))}</p>"
        "<h2>レポート一覧 <small>Reports</small></h2>"
        '<table class="kodaira-table"><thead><tr><th>レポート Report</th><th>言語 Language</th><th>対象 Audience</th>'
        "<th>状態 Status</th><th>作成日時 Generated</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + (_targets_section(assessment) if assessment is not None else "")
        + '<p class="kodaira-source">各レポートの末尾に、作成日時・パラメータ・Gitコミット・元データのSHA-256を記載しています。'
        " Every report ends with its provenance: time, parameters, git commit and SHA-256 of the raw data.</p>"
    )
    return _PAGE.format(title="小平市 行財政再構築プラン 分析レポート / Kodaira reports", css=report_css(), body=body)


def write_error_page(job: dict[str, Any], result: dict[str, Any], has_last_good: bool) -> str:
    """An error page a committee member can forward to the analysts."""
    kind_ja, kind_en = ERROR_KIND.get(result["status"], ("エラー", "error"))
    cell = ""
    if "cell_index" in result:
        cell = (
            f"<h2>失敗したセル / Failing cell: {result['cell_index'] + 1}</h2>"
            f"<pre>{_e(result.get('cell_source', ''))}</pre>"
        )
    last_good = (
        f'<p>前回作成された版を引き続き掲載しています（古い版）: <a href="{_e(job["name"])}.html">{_e(job["title"])}</a>'
        " / The last good version stays available, marked stale.</p>"
        if has_last_good
        else "<p>このレポートにはまだ正常に作成された版がありません。 / No good version of this report exists yet.</p>"
    )
    body = (
        f"<h1>レポート作成エラー / Report failed: {_e(job['name'])}</h1>"
        f'<p><a href="index.html">← レポート一覧 / All reports</a></p>'
        f"<p>{_e(kind_ja)} / {_e(kind_en)} — {_e(result.get('finished_at', ''))}</p>{last_good}{cell}"
        f"<h2>エラー / Error</h2><pre>{_e(result.get('error_type', ''))}: {_e(result.get('error', ''))}</pre>"
        f"<h2>トレースバック / Traceback</h2><pre>{_e(result.get('traceback') or result.get('runner_traceback', ''))}</pre>"
        f"<p>実行済みノートブック（監査用） / Executed notebook kept for audit: executed/{_e(job['name'])}.ipynb</p>"
    )
    return _PAGE.format(title=f"Error: {_e(job['name'])}", css=report_css(), body=body)
