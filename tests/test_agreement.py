"""Three sources agree: the plan's figures, MIC's and SSDSE-A's, where they overlap for Kodaira."""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from kodaira_analysis import paths
from kodaira_analysis.analysis import agreement
from tests.conftest import require_shared_mic, require_shared_ssdse

CB, RD = "current_balance_ratio", "real_debt_service_ratio"


def _figures(indicator: str, values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "fiscal_year": list(values), "value": list(values.values())})


def test_the_three_sources_agree_on_every_year_they_share():
    require_shared_mic()
    require_shared_ssdse()
    result = agreement.check_sources()
    assert result.skipped == {}
    table = result.table.set_index(["indicator", "fiscal_year"])
    assert (table["status"] == "agree").all(), agreement.report(result)
    assert len(table) == 16  # 経常収支比率 FY2011-FY2020, 実質公債費比率 FY2015-FY2020
    compared = table["compared"].to_dict()
    assert {compared[(CB, y)] for y in range(2011, 2015)} == {"plan+mic"}
    assert {compared[(CB, y)] for y in range(2015, 2021)} == {"mic+ssdse"}
    assert {compared[(RD, y)] for y in range(2015, 2021)} == {"mic+ssdse"}
    # the figures the issue names: the plan's table FY2011-FY2014 and SSDSE-A's D2203 FY2015-FY2020
    assert [table.loc[(CB, y), "mic"] for y in range(2011, 2021)] == [
        92.7,
        91.2,
        91.4,
        93.9,
        91.8,
        94.9,
        93.0,
        92.7,
        93.7,
        91.0,
    ]
    assert agreement.main([]) == 0


def test_a_disagreement_is_reported_with_the_three_values(monkeypatch, capsys):
    figures = {
        "plan": _figures(CB, {2011: 92.7, 2012: 91.2, 2013: 91.4, 2014: 93.9}),
        "mic": pd.concat(
            [
                _figures(CB, {y: 90.0 + y - 2011 for y in range(2011, 2021)}),
                _figures(RD, {y: 1.0 for y in range(2015, 2021)}),
            ]
        ),
        "ssdse": pd.concat(
            [
                _figures(CB, {y: 90.0 + y - 2011 for y in range(2015, 2021)}),
                _figures(RD, {y: 1.0 for y in range(2015, 2021)}),
            ]
        ),
    }
    figures["ssdse"].loc[figures["ssdse"]["fiscal_year"] == 2018, "value"] = 7.0
    result = agreement.Agreement(agreement.compare(figures))
    assert not result.ok
    wrong = result.disagreements.set_index(["indicator", "fiscal_year"])
    assert set(wrong.index) == {(CB, 2011), (CB, 2012), (CB, 2013), (CB, 2014), (CB, 2018), (RD, 2018)}
    assert (wrong.loc[(CB, 2011), "plan"], wrong.loc[(CB, 2011), "mic"]) == (92.7, 90.0)
    assert math.isnan(wrong.loc[(CB, 2011), "ssdse"])
    text = agreement.report(result)
    assert "DISAGREE current_balance_ratio FY2018: plan no figure, MIC 97.0, SSDSE-A 7.0" in text
    assert "DISAGREE current_balance_ratio FY2011: plan 92.7, MIC 90.0, SSDSE-A no figure" in text
    monkeypatch.setattr(agreement, "check_sources", lambda: result)
    assert agreement.main([]) == 1
    assert "DISAGREE" in capsys.readouterr().out


def test_figures_are_compared_at_the_published_precision():
    figures = {"mic": _figures(RD, {2015: 3.3000000000000003}), "ssdse": _figures(RD, {2015: 3.3})}
    table = agreement.compare(figures).set_index(["indicator", "fiscal_year"])
    assert table.loc[(RD, 2015), "status"] == "agree"


def test_absent_files_skip_the_comparison_and_say_why(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("KODAIRA_MIC_DIR", str(tmp_path / "no-mic"))
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path / "no-ssdse"))
    result = agreement.check_sources()
    assert set(result.skipped) == {"mic", "ssdse"}
    assert (result.table["status"] == "skipped").all()
    assert result.ok  # nothing disagrees; the report says that nothing was compared
    assert agreement.main([]) == 0
    out = capsys.readouterr().out
    assert "SKIPPED mic:" in out and "make external-data" in out and "SKIPPED ssdse:" in out
    assert "0 agree, 0 disagree, 16 skipped" in out


def test_a_year_a_present_source_should_cover_and_does_not_fails():
    figures = {"mic": _figures(RD, {y: 1.0 for y in range(2015, 2020)}), "ssdse": _figures(RD, {2015: 1.0})}
    result = agreement.Agreement(agreement.compare(figures))
    assert not result.ok
    assert "fewer_than_two_sources" in set(result.table["status"])
    assert "NOT COMPARED real_debt_service_ratio FY2020: only no source" in agreement.report(result)


def test_two_figures_for_one_year_in_one_source_stop_the_check():
    figures = {"mic": pd.concat([_figures(RD, {2015: 1.0}), _figures(RD, {2015: 1.1})])}
    with pytest.raises(agreement.KodairaError, match="2 figures"):
        agreement.compare(figures)


def test_make_data_runs_the_check(tmp_path):
    require_shared_mic()
    require_shared_ssdse()
    done = subprocess.run(
        [sys.executable, "-m", "kodaira_analysis.analysis.agreement"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "16 agree, 0 disagree, 0 skipped" in done.stdout
    recipe = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8").split("\ndata:", 1)[1].split("\n\n", 1)[0]
    assert "kodaira_analysis.plan.build" in recipe and "kodaira_analysis.analysis.agreement" in recipe
