"""Every report's provenance names the data's sources and their terms."""

from __future__ import annotations

from kodaira_analysis.reports.render import provenance_rows

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
