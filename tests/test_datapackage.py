"""datapackage.json and data_dictionary.csv: derived from the table descriptions, valid Frictionless."""

from __future__ import annotations

import codecs
import json
import shutil

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.plan.build import build
from kodaira_analysis.plan.datapackage import DATA_DICTIONARY, DATAPACKAGE
from kodaira_analysis.plan.tables import TABLES as PLAN_TABLES

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the [dev] extra (make venv)")


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("datapackage") / "processed"
    build(ka.paths.RAW_DIR, folder)
    return folder


def test_build_writes_a_valid_data_package(processed):
    report = frictionless.validate(processed / DATAPACKAGE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == json.loads((processed / "_build.json").read_text(encoding="utf-8"))["row_counts"]


def test_descriptor_comes_from_the_table_descriptions(processed):
    descriptor = json.loads((processed / DATAPACKAGE).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(PLAN_TABLES)
    for name, table in PLAN_TABLES.items():
        schema = resources[name]["schema"]
        header = (processed / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert [f["name"] for f in schema["fields"]] == header, "field names are the CSV's own headers"
        assert [f["column"] for f in schema["fields"]] == table.column_names
        assert schema["primaryKey"] == [header[table.column_names.index(c)] for c in table.primary_key]
        assert table.source_section in resources[name]["sources"][0]["title"]
        assert resources[name]["licenses"]
    amount = next(f for f in resources["fiscal_effects"]["schema"]["fields"] if f["column"] == "amount_million_yen")
    assert (amount["type"], amount["unit"]) == ("number", "million_yen")
    assert "Kodaira" in descriptor["licenses"][0]["title"]


def test_a_broken_copy_fails_validation(processed, tmp_path):
    broken = tmp_path / "processed"
    shutil.copytree(processed, broken)
    csv = broken / "fiscal_effects.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    csv.write_text("\n".join(f"{line},extra" for line in lines) + "\n", encoding="utf-8-sig")
    report = frictionless.validate(broken / DATAPACKAGE)
    assert not report.valid
    assert "extra-label" in {error.type for task in report.tasks for error in task.errors}


def test_data_dictionary_csv_is_describe_tables_for_the_tables_in_the_folder(processed):
    raw = (processed / DATA_DICTIONARY).read_bytes()
    assert raw.startswith(codecs.BOM_UTF8), "Excel needs the BOM"
    written = pd.read_csv(processed / DATA_DICTIONARY, encoding="utf-8-sig", keep_default_na=False)
    expected = ka.describe_tables().query("table in @PLAN_TABLES")
    assert list(written.columns) == list(expected.columns)
    assert written[["table", "column"]].values.tolist() == expected[["table", "column"]].values.tolist()
