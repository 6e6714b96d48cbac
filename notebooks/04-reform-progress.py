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
# ## 改革の進捗：研究用の説明 / Progress of the reforms: notes for researchers
#
# **問い**　第２次改革推進プログラムの項目は、2016年3月末現在、方針ごとにどれだけ予定どおり進み、どれだけ遅れていたか。プランの策定後に市が公表した進捗はどうだったか。1996年度からの行財政改革の計画はどう続き、プランは自らの経過と背景をどう記し、第３次行財政再構築プランはどういう体系か。
#
# **データ**　計画書から転記した表 `program_progress`（第２次改革推進プログラムの方針別・進捗別の項目数、2016年3月31日現在）、`reform_history`（1996年度からの計画と項目数、フォローアップ）、`plan_history`（プランが記す経過と背景）、`plan_structure`（プランの体系）。市のホームページの2つの進捗ページから転記した表 `progress_reports`（第３次改革推進プログラムと第２次行財政再構築プランのフォローアップ）。どの表もリポジトリにあり、外部のファイルは使いません。
#
# **方法**　項目数は計画書と市のページの数値をそのまま示します。方針ごとの合計と遅れの割合は `reform_progress.items_by_policy`、市のページごとの進捗別の項目数は `reform_progress.reports_by_status` で数えます。`start_fiscal_year` と `end_fiscal_year` は、その期間に一部でも重なる計画と出来事だけを残します。`as_percent` は図を項目数の割合で描きます。
#
# **注意**　進捗の区分（前倒し・予定どおり・遅れ、市のページではS・A・B）は市自身の評価で、本プロジェクトの判断ではありません。方針ごとの合計、割合、計画の項目数の合計（353項目）は本プロジェクトの計算です。2017年の市のページは見出しと表題で異なる日付（2017年9月末と2016年度末）を示し、どちらが正しいかはページからは分かりません。本プロジェクトの資料には、これより後の進捗の報告はありません。
#
# **Question**　At the end of March 2016, how many items of the 2nd Reform Programme were on schedule, and how many behind, policy by policy? What progress did the city publish after the plan? How did the reform programmes run on from FY1996, how does the plan date its own history and background, and how is the 3rd Restructuring Plan structured?
#
# **Data**　From the plan, the tables `program_progress` (the 2nd Reform Programme's items by policy and status, as at 31 March 2016), `reform_history` (the programmes since FY1996, their items and follow-ups), `plan_history` (the history and background the plan gives) and `plan_structure` (the plan's structure). From the city's two progress pages, the table `progress_reports` (the 3rd Reform Programme and the follow-up of the 2nd Restructuring Plan). Every table is in the repository; no outside file is read.
#
# **Method**　The counts of items are shown as the plan and the city's pages print them. Each policy's total and share behind schedule are counted by `reform_progress.items_by_policy`, each progress page's items by status by `reform_progress.reports_by_status`. `start_fiscal_year` and `end_fiscal_year` keep only the programmes and events that overlap those years. `as_percent` draws the figure as shares of items.
#
# **Caveats**　The statuses (ahead, on schedule, behind; S, A and B on the city's pages) are the city's own assessment, not ours. Each policy's total, the shares and the programmes' total of items (353) are our calculations. The city's 2017 page gives two dates (the end of September 2017 in its heading, the end of FY2016 in its table's caption), and the page does not say which is right. The project's sources hold no later report of progress.

# %% tags=["parameters"]
lang: str = "ja"  # report language: 'ja' (Japanese) or 'en' (English)
as_percent: bool = False  # show each policy's items as shares (%) instead of counts
start_fiscal_year: int = 1996  # first fiscal year of the programme history shown, 1996-2020
end_fiscal_year: int = 2020  # last fiscal year of the programme history shown, 1996-2020

# %%
import kodaira_analysis as ka
from kodaira_analysis.analysis import reform_progress
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
program_progress = ka.load("program_progress")
by_policy = reform_progress.items_by_policy(program_progress)
nb.show(
    nb.markdown(pick(lang, "# 改革の進捗状況", "# Progress of the reforms")) + "\n\n" + topic.progress_sentence(program_progress, lang),
    topic.progress_chart(program_progress, lang, as_percent=as_percent),
    topic.progress_table(program_progress, lang),
)

# %%
pages = ka.load("progress_reports")
pages_by_status = reform_progress.reports_by_status(pages)
nb.show(
    nb.markdown(pick(lang, "## プランの策定後に市が公表した進捗状況", "## Progress the city published after the plan")),
    progress_pages.pages_sentences(pages, lang),
    progress_pages.pages_table(pages, lang, number=1),
)

# %%
history = ka.load("reform_history").query("end_fiscal_year >= @start_fiscal_year and start_fiscal_year <= @end_fiscal_year")
nb.show(
    nb.markdown(pick(lang, "## 行財政改革の計画の推移", "## Reform programmes over time")) + "\n\n" + reform_history.history_sentence(history, lang, pages),
    reform_history.history_chart(history, lang, pages),
    reform_history.history_table(history, lang, pages),
)

# %%
facts = ka.load("plan_history").query("end_fiscal_year >= @start_fiscal_year and start_fiscal_year <= @end_fiscal_year")
nb.show(
    nb.markdown(pick(lang, "## プランが記す経過と背景", "## The plan's history and background, as it dates them"))
    + "\n\n"
    + plan_history.history_facts_sentence(facts, history, lang),
    plan_history.city_tax_sentence(facts, lang),
    plan_history.history_facts_table(facts, lang, number=2),
)

# %%
structure = ka.load("plan_structure")
nb.show(
    nb.markdown(pick(lang, "## 第３次行財政再構築プランの体系", "## Structure of the 3rd plan")),
    plan_structure.viewpoints_sentence(structure, lang),
    plan_structure.structure_table(structure, lang, number=3),
)

# %%
nb.show(glossary_section(lang))
