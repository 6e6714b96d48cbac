"""Parameter grids in reports.yml: expansion, checks, and an incremental build of a small grid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kodaira_analysis import paths
from kodaira_analysis.reports.config import ConfigError, group_name, load_jobs
from tests.conftest import build_reports


def write(folder: Path, jobs: list[dict]) -> Path:
    (folder / "notebooks").mkdir(exist_ok=True)
    for name in ("02-staffing-levels", "05-tama-peers"):
        shutil.copy(paths.NOTEBOOKS_DIR / f"{name}.ipynb", folder / "notebooks")
    config = folder / "reports.yml"
    config.write_text(yaml.safe_dump({"jobs": jobs}, allow_unicode=True), encoding="utf-8")
    return config


def grid(**overrides) -> dict:
    entry = {
        "name": "staff-{lang}-{start_fiscal_year}",
        "notebook": "notebooks/02-staffing-levels.ipynb",
        "title": "Staff ({lang}, from FY{start_fiscal_year})",
        "parameters": {"show_target": True},
        "matrix": {"lang": ["ja", "en"], "start_fiscal_year": [2011, 2012]},
    }
    entry.update(overrides)
    return entry


def test_a_matrix_expands_into_one_checked_job_per_combination(tmp_path):
    jobs = load_jobs(write(tmp_path, [grid()]))
    assert [j.name for j in jobs] == ["staff-ja-2011", "staff-ja-2012", "staff-en-2011", "staff-en-2012"]
    assert jobs[3].title == "Staff (en, from FY2012)"
    assert jobs[3].parameters == {"show_target": True, "lang": "en", "start_fiscal_year": 2012}
    assert {j.group for j in jobs} == {"staff"}


def test_tama_grid_of_52(tmp_path):
    import pandas as pd

    codes = pd.read_csv(paths.PACKAGE_DIR / "analysis" / "peer_groups.csv", dtype=str).query("group == 'tama26'")
    entry = {
        "name": "05-peers-{municipality_code}-{lang}",
        "notebook": "notebooks/05-tama-peers.ipynb",
        "title": "Peers of {municipality_code} ({lang})",
        "requires": ["ssdse"],
        "matrix": {"municipality_code": list(codes["municipality_code"]), "lang": ["ja", "en"]},
    }
    jobs = load_jobs(write(tmp_path, [entry]))
    assert len(jobs) == 52 and len({j.name for j in jobs}) == 52
    assert jobs[0].name == "05-peers-13201-ja" and jobs[0].requires == ("ssdse",)


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"matrix": {"lang": []}}, "non-empty list"),
        ({"matrix": ["ja"]}, "matrix must map"),
        ({"name": "staff-{lang}"}, "must use every matrix key"),
        ({"matrix": {"lang": ["ja", "fr"], "start_fiscal_year": [2011]}}, "lang"),  # checked like any job
        ({"parameters": {"lang": "ja"}}, "both fixed and in the matrix"),
        ({"title": "{nope}"}, "cannot be filled"),
        ({"matrix": {"lang": ["ja", "ja"], "start_fiscal_year": [2011]}}, "twice"),
    ],
)
def test_bad_grids_are_refused_before_anything_runs(tmp_path, override, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load_jobs(write(tmp_path, [grid(**override)]))


def test_group_name():
    assert group_name("05-peers-{municipality_code}-{lang}") == "05-peers"
    assert group_name("{lang}-staff") == "staff"


@pytest.mark.notebooks
def test_grid_builds_incrementally_and_the_index_groups_it(tmp_path):
    entry = grid(matrix={"lang": ["ja", "en"], "start_fiscal_year": [2011]})
    config = write(tmp_path, [entry])
    out = tmp_path / "out"
    code, log = build_reports(out, config=config)
    assert code == 0, log
    assert (out / "staff-ja-2011.html").is_file() and (out / "staff-en-2011.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="group-staff"' in index and "staff-en-2011.html" in index
    # one combination more: only it is built, the others are up to date
    entry["matrix"]["start_fiscal_year"] = [2011, 2012]
    config.write_text(yaml.safe_dump({"jobs": [entry]}, allow_unicode=True), encoding="utf-8")
    code, log = build_reports(out, config=config)
    assert code == 0, log
    assert "building 2 report(s)" in log.err
    assert log.err.count(": up to date") == 2
