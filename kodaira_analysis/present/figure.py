"""A figure and a table as one object each, with what a reader needs beside them.

A topic function returns a :class:`Chart` (the matplotlib figure, its alt
text, caption and source) or a :class:`TableView` (the frame, caption and
source); a notebook shows either with one call, ``display.show``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.style import FigureOutput, render


@dataclass
class Chart:
    """A figure with its alt text, caption and source.

    ``phone``: the chart drawn for a phone by its topic, where the figure drawn narrower would not read well;
    without it, the phone's variant is the figure narrowed (present/narrow_chart.py).
    """

    figure: Figure
    alt: str
    caption: str
    source: str
    phone: Figure | None = None

    def render(self) -> FigureOutput:
        """The figure as PNG with its words (refuses missing glyphs and empty alt text)."""
        return render(self.figure, alt=self.alt, caption=self.caption, source=self.source, phone=self.phone)

    def narrow_png(self) -> tuple[bytes, float] | None:
        """The phone's variant as PNG and its width in inches, or None (why: ``narrow_chart.last_refusal``)."""
        from kodaira_analysis.present.narrow_chart import narrow_png

        return narrow_png(self.figure, phone=self.phone)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.render()._repr_mimebundle_(include, exclude)


_NUMBER = re.compile(r"^[+\-−△]?[\d,]+(\.\d+)?\s*(%|人|億円|万円|円)?$")
_MISSING = "—"


def _is_number(shown: str) -> bool:
    return bool(_NUMBER.match(shown.strip()))


def numeric_columns(frame: pd.DataFrame) -> list[bool]:
    """Which columns are numeric: at least half of the cells that are not blank are numbers.

    A numeric column is right-aligned as a whole, header and words such as 記載なし included,
    so that each column has one alignment.

    >>> numeric_columns(pd.DataFrame({"a": ["x", "y"], "b": ["5", "記載なし"], "c": ["—", "FY2006: 26 of 52"]}))
    [False, True, False]
    """
    flags = []
    for column in frame.columns:
        shown = [_MISSING if pd.isna(v) else str(v).strip() for v in frame[column]]
        filled = [v for v in shown if v != _MISSING]
        numbers = sum(_is_number(v) for v in filled)
        flags.append(numbers > 0 and 2 * numbers >= len(filled))
    return flags


#: A text column whose longest cell is longer than this is prose: its lines break between phrases.
PROSE_LENGTH = 15


def column_classes(frame: pd.DataFrame) -> list[str]:
    """The class of every cell of each column: 'num' (numeric), 'prose' (long text) or ''.

    >>> column_classes(pd.DataFrame({"a": ["x"], "b": ["5"], "c": ["a sentence longer than fifteen"]}))
    ['', 'num', 'prose']
    """
    classes = []
    for column, numeric in zip(frame.columns, numeric_columns(frame), strict=True):
        longest = max((len(str(v)) for v in frame[column] if not pd.isna(v)), default=0)
        classes.append("num" if numeric else "prose" if longest > PROSE_LENGTH else "")
    return classes


#: Where a line in a cell may break although report.css keeps a cell's words whole (keep-all): before a full-width
#: opening bracket (not at the start, nor after a space or another bracket), and after a Japanese comma, full stop or
#: middle dot. Under keep-all Chromium keeps '93.9%（2014年度決算、' whole (Unicode's line breaking holds a percent
#: sign to the bracket after it) and '2016年4月1日現在・プラン' whole: 00-summary-ja's targets table printed 691 px
#: wide on a page of 680 without SSDSE-A.
_BEFORE_BRACKET = re.compile(r"(?<=[^\s（「『(])(?=[（「『])")
_BREAK = re.compile(_BEFORE_BRACKET.pattern + r"|(?<=[、。・，])(?=[^\s）」』、。・，])")
#: What a line in a Japanese cell never breaks inside (a ``kodaira-nobreak`` span; a line may still break before
#: or after it): a day and its 現在 (4月1日現在: a phone broke it as '4月' / '1日現在', between a digit and the
#: ideograph before it, which keep-all does not hold together), a chapter reference (第１章２（４）: '第１章' /
#: '２（４）') and a Latin name with a hyphen ('SSDSE-A': broken after the hyphen, 'SSDSE-' / 'A）。').
_KEEP_WHOLE = re.compile(
    r"\d{1,2}月\d{1,2}日(?:現在)?"
    r"|第[0-9０-９]+章(?:[0-9０-９]+(?:（[0-9０-９]+）)?)?"
    r"|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+"
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: The private-use characters that stand for a kept unit while the breaks are put in (never in a cell's own text).
_HELD = re.compile(r"[\ue000-\uf8ff]")


def breakable(text: str, *, prose: bool = False) -> str:
    """A cell's text as HTML, escaped, with ``<wbr>`` where a line may break (:data:`_BREAK`).

    In Japanese text each unit of :data:`_KEEP_WHOLE` is one ``kodaira-nobreak`` span with no break inside it.
    A prose cell (report.css: broken between phrases, auto-phrase) gets a break before a bracket only:
    Chromium finds its phrases in each run of text, and a ``<wbr>`` after '、' or '・' split the runs and moved
    its breaks ('経験年数の' / '構成を' for '経験年数の構成を' / '国と'). ``<wbr>`` is no character: a copied cell,
    a PDF's text and a screen reader read the text as it was.

    >>> breakable("93.9%（2014年度決算、プラン）")
    '93.9%<wbr>（2014年度決算、<wbr>プラン）'
    >>> breakable("93.9%（2014年度決算、プラン）", prose=True)
    '93.9%<wbr>（2014年度決算、プラン）'
    >>> breakable("2016年4月1日現在・プラン")
    '2016年<wbr><span class="kodaira-nobreak">4月1日現在</span>・<wbr>プラン'
    >>> breakable("プランの記述（第１章２（４））", prose=True)
    'プランの記述<wbr>（<span class="kodaira-nobreak">第１章２（４）</span>）'
    >>> breakable("（平成27）年度 <b>")  # at the start, never; markup stays text
    '（平成27）年度 &lt;b&gt;'
    >>> breakable("本プロジェクト（SSDSE-A）")  # a hyphenated name in Japanese text: on one line
    '本プロジェクト<wbr>（<span class="kodaira-nobreak">SSDSE-A</span>）'
    >>> breakable("at the end-FY2014 (SSDSE-A)")  # English breaks as English does
    'at the end-FY2014 (SSDSE-A)'
    """
    escaped = html.escape(text)
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(0))
        # a day after its year may start a line ('2016年' / '4月1日現在'): the break keep-all would not give
        after_year = (
            not prose and match.group(0)[0].isdigit() and match.string[match.start() - 1 : match.start()] == "年"
        )
        return ("<wbr>" if after_year else "") + chr(0xE000 + len(held) - 1)

    if _JAPANESE.search(text) and not _HELD.search(text):  # a private-use character of its own: left unheld
        escaped = _KEEP_WHOLE.sub(hold, escaped)
    escaped = (_BEFORE_BRACKET if prose else _BREAK).sub("<wbr>", escaped)
    if not held:
        return escaped
    return _HELD.sub(lambda m: f'<span class="kodaira-nobreak">{held[ord(m.group(0)) - 0xE000]}</span>', escaped)


#: The longest run of rows one merged cell spans. Chromium never breaks a page inside a rowspan, so a longer
#: group (01's five indicators over 17 years) moved whole to the next page and left most of a page empty:
#: such a run is not merged, its repeated labels are shown subdued (class 'kodaira-repeat', report.css).
MAX_MERGED_ROWS = 8


def _row_spans(values: Sequence[Hashable], longest: int = MAX_MERGED_ROWS) -> list[int]:
    """Rowspan of each cell of a column merged where a value repeats (0: covered by the cell above).

    A run longer than ``longest`` rows is left unmerged (-1: a repeat of the label above).

    >>> _row_spans(["a", "a", "b", "a"])
    [2, 0, 1, 1]
    >>> _row_spans(["a", "a", "a", "b"], longest=2)
    [1, -1, -1, 1]
    """
    spans = [1] * len(values)
    first = 0
    for i in range(1, len(values)):
        if values[i] == values[first]:
            spans[first] += 1
            spans[i] = 0
        else:
            first = i
    for start, span in enumerate(list(spans)):
        if span > longest:
            spans[start : start + span] = [1] + [-1] * (span - 1)
    return spans


#: A table of fewer columns fits a phone as it is (05's rankings: rank, city, value), unless one holds prose.
STACK_FROM_COLUMNS = 4


def table_html(
    frame: pd.DataFrame, *, merge_first_column: bool = False, merge_columns: int = 0, longest: int = MAX_MERGED_ROWS
) -> str:
    r"""A plain HTML table: text columns left-aligned, numeric columns (class 'num') right-aligned.

    Columns of long text are marked 'prose' (report.css breaks their lines between phrases;
    short labels such as '2015（平成27）年度' break only at a space or a bracket).

    With ``merge_first_column``, a value of the first column that repeats on consecutive rows
    is one cell spanning them (``rowspan``), as the plan prints its structure; a run of more than
    :data:`MAX_MERGED_ROWS` rows (``longest``) repeats its label instead, subdued, so a printed page can break
    inside it. ``merge_columns``: as many leading columns merged, each within the runs of the columns before it
    (04's structure: a direction over its policies, a policy over its measures); ``merge_first_column`` is 1.

    A table too wide for a phone (:data:`STACK_FROM_COLUMNS` columns or more, or 3 with one of prose) is a
    'kodaira-stack': report.css shows it on a phone as a card a row, each cell under its column's name
    (``data-label``). A row whose first cell is merged from above holds a copy of it ('kodaira-spanned'), so
    that its card names it too; report.css shows the copies in stacked rows only, and ``hidden`` keeps them out
    of a notebook's view (a report page's allowlist drops it, sanitize.py).

    >>> table_html(pd.DataFrame({"a": ["x"], "b": ["5"]}))
    '<table class="kodaira-table"><thead><tr><th>a</th><th class="num">b</th></tr></thead><tbody><tr><td>x</td><td class="num">5</td></tr></tbody></table>'
    >>> table_html(pd.DataFrame({"a": ["x", "x"], "b": ["p", "q"]}), merge_first_column=True).split("<tbody>")[1]
    '<tr><th scope="rowgroup" rowspan="2">x</th><td>p</td></tr><tr><td>q</td></tr></tbody></table>'
    >>> stacked = pd.DataFrame({"A": ["x", "x"], "B": ["1", "2"], "C": ["p", "q"], "D": ["r", "s"]})
    >>> print(table_html(stacked, merge_first_column=True).replace("<tr>", "\n<tr>"))
    ... # doctest: +NORMALIZE_WHITESPACE
    <table class="kodaira-table kodaira-stack"><thead>
    <tr><th>A</th><th class="num">B</th><th>C</th><th>D</th></tr></thead><tbody>
    <tr><th scope="rowgroup" rowspan="2" data-label="A">x</th><td class="num" data-label="B">1</td><td
    data-label="C">p</td><td data-label="D">r</td></tr>
    <tr><th class="kodaira-spanned" scope="rowgroup" hidden aria-hidden="true" data-label="A">x</th><td class="num"
    data-label="B">2</td><td data-label="C">q</td><td data-label="D">s</td></tr></tbody></table>
    """
    classes = column_classes(frame)
    names = [" ".join(str(c).split()) for c in frame.columns]  # a card's label: the column's name on one line
    stack = len(frame) > 0 and len(names) >= (3 if "prose" in classes else STACK_FROM_COLUMNS)
    rows = [[_MISSING if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)]
    merged = min(max(merge_columns, int(merge_first_column)), len(frame.columns))
    # a column's runs are those of its value together with the values before it: a run never crosses its parent's
    spans = [_row_spans([tuple(row[: c + 1]) for row in rows], longest) for c in range(merged)]

    def cell(tag: str, text: str, column: int, extra: str = "", more: str = "", labelled: bool = True) -> str:
        kind = " ".join(k for k in (classes[column], more) if k)
        attributes = (f' class="{kind}"' if kind else "") + extra
        attributes += f' data-label="{html.escape(names[column])}"' if stack and labelled else ""
        return f"<{tag}{attributes}>{breakable(text, prose=classes[column] == 'prose')}</{tag}>"

    head = "".join(cell("th", str(c), i, labelled=False) for i, c in enumerate(frame.columns))
    body = ""
    for r, row in enumerate(rows):
        cells = [cell("td", text, i) for i, text in enumerate(row)]
        for c in range(merged):
            span = spans[c][r]
            if span < 0:  # a long run, unmerged: the label again, subdued
                cells[c] = cell("th", row[c], c, ' scope="row"', "kodaira-repeat")
            elif span:
                cells[c] = cell("th", row[c], c, ' scope="rowgroup"' + (f' rowspan="{span}"' if span > 1 else ""))
            else:  # covered by the cell above: only a card shows its copy
                copy = ' scope="rowgroup" hidden aria-hidden="true"'
                cells[c] = cell("th", row[c], c, copy, "kodaira-spanned") if stack else ""
        body += "<tr>" + "".join(cells) + "</tr>"
    table_class = "kodaira-table kodaira-stack" if stack else "kodaira-table"
    return f'<table class="{table_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


#: A table of at most this many rows is printed whole, on one page (report.css: .kodaira-table-small).
SMALL_TABLE_ROWS = 12


@dataclass
class TableView:
    """A table as a committee reads it, with an optional caption, note and source.

    ``merge_first_column``: a first-column value that repeats on consecutive rows is shown once,
    as one cell spanning them. A ``note`` of several lines is shown as a list, one note a line.
    """

    frame: pd.DataFrame
    caption: str = ""
    source: str = ""
    note: str = ""
    merge_first_column: bool = False
    #: As many leading columns merged, each within the runs of those before it (0: only ``merge_first_column``).
    merge_columns: int = 0
    #: The longest run merged (a longer one repeats its label): a short table printed on one page may merge more.
    merge_longest: int = MAX_MERGED_ROWS

    def to_html(self) -> str:
        """The table block: caption, table (in a wrapper that scrolls when the screen is narrow), note, source."""
        parts = []
        if self.caption:
            parts.append(f'<p class="kodaira-caption">{html.escape(self.caption)}</p>')
        table = table_html(
            self.frame,
            merge_first_column=self.merge_first_column,
            merge_columns=self.merge_columns,
            longest=self.merge_longest,
        )
        parts.append(f'<div class="kodaira-table-scroll">{table}</div>')
        if "\n" in self.note:  # several notes, one a line: a list, each note on one topic
            items = "".join(f"<li>{html.escape(line)}</li>" for line in self.note.splitlines() if line.strip())
            parts.append(f'<ul class="kodaira-note">{items}</ul>')
        elif self.note:
            parts.append(f'<p class="kodaira-note">{html.escape(self.note)}</p>')
        if self.source:
            parts.append(f'<p class="kodaira-source">{html.escape(self.source)}</p>')
        small = " kodaira-table-small" if len(self.frame) <= SMALL_TABLE_ROWS else ""
        return f'<div class="kodaira-table-block{small}">' + "".join(parts) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html()
