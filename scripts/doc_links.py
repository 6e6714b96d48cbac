"""The documentation's external links: collected, checked offline against a reviewed list, or checked online.

Internal links are checked by ``mkdocs build --strict``. External ones cannot be followed in CI, which is
offline: every external address in the docs' sources (docs/, mkdocs.yml, the page generator) and in the
built site's links must be in ``docs/links.txt``, a list reviewed by hand, each address https and
well-formed (tests/test_doc_links.py and tests/test_docs.py). Whether each address still answers is
checked online, by hand, with ``make linkcheck`` (not in CI). Usage:

    python scripts/doc_links.py offline [--site site]   # the docs' addresses against docs/links.txt
    python scripts/doc_links.py online [--timeout 20]   # every address of docs/links.txt, fetched
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
REVIEWED = ROOT / "docs" / "links.txt"
#: The files whose text the site is made of (the generated pages come from the generator's code and the package).
SOURCES = ("docs/**/*.md", "docs/**/*.py", "mkdocs.yml", "scripts/gen_docs_pages.py")
_URL = re.compile(r"https?://[^\s<>\"'`)\]]+")
#: Punctuation that ends a sentence after a bare address, never part of it (ASCII and Japanese).
_TRAILING = ".,;:!?。、）」"


#: Addresses of this machine (a preview's, in an example of its output): local, never external.
_LOCAL = re.compile(r"(?i)^https?://(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$)")


def _clean(url: str) -> str:
    return url.rstrip(_TRAILING)


def external(url: str) -> bool:
    """Whether an address is on another machine (a loopback address, as the preview prints, is not).

    >>> external("https://www.soumu.go.jp/"), external("http://127.0.0.1:PORT/"), external("http://localhost/")
    (True, False, False)
    """
    return not _LOCAL.match(url)


def source_urls(root: Path | None = None) -> dict[str, list[str]]:
    """Every external address written in the docs' sources: {address: [file, ...]}."""
    root = root or ROOT
    found: dict[str, list[str]] = {}
    for pattern in SOURCES:
        for path in sorted(root.glob(pattern)):
            for url in filter(external, map(_clean, _URL.findall(path.read_text(encoding="utf-8")))):
                found.setdefault(url, []).append(str(path.relative_to(root)))
    return found


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and re.match(r"(?i)https?://", value) and external(value):
                self.urls.append(value)


def site_urls(site: Path) -> dict[str, list[str]]:
    """Every external address a built page links to or loads (href and src): {address: [page, ...]}."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            found.setdefault(url, []).append(str(page.relative_to(site)))
    return found


def problem(url: str) -> str | None:
    """Why an address may not stand in the reviewed list, or None.

    >>> problem("https://www.soumu.go.jp/iken/shihyo_ichiran.html") is None
    True
    >>> problem("http://www.city.kodaira.tokyo.jp/")
    'not https'
    >>> problem("https://localhost/x"), problem("https://exa mple.org/")
    ('no host name with a dot', 'a space or control character')
    """
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "a space or control character"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "not https"
    if "." not in (parts.hostname or "") or parts.username or parts.password:
        return "no host name with a dot" if "." not in (parts.hostname or "") else "a user name or password"
    if _clean(url) != url:
        return "ends with punctuation"
    return None


def reviewed(path: Path | None = None) -> list[str]:
    """The reviewed addresses: one a line; blank lines and lines starting with '#' are skipped."""
    lines = [line.strip() for line in (path or REVIEWED).read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def offline(site: Path | None) -> list[str]:
    """What is wrong, offline: a malformed or repeated entry, an address used but not reviewed, an entry unused."""
    listed = reviewed()
    errors = [f"docs/links.txt: {u}: {why}" for u in listed if (why := problem(u))]
    errors += [f"docs/links.txt: {u}: listed twice" for u in sorted({u for u in listed if listed.count(u) > 1})]
    used = source_urls() | (site_urls(site) if site else {})
    errors += [f"{', '.join(sorted(set(w)))}: {u}: not in docs/links.txt" for u, w in used.items() if u not in listed]
    if site:
        errors += [f"docs/links.txt: {u}: used nowhere in the docs or the built site" for u in listed if u not in used]
    return errors


def online(urls: list[str], timeout: float) -> list[str]:
    """Fetch every address (HEAD, then GET where HEAD is refused); return the ones that fail, with why."""
    failures = []
    for url in urls:
        status: int | str = "?"
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": "kodaira-analysis linkcheck"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as answer:
                    status = answer.status
                break
            except urllib.error.HTTPError as error:
                status = error.code
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                status = f"{type(error).__name__}: {getattr(error, 'reason', error)}"
        print(f"{status!s:<6} {url}")
        if not (isinstance(status, int) and status < 400):
            failures.append(f"{url}: {status}")
    return failures


def main() -> int:
    """The command line: offline or online; exit 1 when any address has a problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("offline", help="the docs' addresses against docs/links.txt (no network)")
    check.add_argument("--site", type=Path, help="a built site (mkdocs build) whose links are checked too")
    fetch = commands.add_parser("online", help="fetch every address of docs/links.txt (needs the network)")
    fetch.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    if args.command == "offline":
        errors = offline(args.site)
    else:
        errors = [f"docs/links.txt: {u}: {why}" for u in reviewed() if (why := problem(u))]
        errors += online([u for u in reviewed() if not problem(u)], args.timeout)
    for error in errors:
        print(error, file=sys.stderr)
    print(
        f"{len(errors)} problem(s)"
        if errors
        else "every address is reviewed"
        if args.command == "offline"
        else "every address answers"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
