"""The plan-period comparisons with the Tama cities, on a small table made here (no SSDSE-A files needed).

Three Tama cities: Hachioji (13201), Tachikawa (13202) and Kodaira (13211). The expected figures are worked
out by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kodaira_analysis.analysis import period_compare


def _table(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["municipality_code", "indicator_code", "year", "value"])


CENSUS = [
    ("13201", "A1101", 2015, 1000.0),
    ("13202", "A1101", 2015, 2000.0),
    ("13211", "A1101", 2015, 4000.0),
    ("13201", "A1101", 2020, 2000.0),
    ("13202", "A1101", 2020, 2000.0),
    ("13211", "A1101", 2020, 5000.0),
]


def test_tama_medians_per_resident_use_the_census_at_or_before_the_year():
    table = _table(
        [
            *CENSUS,
            # expenditure (million yen) x 1000 / census = thousand yen per resident
            ("13201", "D3203", 2019, 300.0),  # / 1000 (2015 census) -> 300
            ("13202", "D3203", 2019, 200.0),  # / 2000 -> 100
            ("13211", "D3203", 2019, 800.0),  # / 4000 -> 200; median 200
            ("13201", "D3203", 2020, 300.0),  # / 2000 (2020 census) -> 150
            ("13202", "D3203", 2020, 500.0),  # / 2000 -> 250
            ("13211", "D3203", 2020, 5000.0),  # / 5000 -> 1000; median 250
        ]
    )
    fiscal = pd.DataFrame({"measure": ["expenditure_per_resident"] * 2, "year": [2019, 2020]})
    medians = period_compare.tama_medians(table, fiscal)
    assert medians == {
        ("expenditure_per_resident", 2019): pytest.approx(200.0),
        ("expenditure_per_resident", 2020): pytest.approx(250.0),
    }  # no other measure has a figure: none is given a median of nothing


def test_tama_medians_only_for_the_years_of_the_series():
    table = _table([*CENSUS, ("13211", "D3203", 2020, 5000.0)])
    fiscal = pd.DataFrame({"measure": ["revenue"], "year": [2020]})  # not a per-resident measure
    assert period_compare.tama_medians(table, fiscal) == {}


def test_staff_per_1000_ranks_kodaira_fewest_first():
    table = _table(
        [
            *CENSUS,
            ("13201", "D1202", 2016, 10.0),  # / 1000 (2015 census) x 1000 -> 10.0
            ("13202", "D1202", 2016, 10.0),  # / 2000 -> 5.0
            ("13211", "D1202", 2016, 28.0),  # / 4000 -> 7.0: 2nd fewest of 3
            ("13201", "D1202", 2021, 8.0),  # / 2000 (2020 census) -> 4.0
            ("13202", "D1202", 2021, 12.0),  # / 2000 -> 6.0
            ("13211", "D1202", 2021, 15.0),  # / 5000 -> 3.0: the fewest
        ]
    )
    staff = pd.DataFrame(
        {
            "measure": ["admin_staff", "admin_staff", "staff_quota"],
            "year": [2021, 2016, 2016],
            "value": [15.0, 28.0, 900.0],
            "per_1000": [3.0, 7.0, float("nan")],
            "source": ["SSDSE-A 2024", "SSDSE-A 2019", "plan"],
        }
    )
    frame = period_compare.staff_per_1000(table, staff)
    assert list(frame["year"]) == [2016, 2021]  # the admin_staff rows only, in year order
    first, last = frame.iloc[0], frame.iloc[1]
    assert (first["staff"], first["per_1000"], first["source"]) == (28.0, 7.0, "SSDSE-A 2019")
    assert (first["median"], first["low"], first["high"]) == pytest.approx((7.0, 5.0, 10.0))
    assert (first["rank"], first["of"]) == (2, 3)
    assert (last["median"], last["low"], last["high"]) == pytest.approx((4.0, 3.0, 6.0))
    assert (last["rank"], last["of"]) == (1, 3)
