"""Preview: serve the built site on 127.0.0.1 and rebuild when a source, stylesheet or template changes.

Changes are found by polling modification times (no extra dependency, works everywhere). A
rebuild that fails prints its problems and keeps serving the last good build. A connection that
stays silent is closed after ``IDLE_SECONDS`` (each holds a thread), and a client that goes away
mid-response is nobody's error: nothing is printed for it.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def snapshot(roots: Iterable[Path]) -> dict[Path, float]:
    """Modification time of every file under ``roots`` (files or folders)."""
    found: dict[Path, float] = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in files:
            try:
                found[path] = path.stat().st_mtime_ns
            except OSError:
                continue
    return found


class Watcher:
    """Tells whether anything under the watched paths changed since the last call."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = list(roots)
        self.last = snapshot(self.roots)

    def changed(self) -> bool:
        now = snapshot(self.roots)
        if now != self.last:
            self.last = now
            return True
        return False


IDLE_SECONDS = 15.0
# What a client that goes away or stays silent makes the server meet: not the server's fault.
_CLIENT_GONE = (ConnectionError, TimeoutError)


class QuietHandler(SimpleHTTPRequestHandler):
    def setup(self) -> None:
        super().setup()
        # A silent client is let go: every read and write on the connection has this deadline.
        self.connection.settimeout(getattr(self.server, "idle_seconds", IDLE_SECONDS))

    def handle(self) -> None:
        try:
            super().handle()
        except _CLIENT_GONE:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class PreviewServer(ThreadingHTTPServer):
    """A threading server that keeps quiet about clients that disconnect or time out."""

    daemon_threads = True
    idle_seconds = IDLE_SECONDS

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], _CLIENT_GONE):
            return
        super().handle_error(request, client_address)


def start_server(folder: Path, port: int, idle_seconds: float = IDLE_SECONDS) -> ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1:``port`` (0 picks a free port) from a background thread."""
    # The handler resolves the folder per request, so a rebuild that replaces it is served at once.
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = PreviewServer(("127.0.0.1", port), handler)
    server.idle_seconds = idle_seconds
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    return server


def watch(
    watcher: Watcher, rebuild: Callable[[], None], interval: float = 0.5, stop: threading.Event | None = None
) -> None:
    """Call ``rebuild`` whenever the watched files change, until ``stop`` is set."""
    stop = stop or threading.Event()
    while not stop.is_set():
        if watcher.changed():
            rebuild()
        stop.wait(interval)
        time.sleep(0)
