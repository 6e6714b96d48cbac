"""MIC's tables as a Data Package (data/processed-mic): valid Frictionless, derived from the table descriptions."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kodaira_analysis.analysis import mic_package
from kodaira_analysis.mic.tables import MIC_TABLES
from kodaira_analysis.plan.datapackage import DATA_DICTIONARY, DATAPACKAGE
from tests.conftest import require_shared_mic

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the [dev] extra (make venv)")


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    shared = require_shared_mic()
    out = tmp_path_factory.mktemp("mic-package") / "processed-mic"
    assert mic_package.write_package(out, shared).endswith(
        "written (mic_indicators, mic_averages, mic_prefecture_averages, mic_unmatched)"
    )
    return out


def test_the_package_is_valid_and_describes_every_table(package):
    descriptor = json.loads((package / DATAPACKAGE).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(MIC_TABLES)
    for name, table in MIC_TABLES.items():
        schema = resources[name]["schema"]
        header = (package / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert [f["name"] for f in schema["fields"]] == header
        assert [f["column"] for f in schema["fields"]] == table.column_names
        assert "地方公共団体の主要財政指標一覧" in resources[name]["licenses"][0]["title"]
        assert "Kodaira City's plan" not in json.dumps(resources[name]["licenses"])
    # the small tables validate whole; the large one is validated on its first rows (frictionless is slow)
    small = {**descriptor, "resources": [resources[n] for n in MIC_TABLES if n != "mic_indicators"]}
    (package / "small.json").write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    report = frictionless.validate(package / "small.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    dictionary = pd.read_csv(package / DATA_DICTIONARY, encoding="utf-8-sig")
    assert set(dictionary["table"]) == set(MIC_TABLES)


def test_the_large_table_validates_on_a_sample_and_keeps_every_row(package):
    descriptor = json.loads((package / DATAPACKAGE).read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "mic_indicators")
    lines = (package / "mic_indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    kodaira = [line for line in lines[1:] if line.startswith("13211,")]
    (package / "sample.csv").write_text("\n".join([lines[0], *lines[1:2000], *kodaira]) + "\n", encoding="utf-8-sig")
    sample = {**descriptor, "resources": [{**resource, "path": "sample.csv"}]}
    (package / "sample.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    report = frictionless.validate(package / "sample.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    parquet = pd.read_parquet(package / "mic_indicators.parquet")
    assert len(lines) - 1 == len(parquet) and list(parquet.columns) == MIC_TABLES["mic_indicators"].column_names


def test_a_current_package_is_left_alone_and_a_stale_one_rewritten(package, capsys):
    shared = require_shared_mic()
    stamp = (package / "mic_indicators.csv").stat().st_mtime_ns
    assert mic_package.write_package(package, shared).endswith("up to date")
    assert (package / "mic_indicators.csv").stat().st_mtime_ns == stamp
    (package / "mic_unmatched.csv").unlink()
    assert "written" in mic_package.write_package(package, shared)


def test_without_mic_files_nothing_is_written_and_the_command_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KODAIRA_MIC_DIR", str(tmp_path / "none"))
    out = tmp_path / "out"
    assert mic_package.main(["--out", str(out)]) == 0
    assert "SKIPPED MIC's data package" in capsys.readouterr().out
    assert not out.exists()
