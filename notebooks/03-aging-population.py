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
start_year: int = 2011  # first year shown, 2011-2015 (the plan's figures are for 2011, 2014 and 2015)
end_year: int = 2023  # last year shown, 2015-2030 (census and births from SSDSE-A reach 2020 and 2023)
extend_to_year: int = 2015  # draw the minimum pace of ageing up to this year (2015-2030; 2015 means no extension)
show_national: bool = True  # compare Kodaira's fertility rate with Japan's
use_ssdse: bool = True  # add the census shares and births from SSDSE-A when its files are present

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import period, series
from kodaira_analysis.present import display as nb
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import ageing, census_births, population

nb.start("03-aging-population", globals())

# %%
demographics = ka.load("demographics")
share = demographics.query("indicator == 'aged_65_plus_share' and @start_year <= as_of.dt.year <= @end_year")
nb.show(
    nb.markdown(pick(lang, "# 高齢化と出生率", "# Ageing and fertility")) + "\n\n" + ageing.aged_share_sentence(share, lang),
    ageing.aged_share_chart(share, lang, extend_to_year=extend_to_year),
    ageing.aged_share_table(share, lang, extend_to_year=extend_to_year),
)

# %%
tfr = demographics.query("indicator == 'total_fertility_rate' and @start_year <= fiscal_year <= @end_year" + ("" if show_national else " and area == 'kodaira'"))
nb.show(nb.markdown(pick(lang, "## 合計特殊出生率", "## Total fertility rate")) + "\n\n" + (ageing.fertility_sentence(tfr, lang) if show_national or tfr.empty else ""))
if not tfr.empty:
    nb.show(ageing.fertility_chart(tfr, lang), ageing.fertility_table(tfr, lang))

# %%
nb.show(nb.markdown(pick(lang, "## 財政への影響", "## What it means for the budget")) + "\n\n" + ageing.budget_implications(lang))

# %%
nb.show(nb.markdown(pick(lang, "## 国勢調査と出生数（その後の公式統計）", "## Censuses and births (later official data)")))
if use_ssdse and ssdse.available():
    census = series.census_ageing().query("@start_year <= census_year <= @end_year")
    born = series.births().query("@start_year <= year <= @end_year")
    nb.show(census_births.census_sentence(census, born, lang))
    if len(census) or len(born):
        nb.show(census_births.census_chart(census, born, lang))
    if len(census):
        nb.show(census_births.census_table(census, lang))
else:
    nb.show(ssdse_absent(lang))

# %%
if use_ssdse and ssdse.available():  # without SSDSE-A, the sentence above says so once
    table = ka.load("ssdse")
    change = period.population_change(table).query("@start_year <= year <= @end_year")
    alone = period.elderly_households(table).query("@start_year <= census_year <= @end_year")
    nb.show(population.heading(lang))
    if len(change):
        nb.show(population.change_sentence(change, lang), population.change_chart(change, lang), population.change_table(change, lang))
    if len(alone):
        nb.show(population.alone_sentence(alone, lang), population.alone_chart(alone, lang), population.alone_table(alone, lang))
    nb.show(population.welfare_link(period.fiscal_series(table), lang))
