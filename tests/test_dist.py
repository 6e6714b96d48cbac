"""The data archive for other tools: valid Frictionless, every CSV read back with its dtypes, no list columns."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import frictionless
import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis import dist
from kodaira_analysis.plan.tables import TABLES as PLAN_TABLES
from tests.conftest import require_shared_ssdse


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> tuple:
    out = tmp_path_factory.mktemp("dist")
    archive = ka.export_data(out, version="9.9.9")
    assert archive == out / "kodaira-analysis-data-9.9.9.zip"
    assert [p.name for p in out.iterdir()] == [archive.name], "it writes its archive and nothing else"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        zipped.extractall(out / "x")
    return out / "x" / "kodaira-analysis-data-9.9.9", names


def test_the_archive_holds_every_table_as_csv_and_parquet_with_dictionary_and_terms(unpacked):
    folder, names = unpacked
    tables = [*PLAN_TABLES, "target_assessment"]
    expected = {"README.md", "LICENSE.md", "datapackage.json", "data_dictionary.csv"}
    expected |= {f"csv/{t}.csv" for t in tables} | {f"parquet/{t}.parquet" for t in tables}
    assert {n.split("/", 1)[1] for n in names} == expected
    assert (folder / "LICENSE.md").read_text(encoding="utf-8") == (ka.paths.RAW_DIR / "LICENSE.md").read_text(
        encoding="utf-8"
    )
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "SSDSE-A" in readme and "not included" in readme and "read_csv" in readme and "import delimited" in readme


def test_the_readme_labels_the_assessment_as_computed_and_says_what_of_mic_is_left_out(unpacked):
    """make dist-data computes the assessment with use_ssdse=False: its row says so, and its rows are that call's."""
    folder, _ = unpacked
    readme = (folder / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `target_assessment` |")]
    assert "assess_targets(use_ssdse=False)" in row and "(kodaira_analysis.assess_targets())" not in row
    assert "プランの数値のみ" in row and "plan's own figures only" in row
    exported = pd.read_parquet(folder / "parquet" / "target_assessment.parquet")
    assert row.endswith(f"| {len(exported)} |")
    plan_only = ka.assess_targets(use_ssdse=False)
    assert exported["latest_value"].tolist() == plan_only["latest_value"].tolist()
    mic = readme.split("## Not included: MIC", 1)[1]
    for name in ("mic_indicators", "mic_averages", "mic_prefecture_averages", "mic_unmatched", "data/processed-mic/"):
        assert name in mic, name
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "target_assessment"]
    assert "use_ssdse=False" in json.dumps(resource, ensure_ascii=False)


def test_the_datapackage_is_valid(unpacked):
    folder, _ = unpacked
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "9.9.9"
    amount = next(
        f for r in descriptor["resources"] if r["name"] == "fiscal_effects" for f in r["schema"]["fields"]
        if f["name"] == "amount_million_yen"
    )  # fmt: skip
    assert (amount["type"], amount["unit"], amount["label_ja"]) == ("number", "million_yen", "財政効果額")


def test_a_broken_csv_fails_validation(unpacked, tmp_path):
    folder, _ = unpacked
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    csv = broken / "csv" / "fiscal_effects.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[0], "FY2011", 1)  # a year that is not an integer
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(broken / "datapackage.json")
    assert not report.valid
    assert "type-error" in {e.type for task in report.tasks for e in task.errors}


def test_every_csv_reads_back_with_plain_headers_and_its_dtypes(unpacked):
    """pandas reads each CSV, given the dtypes data_dictionary.csv lists, into the very frame load() returns."""
    folder, _ = unpacked
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    dictionary = pd.read_csv(folder / "data_dictionary.csv", keep_default_na=False)
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM: R, Stata and pandas read the first header as it is"
        header = raw.decode("utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(h.isascii() and h.isidentifier() for h in header), "plain machine names"
        described = dictionary[dictionary["table"] == resource["name"]].set_index("column")["dtype"]
        assert list(described.index) == header
        dates = [c for c, d in described.items() if d.startswith("datetime")]
        booleans = [c for c, d in described.items() if d == "bool"]
        others = {c: d for c, d in described.items() if c not in dates and c not in booleans}
        back = pd.read_csv(path, dtype=others, parse_dates=dates, keep_default_na=False, na_values=[""])
        for column in booleans:
            assert set(back[column].astype(str).str.lower()) <= {"true", "false"}, column
            back[column] = back[column].astype(str).str.lower().eq("true")
        original = pd.read_parquet(folder / "parquet" / f"{resource['name']}.parquet")
        for column in dates:  # the unit of a parsed date is the reader's (s or ns): the dates are compared
            back[column] = back[column].astype(original[column].dtype)
        assert {c: str(t) for c, t in back.dtypes.items()} == dict(described), resource["name"]
        pd.testing.assert_frame_equal(back, original, check_dtype=True, obj=resource["name"])


def test_every_exported_frame_has_no_list_or_object_cell(unpacked):
    folder, _ = unpacked
    for path in (folder / "parquet").glob("*.parquet"):
        frame = pd.read_parquet(path)
        assert not [c for c in frame.columns if frame[c].dtype == object], path.name


def test_the_peer_frames_can_be_handed_to_stata(tmp_path):
    """tied_with is text ('13202', '' when none), never a list; trend_summary's ranks are nullable integers."""
    require_shared_ssdse()
    trends = ka.peers.peer_trends("tama26", "13211", 2024)
    summary = ka.peers.trend_summary(trends)
    measures = ka.peers.peer_measures("tama26", "13211", 2024)
    for name, frame in {"trends": trends, "summary": summary, "measures": measures}.items():
        assert not [c for c in frame.columns if frame[c].dtype == object], name
        frame.to_stata(tmp_path / f"{name}.dta", write_index=False, version=118)
        text = frame.to_csv(index=False)
        assert "['" not in text and "[]" not in text, name
    assert set(measures["tied_with"].map(type)) == {str}


def test_the_command_writes_the_archive_and_says_where(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "kodaira_analysis.dist", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    path = tmp_path / f"{dist.archive_name(ka.__version__)}.zip"
    assert done.stdout.strip() == str(path) and zipfile.is_zipfile(path)


def test_the_same_data_gives_the_same_archive():
    assert dist.build_archive("1.0") == dist.build_archive("1.0")
