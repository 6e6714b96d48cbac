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
municipality_code: str = "13211"  # the municipality to place among its peers: five digits as text or a number (13211 is Kodaira); one outside the group is shown against it, without a rank
peer_group: str = "tama26"  # 'tama26' (the 26 Tama cities) or 'prefecture_cities' (every city of its prefecture)
measures: list = ["staff_per_1000", "revenue_per_resident", "current_balance_ratio", "real_debt_service_ratio", "aged_65_share", "aged_75_share", "births_per_1000"]  # measures compared, in order
year: int = 2024  # latest year used, 2015-2024 (the years SSDSE-A holds): each measure takes its latest figure at or before it; one with no figure by then is left out, and the page says so

# %%
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, peers
from kodaira_analysis.present import display as nb
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import mic_common, mic_peers
from kodaira_analysis.topics import peer_charts as charts
from kodaira_analysis.topics import peer_tables as tables
from kodaira_analysis.topics import peers as topic

nb.start("05-tama-peers", globals())
present = bool(ssdse.available())
table = peers.ssdse_table() if present else None
group = peers.describe_group(peer_group, municipality_code, table)
name = peers.municipality_names(municipality_code, table)

# %%
if present:
    trends = peers.peer_trends(peer_group, municipality_code, year, table)
    summary = peers.trend_summary(trends)
    measured = peers.select_measures(peers.peer_measures(peer_group, municipality_code, year, table), measures)
    missing = peers.measures_without_data(measures, year, table)
    shown = [m for m in measures if m not in missing]
nb.show(nb.markdown("# ") + topic.title(group, name, lang) + "\n\n" + (
    topic.intro(peer_group, group, name, lang) + "\n\n" + topic.year_sentence(year, missing, lang)
    if present else ssdse_absent(lang)))

# %%
if present:
    nb.show(nb.markdown(pick(lang, "## 指標と望ましい方向", "## The measures and their favourable direction")), tables.readings_table(shown, lang))

# %%
if present:
    nb.show(
        nb.markdown(pick(lang, "## 順位と中央値", "## Rank and median")) + "\n\n" + topic.favourable_sentence(measured, group, lang),
        tables.summary_table(measured, group, lang),
        charts.strip_chart(measured, group, lang, selected=shown),
    )

# %%
nb.show(nb.markdown(pick(lang, "## 総務省の主要5指標", "## MIC's five main indicators")))
mic = mic_long_run.load_mic()
code = str(municipality_code).strip().zfill(5)
if mic is None:
    nb.show(mic_common.mic_absent(lang))
elif code not in mic_long_run.tama_codes():
    nb.show(mic_peers.outside_tama(lang))
else:
    lr = mic_long_run.long_run(*mic, municipality_code=code)
    nb.show(mic_peers.sentence(lr, lang), mic_peers.table(lr, lang))

# %%
if present:
    nb.show(nb.markdown(pick(lang, "## 指標ごとの推移", "## Each measure over the years")), charts.trend_chart(trends, summary, group, lang, selected=shown))

# %%
if present:
    for i, measure in enumerate(shown):
        nb.show(
            nb.markdown("### ") + topic.label(measure, lang, unit=True),
            tables.trend_table(summary, measure, name, group, lang, number=3 + 2 * i),
            tables.ranking_table(measured, measure, group, lang, number=4 + 2 * i),
        )
