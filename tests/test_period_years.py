"""Compare across every year, not two endpoints (issue 28, item 2), against SSDSE-A read directly.

Table 2 of the summary shows FY2016 to the latest year SSDSE-A holds (FY2017 and FY2018 included), describes
each change from the whole series, holds the per-resident denominator fixed beside the published basis, and
says what the years after FY2020's jump show instead of calling it "not a trend".
"""

from __future__ import annotations

import itertools

import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import period_compare
from kodaira_analysis.topics import period_fiscal
from kodaira_analysis.topics.period_common import moves_words
from tests.conftest import require_shared_ssdse, ssdse_column, summary_period_views


def _direct(code: str) -> dict[int, float]:
    return ssdse_column(code)["13211"]


@pytest.fixture(scope="module")
def table():
    require_shared_ssdse()
    return ka.load("ssdse")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_table_2_shows_every_year_from_fy2016_to_the_latest(table, lang):
    frame = summary_period_views(table, lang)[0].frame
    latest = max(_direct("D3203"))
    years = [f"{y}年度" if lang == "ja" else f"FY{y}" for y in range(2016, latest + 1)]
    assert latest >= 2022 and all(y in frame.columns for y in years), list(frame.columns)
    moves = summary_period_views(table, lang)[1].frame
    assert not any(c in [*frame.columns, *moves.columns] for c in ("向き", "Direction")), "no verdict from endpoints"
    assert len(moves) == len(frame) and ("年ごとの動き" in moves.columns or "Year by year" in moves.columns)
    cbr = frame.iloc[0]
    for year, column in zip(range(2016, latest + 1), years, strict=True):
        assert cbr[column] == f"{_direct('D2203')[year]:.1f}%", year


def test_per_resident_change_is_also_given_with_one_denominator(table):
    frame = summary_period_views(table, "en")[0].frame.set_index("Measure")
    moves = summary_period_views(table, "en")[1].frame.set_index("Measure")
    taxes, population = _direct("D320101"), _direct("A1101")
    latest = max(taxes)
    fixed_label = "Local taxes per resident, denominator fixed at the 2020 census"  # named, not 'Same'
    fixed = frame.loc[fixed_label]
    change = moves.loc[fixed_label]["Change (FY2016 to latest)"]
    money = (taxes[latest] / taxes[2016] - 1) * 100
    assert change.split(";")[0].endswith(f"({money:+.1f}%)"), change  # then, where FY2016 is the low, so
    assert fixed["FY2016"] == f"¥{taxes[2016] / population[2020]:.1f} thousand"  # thousand yen / persons
    published = frame.loc["Local taxes per resident"]
    assert published["FY2016"] == f"¥{taxes[2016] / population[2015]:.1f} thousand"


def test_year_by_year_counts_every_move(table):
    from kodaira_analysis.analysis import period

    moves = period_compare.yearly_moves(period.fiscal_series(table), "current_balance_ratio")
    cbr = _direct("D2203")
    years = sorted(y for y in cbr if y >= 2016)
    steps = [cbr[b] - cbr[a] for a, b in itertools.pairwise(years)]
    assert (moves["rises"], moves["falls"]) == (sum(s > 0 for s in steps), sum(s < 0 for s in steps))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_fy2020_jump_is_described_by_the_years_after(table, lang):
    from kodaira_analysis.analysis import period

    expenditure = _direct("D3203")
    fiscal = period.fiscal_series(table)
    for sentence in (
        summary_period_views(table, lang)[2].split("\n")[0],
        period_fiscal.jump_sentence(table, fiscal, lang),
    ):
        for year in (2021, 2022):
            assert f"{(expenditure[year] / expenditure[2019] - 1) * 100:+.1f}%" in sentence, (year, sentence)
        assert "+17.0%" in sentence and "+28.8%" in sentence
        assert "傾向としては読めません" not in sentence and "cannot be read as a trend" not in sentence
        assert "１年だけ" not in sentence and "one-year jump" not in sentence


def test_report_01_describes_the_ratios_over_every_year(table):
    from kodaira_analysis.analysis import period

    fiscal = period.fiscal_series(table)
    cbr = _direct("D2203")
    during = [cbr[y] for y in range(2017, 2021)]
    ja = period_fiscal.ratios_sentence(fiscal, "ja")
    assert f"{min(during):.1f}%～{max(during):.1f}%" in ja and f"{cbr[max(cbr)]:.1f}%" in ja
    years = sorted(y for y in cbr if y >= 2016)
    rises = sum(cbr[b] > cbr[a] for a, b in itertools.pairwise(years))
    assert f"上昇{rises}回" in ja
    en = period_fiscal.ratios_sentence(fiscal, "en")
    assert f"between {min(during):.1f}% and {max(during):.1f}% during the plan period" in en


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_report_01_counts_the_unchanged_years_of_each_ratio(table, lang):
    """A committee reader found 01's real debt-service ratio '上昇4回・低下1回' with FY2020 to FY2021 (2.0% both)
    unsaid, where 00's Table 3 says 横ばい1回: every step from FY2016 is one of rising, falling or unchanged."""
    from kodaira_analysis.analysis import period

    sentence = period_fiscal.ratios_sentence(period.fiscal_series(table), lang)
    rds = _direct("D2211")
    years = sorted(y for y in rds if y >= 2016)
    steps = [rds[b] - rds[a] for a, b in itertools.pairwise(years)]
    up, down, same = sum(s > 0 for s in steps), sum(s < 0 for s in steps), sum(s == 0 for s in steps)
    assert same >= 1, "SSDSE-A gives Kodaira's real debt-service ratio as 2.0% in both FY2020 and FY2021"
    expected = moves_words({"rises": up, "falls": down, "unchanged": same}, lang, prose=True)
    assert expected in sentence and (f"横ばい{same}回" if lang == "ja" else "unchanged in") in expected, sentence


def test_report_01_names_every_year_of_local_taxes_after_the_peak(table):
    from kodaira_analysis.analysis import period

    taxes = _direct("D320101")
    sentence = period_fiscal.taxes_sentence(period.fiscal_series(table), "en")
    for year in range(2020, max(taxes) + 1):
        assert f"¥{taxes[year] / 1e6:,.2f} billion in FY{year}" in sentence, year  # thousand yen -> billion


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_03_moves_run_to_the_latest_year_ssdse_holds(table, lang):
    """03's moves (転入・転出) stopped at calendar 2023 (the notebook's end_year) though SSDSE-A holds 2024: the table,
    the chart and the sentence now run to the latest year the files hold, read here straight from the CSVs; births
    and deaths to their own latest year, the years between shown as '—' and said in the note."""
    import ast

    from kodaira_analysis.analysis import period
    from kodaira_analysis.paths import NOTEBOOKS_DIR
    from kodaira_analysis.topics import population

    moves_in, moves_out, births = _direct("A5101"), _direct("A5102"), _direct("A4101")
    latest_moves, latest_births = max(moves_in.keys() & moves_out.keys()), max(births)
    source = (NOTEBOOKS_DIR / "03-aging-population.py").read_text(encoding="utf-8")
    defaults = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
    }
    assert defaults["end_year"] >= latest_moves, "the default bound does not cut the latest year off"
    change = period.population_change(table).query(f"{defaults['start_year']} <= year <= {defaults['end_year']}")
    view = population.change_table(change, lang)
    years = view.frame.iloc[:, 0].tolist()
    assert years[-1] == latest_moves, years
    last = view.frame.iloc[-1]
    social = moves_in[latest_moves] - moves_out[latest_moves]
    assert last.iloc[-1] == population.fmt(social, "persons", lang, signed=True)
    sentence = str(population.change_sentence(change, lang))
    # the whole series, to the latest year of each, is described (range and peak years), never two endpoints
    assert (f"～{latest_moves}年の毎年" if lang == "ja" else f"-{latest_moves} was") in sentence, sentence
    assert (f"～{latest_births}年の毎年" if lang == "ja" else f"-{latest_births} was") in sentence, sentence
    if latest_births < latest_moves:  # the births not yet published are a dash, said in the note, never 0
        assert last.iloc[2] == "—" and str(latest_moves) in view.note
    chart = population.change_chart(change, lang)
    ticks = [t.get_text() for t in chart.figure.axes[1].get_xticklabels()]
    assert str(latest_moves) in ticks
