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
# ## 多摩26市の中の小平市：研究用の説明 / Among the Tama cities: notes for researchers
#
# **問い**　ある市町村（既定は小平市、13211）は、比較する団体（多摩26市、またはその都道府県のすべての市）の中で、職員数・歳入・財政指標・高齢化・出生の各指標でどの位置にあり、年ごとにどう動いたか。
#
# **データ**　SSDSE-A（統計センター、2018～2026年版）の市区町村データ。指標の定義は `analysis/peer_measures.csv`、望ましい方向とそれが誰の読み方かは `analysis/peer_directions.csv`、比較する団体は `analysis/peer_groups.csv` にあります。財政力指数とラスパイレス指数は総務省「全市町村の主要財政指標」（`load("mic_indicators")`）の値で、`peer_measures.csv` の `source` 列が mic の指標です。将来負担比率（負担がないと「－」）は多摩26市の中で別の表に示します。SSDSE-A がなければ、そのことだけを表示します。総務省のファイルがなければ、総務省の指標を除き、そのことを一度表示します。
#
# **方法**　指標ごとに、`year` 以前で SSDSE-A（総務省の指標は総務省のファイル）にある最新の年の値をとります（`peers.peer_measures`）。総務省の指標の年は決算の年度、ラスパイレス指数の年はその時点である4月1日の年で、ページでは「2021年4月1日現在」のように示します。その年までに値のない指標は除き、ページにその旨を書きます。住民1人当たり・1,000人当たりの指標は、その年以前で直近の国勢調査人口で割ります。順位は望ましい方向がある指標では1位が最も望ましく、方向のない指標では1位が最も小さい値です。年ごとの推移は `peers.peer_trends` で求めます（総務省の指標も SSDSE-A と同じ最初の年から）。
#
# **注意**　望ましい方向は総務省の「指標の説明」の読み方か本プロジェクトの読み方で、`peer_directions.csv` がどちらかを示します。職員数や歳入の多い・少ないは、それだけでは良し悪しを示しません。順位と中央値は本プロジェクトの計算です。比較する団体に属さない市町村は、順位をつけずに団体と並べて示します。
#
# **Question**　Where does a municipality (by default Kodaira, 13211) stand among its peers (the 26 Tama cities, or every city of its prefecture) on staffing, revenue, fiscal indicators, ageing and births, and how did it move from year to year?
#
# **Data**　SSDSE-A's municipal data (Statistics Center, editions 2018-2026). The measures are defined in `analysis/peer_measures.csv`, their favourable directions and whose reading each is in `analysis/peer_directions.csv`, the peer groups in `analysis/peer_groups.csv`. The fiscal capability index and the Laspeyres index are MIC's figures from its main fiscal indicators of all municipalities (`load("mic_indicators")`): the measures whose `source` is mic in `peer_measures.csv`. The future burden ratio (a dash where there is no net burden) is shown in a table of its own, among the 26 Tama cities. Without SSDSE-A the page only says so; without MIC's files, MIC's measures are left out and the page says so once.
#
# **Method**　Each measure takes the latest year SSDSE-A (for MIC's measures, MIC's files) holds at or before `year` (`peers.peer_measures`); MIC's years are fiscal years of settlement, the Laspeyres index's the year of the 1 April it is as of, which the pages write as '1 April 2021'; a measure with no figure by then is left out, and the page says so. Measures per resident or per 1,000 residents divide by the latest census at or before the year. Where a measure has a favourable direction, rank 1 is the most favourable; where it has none, rank 1 is the lowest value. The year-by-year series come from `peers.peer_trends` (MIC's measures from the same first year as SSDSE-A's).
#
# **Caveats**　Each favourable direction is the reading of MIC's notes on the indicators, or ours; `peer_directions.csv` says which. More or fewer staff, or more or less revenue, is neither good nor bad in itself. Ranks and medians are our calculations. A municipality outside the group is shown against it without a rank.

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
municipality_code: str = "13211"  # the municipality to place among its peers: five digits as text or a number (13211 is Kodaira); one outside the group is shown against it, without a rank
peer_group: str = "tama26"  # 'tama26' (the 26 Tama cities) or 'prefecture_cities' (every city of its prefecture)
measures: list = ["staff_per_1000", "laspeyres_index", "revenue_per_resident", "fiscal_capability_index", "current_balance_ratio", "real_debt_service_ratio", "aged_65_share", "aged_75_share", "births_per_1000"]  # measures compared, in order (fiscal_capability_index and laspeyres_index are MIC's)
year: int = 2024  # latest year used, 2015-2024 (the years SSDSE-A holds): each measure takes its latest figure at or before it; one with no figure by then is left out, and the page says so

# %%
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, peer_data, peers
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import era
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import mic_common, mic_peers
from kodaira_analysis.topics import peer_charts as charts
from kodaira_analysis.topics import peer_tables as tables
from kodaira_analysis.topics import peers as topic

nb.start("05-tama-peers", globals())
link_terms(lang)
era.once(lang)
present = bool(ssdse.available())
mic = mic_long_run.load_mic()
table = peers.peer_table(peers.ssdse_table(), mic[0] if mic is not None else False) if present else None
# Without MIC's files its measures are left out, and the page says so once (below the introduction).
compared = [m for m in measures if mic is not None or peer_data.source_of(m) != "mic"]
group = peers.describe_group(peer_group, municipality_code, table)
name = peers.municipality_names(municipality_code, table)

# %%
if present:
    trends = peers.peer_trends(peer_group, municipality_code, year, table)
    summary = peers.trend_summary(trends)
    all_measures = peers.peer_measures(peer_group, municipality_code, year, table)
    measured = peers.select_measures(all_measures, compared)
    missing = peers.measures_without_data(compared, year, table)
    shown = [m for m in compared if m not in missing]
nb.show(nb.markdown("# ") + topic.title(group, name, lang) + "\n\n" + (
    topic.intro(peer_group, group, name, lang) + "\n\n" + tables.year_sentence(year, missing, measured, lang)
    + (pick(lang, "", " ") + topic.mic_sentence(shown, lang))
    if present else ssdse_absent(lang)))
if mic is None:
    nb.show(mic_common.mic_absent(lang))

# %%
if present:
    nb.show(nb.markdown(pick(lang, "## 指標と望ましい方向", "## The measures and their favourable direction")), tables.readings_table(shown, lang), tables.method_note(shown, lang))

# %%
if present:
    nb.show(
        nb.markdown(pick(lang, "## 順位と中央値", "## Rank and median")) + "\n\n" + topic.favourable_sentence(measured, group, lang),
        tables.summary_table(measured, group, lang),
        charts.strip_chart(measured, group, lang, selected=shown),
    )

# %%
code = str(municipality_code).strip().zfill(5)
tama_codes = mic_long_run.tama_codes()
burden_table = 0  # 1 where the future burden ratio's table is shown: Table 3, the tables after it one further on
if mic is not None:
    nb.show(nb.markdown(pick(lang, "## 将来負担比率（総務省）", "## The future burden ratio (MIC)")))
    if code not in tama_codes:
        nb.show(mic_peers.outside_tama(lang))
    else:
        five_indicators = mic_long_run.long_run(*mic, municipality_code=code)
        others_above = present and {"fiscal_capability_index", "laspeyres_index", "current_balance_ratio", "real_debt_service_ratio"} <= set(shown)
        burden_table = 1
        nb.show(
            mic_peers.sentence(five_indicators, lang, others_above=others_above),
            mic_peers.table(five_indicators, lang, name=name, number=3),
            mic_peers.years_sentence(five_indicators, lang, name),
        )

# %%
if present:
    nb.show(nb.markdown(pick(lang, "## 指標ごとの推移", "## Each measure over the years")), charts.trend_chart(trends, summary, group, lang, selected=shown))

# %%
if present:
    for i, measure in enumerate(shown):
        nb.show(
            nb.markdown("### ") + topic.label(measure, lang, unit=True),
            tables.trend_table(summary, measure, name, group, lang, number=3 + burden_table + 2 * i),
            tables.ranking_table(measured, measure, group, lang, number=4 + burden_table + 2 * i),
        )

# %%
nb.show(glossary_section(lang))
