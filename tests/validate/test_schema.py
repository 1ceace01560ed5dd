"""The schema a document names in its ``<?xml-model?>``: found from the parsed tree for validation,
and from the bytes alone for the document's key; the two must agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.tei.load import Document, parse
from edition.validate.rules import file_version
from edition.validate.schema import local_schema_href, named_schema_version, xml_model

RNG = "http://relaxng.org/ns/structure/1.0"
SCH = "http://purl.oclc.org/dsdl/schematron"
BODY = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
    "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
    "<text><body><p>Text, and a <?xml-model href='later.rng'?> that is no model.</p></body></text></TEI>"
)
PROLOGS = {
    "none": "",
    "local": f'<?xml-model href="schema/own.rng" schematypens="{RNG}"?>',
    "local, no type": "<?xml-model href='schema/own.rng' type='application/xml'?>",
    "schematron only": f'<?xml-model href="schema/own.sch" schematypens="{SCH}"?>',
    "schematron after the schema": f'<?xml-model href="schema/own.rng" schematypens="{RNG}"?>\n'
    f'<?xml-model href="schema/own.sch" schematypens="{SCH}"?>',
    "two schemas, the last wins": f'<?xml-model href="schema/other.rng" schematypens="{RNG}"?>\n'
    f'<?xml-model href="schema/own.rng" schematypens="{RNG}"?>',
    "remote": f'<?xml-model href="https://tei-c.org/tei_all.rng" schematypens="{RNG}"?>',
    "missing": f'<?xml-model href="schema/gone.rng" schematypens="{RNG}"?>',
    "after a comment": f'<!-- made by hand -->\n<?xml-model href="schema/own.rng" schematypens="{RNG}"?>',
    "after a comment with a tag": "<!-- made from <source> -->\n"
    f'<?xml-model href="schema/own.rng" schematypens="{RNG}"?>',
    "a model commented out after": f'<?xml-model href="schema/own.rng" schematypens="{RNG}"?>\n'
    f'<!-- <?xml-model href="schema/other.rng" schematypens="{RNG}"?> -->',
    "a < in a stylesheet PI": '<?xml-stylesheet href="a<b.xsl"?>\n'
    f'<?xml-model href="schema/own.rng" schematypens="{RNG}"?>',
    "data-href is not href": f'<?xml-model data-href="schema/other.rng" href="schema/own.rng" schematypens="{RNG}"?>',
}


@pytest.mark.parametrize("case", sorted(PROLOGS))
def test_the_schema_named_in_the_bytes_is_the_one_validation_finds(tmp_path: Path, case: str) -> None:
    (tmp_path / "schema").mkdir()
    for name in ("own.rng", "other.rng"):
        (tmp_path / "schema" / name).write_text(f"<grammar xmlns='{RNG}'/>", encoding="utf-8")
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n{PROLOGS[case]}\n{BODY}'.encode()
    path = tmp_path / "doc.xml"
    path.write_bytes(data)
    doc = parse(path)
    assert isinstance(doc, Document)
    found, problems = xml_model(doc)
    version = named_schema_version(path, data)
    if found is not None:
        assert version == f"{found}: {file_version(found)}"
    elif case == "missing":
        assert [p.rule for p in problems] == ["schema-missing"] and version.endswith(": none")
    else:
        assert version == ""
        assert [p.rule for p in problems] == (["schema-remote"] if case == "remote" else [])
    assert (local_schema_href(data) is not None) == (case not in ("none", "remote", "schematron only"))
    # The same in another encoding.
    wide = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert named_schema_version(path, wide) == version
    # Edited, the schema's version (and so the document's key) is another.
    if found is not None:
        found.write_text(f"<grammar xmlns='{RNG}'><start><empty/></start></grammar>", encoding="utf-8")
        assert named_schema_version(path, data) != version
