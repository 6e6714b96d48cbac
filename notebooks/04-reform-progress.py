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
as_percent: bool = False  # show each policy's items as shares (%) instead of counts
start_fiscal_year: int = 1996  # first fiscal year of the programme history shown, 1996-2020
end_fiscal_year: int = 2020  # last fiscal year of the programme history shown, 1996-2020

# %%
import kodaira_analysis as ka
from kodaira_analysis.present import alt_text, charts, views
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import narrative as nv
from kodaira_analysis.present.i18n import pick

nb.start("04-reform-progress", globals())

# %%
progress = ka.load("program_progress")
nb.show_markdown(pick(lang, "# 改革の進捗状況", "# Progress of the reforms") + "\n\n" + nv.progress_sentence(progress, lang))
nb.show_figure(
    charts.progress_chart(progress, lang, as_percent=as_percent),
    alt=alt_text.progress(progress, lang),
    caption=pick(
        lang,
        "図1 第２次改革推進プログラムの方針別の進捗（平成28年3月末現在）",
        "Figure 1. Progress of the 2nd reform programme by policy (end of March 2016)",
    ),
    source=nv.source_note("program_progress", lang),
)
nb.show_table(views.progress_table(progress, lang), source=nv.source_note("program_progress", lang))

# %%
history = ka.load("reform_history").query("end_fiscal_year >= @start_fiscal_year and start_fiscal_year <= @end_fiscal_year")
nb.show_markdown(pick(lang, "## 行財政改革の計画の推移", "## Reform programmes over time") + "\n\n" + nv.history_sentence(history, lang))
nb.show_figure(
    charts.reform_history_chart(history, lang),
    alt=alt_text.history(history, lang),
    caption=pick(lang, "図2 各計画の期間と項目数", "Figure 2. Period and number of items of each programme"),
    source=nv.source_note("reform_history", lang),
)
nb.show_table(views.history_table(history, lang), source=nv.source_note("reform_history", lang))

# %%
nb.show_markdown(pick(lang, "## 第３次行財政再構築プランの体系", "## Structure of the 3rd plan"))
nb.show_table(views.structure_table(ka.load("plan_structure"), lang), source=nv.source_note("plan_structure", lang))
