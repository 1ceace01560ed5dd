"""``build.py serve``: a real process serving the site on loopback and rebuilding on change."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import MINIMAL, PROJECT

from edition.serve import Watcher


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def test_watcher_sees_changes_and_new_files(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text("one")
    watcher = Watcher([tmp_path])
    assert not watcher.changed()
    (tmp_path / "b.xml").write_text("two")
    assert watcher.changed()
    assert not watcher.changed()


def test_serve_previews_and_rebuilds_when_the_source_changes(tmp_path: Path) -> None:
    source = tmp_path / "source" / "minimal.xml"
    source.parent.mkdir()
    source.write_bytes(MINIMAL.read_bytes())
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--source", str(source.parent),
               "--out", str(tmp_path / "dist"), "--port", "0", "--interval", "0.2"]  # fmt: skip
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        url = ""
        deadline = time.monotonic() + 60
        while not url and time.monotonic() < deadline:
            line = server.stderr.readline()
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else ""
        assert url, "the server never said where it serves"
        assert "The end." in fetch(url + "index.html")

        source.write_text(source.read_text(encoding="utf-8").replace("The end.", "The very end."), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "The very end." not in fetch(url + "index.html"):
            assert time.monotonic() < deadline, "the change was never rebuilt"
            time.sleep(0.3)

        # A broken source leaves the last good build online.
        source.write_text(source.read_text(encoding="utf-8").replace('<p xml:id="p3"', "<p"), encoding="utf-8")
        time.sleep(1.5)
        assert "The very end." in fetch(url + "index.html")
    finally:
        server.terminate()
        server.wait(timeout=10)
