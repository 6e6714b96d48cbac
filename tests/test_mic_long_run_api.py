"""ka.mic_long_run.long_run, public: any municipality, outside Tama too, against a group that holds it, every year.

Small frames pin the arguments (the group must hold the municipality; a code as a number is read as five digits);
the shared MIC and SSDSE-A files check a city outside Tama (Kamakura, 14204, among the cities of Kanagawa) against
the figures read straight from the loaded table, year by year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kodaira_analysis as ka
from tests.conftest import require_shared_mic, require_shared_ssdse


def _frame(codes: list[str], values: list[float], year: int = 2020) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_code": codes,
            "fiscal_year": year,
            "indicator_code": "current_balance_ratio",
            "value": values,
            "value_printed": [str(v) for v in values],
            "dash_meaning": None,
        }
    )


def test_a_municipality_outside_the_default_group_is_refused_with_the_way_to_its_prefectures_cities():
    frame = _frame(["14204", "14100", "13211"], [90.0, 95.0, 85.0])
    with pytest.raises(ka.ArgumentError, match=r"peer_codes\('prefecture_cities', '14204'\)"):
        ka.mic_long_run.long_run(frame, municipality_code="14204")
    with pytest.raises(ka.ArgumentError, match="a group that holds municipality_code"):
        ka.mic_long_run.long_run(frame, municipality_code="14204", codes=["14100", "13211"])
    with pytest.raises(ka.ArgumentError, match="MIC's tables hold"):
        ka.mic_long_run.long_run(frame, municipality_code="14205", codes=["14205", "14100"])


def test_a_group_of_the_users_choice_ranks_the_municipality_within_it():
    frame = _frame(["14204", "14100", "13211"], [90.0, 95.0, 85.0])
    out = ka.mic_long_run.long_run(frame, municipality_code=14204, codes=["14204", "14100"]).iloc[0]
    assert out["value"] == 90.0 and out["group_n"] == 2 and out["rank_low"] == 1 and out["group_median"] == 92.5


def test_peer_codes_needs_no_table_for_a_named_group():
    assert ka.peers.peer_codes("tama26", "13211") == ka.peers.peer_codes("tama26", "13211", pd.DataFrame())
    assert len(ka.peers.peer_codes("tama26", 13211)) == 26


def test_peer_codes_loads_ssdse_itself_for_the_cities_of_a_prefecture():
    require_shared_ssdse()
    table = ka.load("ssdse")
    assert ka.peers.peer_codes("prefecture_cities", "14204") == ka.peers.peer_codes("prefecture_cities", "14204", table)


def test_peer_codes_without_ssdse_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path))
    with pytest.raises(ka.MissingExternalDataError, match=r"no SSDSE-A file in .*external-data"):
        ka.peers.peer_codes("prefecture_cities", "14204")


def test_kamakura_among_the_cities_of_kanagawa_over_every_fiscal_year():
    require_shared_mic()
    require_shared_ssdse()
    indicators, averages = ka.load("mic_indicators"), ka.load("mic_averages")
    kanagawa = ka.peers.peer_codes("prefecture_cities", "14204")
    assert "14204" in kanagawa and all(code.startswith("14") for code in kanagawa)
    out = ka.mic_long_run.long_run(indicators, averages, "14204", kanagawa)
    ratio = out[out["indicator"] == "current_balance_ratio"].set_index("fiscal_year")
    assert list(ratio.index) == list(range(2005, 2022))  # every fiscal year MIC's editions hold
    rows = indicators[(indicators["indicator_code"] == "current_balance_ratio")]
    for year, row in ratio.iterrows():
        that_year = rows[rows["fiscal_year"] == year].set_index("municipality_code")["value"]
        group = that_year.reindex(kanagawa).dropna()
        assert row["value"] == that_year["14204"]
        assert row["group_median"] == pytest.approx(float(np.median(group)))
        assert row["rank_low"] == 1 + int((group < that_year["14204"]).sum())
        assert row["group_n"] == len(group)
