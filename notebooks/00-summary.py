# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (kodaira-analysis)
#     language: python
#     name: kodaira-analysis
# ---

# %% [markdown] tags=["research"]
# ## 委員会向け要約：研究用の説明 / Summary for the committee: notes for researchers
#
# **問い**　第２次改革推進プログラムの6つの数値目標（2015年度目標）は達成されたか、その判定は誰のものか。プランの期間（2017～2020年度）とその前後の年度に、小平市の主な財政指標、高齢化、人口の増減はどう動き、多摩26市の中でどこに位置したか。プランの策定後に市は進捗をどう公表したか。
#
# **データ**　計画書から転記した表 `targets`（目標）と `indicators`（実績）。SSDSE-A（統計センター、2018～2026年版）の決算、国勢調査、人口動態、職員数。総務省「地方公共団体の主要財政指標一覧」の主要5指標（2016～2021年度）。市のホームページの進捗ページから転記した表 `progress_reports`。SSDSE-A や総務省のファイルがなければ、その節は「ファイルがない」とだけ表示します。
#
# **方法**　目標の判定は `ka.assess_targets` で行います。目標年度の実績がある指標はその実績で判定します。目標年度の実績が本プロジェクトの資料にない指標は、最新の実績から選んだ方法（`projection_method`：最小二乗の直線、または直近の年間変化の繰り返し）で目標年度までの見通しを推計しますが、目標年度の決算を市がすでに公表している場合は見通しで判定せず、見通しは推計の幅とともに見通しとして示すだけです。プランの期間の指標は `period.fiscal_series` の値を2016年度から最新年度まで毎年示し（`period_summary.period_values`）、2016年度と最新年度の差、毎年の上昇・低下の回数、2020年度の多摩26市での順位と中央値を求めます（`period_summary.period_moves`）。1人当たりの額は、その年度以前で直近の国勢調査人口で割った値に加えて、分母を2020年国勢調査人口に固定した値も示します。主要5指標は `mic_long_run.long_run` で多摩26市の中央値と範囲と並べます。
#
# **注意**　見通しは本プロジェクトの推計で、市の判断ではありません。増減、順位、中央値は本プロジェクトの計算です。2020年度の歳出の大きな増加の理由を SSDSE-A は示していません。プランの定員と SSDSE-A の一般行政部門職員数は範囲が違うため、つないで読めません。進捗の区分は市自身の評価です。
#
# **Question**　Were the 2nd reform programme's six numerical targets for FY2015 met, and whose verdict is each? Over the plan period (FY2017-FY2020) and the years around it, how did Kodaira's main fiscal indicators, its ageing and its population change move, and where did it stand among the 26 Tama cities? What progress did the city publish after the plan?
#
# **Data**　From the plan, the tables `targets` and `indicators` (the results). From SSDSE-A (Statistics Center, editions 2018-2026), settlements, censuses, births, deaths, moves and staff. MIC's five main indicators from its main fiscal indicators of every municipality (FY2016-FY2021). From the city's progress pages, the table `progress_reports`. Without the SSDSE-A or MIC files, their sections only say that the files are absent.
#
# **Method**　The targets are assessed with `ka.assess_targets`. An indicator with a result for the target year is judged on that result. For one without, a projection to the target year is made from its latest results by the chosen method (`projection_method`: a least-squares line, or the last yearly change repeated); where the city has already published the target year's settlement, the projection gives no verdict and is shown only as a projection, with its range. The plan period's measures are the values of `period.fiscal_series` in every year from FY2016 to the latest (`period_summary.period_values`), with the change from FY2016 to the latest year, the rises and falls of every year, and the rank and median among the 26 Tama cities in FY2020 (`period_summary.period_moves`). Money per resident divides by the latest census at or before the fiscal year, and is also given with the 2020 census held fixed as denominator. MIC's five indicators are set beside the Tama median and range by `mic_long_run.long_run`.
#
# **Caveats**　Projections are ours, not the city's. Changes, ranks and medians are our calculations. SSDSE-A gives no reason for FY2020's jump in expenditure. The plan's staff quota and SSDSE-A's general-administration staff cover different staff and cannot be joined. The progress statuses are the city's own assessment.

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
projection_method: str = "linear"  # 'linear' (least squares) or 'last_change' (repeat the last yearly change)
use_ssdse: bool = True  # add SSDSE-A's later settled figures and the plan period when its files are present

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, period, period_compare, period_summary, reform_progress, series
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import era
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import (
    mic_common,
    mic_summary,
    progress_pages,
    still_missing,
    summary,
    summary_period,
    summary_points,
)
from kodaira_analysis.topics import mic_long_run as long_run

nb.start("00-summary", globals())
link_terms(lang)
era.once(lang)
present = use_ssdse and bool(ssdse.available())
mic = mic_long_run.load_mic()
lr = mic_long_run.long_run(*mic) if mic is not None else None
table = ka.load("ssdse") if present else None
plan_period = period.fiscal_series(table) if table is not None else None
pages = ka.load("progress_reports")
pages_by_status = reform_progress.reports_by_status(pages)

# %%
assessment = ka.assess_targets(projection_method, use_ssdse=present)
target_values = ka.load("targets")
nb.show(
    nb.markdown(pick(lang, "# 委員会向け要約：数値目標とプランの期間", "# Summary for the committee: the targets and the plan period")),
    summary_points.main_points_section(summary_points.main_points(assessment, pages, lang, plan_period, lr), lang),
    summary.intro(lang),
    nb.markdown(
        pick(
            lang,
            "## 第２次改革推進プログラムの数値目標（2015年度目標）：達成したか、誰の判断か",
            "## The 2nd Reform Programme's targets for FY2015: met or not, and whose verdict",
        )
    ),
    summary.targets_table(assessment, target_values, lang),
    summary.targets_notes(assessment, target_values, lang),
)

# %%
nb.show(nb.markdown(pick(lang, "## プランの期間（2017～2020年度）の動き", "## How the plan period (FY2017-FY2020) went")))
if table is not None:
    tama = period_compare.group_rows(table)
    period_values = period_summary.period_values(table, plan_period)
    period_moves = period_summary.period_moves(period_values, tama)
    ageing = series.census_ageing(table)
    households = period.elderly_households(table)
    population = period.population_change(table)
    staffing = period.staffing_series(table)
    nb.show(
        summary_period.period_table(period_values, period_moves, lang),
        summary_period.moves_table(period_values, period_moves, lang),
        summary_period.period_sentences(plan_period, tama, ageing, households, population, staffing, lang),
    )
else:
    nb.show(ssdse_absent(lang))

# %%
nb.show(nb.markdown(pick(lang, "## 主要5指標で見るプランの期間とその前後の年度（2016～2021年度）", "## The five main indicators in the plan period and the year each side of it (FY2016-FY2021)")))
if lr is not None:
    nb.show(
        mic_summary.intro(lr, lang),
        mic_summary.glance_chart(lr, lang),
        long_run.definitions_table(lang),
        mic_summary.period_sentences(lr, lang),
        mic_summary.period_table(lr, lang),
    )
else:
    nb.show(mic_common.mic_absent(lang))

# %%
from kodaira_analysis.topics import mic_plans

nb.show(*mic_plans.section(lr, lang))

# %%
nb.show(
    nb.markdown(pick(lang, "## 改革推進プログラム：プランの策定後に市が公表した進捗", "## The reform programmes: progress the city published after the plan")),
    progress_pages.pages_sentences(pages, lang),
    progress_pages.pages_table(pages, lang),
)

# %%
nb.show(
    nb.markdown(pick(lang, "## 本プロジェクトの資料にない数値", "## What the project's sources lack")),
    still_missing.missing_sentence(lang),
    still_missing.missing_table(lang),
)

# %%
nb.show(glossary_section(lang))
