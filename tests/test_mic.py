"""MIC's 全市町村の主要財政指標: the strict reader, the tidy tables, the codes of the editions that print none.

The expected figures for Kodaira were read from ../shared/data/mic-indices with xlrd (.xls) and openpyxl
(.xlsx) directly, not with this package's reader (calamine), and pinned here as the sheets show them.
"""

from __future__ import annotations

import hashlib
import io
import math
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis import mic
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.mic import cells, checksums, read
from kodaira_analysis.mic.tables import MIC_TABLES
from tests.conftest import require_shared_mic

FC, CB, RD, FB, DR, LI = (
    "fiscal_capability_index",
    "current_balance_ratio",
    "real_debt_service_ratio",
    "future_burden_ratio",
    "debt_restriction_ratio",
    "laspeyres_index",
)
#: Kodaira (東京都 小平市, 132110) as each edition prints it: fiscal year -> indicator -> the cell as shown.
KODAIRA = {
    2005: {CB: "94.3", RD: "12.1", DR: "10.0", FC: "1.00", LI: "100.6"},
    2006: {CB: "93.5", RD: "12.3", DR: "9.7", FC: "1.03", LI: "99.6"},
    2007: {CB: "92.7", RD: "4.7", DR: "9.4", FC: "1.05"},
    2008: {FC: "1.07", CB: "96.3", RD: "4.0", FB: "6.3", LI: "100.7"},
    2009: {FC: "1.07", CB: "96.7", RD: "3.3", FB: "2.7", LI: "102.1"},  # 実質公債費比率 stored as 3.3000000000000003
    2010: {FC: "1.03", CB: "97.2", RD: "2.8", FB: "-", LI: "103.0"},
    2011: {FC: "0.98", CB: "92.7", RD: "3.1", FB: "-", LI: "100.9"},
    2012: {FC: "0.94", CB: "91.2", RD: "3.2", FB: "-", LI: "106.5"},
    2013: {FC: "0.94", CB: "91.4", RD: "2.9", FB: "-", LI: "107.8"},
    2014: {FC: "0.95", CB: "93.9", RD: "2.1", FB: "-", LI: "100.2"},
    2015: {FC: "0.97", CB: "91.8", RD: "1.1", FB: "-", LI: "99.2"},
    2016: {FC: "0.98", CB: "94.9", RD: "0.6", FB: "－", LI: "100.4"},
    2017: {FC: "0.98", CB: "93.0", RD: "0.7", FB: "-", LI: "100.0"},
    2018: {FC: "0.97", CB: "92.7", RD: "1.2", FB: "-", LI: "100.2"},
    2019: {FC: "0.97", CB: "93.7", RD: "1.7", FB: "-", LI: "99.5"},
    2020: {FC: "0.97", CB: "91.0", RD: "2.0", FB: "-", LI: "99.7"},
    2021: {FC: "0.95", CB: "83.1", RD: "2.0", FB: "-", LI: "101.0"},
}
#: Per edition and column, read independently with xlrd/openpyxl over the municipality rows: figures, dashes,
#: and the sum of the figures at the published decimals.
EVERY_CELL = {
    "H17": {
        "経常収支比率": (1844, 0, 165042.4),
        "実質公債費比率": (1844, 0, 27679.1),
        "起債制限比率": (1844, 0, 19592.1),
        "財政力指数": (1844, 0, 955.68),
        "ラスパイレス指数": (1844, 0, 174346.1),
    },
    "H18": {
        "経常収支比率": (1827, 0, 163756.7),
        "実質公債費比率": (1827, 0, 28563.2),
        "起債制限比率": (1827, 0, 19773.0),
        "財政力指数": (1827, 0, 977.16),
        "ラスパイレス指数": (1827, 0, 173549.8),
    },
    "H19": {
        "経常収支比率": (1816, 0, 164455.4),
        "実質公債費比率": (1810, 6, 26081.3),
        "起債制限比率": (1816, 0, 19296.9),
        "財政力指数": (1816, 0, 998.27),
    },
    "H20": {
        "財政力指数": (1800, 0, 1006.22),
        "経常収支比率": (1800, 0, 161270.8),
        "実質公債費比率": (1798, 2, 25291.9),
        "将来負担比率": (1568, 232, 172964.6),
        "ラスパイレス指数": (1788, 12, 170441.3),
    },
    "H21": {
        "財政力指数": (1750, 0, 968.12),
        "経常収支比率": (1750, 0, 154838.4),
        "実質公債費比率": (1750, 0, 23235.5),
        "将来負担比率": (1497, 253, 148624.1),
        "ラスパイレス指数": (1745, 5, 166894.6),
    },
    "H22": {
        "財政力指数": (1750, 0, 926.83),
        "経常収支比率": (1750, 0, 148768.8),
        "実質公債費比率": (1746, 4, 21329.4),
        "将来負担比率": (1421, 329, 121534.3),
        "ラスパイレス指数": (1750, 0, 168222.9),
    },
    "H23": {
        "財政力指数": (1742, 0, 884.78),
        "経常収支比率": (1742, 0, 151634.2),
        "実質公債費比率": (1742, 0, 19645.0),
        "将来負担比率": (1336, 406, 104322.5),
        "ラスパイレス指数": (1732, 10, 166772.3),
    },
    "H24": {
        "財政力指数": (1742, 0, 857.4),
        "経常収支比率": (1742, 0, 151380.1),
        "実質公債費比率": (1742, 0, 18018.3),
        "将来負担比率": (1254, 488, 91211.7),
        "ラスパイレス指数": (1742, 0, 181933.8),
        "ラスパイレス指数参考値※": (1742, 0, 168066.6),
    },
    "H25": {
        "財政力指数": (1742, 0, 856.09),
        "経常収支比率": (1742, 0, 150751.1),
        "実質公債費比率": (1741, 1, 16675.9),
        "将来負担比率": (1189, 553, 79970.5),
        "ラスパイレス指数": (1742, 0, 181917.0),
        "ラスパイレス指数参考値※": (1742, 0, 168021.2),
    },
    "H26": {
        "財政力指数": (1741, 0, 857.79),
        "経常収支比率": (1741, 0, 153351.6),
        "実質公債費比率": (1741, 0, 15182.4),
        "将来負担比率": (1143, 598, 76149.0),
        "ラスパイレス指数": (1741, 0, 168221.4),
    },
    "H27": {
        "財政力指数": (1741, 0, 865.44),
        "経常収支比率": (1741, 0, 150187.8),
        "実質公債費比率": (1741, 0, 13961.1),
        "将来負担比率": (1100, 641, 68278.8),
        "ラスパイレス指数": (1741, 0, 168461.7),
    },
    "H28": {
        "財政力指数": (1741, 0, 873.97),
        "経常収支比率": (1741, 0, 154369.8),
        "実質公債費比率": (1741, 0, 13150.9),
        "将来負担比率": (1068, 673, 65087.3),
        "ラスパイレス指数": (1741, 0, 169233.4),
    },
    "H29": {
        "財政力指数": (1741, 0, 881.42),
        "経常収支比率": (1741, 0, 156014.7),
        "実質公債費比率": (1741, 0, 12861.3),
        "将来負担比率": (1065, 676, 63378.7),
        "ラスパイレス指数": (1741, 0, 169258.2),
    },
    "H30": {
        "財政力指数": (1741, 0, 889.46),
        "経常収支比率": (1741, 0, 157350.3),
        "実質公債費比率": (1741, 0, 12783.6),
        "将来負担比率": (1033, 708, 59881.6),
        "ラスパイレス指数": (1741, 0, 169333.1),
    },
    "R1": {
        "財政力指数": (1741, 0, 893.43),
        "経常収支比率": (1741, 0, 158231.7),
        "実質公債費比率": (1741, 0, 12732.3),
        "将来負担比率": (1031, 710, 59674.1),
        "ラスパイレス指数": (1741, 0, 169122.5),
    },
    "R2": {
        "財政力指数": (1741, 0, 894.58),
        "経常収支比率": (1741, 0, 156444.3),
        "実質公債費比率": (1741, 0, 12501.6),
        "将来負担比率": (1008, 733, 54540.1),
        "ラスパイレス指数": (1741, 0, 169166.2),
    },
    "R3": {
        "財政力指数": (1741, 0, 872.11),
        "経常収支比率": (1741, 0, 148321.5),
        "実質公債費比率": (1741, 0, 12275.8),
        "将来負担比率": (925, 816, 42767.3),
        "ラスパイレス指数": (1741, 0, 168993.4),
    },
}
#: The Laspeyres index's reference value without the national pay cut (ラスパイレス指数参考値※), Kodaira.
KODAIRA_REFERENCE = {2012: 98.4, 2013: 99.6}


@pytest.fixture(scope="module")
def shared() -> Path:
    return require_shared_mic()


@pytest.fixture(scope="module")
def table(shared) -> pd.DataFrame:
    return ka.load("mic_indicators")


def test_every_edition_is_present_and_pinned(shared):
    found = mic.verify_all(shared)
    assert sorted(found, key=lambda e: mic.editions().loc[e, "fiscal_year"]) == list(mic.editions().index)
    assert list(mic.editions()["fiscal_year"]) == list(range(2005, 2022))


def test_kodaira_every_year_and_indicator_exactly_as_printed(table):
    kodaira = table[table["municipality_code"] == "13211"]
    assert set(kodaira["municipality"]) == {"小平市"} and set(kodaira["prefecture"]) == {"東京都"}
    got: dict[int, dict[str, str]] = {}
    for row in kodaira.itertuples():
        got.setdefault(row.fiscal_year, {})[row.indicator_code] = row.value_printed
    assert got == KODAIRA
    for row in kodaira.itertuples():
        printed = KODAIRA[row.fiscal_year][row.indicator_code]
        if printed in ("-", "－"):
            assert math.isnan(row.value)
        else:
            assert row.value == float(printed), (row.fiscal_year, row.indicator_code)  # exact: noise rounded away


def test_a_dash_in_the_future_burden_ratio_is_no_net_burden_never_missing_or_zero(table):
    burden = table[table["indicator_code"] == FB]
    dashes = burden[burden["value_printed"].isin(["-", "－"])]
    assert len(dashes) > 1000
    assert dashes["value"].isna().all()
    assert (dashes["dash_meaning"] == "no_net_future_burden").all()
    assert not (burden["value"] == 0).any() or (burden.loc[burden["value"] == 0, "value_printed"] == "0.0").all()


def test_no_figure_is_missing_without_a_reason(table):
    missing = table["value"].isna()
    assert table.loc[missing, "dash_meaning"].notna().all()
    assert table.loc[~missing, "dash_meaning"].isna().all()
    assert set(table["dash_meaning"].dropna()) <= set(MIC_TABLES["mic_indicators"].column("dash_meaning").allowed)


def test_laspeyres_is_as_of_1_april_and_carries_the_2012_2013_reference_values(table):
    laspeyres = table[(table["municipality_code"] == "13211") & (table["indicator_code"] == LI)].set_index(
        "fiscal_year"
    )
    assert (laspeyres["year_kind"] == "as_of_1_april").all()
    assert laspeyres.loc[2005, "as_of"] == pd.Timestamp("2006-04-01")  # the FY2005 edition's footnote
    assert laspeyres.loc[2020, "as_of"] == pd.Timestamp("2020-04-01")  # notes-how-to-read.pdf
    assert 2007 not in laspeyres.index  # the FY2007 edition has no Laspeyres column
    assert laspeyres["reference_value"].dropna().to_dict() == KODAIRA_REFERENCE
    for year in KODAIRA_REFERENCE:
        assert "国家公務員の給与の改定及び臨時特例に関する法律" in laspeyres.loc[year, "reference_reason"]
        assert "pay cut" in laspeyres.loc[year, "note"]
    others = table[table["indicator_code"] != LI]
    assert others["as_of"].isna().all() and (others["year_kind"] == "fiscal_year_settlement").all()


def test_units_are_explicit(table):
    units = table.groupby("indicator_code")["unit"].agg(set).to_dict()
    assert units == {
        FC: {"ratio"},
        CB: {"percent"},
        RD: {"percent"},
        FB: {"percent"},
        DR: {"percent"},
        LI: {"index_national_100"},
    }
    assert table.groupby("indicator_code")["decimals"].agg(set).to_dict()[FC] == {2}


def test_table_matches_its_description(table):
    spec = MIC_TABLES["mic_indicators"]
    assert list(table.columns) == spec.column_names
    assert not table.duplicated(list(spec.primary_key)).any()
    assert table["municipality_code"].str.fullmatch(r"\d{5}").all()
    for column in spec.columns:
        if column.dtype in ("Int64", "float64", "datetime64[ns]"):
            assert str(table[column.name].dtype) == column.dtype, column.name
        if not column.nullable:
            assert table[column.name].notna().all(), column.name
        if column.allowed is not None:
            assert set(table[column.name].dropna()) <= set(column.allowed), column.name
    assert set(table["fiscal_year"]) == set(range(2005, 2022))
    assert (
        table.loc[table["fiscal_year"] >= 2011, "municipality_code"].groupby(table["fiscal_year"]).nunique().min()
        == 1741
    )


def test_obira_town_in_hokkaido_is_not_kodaira_city(table):
    named = table[(table["municipality"] == "小平町") | (table["municipality"] == "小平市")]
    assert set(zip(named["prefecture"], named["municipality"], named["municipality_code"], strict=True)) == {
        ("北海道", "小平町", "01482"),
        ("東京都", "小平市", "13211"),
    }
    early = named[named["fiscal_year"] <= 2010]
    assert set(early["code_basis"]) == {"matched_by_name"}
    obira = early[(early["municipality"] == "小平町") & (early["indicator_code"] == CB)]
    assert obira.set_index("fiscal_year")["value_printed"].to_dict() == {
        2005: "85.9",
        2006: "88.2",
        2007: "86.3",
        2008: "81.2",
        2009: "77.6",
        2010: "80.5",
    }


def test_merged_and_renamed_municipalities_are_reported_not_guessed(table):
    unmatched = ka.load("mic_unmatched")
    assert list(unmatched.columns) == MIC_TABLES["mic_unmatched"].column_names
    assert set(unmatched["fiscal_year"]) <= set(range(2005, 2011))
    keyed = set(zip(unmatched["fiscal_year"], unmatched["prefecture"], unmatched["municipality"], strict=True))
    # merged away on 1 April 2008 into the new 村上市 (the FY2007 edition prints a dash for them)
    assert {(2007, "新潟県", name) for name in ("荒川町", "神林村", "朝日村", "山北町")} <= keyed
    # 三好町 became みよし市 (a city, another name) in January 2010: the town's rows are reported ...
    assert (2008, "愛知県", "三好町") in keyed
    # ... and the city's FY2009 row is matched by its own name
    miyoshi = table[(table["municipality"] == "みよし市") & (table["fiscal_year"] == 2009)]
    assert set(miyoshi["municipality_code"]) == {"23236"}
    # a name the coded editions give two codes (熊本市 before and after it became a designated city) is not chosen
    kumamoto = unmatched[unmatched["municipality"] == "熊本市"]
    assert len(kumamoto) == 6 and kumamoto["reason"].str.contains("43100, 43201").all()
    assert not ((table["municipality"] == "熊本市") & (table["fiscal_year"] <= 2010)).any()
    for fiscal_year, missed in unmatched.groupby("fiscal_year"):
        edition = mic.editions().set_index("fiscal_year").loc[fiscal_year]
        rows = edition["last_municipality_row"] - 2
        assert len(missed) + table.loc[table["fiscal_year"] == fiscal_year, "municipality_code"].nunique() == rows


def test_a_variant_spelling_is_matched_and_said(table):
    ajigasawa = table[(table["prefecture"] == "青森県") & (table["municipality"] == "鰺ヶ沢町")]
    assert len(ajigasawa) > 0 and set(ajigasawa["municipality_code"]) == {"02321"}
    assert set(ajigasawa["code_basis"]) == {"matched_by_name_variant"}
    assert ajigasawa["note"].str.contains("鰺ケ沢町").all()
    printed = table[(table["municipality_code"] == "02321") & (table["code_basis"] == "printed")]
    assert set(printed["municipality"]) == {"鰺ケ沢町"}
    variants = table[table["code_basis"] == "matched_by_name_variant"]
    assert (variants["fiscal_year"] <= 2010).all() and variants["note"].notna().all()


#: Tokyo's municipal average (東京都（市町村平均）) of 経常収支比率 and 財政力指数, and the national average of 経常収支比率,
#: read independently with xlrd/openpyxl from prefecturemean/.
TOKYO_MEANS = {
    2005: ("89.1", "0.81", "90.2"),
    2006: ("88.7", "0.83", "90.3"),
    2007: ("91.3", "0.84", "92.0"),
    2008: ("91.7", "0.85", "91.8"),
    2009: ("91.2", "0.84", "91.8"),
    2010: ("90.8", "0.80", "89.2"),
    2011: ("90.8", "0.70", "90.3"),
    2012: ("91.6", "0.74", "90.7"),
    2013: ("90.9", "0.73", "90.2"),
    2014: ("90.7", "0.73", "91.3"),
    2015: ("88.1", "0.74", "90.0"),
    2016: ("91.1", "0.76", "92.5"),
    2017: ("90.8", "0.77", "92.8"),
    2018: ("91.8", "0.76", "93.0"),
    2019: ("92.0", "0.76", "93.6"),
    2020: ("90.5", "0.76", "93.1"),
    2021: ("87.6", "0.74", "88.9"),
}


def test_prefecture_averages_as_printed(shared):
    from kodaira_analysis.mic.prefecture_means import read_prefecture_means

    means = ka.load("mic_prefecture_averages")
    spec = MIC_TABLES["mic_prefecture_averages"]
    assert list(means.columns) == spec.column_names
    assert not means.duplicated(list(spec.primary_key)).any()
    assert set(means.groupby(["fiscal_year", "indicator_code"]).size()) == {47}
    tokyo = means[means["prefecture"] == "東京都"].set_index(["indicator_code", "fiscal_year"])["value_printed"]
    national = ka.load("mic_averages").set_index(["indicator_code", "fiscal_year"])["value_printed"]
    for year, (balance, capability, national_balance) in TOKYO_MEANS.items():
        assert (tokyo[(CB, year)], tokyo[(FC, year)]) == (balance, capability), year
        assert national[(CB, year)] == national_balance, year
    # the national row of each prefecture-average file is the city file's national row, figure for figure
    for edition, path in mic.catalogue.prefecture_mean_files(shared).items():
        read_back = read_prefecture_means(path, edition)
        year = int(mic.editions().loc[edition, "fiscal_year"])
        for header, cell in read_back.average.cells.items():
            code = mic.catalogue.column_specs()[header]["indicator_code"]
            assert cell.printed.replace("－", "-") == national[(code, year)].replace("－", "-"), (edition, header)
    laspeyres = means[means["indicator_code"] == LI]
    assert laspeyres["value"].isna().all() and (laspeyres["dash_meaning"] == "not_computed").all()
    other = means[(means["indicator_code"] != LI) & means["value"].isna()]
    assert (other["dash_meaning"] == "no_reason_given").all()
    assert set(other.loc[other["fiscal_year"] <= 2009, "indicator_code"]) == {FB}
    assert means["reference_value"].isna().all()


def test_national_averages_are_mic_own_rows(shared):
    averages = ka.load("mic_averages")
    assert list(averages.columns) == MIC_TABLES["mic_averages"].column_names
    averages = averages.set_index(["indicator_code", "fiscal_year"])
    assert averages.loc[(CB, 2005), "value_printed"] == "90.2"
    assert averages.loc[(RD, 2019), "value"] == 5.8  # stored as 5.829, the sheet shows 5.8
    assert "5.829" in averages.loc[(RD, 2019), "note"]
    assert averages.loc[(FC, 2011), "value_printed"] == "0.51"  # stored as 0.5079161882893227
    assert math.isnan(averages.loc[(LI, 2021), "value"])
    assert averages.loc[(LI, 2021), "dash_meaning"] == "not_computed"


def test_special_wards_printed_in_parentheses_keep_the_figure_and_say_so(table):
    chiyoda = table[(table["municipality"] == "千代田区") & (table["fiscal_year"] == 2008)].set_index("indicator_code")
    assert chiyoda.loc[FC, "value_printed"] == "(0.80)" and chiyoda.loc[FC, "value"] == 0.8
    assert chiyoda.loc[FC, "note"] == "printed in parentheses"


# --- strict reading: each bad input stops with file, row, column and value --------------------------------


def _edited_copy(shared: Path, tmp_path: Path, monkeypatch, old: str, new: str) -> tuple[Path, str]:
    """A copy of the FY2021 edition with one shared string replaced, its SHA-256 pinned for the test."""
    source = shared / "city" / "R3.xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as edited:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                text = data.decode("utf-8")
                assert f">{old}<" in text
                data = text.replace(f">{old}<", f">{new}<", 1).encode("utf-8")
            edited.writestr(item, data)
    target = tmp_path / "city" / "R3.xlsx"
    target.parent.mkdir(parents=True)
    target.write_bytes(out.getvalue())
    digest = hashlib.sha256(out.getvalue()).hexdigest()
    real = checksums.pinned_sha256
    monkeypatch.setattr(checksums, "pinned_sha256", lambda e, k="city": digest if e == "R3" else real(e, k))
    return target, "city/R3.xlsx"


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "value"),
    [
        ("全市町村の主要財政指標（令和３年度）", "全市町村の主要財政指標", 1, "A", "全市町村の主要財政指標"),
        ("将来負担比率", "将来負担率", 2, "G", "将来負担率"),
        ("全国市町村平均", "全国平均", 1744, "A", "全国平均"),
        ("北海道", "北海", 3, "都道府県名", "北海"),
        ("011002", "01100X", 3, "団体コード", "01100X"),
        ("011002", "011003", 3, "団体コード", "011003"),  # a wrong check digit
        ("－", "n/a", 1744, "ラスパイレス指数", "n/a"),
        ("札幌市", "函館市", 4, None, "函館市"),  # a municipality twice (by prefecture and name)
        ("011002", "012025", 4, None, "01202"),  # a municipality twice (by code: its five digits)
    ],
)
def test_bad_cells_are_named_by_file_row_column_and_value(shared, tmp_path, monkeypatch, old, new, row, column, value):
    path, name = _edited_copy(shared, tmp_path, monkeypatch, old, new)
    with pytest.raises(RawDataError) as caught:
        read.read_edition(path, "R3")
    error = caught.value
    assert (error.file, error.row, error.column) == (name, row, column)
    assert value in str(error.value)
    if column is None:
        assert "already in row 3" in str(error)
    assert name in str(error) and f"row {row}" in str(error)


def test_an_edited_file_is_refused_by_its_pinned_sha256(shared, tmp_path):
    folder = tmp_path / "mic"
    shutil.copytree(shared / "city", folder / "city")
    shutil.copytree(shared / "prefecturemean", folder / "prefecturemean")
    target = folder / "city" / "H21.xls"
    target.chmod(0o644)
    data = bytearray(target.read_bytes())
    data[-1] ^= 1
    target.write_bytes(bytes(data))
    with pytest.raises(RawDataError, match=r"city/H21\.xls.*SHA-256"):
        mic.load_mic("mic_indicators", folder)


def test_missing_files_say_how_to_get_them(tmp_path):
    (tmp_path / "city").mkdir()
    with pytest.raises(mic.MissingMicDataError, match="make external-data") as caught:
        mic.load_mic("mic_indicators", tmp_path)
    assert "H17" in str(caught.value) and "KODAIRA_MIC_DIR" in str(caught.value)


def test_without_pinned_addresses_the_messages_ask_for_mic_from(tmp_path, monkeypatch):
    """editions.csv pins no address: the missing-file and damaged-file messages say MIC_FROM is needed."""
    assert not mic.catalogue.addresses_pinned()
    with pytest.raises(mic.MissingMicDataError) as missing:
        mic.load_mic("mic_indicators", tmp_path)
    with pytest.raises(RawDataError) as damaged:
        checksums.check_sha256(b"not the file", "H17.xls", "H17")
    for message in (str(missing.value), str(damaged.value)):
        assert "MIC_FROM=/path/to/mic-indices" in message and "soumu.go.jp" in message, message
        assert "cannot fetch" in message and "fetch it again" not in message, message
    monkeypatch.setattr(mic.catalogue, "addresses_pinned", lambda: True)
    assert "cannot fetch" not in mic.catalogue.how_to_get() and "SHA-256 checked" in mic.catalogue.how_to_get()


@pytest.mark.parametrize(
    ("cell", "decimals", "value", "printed"),
    [
        (3.3000000000000003, 1, 3.3, "3.3"),
        (11.200000000000001, 1, 11.2, "11.2"),
        (0.5079161882893227, 2, 0.51, "0.51"),
        ("98.6", 1, 98.6, "98.6"),
        ("(0.80)", 2, 0.8, "(0.80)"),
        (-0.4, 1, -0.4, "-0.4"),
        (93, 1, 93.0, "93.0"),
    ],
)
def test_cells_are_read_at_the_published_precision(cell, decimals, value, printed):
    got = cells.read_cell(cell, decimals, where=("f", 3, "c"))
    assert (got.value, got.printed) == (value, printed)


def test_a_cell_right_of_the_header_is_refused_not_dropped():
    header = ["団体コード", "都道府県名", "団体名", "財政力指数"]
    cells = ["132110", "東京都", "小平市", 0.95, None, "x"]
    with pytest.raises(RawDataError, match=r"row 9, column 'F'.*'x'"):
        read._municipality(
            cells, 9, header, ["code", "prefecture", "municipality", "value"], {"財政力指数": 2}, "f", {}
        )
    row = read._municipality(
        cells[:5], 9, header, ["code", "prefecture", "municipality", "value"], {"財政力指数": 2}, "f", {}
    )
    assert (row.code, row.cells["財政力指数"].value) == ("13211", 0.95)


@pytest.mark.parametrize("cell", ["-", "－", "", None])
def test_dashes_and_blanks_are_not_figures(cell):
    got = cells.read_cell(cell, 1, where=("f", 3, "c"))
    assert got.value is None and (got.dash or got.blank)


@pytest.mark.parametrize("cell", ["abc", "1,0", True, float("nan"), float("inf"), "=1+1", "…"])
def test_anything_else_stops_the_read(cell):
    with pytest.raises(RawDataError, match=r"file f, row 3, column 'c'"):
        cells.read_cell(cell, 1, where=("f", 3, "c"))


# --- the cache: the same tables as a build, files verified on every call ----------------------------------


def test_cached_tables_equal_a_build_and_old_slots_are_pruned(shared, tmp_path, monkeypatch):
    from kodaira_analysis.mic import cache

    monkeypatch.setattr(cache, "_root", lambda: tmp_path / "mic")
    monkeypatch.setattr(cache, "_MEMORY", {})
    foreign = tmp_path / "mic" / "notes"
    foreign.mkdir(parents=True)
    stale = [tmp_path / "mic" / f"{i:024x}" for i in range(3)]
    for slot in stale:
        slot.mkdir()
        (slot / "mic_indicators.parquet").write_bytes(b"old")
    built = cache.tables(shared, use_cache=False)
    first = cache.tables(shared)
    slot = tmp_path / "mic" / cache.fingerprint()
    assert sorted(p.name for p in slot.iterdir()) == sorted(f"{n}.parquet" for n in cache.TABLE_ATTRIBUTES)
    cache._MEMORY.clear()
    again = cache.tables(shared)  # read from the parquet files
    for attribute in cache.TABLE_ATTRIBUTES.values():
        pd.testing.assert_frame_equal(getattr(again, attribute), getattr(built, attribute))
        pd.testing.assert_frame_equal(getattr(first, attribute), getattr(built, attribute))
    kept = [p for p in (tmp_path / "mic").iterdir() if p.name != "notes"]
    assert len(kept) == cache.CACHE_SLOTS and slot in kept
    assert foreign.is_dir()  # not a folder the cache writes: never removed


def test_a_damaged_cache_is_rebuilt(shared, tmp_path, monkeypatch):
    from kodaira_analysis.mic import cache

    monkeypatch.setattr(cache, "_root", lambda: tmp_path / "mic")
    monkeypatch.setattr(cache, "_MEMORY", {})
    slot = tmp_path / "mic" / cache.fingerprint()
    slot.mkdir(parents=True)
    for name in cache.TABLE_ATTRIBUTES:
        (slot / f"{name}.parquet").write_bytes(b"not parquet")
    frame = cache.load_mic("mic_indicators", shared)
    assert frame.loc[frame["municipality_code"] == "13211", "fiscal_year"].nunique() == 17
    assert pd.read_parquet(slot / "mic_indicators.parquet").shape == frame.shape


# --- what the shared copies' README pins, and files that are not what they should be -----------------------


def test_the_pinned_sha256_are_those_of_the_shared_readme(shared):
    import re

    readme = (shared / "README.md").read_text(encoding="utf-8")
    listed = dict((path, digest) for digest, path in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M))
    pinned = {}
    for _, row in mic.editions().iterrows():
        pinned[f"city/{row['file']}"] = row["sha256"]
        pinned[f"prefecturemean/{row['file']}"] = row["prefecturemean_sha256"]
    assert pinned == listed


def test_the_notes_named_in_the_docs_are_the_shared_ones(shared):
    docs = (Path(ka.paths.PROJECT_ROOT) / "docs" / "data-sources-mic.md").read_text(encoding="utf-8")
    assert "指標のみかた" in docs
    assert {p.name for p in shared.glob("notes-*.pdf")} == {
        "notes-definitions.pdf",
        "notes-how-to-read.pdf",
        "notes-trends.pdf",
    }


def test_reference_values_are_only_those_of_fy2012_and_fy2013(table):
    laspeyres = table[table["indicator_code"] == LI]
    with_reference = laspeyres[laspeyres["reference_value"].notna()]
    assert set(with_reference["fiscal_year"]) == {2012, 2013}
    both = laspeyres[laspeyres["fiscal_year"].isin([2012, 2013])]
    assert both["reference_value"].notna().all() and both["reference_reason"].notna().all()
    assert table.loc[table["indicator_code"] != LI, "reference_value"].isna().all()


def _folder_with(shared: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "mic"
    for kind in ("city", "prefecturemean"):
        shutil.copytree(shared / kind, folder / kind)
        for path in (folder / kind).iterdir():
            path.chmod(0o644)
        (folder / kind).chmod(0o755)
    return folder


def test_an_unknown_edition_is_refused_not_left_out(shared, tmp_path):
    folder = _folder_with(shared, tmp_path)
    (folder / "city" / "R4.xlsx").write_bytes(b"PK")
    with pytest.raises(RawDataError, match=r"city/R4\.xlsx.*does not know.*editions\.csv"):
        mic.available(folder)
    (folder / "city" / "R4.xlsx").unlink()
    (folder / "city" / "notes.txt").write_text("not an edition", encoding="utf-8")
    assert len(mic.available(folder)) == 17  # other files are not editions


@pytest.mark.parametrize("kind", ["fifo", "folder", "link outside", "dangling link", "too large"])
def test_a_file_that_is_not_a_regular_published_file_is_refused(shared, tmp_path, kind, monkeypatch):
    import os

    folder = _folder_with(shared, tmp_path)
    target = folder / "city" / "H20.xls"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "link outside":
        outside = tmp_path / "elsewhere.xls"
        outside.write_bytes((shared / "city" / "H20.xls").read_bytes())
        target.symlink_to(outside)
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nothing.xls")
    else:
        from kodaira_analysis.mic import catalogue

        assert max(p.stat().st_size for p in (shared / "city").iterdir()) < 300_000 < catalogue.MIC_FILE_LIMIT
        monkeypatch.setattr(checksums, "MIC_FILE_LIMIT", 300_000)
        target.write_bytes((shared / "city" / "H20.xls").read_bytes() + b"\0" * 70_000)
    with pytest.raises(RawDataError, match=r"H20\.xls"):
        mic.load_mic("mic_indicators", folder)


def test_every_cell_of_every_edition_agrees_with_an_independent_reading(shared):
    for edition, expected in EVERY_CELL.items():
        read_back = read.read_edition(shared / "city" / mic.editions().loc[edition, "file"], edition)
        got = {}
        for header in expected:
            cells = [row.cells[header] for row in read_back.rows]
            figures = [c.value for c in cells if c.value is not None]
            got[header] = (len(figures), sum(c.dash for c in cells), pytest.approx(sum(figures), abs=1e-6))
        assert got == expected, edition


@pytest.mark.parametrize("decimals", [1, 2])
def test_any_stored_figure_reads_as_its_printed_form(decimals):
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
    def check(stored: float) -> None:
        cell = cells.read_cell(stored, decimals, where=("f", 3, "c"))
        assert cell.value == float(cell.printed)  # the figure is exactly what the sheet shows
        assert abs(cell.value - stored) <= 0.5 * 10**-decimals + 1e-9
        assert cells.read_cell(cell.printed, decimals, where=("f", 3, "c")).value == cell.value

    check()
