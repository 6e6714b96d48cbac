"""Links that travel: a report read from a copy links only into itself or, relative, to the reports beside it.

None names the build's folder (a figure links to itself; a PDF's links are made relative).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

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
_PAGE_HREF = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\.(?:html|pdf)(?:#[A-Za-z0-9_-]*)?")
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
        if not _PAGE_HREF.fullmatch(href) or "kodaira-xlink" in before + after:
            return match.group(0)
        file = href.split("#", 1)[0]
        pdf = f' data-pdf="{file[:-5]}.pdf"' if file.endswith(".html") and file != "index.html" else ""
        named = pick(lang, f"（{file}）", f" ({file})")
        return (
            f'<a class="kodaira-xlink"{pdf} {before}href="{href}"{after}>{inner}</a>'
            f'<span class="kodaira-xtext">{inner}<small class="kodaira-xfile">{named}</small></span>'
        )

    return _ANCHOR.sub(rewrite, page)


def stylesheet(files: list[str]) -> str:
    """:data:`LINKS_CSS`: show the links to ``files`` (the pages of the folder) and hide their plain text.

    >>> print(stylesheet(["index.html", "01-x-en.html", "notes.txt"]))
    /* Written by kodaira-reports: the pages of this folder, whose links the reports show (reports/links.py). */
    a.kodaira-xlink:is([href="01-x-en.html"], [href^="01-x-en.html#"]) { display: inline; }
    a.kodaira-xlink:is([href="01-x-en.html"], [href^="01-x-en.html#"]) + .kodaira-xtext { display: none; }
    a.kodaira-xlink:is([href="index.html"], [href^="index.html#"]) { display: inline; }
    a.kodaira-xlink:is([href="index.html"], [href^="index.html#"]) + .kodaira-xtext { display: none; }
    <BLANKLINE>
    """
    lines = [
        "/* Written by kodaira-reports: the pages of this folder, whose links the reports show (reports/links.py). */"
    ]
    for file in sorted(f for f in files if _PAGE_HREF.fullmatch(f) and "#" not in f):
        chosen = f'a.kodaira-xlink:is([href="{file}"], [href^="{file}#"])'
        lines += [f"{chosen} {{ display: inline; }}", f"{chosen} + .kodaira-xtext {{ display: none; }}"]
    return "\n".join(lines) + "\n"


def folder_pages(folder: Path) -> list[str]:
    """The pages (HTML, PDF) at the top of a reports folder: regular files named as the runner names them."""
    return sorted(
        item.name
        for item in folder.iterdir()
        if _PAGE_HREF.fullmatch(item.name) and item.is_file() and not item.is_symlink()
    )


def retarget(uri: str, folder: Path, own: str) -> tuple[str, str]:
    """Where a link Chromium printed as ``uri`` (a ``file://`` URL) leads from the PDF of page ``own`` in ``folder``.

    >>> f = Path("/b/reports")
    >>> retarget("file:///b/reports/01-x-en.html", f, "01-x-ja.html")
    ('pdf', '01-x-en.pdf')
    >>> retarget("file:///b/reports/01-x-en.html#figure-2", f, "03-y-ja.html")
    ('pdf', '01-x-en.pdf#figure-2')
    >>> retarget("file:///b/reports/index.html", f, "01-x-ja.html")
    ('uri', 'index.html')
    >>> retarget("file:///b/reports/figures/01-x-ja/figure-01.png", f, "01-x-ja.html")
    ('uri', 'figures/01-x-ja/figure-01.png')
    >>> retarget("file:///b/reports/01-x-ja.html#figure-1", f, "01-x-ja.html"), retarget("file:///etc/x", f, "a.html")
    (('none', ''), ('none', ''))
    >>> retarget("https://www.city.kodaira.tokyo.jp/", f, "a.html")
    ('uri', 'https://www.city.kodaira.tokyo.jp/')
    """
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https", "mailto"):
        return "uri", uri
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return "none", ""
    path = PurePosixPath(unquote(parts.path))
    try:
        inside = path.relative_to(PurePosixPath(folder.resolve().as_posix()))
    except ValueError:
        return "none", ""
    if ".." in inside.parts or not inside.parts or str(inside) == own:
        return "none", ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if len(inside.parts) == 1 and inside.suffix == ".html" and inside.name != "index.html":
        return "pdf", inside.with_suffix(".pdf").name + fragment
    return "uri", "/".join(inside.parts) + fragment


def relativise_pdf(pdf: Path, page: Path) -> None:
    """Rewrite the links of ``pdf`` (printed from ``page``) in place: no ``file://`` path of this machine."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter(clone_from=pdf)
    for pdf_page in writer.pages:
        annots = pdf_page.get("/Annots")
        for annot in (ref.get_object() for ref in (annots.get_object() if annots is not None else ())):
            action = annot["/A"].get_object() if annot.get("/Subtype") == "/Link" and "/A" in annot else None
            if action is None or action.get("/S") != "/URI":
                continue
            kind, target = retarget(str(action.get("/URI", "")), page.parent, page.name)
            if kind == "pdf":
                # Chromium names a destination after each element id a link leads to (headings, figures)
                file, _, fragment = target.partition("#")
                annot[NameObject("/A")] = DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoToR"),
                        NameObject("/F"): TextStringObject(file),
                        NameObject("/D"): NameObject(f"/{fragment}")
                        if fragment
                        else ArrayObject([NumberObject(0), NameObject("/Fit")]),
                        NameObject("/NewWindow"): BooleanObject(False),
                    }
                )
            elif kind == "uri":
                action[NameObject("/URI")] = TextStringObject(target)
            else:
                del annot["/A"]
    writer.write(pdf)
