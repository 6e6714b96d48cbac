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
start_fiscal_year: int = 2011  # first fiscal year shown, 2011-2015
end_fiscal_year: int = 2015  # last fiscal year shown, 2011-2015
show_cumulative: bool = True  # draw the cumulative fiscal effect beside the yearly one
indicators: list = ["staff_quota", "current_balance_ratio", "fiscal_adjustment_fund", "public_facilities_fund", "debt_general_account", "debt_sewer"]  # target indicators to assess, in the order shown
show_targets: bool = True  # draw target lines, target-year markers and projections
projection_method: str = "linear"  # 'linear' (least squares) or 'last_change' (repeat the last yearly change)
use_ssdse: bool = True  # extend the current balance ratio past the plan with SSDSE-A when its files are present

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, period, series
from kodaira_analysis.analysis.targets import default_indicators
from kodaira_analysis.present import display as nb
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import fiscal, mic_common, period_fiscal, period_resident, still_missing, targets
from kodaira_analysis.topics import mic_long_run as long_run

nb.start("01-fiscal-trends", globals())
link_terms(lang)

# %%
nb.show(fiscal.introduction(len(indicators), lang, projection_method=projection_method))

# %%
fiscal_effects = ka.load("fiscal_effects").query("@start_fiscal_year <= fiscal_year <= @end_fiscal_year")
nb.show(
    nb.markdown(pick(lang, "## 財政効果", "## Fiscal effect of the reforms")),
    fiscal.effects_summary(fiscal_effects, lang),
    fiscal.effects_chart(fiscal_effects, lang, cumulative=show_cumulative),
    fiscal.effects_table(fiscal_effects, lang, cumulative=show_cumulative),
)

# %%
assessment = ka.assess_targets(projection_method, use_ssdse=use_ssdse and bool(ssdse.available()))
selected = assessment.set_index("indicator").loc[indicators].reset_index()
nb.show(
    nb.markdown(pick(lang, "## 第２次改革推進プログラムの数値目標（2015年度目標）の達成状況", "## The 2nd reform programme's targets for FY2015")),
    targets.targets_table(selected, lang),
    targets.method_sentence(projection_method, lang),
)

# %%
results = default_indicators(use_ssdse and bool(ssdse.available())).query(
    "@start_fiscal_year <= fiscal_year <= @end_fiscal_year"
)
nb.show(
    targets.targets_chart(results, ka.load("targets"), assessment, lang, selected=indicators, show_targets=show_targets),
    targets.results_table(results, indicators, lang),
    targets.target_sentences(selected, lang),
)

# %%
nb.show(nb.markdown(pick(lang, "## その後の公式統計（統計センター）", "## Later official data (Statistics Center)")))
if use_ssdse and ssdse.available():
    extended = series.extended_indicators()
    ratio = extended.query("indicator == 'current_balance_ratio'")
    settled = ka.assess_targets(projection_method, indicators=extended).set_index("indicator").loc["current_balance_ratio"]
    nb.show(
        fiscal.ratio_sentence(ratio, settled, lang),
        fiscal.ratio_chart(ratio, ka.load("targets").set_index("indicator").loc["current_balance_ratio"], lang),
        fiscal.ratio_table(ratio, lang),
    )
else:
    nb.show(ssdse_absent(lang))

# %%
if use_ssdse and ssdse.available():  # without SSDSE-A, the sentence above says so once
    table = ka.load("ssdse")
    plan_period = period.fiscal_series(table)
    medians = period_resident.tama_medians(table, plan_period)
    nb.show(
        period_fiscal.heading(lang),
        period_fiscal.intro(plan_period, lang),
        period_fiscal.ratios_sentence(plan_period, lang),
        period_fiscal.ratios_chart(plan_period, lang),
        period_fiscal.ratios_table(plan_period, lang),
        period_fiscal.jump_sentence(table, plan_period, lang),
        period_fiscal.taxes_sentence(plan_period, lang),
        period_fiscal.money_chart(plan_period, lang),
        period_fiscal.money_table(plan_period, lang),
        period_resident.welfare_sentence(plan_period, lang),
        period_resident.welfare_chart(plan_period, lang),
        period_resident.welfare_table(plan_period, lang),
        period_resident.per_resident_sentence(plan_period, medians, lang),
        period_resident.per_resident_chart(plan_period, medians, lang),
        period_resident.per_resident_table(plan_period, medians, lang),
    )

# %%
nb.show(nb.markdown(pick(lang, "## 長期の推移：総務省の主要5指標（2005～2021年度）", "## The long run: MIC's five main indicators, FY2005-FY2021")))
mic = mic_long_run.load_mic()
if mic is not None:
    indicators_mic, averages_mic = mic
    lr = mic_long_run.long_run(indicators_mic, averages_mic)
    nb.show(
        long_run.intro(lang),
        long_run.definitions_table(lang),
        long_run.long_run_chart(lr, lang, number=8),
        long_run.period_sentences(lr, lang),
        long_run.long_run_table(lr, lang),
    )
else:
    nb.show(mic_common.mic_absent(lang))

# %%
nb.show(
    nb.markdown(pick(lang, "## 本プロジェクトの資料にない数値", "## What the project's sources lack")),
    still_missing.missing_sentence(lang),
    still_missing.missing_table(lang),
)

# %%
nb.show(glossary_section(lang))
