"""Every report's provenance names the data's sources and their terms."""

from __future__ import annotations

from kodaira_analysis.reports.provenance import provenance_rows

JOB = {"name": "x", "notebook": "n/01-fiscal-trends.ipynb", "audience": "committee", "parameters": {"lang": "ja"}}
PROVENANCE = {"git_commit": "abc", "versions": {"python": "3.11"}, "raw_sha256": {"fiscal_effects.csv": "00"}}


def test_provenance_names_the_plan_and_its_terms():
    rows = dict(provenance_rows(JOB, PROVENANCE, "2026-01-01"))
    assert "小平市第３次行財政再構築プラン" in rows["データの出典と利用条件（計画）"]
    assert not any("SSDSE" in label for label in rows)


def test_provenance_names_ssdse_when_its_files_were_present():
    english = {**JOB, "parameters": {"lang": "en"}}
    rows = dict(provenance_rows(english, {**PROVENANCE, "external_sha256": {"SSDSE-A-2024.csv": "11"}}, "2026"))
    assert "National Statistics Center" in rows["Data source and terms (SSDSE-A)"]
    assert "Kodaira City" in rows["Data source and terms (plan)"]


def test_provenance_names_mic_and_its_files_when_a_mic_table_was_read():
    provenance = {**PROVENANCE, "mic_sha256": {"city/R3.xlsx": "22"}, "external_sha256": {"SSDSE-A-2024.csv": "11"}}
    rows = dict(provenance_rows(JOB, provenance, "2026", ["indicators", "mic_indicators"]))
    assert "総務省『地方公共団体の主要財政指標一覧』" in rows["データの出典と利用条件（総務省）"]
    assert rows["SHA-256 MIC city/R3.xlsx"] == "22"
    assert not any("SSDSE" in label for label in rows), "no SSDSE-A table read"
    english = {**JOB, "parameters": {"lang": "en"}}
    rows = dict(provenance_rows(english, provenance, "2026", ["indicators"]))
    assert not any("MIC" in label for label in rows), "no MIC table read"


def test_a_build_notices_when_mic_files_appear():
    from kodaira_analysis.reports.status import external_state
    from tests.conftest import require_shared_mic

    require_shared_mic()
    state = external_state()
    assert {f"MIC file city/{name}" for name in ("H17.xls", "R3.xlsx")} <= set(state)
    assert {f"MIC file prefecturemean/{name}" for name in ("H17.xls", "R3.xlsx")} <= set(state)
