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
as_percent: bool = False  # show each policy's items as shares (%) instead of counts
start_fiscal_year: int = 1996  # first fiscal year of the programme history shown, 1996-2020
end_fiscal_year: int = 2020  # last fiscal year of the programme history shown, 1996-2020

# %%
import kodaira_analysis as ka
from kodaira_analysis.present import display as nb
from kodaira_analysis.present import era
from kodaira_analysis.present.glossary import glossary_section, link_terms
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.topics import plan_history, plan_structure, progress_pages, reform_history
from kodaira_analysis.topics import progress as topic

nb.start("04-reform-progress", globals())
link_terms(lang)
era.once(lang)

# %%
progress = ka.load("program_progress")
nb.show(
    nb.markdown(pick(lang, "# 改革の進捗状況", "# Progress of the reforms")) + "\n\n" + topic.progress_sentence(progress, lang),
    topic.progress_chart(progress, lang, as_percent=as_percent),
    topic.progress_table(progress, lang),
)

# %%
pages = ka.load("progress_reports")
nb.show(
    nb.markdown(pick(lang, "## プランの策定後に市が公表した進捗状況", "## Progress the city published after the plan")),
    progress_pages.pages_sentences(pages, lang),
    progress_pages.pages_table(pages, lang),
)

# %%
history = ka.load("reform_history").query("end_fiscal_year >= @start_fiscal_year and start_fiscal_year <= @end_fiscal_year")
nb.show(
    nb.markdown(pick(lang, "## 行財政改革の計画の推移", "## Reform programmes over time")) + "\n\n" + reform_history.history_sentence(history, lang),
    reform_history.history_chart(history, lang),
    reform_history.history_table(history, lang),
)

# %%
facts = ka.load("plan_history").query("end_fiscal_year >= @start_fiscal_year and start_fiscal_year <= @end_fiscal_year")
nb.show(
    nb.markdown(pick(lang, "## プランが記す経過と背景", "## The plan's history and background, as it dates them"))
    + "\n\n"
    + plan_history.history_facts_sentence(facts, history, lang),
    plan_history.city_tax_sentence(facts, lang),
    plan_history.history_facts_table(facts, lang),
)

# %%
structure = ka.load("plan_structure")
nb.show(
    nb.markdown(pick(lang, "## 第３次行財政再構築プランの体系", "## Structure of the 3rd plan")),
    plan_structure.viewpoints_sentence(structure, lang),
    plan_structure.structure_table(structure, lang),
)

# %%
nb.show(glossary_section(lang))
