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
municipality_code: str = "13211"  # the municipality to place among its peers (five digits; 13211 is Kodaira)
peer_group: str = "tama26"  # 'tama26' (the 26 Tama cities) or 'prefecture_cities' (every city of its prefecture)
measures: list = ["staff_per_1000", "revenue_per_resident", "current_balance_ratio", "real_debt_service_ratio", "aged_65_share", "aged_75_share", "births_per_1000"]  # measures compared, in order
year: int = 2022  # latest year used: each measure takes its latest figure at or before it

# %%
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import peers
from kodaira_analysis.present import alt_text, charts, views
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import narrative as nv
from kodaira_analysis.present.i18n import pick

nb.start("05-tama-peers", globals())
present = bool(ssdse.available())

# %%
nb.show_markdown(pick(lang, "# 近隣市との比較", "# Among its peers") + "\n\n" + (
    pick(lang, "統計センターの市区町村データ（SSDSE-A）で、財政比較分析表と同じ考え方の人口当たりの指標と高齢化の状況を近隣市と比べます。",
         "Per-resident measures in the spirit of the official financial comparison sheets, and the ageing picture, compared across a peer group with the Statistics Center's SSDSE-A municipal data.")
    if present else nv.ssdse_absent(lang)))

# %%
if present:
    peers = peers.select_measures(peers.peer_measures(peer_group, municipality_code, year), measures)
    nb.show_markdown(pick(lang, "## 順位と中央値", "## Rank and median") + "\n\n" + nv.peer_sentence(peers, lang))
    nb.show_table(views.peer_summary_table(peers, lang), source=nv.SSDSE_SOURCE[lang])

# %%
if present:
    nb.show_figure(
        charts.peer_strip_chart(peers, lang, selected=measures),
        alt=alt_text.peers(peers, lang),
        caption=pick(lang, "図1 各指標の分布（◆が対象の市、点線が中央値）", "Figure 1. Each measure across the group (diamond: the subject; dotted: median)"),
        source=nv.SSDSE_SOURCE[lang],
    )

# %%
if present:
    nb.show_markdown(pick(lang, "## 指標ごとの順位", "## Ranking on the first measure"))
    nb.show_table(views.peer_ranking_table(peers, measures[0], lang), source=nv.SSDSE_SOURCE[lang])
