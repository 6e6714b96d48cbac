"""A page's links that travel: a report read from a copy links only into itself or, relative, to the pages beside it.

A figure links to itself; a link to another page of the folder stays plain text unless the folder's
:data:`LINKS_CSS` (the runner's, reports/links.py) turns it on. None names a folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kodaira_analysis.present.i18n import pick

#: A figure (present/style.py) up to its PNG and its phone's variant if it has one (present/narrow_chart.py).
_FIGURE = re.compile(
    r'<figure class="kodaira-figure">(?P<img><img src="data:image/png;base64,(?P<png>[A-Za-z0-9+/=]+)"[^>]*>'
    r'(?P<narrow><img class="kodaira-narrow" src="data:image/png;base64,[^>]*>)?)'
)


def figure_outputs(nb: Any) -> Iterator[tuple[Any, re.Match]]:
    """Each output of a notebook (nbformat 4, a dict or NotebookNode) that shows a figure: its data, the match."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            match = _FIGURE.search("".join(data.get("text/html", "")))  # a str, or a list of lines
            if match is not None:
                yield data, match


def link_figures_in_page(nb: Any) -> list[tuple[str, str, bool]]:
    """Give each figure (in place) an id and a link to itself; return (its id, its SVG, has a phone's variant)."""
    found: list[tuple[str, str, bool]] = []
    for data, match in figure_outputs(nb):
        anchor, html = f"figure-{len(found) + 1}", match.string
        data["text/html"] = (
            f'{html[: match.start()]}<figure class="kodaira-figure" id="{anchor}">'
            f'<a class="kodaira-figure-full" href="#{anchor}">{match["img"]}</a>{html[match.end() :]}'
        )
        found.append((anchor, "".join(data.get("image/svg+xml", "")), match["narrow"] is not None))
    return found


#: The stylesheet the runner writes beside the pages: it turns on the links to the pages the folder holds.
LINKS_CSS = "kodaira-links.css"
#: A link to another page of the reports folder: a page's own name (a report, its PDF, the index), no folder.
PAGE_HREF = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\.(?:html|pdf)(?:#[A-Za-z0-9_-]*)?")
_ANCHOR = re.compile(r'<a\s(?P<before>[^>]*?)href="(?P<href>[^"]*)"(?P<after>[^>]*)>(?P<inner>.*?)</a>', re.S)


def travelling(page: str, lang: str) -> str:
    """``page`` with each link to another page of the folder as a link hidden by report.css and as plain text.

    :data:`LINKS_CSS` beside the pages shows the link instead: a page copied alone shows the file's name, never
    a dead link. ``data-pdf``: a printed page names the PDF such a link opens.

    >>> print(travelling('<p><a href="01-x-en.html" hreflang="en">In English</a> <a href="#term-1">t</a></p>', "ja"))
    ... # doctest: +NORMALIZE_WHITESPACE
    <p><a class="kodaira-xlink" data-pdf="01-x-en.pdf" href="01-x-en.html" hreflang="en">In English</a><span
    class="kodaira-xtext">In English<small class="kodaira-xfile">（01-x-en.html）</small></span> <a
    href="#term-1">t</a></p>
    """

    def rewrite(match: re.Match) -> str:
        href, before, after, inner = match["href"], match["before"], match["after"], match["inner"]
        if not PAGE_HREF.fullmatch(href) or "kodaira-xlink" in before + after:
            return match.group(0)
        file = href.split("#", 1)[0]
        pdf = f' data-pdf="{file[:-5]}.pdf"' if file.endswith(".html") and file != "index.html" else ""
        named = pick(lang, f"（{file}）", f" ({file})")
        return (
            f'<a class="kodaira-xlink"{pdf} {before}href="{href}"{after}>{inner}</a>'
            f'<span class="kodaira-xtext">{inner}<small class="kodaira-xfile">{named}</small></span>'
        )

    return _ANCHOR.sub(rewrite, page)
