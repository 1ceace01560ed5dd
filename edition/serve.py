"""Preview: serve the built site on 127.0.0.1 and rebuild when a source, stylesheet or template changes.

Changes are found by polling modification times (no extra dependency, works everywhere). A
rebuild that fails prints its problems and keeps serving the last good build.
"""

from __future__ import annotations

import functools
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


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def start_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1:``port`` (0 picks a free port) from a background thread."""
    # The handler resolves the folder per request, so a rebuild that replaces it is served at once.
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
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
