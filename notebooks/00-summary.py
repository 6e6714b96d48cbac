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

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
projection_method: str = "linear"  # 'linear' (least squares) or 'last_change' (repeat the last yearly change)
use_ssdse: bool = True  # add SSDSE-A's later settled figures and the plan period when its files are present

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run
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
pages = ka.load("progress_reports")

# %%
assessment = ka.assess_targets(projection_method, use_ssdse=present)
nb.show(
    nb.markdown(pick(lang, "# 委員会向け要約：数値目標とプランの期間", "# Summary for the committee: the targets and the plan period")),
    summary_points.main_points_section(summary_points.main_points(assessment, pages, lang, table, lr), lang),
    summary.intro(lang),
    nb.markdown(
        pick(
            lang,
            "## 第２次改革推進プログラムの数値目標（2015年度目標）：達成したか、誰の判断か",
            "## The 2nd Reform Programme's targets for FY2015: met or not, and whose verdict",
        )
    ),
    summary.targets_table(assessment, ka.load("targets"), lang),
    summary.targets_notes(assessment, ka.load("targets"), lang),
)

# %%
nb.show(nb.markdown(pick(lang, "## プランの期間（2017～2020年度）の動き", "## How the plan period (FY2017-FY2020) went")))
if table is not None:
    nb.show(
        summary_period.period_table(table, lang),
        summary_period.moves_table(table, lang),
        summary_period.period_sentences(table, lang),
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
