"""Words and number formats of the reports, in Japanese (first) and English.

Every label a reader sees in a figure, table or sentence comes from here (or
from :mod:`~kodaira_analysis.present.dates`, :mod:`~kodaira_analysis.present.axes`
and the citations of :mod:`~kodaira_analysis.present.sources`) or from a table's
own ``*_en`` column, so that ``lang='en'`` output carries no Japanese-only label.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kodaira_analysis.japanese import era_year_label

LANGUAGES = ("ja", "en")

#: The plan's Japanese title in the phrases a narrow screen may break it between (never inside one).
PLAN_TITLE_PHRASES_JA = ("小平市", "第３次", "行財政再構築プラン", "（平成29年度～32年度）")
PLAN_TITLE = {
    "ja": "".join(PLAN_TITLE_PHRASES_JA),
    "en": "Kodaira City 3rd Administrative and Fiscal Restructuring Plan (FY2017-FY2020)",
}

#: Every fixed string of the reports: key -> (Japanese, English).
TEXT: dict[str, tuple[str, str]] = {
    "fiscal_year": ("年度", "Fiscal year (April to March)"),
    "million_yen": ("百万円", "million yen"),
    "axis_money": ("億円", "¥ billion"),
    "percent": ("%", "%"),
    "persons": ("人", "persons"),
    "items": ("項目", "items"),
    "births_per_woman": ("人", "births per woman"),
    "source": ("出典", "Source"),
    "target": ("目標", "Target"),
    "target_date": ("目標時点", "Target date"),
    "target_ceiling": ("目標（上限）", "Target (ceiling)"),
    "target_floor": ("目標（下限）", "Target (floor)"),
    "result": ("実績", "Result"),
    "projection": ("推計", "Projection"),
    "projection_ours": ("本プロジェクトの推計（白丸）", "Our projection (hollow)"),
    "status": ("評価", "Verdict"),
    "indicator": ("指標", "Indicator"),
    "latest": ("最新の数値（年度・出典）", "Latest figure in our sources (year, source)"),
    "projected": ("目標年度の推計（当てはめ方による幅）", "Projected at target year (range of fits)"),
    "method": ("推計方法", "Projection method"),
    "cumulative": ("累計", "Cumulative"),
    "total": ("合計", "Total"),
    "category": ("区分", "Category"),
    "policy": ("方針", "Policy"),
    "programme": ("計画", "Programme"),
    "period": ("計画期間", "Period"),
    "followup": ("フォローアップ", "Follow-up"),
    "not_printed": ("記載なし", "not printed"),
    "desirable_band": ("望ましいとされる水準（70～80%）", "Range considered desirable (70-80%)"),
    "lower_bound": ("下限（これを上回る）", "Lower bound (actual is higher)"),
    "change": ("前年からの増減", "Change from previous year"),
    "as_of": ("時点", "As of"),
    "kodaira": ("小平市", "Kodaira City"),
    "japan": ("全国", "Japan"),
    "headcount": ("定員", "Staff quota"),
    "fiscal_effect": ("財政効果", "Fiscal effect"),
}

#: The verdict on a target, as the reports word it.
STATUS_LABELS = {
    "ja": {
        "met": "達成",
        "on_track": "推計上は達成",
        "off_track": "推計上は未達成",
        "not_met": "未達成",
        "not_judged": "判定なし（実績は市の決算で公表）",
    },
    "en": {
        "met": "Met",
        "on_track": "Met on our projection",
        "off_track": "Missed on our projection",
        "not_met": "Not met",
        "not_judged": "Not judged (the city publishes the actual)",
    },
}
#: Whose judgment a target's verdict is (``assess_targets()['verdict_by']``): one wording on every page.
VERDICT_BY = {
    "plan": ("プランの記述", "The plan's statement"),
    # a data set gives no verdict: this project compares its figure with the target
    "later_data": (
        "本プロジェクト（プラン策定後の公的統計、SSDSE-A）",
        "This project, on later official statistics (SSDSE-A)",
    ),
    "projection": ("本プロジェクトの推計", "Our projection"),
}
#: Whose verdict a target no one judges is: no one's, each named with why (the projection is shown, never as a verdict).
NOT_JUDGED_BY = (
    "なし（プランは判定を記載せず、本プロジェクトは推計では判定しない）",
    "No one: the plan prints no verdict, and this project does not judge on a projection",
)
#: Added to 'later official statistics' as whose verdict, where the plan too reported the target met (on FY2014).
PLAN_ALSO_MET = ("。プランも2014年度決算で達成と記述", "; the plan, too, reports it met on the FY2014 settlement")


def verdict_label(row: Mapping[str, Any], lang: str) -> str:
    """The verdict cell: the status label, and the year of the result it rests on when that is not the target's.

    The plan judged its FY2015 targets on end-FY2014 results; the cell says so, and whose verdict it is stays
    in its own column.

    >>> row = {"status": "met", "verdict_by": "plan", "judged_fiscal_year": 2014, "target_fiscal_year": 2015,
    ...        "judged_as_of": "2015-03-31", "unit": "million_yen"}
    >>> verdict_label(row, "ja"), verdict_label(row, "en")
    ('達成（2014年度末の実績による）', 'Met on the end-FY2014 result')
    >>> verdict_label({**row, "unit": "percent"}, "ja"), verdict_label({**row, "unit": "percent"}, "en")
    ('達成（2014年度決算による）', 'Met on the FY2014 settlement')
    """
    label = STATUS_LABELS[check_lang(lang)][row["status"]]
    if row["status"] not in ("met", "not_met") or int(row["judged_fiscal_year"]) >= int(row["target_fiscal_year"]):
        return label
    year = int(row["judged_fiscal_year"])
    as_of = str(row.get("judged_as_of") or "")
    end = row.get("unit") != "percent" and as_of[5:10] == "03-31"
    if lang == "ja":
        return f"{label}（{year}年度末の実績による）" if end else f"{label}（{year}年度決算による）"
    return f"{label} on the end-FY{year} result" if end else f"{label} on the FY{year} settlement"


#: How a projection is made, as the reports word it.
ASSESSMENT_METHOD = {
    "ja": {
        "linear": "各年度の実績に最小二乗法で直線を当てはめ、目標年度まで延長した",
        "last_change": "直近1年間の増減が目標年度まで続くと仮定した",
    },
    "en": {
        "linear": "least-squares line through every result, extended to the target's fiscal year",
        "last_change": "the last year-on-year change repeated until the target's fiscal year",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r}: use one of {LANGUAGES}")
    return lang


def text(key: str, lang: str) -> str:
    """Return a fixed string in the requested language.

    >>> text("target", "ja"), text("target", "en")
    ('目標', 'Target')
    """
    ja, en = TEXT[key]
    return ja if check_lang(lang) == "ja" else en


def pick(lang: str, ja: str, en: str) -> str:
    """Choose between a Japanese and an English string."""
    return ja if check_lang(lang) == "ja" else en


def fiscal_year_label(fiscal_year: int, lang: str) -> str:
    """A fiscal year as a reader expects it.

    >>> fiscal_year_label(2014, "ja"), fiscal_year_label(2014, "en")
    ('2014（平成26）年度', 'FY2014')
    """
    if check_lang(lang) == "ja":
        return f"{int(fiscal_year)}（{era_year_label(int(fiscal_year), suffix='')}）年度"
    return f"FY{int(fiscal_year)}"


def format_million_yen(amount: float, lang: str) -> str:
    """Money given in million yen, written naturally (億円・万円 in Japanese).

    >>> format_million_yen(884, "ja"), format_million_yen(884, "en")
    ('8億8,400万円', '¥884 million')
    >>> format_million_yen(3750, "ja"), format_million_yen(23, "ja")
    ('37億5,000万円', '2,300万円')
    """
    if math.isnan(amount):
        return text("not_printed", lang)
    if check_lang(lang) == "en":
        return f"¥{amount:,.0f} million" if abs(amount) < 1000 else f"¥{amount / 1000:,.2f} billion"
    sign = "△" if amount < 0 else ""
    man = round(abs(amount) * 100)  # 1 million yen = 100 万円
    oku, rest = divmod(man, 10_000)
    parts = (f"{oku}億" if oku else "") + (f"{rest:,}万" if rest else "")
    return f"{sign}{parts or '0'}円"


def format_value(value: float, unit: str, lang: str) -> str:
    """An indicator value with its unit: 932人, 93.9%, 37.5億円 / ¥3.75 billion.

    >>> format_value(3750, "million_yen", "ja"), format_value(93.9, "percent", "en")
    ('37.5億円', '93.9%')
    >>> format_value(3000, "million_yen", "en"), format_value(29940, "million_yen", "en")
    ('¥3.00 billion', '¥29.94 billion')

    Money is to 0.1億円 in Japanese, so to ¥0.01 billion in English: a range reads '¥8.20 billion to ¥8.47
    billion', never '¥8.2 billion to ¥8.47 billion'. A target the plan prints in whole 億円 is written at its
    printed precision by :func:`format_target_value`.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("not_printed", lang)
    if unit == "million_yen":
        if lang == "ja":
            return f"{value / 100:,.1f}億円"
        return f"¥{value / 1000:,.2f} billion"
    if unit == "percent":
        return f"{value:.1f}%" if value * 10 == int(value * 10) else f"{value:.2f}%"
    if unit == "persons":
        return f"{value:,.0f}人" if lang == "ja" else f"{value:,.0f} staff"
    if unit == "births_per_woman":
        return f"{value:.2f}"
    raise ValueError(f"unknown unit {unit!r}")


def round_as_printed(value: float, unit: str) -> float:
    """A computed value (a projection) to the precision the plan prints: 0.1 point, 0.1億円, one person.

    >>> round_as_printed(4115.0, "million_yen"), round_as_printed(93.25, "percent"), round_as_printed(8195.0, "million_yen")
    (4120.0, 93.3, 8200.0)
    """
    return float(half_up(value, {"million_yen": -1, "percent": 1, "persons": 0}.get(unit, 2)))


def half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded half up (四捨五入) to ``decimals`` places (negative: tens...), as a person rounds.

    Python's float formatting rounds the binary number (101.35 is stored as 101.3499...), so a figure ending in 5
    could go down; the value is first taken to six places, where float noise such as 4114.9999999 ends, then rounded
    as a decimal.

    >>> [str(half_up(v, d)) for v, d in ((101.35, 1), (99.85, 1), (1.055, 2), (-0.25, 1), (4114.9999999, -1))]
    ['101.4', '99.9', '1.06', '-0.3', '4.12E+3']
    """
    exact = Decimal(f"{float(value):.6f}")
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_points(points: float, lang: str, decimals: int = 2) -> str:
    """A change in percentage points.

    >>> format_points(0.3175, "ja"), format_points(0.3175, "en")
    ('0.32ポイント', '0.32 percentage points')
    """
    return f"{points:.{decimals}f}ポイント" if check_lang(lang) == "ja" else f"{points:.{decimals}f} percentage points"


#: The marker of a target whose direction the plan does not print (explained by ``implied_direction_note``).
OUR_READING_MARK = {"ja": "＊", "en": "*"}


def format_target_value(row, lang: str) -> str:
    """A target's value at the precision the plan prints it: 30億円 is ¥3.0 billion, 37.5億円 would be ¥3.75 billion.

    >>> format_target_value({"target_printed": "30億円", "target_value": 3000.0, "unit": "million_yen"}, "en")
    '¥3.0 billion'
    >>> format_target_value({"target_printed": "95.0％以下", "target_value": 95.0, "unit": "percent"}, "en")
    '95.0%'
    """
    if row["unit"] != "million_yen" or lang == "ja":
        return format_value(row["target_value"], row["unit"], lang)
    number = re.search(r"\d+(?:\.(\d+))?", unicodedata.normalize("NFKC", str(row["target_printed"])))
    decimals = len(number.group(1) or "") + 1 if number else 2  # one decimal of 億円 is two of ¥ billion
    return f"¥{row['target_value'] / 1000:,.{decimals}f} billion"


def format_target(row, lang: str) -> str:
    """A target as the plan prints it; a direction the plan does not print is marked as our reading.

    ``row`` needs ``target_printed``, ``target_value``, ``unit``, ``comparator`` and ``comparator_source``.

    >>> row = {"target_printed": "300億円以内", "target_value": 30000.0, "unit": "million_yen",
    ...        "comparator": "<=", "comparator_source": "printed"}
    >>> format_target(row, "ja"), format_target(row, "en")
    ('300億円以内', 'within ¥30.0 billion')
    >>> row = {"target_printed": "910人", "target_value": 910.0, "unit": "persons",
    ...        "comparator": "<=", "comparator_source": "implied"}
    >>> format_target(row, "ja"), format_target(row, "en")
    ('910人＊', '910 staff*')
    """
    printed = unicodedata.normalize("NFKC", str(row["target_printed"])).replace(" ", "")
    mark = OUR_READING_MARK[check_lang(lang)] if row["comparator_source"] == "implied" else ""
    if lang == "ja":
        return printed + mark
    value = format_target_value(row, lang)
    if mark:
        return value + mark
    if printed.endswith("以内"):
        return f"within {value}"
    return f"{value} or less" if row["comparator"] == "<=" else f"{value} or more"


def _and(names: list[str], lang: str) -> str:
    if lang == "ja":
        return "と".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def implied_direction_note(rows, lang: str, basis: str = "") -> str:
    """The note that goes with every target marked as our reading; empty when none is.

    ``rows`` are assessment or target rows (``indicator_ja``, ``indicator_en``, ``comparator``,
    ``comparator_source``). ``basis``, a citation of the plan's own statement of which of these targets
    were met, says what the reading follows (the plan's verdicts on them imply each direction).

    >>> row = {"indicator_ja": "定員", "indicator_en": "Staff quota", "comparator": "<=", "comparator_source": "implied"}
    >>> note = implied_direction_note([row], "en", " (Chapter 1, section 2(4))")
    >>> note.endswith("interpretation, in line with the plan's account of whether it was met (Chapter 1, section 2(4)).")
    True
    """
    implied = [r for r in rows if r["comparator_source"] == "implied"]
    if not implied:
        return ""
    if check_lang(lang) == "ja":
        names = {c: [r["indicator_ja"] for r in implied if r["comparator"] == c] for c in ("<=", ">=")}
        parts = [f"{_and(n, lang)}の目標値を{'上限' if c == '<=' else '下限'}" for c, n in names.items() if n]
        these = "これらの目標値" if len(implied) > 1 else "この目標値"
        follows = f"目標を達成したか否かについてのプランの記述{basis}に沿った、" if basis else ""
        return (
            f"＊プランは{these}に「以下」「以内」など上限・下限の別を記載していません。"
            + "、".join(parts)
            + f"として評価したのは、{follows}本プロジェクトの解釈です。"
        )
    names = {c: ["the " + r["indicator_en"].lower() for r in implied if r["comparator"] == c] for c in ("<=", ">=")}
    parts = [
        f"the target{'s' if len(n) > 1 else ''} for {_and(n, lang)} as "
        + ("a " if len(n) == 1 else "")
        + ("ceiling" if c == "<=" else "floor")
        + ("s" if len(n) > 1 else "")
        for c, n in names.items()
        if n
    ]
    these = "these targets" if len(implied) > 1 else "this target"
    reading = parts[0] if len(parts) == 1 else ", and ".join(parts) + ","
    whether = "whether it was met" if len(implied) == 1 else "which of them were met"
    follows = f", in line with the plan's account of {whether}{basis}" if basis else ""
    return (
        f"* The plan prints no 'or less', 'within' or the like with {these}. Reading "
        + reading
        + f" is this project's interpretation{follows}."
    )
