"""URLs are judged as a browser reads them: one table of tricky URLs through the stylesheets'
``safe-url`` (``graphic/@url``, ``ref/@target``, ``ptr/@target``, ``@facs``) and through Python's
``edition.urls``, and the link check of the built pages reading every ``href`` and ``src``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, write
from lxml import html

from edition.build.pipeline import build
from edition.site.links import check_links, unresolved
from edition.tei.load import Document, parse
from edition.tei.transform import transform
from edition.urls import browser_form, is_web, kind, web_url

# (as written, what Python calls it, what the stylesheets put in href/src: None for nothing)
TRICKY = [
    ("/\\evil.example/x.png", "other", None),
    ("\\\\evil.example\\x.png", "other", None),
    ("\\/evil.example/x.png", "other", None),
    ("/\\/evil.example", "other", None),
    (" //evil.example/x", "other", None),
    ("//evil.example/x", "other", None),
    ("/\t/evil.example/x", "other", None),
    ("/\n/evil.example/x", "other", None),
    ("\\\r\\evil.example", "other", None),
    ("java\tscript:alert(1)", "other", None),
    ("java\nscript:alert(1)", "other", None),
    ("JaVaScRiPt:alert(1)", "other", None),
    ("  javascript:alert(1)", "other", None),
    ("vbscript:msgbox(1)", "other", None),
    ("data:text/html,<script>alert(1)</script>", "other", None),
    ("data:image/svg+xml,<svg onload=alert(1)>", "other", None),
    ("file:///etc/passwd", "other", None),
    ("https:evil.example", "other", None),
    ("https:/\\tei-c.org", "web", "https://tei-c.org"),
    ("http:", "other", None),
    ("https://", "other", None),
    # harmless: a file name on this site (a browser does not decode %2F into a separator)
    ("%2F%2Fevil.example", "local", "%2F%2Fevil.example"),
    # what the author wrote is a web address, and a browser reads it as this one
    ("http:\\\\tei-c.org\\x", "web", "http://tei-c.org/x"),
    ("HTTPS://tei-c.org/", "web", "HTTPS://tei-c.org/"),
    ("https://tei-c.org/?q=a\\b#c\\d", "web", "https://tei-c.org/?q=a\\b#c\\d"),
    ("mailto:editor@example.org", "mailto", "mailto:editor@example.org"),
    ("images\\plate.png", "local", "images/plate.png"),
    ("  plate.png\t", "local", "plate.png"),
    ("#p1", "fragment", "#p1"),
]


def attribute(value: str) -> str:
    """``value`` as an XML attribute: escaped, and tabs and newlines as character references
    (written as they are, the parser would turn them into spaces)."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def rendered(tmp_path: Path, url: str) -> html.HtmlElement:
    value = attribute(url)
    text = MINIMAL.read_text(encoding="utf-8").replace(
        '<p xml:id="p3" n="3">The end.</p>',
        f'<p xml:id="p3" n="3">The <ref xml:id="r1" target="{value}">end</ref> <ptr xml:id="r2" target="{value}"/>.'
        f'<figure><graphic xml:id="g1" url="{value}"/></figure></p>'
        f'<p xml:id="p4" n="4"><pb n="7" facs="{value}"/>Facsimile <lb facs="{value}"/>line.</p>',
    )
    doc = parse(write(tmp_path, "tricky.xml", text))
    assert isinstance(doc, Document), doc
    return html.fragment_fromstring(transform(doc)["text"], create_parent="div")


@pytest.mark.parametrize(("url", "reading", "kept"), TRICKY)
def test_the_stylesheets_keep_only_what_stays_where_it_says(
    tmp_path: Path, url: str, reading: str, kept: str | None
) -> None:
    body = rendered(tmp_path, url)
    expected = [kept] if kept is not None else []
    # A relative reference of ref and ptr may name another document of the collection: the
    # fragment marks it for the pages stage, which links it there or leaves it unlinked.
    referred = [f"tei-doc:{kept}"] if reading == "local" and kept is not None else expected
    assert body.xpath("//*[@id='r1']/@href") == referred
    assert body.xpath("//*[@id='r2']/@href") == referred
    assert body.xpath("//img/@src") == expected
    facsimile = "//*[@id='p4']//@href[. != '#p4'] | //*[@id='p4']//@src"  # its own permalink apart
    # A page's image links only where it is on the web; a local file name is kept as data.
    assert body.xpath(facsimile) == (expected if reading == "web" else []), "@facs links only to the web"
    for value in [v.removeprefix("tei-doc:") for v in body.xpath("//@href | //@src")]:
        assert kind(value) in ("fragment", "local", "web", "mailto"), value
        assert browser_form(value) == value, "what the page holds is what a browser reads"


@pytest.mark.parametrize(("url", "reading", "kept"), TRICKY)
def test_python_reads_urls_as_a_browser_does(url: str, reading: str, kept: str | None) -> None:
    assert kind(url) == reading
    assert is_web(url) == (reading == "web")
    assert web_url(url) == (kept if reading == "web" else "")


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("\x00javascript:alert(1)", "javascript:alert(1)"),
        ("\x1f\x01 /\\evil.example\x7f", "//evil.example\x7f"),
        ("java\tscr\nipt:", "javascript:"),
        ("/a\\b?c\\d#e\\f", "/a/b?c\\d#e\\f"),
        ("\\\\host\\share", "//host/share"),
    ],
)
def test_the_browser_form(url: str, form: str) -> None:
    assert browser_form(url) == form
    assert kind("\x00javascript:alert(1)") == "other"


def test_the_link_check_reads_every_href_and_src_as_a_browser_does() -> None:
    page = (
        b'<html><head><link rel="icon" href="data:,"><script src="static/edition.js"></script></head><body>'
        b'<a href="/\\evil.example/">one</a>\n<img src="\\\\evil.example\\x.png">\n'
        b'<a href="java&#9;script:alert(1)">two</a>\n<iframe src="//evil.example/"></iframe>\n'
        b'<img src="plate.png">\n<img src="static/logo.png">\n<a href="https://tei-c.org/">web</a></body></html>'
    )
    files = {"index.html": page, "static/edition.js": b"", "static/logo.png": b""}
    problems, outbound = check_links(files)
    found = [(p.line, p.rule, p.severity, p.message) for p in problems]

    def off(href: str, read: str) -> str:
        return f"{href!r} leads off the site (a browser reads it as {read!r}); only http(s) may"

    assert found == [
        (1, "unsafe-url", "error", off("/\\evil.example/", "//evil.example/")),
        (2, "unsafe-url", "error", off("\\\\evil.example\\x.png", "//evil.example/x.png")),
        (3, "unsafe-url", "error", off("java\tscript:alert(1)", "javascript:alert(1)")),
        (4, "unsafe-url", "error", off("//evil.example/", "//evil.example/")),
    ]
    # What the page does not make itself (at the site root: all but its own files) is checked
    # with the whole site; a missing image is a warning there.
    assert [(link.target, link.kind) for link in outbound] == [("plate.png", "image")]
    [missing] = unresolved(outbound, files.__contains__, lambda page: None)
    assert (missing.line, missing.rule, missing.severity) == (5, "missing-image", "warning")
    assert missing.message == "the image plate.png is no file of the site; it will not show (images are not copied)"
    del files["static/edition.js"]
    leaving = check_links(files)[1]
    found = [(p.rule, p.message) for p in unresolved(leaving, files.__contains__, lambda page: None)]
    assert ("broken-link", "static/edition.js points to no file of the site") in found, "a script's src must land"


def test_a_built_site_has_no_backslash_host_and_names_a_missing_image(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "The end.",
        'The <ref target="/\\evil.example/">end</ref>.<figure><graphic url="\\\\evil.example\\x.png"/></figure>'
        '<figure><graphic url="images\\plate.png"/></figure>',
    )
    out = tmp_path / "dist"
    result = build([write(tmp_path / "source", "doc.xml", text)], out, formats=("html",))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "evil.example" not in page
    assert '<img src="images/plate.png"' in page
    assert result.warnings == 1
