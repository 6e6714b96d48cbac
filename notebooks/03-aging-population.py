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
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
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
from kodaira_analysis.analysis import series as ex
from kodaira_analysis.present import alt_text, charts
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import narrative as nv
from kodaira_analysis.present.i18n import pick

nb.start("03-aging-population", globals())

# %%
demographics = ka.load("demographics")
share = demographics.query("indicator == 'aged_65_plus_share' and @start_year <= as_of.dt.year <= @end_year")
nb.show_markdown(pick(lang, "# 高齢化と出生率", "# Ageing and fertility") + "\n\n" + nv.aging_sentence(share, lang))
nb.show_figure(
    charts.aged_share_chart(share, lang, extend_to_year=extend_to_year),
    alt=alt_text.aged_share(share, lang),
    caption=pick(
        lang,
        "図1 65歳以上人口の割合（各年1月1日現在）。2015年は下限値",
        "Figure 1. Share of residents aged 65 and over (1 January); the 2015 figure is a lower bound",
    ),
    source=nv.source_note("demographics", lang),
)

# %%
tfr = demographics.query("indicator == 'total_fertility_rate' and @start_year <= fiscal_year <= @end_year" + ("" if show_national else " and area == 'kodaira'"))
nb.show_markdown(pick(lang, "## 合計特殊出生率", "## Total fertility rate") + "\n\n" + (nv.fertility_sentence(tfr, lang) if show_national or tfr.empty else ""))
if not tfr.empty:
    nb.show_figure(
        charts.fertility_chart(tfr, lang),
        alt=alt_text.fertility(tfr, lang),
        caption=pick(lang, "図2 合計特殊出生率（2014（平成26）年度）", "Figure 2. Total fertility rate, FY2014"),
        source=nv.source_note("demographics", lang),
    )

# %%
nb.show_markdown(pick(lang, "## 財政への影響", "## What it means for the budget") + "\n\n" + nv.aging_budget_implications(lang))

# %%
nb.show_markdown(pick(lang, "## 国勢調査と出生数（統計センターのデータ）", "## Censuses and births (Statistics Center data)"))
if use_ssdse and ssdse.available():
    ageing = ex.census_ageing().query("@start_year <= census_year <= @end_year")
    born = ex.births().query("@start_year <= year <= @end_year")
    nb.show_markdown(nv.census_sentence(ageing, born, lang))
    if len(ageing) or len(born):
        nb.show_figure(
            charts.census_and_births_chart(ageing, born, lang),
            alt=alt_text.census_and_births(ageing, born, lang),
            caption=pick(lang, "図3 国勢調査による高齢者の割合と出生数", "Figure 3. Older residents at the censuses, and births"),
            source=nv.SSDSE_SOURCE[lang],
        )
else:
    nb.show_markdown(nv.ssdse_absent(lang))
