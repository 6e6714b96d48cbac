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
# # 表を読み、意味を知る / Load a table and understand it
#
# プランの表を `load()` で読み、各列の意味・型・単位・年の種類を `describe_tables()` で確かめます。
# 空欄は欠損（0 ではありません）で、合計してもそのままにします。
#
# Read a table of the plan with `load()`, and look up what each column means, its dtype, unit and kind of year
# with `describe_tables()`. A blank cell is missing, never 0, and stays missing when summed.

# %%
import kodaira_analysis as ka

sorted(ka.TABLES)

# %% [markdown]
# `load()` は表を DataFrame で返します。財政効果額（百万円）の表： / `load()` returns a DataFrame; the fiscal effects
# (million yen):

# %%
fiscal_effects = ka.load("fiscal_effects")
fiscal_effects.head(6)

# %% [markdown]
# 列の説明は `describe_tables()` に。`dtype` は `load()` が返す型そのものです。
# The columns are described by `describe_tables()`; `dtype` is the very dtype `load()` returns.

# %%
dictionary = ka.describe_tables()
columns = dictionary[dictionary["table"] == "fiscal_effects"]
columns[["column", "dtype", "unit", "year_kind", "label_ja", "label_en", "description"]]

# %%
table = ka.TABLES["fiscal_effects"]
print(table.title_ja, "/", table.title_en)
print("出典 / source:", table.source_section, "| 主キー / key:", table.primary_key)

# %% [markdown]
# ## 欠損を保って合計する / Sums that keep a missing figure missing
#
# プランは2015年度の財政効果を記載していません。pandas の `sum()` は欠損を飛ばし、その年を 0 にしてしまいます。
# The plan prints no fiscal effect for FY2015; pandas' `sum()` skips missing values and reads that year as 0:

# %%
fiscal_effects.groupby("fiscal_year")["amount_million_yen"].sum()

# %% [markdown]
# `ka.sum_keep_missing` は、部分に欠損があれば合計も欠損にします。
# `ka.sum_keep_missing` gives a missing total wherever a part is missing:

# %%
totals = ka.sum_keep_missing(fiscal_effects, "fiscal_year", "amount_million_yen")
totals

# %% [markdown]
# ## SSDSE-A：単位と年の種類 / SSDSE-A: units and kinds of year
#
# SSDSE-A の表 `ssdse` は、行ごとに単位（`unit`）、年の種類（`year_kind`：国勢調査の10月1日、年度の決算、
# 5月1日の調査など）、英語名とその出典（`indicator_en_source`：本プロジェクトの訳）を持ちます。
# Table `ssdse` carries on every row its unit, its kind of year (`year_kind`: a census on 1 October, a fiscal
# year's settlement, a 1 May survey...) and an English name marked as the project's translation.

# %%
present = bool(ka.ssdse.available())
if present:
    ssdse = ka.load("ssdse")
    kodaira = ssdse[(ssdse["municipality_code"] == "13211") & ssdse["indicator_code"].isin(["A1101", "D2203", "D1202"])]
    shown = kodaira[["indicator_code", "indicator", "indicator_en", "year", "year_kind", "value", "unit"]]
else:
    shown = "SSDSE-A のファイルがありません / no SSDSE-A files: python -m kodaira_analysis.ssdse.download"
shown
