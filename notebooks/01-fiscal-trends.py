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
# ## 財政の推移：研究用の説明 / Fiscal trends: notes for researchers
#
# **問い**　第２次改革推進プログラム（2011～2015年度）の行財政改革は、決算でどれだけの財政効果を生んだか。プランが抜粋する6つの数値目標（2015年度目標）は達成されたか。プランの期間（2017～2020年度）とその前後、小平市の財政指標と住民1人当たりの額はどう動き、多摩26市の中央値と比べてどうか。
#
# **データ**　計画書から転記した表 `fiscal_effects`（財政効果、2011～2015年度の決算）、`indicators`（6指標の実績）、`targets`（目標）。SSDSE-A（統計センター、2018～2026年版）の決算と国勢調査人口。総務省「地方公共団体の主要財政指標一覧」の主要5指標（2005～2021年度）。SSDSE-A や総務省のファイルがなければ、その節は「ファイルがない」とだけ表示します。
#
# **方法**　財政効果は計画書の数値をそのまま年度ごとに示し、累計も示します。目標の判定は `ka.assess_targets` で行います。目標年度の実績がある指標はその実績で判定します。目標年度の実績が本プロジェクトの資料にない指標は、最新の実績から選んだ方法（`projection_method`：最小二乗の直線、または直近の年間変化の繰り返し）で目標年度までの見通しを推計しますが、目標年度の決算を市がすでに公表している場合は見通しで判定せず、見通しは推計の幅とともに見通しとして示すだけです。住民1人当たりの額は、決算額をその年度以前で直近の国勢調査人口で割り、多摩26市の中央値（`period_compare.tama_medians`）と比べます。
#
# **注意**　2015年度の財政効果は計画書で空欄（理由の記載なし）で、0ではなく欠測として扱います。見通しは本プロジェクトの推計で、市の判断ではありません。定員の目標は上限、基金の目標は下限として扱います（計画書に明記のない比較の向きは `targets` の `comparator_source` が示します）。中央値や順位は本プロジェクトの計算です。
#
# **Question**　What fiscal effect did the reforms of the 2nd Reform Programme (FY2011-FY2015) yield in the settled accounts? Were the six numerical targets for FY2015 that the plan excerpts met? Over the plan period (FY2017-FY2020) and the years around it, how did Kodaira's fiscal indicators and its money per resident move, and how do they compare with the median of the 26 Tama cities?
#
# **Data**　From the plan, the tables `fiscal_effects` (the fiscal effect, settled, FY2011-FY2015), `indicators` (the six indicators' results) and `targets`. From SSDSE-A (Statistics Center, editions 2018-2026), settlements and census populations. From MIC's main fiscal indicators of every municipality, its five main indicators (FY2005-FY2021). Without the SSDSE-A or MIC files, their sections only say that the files are absent.
#
# **Method**　The fiscal effect is shown as the plan prints it, year by year and cumulatively. The targets are assessed with `ka.assess_targets`. An indicator with a result for the target year is judged on that result. For one without, a projection to the target year is made from its latest results by the chosen method (`projection_method`: a least-squares line, or the last yearly change repeated); where the city has already published the target year's settlement, the projection gives no verdict and is shown only as a projection, with its range. Money per resident divides each settlement by the latest census at or before the fiscal year, and is set against the median of the 26 Tama cities (`period_compare.tama_medians`).
#
# **Caveats**　The plan leaves the FY2015 fiscal effect blank and gives no reason; it is missing here, never 0. Projections are ours, not the city's. A staff-quota target is read as a ceiling and a fund-balance target as a floor (the `comparator_source` column of `targets` says where the plan does not print the direction). Medians and ranks are our calculations.

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
start_fiscal_year: int = 2011  # first fiscal year shown, 2011-2015
end_fiscal_year: int = 2015  # last fiscal year shown, 2011-2015
show_cumulative: bool = True  # draw the cumulative fiscal effect beside the yearly one
indicators: list = ["staff_quota", "current_balance_ratio", "fiscal_adjustment_fund", "public_facilities_fund", "debt_general_account", "debt_sewer"]  # target indicators to assess, in the order shown
show_targets: bool = True  # draw target lines, target-year markers and projections
projection_method: str = "linear"  # 'linear' (least squares) or 'last_change' (repeat the last yearly change)
use_ssdse: bool = True  # extend the current balance ratio past the plan with SSDSE-A when its files are present

# %%
import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import mic_long_run, period, period_compare, series
from kodaira_analysis.analysis.targets import default_indicators
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import era
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import ssdse_absent
from kodaira_analysis.topics import fiscal, mic_common, period_fiscal, period_resident, still_missing, targets
from kodaira_analysis.topics import mic_long_run as long_run

nb.start("01-fiscal-trends", globals())
link_terms(lang)
era.once(lang)

# %%
nb.show(fiscal.introduction(len(indicators), lang, projection_method=projection_method))

# %%
fiscal_effects = ka.load("fiscal_effects").query("@start_fiscal_year <= fiscal_year <= @end_fiscal_year")
nb.show(
    nb.markdown(pick(lang, "## 財政効果", "## Fiscal effect of the reforms")),
    fiscal.effects_summary(fiscal_effects, lang),
    fiscal.effects_chart(fiscal_effects, lang, cumulative=show_cumulative),
    fiscal.effects_table(fiscal_effects, lang, cumulative=show_cumulative),
)

# %%
target_values = ka.load("targets")
assessment = ka.assess_targets(projection_method, use_ssdse=use_ssdse and bool(ssdse.available()))
selected = assessment.set_index("indicator").loc[indicators].reset_index()
nb.show(
    nb.markdown(pick(lang, "## 第２次改革推進プログラムの数値目標（2015年度目標）の達成状況", "## The 2nd Reform Programme's targets for FY2015")),
    targets.targets_table(selected, lang),
    targets.method_sentence(projection_method, lang, assessment),
)

# %%
results = default_indicators(use_ssdse and bool(ssdse.available())).query(
    "@start_fiscal_year <= fiscal_year <= @end_fiscal_year"
)
nb.show(
    targets.targets_chart(results, target_values, assessment, lang, selected=indicators, show_targets=show_targets),
    targets.results_table(results, indicators, lang),
    targets.target_sentences(selected, lang),
)

# %%
nb.show(nb.markdown(pick(lang, "## プラン策定後の公的統計（統計センター）", "## Later official statistics (Statistics Center)")))
if use_ssdse and ssdse.available():
    extended = series.extended_indicators()
    ratio = extended.query("indicator == 'current_balance_ratio'")
    settled = ka.assess_targets(projection_method, indicators=extended).set_index("indicator").loc["current_balance_ratio"]
    ratio_target = target_values.set_index("indicator").loc["current_balance_ratio"]
    nb.show(
        fiscal.ratio_sentence(ratio, settled, lang),
        fiscal.ratio_chart(ratio, ratio_target, lang),
        fiscal.ratio_table(ratio, lang),
    )
else:
    nb.show(ssdse_absent(lang))

# %%
if use_ssdse and ssdse.available():  # without SSDSE-A, the sentence above says so once
    table = ka.load("ssdse")
    plan_period = period.fiscal_series(table)
    medians = period_compare.tama_medians(table, plan_period)
    nb.show(
        period_fiscal.heading(lang),
        period_fiscal.intro(plan_period, lang),
        period_fiscal.ratios_sentence(plan_period, lang),
        period_fiscal.ratios_chart(plan_period, lang),
        period_fiscal.ratios_table(plan_period, lang),
        period_fiscal.jump_sentence(table, plan_period, lang),
        period_fiscal.taxes_sentence(plan_period, lang),
        period_fiscal.money_chart(plan_period, lang),
        period_fiscal.money_table(plan_period, lang),
        period_resident.welfare_sentence(plan_period, lang),
        period_resident.welfare_chart(plan_period, lang),
        period_resident.welfare_table(plan_period, lang),
        period_resident.per_resident_sentence(plan_period, medians, lang),
        period_resident.per_resident_chart(plan_period, medians, lang),
        period_resident.per_resident_table(plan_period, medians, lang),
    )

# %%
nb.show(nb.markdown(pick(lang, "## 長期の推移：総務省の主要5指標（2005～2021年度）", "## The long run: MIC's five main indicators, FY2005-FY2021")))
mic = mic_long_run.load_mic()
if mic is not None:
    indicators_mic, averages_mic = mic
    five_indicators = mic_long_run.long_run(indicators_mic, averages_mic)
    nb.show(
        long_run.intro(lang),
        long_run.definitions_table(lang),
        long_run.long_run_chart(five_indicators, lang, number=8),
        long_run.period_sentences(five_indicators, lang),
        long_run.long_run_table(five_indicators, lang),
    )
else:
    nb.show(mic_common.mic_absent(lang))

# %%
nb.show(
    nb.markdown(pick(lang, "## 本プロジェクトの資料にない数値", "## What the project's sources lack")),
    still_missing.missing_sentence(lang),
    still_missing.missing_table(lang),
)

# %%
nb.show(glossary_section(lang))
