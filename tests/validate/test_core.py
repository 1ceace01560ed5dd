"""edition.validate.core: every pointer goes somewhere; pointers into other documents as data; XIncludes named."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import MINIMAL, write

from edition.tei.load import Document, parse
from edition.validate import validate
from edition.validate.core import DocumentPointer, document_pointers, pointer_findings, unresolved_documents

TEMPLATE = """<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><listPrefixDef>
<prefixDef ident="pers" matchPattern="(.+)" replacementPattern="people.xml#$1"/>
</listPrefixDef></encodingDesc></teiHeader>
<text><body>
{body}
</body></text></TEI>
"""


def document(body: str, folder: Path = Path("/edition/src")) -> Document:
    doc = parse(folder / "doc.xml", TEMPLATE.format(body=body).encode())
    assert isinstance(doc, Document)
    return doc


def test_pointers_that_resolve_give_no_finding() -> None:
    body = """<p xml:id="p1"><ref target="#p1">self</ref> <persName ref="pers:ada">A</persName>
    <ref target="https://example.org">web</ref> <ref target="doi:10.1/x">doi</ref>
    <pb facs="scans/page1.jpg"/> <ref target="other.xml#p3">another document</ref>
    <ref target="p1">bare name that exists</ref></p>"""
    assert pointer_findings(document(body)) == []


def test_each_kind_of_dangling_pointer_is_a_warning_counted_once() -> None:
    body = """<p xml:id="p1"><ref target="#nowhere">a</ref><ref target="#nowhere">b</ref></p>
<p><persName ref="who:ada">c</persName><app><rdg wit="Pt">d</rdg></app></p>"""
    findings = pointer_findings(document(body))
    assert [(p.rule, p.is_warning, p.line) for p in findings] == [
        ("pointer-resolves", True, 6),
        ("pointer-resolves", True, 7),
        ("pointer-resolves", True, 7),
    ]
    messages = [p.message for p in findings]
    assert (
        messages[0]
        == '@target="#nowhere" points to nothing: no element has xml:id="nowhere" (2 times; the first is here).'
    )
    assert messages[1] == '@ref="who:ada" uses the prefix "who:", which no prefixDef declares.'
    assert messages[2] == '@wit="Pt" is not a pointer (no #) and no element has xml:id="Pt".'
    assert findings[0].column == TEMPLATE.format(body=body).splitlines()[5].index("<ref") + 1


def test_pointers_into_other_documents_are_data_for_the_collection(tmp_path: Path) -> None:
    body = '<p><ref target="letter%202.xml#p3">x</ref><ref target="../other/b.xml">y</ref></p>'
    pointers = document_pointers(document(body, tmp_path / "src"))
    assert pointers == (
        DocumentPointer(6, 0, "target", "letter%202.xml#p3", os.path.normpath(tmp_path / "src" / "letter 2.xml")),
        DocumentPointer(6, 0, "target", "../other/b.xml", os.path.normpath(tmp_path / "other" / "b.xml")),
    )
    known = {os.path.normpath(tmp_path / "src" / "letter 2.xml")}
    problems = unresolved_documents("doc.xml", pointers, known)
    assert [(p.rule, p.file, p.message) for p in problems] == [
        ("pointer-document", "doc.xml", '@target="../other/b.xml" names no document of the collection')
    ]


def test_xincludes_are_named_as_not_followed(tmp_path: Path) -> None:
    surfaces = "".join(f'\n    <xi:include href="pages/p{n}.xml"/>' for n in range(1, 4))
    source = write(
        tmp_path,
        "notebook.xml",
        MINIMAL.read_text()
        .replace("<TEI ", '<TEI xmlns:xi="http://www.w3.org/2001/XInclude" ', 1)
        .replace("</teiHeader>", f"</teiHeader>\n  <sourceDoc>{surfaces}\n  </sourceDoc>", 1),
    )
    doc = parse(source)
    assert isinstance(doc, Document)
    [found] = [w for w in validate(doc) if w.rule == "xinclude-ignored"]
    line = source.read_text().splitlines().index('    <xi:include href="pages/p1.xml"/>') + 1
    assert (found.line, found.column, found.is_warning) == (line, 5, True)
    assert found.message.startswith('3 XIncludes are not followed (the first, href="pages/p1.xml", is here)')
    plain = parse(MINIMAL)
    assert isinstance(plain, Document) and not [w for w in validate(plain) if w.rule == "xinclude-ignored"]
