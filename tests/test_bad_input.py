"""Malformed raw files stop the build with file, row, column and value named,
and leave data/processed byte-for-byte as it was. Legitimately readable
variants (CP932, UTF-8 or UTF-16 with BOM, full-width digits, trailing
empty rows) build the same tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from kodaira_analysis.errors import KodairaError, RawDataError, TotalMismatchError
from kodaira_analysis.plan.build import build
from tests.conftest import snapshot


def edit(raw_dir: Path, name: str, change: Callable[[str], str]) -> None:
    path = raw_dir / name
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, "the edit must change the file"
    path.write_text(changed, encoding="utf-8")


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert text.count(old) >= 1, old
        return text.replace(old, new, 1)

    return change


# (id, file, edit, error type, fragments the message must contain)
BAD_CASES = [
    # The plan's other wording of an adoption date is read as a fiscal year by report 04: checked by the
    # data build, not first in a report (an adversarial review, 2026-11-27).
    (
        "script in an adoption date",
        "reform_history.csv",
        replace_once("平成23年3月,平成23年度", '平成23年3月,<script>alert("RH")</script>'),
        RawDataError,
        ["reform_history.csv", "row 6", "策定時期（別の記載）", "script"],
    ),
    (
        "a month where a fiscal year belongs",
        "reform_history.csv",
        replace_once("平成23年3月,平成23年度", "平成23年3月,平成23年3月"),
        RawDataError,
        ["reform_history.csv", "row 6", "策定時期（別の記載）", "平成23年3月"],
    ),
    (
        "missing column",
        "fiscal_effects.csv",
        replace_once("26年度,27年度,", "26年度,"),
        RawDataError,
        ["fiscal_effects.csv", "row 1", "missing column", "27年度"],
    ),
    (
        "renamed column",
        "program_progress.csv",
        replace_once("予定どおり,", "予定通り,"),
        RawDataError,
        ["program_progress.csv", "row 1", "予定通り"],
    ),
    (
        "extra column",
        "demographics.csv",
        lambda t: t.replace("時点,値\n", "時点,値,備考\n").replace("％\n", "％,\n"),
        RawDataError,
        ["demographics.csv", "unexpected column", "備考"],
    ),
    (
        "non-numeric cell",
        "fiscal_effects.csv",
        replace_once("179,58", "179,abc"),
        RawDataError,
        ["fiscal_effects.csv", "row 2", "column '24年度'", "'abc'"],
    ),
    (
        "unknown era",
        "numerical_targets.csv",
        replace_once("（H24.4.1）", "（Q24.4.1）"),
        RawDataError,
        ["numerical_targets.csv", "row 3", "column '23年度'", "Q24.4.1"],
    ),
    (
        "impossible date",
        "numerical_targets.csv",
        replace_once("（H25.4.1）", "（H28.2.30）"),
        RawDataError,
        ["numerical_targets.csv", "row 3", "column '24年度'", "H28.2.30"],
    ),
    (
        "duplicate key",
        "fiscal_effects.csv",
        replace_once("人件費等の削減,47,53,36,26,,162", "歳入確保策の実施,47,53,36,26,,162"),
        RawDataError,
        ["fiscal_effects.csv", "duplicate key", "row 3"],
    ),
    (
        "total does not add up",
        "fiscal_effects.csv",
        replace_once("合計,285,174,338,87,,884", "合計,285,174,338,88,,884"),
        TotalMismatchError,
        ["fiscal_effects", "合計 26年度", "88", "87", "row 6"],
    ),
    (
        "row total does not add up",
        "program_progress.csv",
        replace_once("財政基盤の強化,0,14,4,18", "財政基盤の強化,0,14,4,19"),
        TotalMismatchError,
        ["program_progress", "財政基盤の強化 計", "19", "18"],
    ),
    (
        "narrative figure contradicted",
        "demographics.csv",
        replace_once("20.73％", "20.37％"),
        TotalMismatchError,
        ["demographics", "20.73", "20.37", "narrative_checks.csv"],
    ),
    (
        "unknown label",
        "fiscal_effects.csv",
        replace_once("事務費等の削減", "事務経費の削減"),
        RawDataError,
        ["fiscal_effects.csv", "row 4", "column '区分'", "事務経費の削減", "unknown fiscal category"],
    ),
    (
        "dash for a figure",
        "fiscal_effects.csv",
        replace_once("36,20,206", "36,-,206"),
        RawDataError,
        ["fiscal_effects.csv", "row 5", "column '24年度'", "ambiguous"],
    ),
    (
        "ellipsis for a count",
        "program_progress.csv",
        replace_once("地域協働の推進,1,", "地域協働の推進,…,"),
        RawDataError,
        ["program_progress.csv", "row 2", "column '予定より前倒し'", "ambiguous"],
    ),
    (
        "negative count",
        "program_progress.csv",
        replace_once("執行体制の再構築,0,", "執行体制の再構築,△1,"),
        RawDataError,
        ["program_progress.csv", "row 6", "△1"],
    ),
    (
        "negative head count",
        "numerical_targets.csv",
        replace_once("907人", "△907人"),
        RawDataError,
        ["numerical_targets.csv", "row 2", "column '24年度'", "negative"],
    ),
    (
        "blank required cell",
        "program_progress.csv",
        replace_once("情報の共有と双方向のコミュニケーション,0,5", "情報の共有と双方向のコミュニケーション,0,"),
        RawDataError,
        ["program_progress.csv", "row 3", "column '予定どおり'", "blank"],
    ),
    (
        "file cut off mid-row",
        "reform_history.csv",
        lambda t: t[: t.index("第３次行財政再構築プラン") + 10],
        RawDataError,
        ["reform_history.csv", "row 7", "cut off"],
    ),
    (
        "unit mismatch",
        "numerical_targets.csv",
        replace_once("92.7%", "92.7人"),
        RawDataError,
        ["numerical_targets.csv", "column '23年度'", "unit"],
    ),
    (
        "target without comparator",
        "numerical_targets.csv",
        replace_once("95.0%以下", "95.0%"),
        RawDataError,
        ["numerical_targets.csv", "column '目標値'", "comparator"],
    ),
    ("empty file", "plan_structure.csv", lambda t: "\n\n", RawDataError, ["plan_structure.csv", "empty"]),
    (
        "full-width dash for a figure",
        "fiscal_effects.csv",
        replace_once("47,53", "47,－"),
        RawDataError,
        ["fiscal_effects.csv", "row 3", "column '24年度'", "'－'", "ambiguous"],
    ),
    (
        "negative share",
        "demographics.csv",
        replace_once("20.73％", "△20.73％"),
        RawDataError,
        ["demographics.csv", "row 2", "column '値'", "negative"],
    ),
    (
        "unknown era in a date",
        "demographics.csv",
        replace_once("平成23年1月1日現在", "天保23年1月1日現在"),
        RawDataError,
        ["demographics.csv", "row 2", "column '時点'", "天保23年1月1日現在"],
    ),
    (
        "non-numeric target",
        "numerical_targets.csv",
        replace_once("95.0%以下", "九十五%以下"),
        RawDataError,
        ["numerical_targets.csv", "row 4", "column '目標値'", "九十五%以下"],
    ),
    (
        "as-of row missing",
        "numerical_targets.csv",
        lambda t: "\n".join(line for line in t.split("\n") if not line.startswith("財政調整基金,時点")),
        RawDataError,
        ["numerical_targets.csv", "時点 row", "missing"],
    ),
    (
        "duplicate indicator row",
        "numerical_targets.csv",
        lambda t: t + "定員,値,910人,911人,907人,911人,919人,932人\n",
        RawDataError,
        ["numerical_targets.csv", "row 14", "duplicate key"],
    ),
    (
        "header only",
        "reform_history.csv",
        lambda t: t.split("\n")[0] + "\n",
        RawDataError,
        ["reform_history.csv", "no data rows"],
    ),
    (
        "stray trailing comma on every row",
        "demographics.csv",
        lambda t: "\n".join(line + "," if line else line for line in t.split("\n")),
        RawDataError,
        ["demographics.csv", "row 1", "unexpected column"],
    ),
    (
        "unit changed to 千円",
        "fiscal_effects.csv",
        lambda t: t.replace(",百万円", ",千円"),
        TotalMismatchError,
        ["財政効果(4年間)", "884", "0.884", "narrative_checks.csv"],
    ),
    (
        "misspelt policy",
        "program_progress.csv",
        replace_once("財政基盤の強化", "財政基板の強化"),
        RawDataError,
        ["program_progress.csv", "row 5", "column '方針'", "財政基板の強化", "unknown policy"],
    ),
    (
        "comparator on a result",
        "numerical_targets.csv",
        replace_once("91.2%", "91.2%以下"),
        RawDataError,
        ["numerical_targets.csv", "row 4", "column '24年度'", "comparator"],
    ),
]


@pytest.mark.parametrize(("case", "file", "change", "error", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_stops_the_build_and_keeps_processed(raw_dir, processed_dir, case, file, change, error, fragments):
    build(raw_dir, processed_dir)
    before = snapshot(processed_dir)
    edit(raw_dir, file, change)
    with pytest.raises(error) as caught:
        build(raw_dir, processed_dir)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{case}: {fragment!r} not in {message!r}"
    assert snapshot(processed_dir) == before, "data/processed must be byte-for-byte unchanged"
    assert isinstance(caught.value, KodairaError)


def tables_of(processed_dir: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(processed_dir.glob("*.parquet"))}


@pytest.mark.parametrize(
    ("case", "encode"),
    [
        ("cp932", lambda text: text.encode("cp932")),
        ("utf-8 with BOM", lambda text: "\ufeff".encode() + text.encode("utf-8")),
        ("utf-16 with BOM", lambda text: text.encode("utf-16")),
        ("crlf line ends", lambda text: text.replace("\n", "\r\n").encode("utf-8")),
        ("trailing empty rows", lambda text: (text + ",,,,,,,\n\n,,\n").encode("utf-8")),
        (
            "full-width digits and separators",
            lambda text: text.replace("179,58", "１７９,５８").replace(",884,", ',"８８４",').encode("utf-8"),
        ),
    ],
)
def test_readable_variants_build_the_same_tables(raw_dir, processed_dir, tmp_path, case, encode):
    build(raw_dir, processed_dir)
    expected = tables_of(processed_dir)
    for path in [raw_dir / "fiscal_effects.csv", raw_dir / "numerical_targets.csv"]:
        path.write_bytes(encode(path.read_text(encoding="utf-8")))
    other = tmp_path / "other"
    assert build(raw_dir, other).built
    for name, frame in tables_of(other).items():
        pd.testing.assert_frame_equal(frame, expected[name], obj=f"{case}: {name}")


def test_thousands_separator_is_read(raw_dir, processed_dir):
    edit(
        raw_dir,
        "fiscal_effects.csv",
        lambda t: t.replace("施策等の見直し,36,20,206,7,,269", '施策等の見直し,36,20,"1,206",7,,"1,269"').replace(
            "合計,285,174,338,87,,884", '合計,285,174,"1,338",87,,"1,884"'
        ),
    )
    edit(raw_dir, "narrative_checks.csv", replace_once("約8億8千4百万円", "約18億8千4百万円"))
    build(raw_dir, processed_dir)
    fe = pd.read_parquet(processed_dir / "fiscal_effects.parquet")
    assert fe.loc[(fe.category_id == "programs") & (fe.fiscal_year == 2013), "amount_million_yen"].item() == 1206


def test_utf16_without_bom_is_refused_with_advice(raw_dir, processed_dir):
    build(raw_dir, processed_dir)
    before = snapshot(processed_dir)
    path = raw_dir / "demographics.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    with pytest.raises(RawDataError, match="UTF-16 without a byte-order mark"):
        build(raw_dir, processed_dir)
    assert snapshot(processed_dir) == before


def test_undecodable_bytes_name_the_file(raw_dir, processed_dir):
    (raw_dir / "demographics.csv").write_bytes(b"\x82\xa0\xff\xfe\x00\x81")
    with pytest.raises(RawDataError, match=re.escape("demographics.csv")):
        build(raw_dir, processed_dir)
