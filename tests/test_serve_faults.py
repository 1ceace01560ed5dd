"""The preview server under unlucky clients: one that connects and says nothing, one that goes
away mid-response; and the preview beside a full build, which it must not touch."""

from __future__ import annotations

import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import MINIMAL, PROJECT, write

from edition.build.pipeline import build
from edition.serve import start_server


def settle(baseline: int, deadline: float = 30) -> None:
    """Wait until the server's request threads have ended (only its own thread is left)."""
    end = time.monotonic() + deadline
    while threading.active_count() > baseline and time.monotonic() < end:
        time.sleep(0.05)


def test_an_idle_connection_is_closed(tmp_path: Path) -> None:
    write(tmp_path, "index.html", "<p>preview</p>")
    server = start_server(tmp_path, 0, idle_seconds=0.5)
    try:
        with socket.create_connection(server.server_address[:2]) as client:
            client.settimeout(30)  # far beyond the server's half second
            assert client.recv(1) == b"", "the server closed the silent connection"
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/index.html", timeout=30) as page:
            assert page.read() == b"<p>preview</p>", "and still serves"
    finally:
        server.shutdown()
        server.server_close()


def test_a_client_that_goes_away_mid_response_is_no_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "big.bin").write_bytes(bytes(32 << 20))  # more than any socket buffer holds
    write(tmp_path, "index.html", "<p>preview</p>")
    baseline = threading.active_count()
    server = start_server(tmp_path, 0)
    try:
        for _ in range(3):
            client = socket.create_connection(server.server_address[:2])
            client.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.0 200")
            # Gone at once, with a reset: the server meets a broken pipe or a reset connection.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        settle(baseline + 1)
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/index.html", timeout=30) as page:
            assert page.read() == b"<p>preview</p>"
    finally:
        server.shutdown()
        server.server_close()
    printed = capfd.readouterr()
    assert printed.err == "" and printed.out == "", printed.err


def test_serve_leaves_a_full_build_and_its_pdf_alone(tmp_path: Path) -> None:
    source = write(tmp_path / "source", "minimal.xml", MINIMAL.read_text(encoding="utf-8"))
    dist = tmp_path / "dist"
    build([source], dist)  # the full build: HTML and PDF
    assert (dist / "minimal.pdf").is_file()
    before = {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    # No --out: the preview's default folder, from the project's out (dist).
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--source", str(source.parent), "--port", "0"]
    server = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        url = ""
        deadline = time.monotonic() + 120
        while not url and time.monotonic() < deadline:
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", server.stderr.readline())
            url = found.group(1) if found else ""
        assert url, "the server never said where it serves"
        with urllib.request.urlopen(url + "index.html", timeout=30) as page:
            assert b"The end." in page.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*") if p.is_file()} == before
    assert (tmp_path / "dist-preview" / "index.html").is_file()
    assert not (tmp_path / "dist-preview" / "minimal.pdf").exists(), "the preview is the HTML site"
