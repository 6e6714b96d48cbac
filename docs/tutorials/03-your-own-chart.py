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
# # 自分の図をハウススタイルで / Your own chart in the house style
#
# `with ka.style():` の中で描いた図は、報告書と同じスタイル（seaborn の whitegrid、Okabe-Ito の配色、同梱の
# 日本語フォント IPAexGothic）になります。ブロックの外では、matplotlib と seaborn の設定は何も変わりません。
#
# A chart drawn inside `with ka.style():` takes the reports' style (seaborn's whitegrid, the Okabe-Ito palette,
# the bundled Japanese font IPAexGothic). Outside the block, nothing of matplotlib's or seaborn's settings changes.

# %%
import matplotlib
import matplotlib.pyplot as plt

import kodaira_analysis as ka

before = dict(matplotlib.rcParams)
totals = ka.sum_keep_missing(ka.load("fiscal_effects"), "fiscal_year", "amount_million_yen")

# %% [markdown]
# `ka.plot.new_figure` の図は、どこで表示・保存してもハウススタイルで描かれます。`ka.plot.render` は代替テキスト
# と出典を添え、フォントにない文字があれば止まります。
# A figure from `ka.plot.new_figure` draws in the house style wherever it is shown or saved; `ka.plot.render` adds
# alt text and a source, and stops if a character is missing from the font.

# %%
known = totals.dropna()
with ka.style():
    fig, ax = ka.plot.new_figure(width=6, height=3.4)
    ax.bar(known["fiscal_year"], known["amount_million_yen"], color=ka.plot.OKABE_ITO[0], label="財政効果額")
    ka.plot.format_fiscal_year_axis(ax, totals["fiscal_year"], "ja")
    ax.set_ylabel("百万円")
    ax.set_title("財政効果額の合計（2015年度は記載なし）")
    ax.legend()
ka.plot.render(
    fig,
    alt="2011年度から2014年度の財政効果額の合計の棒グラフ。2015年度は計画書に記載がない。",
    caption="財政効果額の合計 / Total fiscal effect",
    source="出典：小平市第３次行財政再構築プラン",
)

# %% [markdown]
# pyplot でも同じです。表示（`plt.show()`）もブロックの中で。 / With pyplot too; show it inside the block:

# %%
with ka.style():
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(known["fiscal_year"], known["amount_million_yen"], marker="o", label="合計 / total")
    ax.set_xlabel("年度")
    ax.set_ylabel("百万円")
    ax.legend()
    plt.show()

# %% [markdown]
# ブロックの後、設定は元のまま。 / After the block, every setting is as it was:

# %%
dict(matplotlib.rcParams) == before
