"""A target no one judged has ``met`` missing (pandas' nullable boolean), never False: in the frame, through CSV,
Parquet and Stata, and in every consumer; the targets someone judged keep True and False."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis import dist
from kodaira_analysis.analysis import period
from kodaira_analysis.analysis.targets import was_met
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.topics import summary
from kodaira_analysis.topics import targets as target_topic
from kodaira_analysis.topics.target_figures import grid_alt

TODAY = date(2026, 12, 7)  # two fiscal years after FY2015 have passed: its settlement is published


def _indicators(sewer_fy2014: float | None = None, sewer_fy2015: float | None = None) -> pd.DataFrame:
    """The plan's results, the sewer-account debt's FY2014 changed or a later FY2015 figure added."""
    frame = ka.load("indicators").assign(source="plan")
    sewer = frame["indicator"] == "debt_sewer"
    if sewer_fy2014 is not None:
        frame.loc[sewer & (frame["fiscal_year"] == 2014), "value"] = sewer_fy2014
    if sewer_fy2015 is not None:
        at = sewer & (frame["fiscal_year"] == 2015)
        frame.loc[at, ["value", "source"]] = [sewer_fy2015, "SSDSE-A 2026"]
    return frame


def _assess(**kw) -> pd.DataFrame:
    indicators = _indicators(**{k: kw.pop(k) for k in ("sewer_fy2014", "sewer_fy2015") if k in kw})
    return ka.assess_targets(indicators=indicators, today=kw.pop("today", TODAY), **kw).set_index("indicator")


@pytest.mark.parametrize(
    ("sewer_fy2014", "latest_satisfies"),
    [(None, False), (8900.0, True)],  # the plan's 9,530 (above the 9,000 ceiling), and one within it
)
def test_a_target_no_one_judged_has_met_missing_whichever_way_its_latest_result_falls(sewer_fy2014, latest_satisfies):
    a = _assess(sewer_fy2014=sewer_fy2014)
    sewer = a.loc["debt_sewer"]
    assert sewer["status"] == "not_judged"
    assert bool(sewer["judged_value"] <= 9000.0) is latest_satisfies  # the comparison met used to report
    assert sewer["met"] is pd.NA
    assert str(a["met"].dtype) == "boolean"
    assert a["met"].isna().sum() == 1


def test_the_targets_someone_judged_keep_true_and_false():
    a = _assess(use_ssdse=False)
    assert a["met"].drop("debt_sewer").to_dict() == {
        "staff_quota": False,  # the plan: not met
        "current_balance_ratio": True,
        "fiscal_adjustment_fund": True,
        "public_facilities_fund": True,
        "debt_general_account": True,
    }
    # pandas leaves the missing one out of both filters: ~met is the targets judged missed, never the unjudged
    assert list(a.index[~a["met"]]) == ["staff_quota"]
    assert "debt_sewer" not in a.index[a["met"]]


def test_before_the_settlement_is_published_met_is_the_comparison_it_always_was():
    a = _assess(today=date(2016, 5, 1))
    assert a.loc["debt_sewer", "status"] == "on_track"
    met = a.loc["debt_sewer", "met"]
    assert met is not pd.NA and not met  # the latest, 9,530, is above the 9,000 ceiling: a comparison made
    assert a["met"].notna().all()


@pytest.mark.parametrize(("fy2015", "met"), [(8800.0, True), (9100.0, False)])
def test_a_later_settled_figure_judges_it_true_or_false(fy2015, met):
    a = _assess(sewer_fy2015=fy2015)
    assert a.loc["debt_sewer", ["status", "verdict_by"]].tolist() == ["met" if met else "not_met", "later_data"]
    assert bool(a.loc["debt_sewer", "met"]) is met and was_met(a.loc["debt_sewer"]) is met


def test_was_met_refuses_a_target_no_one_judged():
    row = _assess().loc["debt_sewer"].to_dict() | {"indicator": "debt_sewer"}
    with pytest.raises(KodairaError, match=r"debt_sewer: status 'not_judged', so met is missing"):
        was_met(row)


def test_a_csv_round_trip_keeps_it_missing():
    frame = _assess().reset_index()
    text = dist.csv_bytes(frame).decode("utf-8")
    sewer_line = next(line for line in text.splitlines() if line.startswith("debt_sewer,"))
    column = text.splitlines()[0].split(",").index("met")
    assert sewer_line.split(",")[column] == "", "blank, never false"
    back = pd.read_csv(io.StringIO(text), dtype={"met": "boolean"})
    pd.testing.assert_series_equal(back["met"], frame["met"])
    # pandas' own to_csv too: a blank cell, read back as missing
    plain = pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype={"met": "boolean"})
    assert plain["met"].isna().tolist() == frame["met"].isna().tolist()


def test_a_stata_round_trip_keeps_it_missing(tmp_path):
    frame = _assess().reset_index()[["indicator", "status", "met", "on_track"]]
    frame.to_stata(tmp_path / "targets.dta", write_index=False, version=118)
    back = pd.read_stata(tmp_path / "targets.dta").set_index("indicator")
    assert pd.isna(back.loc["debt_sewer", "met"]), "Stata's missing (.), never 0"
    assert back["met"].drop("debt_sewer").tolist() == [0, 1, 1, 1, 1]


def test_a_parquet_round_trip_keeps_it_missing():
    frame = _assess().reset_index()
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    back = pd.read_parquet(io.BytesIO(buffer.getvalue()))
    pd.testing.assert_series_equal(back["met"], frame["met"])


def test_the_archive_describes_met_as_a_nullable_boolean():
    table, frame = dist.exported_tables()["target_assessment"]
    met = table.column("met")
    assert (met.dtype, met.nullable) == ("boolean", True)
    field = next(
        f for r in dist.describe_package([table], "0")["resources"] for f in r["schema"]["fields"] if f["name"] == "met"
    )
    assert field["type"] == "boolean" and "required" not in field.get("constraints", {})
    assert field["trueValues"] == ["true"] and field["falseValues"] == ["false"]
    assert frame["met"].isna().any() == (frame["status"] == "not_judged").any()


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("sewer_fy2014", [None, 8900.0])
def test_the_consumers_read_a_missing_met_without_raising(lang, sewer_fy2014, tmp_path):
    from kodaira_analysis.reports.index import write_index

    assessment = _assess(sewer_fy2014=sewer_fy2014).reset_index()
    assert assessment["met"].isna().any()
    sentences = [str(target_topic.target_sentence(row, lang)) for _, row in assessment.iterrows()]
    assert all(sentences)
    target_topic.targets_table(assessment, lang)
    target_topic.method_sentence("linear", lang, assessment)
    assert grid_alt(assessment, list(assessment["indicator"]), lang)
    targets = ka.load("targets")
    words = summary.targets_frame(assessment, targets, lang)
    sewer = words.iloc[-1].tolist()
    assert ("判定なし" if lang == "ja" else "Not judged") in " ".join(map(str, sewer))
    summary.targets_notes(assessment, targets, lang)
    assert "target-not_judged" in write_index(tmp_path, [], {"reports": {}}, assessment)


def test_census_population_without_a_census_is_none_never_zero():
    table = pd.DataFrame(
        {
            "municipality_code": ["13211"] * 2,
            "indicator_code": ["A1101", "D3201"],
            "year": [2015, 2014],
            "value": [190000.0, 60000.0],
            "edition": [2020, 2020],
        }
    )
    assert period.census_population(table, "13211", 2014)[0] is None
    assert period.census_population(table, "13211", 2016) == (2015, 190000.0)
    fiscal = period.fiscal_series(table)
    per_resident = fiscal[fiscal["measure"] == "revenue_per_resident"].iloc[0]
    assert pd.isna(per_resident["denominator"]) and pd.isna(per_resident["value"])
    assert not fiscal["denominator"].astype(str).str.contains("census 0").any()


def test_results_without_a_source_column_are_refused_not_taken_for_the_plans():
    """A researcher's own results without ``source`` were taken for the plan's: a FY2015 sewer figure of theirs
    made a status 'the plan's' or 'this project's'. Whose each figure is must be said."""
    mine = _indicators(sewer_fy2015=8_800).drop(columns="source")
    with pytest.raises(ka.ArgumentError, match="source"):
        ka.assess_targets(indicators=mine, today=TODAY)
    said = _assess(sewer_fy2015=8_800).loc["debt_sewer"]
    assert (said["status"], said["verdict_by"], said["judged_source"]) == ("met", "later_data", "SSDSE-A 2026")
