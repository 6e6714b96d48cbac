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
# # R と Stata にデータを渡す / Hand the data to R and Stata
#
# `ka.export_data()`（`python -m kodaira_analysis.dist`、チェックアウトでは `make dist-data`）は、版番号つきの
# zip を書きます：見出しが列の機械名の CSV（UTF-8、BOM なし、空欄は欠損）、Parquet、datapackage.json、
# データ辞書、出典と利用条件。
#
# `ka.export_data()` (`python -m kodaira_analysis.dist`; `make dist-data` in a checkout) writes a versioned zip:
# CSVs with machine-name headers (UTF-8 without BOM, a blank cell is missing), Parquet, datapackage.json, the data
# dictionary, and the sources' credits and terms.

# %%
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

import kodaira_analysis as ka

workspace = tempfile.TemporaryDirectory()  # removed at the end of the tutorial
out = Path(workspace.name)
archive = ka.export_data(out)
with zipfile.ZipFile(archive) as zipped:
    names = zipped.namelist()
    zipped.extractall(out)
folder = out / archive.stem
[name.split("/", 1)[1] for name in names]

# %%
print((folder / "csv" / "fiscal_effects.csv").read_text(encoding="utf-8")[:400])

# %% [markdown]
# ## R (readr)
#
# ```r
# library(readr)
# fiscal_effects <- read_csv("csv/fiscal_effects.csv")
# # 2015年度は NA：合計も NA のまま / FY2015 is NA, and so is its total
# aggregate(amount_million_yen ~ fiscal_year, fiscal_effects, sum, na.action = na.pass)
# ```
#
# ## Stata
#
# ```stata
# import delimited "csv/fiscal_effects.csv", varnames(1) encoding("utf-8") clear
# generate byte row = 1
# collapse (sum) amount_million_yen (count) n = amount_million_yen (sum) rows = row, by(fiscal_year)
# // collapse の合計は欠損を 0 とみなすため、欠損を含む年の合計を欠損に戻す（R の NA と同じ）
# // collapse sums a missing value as 0: a total with a missing part is set back to missing, as R's NA
# replace amount_million_yen = . if n < rows
# ```
#
# 各列の型・単位・意味は `datapackage.json` と `data_dictionary.csv` に。SSDSE-A は再配布の条件を本プロジェクトが
# 確認していないため含まれません（アーカイブの README.md）。
# Each column's type, unit and meaning are in `datapackage.json` and `data_dictionary.csv`. SSDSE-A is not included
# (the project has not recorded terms that allow redistributing it; see the archive's README.md).
#
# ## pandas の表をそのまま / A frame of your own
#
# 比較の表（`peer_trends()` など）にリスト列はありません。そのまま Stata や CSV に書けます。
# The peer frames hold no list column: they go straight to Stata or CSV.

# %%
if ka.ssdse.available():
    trends = ka.peers.peer_trends("tama26", "13211", 2024)
    trends.to_stata(out / "peer_trends.dta", write_index=False, version=118)
    trends.to_csv(out / "peer_trends.csv", index=False)
    written = sorted(p.name for p in out.glob("peer_trends.*"))
else:
    written = "SSDSE-A のファイルがありません / no SSDSE-A files"
written

# %% [markdown]
# ## 判定のない目標は欠損のまま / A target no one judged stays missing
#
# `ka.assess_targets()` の `met`（達成）は pandas の nullable boolean です。`status` が `not_judged` の目標
# （プランが判定を記載せず、目標年度の実績が本プロジェクトの資料にないもの）は、達成とも未達成とも判定していないため、
# `met` は False ではなく欠損（`pd.NA`）です。アーカイブの CSV では空欄、Stata では欠損値（`.`）、R では `NA` になります。
# 未達成の目標を探すときは `met` ではなく `status == "not_met"` で絞り込んでください。
#
# `met` of `ka.assess_targets()` is pandas' nullable boolean. A target whose `status` is `not_judged` (the plan
# prints no verdict on it, and our sources hold no figure for its target year) was judged neither met nor missed,
# so its `met` is missing (`pd.NA`), not False: a blank cell in the archive's CSV, Stata's missing value (`.`),
# R's `NA`. To find the targets missed, filter on `status == "not_met"`, not on `met`.
#
# ```r
# targets <- read_csv("csv/target_assessment.csv")   # met: TRUE, FALSE or NA
# subset(targets, status == "not_met")
# ```
#
# ```stata
# import delimited "csv/target_assessment.csv", varnames(1) encoding("utf-8") clear
# // met は文字列 "true"・"false"・空欄として読まれる。数値にしても空欄は欠損（.）のまま
# // met is read as the text "true", "false" or blank; as a number, a blank stays missing (.)
# generate byte met_num = 1 if met == "true"
# replace met_num = 0 if met == "false"
# ```

# %%
from_csv = pd.read_csv(folder / "csv" / "target_assessment.csv", dtype={"met": "boolean"})  # a blank cell: <NA>
from_csv[["indicator", "status", "met"]]

# %%
assessment = ka.assess_targets(use_ssdse=False)
assessment.to_stata(out / "target_assessment.dta", write_index=False, version=118)
back = pd.read_stata(out / "target_assessment.dta")  # met: 1, 0, or missing (NaN): never 0 for a target not judged
back[["indicator", "status", "met"]]

# %%
workspace.cleanup()
