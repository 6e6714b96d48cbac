"""Data tests: every processed table against the figures printed in the plan.

The expected values here are typed from the plan (chapter 1, section 2-3),
independently of data/raw, so a transcription or cleaning slip fails.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis.dictionary import DERIVED_TABLES
from kodaira_analysis.mic.tables import MIC_TABLES
from kodaira_analysis.ssdse.tables import SSDSE_TABLES
from tests.conftest import MIC_PRESENT, SSDSE_PRESENT

#: The tables this checkout can load: SSDSE-A's and MIC's need their files beside it (../shared); without
#: them, tests/test_tables.py checks that load() raises the documented missing-data error instead.
LOADABLE = [
    name
    for name in ka.TABLES
    if (SSDSE_PRESENT or name not in SSDSE_TABLES) and (MIC_PRESENT or name not in MIC_TABLES)
]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: ka.load(name) for name in LOADABLE}


def test_every_table_has_its_described_columns_and_dtypes(tables):
    for name in LOADABLE:
        table = ka.TABLES[name]
        frame = tables[name]
        assert list(frame.columns) == table.column_names, name
        for column in table.columns:
            assert str(frame[column.name].dtype) == str(pd.Series(dtype=column.dtype).dtype), (name, column.name)
        assert not frame.duplicated(list(table.primary_key)).any(), name


def test_fiscal_effects_equal_the_plan(tables):
    fe = tables["fiscal_effects"].pivot(index="category", columns="fiscal_year", values="amount_million_yen")
    printed = {
        "歳入確保策の実施": [179, 58, 61, 23],
        "人件費等の削減": [47, 53, 36, 26],
        "事務費等の削減": [23, 43, 35, 31],
        "施策等の見直し": [36, 20, 206, 7],
    }
    for category, values in printed.items():
        assert fe.loc[category, [2011, 2012, 2013, 2014]].tolist() == values
        assert math.isnan(fe.loc[category, 2015]), "FY2015 is blank in the plan: missing, never 0"
    assert fe.sum().sum() == 884  # 4年間で約8億8千4百万円
    assert fe[2013].sum() == 338
    assert set(tables["fiscal_effects"]["category_en"]) >= {"Securing revenue"}


def test_indicators_equal_the_plan(tables):
    ind = tables["indicators"].set_index(["indicator", "fiscal_year"])
    assert ind.loc[("staff_quota", 2015), "value"] == 932
    assert ind.loc[("staff_quota", 2015), "as_of"] == pd.Timestamp("2016-04-01")
    assert ind.loc[("staff_quota", 2011), "as_of"] == pd.Timestamp("2012-04-01")
    assert ind.loc[("current_balance_ratio", 2014), "value"] == 93.9
    assert ind.loc[("current_balance_ratio", 2011), "as_of"] == pd.Timestamp("2012-03-31")
    assert ind.loc[("fiscal_adjustment_fund", 2014), "value"] == 3750  # 37.5億円
    assert ind.loc[("public_facilities_fund", 2012), "value"] == 1160  # 11.6億円
    assert ind.loc[("debt_general_account", 2011), "value"] == 32320  # 323.2億円
    assert ind.loc[("debt_sewer", 2014), "value"] == 9530  # 95.3億円
    assert math.isnan(ind.loc[("debt_sewer", 2015), "value"])
    assert (ind.loc[ind["unit"] == "million_yen"].index.get_level_values(0).unique().size) == 4


def test_targets_equal_the_plan(tables):
    t = tables["targets"].set_index("indicator")
    assert t.loc["staff_quota", ["comparator", "target_value", "comparator_source"]].tolist() == ["<=", 910, "implied"]
    assert t.loc["current_balance_ratio", "target_value"] == 95.0
    assert t.loc["current_balance_ratio", "comparator_source"] == "printed"
    assert t.loc["fiscal_adjustment_fund", "comparator"] == ">="
    assert t.loc["debt_general_account", "target_value"] == 30000
    assert t.loc["debt_sewer", "target_value"] == 9000
    assert set(t["target_fiscal_year"]) == {2015}
    assert t.loc["staff_quota", "target_as_of"] == pd.Timestamp("2016-04-01")


def test_program_progress_equals_the_plan(tables):
    pp = tables["program_progress"]
    assert pp["items"].sum() == 62
    by_status = pp.groupby("status")["items"].sum().to_dict()
    assert by_status == {"ahead": 1, "on_schedule": 50, "behind": 11}
    by_policy = pp.groupby("policy_no")["items"].sum().to_dict()
    assert by_policy == {1: 15, 2: 5, 3: 7, 4: 18, 5: 17}
    assert set(pp["as_of"]) == {pd.Timestamp("2016-03-31")}


def test_reform_history_equals_the_plan(tables):
    rh = tables["reform_history"].set_index("program_id")
    assert rh["items"].tolist()[:5] == [76, 60, 55, 100, 62]
    assert pd.isna(rh.loc["restructuring_3", "items"])
    assert (rh.loc["restructuring_3", "start_fiscal_year"], rh.loc["restructuring_3", "end_fiscal_year"]) == (
        2017,
        2020,
    )
    assert (rh.loc["reform_1", "start_fiscal_year"], rh.loc["reform_1", "end_fiscal_year"]) == (1996, 1999)
    assert rh.loc["restructuring_2", "followup_items"] == 41
    assert rh.loc["reform_3", ["followup_items", "followup_base_items"]].tolist() == [26, 52]


def test_demographics_keep_the_lower_bound(tables):
    d = tables["demographics"]
    share = d[d["indicator"] == "aged_65_plus_share"].set_index("as_of")
    assert share.loc[pd.Timestamp("2011-01-01"), ["value", "bound"]].tolist() == [20.73, "exact"]
    assert share.loc[pd.Timestamp("2015-01-01"), ["value", "bound"]].tolist() == [22.0, "lower"]
    tfr = d[d["indicator"] == "total_fertility_rate"].set_index("area")
    assert tfr.loc["kodaira", "value"] == 1.40
    assert tfr.loc["japan", "value"] == 1.42
    assert set(tfr["unit"]) == {"births_per_woman"}


def test_plan_structure(tables):
    ps = tables["plan_structure"]
    assert ps["level"].value_counts().to_dict() == {"measure": 17, "policy": 5, "viewpoint": 3, "direction": 3}
    policies = ps[ps["level"] == "policy"].set_index("number")
    assert policies.loc["3", "parent_id"] == "direction-2"
    assert ps.loc[ps["node_id"] == "measure-5-7", "name"].item() == "広域連携の推進"


def test_assess_targets_agrees_with_the_narrative():
    a = ka.assess_targets(use_ssdse=False).set_index("indicator")
    # 第１章２（４）: FY2014 settlement met the four financial targets; the staff quota missed.
    for indicator in [
        "current_balance_ratio",
        "fiscal_adjustment_fund",
        "public_facilities_fund",
        "debt_general_account",
    ]:
        assert a.loc[indicator, "met"], indicator
        assert a.loc[indicator, "latest_fiscal_year"] == 2014
    assert a.loc["staff_quota", "status"] == "not_met"
    assert a.loc["staff_quota", "settled"]
    assert not a.loc["staff_quota", "on_track"]
    # the sewer debt's FY2015 actual is published (the city's 決算) but not in our sources: our projection is
    # shown with its range and gives no verdict (issue 28)
    assert a.loc["debt_sewer", "status"] == "not_judged"
    assert a.loc["debt_sewer", "met"] is pd.NA, "no one judged it: missing, never False"
    assert a.loc["debt_sewer", "on_track"], "the projection itself still reads within the target"
    assert a.loc["debt_sewer", "projected_value"] == pytest.approx(8195.0)
    assert a.loc["debt_sewer", ["projection_low", "projection_high"]].tolist() == pytest.approx([8195.0, 8470.0])
    # whose judgment: the plan states five verdicts; the sewer debt's is our projection
    assert a["verdict_by"].to_dict() == {
        "staff_quota": "plan",
        "current_balance_ratio": "plan",
        "fiscal_adjustment_fund": "plan",
        "public_facilities_fund": "plan",
        "debt_general_account": "plan",
        "debt_sewer": "projection",
    }


def test_assessment_columns_match_their_description():
    spec = DERIVED_TABLES["target_assessment"]
    assessment = ka.assess_targets()
    assert set(spec.column_names) <= set(assessment.columns)
    for column in spec.columns:
        values = assessment[column.name]
        if not column.nullable:
            assert values.notna().all(), column.name
        if column.allowed is not None:
            assert set(values.dropna()) <= set(column.allowed), column.name
    # the plan's own verdicts (Chapter 1, 2(4)): five of six targets, the sewer debt's left missing
    verdicts = assessment.set_index("indicator")["plan_verdict"]
    assert verdicts.dropna().to_dict() == {
        "staff_quota": "not_met",
        "current_balance_ratio": "met",
        "fiscal_adjustment_fund": "met",
        "public_facilities_fund": "met",
        "debt_general_account": "met",
    }
    assert pd.isna(verdicts["debt_sewer"])


def test_assess_targets_last_change_method():
    a = ka.assess_targets("last_change").set_index("indicator")
    assert a.loc["debt_sewer", "projected_value"] == pytest.approx(9530 - 1060)
    with pytest.raises(ValueError, match="method"):
        ka.assess_targets("quadratic")


def test_describe_tables_covers_every_column():
    d = ka.describe_tables()
    tables = [*ka.TABLES.values(), *DERIVED_TABLES.values()]  # ka.TABLES holds SSDSE-A's tables too
    assert set(SSDSE_TABLES) | set(MIC_TABLES) <= set(ka.TABLES)
    assert len(d) == sum(len(t.columns) for t in tables)
    assert set(d["table"]) == {t.name for t in tables}
    assert d["label_ja"].str.len().gt(0).all() and d["label_en"].str.len().gt(0).all()


def test_unknown_table_lists_the_tables():
    with pytest.raises(ka.UnknownTableError, match="fiscal_effects"):
        ka.load("fiscal_effect")
