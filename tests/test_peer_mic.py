"""Report 05: MIC's fiscal capability and Laspeyres indices among the peer measures.

The expected ranks are computed here from ``load("mic_indicators")`` with plain Python (no pandas ranking),
for Kodaira among the 26 Tama cities and for Tokorozawa among the cities of Saitama.
"""

from __future__ import annotations

import csv
from datetime import date

import numpy as np
import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import mic_long_run, peer_data, peer_mic, peers
from kodaira_analysis.topics import mic_common, mic_peers, peer_tables
from kodaira_analysis.topics import peers as topic
from tests.conftest import require_shared_mic, require_shared_ssdse

MIC_MEASURES = ["fiscal_capability_index", "laspeyres_index"]


@pytest.fixture(scope="module")
def mic():
    require_shared_mic()
    return ka.load("mic_indicators")


@pytest.fixture(scope="module")
def table(mic):
    require_shared_ssdse()
    return peers.peer_table(ka.load("ssdse"), mic)


def test_the_mic_measures_are_data_with_their_source():
    assert peer_data.measures_from("mic") == MIC_MEASURES
    assert "future_burden_ratio" not in peer_data.MEASURES, "its dash stays in MIC's own table"
    assert mic_peers.INDICATORS == ("future_burden_ratio",)
    assert {peer_data.source_of(m) for m in peer_data.MEASURES} == {"ssdse", "mic"}
    readings = mic_long_run.readings()
    for measure in MIC_MEASURES:
        spec = peer_data.MEASURES[measure]
        assert spec.denominator is None and spec.factor == 1
        assert (spec.label_ja, spec.unit, spec.decimals) == tuple(
            readings.loc[measure, ["label_ja", "unit", "decimals"]]
        )


def test_directions_agree_with_mic_readings():
    """Where a measure is also one of MIC's indicators, its direction, words and whose reading agree with mic_readings."""
    with peer_data.DIRECTIONS_FILE.open(encoding="utf-8") as f:
        directions = {row["measure"]: row for row in csv.DictReader(f)}
    with mic_long_run.READINGS_FILE.open(encoding="utf-8") as f:
        readings = {row["indicator"]: row for row in csv.DictReader(f)}
    shared = sorted(set(directions) & set(readings))
    assert shared == ["current_balance_ratio", "fiscal_capability_index", "laspeyres_index", "real_debt_service_ratio"]
    for measure in shared:
        ours, theirs = directions[measure], readings[measure]
        assert ours["favourable"] == theirs["favourable"], measure
        assert ours["reading_ja"] == theirs["reading_ja"], measure
        assert ours["source_ja"] == theirs["reading_source_ja"], measure
        assert ours["reading_en"] == theirs["reading_en"], measure
        assert ours["source_en"] == theirs["reading_source_en"], measure
    assert directions["laspeyres_index"]["source_ja"] == "本プロジェクトの読み方"


def _expected(mic: pd.DataFrame, measure: str, codes: set[str], subject: str) -> tuple[float, int, int]:
    """(value, rank, of) in FY2021 by hand: the Laspeyres index of 1 April 2021; rank 1 the highest fiscal capability
    index (higher is favourable) and the lowest Laspeyres index (no favourable direction: counted from the lowest)."""
    values = {}
    for row in mic[mic["indicator_code"] == measure].itertuples(index=False):
        if row.municipality_code not in codes or pd.isna(row.value):  # a dash with no reason: no figure
            continue
        if measure == "laspeyres_index":
            if pd.Timestamp(row.as_of).date() != date(2021, 4, 1):
                continue
        elif row.fiscal_year != 2021:
            continue
        assert row.municipality_code not in values, "one figure a city"
        values[row.municipality_code] = float(row.value)
    own = values[subject]
    better = (lambda v: v < own) if measure == "laspeyres_index" else (lambda v: v > own)
    return own, 1 + sum(better(v) for v in values.values()), len(values)


@pytest.mark.parametrize(("group", "code", "n"), [("tama26", "13211", 26), ("prefecture_cities", "11208", None)])
def test_ranks_equal_an_independent_computation(mic, table, group, code, n):
    measured = peers.peer_measures(group, code, 2024, table)
    in_group = set(measured.loc[measured["in_group"], "municipality_code"])
    if n is None:  # the cities of Saitama, from MIC's own names
        latest = mic[(mic["fiscal_year"] == 2021) & (mic["prefecture"] == "埼玉県")]
        n = len(
            {c for c, m in zip(latest["municipality_code"], latest["municipality"], strict=True) if m.endswith("市")}
        )
        assert n == len(in_group) and n > 26
    assert len(in_group) == n
    for measure in MIC_MEASURES:
        row = measured[(measured["measure"] == measure) & measured["is_subject"]].iloc[0]
        value, rank, of = _expected(mic, measure, in_group, code)
        assert (row["year"], row["value"], row["rank"], row["of"]) == (2021, value, rank, of), measure


def test_a_year_before_mic_s_latest_takes_that_year(mic, table):
    measured = peers.peer_measures("tama26", "13211", 2018, table)
    row = measured[(measured["measure"] == "laspeyres_index") & measured["is_subject"]].iloc[0]
    kodaira = mic[(mic["municipality_code"] == "13211") & (mic["indicator_code"] == "laspeyres_index")]
    assert row["year"] == 2018
    assert row["value"] == kodaira.loc[kodaira["as_of"] == pd.Timestamp("2018-04-01"), "value"].item()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_summary_table_says_each_kind_of_year_and_both_sources(table, lang):
    measured = peers.peer_measures("tama26", "13211", 2024, table)
    group = peers.describe_group("tama26", "13211", table)
    view = peer_tables.summary_table(measured, group, lang)
    years = dict(zip(view.frame.iloc[:, 0], view.frame.iloc[:, 1], strict=True))
    fiscal = "財政力指数" if lang == "ja" else "Fiscal capability index"
    laspeyres = "ラスパイレス指数" if lang == "ja" else "Laspeyres index of salaries"
    assert years[fiscal] == ("2021年度（決算）" if lang == "ja" else "FY2021 (settlement)")
    assert years[laspeyres] == ("2021年4月1日現在" if lang == "ja" else "1 April 2021")
    assert (
        "SSDSE-A" in view.source
        and mic_common.MIC_SOURCE[lang].split("：" if lang == "ja" else ": ", 1)[1] in view.source
    )
    ranking = peer_tables.ranking_table(measured, "laspeyres_index", group, lang, number=4)
    assert ranking.source == mic_common.MIC_SOURCE[lang], "a MIC measure alone names MIC alone"
    assert ("2021年4月1日現在" if lang == "ja" else "1 April 2021") in ranking.caption
    trends = peers.peer_trends("tama26", "13211", 2024, table)
    trend = peer_tables.trend_table(
        peers.trend_summary(trends), "laspeyres_index", ("小平市", "Kodaira"), group, lang, number=3
    )
    assert ("各年4月1日現在" if lang == "ja" else "as of 1 April of each year") in trend.note
    assert trend.source == mic_common.MIC_SOURCE[lang]
    assert len(trend.frame) == 7, "FY2015-FY2021: MIC's measures start where SSDSE-A's do"
    said = topic.mic_sentence(["staff_per_1000", "laspeyres_index", "fiscal_capability_index"], lang)
    assert (
        "ラスパイレス指数と財政力指数は、総務省" if lang == "ja" else "the Laspeyres index of salaries and the fiscal"
    ) in said
    only_ssdse = peer_tables.summary_table(measured[measured["measure"] == "staff_per_1000"], group, lang)
    assert "SSDSE-A" in only_ssdse.source and "MIC" not in only_ssdse.source and "総務省" not in only_ssdse.source


def test_without_mic_the_mic_measures_have_no_figures(table):
    ssdse_only = peers.peer_table(ka.load("ssdse"), mic=False)
    measured = peers.peer_measures("tama26", "13211", 2024, ssdse_only)
    assert set(measured["measure"]) == set(peer_data.measures_from("ssdse"))
    assert peers.measures_without_data(MIC_MEASURES, 2024, ssdse_only) == dict.fromkeys(MIC_MEASURES)


def _mic_frame(values, as_of=None, kinds=None):
    n = len(values)
    return pd.DataFrame({
        "municipality_code": ["13211"] * n, "prefecture": ["東京都"] * n, "municipality": ["小平市"] * n,
        "indicator_code": ["laspeyres_index"] * n, "indicator": ["ラスパイレス指数"] * n,
        "indicator_en": ["Laspeyres index"] * n, "fiscal_year": pd.array(range(2005, 2005 + n), dtype="Int64"),
        "value": values, "unit": ["index_national_100"] * n, "year_kind": kinds or ["as_of_1_april"] * n,
        "as_of": pd.to_datetime(as_of or [f"{y}-04-01" for y in range(2005, 2005 + n)]), "edition": ["x"] * n,
    })  # fmt: skip


def test_mic_rows_place_the_index_by_its_1_april_and_leave_a_dash_out():
    rows = peer_mic.mic_rows(_mic_frame([99.5, np.nan, 101.0], as_of=["2006-04-01", "2007-04-01", "2008-04-01"]))
    assert rows["year"].tolist() == [2006, 2008], "the year its 1 April opens; the dash (no figure) left out, not 0"
    assert rows["value"].tolist() == [99.5, 101.0] and set(rows["year_kind"]) == {"as of 1 April"}


def test_mic_rows_refuse_two_figures_for_one_year_or_an_unknown_kind():
    with pytest.raises(ValueError, match="13211 has 2 figures of laspeyres_index for fiscal year 2006"):
        peer_mic.mic_rows(_mic_frame([99.5, 99.6], as_of=["2006-04-01", "2006-04-01"]))
    with pytest.raises(ValueError, match="year_kind"):
        peer_mic.mic_rows(_mic_frame([99.5], kinds=["calendar"]))


def test_with_mic_adds_rows_and_leaves_ssdse_a_as_it_was(mic, table):
    ssdse = ka.load("ssdse")
    before = ssdse.dtypes.to_dict()
    combined = peer_mic.with_mic(ssdse, mic)
    assert ssdse.dtypes.to_dict() == before and "laspeyres_index" not in set(ssdse["indicator_code"])
    assert isinstance(combined["indicator_code"].dtype, pd.CategoricalDtype), "kept categorical: lookups stay fast"
    added = combined.iloc[len(ssdse) :]
    assert set(added["indicator_code"]) == set(MIC_MEASURES)
    assert set(added["municipality_code"]) <= set(ssdse["municipality_code"])
    assert not added["value"].isna().any()


def _extra_digit(cell: str, measure: str) -> bool:
    """A median cell with more decimals than its measure's figures (read from the cell, apart from topics/peers)."""
    number = cell.rstrip("%").replace(",", "")
    return "." in number and len(number.split(".")[1]) > peer_data.MEASURES[measure].decimals


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_note_on_halfway_medians_stands_where_they_are_shown_and_names_them(table, lang):
    """05 put its note on medians ending in 5 under the future burden table (median: a dash) and not under Tables
    2, 5, 9, 11 and 13, where 99.65, 0.945, 88.25 and 1.25 stand; it also said 'where the number is even' (always
    26) and 'beyond MIC's precision' (SSDSE-A's ratios too). Each table now says it where, and only where, the data
    gives such a median, naming them."""
    measured = peers.peer_measures("tama26", "13211", 2024, table)
    group = peers.describe_group("tama26", "13211", table)
    trends = peers.trend_summary(peers.peer_trends("tama26", "13211", 2024, table))
    said = "丸めずに示して" if lang == "ja" else "shown unrounded"
    views = [(peer_tables.summary_table(measured, group, lang), list(measured.loc[measured["is_subject"], "measure"]))]
    for measure in trends["measure"].unique():
        view = peer_tables.trend_table(trends, measure, ("小平市", "Kodaira"), group, lang, number=3)
        views.append((view, [measure] * len(view.frame)))
    with_note = 0
    for view, measures in views:
        medians = view.frame[view.frame.columns[5 if len(view.frame.columns) == 7 else 3]]
        halfway = [c for c, m in zip(medians, measures, strict=True) if _extra_digit(c, m)]
        assert (said in view.note) == bool(halfway), (view.caption, halfway, view.note)
        assert all(c in view.note for c in halfway), (view.caption, halfway, view.note)
        assert "偶数" not in view.note and "is even" not in view.note and "MIC's precision" not in view.note
        with_note += bool(halfway)
    assert with_note >= 4, "Table 2 and the trends of the Laspeyres index, the two ratios and the index have one"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_future_burden_table_says_the_median_rule_only_if_its_median_is_a_figure(mic, lang):
    lr = mic_long_run.long_run(mic, ka.load("mic_averages"))
    view = mic_peers.table(lr, lang)
    assert view.frame.iloc[0, 2] == mic_common.no_burden(lang), "FY2021: the Tama median is a dash"
    said = "丸めずに" if lang == "ja" else "unrounded"
    assert said not in view.note
    year = mic_peers.latest_year(lr)
    at = (lr["indicator"] == "future_burden_ratio") & (lr["fiscal_year"] == year)
    halfway = lr.copy()
    halfway.loc[at, "group_median"] = 12.35
    halfway.loc[at, "group_median_no_burden"] = False
    view = mic_peers.table(halfway, lang)
    assert view.frame.iloc[0, 2] == "12.35%" and said in view.note


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_future_burden_ratio_is_said_in_every_year_mic_gives_it(mic, lang):
    """05 compared FY2021 alone; Kodaira is a dash (no net burden) in MIC's files every year from FY2010 to FY2021.
    Each year's figure or dash and each year's count of dashes among the 26 are read here from the loaded table."""
    lr = mic_long_run.long_run(mic, ka.load("mic_averages"))
    said = str(mic_peers.years_sentence(lr, lang, ("小平市", "Kodaira")))
    kodaira = mic[(mic["municipality_code"] == "13211") & (mic["indicator"] == "将来負担比率")].sort_values(
        "fiscal_year"
    )
    dash = kodaira["dash_meaning"] == "no_net_future_burden"
    dash_years = kodaira.loc[dash, "fiscal_year"].astype(int).tolist()
    assert dash_years == list(range(dash_years[0], 2022)) and dash_years[0] <= 2015, dash_years
    span = f"{dash_years[0]}～{dash_years[-1]}年度は毎年度「－」" if lang == "ja" else (
        f"a dash (no net burden) in every year of FY{dash_years[0]}-FY{dash_years[-1]}")  # fmt: skip
    assert span in said, said
    for _, r in kodaira[~dash].iterrows():
        figure = f"{r['value']:.1f}%"
        assert (
            f"{int(r['fiscal_year'])}年度は{figure}" if lang == "ja" else f"{figure} in FY{int(r['fiscal_year'])}"
        ) in said
    tama = set(mic_long_run.tama_codes())
    fbr = mic[(mic["indicator"] == "将来負担比率") & mic["municipality_code"].isin(tama)]
    counts = fbr.assign(d=fbr["dash_meaning"] == "no_net_future_burden").groupby("fiscal_year")["d"].sum()
    listed = ("、" if lang == "ja" else ", ").join(str(int(n)) for n in counts.tolist()[:-1])
    assert listed in said and str(int(counts.iloc[-1])) in said, (counts.tolist(), said)
