"""Browser fixtures: Debian's Chromium driven by Playwright, and the built site served on loopback.

Nothing is downloaded: Playwright runs the system browser (``apt-get install chromium``), never
``playwright install``. The flags keep Chromium, run as root on a machine with no outside network,
from sandboxing (impossible as root) and from calling home.

Fixtures (all but ``page`` live for the whole session):

* ``browser`` -- a headless Chromium. ``CHROMIUM`` in the environment overrides ``/usr/bin/chromium``.
* ``site_url`` -- ``http://127.0.0.1:PORT`` (no trailing slash) serving the folder given by the
  fixture ``site_dir``, on an ephemeral port, from a background thread. The site is served at the
  root, since Pagefind's result links are root-relative.
* ``collection_url`` -- the same, for the project's ``collection_site`` (several documents).
* ``page`` -- a fresh page in its own context. Console errors (which include failed loads such as
  404s) and uncaught page errors are collected into ``browser_errors``; if any remain when the test
  ends, the test fails at teardown. A test that provokes errors on purpose checks and clears the list.

This file does NOT define ``site_dir``: the project must provide it, session-scoped (a narrower
scope is a ScopeMismatch), returning the folder to serve, e.g. in a conftest beside the tests::

    @pytest.fixture(scope="session")
    def site_dir() -> Path:
        return PROJECT / "dist"

Without Playwright or Chromium the browser tests fail (never skip): the README's test command
installs both, and a missing install step must not pass unseen.

Keep ``__init__.py`` beside this file: without it pytest imports this file as the module
``conftest`` and ``from conftest import PROJECT`` in the tests above breaks.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> NoReturn:
    """A missing browser is a failed install, never a reason to skip."""
    pytest.fail(reason, pytrace=False)


class _Handler(SimpleHTTPRequestHandler):
    """Static files, without a log line per request, and no 404 for the favicon Chromium asks for itself."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> BinaryIO | None:
        if self.path == "/favicon.ico" and not Path(self.translate_path(self.path)).is_file():
            self.send_response(204)
            self.end_headers()
            return None
        return super().send_head()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Debian Chromium, launched once per session."""
    if importlib.util.find_spec("playwright") is None:
        _unavailable("Playwright is not installed: pip install playwright (no 'playwright install' needed)")
    if not CHROMIUM.is_file():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` at http://127.0.0.1:PORT from a background thread; yields that origin."""
    if not folder.is_dir():
        pytest.fail(f"{folder} is not a folder: build the site first", pytrace=False)
    handler = functools.partial(_Handler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` for the session; yields its origin."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def collection_url(collection_site: Path) -> Iterator[str]:
    """Serve the collection built by the project's ``collection_site`` fixture; yields its origin."""
    with serving(collection_site) as url:
        yield url


@pytest.fixture
def browser_errors() -> list[str]:
    """The console errors and page errors of this test's ``page``, in the order they came."""
    return []


@pytest.fixture
def page(browser: Browser, browser_errors: list[str]) -> Iterator[Page]:
    """A page in a fresh context; the test fails at teardown if the page logged any error."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            browser_errors.append(f"console: {message.text} ({message.location['url']})")

    def on_page_error(error: Error) -> None:
        browser_errors.append(f"page error: {error.name or 'Error'}: {error.message}")

    tab.on("console", on_console)
    tab.on("pageerror", on_page_error)
    try:
        yield tab
    finally:
        context.close()
    if browser_errors:
        pytest.fail("the page logged errors:\n" + "\n".join(browser_errors), pytrace=False)


def arrived(page: Page, ending: str) -> None:
    """Wait until the page's address ends with ``ending`` and what it leads to has loaded: a
    click that follows a link returns before the browser has gone there, so reading the address
    or the page at once races it."""
    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(re.escape(ending) + "$"))
    page.wait_for_load_state()
