"""Parameters and API arguments normalised as the raw files are, or refused saying what was expected (issue 29, item 7)."""

from __future__ import annotations

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import peers, period, series
from kodaira_analysis.errors import ArgumentError, ParameterError
from kodaira_analysis.present.parameters import check_job_parameters, check_parameters
from tests.conftest import require_shared_ssdse

PEER_DEFAULTS = {"lang": "en", "peer_group": "tama26", "measures": ["staff_per_1000"], "year": 2024}


@pytest.mark.parametrize("code", ["１３２１１", "13211", 13211, " 13211 "])
def test_a_municipality_code_in_any_accepted_form_is_13211(code):
    assert (
        check_parameters("05-tama-peers", {**PEER_DEFAULTS, "municipality_code": code})["municipality_code"] == "13211"
    )
    assert check_job_parameters("05-tama-peers", {"municipality_code": code})["municipality_code"] == "13211"


@pytest.mark.parametrize(
    "code", ["١٣٢١١", "۱۳۲۱۱", "१३२११", "1321", "132111", "13211.0", 13211.0, True, None, 512, "１３２１"]
)
def test_a_municipality_code_in_any_other_form_is_refused_before_a_kernel_starts(code):
    with pytest.raises(ParameterError, match="five-digit municipality code"):
        check_job_parameters("05-tama-peers", {"municipality_code": code})
    with pytest.raises(ParameterError, match="municipality_code"):
        check_parameters("05-tama-peers", {**PEER_DEFAULTS, "municipality_code": code})


def test_digits_of_another_script_are_refused_with_the_reason():
    with pytest.raises(ParameterError, match="digits of other scripts are not converted"):
        check_job_parameters("05-tama-peers", {"municipality_code": "١٣٢١١"})


@pytest.fixture(scope="module")
def table():
    require_shared_ssdse()
    return ka.load("ssdse")


@pytest.mark.parametrize("year", [2014, -1, float("nan"), "2020", 2030, True, 2020.0])  # None: the latest year
def test_peer_measures_refuses_a_year_it_cannot_use(table, year):
    with pytest.raises(
        ArgumentError, match=r"peer_measures\(\): year=.* expected a whole number \(not text\) from 2015 to 2024"
    ):
        peers.peer_measures("tama26", "13211", year, table)


@pytest.mark.parametrize("function", [peers.peer_trends, peers.peer_measures])
def test_a_code_given_as_a_number_or_in_full_width_is_the_same_as_text(table, function):
    expected = function("tama26", "13211", 2024, table)
    pd.testing.assert_frame_equal(function("tama26", 13211, 2024, table), expected)
    pd.testing.assert_frame_equal(function("tama26", "１３２１１", 2024, table), expected)


@pytest.mark.parametrize(
    "call",
    [
        lambda t: peers.peer_measures("tama26", "١٣٢١١", 2024, t),
        lambda t: peers.peer_measures("tama26", None, 2024, t),
        lambda t: peers.peer_trends("tama26", 13211.0, 2024, t),
        lambda t: peers.describe_group("tama26", ["13211"], t),
        lambda t: peers.municipality_names(b"13211", t),
        lambda t: period.fiscal_series(t, "1321"),
        lambda t: period.population_change(t, 132111),
        lambda t: series.census_ageing(t, "13 211"),
        lambda t: series.births(t, None),
    ],
)
def test_every_function_taking_a_code_checks_it(table, call):
    with pytest.raises(ArgumentError, match=r"municipality_code=.*expected a five-digit municipality code"):
        call(table)


def test_a_peer_group_that_does_not_exist_is_named(table):
    with pytest.raises(ArgumentError, match=r"group='tama27'.*expected one of 'tama26', 'prefecture_cities'"):
        peers.peer_measures("tama27", "13211", 2024, table)


def test_measures_without_data_checks_its_list(table):
    with pytest.raises(ArgumentError, match="a list of measures"):
        peers.measures_without_data("staff_per_1000", 2024, table)


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ({"indicators": "x"}, r"indicators='x' is not allowed; expected a DataFrame with the columns indicator"),
        ({"indicators": pd.DataFrame({"indicator": []})}, "without fiscal_year, value, as_of"),
        ({"targets": ["debt"]}, "targets=.*expected a DataFrame"),
        ({"method": "cubic"}, "method='cubic' is not allowed; expected one of 'linear', 'last_change'"),
        ({"use_ssdse": "yes"}, "use_ssdse='yes' is not allowed; expected True, False or None"),
    ],
)
def test_assess_targets_says_what_it_expected(arguments, fragment):
    with pytest.raises(ArgumentError, match=fragment):
        ka.assess_targets(**arguments)


@pytest.mark.parametrize("name", [["fiscal_effects"], ("fiscal_effects",), 3, None, {"fiscal_effects"}])
def test_load_takes_one_table_name_as_text(name):
    with pytest.raises(ArgumentError, match=r"load\(\): name=.*expected one table name as text"):
        ka.load(name)


def test_an_unknown_table_is_still_named_with_the_tables_there_are():
    with pytest.raises(ka.UnknownTableError, match="no table 'nope'; the tables are: fiscal_effects"):
        ka.load("nope")


def test_argument_errors_are_value_errors_and_project_errors():
    assert issubclass(ArgumentError, ValueError) and issubclass(ArgumentError, ka.KodairaError)


@pytest.mark.parametrize(
    ("measure", "year", "fragment"),
    [
        ("x", 2020, "measure='x' is not allowed; expected one of 'current_balance_ratio'"),
        ("expenditure", "2020", r"year='2020' is not allowed; expected a whole number \(not text\) from 2014 to 2024"),
        ("expenditure", 1990, "year=1990 is not allowed"),
        ("expenditure", float("nan"), "year=nan is not allowed"),
    ],
)
def test_tama_values_checks_its_measure_and_year(table, measure, year, fragment):
    from kodaira_analysis.analysis import period_compare

    with pytest.raises(ArgumentError, match=fragment):
        period_compare.tama_values(measure, year, table)
