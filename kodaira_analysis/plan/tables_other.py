"""The plan's other tables, each described once: progress, history, dated facts, demographics, structure, glossary.

Cleaned by :mod:`~kodaira_analysis.plan.clean_programmes` and :mod:`~kodaira_analysis.plan.clean_glossary`;
:data:`kodaira_analysis.plan.tables.TABLES` lists every table in build order.
"""

from __future__ import annotations

from kodaira_analysis.plan.clean_history import WHEN_KINDS
from kodaira_analysis.schema import FISCAL_YEAR_DESCRIPTION, PER_ROW, Column, Table
from kodaira_analysis.schema import fiscal_year_column as _fy
from kodaira_analysis.schema import label_column as _label

STATUSES = ("ahead", "on_schedule", "behind")

STATUS_DESCRIPTION = (
    "ahead, on_schedule or behind schedule, as the plan's three columns (予定より前倒し, 予定どおり, 予定より遅れ)"
)

OTHER_TABLES: tuple[Table, ...] = (
    Table(
        name="program_progress",
        title_ja="第２次改革推進プログラムの進捗状況（平成28年３月末現在）",
        title_en="Progress of the 2nd Reform Programme at the end of March 2016",
        description="Items of the 2nd Reform Programme (62 in all) by policy and status.",
        raw_file="program_progress.csv",
        raw_columns=("方針", "予定より前倒し", "予定どおり", "予定より遅れ", "計", "時点"),
        source_section="第１章２（２）第２次改革推進プログラムの進捗状況",
        primary_key=("policy_no", "status"),
        columns=(
            Column(
                "policy_no",
                "Int64",
                "方針番号",
                "Policy no.",
                allowed=(1, 2, 3, 4, 5),
                description="the number of the 2nd Reform Programme's policy (方針), 1 to 5, as printed",
            ),
            _label("policy", "方針", "Policy", description="the policy's name, as printed"),
            _label("policy_en", "方針（英語）", "Policy (English)", description="our translation"),
            _label("status", "進捗", "Status", allowed=STATUSES, description=STATUS_DESCRIPTION),
            _label("status_ja", "進捗（日本語）", "Status (Japanese)", description="the column heading as printed"),
            _label("status_en", "進捗（英語）", "Status (English)", description="our translation"),
            Column(
                "items",
                "Int64",
                "項目数",
                "Items",
                unit="items",
                minimum=0,
                description="the number of the policy's items with this status, as printed (0 where the plan prints 0)",
            ),
            Column(
                "as_of",
                "datetime64[ns]",
                "時点",
                "As of",
                description="the date the count describes: 31 March 2016 (平成28年３月末現在)",
            ),
        ),
    ),
    Table(
        name="reform_history",
        title_ja="行財政改革の取組の経過（平成8年度～）",
        title_en="Reform programmes since FY1996",
        description=(
            "Each reform programme with its period, its number of items and, where the plan "
            "says so, the one-year follow-up of unfinished items. Items the plan does not "
            "state are missing (the 3rd programme's count is not in the extracted text)."
        ),
        raw_file="reform_history.csv",
        raw_columns=(
            "計画",
            "計画期間",
            "項目数",
            "フォローアップ年度",
            "フォローアップ項目数",
            "フォローアップ対象項目数",
            "フォローアップの対象",
            "フォローアップの状況",
            "策定時期",
            "策定時期（別の記載）",
        ),
        source_section="第１章２（１）これまでの行財政改革の取組",
        primary_key=("program_id",),
        columns=(
            Column(
                "program_order", "Int64", "順", "Order", minimum=1, description="1 = the oldest programme (FY1996-)"
            ),
            _label(
                "program_id",
                "計画ID",
                "Programme id",
                description="reform_1 to reform_3: the 1st-3rd 行財政改革推進計画; restructuring_1 to restructuring_3: "
                "the 1st-3rd 行財政再構築プラン (the 3rd is this plan)",
            ),
            _label("program", "計画", "Programme", description="the programme's name, as printed"),
            _label("program_en", "計画（英語）", "Programme (English)", description="our translation"),
            _fy("start_fiscal_year", "開始年度", "First fiscal year"),
            _fy("end_fiscal_year", "終了年度", "Last fiscal year"),
            Column(
                "items",
                "Int64",
                "項目数",
                "Items",
                unit="items",
                nullable=True,
                minimum=0,
                description="the number of items of the programme the plan prints; missing where it prints none "
                "(the 3rd plan)",
            ),
            _fy("followup_fiscal_year", "フォローアップ年度", "Follow-up fiscal year", nullable=True),
            Column(
                "followup_items",
                "Int64",
                "フォローアップ項目数",
                "Items followed up",
                unit="items",
                nullable=True,
                minimum=0,
                description=(
                    "the number of unfinished items carried into the one-year follow-up (the 26 of 52項目中26項目; "
                    "followup_base_items is the 52); missing for a programme the plan gives no follow-up"
                ),
            ),
            Column(
                "followup_base_items",
                "Int64",
                "フォローアップ対象項目数",
                "Items reviewed for follow-up",
                unit="items",
                nullable=True,
                minimum=0,
                description="the 'out of N' the plan prints for the follow-up (52項目中26項目)",
            ),
            _label(
                "followup_scope",
                "フォローアップの対象",
                "Follow-up covers",
                nullable=True,
                allowed=("programmes_1_3", "this_programme"),
                description=(
                    "programmes_1_3: the FY2006 follow-up, which the plan places under the 1st-3rd reform "
                    "plans together without naming one; this_programme: the row's own programme"
                ),
            ),
            _label(
                "followup_status",
                "フォローアップの状況",
                "Follow-up status",
                nullable=True,
                allowed=("done", "under_way"),
                description="done (行いました) or under_way when the plan was written (行っています), as printed",
            ),
            Column(
                "adopted_month",
                "datetime64[ns]",
                "策定時期",
                "Adopted (month)",
                nullable=True,
                description="the first day of the month the plan says the programme was adopted; missing where it gives none",
            ),
            _label(
                "adopted_printed",
                "策定時期（原文）",
                "Adopted, as printed",
                nullable=True,
                description="the adoption as the plan prints it (平成19年3月); missing where it gives none",
            ),
            _label(
                "adopted_other_printed",
                "策定時期（別の記載）",
                "Adopted, as printed elsewhere",
                nullable=True,
                description="a second, different statement of the adoption in the plan (the 2nd plan: 平成23年度)",
            ),
        ),
    ),
    Table(
        name="plan_history",
        title_ja="プランの経過（時期の記載がある事項）",
        title_en="The plan's history: facts it dates",
        description=(
            "Each fact the plan states with a time: the adoption of the reform outline, the periods of the "
            "plans the 3rd plan is aligned with, the review committee, the revision of the 2nd programme and "
            "the city-tax trend it describes. The time is kept as printed (when_printed) and read as fiscal "
            "years; a month is kept where the plan names one."
        ),
        raw_file="plan_history.csv",
        raw_columns=("事項", "時期", "出典"),
        source_section="第３次行財政再構築プランの位置付け・対象期間、第１章２～３",
        primary_key=("event_id",),
        columns=(
            _label("event_id", "事項ID", "Fact id", description="the project's identifier of the fact"),
            _label("event", "事項", "Fact", description="the fact in the plan's words"),
            _label("event_en", "事項（英語）", "Fact (English)", description="our translation"),
            _label(
                "when_printed",
                "時期（原文）",
                "When, as printed",
                description="as the plan prints it (平成18年度～32年度)",
            ),
            _label(
                "when_kind",
                "時期の種類",
                "Kind of time",
                allowed=WHEN_KINDS,
                description=(
                    "month: a month (平成8年12月); fiscal_years: a period; fiscal_year_end: the end of a fiscal "
                    "year (年度末); fiscal_year_second_half_on: from the second half of a fiscal year (年度後半から); "
                    "fiscal_year: one fiscal year; run_to: consecutive fiscal years ending in end_fiscal_year "
                    "(平成26年度まで4年連続)"
                ),
            ),
            _fy("start_fiscal_year", "開始年度", "First fiscal year"),
            _fy("end_fiscal_year", "終了年度", "Last fiscal year"),
            Column(
                "month",
                "datetime64[ns]",
                "月",
                "Month",
                nullable=True,
                description="the first day of the month the plan names; missing where it names none",
            ),
            _label("section", "出典", "Section of the plan", description="where the plan states it (第１章２（１）)"),
        ),
    ),
    Table(
        name="demographics",
        title_ja="人口の高齢化と出生率",
        title_en="Ageing and fertility",
        description=(
            "The share of residents aged 65+ (Kodaira, January 1) and the total fertility "
            "rate (Kodaira and Japan). The plan says the 2015 share 'exceeds 22%': it is a "
            "lower bound (bound='lower'), never an exact point. The plan prints the fertility "
            "rates with a % sign; a total fertility rate is births per woman."
        ),
        raw_file="demographics.csv",
        raw_columns=("指標", "地域", "時点", "値"),
        source_section="第１章３（２）行政再構築の推進",
        primary_key=("indicator", "area", "period"),
        columns=(
            _label(
                "indicator",
                "指標ID",
                "Indicator id",
                allowed=("aged_65_plus_share", "total_fertility_rate"),
                description="aged_65_plus_share: 65歳以上人口の割合 (percent of residents); total_fertility_rate: "
                "合計特殊出生率 (births per woman)",
            ),
            _label("indicator_ja", "指標", "Indicator", description="the plan's name of the indicator"),
            _label("indicator_en", "指標（英語）", "Indicator (English)", description="our translation"),
            _label(
                "area", "地域ID", "Area id", allowed=("kodaira", "japan"), description="kodaira: 小平市; japan: 全国"
            ),
            _label("area_ja", "地域", "Area", description="as the plan names it"),
            _label("area_en", "地域（英語）", "Area (English)", description="our translation"),
            _label(
                "period",
                "時点（原文）",
                "Period as printed",
                description="the date or year as the plan prints it (平成23年1月1日現在, 平成26年度)",
                year_kind=PER_ROW,
            ),
            Column(
                "as_of",
                "datetime64[ns]",
                "時点",
                "As of",
                nullable=True,
                description="the date a stock figure describes; missing for a fiscal-year figure",
            ),
            _fy(nullable=True, description=FISCAL_YEAR_DESCRIPTION + "; missing for a dated figure"),
            Column("value", "float64", "値", "Value", description="in the row's unit"),
            _label(
                "bound",
                "値の種類",
                "Bound",
                allowed=("exact", "lower"),
                description="exact: value is the figure as printed; lower: the plan prints a lower bound (22%超), the true value exceeds value",
            ),
            _label(
                "unit",
                "単位",
                "Unit",
                allowed=("percent", "births_per_woman"),
                description="percent (the share aged 65+); births_per_woman (the fertility rate, printed with %)",
            ),
            _label(
                "value_printed",
                "値（原文）",
                "Value as printed",
                description="as the plan prints it (20.73%, 22%超, 1.40%)",
            ),
            _label(
                "year_kind",
                "年の種類",
                "Kind of year",
                allowed=("as_of", "calendar_year"),
                description=(
                    "as_of: a figure on the date in as_of; calendar_year: a calendar-year statistic (the total "
                    "fertility rates, which the plan labels 平成26年度: fiscal_year keeps the year as printed)"
                ),
            ),
        ),
    ),
    Table(
        name="plan_structure",
        title_ja="第３次行財政再構築プランの体系",
        title_en="Structure of the 3rd restructuring plan",
        description=(
            "Viewpoints, directions, the five policies and their implementation measures, "
            "as a hierarchy: a policy's parent is its direction, a measure's parent its policy. "
            "Viewpoints underlie all three directions and have no parent."
        ),
        raw_file="plan_structure.csv",
        raw_columns=("階層", "番号", "名称", "上位番号", "出典"),
        source_section="第１章４～６、第２章",
        primary_key=("node_id",),
        columns=(
            _label("node_id", "ID", "Node id", description="level and number: viewpoint-1, policy-5, measure-5-7"),
            _label(
                "level",
                "階層",
                "Level",
                allowed=("viewpoint", "direction", "policy", "measure"),
                description="viewpoint: 基本的な視点 (第１章４); direction: 方向性 (第１章５); policy: 方針 (第１章６, "
                "five); measure: a numbered heading under a policy in Chapter 2 (第２章５（７）)",
            ),
            _label(
                "number",
                "番号",
                "Number",
                description="the number within its level as the plan orders it; a measure's is policy-measure (5-7)",
            ),
            _label("name", "名称", "Name", description="as printed"),
            _label("name_en", "名称（英語）", "Name (English)", description="our translation"),
            _label(
                "parent_id",
                "上位ID",
                "Parent id",
                nullable=True,
                description="node_id of the direction (a policy's) or the policy (a measure's); missing for "
                "viewpoints and directions",
            ),
            _label("section", "出典", "Section of the plan", description="where the plan sets it out (第２章５（７）)"),
        ),
    ),
    Table(
        name="glossary",
        title_ja="用語の定義（プランの脚注と注記）",
        title_en="Terms the plan defines (its footnotes and notes)",
        description=(
            "Each term the plan defines in a numbered footnote (注1-注6) or a ※ note, with its definition "
            "as printed and our English translation (kodaira_analysis/plan/glossary_en.csv)."
        ),
        raw_file="glossary.csv",
        raw_columns=("用語", "定義", "注の種類", "出典"),
        source_section="第１章２（４）、第１章４、第２章２（脚注と注記）",
        primary_key=("term_id",),
        columns=(
            _label("term_id", "用語ID", "Term id", description="the project's identifier of the term"),
            _label("term_ja", "用語", "Term", description="as printed"),
            _label("definition_ja", "定義", "Definition", description="as printed (NFKC-normalised, 尐 read as 少)"),
            _label("term_en", "用語（英語）", "Term (English)", description="our translation"),
            _label("definition_en", "定義（英語）", "Definition (English)", description="our translation"),
            _label(
                "note_kind",
                "注の種類",
                "Kind of note",
                allowed=("footnote", "note"),
                description="footnote: a numbered footnote (注1-注6); note: a ※ note beside a table (the staff quota's)",
            ),
            _label(
                "section",
                "出典",
                "Section of the plan",
                description="where the note is printed: section and note (第１章２（４）注1, 第１章２（４）※)",
            ),
        ),
    ),
)
