"""The preview's web server: one report at /, its figures, and a long poll that reloads the page.

Served by :mod:`http.server` in a thread, on 127.0.0.1 only, and only to requests whose Host header is
127.0.0.1 or localhost (421 otherwise: a web page elsewhere cannot read the preview by DNS rebinding).
The served copy, never the file written, carries a small script that asks ``/__version?since=N``, which
answers as soon as a version other than N is served (or after 25 s), and reloads the page; the page's
Content-Security-Policy is widened for that script alone (by its hash) and for asking this server.
"""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from . import owned
from .sanitize import csp_meta, policy

#: Injected into the served page only: reload when the version changes (the server holds the request until then).
RELOAD_JS = """(function () {
  var seen = null;
  function poll() {
    var url = seen === null ? "/__version" : "/__version?since=" + encodeURIComponent(seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); return; }
      setTimeout(poll, 50);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();"""
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
        self.name = name
        self.out = out
        self.version = 0
        self.page = (
            f"<!DOCTYPE html><html><head>{csp_meta()}</head><body><p>Rendering {html.escape(name)}…</p></body></html>"
        ).encode()
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)

    def publish(self, html: str) -> None:
        """Serve this page from now on, as a new version."""
        with self.lock:
            self.page = inject_reload(html).encode("utf-8")
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, since: str, timeout: float) -> int:
        """The version being served, once it differs from ``since`` (or after ``timeout`` seconds)."""
        with self.lock:
            self.changed.wait_for(lambda: str(self.version) != since, timeout=timeout)
            return self.version

    def figure(self, url_path: str) -> bytes | None:
        """A figure's PNG the page links to (``/figures/<name>/figure-NN.png``), from the last render; else None.

        Only those names are served, from the preview's output folder, through no symbolic link (of the
        file or of its folders), never a FIFO, a hard link or a file over FIGURE_LIMIT bytes.
        """
        from kodaira_analysis.files import read_inside

        from .figures import FIGURES_DIR

        prefix = f"/{FIGURES_DIR}/{self.name}/"
        file = url_path[len(prefix) :] if url_path.startswith(prefix) else ""
        if self.out is None or not (owned.FIGURES_FILE.fullmatch(file) and file.endswith(".png")):  # PNGs are linked
            return None
        try:  # (in the instant a render swaps the folder in, not found)
            return read_inside(self.out, f"{FIGURES_DIR}/{self.name}/{file}", FIGURE_LIMIT)
        except OSError:
            return None

    def current(self) -> tuple[int, bytes]:
        """The version number and page being served."""
        with self.lock:
            return self.version, self.page


def inject_reload(page: str) -> str:
    """The page with the reload script before ``</body>``, its policy allowing that script (served copies only)."""
    import re

    page = re.sub(r'<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>', csp_meta(SERVED_CSP), page, count=1)
    if SERVED_CSP not in page:
        page = page.replace("<head>", "<head>" + csp_meta(SERVED_CSP), 1)
    at = page.rfind("</body>")
    return page[:at] + RELOAD_SCRIPT + page[at:] if at >= 0 else page + RELOAD_SCRIPT


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this server: 127.0.0.1 or localhost, with its port or none.

    >>> [host_allowed(h, 8000) for h in ("127.0.0.1:8000", "localhost", "evil.example:8000", None, "127.0.0.1:80")]
    [True, True, False, False, False]
    """
    if not host:
        return False
    name, _, given = host.strip().rpartition(":") if ":" in host else (host.strip(), "", "")
    return name.lower() in ALLOWED_HOSTS and given in ("", str(port))


class _Handler(BaseHTTPRequestHandler):
    preview: Preview

    def do_GET(self) -> None:
        from urllib.parse import parse_qs, urlsplit

        address = self.server.server_address  # (host, port): the server is bound to 127.0.0.1
        port = address[1] if isinstance(address, tuple) else 0
        if not host_allowed(self.headers.get("Host"), int(port)):
            self._send(421, "text/plain; charset=utf-8", b"this preview answers only to 127.0.0.1 or localhost")
            return
        version, page = self.preview.current()
        url = urlsplit(self.path)
        if url.path == "/__version":
            since = parse_qs(url.query).get("since")
            if since:
                version = self.preview.wait_for_change(since[0], LONG_POLL_SECONDS)
            self._send(200, "text/plain; charset=utf-8", str(version).encode())
        elif self.path in ("/", "/index.html", f"/{self.preview.name}.html"):
            self._send(200, "text/html; charset=utf-8", page)
        elif (figure := self.preview.figure(url.path)) is not None:  # a figure's link to its full size
            self._send(200, "image/png", figure)
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: this preview serves one report at /")

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", SERVED_CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per render is enough


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start the HTTP server on 127.0.0.1 in a daemon thread."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server
