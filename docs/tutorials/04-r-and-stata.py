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

# %%
workspace.cleanup()
