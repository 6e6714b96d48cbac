"""What describe_tables() and TABLES say is what load() returns, for every table; SSDSE-A's rows say their unit,
kind of year and English name; a sum keeps a missing figure missing."""

from __future__ import annotations

import unicodedata
from datetime import date

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis import mic, ssdse
from kodaira_analysis.analysis.dictionary import DERIVED_TABLES
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.ssdse import catalogue
from kodaira_analysis.ssdse import read as ssdse_read
from kodaira_analysis.ssdse.tables import UNITS, YEAR_KINDS
from tests.conftest import MIC_PRESENT, SHARED_SSDSE, SSDSE_PRESENT, require_shared_ssdse


def _described(name: str) -> pd.DataFrame:
    d = ka.describe_tables()
    return d[d["table"] == name]


def _check_matches_description(name: str, frame: pd.DataFrame) -> None:
    described = _described(name)
    assert list(frame.columns) == list(described["column"]), name
    dtypes = {column: str(frame[column].dtype) for column in frame.columns}
    assert dtypes == dict(zip(described["column"], described["dtype"], strict=True)), name


@pytest.mark.parametrize("name", sorted(ka.TABLES))
def test_every_table_load_accepts_is_described_as_load_returns_it(name):
    """Same columns in the same order, same dtypes (category and str told apart), in describe_tables() and TABLES."""
    assert ka.TABLES[name].column_names == list(_described(name)["column"])
    assert set(_described(name)["returned_by"]) == {f"load({name!r})"}
    if name.startswith("ssdse") and not SSDSE_PRESENT:
        with pytest.raises(ssdse.MissingExternalDataError):
            ka.load(name)
        return
    if name.startswith("mic_") and not MIC_PRESENT:
        with pytest.raises(mic.MissingMicDataError):
            ka.load(name)
        return
    _check_matches_description(name, ka.load(name))


def test_tables_holds_ssdse_and_describe_tables_every_table():
    assert ka.TABLES["ssdse"].name == "ssdse"
    assert {"ssdse", "ssdse_conflicts", "fiscal_effects"} <= set(ka.TABLES)
    assert set(ka.describe_tables()["table"]) == {*ka.TABLES, "target_assessment"}


def test_the_computed_table_is_described_as_its_function_returns_it():
    assert set(_described("target_assessment")["returned_by"]) == {"assess_targets()"}
    _check_matches_description("target_assessment", ka.assess_targets(use_ssdse=False))


def test_the_check_sees_a_wrong_dtype():
    frame = ka.load("fiscal_effects").astype({"category": "category"})
    with pytest.raises(AssertionError):
        _check_matches_description("fiscal_effects", frame)


def test_every_indicator_has_an_english_name_a_unit_and_a_kind_of_year():
    known = catalogue.indicators()
    assert known.index.is_unique
    assert known["indicator_en"].str.strip().str.len().gt(0).all()
    assert set(known["indicator_en_source"]) == {"project translation"}
    assert set(known["unit"]) <= set(UNITS) and set(known["year_kind"]) <= set(YEAR_KINDS)
    money = known["unit"] == "million_yen"
    assert (known.loc[money, "unit_in_file"] == "thousand yen").all() and (known.loc[money, "scale"] == 0.001).all()
    assert (known.loc[~money, "scale"] == 1).all() and (
        known.loc[~money, "unit_in_file"] == known.loc[~money, "unit"]
    ).all()
    assert (known.loc[known.index.str.startswith("D22"), "unit"] == "percent").all()


def test_every_indicator_of_every_edition_is_described_and_every_row_has_unit_and_year_kind():
    require_shared_ssdse()
    codes = set()
    for path in SHARED_SSDSE.glob("SSDSE-A-*.csv"):
        header = pd.read_csv(path, header=None, nrows=1, dtype=str, encoding="cp932")
        codes |= {unicodedata.normalize("NFKC", c) for c in header.iloc[0, 3:]}
    assert codes == set(catalogue.indicators().index)
    table = ka.load("ssdse")
    for column in ("indicator_en", "indicator_en_source", "unit", "year_kind"):
        assert table[column].notna().all(), column
    kodaira = table[(table["municipality_code"] == "13211")].set_index(["indicator_code", "year"])
    assert kodaira.loc[("D2203", 2022), "year_kind"] == "fiscal year (settlement)"
    assert kodaira.loc[("A1101", 2020), "year_kind"] == "census (1 October)"
    assert kodaira.loc[("B1101", 2024), ["value", "unit"]].tolist() == [2051.0, "hectares"]  # 20.51 km²


def test_an_indicator_with_no_description_is_refused(monkeypatch):
    require_shared_ssdse()
    full = catalogue.indicators()
    monkeypatch.setattr(ssdse_read, "indicators", lambda: full.drop(index="B1103"))
    with pytest.raises(RawDataError) as caught:
        ssdse_read.read_edition(SHARED_SSDSE / "SSDSE-A-2024.csv", 2024)
    assert "B1103" in str(caught.value) and "indicators.csv" in str(caught.value)


def test_sum_keep_missing_keeps_the_blank_fy2015_missing():
    fe = ka.load("fiscal_effects")
    assert fe.groupby("fiscal_year")["amount_million_yen"].sum().loc[2015] == 0.0, "pandas' own sum reads it as 0"
    totals = ka.sum_keep_missing(fe, "fiscal_year", "amount_million_yen").set_index("fiscal_year")["amount_million_yen"]
    assert pd.isna(totals.loc[2015])
    assert totals.loc[2011:2014].tolist() == [285.0, 174.0, 338.0, 87.0]
    assert str(totals.dtype) == "Float64"
    by_category = ka.sum_keep_missing(fe, ["category_id"], "amount_million_yen")
    assert by_category["amount_million_yen"].isna().all(), "each category lacks FY2015: its total is unknown"


def test_sum_keep_missing_one_missing_part_makes_the_total_missing():
    frame = pd.DataFrame({"g": ["a", "a", "b", "b"], "x": [1.0, None, 2.0, 3.0], "y": [1, 2, 3, 4]})
    out = ka.sum_keep_missing(frame, "g", ["x", "y"]).set_index("g")
    assert pd.isna(out.loc["a", "x"]) and out.loc["b", "x"] == 5.0
    assert out["y"].tolist() == [3.0, 7.0]
    with pytest.raises(KeyError, match="no column 'z'"):
        ka.sum_keep_missing(frame, "g", "z")


def test_every_column_of_the_data_dictionary_is_described():
    d = ka.describe_tables()
    empty = d[d["description"].fillna("").str.strip() == ""]
    assert empty.empty, "columns without a description: " + ", ".join(empty["table"] + "." + empty["column"])


def test_every_coded_value_of_a_described_column_is_named_in_its_description():
    """A column with a closed list of codes says what each code means (a code missing from the text fails).

    Units and codes that are phrases (SSDSE-A's 'survey of 1 April') are their own description.
    """
    d = ka.describe_tables().set_index(["table", "column"])
    tables = [*ka.TABLES.values(), *DERIVED_TABLES.values()]
    unexplained = [
        f"{t.name}.{c.name}={code}"
        for t in tables
        for c in t.columns
        if c.allowed and c.dtype in ("str", "category") and c.name != "unit"
        for code in c.allowed
        if " " not in str(code)
        if str(code) not in d.loc[(t.name, c.name), "description"]
    ]
    assert not unexplained, unexplained


@pytest.mark.parametrize("name", sorted(DERIVED_TABLES))
def test_loading_a_computed_table_names_the_call_that_returns_it(name):
    with pytest.raises(ka.UnknownTableError) as raised:
        ka.load(name)
    assert f"kodaira_analysis.{DERIVED_TABLES[name].returned_by}" in str(raised.value)


def test_met_is_missing_where_the_target_is_not_judged_and_its_description_says_so():
    """met is missing where no one judged the target (never False); its description says so and names status."""
    sewer = ka.assess_targets(use_ssdse=False, today=date(2026, 12, 7)).set_index("indicator").loc["debt_sewer"]
    assert sewer["status"] == "not_judged" and sewer["met"] is pd.NA
    met = DERIVED_TABLES["target_assessment"].column("met")
    assert (met.dtype, met.nullable) == ("boolean", True)
    assert "missing" in met.description and "not_judged" in met.description and "never False" in met.description
