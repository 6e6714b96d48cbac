"""Every report's provenance names the data's sources and their terms (as its page shows them)."""

from __future__ import annotations

from pathlib import Path

from kodaira_analysis.page.provenance import TABLES_LOADED_MIMETYPE

JOB = {"name": "x", "notebook": "n/01-fiscal-trends.ipynb", "audience": "committee", "parameters": {"lang": "ja"}}
PROVENANCE = {"git_commit": "abc", "versions": {"python": "3.11"}, "raw_sha256": {"fiscal_effects.csv": "00"}}


def provenance_block(tmp_path: Path, job: dict, provenance: dict, tables: list[str] | None = None) -> str:
    """The provenance block of the page rendered from a notebook that read ``tables`` (None: it recorded none)."""
    import nbformat

    from kodaira_analysis.page.exporter import render_html

    cell = nbformat.v4.new_code_cell("x")
    if tables is not None:
        cell.outputs = [nbformat.v4.new_output("display_data", data={TABLES_LOADED_MIMETYPE: {"tables": tables}})]
    executed = tmp_path / "x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), executed)
    page = render_html(executed, {**job, "title": "T"}, provenance)
    return page[page.index('<details class="kodaira-provenance"') :]


def test_provenance_names_the_plan_and_its_terms(tmp_path):
    block = provenance_block(tmp_path, JOB, PROVENANCE)
    assert "<dt>データの出典と利用条件（計画）</dt><dd>小平市第３次行財政再構築プラン" in block
    assert '<dt class="kodaira-internal">SHA-256 data/raw/fiscal_effects.csv</dt>' in block, (
        "no table recorded: every file"
    )
    assert "SSDSE" not in block


def test_provenance_names_ssdse_when_its_files_were_present(tmp_path):
    english = {**JOB, "parameters": {"lang": "en"}}
    block = provenance_block(tmp_path, english, {**PROVENANCE, "external_sha256": {"SSDSE-A-2024.csv": "11"}})
    assert "<dt>Data source and terms (SSDSE-A)</dt><dd>National Statistics Center" in block
    assert "<dt>Data source and terms (plan)</dt><dd>" in block and "published by Kodaira City" in block


def test_provenance_names_mic_and_its_files_when_a_mic_table_was_read(tmp_path):
    provenance = {**PROVENANCE, "mic_sha256": {"city/R3.xlsx": "22"}, "external_sha256": {"SSDSE-A-2024.csv": "11"}}
    block = provenance_block(tmp_path, JOB, provenance, ["indicators", "mic_indicators"])
    assert "<dt>データの出典と利用条件（総務省）</dt><dd>出典：総務省『地方公共団体の主要財政指標一覧』" in block
    assert '<dt class="kodaira-internal">SHA-256 MIC city/R3.xlsx</dt><dd class="kodaira-internal">22</dd>' in block
    assert '読み込んだ表</dt><dd class="kodaira-internal">indicators, mic_indicators</dd>' in block
    assert "SSDSE" not in block, "no SSDSE-A table read"
    english = {**JOB, "parameters": {"lang": "en"}}
    block = provenance_block(tmp_path, english, provenance, ["indicators"])
    assert "MIC" not in block, "no MIC table read"
    assert "fiscal_effects.csv" not in block, "no plan table behind 'indicators' read from that file"


def test_a_notebook_outside_the_repository_is_said_to_be_so(tmp_path):
    block = provenance_block(tmp_path, JOB, PROVENANCE)
    assert (
        "<dt>Gitコミット</dt><dd>abc（ノートブック n/01-fiscal-trends.ipynb はリポジトリの notebooks/ の外にあり"
        in block
    )


def test_a_build_notices_when_mic_files_appear():
    from kodaira_analysis.reports.status import external_state
    from tests.conftest import require_shared_mic

    require_shared_mic()
    state = external_state()
    assert {f"MIC file city/{name}" for name in ("H17.xls", "R3.xlsx")} <= set(state)
    assert {f"MIC file prefecturemean/{name}" for name in ("H17.xls", "R3.xlsx")} <= set(state)


def test_provenance_names_the_citys_progress_pages_when_their_table_was_read(tmp_path):
    """04 transcribes figures from two of the city's pages, and its provenance once named only the plan: the pages,
    their addresses and dates (as the data gives them) are named when progress_reports was read, and only then."""
    import kodaira_analysis as ka

    pages = ka.load("progress_reports")[["source_url", "page_updated"]].drop_duplicates()
    assert len(pages) == 2
    provenance = {**PROVENANCE, "raw_sha256": {"progress_reports.csv": "33", "reform_history.csv": "44"}}
    for lang, label, date in (
        ("ja", "<dt>データの出典と利用条件（市のホームページ）</dt>", "{d.year}年{d.month}月{d.day}日"),
        ("en", "<dt>Data source and terms (city", "{d.day} {d:%B} {d.year}"),
    ):
        job = {**JOB, "parameters": {"lang": lang}}
        block = provenance_block(tmp_path, job, provenance, ["progress_reports", "reform_history"])
        row = block[block.index(label) :].split("</dd>")[0]
        for url, day in pages.itertuples(index=False):
            assert url in row and date.format(d=day) in row, (url, day, row)
        assert block.index("（計画）" if lang == "ja" else "(plan)") < block.index(label)
        block = provenance_block(tmp_path, job, provenance, ["reform_history"])
        assert label not in block and "kurashi" not in block
