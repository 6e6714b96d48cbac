"""Markdown to HTML as nbconvert renders it, but with inline HTML tags left as they were written.

With ``embed_images`` on (the page is self-contained), nbconvert's renderer reads each piece of inline HTML
alone with BeautifulSoup to put its images inline. Mistune hands it one tag at a time, so an opening tag comes
back closed at once and a closing tag vanishes: ``## The plan period (<span class='kodaira-nobreak'>FY2017-FY2020
</span>) in later official statistics`` became an empty span, and the allowlist (nh3) then stretched that span to the end
of the heading, which could no longer wrap (a committee reader's 400 px screen cut it off). Here a piece of inline
HTML with no ``<img`` in it is passed through untouched; one with an image is embedded as nbconvert does.
"""

from __future__ import annotations

import re
from typing import Any

from mistune.renderers.html import HTMLRenderer
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

_IMAGE = re.compile(r"<img\b", re.IGNORECASE)


class TagKeepingRenderer(IPythonRenderer):
    """nbconvert's renderer whose inline HTML keeps its tags unless it holds an image to embed."""

    def inline_html(self, html: str) -> str:
        """An inline tag as written (the allowlist cleans the page later); an ``<img>`` embedded as nbconvert does."""
        if self.embed_images and _IMAGE.search(html):
            return super().inline_html(html)
        return HTMLRenderer.inline_html(self, html)


def render(source: str, **renderer_options: Any) -> str:
    """``source`` (Markdown) as HTML, with the options nbconvert's HTMLExporter.markdown2html passes its renderer.

    >>> render("## A (<span class='x'>FY2017-FY2020</span>) b", embed_images=True, escape=False)  # doctest: +ELLIPSIS
    '<h2 id="A-(FY2017-FY2020)-b">A (<span class="x">FY2017-FY2020</span>) b<a class="anchor-link" ...</h2>'
    """
    return MarkdownWithMath(renderer=TagKeepingRenderer(**renderer_options)).render(source)
