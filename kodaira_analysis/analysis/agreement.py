"""Three sources agree: the plan's figures, MIC's and SSDSE-A's, wherever they overlap for Kodaira.

The overlaps are data (:data:`OVERLAPS`): 経常収支比率 FY2011-FY2020 (the plan
prints FY2011-FY2014, SSDSE-A carries FY2015 on) and 実質公債費比率
FY2015-FY2020 (MIC and SSDSE-A). For every year of an overlap the figures of
the sources present are compared at the published precision (one decimal); a
year where they differ is a disagreement, reported with every source's figure.
When MIC's or SSDSE-A's files are absent, that source is skipped and the result
says so and why: the check never passes silently.

``make data`` runs it after the plan's build (``python -m
kodaira_analysis.analysis.agreement``): exit 0 when every compared year agrees
(a year left uncompared because a source's files are absent is printed as
skipped, with the reason), 1 on any disagreement or on a year that the sources
present should have covered and did not.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

import pandas as pd

from kodaira_analysis.errors import KodairaError

KODAIRA = "13211"
SOURCES = ("plan", "mic", "ssdse")
#: Published precision of both ratios (percent, one decimal).
DECIMALS = 1


@dataclass(frozen=True)
class Overlap:
    """One indicator the sources share, under each source's own name, and the years they should agree on."""

    indicator: str
    label_ja: str
    first_year: int
    last_year: int
    plan: str | None
    mic: str
    ssdse: str


OVERLAPS = (
    Overlap(
        "current_balance_ratio", "経常収支比率", 2011, 2020, "current_balance_ratio", "current_balance_ratio", "D2203"
    ),
    Overlap("real_debt_service_ratio", "実質公債費比率", 2015, 2020, None, "real_debt_service_ratio", "D2211"),
)


@dataclass
class Agreement:
    """The comparison: one row per indicator and fiscal year, and the sources skipped with the reason."""

    table: pd.DataFrame
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def disagreements(self) -> pd.DataFrame:
        """The years whose figures differ between the sources present."""
        return self.table[self.table["status"] == "disagree"]

    @property
    def uncovered(self) -> pd.DataFrame:
        """The years of an overlap that fewer than two sources cover (nothing to compare)."""
        return self.table[self.table["status"] == "fewer_than_two_sources"]

    @property
    def ok(self) -> bool:
        """Whether every year was compared and agreed (skipped sources aside, which :meth:`report` says)."""
        return self.disagreements.empty and self.uncovered.empty


def compare(figures: dict[str, pd.DataFrame], skipped: tuple[str, ...] = ()) -> pd.DataFrame:
    """Compare the sources' figures year by year.

    Args:
        figures: per source ('plan', 'mic', 'ssdse'), a frame with columns indicator, fiscal_year, value
            (the project's indicator names; only Kodaira's figures). A source may be missing.
        skipped: the sources whose files are absent.

    Returns:
        One row per overlap indicator and fiscal year: each source's figure (NaN where it has none),
        the sources compared and the status: 'agree', 'disagree', 'skipped' (fewer than two figures
        because a source's files are absent) or 'fewer_than_two_sources' (the sources present should
        have covered the year and did not).
    """
    rows = []
    for overlap in OVERLAPS:
        for year in range(overlap.first_year, overlap.last_year + 1):
            row: dict[str, object] = {
                "indicator": overlap.indicator,
                "indicator_ja": overlap.label_ja,
                "fiscal_year": year,
            }
            for source in SOURCES:
                frame = figures.get(source)
                value = float("nan")
                if frame is not None:
                    hit = frame[(frame["indicator"] == overlap.indicator) & (frame["fiscal_year"] == year)]
                    hit = hit["value"].dropna()
                    if len(hit) > 1:
                        raise KodairaError(f"{source}: {len(hit)} figures for {overlap.indicator} FY{year}")
                    if len(hit):
                        value = round(float(hit.iloc[0]), DECIMALS)
                row[source] = value
            present = [s for s in SOURCES if not pd.isna(row[s])]
            row["compared"] = "+".join(present)
            if len(present) < 2:
                row["status"] = "skipped" if skipped else "fewer_than_two_sources"
            else:
                row["status"] = "agree" if len({row[s] for s in present}) == 1 else "disagree"
            rows.append(row)
    table = pd.DataFrame(rows)
    table["fiscal_year"] = table["fiscal_year"].astype("Int64")
    return table


def _plan() -> pd.DataFrame:
    from kodaira_analysis.analysis.dataset import load

    frame = load("indicators")
    return frame[["indicator", "fiscal_year", "value"]]


def _mic() -> pd.DataFrame:
    from kodaira_analysis.mic.cache import load_mic

    frame = load_mic("mic_indicators")
    frame = frame[frame["municipality_code"] == KODAIRA]
    return frame[["indicator_code", "fiscal_year", "value"]].rename(columns={"indicator_code": "indicator"})


def _ssdse() -> pd.DataFrame:
    from kodaira_analysis.ssdse.cache import load_ssdse

    frame = load_ssdse()
    names = {o.ssdse: o.indicator for o in OVERLAPS}
    frame = frame[(frame["municipality_code"] == KODAIRA) & frame["indicator_code"].isin(list(names))]
    return pd.DataFrame(
        {
            "indicator": frame["indicator_code"].astype(str).map(names),
            "fiscal_year": frame["year"],
            "value": frame["value"],
        }
    )


def check_sources() -> Agreement:
    """Load each source that is present and compare them (see the module's docstring)."""
    from kodaira_analysis.mic.catalogue import MissingMicDataError
    from kodaira_analysis.ssdse.catalogue import MissingExternalDataError

    figures: dict[str, pd.DataFrame] = {"plan": _plan()}
    skipped: dict[str, str] = {}
    for source, loader in (("mic", _mic), ("ssdse", _ssdse)):
        try:
            figures[source] = loader()
        except (MissingMicDataError, MissingExternalDataError) as exc:
            skipped[source] = str(exc)
    return Agreement(compare(figures, tuple(skipped)), skipped)


def _figure(value: float) -> str:
    return "no figure" if pd.isna(value) else f"{value:.{DECIMALS}f}"


def report(result: Agreement) -> str:
    """The check's result as text: every year compared, then what was skipped and why."""
    lines = ["Three sources (plan, MIC, SSDSE-A), Kodaira (13211), where they overlap:"]
    shown = result.table.drop(columns=["indicator_ja"]).to_string(index=False, na_rep="-")
    lines += ["  " + line for line in shown.splitlines()]
    for source, reason in result.skipped.items():
        lines.append(f"SKIPPED {source}: {reason}")
    for row in result.disagreements.itertuples():
        plan, mic, ssdse = (_figure(v) for v in (row.plan, row.mic, row.ssdse))
        lines.append(f"DISAGREE {row.indicator} FY{row.fiscal_year}: plan {plan}, MIC {mic}, SSDSE-A {ssdse}")
    for row in result.uncovered.itertuples():
        lines.append(f"NOT COMPARED {row.indicator} FY{row.fiscal_year}: only {row.compared or 'no source'}")
    counts = result.table["status"].value_counts()
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("agree", "disagree", "skipped", "fewer_than_two_sources"))
    lines.append(f"{len(result.table)} indicator-years: {summary}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the comparison; exit 1 on a disagreement or a year nothing could be compared on."""
    parser = argparse.ArgumentParser(prog="python -m kodaira_analysis.analysis.agreement", description=__doc__)
    parser.parse_args(argv)
    result = check_sources()
    print(report(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
