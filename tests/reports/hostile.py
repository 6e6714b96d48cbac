"""Hostile strings for every field that reaches a page, and a notebook whose outputs carry them."""

from __future__ import annotations

import re

#: Each tries to run a script, load something from the network, or redirect the page.
HOSTILE = [
    "<img src=x onerror=\"document.title='pwned-img'\">",
    "<svg onload=\"document.title='pwned-svg'\"></svg>",
    "<iframe src=\"javascript:document.title='pwned-iframe'\"></iframe>",
    '<meta http-equiv="refresh" content="0;url=http://198.51.100.7/refresh">',
    '<base href="http://198.51.100.7/base/">',
    '<link rel="stylesheet" href="http://198.51.100.7/remote.css">',
    "<script>document.title='pwned-script'</script>",
    "<a href=\"javascript:document.title='pwned-link'\">link</a>",
    '<form action="http://198.51.100.7/form"><button>go</button></form>',
    '<img src="http://198.51.100.7/pixel.png">',
    "<style>@import url(http://198.51.100.7/import.css); body{background:url(http://198.51.100.7/bg.png)}</style>",
    '<object data="http://198.51.100.7/x.swf"></object>',
]
#: One string holding all of them, as a data value would.
HOSTILE_TEXT = " ".join(HOSTILE)
#: Elements no page of ours holds (a <meta> only as charset, viewport or the policy).
FORBIDDEN_ELEMENTS = {"script", "iframe", "frame", "base", "link", "form", "object", "embed", "svg"}
#: The one <link> a report holds, exactly so: the stylesheet of its own folder (reports/links.py), relative.
OUR_LINK = {"rel": "stylesheet", "href": "kodaira-links.css"}


def dangerous_markup(html: str) -> list[str]:
    """What in the page's markup (not its text) could run a script, load from elsewhere or redirect."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            if tag in FORBIDDEN_ELEMENTS and values != OUR_LINK:
                found.append(f"<{tag}>")
            if tag == "meta" and "http-equiv" in values and values["http-equiv"].lower() != "content-security-policy":
                found.append(f"<meta http-equiv={values['http-equiv']}>")
            for name, value in attrs:
                value = (value or "").strip().lower()
                if name.startswith("on"):
                    found.append(f"<{tag} {name}>")
                if name in ("href", "src", "action", "data", "formaction") and (
                    value.startswith(("javascript:", "http:", "https:", "//")) or "://" in value
                ):
                    found.append(f"<{tag} {name}={value[:40]}>")
                if name == "style" and "url(" in value:
                    found.append(f"<{tag} style=url()>")

        def handle_data(self, data):
            code = re.sub(r'"(?:\\.|[^"\\])*"', '""', data)  # CSS strings (a title in @page) load nothing
            if self.lasttag == "style" and ("@import" in code or "url(http" in code):
                found.append("<style> loading from the network")

    Parser().feed(html)
    return found


def hostile_notebook():
    """A notebook whose outputs (Markdown, HTML, mermaid, JavaScript, plain text) carry every hostile string."""
    import nbformat.v4 as v4

    outputs = [
        v4.new_output(
            "display_data", data={"text/markdown": f"## Heading\n\nText {HOSTILE_TEXT}\n\n- a\n- [term](#term-x)"}
        ),
        v4.new_output("display_data", data={"text/html": f"<p class='kodaira'>{HOSTILE_TEXT}</p>"}),
        v4.new_output("display_data", data={"text/vnd.mermaid": f"graph TD; A-->B {HOSTILE_TEXT}"}),
        v4.new_output("display_data", data={"application/javascript": "document.title='pwned-js'"}),
        v4.new_output("stream", name="stdout", text=HOSTILE_TEXT),
    ]
    cell = v4.new_code_cell("print('x')", outputs=outputs, execution_count=1)
    return v4.new_notebook(cells=[v4.new_markdown_cell(f"# Cell\n\n{HOSTILE_TEXT}"), cell])
