"""The city's progress pages published after the plan, described once: the reform programmes' progress.

Two pages of Kodaira City's website (``../shared/source/kodaira-progress-pages.txt``) report the items of
the 3rd programme (end of September 2017) and of the 2nd plan's follow-up (end of FY2016) by policy and
status. They are not the plan: each row carries the page's address, and :attr:`Table.source_title` says so.
Cleaned and checked by :mod:`~kodaira_analysis.plan.clean_pages`.
"""

from __future__ import annotations

from kodaira_analysis.schema import Column, Table
from kodaira_analysis.schema import label_column as _label

STATUSES = ("ahead", "on_schedule", "behind")
REPORTS = ("programme_3", "programme_2_followup")

PAGE_TABLES: tuple[Table, ...] = (
    Table(
        name="progress_reports",
        title_ja="市が公表した改革推進プログラムの進捗状況（平成28年度末・平成29年9月末）",
        title_en="Progress of the reform programmes as published by the city (end of FY2016, end of September 2017)",
        description=(
            "Items of the 3rd Reform Programme (43) and of the 2nd plan's follow-up (41) by policy and status, "
            "as printed on two pages of Kodaira City's website, with each page's address. The 3rd programme's "
            "page gives two dates: its heading and text say 平成29年9月末, its table's caption 平成28年度末; both "
            "are kept (as_of, caption_as_of) and neither is chosen."
        ),
        raw_file="progress_reports.csv",
        raw_columns=(
            "報告",
            "時点（見出し）",
            "時点（表の表題）",
            "方針",
            "予定以上に進捗(S)",
            "予定どおりに進捗(A)",
            "予定よりも遅れている(B)",
            "本文の項目数",
            "更新日",
            "出典",
        ),
        source_section="小平市ホームページ「第3次行財政再構築プランの進捗状況」「第2次行財政再構築プラン(フォローアップ)の進捗状況」",
        source_title="小平市 企画政策部 行政経営課",
        primary_key=("report_id", "policy_no", "status"),
        columns=(
            _label(
                "report_id",
                "報告ID",
                "Report id",
                allowed=REPORTS,
                description="programme_3: the 3rd Reform Programme's page (this plan's programme); "
                "programme_2_followup: the page on the 2nd plan's follow-up",
            ),
            _label("report", "報告", "Report", description="the page's title as printed (NFKC)"),
            _label("report_en", "報告（英語）", "Report (English)", description="our translation"),
            _label("program_id", "計画ID", "Programme id", description="the programme, as in reform_history"),
            Column(
                "report_items",
                "Int64",
                "総項目数",
                "Items in all",
                unit="items",
                minimum=0,
                description="the number of items the page's text prints (43項目, 41項目)",
            ),
            Column(
                "as_of",
                "datetime64[ns]",
                "時点",
                "As of",
                description="the date the page's heading and text give (平成29年9月末; 平成28年度末)",
            ),
            _label("as_of_printed", "時点（原文）", "As of, as printed", description="as the page's heading prints it"),
            Column(
                "caption_as_of",
                "datetime64[ns]",
                "表の表題の時点",
                "As of (table caption)",
                description="the date the caption of the page's table gives; differs from as_of on the 2017 page",
            ),
            _label(
                "caption_as_of_printed",
                "表の表題の時点（原文）",
                "As of (table caption), as printed",
                description="as the caption of the page's table prints it",
            ),
            Column(
                "dates_agree",
                "bool",
                "時点の一致",
                "Dates agree",
                description="whether the heading's date and the table caption's date are the same",
            ),
            Column(
                "policy_no",
                "Int64",
                "方針番号",
                "Policy no.",
                allowed=(1, 2, 3, 4, 5),
                description="the number of the programme's policy (方針), 1 to 5, as the page orders them",
            ),
            _label("policy", "方針", "Policy", description="the policy's name, as the page prints it"),
            _label("policy_en", "方針（英語）", "Policy (English)", description="our translation"),
            Column(
                "policy_items",
                "Int64",
                "方針の項目数",
                "Items of the policy",
                unit="items",
                minimum=0,
                description="the count printed beside the policy's name (7項目)",
            ),
            _label(
                "status",
                "進捗",
                "Status",
                allowed=STATUSES,
                description="ahead (予定以上に進捗, S), on_schedule (予定どおりに進捗, A) or behind "
                "(予定よりも遅れている, B), the page's three columns",
            ),
            _label("status_ja", "進捗（日本語）", "Status (Japanese)", description="as the page words it"),
            _label("status_en", "進捗（英語）", "Status (English)", description="our translation"),
            Column(
                "items",
                "Int64",
                "項目数",
                "Items",
                unit="items",
                minimum=0,
                description="the number of the policy's items with this status, as the page's table prints it",
            ),
            Column(
                "page_updated",
                "datetime64[ns]",
                "更新日",
                "Page updated",
                description="the date the page says it was last updated (更新日)",
            ),
            _label("source_url", "出典（アドレス）", "Source (address)", description="the page's address"),
        ),
    ),
)
