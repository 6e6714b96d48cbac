"""A phone's stacked rows name every column, also a cell merged down from the row above (present/figure.py)."""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup

from kodaira_analysis.present.figure import MAX_MERGED_ROWS, table_html

#: Four short columns: wider than a phone, so stacked.
COLUMNS = ["Indicator", "Plan", "Mean", "Place"]


def _frame(first: list[str], columns: list[str] = COLUMNS) -> pd.DataFrame:
    rows = [[label, *(f"{name[0].lower()}{i}" for name in columns[1:])] for i, label in enumerate(first)]
    return pd.DataFrame(rows, columns=columns)


def _cards(html: str) -> list[list[tuple[str, str]]]:
    """Each row as a phone shows it: (label, text) of every cell, copies included, in order."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        [(c.get("data-label", ""), c.get_text()) for c in row.find_all(["td", "th"], recursive=False)]
        for row in soup.select("tbody > tr")
    ]


def test_every_card_of_an_indicator_merged_over_three_rows_names_it():
    html = table_html(_frame(["Ratio"] * 3), merge_first_column=True)
    cards = _cards(html)
    assert [card[0] for card in cards] == [("Indicator", "Ratio")] * 3
    assert [len(card) for card in cards] == [4, 4, 4]
    assert [c.get_text() for c in BeautifulSoup(html, "html.parser").select("tbody th[rowspan='3']")] == ["Ratio"]


def test_a_merged_cell_is_repeated_in_its_place_and_the_next_group_has_its_own():
    cards = _cards(table_html(_frame(["A", "A", "B"]), merge_first_column=True))
    assert cards[1] == [("Indicator", "A"), ("Plan", "p1"), ("Mean", "m1"), ("Place", "p1")]
    assert cards[2][0] == ("Indicator", "B")
    assert [len(card) for card in cards] == [4, 4, 4]


def test_copies_are_hidden_from_wide_screens_print_notebooks_and_screen_readers():
    long_label = "an indicator whose name is prose"  # the column's class (prose) stays on its copy
    soup = BeautifulSoup(table_html(_frame([long_label] * 2), merge_first_column=True), "html.parser")
    original, twin = soup.select("tbody th")
    assert original.get("rowspan") == "2" and "kodaira-spanned" not in original.get_attribute_list("class")
    assert twin.get("rowspan") is None and twin.get("aria-hidden") == "true" and twin.has_attr("hidden")
    assert twin.get_attribute_list("class") == ["prose", "kodaira-spanned"]
    assert twin.get_text() == long_label and twin.get("data-label") == "Indicator"


def test_a_table_a_phone_shows_as_it_is_gets_no_labels_and_no_copies():
    """Three short columns (05's rankings) fit a phone; an empty table has no card to stack."""
    narrow = table_html(_frame(["A", "A"], COLUMNS[:3]), merge_first_column=True)
    assert "kodaira-stack" not in narrow and "data-label" not in narrow and "kodaira-spanned" not in narrow
    assert _cards(narrow)[1] == [("", "p1"), ("", "m1")]
    empty = table_html(pd.DataFrame(columns=COLUMNS))
    assert "kodaira-stack" not in empty and "data-label" not in empty


def test_three_columns_stack_when_one_holds_prose():
    frame = _frame(["A"], COLUMNS[:3]).assign(Mean="a sentence longer than fifteen characters")
    soup = BeautifulSoup(table_html(frame), "html.parser")
    assert soup.table.get_attribute_list("class") == ["kodaira-table", "kodaira-stack"]
    assert [c["data-label"] for c in soup.select("tbody td")] == COLUMNS[:3]


def test_a_long_run_repeats_its_label_on_every_card_without_copies():
    cards = _cards(table_html(_frame(["Long"] * (MAX_MERGED_ROWS + 1)), merge_first_column=True))
    assert [card[0] for card in cards] == [("Indicator", "Long")] * (MAX_MERGED_ROWS + 1)
    assert [len(card) for card in cards] == [4] * (MAX_MERGED_ROWS + 1)


def test_a_label_is_the_column_name_escaped_and_on_one_line():
    frame = _frame(["A"], ['Name <b>"x"</b>\n  & more', *COLUMNS[1:]])
    html = table_html(frame)
    assert "<b>" not in html
    assert _cards(html)[0][0] == ('Name <b>"x"</b> & more', "A")


def test_the_page_keeps_labels_and_copies_and_report_css_alone_shows_them():
    """The page's allowlist keeps data-label, the copies' class and ``aria-hidden`` (a screen reader skips a copy),
    and drops ``hidden`` (report.css decides where a copy shows)."""
    from kodaira_analysis.page.sanitize import clean

    soup = BeautifulSoup(clean(table_html(_frame(["A", "A"]), merge_first_column=True)), "html.parser")
    twin = soup.select("tbody th")[1]
    assert twin.get_attribute_list("class") == ["kodaira-spanned"] and not twin.has_attr("hidden")
    assert twin.get("aria-hidden") == "true"
    assert [c.get("data-label") for c in soup.select("tbody tr")[1].find_all(["td", "th"])] == COLUMNS


def test_report_css_shows_copies_only_in_stacked_rows():
    from kodaira_analysis import paths

    css = (paths.PACKAGE_DIR / "page" / "templates" / "kodaira" / "report.css").read_text(encoding="utf-8")
    hidden = css.index("table.kodaira-table :is(td, th).kodaira-spanned { display: none; }")
    shown = css.index("table.kodaira-stack :is(td, th).kodaira-spanned { display: block; }")
    phone = css.rindex("@media screen and (max-width: 40rem)", 0, shown)  # the block the rule is in
    assert hidden < phone < shown


def test_two_columns_merge_each_within_the_runs_before_it():
    """04's structure: a direction over its policies, a policy over its measures; a policy's run never crosses into
    the next direction, though the two share the policy's name (as 'P' below)."""
    frame = pd.DataFrame(
        {"Direction": ["D1", "D1", "D1", "D2", "D2"], "Policy": ["P", "P", "Q", "P", "P"],
         "Measure": ["m1", "m2", "m3", "m4", "m5"], "Note": ["a", "b", "c", "d", "e"]}
    )  # fmt: skip
    soup = BeautifulSoup(table_html(frame, merge_columns=2), "html.parser")
    spans = [(th.get_text(), th.get("rowspan")) for th in soup.select("tbody th") if "kodaira-spanned" not in th.get("class", [])]  # fmt: skip
    assert spans == [("D1", "3"), ("P", "2"), ("Q", None), ("D2", "2"), ("P", "2")]
    cards = _cards(str(soup))  # on a phone every card names its direction and its policy
    assert [card[:2] for card in cards] == [
        [("Direction", d), ("Policy", p)] for d, p in zip(frame["Direction"], frame["Policy"], strict=True)
    ]
    long = table_html(pd.DataFrame({"A": ["x"] * 11, "B": ["y"] * 11, "C": list("abcdefghijk"), "D": list("abcdefghijk")}),
                      merge_columns=2, longest=11)  # fmt: skip
    assert 'rowspan="11"' in long and "kodaira-repeat" not in long


def test_the_plans_structure_merges_every_direction_and_policy_alike():
    """04's Table 3 merged two directions and repeated the third in grey on 11 rows, and never merged a policy."""
    import kodaira_analysis as ka
    from kodaira_analysis.topics import plan_structure

    for lang in ("ja", "en"):
        view = plan_structure.structure_table(ka.load("plan_structure"), lang, number=3)
        soup = BeautifulSoup(view.to_html(), "html.parser")
        assert not soup.select(".kodaira-repeat"), "no name repeated in grey"
        shown = [th for th in soup.select("tbody th") if "kodaira-spanned" not in th.get("class", [])]
        frame = view.frame
        directions, policies = frame.iloc[:, 0], frame.iloc[:, 1]
        assert sum(1 for th in shown if th.get_text() in set(directions)) == directions.nunique() == 3
        assert sum(1 for th in shown if th.get_text() in set(policies)) == policies.nunique() == 5
        assert sorted(int(th.get("rowspan", 1)) for th in shown if th.get_text() in set(directions)) == sorted(
            directions.value_counts().tolist()
        )
