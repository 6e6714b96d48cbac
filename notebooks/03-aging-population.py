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
# ## 高齢化と出生率：研究用の説明 / Ageing and fertility: notes for researchers
#
# **問い**　プランが示す小平市の高齢化率（65歳以上人口の割合）と合計特殊出生率はどうだったか。その後の国勢調査と出生数、人口の自然増減・社会増減、65歳以上の一人暮らし世帯はどう動いたか。
#
# **データ**　計画書から転記した表 `demographics`：高齢化率（小平市、2011年と2015年の1月1日現在）と合計特殊出生率（小平市と全国、2014年）。SSDSE-A（統計センター、2018～2026年版）の国勢調査（10月1日現在）の年齢別人口と世帯、出生数、死亡数、転入・転出者数。SSDSE-A のファイルがなければ、その節は「ファイルがない」とだけ表示します。
#
# **方法**　計画書の数値はそのまま示します。`extend_to_year` を2015年より後にすると、計画書の数値から計算した高齢化の最低限のペースをその年まで延ばして描きます。国勢調査の高齢化率は年齢不詳を除いた人口で割ります（`series.census_ageing`）。自然増減は出生数－死亡数、社会増減は転入者数－転出者数です（`period.population_change`）。
#
# **注意**　計画書は2015年の高齢化率を「22%を超え」としか書いておらず、これは下限であって正確な値ではありません。延長した線は本プロジェクトの推計で、市の見通しではありません。1月1日現在の住民の割合と10月1日現在の国勢調査の割合は定義が違うため、一本の系列につなげません。SSDSE-A は2020年版から転入・転出者数を「日本人移動者」と表記しています（2018年以降の数値）。
#
# **Question**　What were Kodaira's share of residents aged 65 and over, and its total fertility rate, as the plan gives them? How did the later censuses and births, the natural and social change of the population, and one-person households of people aged 65 and over move?
#
# **Data**　From the plan, the table `demographics`: the share aged 65 and over (Kodaira, as of 1 January 2011 and 2015) and the total fertility rate (Kodaira and Japan, 2014). From SSDSE-A (Statistics Center, editions 2018-2026), the census population by age and households (as of 1 October), births, deaths, and moves in and out. Without the SSDSE-A files, their sections only say that the files are absent.
#
# **Method**　The plan's figures are shown as printed. With `extend_to_year` after 2015, the minimum pace of ageing computed from the plan's figures is drawn on to that year. A census share divides by the population of known age (`series.census_ageing`). Natural change is births minus deaths, social change moves in minus moves out (`period.population_change`).
#
# **Caveats**　The plan says only that the 2015 share "exceeds 22%": a lower bound, never an exact figure. The extended line is our projection, not the city's. Shares of residents on 1 January and census shares on 1 October are defined differently and are never joined into one series. From its 2020 edition (figures for 2018 on) SSDSE-A labels moves in and out as those of Japanese movers (日本人移動者).

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
start_year: int = 2011  # first year shown, 2011-2015 (the plan's figures are for 2011, 2014 and 2015)
end_year: int = 2030  # last year shown at most, 2015-2030: each series runs to the latest year SSDSE-A holds up to it
extend_to_year: int = 2015  # draw the minimum pace of ageing up to this year (2015-2030; 2015 means no extension)
show_national: bool = True  # compare Kodaira's fertility rate with Japan's
use_ssdse: bool = True  # add the census shares and births from SSDSE-A when its files are present

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import period, series
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import era
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import ageing, census_births, population

nb.start("03-aging-population", globals())
link_terms(lang)
era.once(lang)

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
nb.show(nb.markdown(pick(lang, "## 国勢調査と出生数（プラン策定後の公的統計）", "## Censuses and births (later official statistics)")))
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
    plan_period = period.fiscal_series(table)
    nb.show(population.heading(lang))
    if len(change):
        nb.show(population.change_sentence(change, lang), population.change_chart(change, lang), population.change_table(change, lang))
    if len(alone):
        nb.show(population.alone_sentence(alone, lang), population.alone_chart(alone, lang), population.alone_table(alone, lang))
    nb.show(population.welfare_link(plan_period, lang))

# %%
nb.show(glossary_section(lang))
