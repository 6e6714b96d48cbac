"""A phone's stacked rows name every column, also a cell merged down from the row above (reports/narrow.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from kodaira_analysis.reports.narrow import label_table

HEAD = "<thead><tr><th>Indicator</th><th>Plan</th><th>Mean</th><th>Place</th></tr></thead>"


def _cards(html: str) -> list[list[tuple[str, str]]]:
    """Each row as a phone shows it: (label, text) of every cell, copies included, in order."""
    soup = BeautifulSoup(label_table(html), "html.parser")
    return [
        [(c.get("data-label", ""), c.get_text()) for c in row.find_all(["td", "th"], recursive=False)]
        for row in soup.select("tbody > tr")
    ]


def test_every_card_of_an_indicator_merged_over_three_rows_names_it():
    body = (
        '<tr><th rowspan="3">Ratio</th><td>1st</td><td>1.0</td><td>3</td></tr>'
        "<tr><td>2nd</td><td>2.0</td><td>4</td></tr><tr><td>3rd</td><td>3.0</td><td>5</td></tr>"
    )
    cards = _cards(f'<table class="kodaira-table">{HEAD}<tbody>{body}</tbody></table>')
    assert [card[0] for card in cards] == [("Indicator", "Ratio")] * 3
    assert [len(card) for card in cards] == [4, 4, 4]


def test_a_cell_merged_in_a_middle_column_is_repeated_in_its_place():
    body = (
        '<tr><th>A</th><td rowspan="2">shared</td><td>1</td><td>2</td></tr>'
        "<tr><th>B</th><td>3</td><td>4</td></tr>"
        "<tr><th>C</th><td>own</td><td>5</td><td>6</td></tr>"
    )
    cards = _cards(f'<table class="kodaira-table">{HEAD}<tbody>{body}</tbody></table>')
    assert cards[1] == [("Indicator", "B"), ("Plan", "shared"), ("Mean", "3"), ("Place", "4")]
    assert cards[2][1] == ("Plan", "own")


def test_copies_are_hidden_from_wide_screens_print_and_screen_readers():
    body = '<tr><th rowspan="2" class="x">Ratio</th><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr>'
    soup = BeautifulSoup(
        label_table(f'<table class="kodaira-table">{HEAD}<tbody>{body}</tbody></table>'), "html.parser"
    )
    original, twin = soup.select("tbody th")
    assert original.get("rowspan") == "2" and "kodaira-spanned" not in original.get_attribute_list("class")
    assert twin.get("rowspan") is None and twin.get("aria-hidden") == "true"
    assert twin.get_attribute_list("class") == ["x", "kodaira-spanned"]


def test_report_css_shows_copies_only_in_stacked_rows():
    from kodaira_analysis import paths

    css = (paths.PACKAGE_DIR / "reports" / "templates" / "kodaira" / "report.css").read_text(encoding="utf-8")
    hidden = css.index("table.kodaira-table :is(td, th).kodaira-spanned { display: none; }")
    shown = css.index("table.kodaira-stack :is(td, th).kodaira-spanned { display: block; }")
    phone = css.rindex("@media screen and (max-width: 40rem)", 0, shown)  # the block the rule is in
    assert hidden < phone < shown
