"""The reports folder's links: the stylesheet that turns on the links between its pages, and a PDF's links.

A page's own links (figures, the pages beside it) are the page's (page/links.py); a PDF printed from a page
names no folder of this machine: its links are made relative.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from kodaira_analysis.page.links import PAGE_HREF


def stylesheet(files: list[str]) -> str:
    """The folder's ``kodaira-links.css`` (page.links.LINKS_CSS): show the links to ``files``, hide their text.

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
    for file in sorted(f for f in files if PAGE_HREF.fullmatch(f) and "#" not in f):
        chosen = f'a.kodaira-xlink:is([href="{file}"], [href^="{file}#"])'
        lines += [f"{chosen} {{ display: inline; }}", f"{chosen} + .kodaira-xtext {{ display: none; }}"]
    return "\n".join(lines) + "\n"


def folder_pages(folder: Path) -> list[str]:
    """The pages (HTML, PDF) at the top of a reports folder: regular files named as the runner names them."""
    return sorted(
        item.name
        for item in folder.iterdir()
        if PAGE_HREF.fullmatch(item.name) and item.is_file() and not item.is_symlink()
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
