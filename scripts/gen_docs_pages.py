"""Pages of the documentation site generated from the package itself (run by mkdocs-gen-files at build time).

* ``data-dictionary.md``: every table, from ``describe_tables()`` (the description the schema checks, the
  Excel headers and datapackage.json also come from), and every SSDSE-A indicator from ``ssdse/indicators.csv``;
* ``reference/index.md``: the API reference (mkdocstrings renders the docstrings);
* ``gallery.md``: the reports of ``reports.yml``;
* ``how-to/schedule.md``: the scheduled build, pointing at ``operations.md`` where that page exists.

Nothing here is copied by hand: change a table's description or a report job, and the page follows.
"""

from __future__ import annotations

import html
from pathlib import Path

import mkdocs_gen_files

import kodaira_analysis as ka
from kodaira_analysis.ssdse import catalogue

DOCS = Path(__file__).resolve().parent.parent / "docs"

#: The API reference: (module, what a researcher finds there), in reading order.
REFERENCE = [
    ("kodaira_analysis", "パッケージの入口 / The package's public face"),
    ("kodaira_analysis.analysis.dataset", "表を読む / load()"),
    ("kodaira_analysis.analysis.dictionary", "データ辞書 / describe_tables()"),
    ("kodaira_analysis.analysis.sums", "欠損を保つ合計 / Sums that keep a missing figure missing"),
    ("kodaira_analysis.analysis.targets", "数値目標の評価 / The targets assessed"),
    ("kodaira_analysis.analysis.peers", "他市との比較 / Any municipality among its peers"),
    ("kodaira_analysis.analysis.peer_data", "比較の群と指標 / Peer groups and measures"),
    ("kodaira_analysis.analysis.series", "プラン後の系列 / The series beyond the plan"),
    ("kodaira_analysis.analysis.period", "プランの期間 / The plan period"),
    ("kodaira_analysis.analysis.period_compare", "多摩26市の中で / Among the 26 Tama cities"),
    ("kodaira_analysis.analysis.period_summary", "委員会向け要約の期間の表 / The summary's plan-period frames"),
    ("kodaira_analysis.analysis.reform_progress", "改革の進捗 / Progress of the reform programmes"),
    ("kodaira_analysis.present.plot", "自分の図 / Your own charts in the house style"),
    ("kodaira_analysis.dist", "他のツールへ / The data archive for other tools"),
    ("kodaira_analysis.ssdse", "SSDSE-A"),
    ("kodaira_analysis.mic", "総務省の主要財政指標 / MIC's main fiscal indicators"),
    ("kodaira_analysis.analysis.mic_long_run", "総務省の指標を全年度で / MIC's indicators over every fiscal year"),
    ("kodaira_analysis.japanese", "日本の統計表を読む / Parsers for Japanese government tables"),
]


def cell(value: object) -> str:
    """A value as one Markdown table cell: escaped (no markup runs), pipes and line breaks kept out."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value)).replace("|", "&#124;").replace("\n", " ")


def data_dictionary() -> str:
    """The data dictionary page."""
    described = ka.describe_tables()
    lines = [
        "# データ辞書 / Data dictionary",
        "",
        "表ごとに、各列の意味・型（`load()` が返す dtype）・単位・日英のラベル。`ka.describe_tables()` と",
        "`ka.TABLES` から生成しています（datapackage.json も同じ記述から作られます）。",
        "",
        "For every table: each column's meaning, dtype (as `load()` returns it), unit and labels. Generated from",
        "`ka.describe_tables()` and `ka.TABLES`, the description datapackage.json is also made from.",
        "",
    ]
    for name, columns in described.groupby("table", sort=False):
        table = ka.TABLES.get(name)
        first = columns.iloc[0]
        lines += [f"## `{name}`", ""]
        if table is not None:
            lines += [f"**{cell(table.title_ja)}** / {cell(table.title_en)}", "", cell(table.description), ""]
            lines += [f"- 主キー / Primary key: `{', '.join(table.primary_key)}`"]
        lines += [
            f"- 出典 / Source: {cell(first['source_section'])}",
            f"- 取得 / Returned by: `ka.{first['returned_by']}`",
            "",
            "| column | dtype | unit | 日本語 | English | description |",
            "|---|---|---|---|---|---|",
        ]
        for _, row in columns.iterrows():
            lines.append(
                f"| `{cell(row['column'])}` | {cell(row['dtype'])} | {cell(row['unit'])} | {cell(row['label_ja'])} "
                f"| {cell(row['label_en'])} | {cell(row['description'])} |"
            )
        lines.append("")
    indicators = catalogue.indicators()
    lines += [
        "## SSDSE-A の指標 / SSDSE-A's indicators",
        "",
        "表 `ssdse` の各指標の日本語名（その指標を載せる最新の版の見出し、NFKC）、英語名（本プロジェクトの訳）、単位、",
        "ファイル上の単位、年の種類。SSDSE-A は年だけを",
        "掲げ、その種類（国勢調査の10月1日、年度の決算、4月1日の調査など）は各指標の元の統計による本プロジェクトの",
        "読みです。",
        "",
        "Each indicator of table `ssdse`: Japanese name (the header of the newest edition that has it, NFKC), English",
        "name (the project's translation), unit, unit in the file and kind of",
        "year. SSDSE-A prints the year only: its kind is the project's reading of the statistic behind each",
        "indicator ('year as published' where the project has not established it). From `ssdse/indicators.csv`.",
        "",
        "| code | 日本語 | English (project translation) | unit | unit in file | kind of year |",
        "|---|---|---|---|---|---|",
    ]
    for code, row in indicators.iterrows():
        lines.append(
            f"| `{cell(code)}` | {cell(row['indicator_ja'])} | {cell(row['indicator_en'])} | {cell(row['unit'])} "
            f"| {cell(row['unit_in_file'])} "
            f"| {cell(row['year_kind'])} |"
        )
    return "\n".join(lines) + "\n"


def reference() -> str:
    """The API reference page: one section per module, rendered from the docstrings."""
    lines = [
        "# API",
        "",
        "`import kodaira_analysis as ka` の後、`ka.load`, `ka.describe_tables`, `ka.peers`, `ka.plot` などで使えます。",
        "After `import kodaira_analysis as ka`: `ka.load`, `ka.describe_tables`, `ka.peers`, `ka.plot` and so on.",
        "",
    ]
    for module, about in REFERENCE:
        lines += [f"## {about}", "", f"::: {module}", "    options:", "      heading_level: 3", ""]
    return "\n".join(lines)


def gallery() -> str:
    """The gallery page: every report of reports.yml."""
    from kodaira_analysis.reports.config import load_jobs

    lines = [
        "# 報告書 / Reports",
        "",
        "`make reports`（または `kodaira-reports build`）が `reports/` に書く報告書の一覧です（`reports.yml` から生成）。",
        "委員会向け（committee）はコードを表示せず、研究向け（research）はコードを残します。SSDSE-A が必要な報告書は、",
        "そのファイルがなければ作られません。",
        "",
        "The reports `make reports` (or `kodaira-reports build`) writes into `reports/`, listed from `reports.yml`.",
        "Committee reports hide the code; research reports keep it. A report that needs SSDSE-A is skipped without it.",
        "",
        "| report | title | notebook | language | audience | needs |",
        "|---|---|---|---|---|---|",
    ]
    for job in load_jobs():
        lines.append(
            f"| `{cell(job.name)}.html` | {cell(job.title)} | `{cell(job.notebook.name)}` | {cell(job.lang)} "
            f"| {cell(job.audience)} | {cell(', '.join(job.requires) or '—')} |"
        )
    return "\n".join(lines) + "\n"


def schedule() -> str:
    """The scheduling how-to: the runner's operations page where it exists."""
    lines = [
        "# 定期ビルド / Schedule the build",
        "",
        "報告書の定期ビルドは `kodaira-reports build` を cron や CI から実行します。終了コードが結果を表します"
        "（0 以外は失敗：壊れた報告書は公開されません）。",
        "",
        "A scheduled build runs `kodaira-reports build` from cron or CI; its exit code tells what happened (anything",
        "but 0 is a failure, and a broken report is never published).",
        "",
    ]
    if (DOCS / "operations.md").is_file():
        lines += ["手順の詳細 / The details: [運用 / Operations](../operations.md)", ""]
    else:
        lines += [
            "手順の詳細はリポジトリの README.md にあります。 / The details are in the repository's README.md.",
            "",
        ]
    return "\n".join(lines)


def parameters() -> str:
    """Every notebook's parameters: the default and comment of its parameters cell, and what the check accepts."""
    import papermill as pm

    from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS

    lines = [
        "# パラメータ一覧 / Parameters",
        "",
        "`kodaira-reports render` と `preview` の `-p NAME VALUE`、`reports.yml` のジョブが渡せるパラメータです。",
        "既定値と説明はノートブックのパラメータのセル、受け付ける値は検査の規則から生成しています。",
        "",
        "What `-p NAME VALUE` of `kodaira-reports render` and `preview`, and a job of `reports.yml`, may set: the",
        "default and the description come from each notebook's parameters cell, what is accepted from the rules",
        "that check them. See [Render a report with your own parameters](../how-to/render-with-parameters.md).",
        "",
    ]
    for notebook, spec in NOTEBOOK_PARAMETERS.items():
        declared = pm.inspect_notebook(str(DOCS.parent / "notebooks" / f"{notebook}.ipynb"))
        lines += [f"## `{notebook}`", "", "| parameter | default | description | accepted |", "|---|---|---|---|"]
        for name, rule in spec.items():
            info = declared.get(name, {})
            lines.append(
                f"| <code>{cell(name)}</code> | <code>{cell(info.get('default', ''))}</code> | {cell(info.get('help', ''))} "
                f"| {cell(rule.describe())} |"
            )
        lines.append("")
    return "\n".join(lines)


PAGES = {
    "data-dictionary.md": data_dictionary,
    "reference/index.md": reference,
    "gallery.md": gallery,
    "how-to/schedule.md": schedule,
    "reference/parameters.md": parameters,
}

for path, make in PAGES.items():
    with mkdocs_gen_files.open(path, "w") as page:
        page.write(make())
