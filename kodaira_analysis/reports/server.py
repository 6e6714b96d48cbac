"""The preview's web server: one report at /, its figures, and a long poll that reloads the page.

On 127.0.0.1, answering only to the Host names 127.0.0.1 and localhost (421 otherwise: no DNS rebinding). The
served copy, never the file written, carries the reload script, allowed by the page's policy by its hash.
"""

from __future__ import annotations

import html
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kodaira_analysis.files import read_inside
from kodaira_analysis.page.sanitize import csp_meta, policy

from .figures import FIGURES_DIR

#: Injected into the served page only (a static asset, read once; the policy allows it by its hash).
RELOAD_JS = (Path(__file__).parent / "templates" / "kodaira" / "reload.js").read_text(encoding="utf-8")
RELOAD_SCRIPT = f"<script>{RELOAD_JS}</script>"
#: The served copies' policy: the page's own, plus the reload script (by its hash) and asking this server.
SERVED_CSP = policy(scripts=(RELOAD_JS,), connect_self=True)
#: The Host headers this server answers (a page elsewhere could reach it by DNS rebinding under other names).
ALLOWED_HOSTS = ("127.0.0.1", "localhost")
#: The largest figure file the preview serves (bytes); the report's PNGs are well under 1 MB.
FIGURE_LIMIT = 20 * 1024 * 1024
#: How long ``/__version?since=N`` waits for a new version before it answers with the current one.
LONG_POLL_SECONDS = 25.0


class Preview:
    """The state shared by the render loop and the HTTP server: the current page and its version."""

    def __init__(self, name: str, out: Path | None = None) -> None:
        self.name, self.out, self.version = name, out, 0
        waiting = f"<p>Rendering {html.escape(name)}…</p>"
        self.page = f"<!DOCTYPE html><html><head>{csp_meta()}</head><body>{waiting}</body></html>"
        self.changed = threading.Condition()

    def publish(self, page: str) -> None:
        """Serve this page from now on, as a new version."""
        with self.changed:
            self.page, self.version = inject_reload(page, self.version + 1), self.version + 1
            self.changed.notify_all()

    def wait_for_change(self, since: str, timeout: float) -> int:
        """The version being served, once it differs from ``since`` (or after ``timeout`` seconds)."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.version) != since, timeout=timeout)
            return self.version

    def figure(self, url_path: str) -> bytes | None:
        """A figure's PNG the page links to (``/figures/<name>/figure-NN.png``), from the last render; else None.

        Only those names, from the preview's folder, through no symbolic link (of the file or its folders),
        never a FIFO, a hard link or a file over FIGURE_LIMIT bytes.
        """
        name = re.fullmatch(rf"/{FIGURES_DIR}/{re.escape(self.name)}/(figure-[0-9]{{2,3}}\.png)", url_path)
        if self.out is None or name is None:
            return None
        try:  # (in the instant a render swaps the folder in, not found)
            return read_inside(self.out, f"{FIGURES_DIR}/{self.name}/{name[1]}", FIGURE_LIMIT)
        except OSError:
            return None


def inject_reload(page: str, version: int | None = None) -> str:
    """The page with the reload script before ``</body>``, its policy allowing that script (served copies only).

    ``version``: the version this copy is, marked before the script, which reloads once another is served (taking
    the first it heard of, it missed a page published while this copy loaded).
    """
    mark = "" if version is None else f'<span hidden data-kodaira-version="{int(version)}"></span>'
    script = mark + RELOAD_SCRIPT
    page = re.sub(r'<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>', csp_meta(SERVED_CSP), page, count=1)
    if SERVED_CSP not in page:
        page = page.replace("<head>", "<head>" + csp_meta(SERVED_CSP), 1)
    at = page.rfind("</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this server: 127.0.0.1 or localhost, with its port or none.

    >>> [host_allowed(h, 8000) for h in ("127.0.0.1:8000", "localhost", "evil.example:8000", None, "127.0.0.1:80")]
    [True, True, False, False, False]
    """
    name, _, given = (host or "").strip().partition(":")
    return name.lower() in ALLOWED_HOSTS and given in ("", str(port))


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not host_allowed(self.headers.get("Host"), self.server.server_port):
            self._send(421, b"this preview answers only to 127.0.0.1 or localhost")
        elif url.path == "/__version":
            since = parse_qs(url.query).get("since")
            version = self.preview.wait_for_change(since[0], LONG_POLL_SECONDS) if since else self.preview.version
            self._send(200, str(version).encode())
        elif self.path in ("/", "/index.html", f"/{self.preview.name}.html"):
            self._send(200, self.preview.page.encode("utf-8"), "text/html; charset=utf-8")
        elif (figure := self.preview.figure(url.path)) is not None:  # a figure's link to its full size
            self._send(200, figure, "image/png")
        else:
            self._send(404, b"not found: this preview serves one report at /")

    def _send(self, code: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(code)
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)), "Cache-Control": "no-store"}
        headers |= {"Content-Security-Policy": SERVED_CSP, "X-Content-Type-Options": "nosniff"}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per render is enough


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start the HTTP server on 127.0.0.1 in a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), type("Handler", (_Handler,), {"preview": preview}))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server
