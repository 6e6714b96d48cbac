"""The links of a printed PDF as a reader's viewer follows them (for the tests of the runner's PDFs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PdfLink:
    """One link of a PDF as a reader meets it: ``kind`` is 'pdf' (GoToR), 'uri', 'internal' or 'none'."""

    page: int
    kind: str
    target: str


def pdf_links(pdf: Path) -> list[PdfLink]:
    """Every link annotation of a PDF, page by page."""
    from pypdf import PdfReader

    found = []
    for number, pdf_page in enumerate(PdfReader(pdf).pages, start=1):
        annots = pdf_page.get("/Annots")
        for annot in (ref.get_object() for ref in (annots.get_object() if annots is not None else ())):
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot["/A"].get_object() if "/A" in annot else None
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
