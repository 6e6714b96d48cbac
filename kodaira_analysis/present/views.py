"""Tables as a committee reads them: labelled in the report's language, units in the cells."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.targets import STATUS_LABELS
from kodaira_analysis.present.i18n import fiscal_year_label, format_date, format_value, pick, text
from kodaira_analysis.present.narrative import projected_value, target_phrase


def fiscal_effects_table(fe: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Category × fiscal year in million yen, with totals; blank years say 'not printed'."""
    label = "category" if lang == "ja" else "category_en"
    wide = fe.pivot_table(
        index=label,
        columns="fiscal_year",
        values="amount_million_yen",
        aggfunc="sum",
        sort=False,
        dropna=False,
        min_count=1,
    )
    wide[text("total", lang)] = wide.sum(axis=1, min_count=1)
    wide.loc[text("total", lang)] = wide.sum(axis=0, min_count=1)
    shown = wide.map(lambda v: text("not_printed", lang) if pd.isna(v) else f"{v:,.0f}")
    shown.columns = [fiscal_year_label(c, lang) if isinstance(c, int) else c for c in shown.columns]
    shown.index.name = (
        f"{text('category', lang)}（{text('million_yen', lang)}）"
        if lang == "ja"
        else (f"{text('category', lang)} ({text('million_yen', lang)})")
    )
    return shown.reset_index()


def targets_table(assessment: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The one-glance summary: indicator, target and its year, latest result and its year, status, projection."""
    rows = []
    for _, row in assessment.iterrows():
        rows.append(
            {
                text("indicator", lang): row["indicator_ja"] if lang == "ja" else row["indicator_en"],
                text("target", lang): target_phrase(row, lang),
                pick(lang, "目標年度", "Target year"): fiscal_year_label(int(row["target_fiscal_year"]), lang),
                text("latest", lang): format_value(row["latest_value"], row["unit"], lang),
                pick(lang, "実績の年度", "Year of result"): fiscal_year_label(int(row["latest_fiscal_year"]), lang),
                text("status", lang): STATUS_LABELS[lang][row["status"]],
                text("projected", lang): "—" if row["settled"] else projected_value(row, lang),
            }
        )
    return pd.DataFrame(rows)


def staffing_table(staff: pd.DataFrame, target_value: float, lang: str) -> pd.DataFrame:
    """Headcount by as-of date with the yearly change and the gap to the target."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")

    return pd.DataFrame(
        {
            text("fiscal_year", lang): [fiscal_year_label(int(y), lang) for y in staff["fiscal_year"]],
            text("as_of", lang): [format_date(d, lang) for d in staff["as_of"]],
            text("headcount", lang): [format_value(v, "persons", lang) for v in staff["value"]],
            text("change", lang): ["—" if pd.isna(c) else f"{c:+.0f}" for c in staff["value"].diff()],
            text("gap", lang): [f"{v - target_value:+.0f}" for v in staff["value"]],
        }
    )


def progress_table(pp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Policies × status, with totals."""
    policy = "policy" if lang == "ja" else "policy_en"
    status = "status_ja" if lang == "ja" else "status_en"
    order = list(dict.fromkeys(pp[status]))
    wide = pp.pivot_table(index=["policy_no", policy], columns=status, values="items", aggfunc="sum")[order]
    wide = wide.droplevel(0)
    wide.columns.name = None
    wide[text("total", lang)] = wide.sum(axis=1)
    wide.loc[text("total", lang)] = wide.sum(axis=0)
    wide.index.name = text("policy", lang)
    return wide.astype(int).reset_index()


def history_table(rh: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each reform programme with its period, items and follow-up."""
    name = "program" if lang == "ja" else "program_en"

    def period(r):
        return f"{fiscal_year_label(int(r['start_fiscal_year']), lang)} - {fiscal_year_label(int(r['end_fiscal_year']), lang)}"

    def followup(r):
        if pd.isna(r["followup_fiscal_year"]):
            return "—"
        fy = fiscal_year_label(int(r["followup_fiscal_year"]), lang)
        return pick(
            lang,
            f"{fy}：{int(r['followup_base_items'])}項目中{int(r['followup_items'])}項目",
            f"{fy}: {int(r['followup_items'])} of {int(r['followup_base_items'])} items",
        )

    return pd.DataFrame(
        {
            text("programme", lang): rh[name],
            text("period", lang): [period(r) for _, r in rh.iterrows()],
            pick(lang, "項目数", "Items"): [
                text("not_printed", lang) if pd.isna(v) else f"{int(v)}" for v in rh["items"]
            ],
            text("followup", lang): [followup(r) for _, r in rh.iterrows()],
        }
    )


def structure_table(ps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 3rd plan's policies and their implementation measures."""
    name = "name" if lang == "ja" else "name_en"
    nodes = ps.set_index("node_id")
    measures = ps[ps["level"] == "measure"]
    rows = []
    for _, m in measures.iterrows():
        policy = nodes.loc[m["parent_id"]]
        direction = nodes.loc[policy["parent_id"]]
        rows.append(
            {
                pick(lang, "方向性", "Direction"): direction[name],
                text("policy", lang): f"{policy['number']}. {policy[name]}",
                pick(lang, "実施策", "Implementation measure"): f"({m['number']}) {m[name]}",
            }
        )
    return pd.DataFrame(rows)


def _unit_text(unit: str, lang: str) -> str:
    return {"persons": pick(lang, "人", "persons"), "percent": "%", "thousand_yen": pick(lang, "千円", "thousand yen")}[
        unit
    ]


def peer_summary_table(measures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The subject's value, rank and the group median for each measure, with the year it describes."""
    subject = measures[measures["is_subject"]]
    return pd.DataFrame(
        {
            pick(lang, "指標", "Measure"): subject["measure_ja" if lang == "ja" else "measure_en"],
            pick(lang, "年（年度）", "Year"): subject["year"].astype(int).astype(str),
            pick(lang, "値", "Value"): [f"{v:,.2f}" for v in subject["value"]],
            pick(lang, "単位", "Unit"): [_unit_text(u, lang) for u in subject["unit"]],
            pick(lang, "順位", "Rank"): [f"{r} / {n}" for r, n in zip(subject["rank"], subject["of"], strict=True)],
            pick(lang, "中央値", "Group median"): [f"{v:,.2f}" for v in subject["group_median"]],
            pick(lang, "算式（SSDSE-Aの指標コード）", "Formula (SSDSE-A codes)"): subject["formula"],
        }
    )


def peer_ranking_table(measures: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """Every peer on one measure, highest first; the subject marked."""
    rows = measures[measures["measure"] == measure]
    return pd.DataFrame(
        {
            pick(lang, "順位", "Rank"): rows["rank"].astype(int),
            pick(lang, "市", "City"): [
                f"▶ {m}" if s else m
                for m, s in zip(
                    rows["municipality" if lang == "ja" else "municipality_en"], rows["is_subject"], strict=True
                )
            ],
            pick(lang, "地域コード", "Code"): rows["municipality_code"],
            pick(lang, "値", "Value"): [f"{v:,.2f}" for v in rows["value"]],
        }
    )
