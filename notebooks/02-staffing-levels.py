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
start_fiscal_year: int = 2011  # first fiscal-year column shown, 2011-2015 (the count is taken on April 1 after it)
end_fiscal_year: int = 2015  # last fiscal-year column shown, 2011-2015
show_target: bool = True  # draw the 910-person target and its date

# %%
import kodaira_analysis as ka
from kodaira_analysis.present import alt_text, charts, views
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import narrative as nv
from kodaira_analysis.present.i18n import pick

nb.start("02-staffing-levels", globals())

# %%
staff = ka.load("indicators").query("indicator == 'staff_quota' and @start_fiscal_year <= fiscal_year <= @end_fiscal_year")
target = ka.load("targets").set_index("indicator").loc["staff_quota"]
nb.show_markdown(
    pick(lang, "# 職員定員の推移", "# Staffing levels")
    + "\n\n"
    + nv.staffing_sentence(staff, target, lang)
)

# %%
nb.show_figure(
    charts.staffing_chart(staff, target if show_target else None, lang),
    alt=alt_text.staffing(staff, target["target_value"], lang),
    caption=pick(lang, "図1 定員（各年4月1日現在）と前年からの増減", "Figure 1. Staff quota (on 1 April) and its yearly change"),
    source=nv.source_note("indicators", lang),
)
nb.show_table(views.staffing_table(staff, target["target_value"], lang), source=nv.source_note("indicators", lang))

# %%
nb.show_markdown(pick(lang, "## 目標を達成できなかった理由", "## Why the target was missed") + "\n\n" + nv.staffing_reasons(lang))
