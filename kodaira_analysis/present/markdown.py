r"""Markdown whose values are escaped where they enter it: data shows as text, never as markup.

A report's sentences are Markdown (``**``, links, headings) that a notebook displays and nbconvert
renders to HTML. A value from data (a municipality's name, a label, a number) must not become markup
there: ``<img onerror=...>`` would run in the reader's browser, ``[x](javascript:...)`` would be a link,
``*`` or ``_`` would turn text italic. :class:`MarkdownText` is text known to be Markdown; anything
combined with it (``format``, ``join``, ``+``) that is not already :class:`MarkdownText` is escaped
first, for Markdown and for HTML, so that it renders as the characters it holds. This is MarkupSafe's
model (its :class:`markupsafe.Markup`, here with a Markdown escape); a :class:`~.wording.Wording` fills
its templates with it, so no topic function can forget to escape.

>>> markdown("**{name}** has {n} residents.").format(name="<img src=x onerror=alert(1)>", n="195,000")
MarkdownText('**&lt;img src=x onerror=alert(1)&gt;** has 195,000 residents.')
>>> markdown("## Peers: ") + "[x](javascript:alert(1)) *a* _b_ `c`"
MarkdownText('## Peers: \\[x\\](javascript:alert(1)) \\*a\\* \\_b\\_ \\`c\\`')
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup
from markupsafe import escape as escape_html

#: ASCII punctuation that is Markdown syntax anywhere in a line (CommonMark allows a backslash before each):
#: emphasis, code, links and images, tables, strikethrough, headings, TeX ($, which Jupyter renders as maths).
_INLINE = re.compile(r"([\\`*_\[\]|~#$])")
#: Syntax only at the start of a line, followed by a space or nothing: a list item ('- ', '+ '), a numbered
#: item ('1. ', '1) '), a setext underline or a rule ('=', '-'). A number such as '-20' or '1.27' is left alone.
_LINE_START = re.compile(r"^([-+=])(?=[\s\-=]|$)|^(\d{1,9})([.)])(?=\s|$)")
#: Bare addresses that GitHub-flavoured Markdown would turn into links.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)")


def escape_markdown_text(text: str) -> str:
    r"""``text`` as Markdown that renders as exactly these characters (line breaks become spaces).

    >>> escape_markdown_text("1. <b>a_b</b> & www.x.org")
    '1\\. &lt;b&gt;a\\_b&lt;/b&gt; &amp; www\\.x.org'
    >>> escape_markdown_text("- item"), escape_markdown_text("-20"), escape_markdown_text("1.27")
    ('\\- item', '-20', '1.27')
    """
    one_line = " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
    html_safe = str(escape_html(one_line)).replace("&#39;", "'").replace("&#34;", '"')  # quotes are text here
    escaped = _INLINE.sub(r"\\\1", html_safe)
    escaped = _AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), escaped)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), escaped)


class MarkdownText(Markup):
    """Text known to be Markdown: written by us (:func:`markdown`) or built from it with escaped values."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> MarkdownText:
        """``s`` unchanged if it is Markdown already (or trusted HTML); otherwise escaped to show as text."""
        if isinstance(s, cls):
            return s
        if hasattr(s, "__html__"):  # markup our own code made (markupsafe.Markup): trusted as it is
            return cls(s.__html__())
        if isinstance(s, str) and not s.strip():  # layout ('\n\n' between a heading and a paragraph)
            return cls(s)
        return cls(escape_markdown_text(str(s)))

    def __repr__(self) -> str:
        return f"MarkdownText({str.__repr__(self)})"


def markdown(text: str) -> MarkdownText:
    """Mark ``text``, written in the code (a template, a heading), as Markdown. Never pass data here."""
    return MarkdownText(text)


#: A range of fiscal years in a heading line ('## … FY2005-FY2021'): a line may break after its hyphen.
_HEADING_RANGE = re.compile(r"(?m)^(#{1,6} .*)$")
_FY_RANGE = re.compile(r"FY\d{4}-FY\d{4}")


def keep_ranges_whole(text: MarkdownText) -> MarkdownText:
    r"""``text`` with each fiscal-year range in a heading kept on one line (a ``kodaira-nobreak`` span).

    Browsers break a line after a hyphen: a heading printed 'FY2005-' / 'FY2021' (01-en) or 'FY2017-' /
    'FY2020' (02-en). Only headings change: in running text the break is harmless and a long line may need it.

    >>> keep_ranges_whole(markdown("## Staff, FY2017-FY2020\n\nIn FY2017-FY2020 it rose."))
    MarkdownText("## Staff, <span class='kodaira-nobreak'>FY2017-FY2020</span>\n\nIn FY2017-FY2020 it rose.")
    """

    def whole(line: re.Match[str]) -> str:
        return _FY_RANGE.sub(lambda m: f"<span class='kodaira-nobreak'>{m[0]}</span>", line[0])

    return MarkdownText(_HEADING_RANGE.sub(whole, str(text)))


def escape(value: Any) -> MarkdownText:
    """A value as Markdown that shows it as text: ``escape('*x*')`` renders as ``*x*``, not in italics."""
    return MarkdownText.escape(value)
