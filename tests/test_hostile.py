"""Hostile input: nothing a TEI document says can read a file, reach the network, run a script in
a reader's browser, or write outside the output folder.

Each test names one attack and shows what stops it. The hostile document (``HOSTILE``) is built
without validation, as a document that passed a more lenient schema would be: every output of the
HTML site, the exports, the DTS files and the PDF are then searched for anything that escaped.
"""

from __future__ import annotations

import http.client
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pikepdf
import pytest
import rispy
import yaml
from click.testing import CliRunner
from conftest import MINIMAL, PROJECT, write
from lxml import etree, html

from build import cli
from edition.build.output import publish
from edition.build.pipeline import build
from edition.errors import EditionError
from edition.pdf.render import RendererRefused, _fetcher_class, render_pdf
from edition.serve import start_server
from edition.site.dts import safe_identifier
from edition.site.pages import SiteOptions
from edition.tei import load, transform
from edition.tei.load import Document, parse, safe_parser
from tests.helpers import site_files

TEI = "http://www.tei-c.org/ns/1.0"
SECRET = "SECRET-OUTSIDE-THE-SOURCE-FOLDER"


# --- a server that counts every request: the proof that nothing touched the network ------------


class Listener:
    """An HTTP server on loopback that records the paths asked of it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = f'<!ENTITY leak "{SECRET}">'.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.server.shutdown()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    return write(tmp_path / "outside", "secret.txt", SECRET)


def tei(body: str, prolog: str = "") -> bytes:
    return f'{prolog}<TEI xmlns="{TEI}"><teiHeader/><text><body>{body}</body></text></TEI>'.encode()


# --- the parser -----------------------------------------------------------------------------


def test_the_parser_expands_no_entity_loads_no_dtd_and_touches_no_network(
    tmp_path: Path, listener: Listener, secret_file: Path
) -> None:
    """safe_parser() itself, without the DOCTYPE refusal on top: each option shown by what it does."""
    dtd = write(tmp_path, "defaults.dtd", '<!ATTLIST p added CDATA "from-the-dtd">')
    cases = {
        # resolve_entities=False: an internal entity stays a reference, never its text.
        "internal": f'<!DOCTYPE r [<!ENTITY e "{SECRET}">]><r><p>&e;</p></r>',
        # ... and so does an external one, a local file or a URL.
        "file": f'<!DOCTYPE r [<!ENTITY e SYSTEM "file://{secret_file}">]><r><p>&e;</p></r>',
        "network": f'<!DOCTYPE r [<!ENTITY e SYSTEM "{listener.url}/entity">]><r><p>&e;</p></r>',
        "parameter": f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{listener.url}/parameter"> %p;]><r><p>&leak;</p></r>',
        # load_dtd=False: an external DTD is never read (its default attribute never appears).
        "dtd-file": f'<!DOCTYPE r SYSTEM "file://{dtd}"><r><p/></r>',
        "dtd-network": f'<!DOCTYPE r SYSTEM "{listener.url}/dtd"><r><p/></r>',
    }
    for name, text in cases.items():
        try:
            root = etree.fromstring(text.encode(), safe_parser())
        except etree.XMLSyntaxError:
            continue  # refusing to parse is as good as not reading
        serialized = etree.tostring(root, encoding="unicode")
        assert SECRET not in serialized, name
        assert "from-the-dtd" not in serialized, name
    time.sleep(0.2)
    assert listener.hits == [], "no_network=True: the parser asked the network"
    # huge_tree=False: libxml2's limits stand (depth 256, a text node of 10 MB).
    with pytest.raises(etree.XMLSyntaxError, match="depth"):
        etree.fromstring(b"<a>" * 300 + b"</a>" * 300, safe_parser())
    with pytest.raises(etree.XMLSyntaxError, match="Text node too long"):
        etree.fromstring(b"<a>" + b"x" * 10_000_001 + b"</a>", safe_parser())


@pytest.mark.parametrize(
    ("name", "prolog", "body"),
    [
        (
            "billion-laughs",
            '<!DOCTYPE TEI [<!ENTITY l0 "lol">'
            + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
            + "]>",
            "<p>&l9;</p>",
        ),
        ("quadratic", f'<!DOCTYPE TEI [<!ENTITY a "{"x" * 100_000}">]>', "<p>" + "&a;" * 100_000 + "</p>"),
        ("external-file", '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "<p>&x;</p>"),
        ("external-url", '<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/x">]>', "<p>&x;</p>"),
        ("parameter-entity", '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p"> %p;]>', "<p>&leak;</p>"),
        ("after-comment", '<?xml version="1.0"?><!-- hi --><!DOCTYPE TEI [<!ENTITY a "b">]>', "<p>&a;</p>"),
    ],
)
def test_entity_and_dtd_attacks_are_refused_quickly_as_doctype_forbidden(
    listener: Listener, name: str, prolog: str, body: str
) -> None:
    started = time.perf_counter()
    result = parse(Path(f"{name}.xml"), tei(body, prolog.replace("{url}", listener.url)))
    assert time.perf_counter() - started < 2
    assert isinstance(result, list)
    assert [p.rule for p in result] == ["doctype-forbidden"], result
    assert "remove it" in result[0].message
    time.sleep(0.1)
    assert listener.hits == []


@pytest.mark.parametrize(
    ("name", "prolog"),
    [
        ("external-dtd", '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">'),
        ("public-dtd", '<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "{url}/tei.dtd">'),
        ("file-dtd", '<!DOCTYPE TEI SYSTEM "file:///etc/passwd">'),
    ],
)
def test_a_doctype_naming_only_an_external_dtd_builds_with_a_warning_and_loads_nothing(
    listener: Listener, name: str, prolog: str
) -> None:
    source = tei("<p/>", prolog.replace("{url}", listener.url))
    result = parse(Path(f"{name}.xml"), source)
    assert isinstance(result, Document), result
    assert [(p.rule, p.severity, p.line, p.column) for p in result.warnings] == [("doctype-ignored", "warning", 1, 1)]
    assert b"root:" not in etree.tostring(result.tree)
    # The declaration is blanked, not removed: every line and column of the document stays true.
    assert result.source == source
    assert result.tree.getroot().sourceline == source[: source.index(b"<TEI")].count(b"\n") + 1
    time.sleep(0.1)
    assert listener.hits == []


def test_an_undeclared_entity_after_an_external_dtd_is_refused() -> None:
    result = parse(Path("nbsp.xml"), tei("<p>&nbsp;</p>", '<!DOCTYPE TEI SYSTEM "tei.dtd">'))
    assert isinstance(result, list) and [p.rule for p in result] == ["xml-syntax"]


def test_deep_nesting_is_a_clear_problem_not_a_crash() -> None:
    result = parse(Path("deep.xml"), tei("<div>" * 100_000 + "<p>x</p>" + "</div>" * 100_000))
    assert isinstance(result, list)
    assert [(p.rule, p.message) for p in result] == [
        ("resource-limit", "elements nest deeper than 256 levels, the parser's safety limit; flatten the markup")
    ]


def test_nesting_just_under_the_limit_still_builds() -> None:
    body = '<div><p xml:id="p1" n="1">' + "<hi>" * 240 + "deep" + "</hi>" * 240 + "</p></div>"
    doc = parse(Path("nested.xml"), tei(body))
    assert isinstance(doc, Document)
    started = time.perf_counter()
    fragments = transform.transform(doc)
    assert "deep" in fragments["text"]
    files, _, _ = site_files([doc], SiteOptions())
    assert b"deep" in files["index.html"]
    assert time.perf_counter() - started < 10


def test_a_huge_text_node_is_a_clear_problem() -> None:
    result = parse(Path("big.xml"), tei("<p>" + "x" * 10_000_001 + "</p>"))
    assert isinstance(result, list)
    assert [p.rule for p in result] == ["resource-limit"]
    assert "10,000,000 characters" in result[0].message


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    big = tmp_path / "big.xml"
    big.write_bytes(tei("<p>" + "x " * 600_000 + "</p>"))

    def no_reading(self: Path) -> bytes:
        raise AssertionError("an oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    result = parse(big)
    assert isinstance(result, list)
    assert [p.rule for p in result] == ["too-large"]
    assert "more than the 1 MiB a document may have" in result[0].message
    assert load.MAX_DOCUMENT_BYTES <= 64 * 1024 * 1024


def test_resource_limits_reach_the_command_line_as_one_line_each(tmp_path: Path) -> None:
    write(tmp_path, "deep.xml", tei("<div>" * 300 + "</div>" * 300).decode())
    write(tmp_path, "bomb.xml", '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">]><TEI xmlns="' + TEI + '">&a;</TEI>')
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert any(re.search(r"bomb\.xml:1:1: doctype-forbidden: ", line) for line in lines), lines
    assert any(re.search(r"deep\.xml:1:\d+: resource-limit: elements nest deeper", line) for line in lines), lines
    assert lines[-1] == "2 errors found; nothing was written"


# --- XInclude and XSLT ----------------------------------------------------------------------


HEADER = """<teiHeader><fileDesc>
  <titleStmt><title type="main">{title}</title><author>{author}</author></titleStmt>
  <editionStmt><edition n="{version}">Test edition</edition></editionStmt>
  <publicationStmt><publisher>{publisher}</publisher><date when="2026-01-01">2026</date>
    <idno type="edition">{idno}</idno>
    <availability><licence target="{licence}">CC0</licence></availability></publicationStmt>
  <sourceDesc><p>Written for the tests.</p></sourceDesc>
</fileDesc></teiHeader>"""

# What a title, an author, a version or a publisher may hold: data, never markup or syntax.
BAD_TITLE = "Evil </script><script>alert('title')</script> <!--<script> } { \\ % @misc{x,"
BAD_AUTHOR = 'Ada "<img src=x onerror=alert(1)>" Author}'


def hostile_document(folder: Path, secret: Path) -> Path:
    """A document whose text and attributes try every injection; valid XML, not valid TEI."""
    header = HEADER.format(
        title=BAD_TITLE.replace("&", "&amp;").replace("<", "&lt;"),
        author=BAD_AUTHOR.replace("<", "&lt;"),
        version="0.1.0&lt;/script&gt;",
        publisher="Pub &lt;/script&gt;} @misc{x,",
        idno="../../etc/passwd&lt;/script&gt;",
        licence="javascript:alert('licence')",
    )
    body = f"""
  <div type="chapter" n="1" rend="x&quot; onmouseover=&quot;alert(1)&quot; &lt;script&gt;"
       style="background:url(javascript:alert(1))" rendition="javascript:alert(1)" facs="javascript:alert(1)">
    <head onclick="alert('head')">A &lt;script&gt;alert("head")&lt;/script&gt; chapter</head>
    <p xml:id="p1" n="1" onload="alert(1)" style="x:expression(alert(1))"
      ><persName ref="javascript:alert('ref')">Ada</persName> wrote &lt;script&gt;alert(1)&lt;/script&gt;
      <ref target="javascript:alert('target')">one</ref> <ref target=" JavaScript:alert('t2')">two</ref>
      <ref target="java&#9;script:alert('t3')">three</ref>
      <ref target="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">four</ref>
      <ref target="vbscript:msgbox(1)">five</ref> <ref target="file:///etc/passwd">six</ref>
      <ref target="//evil.example/x">seven</ref> <ref target="#p1&quot; onclick=&quot;x">eight</ref>
      <ptr target="javascript:alert('ptr')"/> <ptr target="data:,x"/>
      <hi rend="&quot;&gt;&lt;script&gt;alert('rend')&lt;/script&gt;" style="color:red">hi</hi>
      <placeName ref="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Paris</placeName>
      <xi:include href="{secret}" parse="text"/><xi:include href="file://{secret}" parse="xml"/>
      <xi:include href="../../../../../../etc/passwd" parse="text"><xi:fallback>fallback</xi:fallback></xi:include>
      <figure><graphic url="javascript:alert('img')"/><graphic url="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"/>
        <graphic url="file://{secret}"/></figure></p>
    <p xml:id="p2" n="2">&lt;/p&gt;&lt;iframe src="javascript:alert(1)"&gt;&lt;/iframe&gt; &#x202E;RTL&#xA0;end</p>
    <p xml:id="p3" n="3"><note xml:id="n1" n="1" place="foot"><bibl><title>&lt;style&gt;*{{}}&lt;/style&gt;</title>
      <ref target="javascript:alert('note')">note link</ref></bibl></note></p>
  </div>"""
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI}" xmlns:xi="http://www.w3.org/2001/XInclude" xml:lang="en">
{header}
<text><body>{body}</body></text>
<standOff><listPerson><person xml:id="pers.ada"><persName>Ada &lt;b onclick=alert(1)&gt;</persName></person>
</listPerson></standOff>
</TEI>"""
    return write(folder, "hostile.xml", text)


@pytest.fixture
def hostile(tmp_path: Path, secret_file: Path) -> Document:
    doc = parse(hostile_document(tmp_path / "source", secret_file))
    assert isinstance(doc, Document)
    return doc


@pytest.fixture
def hostile_site(hostile: Document) -> dict[str, bytes]:
    files, _, _ = site_files([hostile], SiteOptions())
    return files


def test_the_builder_never_calls_xinclude() -> None:
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in [*(PROJECT / "edition").rglob("*.py"), PROJECT / "build.py"]
    )
    # Named in a warning (xinclude-ignored), never processed: no lxml .xinclude() call, no parser
    # or XSLT option that would follow them.
    lowered = code.lower()
    assert not re.search(r"\.xinclude\s*\(|xinclude\s*=\s*true", lowered)
    assert "xinclude" in lowered  # the check above still reads the builder's code


def test_xinclude_elements_are_inert(hostile_site: dict[str, bytes]) -> None:
    assert len(hostile_site) > 20
    for name, data in hostile_site.items():
        if name.endswith(".xml"):
            continue  # the TEI source itself, offered for download, holds the xi:include elements as written
        assert SECRET.encode() not in data, name
        assert b"root:x:0:0" not in data, name


def test_a_transform_may_not_read_or_write_files_nor_reach_the_network(
    tmp_path: Path, listener: Listener, secret_file: Path
) -> None:
    assert transform.ACCESS_CONTROL.options == {
        "read_file": False,
        "write_file": False,
        "create_dir": False,
        "read_network": False,
        "write_network": False,
    }
    written = tmp_path / "written.txt"
    reads = {
        "file": f"document('file://{secret_file}')",
        "path": f"document('{secret_file}')",
        "passwd": "document('/etc/passwd')",
        "network": f"document('{listener.url}/document')",
    }
    for name, expression in reads.items():
        sheet = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:template match="/"><out><xsl:copy-of select="{expression}"/></out></xsl:template></xsl:stylesheet>"""
        run = etree.XSLT(etree.fromstring(sheet.encode(), safe_parser()), access_control=transform.ACCESS_CONTROL)
        try:
            result = str(run(etree.fromstring(b"<a/>")))
        except etree.XSLTApplyError:
            result = ""
        assert SECRET not in result and "root:" not in result, name
        assert any("denied" in str(e.message).lower() for e in run.error_log), (name, run.error_log)
    sheet = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
      <xsl:template match="/"><exsl:document href="{written}"><x>written</x></exsl:document><out/></xsl:template>
    </xsl:stylesheet>"""
    run = etree.XSLT(etree.fromstring(sheet.encode(), safe_parser()), access_control=transform.ACCESS_CONTROL)
    with pytest.raises(etree.XSLTApplyError):
        run(etree.fromstring(b"<a/>"))
    assert not written.exists()
    time.sleep(0.1)
    assert listener.hits == []


def test_stylesheets_come_from_the_project_only() -> None:
    """xsl:import and xsl:include are not covered by access control: every one must stay in xslt/."""
    assert transform.MAIN_STYLESHEET.parent == transform.XSLT_DIR == PROJECT / "xslt"
    xsl = "http://www.w3.org/1999/XSL/Transform"
    sheets = sorted(transform.XSLT_DIR.glob("*.xsl"))
    assert len(sheets) > 5
    for sheet in sheets:
        root = etree.parse(str(sheet), safe_parser()).getroot()
        for element in root.iter(f"{{{xsl}}}import", f"{{{xsl}}}include"):
            href = element.get("href", "")
            assert ":" not in href and not href.startswith("/"), (sheet.name, href)
            assert (sheet.parent / href).resolve().parent == transform.XSLT_DIR, (sheet.name, href)
        text = sheet.read_text(encoding="utf-8")
        assert "document(" not in text and "exsl:document" not in text and "unparsed-text" not in text, sheet.name


# --- HTML injection -------------------------------------------------------------------------

KNOWN_SCRIPTS = {"static/edition.js", "versions.js", "search-index.js", "static/search.js"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def assert_inert_page(name: str, text: str) -> None:
    tree = html.document_fromstring(text)
    for script in tree.iter("script"):
        src = script.get("src")
        if src is not None:
            assert src.lstrip("./") in KNOWN_SCRIPTS, (name, src)
            assert not (script.text or "").strip()
        else:
            assert script.get("type") in ("application/ld+json", "application/json"), (name, script.attrib)
            json.loads(script.text or "")
    # No script element's raw text holds "<" at all: not "</script>", not "<!--<script>".
    for raw in re.findall(r"<script[^>]*>(.*?)</script>", text, re.DOTALL):
        assert "<" not in raw, (name, raw[:200])
    assert len(re.findall(r"<script\b", text)) == len(list(tree.iter("script"))), name
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("iframe", "object", "embed", "style", "base", "form") or (
            element.tag == "form" and element.get("class") in ("search-form", "search-page-form")
        ), (name, element.tag)
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (name, element.tag, attribute)
            assert attribute not in ("style", "srcdoc", "formaction"), (name, element.tag, attribute)
            if attribute in ("href", "src", "action", "data", "poster", "cite", "background"):
                if (element.tag, element.get("rel"), value) == ("link", "icon", "data:,"):
                    continue  # the one known data: URL, the empty favicon
                assert SAFE_URL.match(value.strip()), (name, element.tag, attribute, value)
            if attribute == "content":
                assert not re.match(r"\s*(?:javascript|data|vbscript|file):", value, re.I), (name, value)


def test_no_page_lets_tei_become_markup_or_script(hostile_site: dict[str, bytes]) -> None:
    pages = {name: data.decode("utf-8") for name, data in hostile_site.items() if name.endswith(".html")}
    assert {"index.html", "about.html", "people.html", "search.html"} <= set(pages)
    for name, text in pages.items():
        assert_inert_page(name, text)
    index = html.document_fromstring(pages["index.html"])
    # The text stays text, character for character.
    assert "<script>alert(1)</script>" in index.text_content()
    assert '</p><iframe src="javascript:alert(1)"></iframe>' in index.text_content()
    # @rend is copied into class, escaped: its quotes and brackets stay inside the one attribute.
    hi = index.xpath("//*[contains(@class, 'tei-hi')]")[0]
    assert hi.get("class") == "tei-hi \"><script>alert('rend')</script>" and hi.text == "hi"
    section = index.xpath("//*[contains(@class, 'tei-div')]")[0]
    assert set(section.attrib) <= {"class", "id", "data-n", "lang"}
    # Every hostile link became plain text: only the pointer to #p1 is a link.
    labels = ["one", "two", "three", "four", "five", "six", "seven", "note link", "Ada", "Paris"]
    assert not [a for a in index.iter("a") if a.text_content().strip() in labels]
    assert not index.xpath("//img")


def test_the_title_cannot_break_the_json_ld_or_the_citation_data(hostile_site: dict[str, bytes]) -> None:
    page = html.document_fromstring(hostile_site["index.html"].decode("utf-8"))
    json_ld = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert json_ld["name"] == BAD_TITLE
    assert "license" not in json_ld, "a javascript: licence URL is not published as a licence"
    assert not page.xpath("//meta[@name='DC.rights']")
    cite_data = json.loads(page.xpath("//script[@id='cite-data']")[0].text)
    assert BAD_TITLE in cite_data["styles"][0]["text"]


def test_the_search_index_is_data(hostile_site: dict[str, bytes]) -> None:
    script = hostile_site["search-index.js"].decode("utf-8")
    prefix, suffix = "window.EDITION_SEARCH_INDEX = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    payload = script.removeprefix(prefix).removesuffix(suffix)
    assert "<" not in payload and "\n" not in payload
    records = json.loads(payload)
    assert any("<script>alert(1)</script>" in r["t"] for r in records)


def bibtex_fields_balanced(text: str) -> bool:
    """BibTeX's and biber's own rule: every brace counts, escaped or not, and never goes below 0."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_citation_exports_hold_hostile_metadata_as_data(hostile_site: dict[str, bytes]) -> None:
    bib = hostile_site["citation.bib"].decode("utf-8")
    assert bibtex_fields_balanced(bib)
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks and len(library.entries) == 1
    assert set(library.entries[0].fields_dict) == {"author", "title", "publisher", "year", "date", "version"}
    assert re.fullmatch(r"[A-Za-z0-9:._-]+", library.entries[0].key)
    ris = rispy.loads(hostile_site["citation.ris"].decode("utf-8"))
    assert len(ris) == 1 and ris[0]["title"] == BAD_TITLE
    cff = yaml.safe_load(hostile_site["CITATION.cff"])
    assert cff["title"] == BAD_TITLE and cff["authors"] == [{"name": BAD_AUTHOR}]
    csl = json.loads(hostile_site["citation.json"])
    assert csl[0]["title"] == BAD_TITLE


def test_pdf_links_are_never_scripts_files_or_data(hostile: Document) -> None:
    result = render_pdf(hostile)
    assert result.refused == ()
    pdf = pikepdf.open(__import__("io").BytesIO(result.pdf))
    uris = []
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get("/A")
            if action is not None:
                assert action.get("/S") in ("/URI", "/GoTo", None), action
                if "/URI" in action:
                    uris.append(str(action["/URI"]))
    for uri in uris:
        assert re.match(r"https?://|mailto:", uri), uri
    names = pdf.Root.get("/Names")
    assert names is None or "/JavaScript" not in names
    assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
    raw = result.pdf.replace(b"\n", b"")
    assert b"/JavaScript" not in raw and b"/Launch" not in raw and b"javascript:" not in raw.lower()


def test_the_pdf_renderer_fetches_nothing_outside_the_build(listener: Listener, secret_file: Path) -> None:
    fetcher = _fetcher_class()({})
    for url in (f"file://{secret_file}", f"{listener.url}/font.woff", "data:text/css,x", "/etc/passwd"):
        with pytest.raises(RendererRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4
    time.sleep(0.1)
    assert listener.hits == []


# --- paths ----------------------------------------------------------------------------------


def test_identifiers_never_name_a_path_outside_the_output(hostile_site: dict[str, bytes], tmp_path: Path) -> None:
    for name in hostile_site:
        parts = Path(name).parts
        assert ".." not in parts and not Path(name).is_absolute(), name
    for value in ["..", ".", "../../etc/passwd", "/abs", "a/b", "a\\b", "~", "%2e%2e", "\x00", "ünï cødé", ""]:
        spelled = safe_identifier(value)
        assert re.fullmatch(r"[A-Za-z0-9._~-]*", spelled) and spelled not in (".", ".."), (value, spelled)
    out = tmp_path / "site" / "dist"
    publish(hostile_site, out)
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["dist"]


@pytest.mark.parametrize("file_name", ["...xml", ".hidden.xml", "a#b.xml", "q?.xml", "50%.xml"])
def test_a_file_name_that_cannot_name_output_is_refused(tmp_path: Path, file_name: str) -> None:
    source = tmp_path / "source"
    write(source, "plain.xml", MINIMAL.read_text(encoding="utf-8"))
    write(source, file_name, MINIMAL.read_text(encoding="utf-8").replace("minimal-test", "other"))
    with pytest.raises(EditionError) as raised:
        build([source], tmp_path / "out" / "dist", formats=("html",))
    assert [p.rule for p in raised.value.problems] == ["unsafe-name"]
    assert "rename it" in raised.value.problems[0].message
    assert not (tmp_path / "out").exists()


def test_odd_but_harmless_file_names_build_inside_the_output(tmp_path: Path) -> None:
    source = tmp_path / "source"
    write(source, "plain.xml", MINIMAL.read_text(encoding="utf-8"))
    write(source, "é <x> & 'q'.xml", MINIMAL.read_text(encoding="utf-8"))
    out = tmp_path / "out" / "dist"
    build([source], out, formats=("html",))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dist"]
    assert (out / "é <x> & 'q'" / "index.html").is_file()
    collection = html.parse(str(out / "index.html")).getroot()
    assert "é <x> & 'q'/index.html" in collection.xpath("//ul[@class='collection']/li/a/@href")


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "127.0.0.1")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_preview_server_serves_nothing_outside_its_folder(tmp_path: Path) -> None:
    site = tmp_path / "site" / "dist"
    write(site, "index.html", "<p>home</p>")
    write(tmp_path, "secret.txt", SECRET)
    write(tmp_path / "site", "secret.txt", SECRET)
    server = start_server(site, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        port = server.server_address[1]
        assert raw_get(port, "/index.html") == (200, b"<p>home</p>")
        attempts = [
            "/../secret.txt",
            "/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/static/../../secret.txt",
            "//etc/passwd",
            "/etc/passwd",
            f"/{tmp_path}/secret.txt",
            f"{tmp_path}/secret.txt",
            "http://127.0.0.1/../secret.txt",
            "/%00/../secret.txt",
            "/../../../../../../etc/passwd",
            "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        ]
        for target in attempts:
            status, body = raw_get(port, target)
            assert SECRET.encode() not in body and b"root:x:0:0" not in body, target
            assert status in (301, 400, 404) or (status == 200 and body == b"<p>home</p>"), (target, status)
    finally:
        server.shutdown()
        server.server_close()
