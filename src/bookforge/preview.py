"""``bookforge preview``: the book as a reader sees it on a screen (the e-book's styles,
numbered notes, the chosen layout), served as HTML on 127.0.0.1, rebuilt when a manuscript
or style file changes (watchfiles); the page reloads itself."""

from __future__ import annotations

import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from bookforge.document import build_html
from bookforge.errors import BookforgeError, collected_warnings, warn
from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.references import inside
from bookforge.review import review_html
from bookforge.styles import styles_dir
from bookforge.templates import render

VERSION_PATH = "/__version"
REVIEW_PATH = "/review"  # the pairing review, as `bookforge check` writes it


def _interrupt(_signal: int, _frame) -> None:
    raise KeyboardInterrupt


class Preview:
    """A preview server for one project; ``serve_forever`` until interrupted."""

    def __init__(self, root: Path, port: int = 8000, layout: str | None = None):
        self.root = root.resolve()
        self.layout = layout
        self.version = 0
        self.html = self.review = ""
        self.stopping = threading.Event()
        self.rebuild()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.watcher = threading.Thread(target=self._watch, daemon=True)
        self.watcher.start()

    def rebuild(self) -> None:
        """Build the HTML again; a problem is shown in the page instead of the book."""
        try:
            with collected_warnings() as warnings:
                book = load_book(self.root)
            for message in warnings:  # still printed (each once per run) as well as shown
                warn(message)
            build = book.settings["build"]
            arrangement = arrange(book, self.layout or build["layout"], build["order"])
            html = build_html(arrangement, base_url="/", live_reload=True, screen=True)
            review = review_html(book, list(dict.fromkeys(warnings)))
        except BookforgeError as error:
            html = review = render("preview-error.html.j2", message=str(error))
        self.html, self.review = html, review
        self.version += 1

    def _watch(self) -> None:
        folders = [self.root / "manuscript", styles_dir(self.root)]
        for _ in watchfiles.watch(*folders, stop_event=self.stopping, debounce=200):
            self.rebuild()

    def _handler(self):
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == VERSION_PATH:
                    self._send(str(preview.version).encode(), "text/plain")
                elif self.path in ("/", "/index.html"):
                    self._send(preview.html.encode("utf-8"), "text/html; charset=utf-8")
                elif self.path == REVIEW_PATH:
                    self._send(preview.review.encode("utf-8"), "text/html; charset=utf-8")
                else:
                    self._send_file()

            def _send_file(self) -> None:
                path = (preview.root / self.path.split("?")[0].lstrip("/")).resolve()
                if not inside(path, preview.root) or not path.is_file():
                    self.send_error(404)
                    return
                self._send(path.read_bytes(), "application/octet-stream")

            def _send(self, body: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM), then stop at once."""
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            self.server.serve_forever(poll_interval=0.1)
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.close()

    def close(self) -> None:
        """Stop watching and release the port."""
        self.stopping.set()
        self.server.server_close()
