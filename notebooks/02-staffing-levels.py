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
start_fiscal_year: int = 2011  # first fiscal-year column shown, 2011-2015 (the count is taken on April 1 after it)
end_fiscal_year: int = 2015  # last fiscal-year column shown, 2011-2015
show_target: bool = True  # draw the 910-person target and its date

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, period
from kodaira_analysis.present import display as nb
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import mic_common, mic_laspeyres, period_staffing, staffing

nb.start("02-staffing-levels", globals())
link_terms(lang)

# %%
staff = ka.load("indicators").query("indicator == 'staff_quota' and @start_fiscal_year <= fiscal_year <= @end_fiscal_year")
target = ka.load("targets").set_index("indicator").loc["staff_quota"]
nb.show(nb.markdown(pick(lang, "# 職員定員の推移", "# Staffing levels")) + "\n\n" + staffing.quota_sentence(staff, target, lang))

# %%
nb.show(staffing.quota_chart(staff, target, lang, show_target=show_target), staffing.quota_table(staff, target, lang))

# %%
nb.show(nb.markdown(pick(lang, "## 目標を達成できなかった理由", "## Why the target was missed")) + "\n\n" + staffing.reasons(lang))

# %%
nb.show(period_staffing.heading(lang))
if ssdse.available():
    table = ka.load("ssdse")
    staff_series = period.staffing_series(table)
    per_1000 = period_staffing.per_1000_frame(table, staff_series)
    nb.show(
        period_staffing.gap_sentence(staff_series, lang),
        period_staffing.staff_chart(staff_series, lang),
        period_staffing.staff_table(staff_series, lang),
        period_staffing.per_1000_sentence(per_1000, lang),
        period_staffing.per_1000_chart(per_1000, lang),
        period_staffing.per_1000_table(per_1000, lang),
    )
else:
    nb.show(ssdse_absent(lang))

# %%
nb.show(nb.markdown(pick(lang, "## 給与水準：ラスパイレス指数（総務省）", "## Pay level: the Laspeyres index (MIC)")))
mic = mic_long_run.load_mic()
if mic is not None:
    indicators_mic, averages_mic = mic
    lr = mic_long_run.long_run(indicators_mic, averages_mic)
    laspeyres = mic_long_run.laspeyres(indicators_mic)
    nb.show(
        mic_laspeyres.sentence(lr, laspeyres, lang),
        mic_laspeyres.caveat(lang),
        mic_laspeyres.chart(lr, laspeyres, lang, number=4),
        mic_laspeyres.table(lr, laspeyres, lang),
    )
else:
    nb.show(mic_common.mic_absent(lang))

# %%
nb.show(glossary_section(lang))
