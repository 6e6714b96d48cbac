# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 多摩26市・都道府県の市の中で / Among the Tama cities and the cities of a prefecture
#
# SSDSE-A から、人口千人当たり職員数・経常収支比率などの指標で、ある市を比較の群（多摩26市、または同じ
# 都道府県のすべての市）の中に置きます。順位の 1 は、望ましい方向のある指標では最も良い市、方向を定めない指標
# （`favourable` が none）では値が最も小さい市です（方向は本プロジェクトの読み）。
#
# From SSDSE-A, place a city among a peer group (the 26 Tama cities, or every city of its prefecture) on measures
# such as staff per 1,000 residents or the current balance ratio. Rank 1 is the most favourable city where a
# measure has a favourable direction, and the lowest value where it has none (`favourable` is none); the
# directions are the project's reading.

# %%
import kodaira_analysis as ka

present = bool(ka.ssdse.available())
present or "SSDSE-A のファイルがありません / no SSDSE-A files: python -m kodaira_analysis.ssdse.download"

# %% [markdown]
# ## 小平市と多摩26市 / Kodaira among the 26 Tama cities
#
# 各指標について、2024年までで最新の年の値。 / Each measure at its latest year up to 2024:

# %%
if present:
    measures = ka.peers.peer_measures("tama26", "13211", 2024)
    kodaira = measures[measures["is_subject"]]
    view = kodaira[["measure_en", "year", "value", "unit", "favourable", "rank", "of", "group_median", "tied_with"]]
else:
    view = None
view

# %% [markdown]
# `tied_with` は同順位の市のコードを `;` でつないだ文字列です（なければ空）。
# `tied_with` holds the codes sharing the rank, joined by `;` ("" when none).
#
# ## 年ごとの推移 / Year by year

# %%
if present:
    trends = ka.peers.peer_trends("tama26", "13211", 2024)
    summary = ka.peers.trend_summary(trends)
    view = summary[summary["measure"] == "staff_per_1000"][["year", "value", "rank", "of", "group_median"]]
view

# %% [markdown]
# ## 西東京市と東京都のすべての市 / Nishitokyo among every city of Tokyo
#
# 群 `prefecture_cities` は、その市と同じ都道府県のすべての市です。 / Group `prefecture_cities` is every city of
# the municipality's prefecture:

# %%
if present:
    group = ka.peers.describe_group("prefecture_cities", "13229", ka.load("ssdse"))
    print(group["ja"], "/", group["en"])
    nishitokyo = ka.peers.peer_measures("prefecture_cities", "13229", 2024)
    view = nishitokyo[nishitokyo["is_subject"]][["measure_en", "year", "value", "unit", "rank", "of"]]
view

# %% [markdown]
# ## 総務省の指標を全年度で：多摩の外の市 / MIC's indicators over every fiscal year: a city outside Tama
#
# `ka.mic_long_run.long_run` は、総務省「全市町村の主要財政指標」（2005～2021年度）の指標を、ある市とその比較の群について
# 年度ごとに並べます（市の値、群の中央値・最小・最大、低い方・高い方からの順位、全国平均）。群の既定は多摩26市なので、
# 多摩の外の市には `ka.peers.peer_codes("prefecture_cities", code)`（同じ都道府県の市）を渡します。ここでは鎌倉市
# （14204）と神奈川県の市です。総務省のファイルがなければ（`make external-data MIC_FROM=...`）、このセルは何もしません。
#
# `ka.mic_long_run.long_run` sets out MIC's main fiscal indicators (FY2005-FY2021) for a city and its comparison
# group, fiscal year by fiscal year: the city's figure, the group's median, lowest and highest, its place from the
# lowest and from the highest, and the national average. The group defaults to the 26 Tama cities, so a city outside
# Tama takes `ka.peers.peer_codes("prefecture_cities", code)`, the cities of its prefecture: here Kamakura (14204)
# among the cities of Kanagawa. Without MIC's files (`make external-data MIC_FROM=...`) this cell does nothing.

# %%
if ka.mic.available():
    kanagawa = ka.peers.peer_codes("prefecture_cities", "14204")
    kamakura = ka.mic_long_run.long_run(ka.load("mic_indicators"), ka.load("mic_averages"), "14204", kanagawa)
    view = kamakura[kamakura["indicator"] == "current_balance_ratio"]
    view = view[["fiscal_year", "value", "group_median", "rank_low", "group_n", "national_average"]]
else:
    view = None
view
