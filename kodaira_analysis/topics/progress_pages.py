"""Topic: what the city published after the plan about its reform programmes (two pages of its website).

The 3rd programme at the end of September 2017 (43 items) and the 2nd plan's follow-up at the end of
FY2016 (41 items), by policy and status, from ``load("progress_reports")``. The 2017 page gives two dates
(its heading 平成29年9月末, its table's caption 平成28年度末): every sentence and table here says both.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import reform_progress
from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick, text
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.wording import Wording, be_en
from kodaira_analysis.present.wording import number_en as _n

STATUSES = reform_progress.STATUSES
REPORT_ORDER = ("programme_3", "programme_2_followup")
_REPORT_NAMES = {
    "programme_3": ("第３次改革推進プログラム", "the 3rd Reform Programme"),
    "programme_2_followup": ("第２次行財政再構築プランのフォローアップ", "the follow-up of the 2nd Restructuring Plan"),
}


def when(day: pd.Timestamp, printed: str, lang: str, *, short: bool = False) -> str:
    """An as-of date as the page prints it: the end of a fiscal year (平成28年度末) or of a month (平成29年9月末).

    >>> when(pd.Timestamp("2017-03-31"), "平成28年度末", "ja"), when(pd.Timestamp("2017-03-31"), "平成28年度末", "en")
    ('2016（平成28）年度末', 'the end of FY2016 (31 March 2017)')
    >>> when(pd.Timestamp("2017-09-30"), "平成29年9月末", "ja"), when(pd.Timestamp("2017-09-30"), "平成29年9月末", "en")
    ('2017（平成29）年9月末', 'the end of September 2017')
    >>> when(pd.Timestamp("2017-03-31"), "平成28年度末", "en", short=True)
    'end of FY2016'
    """
    if printed.endswith("年度末"):
        year = day.year - 1 if day.month <= 3 else day.year
        en = f"end of FY{year}" if short else f"the end of FY{year} ({format_date(day, 'en')})"
        return pick(lang, f"{fiscal_year_label(year, 'ja')}末", en)
    era = fiscal_year_label(day.year, "ja").removesuffix("年度")
    en = f"end of {day.strftime('%B')} {day.year}"
    return pick(lang, f"{era}年{day.month}月末", en if short else f"the {en}")


def _report(pr: pd.DataFrame, report_id: str) -> pd.DataFrame:
    part = pr[pr["report_id"] == report_id]
    if part.empty:
        raise ValueError(f"progress_reports has no rows of {report_id!r}")
    return part


def _counts(part: pd.DataFrame) -> dict[str, int]:
    return reform_progress.items_by_status(part).to_dict()


_THIRD = Wording(
    ja="市のホームページによれば、第３次改革推進プログラムの{total}項目のうち、{on}項目が予定どおりに進捗し、{behind}項目が予定よりも遅れていました"
    "{ahead_ja}。遅れていた{behind}項目は{behind_where}。このページは、見出しと本文では{as_of}現在、表の表題では{caption}現在としており、"
    "どちらが正しいかをページは述べていませんが、表題の時点はプランの期間（2017～2020年度）が始まる前です。",
    en="According to the city's website, of the {total} items of the 3rd Reform Programme, {on_en} on schedule and {behind_en} "
    "behind{ahead_en}. {behind_where_en} The page's heading and text give these figures as at {as_of}; the caption "
    "of its table gives {caption}. The page does not say which is right, but the caption's date falls before the plan "
    "period (FY2017-FY2020) began.",
)
_FOLLOWUP = Wording(
    ja="第２次行財政再構築プランのフォローアップの{total}項目は、{as_of}現在、{ahead}項目が予定以上に、{on}項目が予定どおりに進捗し、"
    "{behind}項目が予定よりも遅れていました。",
    en="Of the {total} items in the follow-up of the 2nd Restructuring Plan, {ahead_en} ahead of schedule, {on_en} on schedule "
    "and {behind_en} behind at {as_of}.",
)
_WHOSE = Wording(
    ja="進捗の区分（S・A・B）は市自身の評価です。本プロジェクトの資料には、これより後の報告はありません。",
    en="The statuses (S, A, B) are the city's own assessment. The project's sources hold no later report.",
)


def _behind_where(part: pd.DataFrame, behind: int, lang: str) -> str:
    policy = "policy" if lang == "ja" else "policy_en"
    rows = part[(part["status"] == "behind") & (part["items"] > 0)]
    names = list(dict.fromkeys(rows[policy]))
    if behind == 0:
        return ""
    if len(names) == 1:
        return pick(
            lang,
            f"すべて「{names[0]}」の項目で、同方針の{int(rows['policy_items'].iloc[0])}項目中{behind}項目でした",
            f"All {_n(behind)} items behind schedule were in '{names[0]}' ({_n(behind)} of its "
            f"{int(rows['policy_items'].iloc[0])} items).",
        )
    listed = [
        f"{n}（{int(i)}）" if lang == "ja" else f"'{n}' ({int(i)})"
        for n, i in zip(rows[policy], rows["items"], strict=True)
    ]
    return pick(lang, f"方針別に{'、'.join(listed)}でした", f"Behind, by policy: {', '.join(listed)}.")


def pages_sentences(pr: pd.DataFrame, lang: str) -> MarkdownText:
    """What the two pages report, with both dates of the 2017 page and whose assessment the statuses are."""
    third = _report(pr, "programme_3")
    c = _counts(third)
    first = third.iloc[0]
    sentences = [
        _THIRD.say(
            lang,
            total=int(first["report_items"]),
            on=c["on_schedule"],
            behind=c["behind"],
            ahead_ja="（予定以上に進捗した項目はありませんでした）"
            if c["ahead"] == 0
            else f"（予定以上に進捗：{c['ahead']}項目）",
            ahead_en=" (none ahead of schedule)" if c["ahead"] == 0 else f" ({_n(c['ahead'])} ahead)",
            on_en=f"{_n(c['on_schedule'])} {be_en(c['on_schedule'])}",
            behind_en=f"{_n(c['behind'])} {be_en(c['behind'])}",
            behind_where=_behind_where(third, c["behind"], "ja"),
            behind_where_en=_behind_where(third, c["behind"], "en"),
            as_of=when(first["as_of"], first["as_of_printed"], lang),
            caption=when(first["caption_as_of"], first["caption_as_of_printed"], lang),
        )
    ]
    follow = _report(pr, "programme_2_followup")
    c = _counts(follow)
    first = follow.iloc[0]
    sentences.append(
        _FOLLOWUP.say(
            lang,
            total=int(first["report_items"]),
            ahead=c["ahead"],
            on=c["on_schedule"],
            behind=c["behind"],
            ahead_en=f"{_n(c['ahead'])} {be_en(c['ahead'])}",
            on_en=f"{_n(c['on_schedule'])} {be_en(c['on_schedule'])}",
            behind_en=f"{_n(c['behind'])} {be_en(c['behind'])}",
            as_of=when(first["as_of"], first["as_of_printed"], lang),
        )
    )
    sentences.append(_WHOSE.say(lang))
    return markdown(pick(lang, "", " ")).join(sentences)


def _report_label(part: pd.DataFrame, lang: str) -> str:
    first = part.iloc[0]
    name = pick(lang, *_REPORT_NAMES[first["report_id"]])
    dated = when(first["as_of"], first["as_of_printed"], lang, short=True)
    if lang == "en":
        name = name[0].upper() + name[1:]
    if bool(first["dates_agree"]):
        return pick(lang, f"{name}（{dated}）", f"{name} ({dated})")
    caption = when(first["caption_as_of"], first["caption_as_of_printed"], lang, short=True)
    return pick(
        lang, f"{name}（見出し：{dated}、表の表題：{caption}）", f"{name} (heading: {dated}; table caption: {caption})"
    )


def pages_frame(pr: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per page and policy, then the page's total: S, A, B and all items, as the pages print them."""
    policy = "policy" if lang == "ja" else "policy_en"
    status = "status_ja" if lang == "ja" else "status_en"
    rows = []
    for report_id in REPORT_ORDER:
        part = _report(pr, report_id)
        label = _report_label(part, lang)
        names = part.drop_duplicates("status").set_index("status")[status]
        wide = part.pivot_table(index=["policy_no", policy], columns="status", values="items", aggfunc="sum")
        for (_, name), counts in wide.iterrows():
            rows.append({"report": label, "policy": name, **{names[s]: int(counts[s]) for s in STATUSES}})
        total = _counts(part)
        rows.append({"report": label, "policy": text("total", lang), **{names[s]: total[s] for s in STATUSES}})
    frame = pd.DataFrame(rows)
    counts = frame.columns[2:]
    frame[pick(lang, "項目数", "Items")] = frame[counts].sum(axis=1)
    return frame.rename(
        columns={"report": pick(lang, "報告（時点）", "Report (as of)"), "policy": text("policy", lang)}
    )


def pages_source(pr: pd.DataFrame, lang: str) -> str:
    """The two pages, each with its title, the date it was updated and its address."""
    parts = []
    for report_id in REPORT_ORDER:
        first = _report(pr, report_id).iloc[0]
        updated = first["page_updated"]
        parts.append(
            pick(
                lang,
                f"小平市ホームページ「{first['report']}」（{updated.year}年{updated.month}月{updated.day}日更新）{first['source_url']}",
                f"Kodaira City website, '{first['report_en']}' (our translation of the page's title; updated "
                f"{format_date(updated, 'en')}), {first['source_url']}",
            )
        )
    copies = pick(
        lang,
        "。数値は両ページの保存された写しから転記したもので、市のサイトの現在のページは変わっているか、なくなっている場合があります。",
        ". The figures are transcribed from stored copies of both pages; the pages on the city's site may since have "
        "changed or gone.",
    )
    return pick(lang, "出典：" + "；".join(parts), "Sources: " + "; ".join(parts)) + copies


def pages_note(pr: pd.DataFrame, lang: str) -> str:
    """The 2017 page's two dates, said and not resolved."""
    first = _report(pr, "programme_3").iloc[0]
    return pick(
        lang,
        f"第３次改革推進プログラムのページは、見出しと本文で「{first['as_of_printed']}」、表の表題で「{first['caption_as_of_printed']}」"
        "と、二つの時点を記載しています。表題の時点はプランの期間（2017～2020年度）が始まる前で、期間に合うのは見出しと本文の"
        "時点です（本プロジェクトの読み方。ページ自体はどちらとも述べていないため、表には両方を示します）。区分（S・A・B）は市自身の評価です。",
        f"The 3rd Reform Programme's page gives two dates: {when(first['as_of'], first['as_of_printed'], 'en')} in its "
        f"heading and text, {when(first['caption_as_of'], first['caption_as_of_printed'], 'en')} in its table's caption. "
        "The caption's date falls before the plan period (FY2017-FY2020) began, so the heading's date is the one "
        "that fits the period (our reading; the page itself says neither, so the table shows both). "
        "The statuses (S, A, B) are the city's own assessment.",
    )


def pages_table(pr: pd.DataFrame, lang: str, *, number: int | None = None) -> TableView:
    """The two pages' counts by policy and status, with both dates, their note and their addresses.

    ``number``: the table's number on its page (04: 1); None leaves it unnumbered (00 numbers only its own tables).
    """
    return TableView(
        pages_frame(pr, lang),
        caption=pick(
            lang,
            f"表{number or ''} 市が公表した改革推進プログラムの進捗状況（方針別・項目数）",
            f"Table{f' {number}' if number else ''}. Progress of the reform programmes as published by the city "
            "(items by policy)",
        ),
        note=pages_note(pr, lang),
        source=pages_source(pr, lang),
        merge_first_column=True,
    )
