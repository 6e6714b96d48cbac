"""What may reach a page: an allowlist for rendered HTML (nh3) and every page's Content-Security-Policy.

The allowlist is nbconvert's ``clean_html`` filter: links only to ``#...`` or a relative path, images only inline.
The policy: nothing from the network, no script but the preview's (by its hash), no stylesheet but the page's own
and ``kodaira-links.css``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

#: The elements a report's rendered Markdown and HTML may hold (wbr: where a line in a table cell may break,
#: present/figure.breakable).
TAGS = frozenset(
    """a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure h1 h2 h3 h4
    h5 h6 hr i img ins kbd li mark ol p pre q s samp section small span strong sub summary sup table tbody td
    tfoot th thead tr u ul var wbr""".split()
)
#: Attributes by element ("*": every element). No event handler, no style, no target, no srcset.
ATTRIBUTES = {
    "*": {"class", "id", "lang", "title", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "data-label"},  # data-label: the column's name, for stacked rows (figure.table_html)
    "th": {"colspan", "rowspan", "scope", "data-label", "aria-hidden"},  # aria-hidden: a stacked row's copy (skipped)
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "table": {"border"},
}
#: Removed with everything inside them (the rest of a refused element's text is kept, as text).
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "svg", "math"})
_SCHEME = re.compile(r"^[\s\x00-\x1f]*[A-Za-z][A-Za-z0-9+.\-]*:")
_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*\Z")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # nh3 lets a relative URL or a data: URI through (url_schemes); a link also goes to no scheme, host or root
    # path and holds no control character, an image is inline image data
    if attribute == "href":
        odd = _SCHEME.match(value) or value.lstrip().startswith(("/", "\\")) or re.search("[\x00-\x1f\x7f]", value)
        return None if odd else value
    if attribute == "src":
        return value if _IMAGE_DATA.match(value) else None
    return value


@cache
def _cleaner():
    import nh3

    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes={"data"},
        link_rel=None,
        strip_comments=True,
    )


def clean(html: object) -> str:
    """``html`` with only the allowlisted elements, attributes and links.

    >>> clean('<p onclick="x()">a <img src=x onerror=alert(1)><a href="javascript:alert(1)">b</a></p>')
    '<p>a <img><a>b</a></p>'
    >>> clean('<iframe src="javascript:alert(1)"></iframe><meta http-equiv="refresh" content="0;url=http://x">ok')
    'ok'
    """
    text = html.decode() if isinstance(html, bytes) else str(html)
    return _cleaner().clean(text)


def policy(scripts: tuple[str, ...] = (), connect_self: bool = False) -> str:
    """A page's Content-Security-Policy allowing ``scripts`` (inline, by hash) and, if ``connect_self``, its server.

    >>> policy()
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline' 'self'; script-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'"
    """
    hashes = [base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() for script in scripts]
    script_src = " ".join(f"'sha256-{digest}'" for digest in hashes) or "'none'"
    connect = "connect-src 'self'; " if connect_self else ""
    return (
        f"default-src 'none'; {connect}img-src data:; "
        f"font-src data:; style-src 'unsafe-inline' 'self'; script-src {script_src}; base-uri 'none'; "
        "form-action 'none'; frame-src 'none'; object-src 'none'"
    )


#: The policy of every page the runner writes (the preview serves its copies with :func:`policy` of its script).
CSP = policy()


def csp_meta(content: str = CSP) -> str:
    """The ``<meta>`` element that applies a policy (first in ``<head>``, before anything it governs)."""
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'
