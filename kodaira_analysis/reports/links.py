"""Links that travel: a report's links lead into the page itself or, relative, to the reports beside it.

A committee member reads the reports from a copy (a USB stick, a mail's attachment, a folder of their own):
no link may name the folder of the machine that built them.

* Figures (HTML): each figure links to itself (``#figure-N``); the page's CSS shows a figure that is the
  target at full size, scrolling sideways on a phone. The figure is already inside the page (a data URI),
  so the link works wherever the page goes, alone or not; the files in ``figures/`` are still written, for
  slides and papers.
* Links to the other reports (the language switch, "all reports", a cross-reference) stay relative
  (``01-fiscal-trends-en.html``) and are links only where their target is. :func:`travelling` writes each
  twice: as a link, hidden by report.css, and as plain text naming the file, shown. The runner writes
  :data:`LINKS_CSS` beside the pages (:func:`stylesheet`): it shows the link, and hides the text, of each
  page the folder holds. A page copied alone does not find that stylesheet (or, in a folder without the
  target, finds no rule for it): the link stays hidden and the reader sees plain text with the file's name,
  never a dead link. No script runs: the page's CSP allows this one stylesheet of its own folder ('self').
* Printed PDFs: Chromium writes every link of a page as an absolute ``file://`` URL of the build's folder.
  :func:`relativise_pdf` rewrites each one after printing: a link to another report's HTML page becomes a
  link to that report's PDF (a ``GoToR`` action with a relative file name, which PDF readers open beside the
  document; to a section, by the destination Chromium names after the section's id); a link to any other file in the reports folder (the index) becomes a relative URI; a link to
  the page itself or to a place outside the reports folder loses its action and reads as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from kodaira_analysis.present.i18n import pick

_FIGURE = '<figure class="kodaira-figure">'
_PNG_IMG = re.compile(r'<img src="data:image/png;base64,')
_NARROW_IMG = '<img class="kodaira-narrow" src="data:image/png;base64,'


def link_figures_in_page(nb: Any) -> list[tuple[str, str, bool]]:
    """Give each figure of an executed notebook an id and make its image a link to it.

    ``figure-1``, ``figure-2``... in the order the page shows them (a NotebookNode, changed in place).
    Returns each figure's id, its SVG ('' if it has none) and whether it has a phone's variant, in order.
    """
    found: list[tuple[str, str, bool]] = []
    number = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            start = html.find(_FIGURE)
            img = _PNG_IMG.search(html, start + len(_FIGURE)) if start >= 0 else None
            if img is None:
                continue
            number += 1
            img_end = html.index(">", img.end()) + 1
            narrow = html.startswith(_NARROW_IMG, img_end)
            if narrow:  # the phone's variant goes with the image (present/narrow_chart.py)
                img_end = html.index(">", img_end + len(_NARROW_IMG)) + 1
            anchor = f"figure-{number}"
            data["text/html"] = (
                html[:start]
                + f'<figure class="kodaira-figure" id="{anchor}">'
                + html[start + len(_FIGURE) : img.start()]
                + f'<a class="kodaira-figure-full" href="#{anchor}">'
                + html[img.start() : img_end]
                + "</a>"
                + html[img_end:]
            )
            svg = data.get("image/svg+xml", "")
            found.append((anchor, "".join(svg) if isinstance(svg, list) else svg, narrow))
    return found


#: The stylesheet the runner writes beside the pages: it turns on the links to the pages the folder holds.
LINKS_CSS = "kodaira-links.css"
#: A link to another page of the reports folder: a page's own name (a report, its PDF, the index), no folder.
_PAGE_HREF = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\.(?:html|pdf)(?:#[A-Za-z0-9_-]*)?")
_ANCHOR = re.compile(r'<a\s(?P<before>[^>]*?)href="(?P<href>[^"]*)"(?P<after>[^>]*)>(?P<inner>.*?)</a>', re.S)


def travelling(page: str, lang: str) -> str:
    """``page`` (HTML) with each link to another page of the folder written as a hidden link and plain text.

    See the module's docstring. A link within the page, to a figure file or to the web is left as it is.
    In print, a link to another report names the PDF it opens (report.css), so that a printed page read
    alone says which file it means.

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
    """The pages (HTML, PDF) at the top of a reports folder: regular files, not links, named as the runner names them."""
    return sorted(
        item.name
        for item in folder.iterdir()
        if _PAGE_HREF.fullmatch(item.name) and item.is_file() and not item.is_symlink()
    )


def retarget(uri: str, folder: Path, own: str) -> tuple[str, str]:
    """Where a link Chromium printed as ``uri`` should lead from the PDF of page ``own`` in ``folder``.

    Returns (kind, target): ('pdf', 'X.pdf') for another report's page, ('uri', relative URI) for another
    file of the folder, ('uri', uri) for a web address, ('none', '') for the page itself or a place outside
    the folder.

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
    if ".." in inside.parts or not inside.parts:
        return "none", ""
    if str(inside) == own:
        return "none", ""
    if len(inside.parts) == 1 and inside.suffix == ".html" and inside.name != "index.html":
        return "pdf", inside.with_suffix(".pdf").name + (f"#{parts.fragment}" if parts.fragment else "")
    relative = "/".join(inside.parts) + (f"#{parts.fragment}" if parts.fragment else "")
    return "uri", relative


def relativise_pdf(pdf: Path, page: Path) -> None:
    """Rewrite the links of ``pdf`` (printed from the HTML ``page``) in place, as :func:`retarget` says."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter(clone_from=pdf)
    for _, annot, action in _links(writer.pages):
        if action is None or action.get("/S") != "/URI":
            continue
        kind, target = retarget(str(action.get("/URI", "")), page.parent, page.name)
        if kind == "pdf":
            # A section of the other report: Chromium names a destination in its PDF after each element
            # id that a link of the page leads to (every heading, every figure), as the fragment is written.
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


@dataclass(frozen=True)
class PdfLink:
    """One link of a PDF as a reader meets it: ``kind`` is 'pdf' (GoToR), 'uri', 'internal' or 'none'."""

    page: int
    kind: str
    target: str


def pdf_links(pdf: Path) -> list[PdfLink]:
    """Every link annotation of a PDF, as a reader's viewer would follow it (for tests and checks)."""
    from pypdf import PdfReader

    found = []
    for number, annot, action in _links(PdfReader(pdf).pages):
        if action is None:
            found.append(PdfLink(number, "internal" if "/Dest" in annot else "none", ""))
        elif action.get("/S") == "/GoToR":
            dest = action.get("/D")
            fragment = f"#{str(dest)[1:]}" if isinstance(dest, str) and str(dest).startswith("/") else ""
            found.append(PdfLink(number, "pdf", str(action.get("/F")) + fragment))
        elif action.get("/S") == "/URI":
            found.append(PdfLink(number, "uri", str(action.get("/URI"))))
        else:
            found.append(PdfLink(number, "internal", str(action.get("/S"))))
    return found


def _links(pages: Any) -> Iterator[tuple[int, Any, Any]]:
    """Each link annotation of the pages: (page number, annotation, its action or None)."""
    for number, pdf_page in enumerate(pages, start=1):
        annots = pdf_page.get("/Annots")
        for ref in annots.get_object() if annots is not None else ():
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                action = annot.get("/A")
                yield number, annot, action.get_object() if action is not None else None
