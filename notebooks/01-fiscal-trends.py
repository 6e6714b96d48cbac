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
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

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
from kodaira_analysis.analysis import series as ex
from kodaira_analysis.present import alt_text, charts, views
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import narrative as nv
from kodaira_analysis.present.i18n import PLAN_TITLE, pick

nb.start("01-fiscal-trends", globals())

# %%
nb.show_markdown(
    pick(lang, "# 財政の推移：財政効果と数値目標", "# Fiscal trends: the effect of the reforms and the numerical targets")
    + "\n\n"
    + pick(
        lang,
        f"{PLAN_TITLE['ja']}が示す第２次改革推進プログラムの財政効果と、6つの数値目標の達成状況をまとめます。",
        f"The fiscal effect of the 2nd reform programme and the six numerical targets, as reported in the {PLAN_TITLE['en']}.",
    )
)

# %%
fiscal_effects = ka.load("fiscal_effects").query("@start_fiscal_year <= fiscal_year <= @end_fiscal_year")
nb.show_markdown(pick(lang, "## 財政効果", "## Fiscal effect of the reforms"))
nb.show_markdown(nv.fiscal_effects_summary(fiscal_effects, lang))
nb.show_figure(
    charts.fiscal_effects_chart(fiscal_effects, lang, cumulative=show_cumulative),
    alt=alt_text.fiscal_effects(fiscal_effects, lang),
    caption=pick(lang, "図1 区分別の財政効果（百万円、決算）", "Figure 1. Fiscal effect by category (million yen, settled)"),
    source=nv.source_note("fiscal_effects", lang),
)
nb.show_table(views.fiscal_effects_table(fiscal_effects, lang), source=nv.source_note("fiscal_effects", lang))

# %%
assessment = ka.assess_targets(projection_method)
selected = assessment.set_index("indicator").loc[indicators].reset_index()
nb.show_markdown(pick(lang, "## 数値目標の達成状況", "## Numerical targets"))
nb.show_table(
    views.targets_table(selected, lang),
    caption=pick(lang, "表 数値目標の評価（一覧）", "Table: the targets at a glance"),
    source=nv.source_note("targets", lang),
)
nb.show_markdown(nv.method_sentence(projection_method, lang))

# %%
results = ka.load("indicators").query("@start_fiscal_year <= fiscal_year <= @end_fiscal_year")
nb.show_figure(
    charts.indicators_grid(results, ka.load("targets"), assessment, lang, selected=indicators, show_targets=show_targets),
    alt=alt_text.indicators(assessment, indicators, lang),
    caption=pick(lang, "図2 数値目標の指標と目標", "Figure 2. The target indicators against their targets"),
    source=nv.source_note("indicators", lang),
)
sentences = [nv.target_sentence(row, lang) for _, row in selected.iterrows()]
if "current_balance_ratio" in indicators:
    sentences.append(nv.band_sentence(selected.set_index("indicator").loc["current_balance_ratio"], (70.0, 80.0), lang))
nb.show_markdown("\n".join(f"- {s}" for s in sentences))

# %%
nb.show_markdown(pick(lang, "## プランの期間以降（統計センターのデータ）", "## After the plan (Statistics Center data)"))
if use_ssdse and ssdse.available():
    extended = ex.extended_indicators()
    ratio = extended.query("indicator == 'current_balance_ratio'")
    settled = ka.assess_targets(projection_method, indicators=extended).set_index("indicator").loc["current_balance_ratio"]
    nb.show_markdown(nv.extended_ratio_sentence(ratio, settled, lang))
    nb.show_figure(
        charts.extended_ratio_chart(ratio, ka.load("targets").set_index("indicator").loc["current_balance_ratio"], lang),
        alt=alt_text.extended_ratio(ratio, lang),
        caption=pick(lang, "図3 経常収支比率の推移（プランとSSDSE-A）", "Figure 3. Current balance ratio, plan and SSDSE-A"),
        source=nv.source_note("indicators", lang) + " / " + nv.SSDSE_SOURCE[lang],
    )
else:
    nb.show_markdown(nv.ssdse_absent(lang))
