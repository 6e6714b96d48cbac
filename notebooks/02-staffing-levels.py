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
# ## 職員定員の推移：研究用の説明 / Staffing levels: notes for researchers
#
# **問い**　第２次改革推進プログラムは、2015年度の職員定員を910人とする目標を掲げました（2016年4月1日現在の定員で判定します）。定員は目標に向かってどう動いたか。プランの期間（2017～2020年度）の前後に、一般行政部門の職員数はどう推移し、住民1,000人当たりの職員数は多摩26市の中でどの位置にあったか。給与水準（ラスパイレス指数）はどう推移したか。
#
# **データ**　計画書から転記した表 `indicators`（定員、2011～2015年度の各年度の翌4月1日現在）と `targets`（目標）。SSDSE-A（統計センター、2018～2026年版）の一般行政部門職員数（各年4月1日現在）と国勢調査人口。総務省「地方公共団体の主要財政指標一覧」のラスパイレス指数（各年4月1日現在）。SSDSE-A や総務省のファイルがなければ、その節は「ファイルがない」とだけ表示します。
#
# **方法**　定員は計画書の数値をそのまま示し、目標と比べます。住民1,000人当たりの職員数は、職員数をその年以前で直近の国勢調査人口で割ったもので、多摩26市の中央値・最小値・最大値と順位（1位が最も少ない）を求めます（`period_compare.staff_per_1000`）。
#
# **注意**　定員と一般行政部門職員数は数え方が違うため、一本の系列につなげません。計画書が挙げる未達成の理由は、計画書の記述であって本プロジェクトの判断ではありません。順位や中央値は本プロジェクトの計算です。
#
# **Question**　The 2nd Reform Programme set a target of 910 staff for the quota of FY2015 (judged on the quota as of 1 April 2016). How did the quota move towards it? Before and after the plan period (FY2017-FY2020), how did Kodaira's general-administration staff move, and where did its staff per 1,000 residents stand among the 26 Tama cities? How did its pay level (the Laspeyres index) move?
#
# **Data**　From the plan, the tables `indicators` (the staff quota as of the 1 April after each fiscal year, FY2011-FY2015) and `targets`. From SSDSE-A (Statistics Center, editions 2018-2026), general-administration staff (as of 1 April each year) and census populations. From MIC's main fiscal indicators of every municipality, the Laspeyres index (as of 1 April each year). Without the SSDSE-A or MIC files, their sections only say that the files are absent.
#
# **Method**　The quota is shown as the plan prints it and set against the target. Staff per 1,000 residents divides the staff count by the latest census at or before the year; the 26 Tama cities give its median, minimum, maximum and Kodaira's rank (1 = fewest) (`period_compare.staff_per_1000`).
#
# **Caveats**　The quota and general-administration staff are counted differently and are never joined into one series. The reasons for the missed target are the plan's, not ours. Ranks and medians are our calculations.

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
start_fiscal_year: int = 2011  # first fiscal-year column shown, 2011-2015 (the count is taken on April 1 after it)
end_fiscal_year: int = 2015  # last fiscal-year column shown, 2011-2015
show_target: bool = True  # draw the 910-person target and its date

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, period, period_compare
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import era
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import mic_common, mic_laspeyres, period_staffing, staffing

nb.start("02-staffing-levels", globals())
link_terms(lang)
era.once(lang)

# %%
indicators = ka.load("indicators")
staff = indicators.query("indicator == 'staff_quota' and @start_fiscal_year <= fiscal_year <= @end_fiscal_year")
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
    per_1000 = period_compare.staff_per_1000(table, staff_series)
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
    five_indicators = mic_long_run.long_run(indicators_mic, averages_mic)
    laspeyres = mic_long_run.laspeyres(indicators_mic)
    nb.show(
        mic_laspeyres.sentence(five_indicators, laspeyres, lang),
        mic_laspeyres.caveat(lang),
        mic_laspeyres.chart(five_indicators, laspeyres, lang, number=4),
        mic_laspeyres.table(five_indicators, laspeyres, lang),
    )
else:
    nb.show(mic_common.mic_absent(lang))

# %%
nb.show(glossary_section(lang))
