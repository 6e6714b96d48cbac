"""The SSDSE-A reader, the merge of editions, the extended series and the peer measures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.analysis import peer_data
from kodaira_analysis.analysis import peers as peer_module
from kodaira_analysis.analysis import series as ex
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.ssdse import cache as cache_module
from kodaira_analysis.ssdse.tables import SSDSE_TABLES
from tests.conftest import require_shared_ssdse, ssdse_column


@pytest.fixture(scope="module")
def shared() -> Path:
    return require_shared_ssdse()


@pytest.fixture(scope="module")
def table(shared) -> pd.DataFrame:
    return ssdse.load_ssdse(shared)


def test_every_edition_reads_as_published(shared):
    assert sorted(ssdse.available(shared)) == list(range(2018, 2027))
    for edition, path in ssdse.available(shared).items():
        long = ssdse.read_edition(path, edition)
        assert long["municipality_code"].nunique() == 1741, edition
        assert long["municipality_code"].str.fullmatch(r"\d{5}").all()
        assert (long["edition"] == edition).all()


def test_tidy_table_shape_and_key(table):
    assert list(table.columns) == SSDSE_TABLES["ssdse"].column_names
    assert not table.duplicated(["municipality_code", "indicator_code", "year"]).any()
    assert set(table["edition"]) == set(range(2018, 2027))
    tama = table[table["municipality_code"].isin(peer_data.peer_codes("tama26", "13211", table))]
    assert tama["municipality_code"].nunique() == 26


def value(table, code, indicator, year):
    rows = table[(table.municipality_code == code) & (table.indicator_code == indicator) & (table.year == year)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_kodaira_figures_as_published(table):
    assert value(table, "13211", "D2203", 2015)["value"] == 91.8  # SSDSE-A 2018
    assert value(table, "13211", "D2203", 2022)["value"] == 85.2  # SSDSE-A 2026
    assert value(table, "13211", "A1101", 2020)["value"] == 198739
    assert value(table, "13211", "A1303", 2015)["value"] == 42139
    revenue = value(table, "13211", "D3201", 2022)
    assert revenue["value"] == pytest.approx(89827.411) and revenue["unit"] == "million_yen"  # 89,827,411 thousand yen
    assert (
        value(table, "13211", "D1202", 2024)["indicator"] == "一般行政部門職員数(市区町村)"
    )  # NFKC of the published name


def test_overlapping_editions_newest_wins_and_agreement(table, shared):
    # D2203 for FY2019 is in both the 2022 and the 2023 editions
    assert value(table, "13211", "D2203", 2019)["edition"] == 2023
    assert value(table, "13211", "A1101", 2015)["edition"] == 2021  # the last edition with the 2015 census
    assert ka.load("ssdse_conflicts").empty, "the real editions agree wherever they overlap"


def test_merge_reports_disagreements_and_keeps_the_newest():
    stacked = pd.DataFrame(
        {
            "municipality_code": ["13211"] * 3 + ["13212"] * 2,
            "prefecture": ["東京都"] * 5,
            "municipality": ["小平市"] * 3 + ["日野市"] * 2,
            "indicator_code": ["D2203"] * 5,
            "indicator": ["経常収支比率"] * 5,
            "year": pd.array([2019, 2019, 2020, 2019, 2019], dtype="Int64"),
            "value": [93.7, 93.9, 91.0, 90.0, 90.0],
            "edition": [2022, 2023, 2024, 2022, 2023],
        }
    )
    tidy, conflicts = ssdse.merge_editions(stacked)
    kodaira = tidy[(tidy.municipality_code == "13211") & (tidy.year == 2019)]
    assert kodaira["value"].tolist() == [93.9] and kodaira["edition"].tolist() == [2023]
    assert conflicts[["municipality_code", "edition", "value"]].values.tolist() == [
        ["13211", 2022, 93.7],
        ["13211", 2023, 93.9],
    ]
    assert len(tidy) == 3


def copy_edition(shared: Path, tmp_path: Path, edition: int, change) -> Path:
    folder = tmp_path / "ssdse"
    folder.mkdir(exist_ok=True)
    text = (shared / f"SSDSE-A-{edition}.csv").read_bytes().decode("cp932")
    (folder / f"SSDSE-A-{edition}.csv").write_bytes(change(text).encode("cp932"))
    return folder


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (lambda t: t.replace("SSDSE-A-2024,", "SSDSE-A-2025,", 1), ["row 1", "column '1'", "SSDSE-A-2025"]),
        (
            lambda t: t.replace("R13211,東京都,小平市,198739", "R13211,東京都,小平市,abc", 1),
            ["row", "column 'A1101'", "'abc'", "not a number"],
        ),
        (lambda t: t.replace("R13211,", "13211,", 1), ["column 'SSDSE-A-2024'", "'13211'", "area code"]),
    ],
    ids=["layout", "non-number", "area code"],
)
def test_malformed_edition_is_refused_naming_the_cell(shared, tmp_path, monkeypatch, change, fragments):
    monkeypatch.setenv("KODAIRA_SSDSE_ALLOW_UNKNOWN", "1")  # past the SHA-256 check, to reach the layout checks
    folder = copy_edition(shared, tmp_path, 2024, change)
    with pytest.raises(RawDataError) as caught:
        ssdse.read_edition(folder / "SSDSE-A-2024.csv", 2024)
    for fragment in ["SSDSE-A-2024.csv", *fragments]:
        assert fragment in str(caught.value)


def test_missing_files_say_how_to_get_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path))
    with pytest.raises(ssdse.MissingExternalDataError, match="make external-data"):
        ka.load("ssdse")
    assert ssdse.available() == {}


def test_cache_is_reused_until_a_file_changes(shared, tmp_path, monkeypatch):
    # a private cache: the project's data/interim stays as the other tests (and other runs) expect it
    monkeypatch.setattr(ka.paths, "INTERIM_DIR", tmp_path / "interim")
    folder = tmp_path / "copy"
    folder.mkdir()
    for edition in ("SSDSE-A-2018.csv", "SSDSE-A-2019.csv"):  # two editions show it; nine cost a minute more
        shutil.copy(shared / edition, folder / edition)
    first = ssdse.load_ssdse(folder)
    (slot,) = (ka.paths.INTERIM_DIR / "ssdse").iterdir()
    written = (slot / "tidy.parquet").stat().st_mtime_ns
    again = ssdse.load_ssdse(folder)
    assert (slot / "tidy.parquet").stat().st_mtime_ns == written, "served from the cache"
    # DataFrame.equals is as strict (values, labels, dtypes) and takes a second here; assert_frame_equal
    # walks the arrow-backed categories one cell at a time (20 s)
    assert first.equals(again) and first.dtypes.equals(again.dtypes)
    (folder / "SSDSE-A-2018.csv").unlink()
    fewer = ssdse.load_ssdse(folder)
    slots = sorted((ka.paths.INTERIM_DIR / "ssdse").iterdir())
    assert len(slots) == 2 and slot in slots, "rebuilt into a folder of its own; the other folder is kept"
    assert 2018 not in set(fewer["edition"])


def test_a_process_reads_the_cached_table_once_and_never_shares_it(shared, table, monkeypatch):
    reads = []
    real = cache_module.read_regular_file  # the bounded read of the cached file, then Parquet from its bytes
    monkeypatch.setattr(cache_module, "read_regular_file", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    monkeypatch.setattr(cache_module, "_READ", {})
    first = ssdse.load_ssdse(shared)
    second = ssdse.load_ssdse(shared)
    assert len(reads) == 1 and first is not second
    second.loc[second.index[0], "value"] = -1.0  # a notebook changing its copy
    second["value"] = second["value"] * 2
    assert ssdse.load_ssdse(shared).equals(first) and first.equals(table), "no caller sees another's change"
    (tidy,) = set(reads)
    os.utime(tidy, ns=(tidy.stat().st_atime_ns, tidy.stat().st_mtime_ns + 1_000_000))  # rewritten meanwhile
    assert ssdse.load_ssdse(shared).equals(table) and len(reads) == 2, "a changed cache file is read again"


def test_cache_keeps_a_few_folders_and_removes_only_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(ka.paths, "INTERIM_DIR", tmp_path / "interim")
    root = tmp_path / "interim" / "ssdse"
    mine = [root / f"{i:024x}" for i in range(5)]
    for age, folder in enumerate(mine):
        folder.mkdir(parents=True)
        (folder / "tidy.parquet").write_bytes(b"x")
        if age == 1:
            (folder / "README.txt").write_text("a file the reader did not write")
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
    other = root / "notes"  # not a name this reader gives: never touched
    other.mkdir()
    (tmp_path / "interim" / "ssdse.parquet").write_bytes(b"old single-file cache")
    cache_module._prune_cache(keep=mine[0])
    left = sorted(p.name for p in root.iterdir())
    assert left == sorted([mine[0].name, mine[4].name, mine[3].name, mine[1].name, "notes"])
    assert [p.name for p in mine[1].iterdir()] == ["README.txt"], "its own file removed, the other kept"
    assert not (tmp_path / "interim" / "ssdse.parquet").exists()


def test_extended_series_keeps_the_source_of_every_point(table):
    series = ex.extended_indicators(table).query("indicator == 'current_balance_ratio'").set_index("fiscal_year")
    assert series.loc[2014, ["value", "source"]].tolist() == [93.9, "plan"]
    assert series.loc[2015, ["value", "source"]].tolist() == [91.8, "SSDSE-A 2018"]
    assert series.loc[2022, ["value", "source"]].tolist() == [85.2, "SSDSE-A 2026"]
    assert series.index.is_unique


def test_ssdse_settles_the_target_the_plan_could_not_report(table):
    plan_only = ka.assess_targets(use_ssdse=False).set_index("indicator").loc["current_balance_ratio"]
    assert not plan_only["settled"] and plan_only["latest_fiscal_year"] == 2014
    extended = ka.assess_targets(indicators=ex.extended_indicators(table)).set_index("indicator")
    ratio = extended.loc["current_balance_ratio"]
    assert ratio["settled"] and ratio["target_year_value"] == 91.8 and ratio["status"] == "met"
    assert ratio["latest_fiscal_year"] == 2022 and ratio["latest_source"] == "SSDSE-A 2026"
    assert extended.loc["debt_sewer", "status"] == "not_judged", "indicators SSDSE-A lacks are unchanged"
    assert (
        ratio["judged_value"] == 91.8
        and ratio["judged_source"] == "SSDSE-A 2018"
        and ratio["verdict_by"] == "later_data"
    )


def test_one_assessment_everywhere_by_default(table):
    """With SSDSE-A present, the default assessment is the one settled by SSDSE-A."""
    default = ka.assess_targets()
    extended = ka.assess_targets(indicators=ex.extended_indicators(table))
    pd.testing.assert_frame_equal(default, extended)


def test_census_ageing_births_and_staff(table):
    ageing = ex.census_ageing(table).set_index("census_year")
    for year in (2015, 2020):
        kodaira = {code: ssdse_column(code)["13211"][year] for code in ("A1101", "A1301", "A1302", "A1303", "A1419")}
        known = kodaira["A1301"] + kodaira["A1302"] + kodaira["A1303"]
        assert known < kodaira["A1101"], "the census counts some residents whose age was not stated"
        row = ageing.loc[year]
        assert row["age_not_stated"] == kodaira["A1101"] - known
        assert row["aged_65_share"] == pytest.approx(kodaira["A1303"] / known * 100), "of the residents of known age"
        assert row["aged_75_share"] == pytest.approx(kodaira["A1419"] / known * 100)
    assert ageing.loc[2015, "aged_65_share"] == pytest.approx(42139 / 188303 * 100)
    assert ageing.loc[2015, "aged_65_share"] > 22, "consistent with the plan's 'over 22%' (other date and basis)"
    assert ex.births(table).set_index("year").loc[2023, "births"] == 1227
    assert ex.admin_staff(table).set_index("year").loc[2024, "staff"] == 748


def test_peer_measures(table):
    peers = peer_module.peer_measures("tama26", "13211", 2022, table)
    assert set(peers.groupby("measure")["of"].first()) == {26}
    kodaira = peers[peers.is_subject].set_index("measure")
    assert kodaira.loc["staff_per_1000", "value"] == pytest.approx(743 / 198739 * 1000)
    assert kodaira.loc["staff_per_1000", "year"] == 2022
    assert kodaira.loc["revenue_per_resident", "value"] == pytest.approx(89827411 / 198739)  # thousand yen
    assert kodaira.loc["current_balance_ratio", "value"] == 85.2
    assert kodaira.loc["births_per_1000", "value"] == pytest.approx(1281 / 198739 * 1000)
    ranks = peers[peers.measure == "current_balance_ratio"].sort_values("rank")
    assert ranks["value"].is_monotonic_increasing, "lower is favourable: rank 1 is the lowest"
    other = peer_module.peer_measures("prefecture_cities", "13201", 2020, table)
    assert other[other.is_subject]["municipality"].iloc[0] == "八王子市"
    assert other.groupby("measure")["of"].first().max() >= 26
