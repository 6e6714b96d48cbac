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
municipality_code: str = "13211"  # the municipality to place among its peers: five digits as text or a number (13211 is Kodaira)
peer_group: str = "tama26"  # 'tama26' (the 26 Tama cities) or 'prefecture_cities' (every city of its prefecture)
measures: list = ["staff_per_1000", "revenue_per_resident", "current_balance_ratio", "real_debt_service_ratio", "aged_65_share", "aged_75_share", "births_per_1000"]  # measures compared, in order
year: int = 2022  # latest year used, 2015-2024 (the years SSDSE-A holds): each measure takes its latest figure at or before it

# %%
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import peers
from kodaira_analysis.present import display as nb
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import peers as topic

nb.start("05-tama-peers", globals())
present = bool(ssdse.available())

# %%
nb.show(pick(lang, "# 近隣市との比較", "# Among its peers") + "\n\n" + (
    pick(lang, "統計センターの市区町村データ（SSDSE-A）で、財政比較分析表と同じ考え方の人口当たりの指標と高齢化の状況を近隣市と比べます。",
         "Per-resident measures in the spirit of the official financial comparison sheets, and the ageing picture, compared across a peer group with the Statistics Center's SSDSE-A municipal data.")
    if present else ssdse_absent(lang)))

# %%
if present:
    measured = peers.select_measures(peers.peer_measures(peer_group, municipality_code, year), measures)
    nb.show(
        pick(lang, "## 順位と中央値", "## Rank and median") + "\n\n" + topic.peer_sentence(measured, lang),
        topic.summary_table(measured, lang),
    )

# %%
if present:
    nb.show(topic.strip_chart(measured, lang, selected=measures))

# %%
if present:
    nb.show(pick(lang, "## 指標ごとの順位", "## Ranking on the first measure"), topic.ranking_table(measured, measures[0], lang))
