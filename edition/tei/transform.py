"""Transform: TEI to HTML fragments through the project's XSLT 1.0 stylesheets, run by lxml.

The stylesheet is compiled once per process and runs with every file and network access
denied. It returns named fragments (text, notes, registers, timeline, about) that the page and
print stages place into their templates.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from edition.errors import EditionError, Problem
from edition.resources import XSLT_DIR
from edition.tei.load import Document, safe_parser

MAIN_STYLESHEET = XSLT_DIR / "edition.xsl"
UNHANDLED = "unhandled-element:"


# What a running transform may touch: nothing. document() cannot read a file or URL, and
# exsl:document cannot write one. (xsl:import is not covered: stylesheets come from XSLT_DIR only.)
ACCESS_CONTROL = etree.XSLTAccessControl.DENY_ALL


@functools.cache
def stylesheet() -> etree.XSLT:
    """The compiled stylesheet; it may read and write nothing while it runs."""
    try:
        return etree.XSLT(etree.parse(str(MAIN_STYLESHEET), safe_parser()), access_control=ACCESS_CONTROL)
    except (OSError, etree.XMLSyntaxError, etree.XSLTParseError) as error:
        entries = getattr(error, "error_log", None) or []
        detail = "; ".join(dict.fromkeys(e.message.strip() for e in entries)) or str(error)
        problem = Problem(
            str(MAIN_STYLESHEET), 0, 0, "stylesheet-broken", f"the stylesheets cannot be loaded: {detail}"
        )
        raise EditionError([problem], "the builder's stylesheets are broken; nothing was written") from error


@dataclass(frozen=True)
class Fragments:
    """HTML fragments of one document, by name, and the TEI elements no stylesheet module knew."""

    parts: Mapping[str, str]
    unhandled: tuple[str, ...]

    def __getitem__(self, name: str) -> str:
        return self.parts.get(name, "")


def serialize(fragment: etree._Element) -> str:
    """The content of a fragment element as an HTML string."""
    return (fragment.text or "") + "".join(
        etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in fragment
    )


def transform(doc: Document, *, link_style: str = "pages", note_style: str = "end") -> Fragments:
    """Run the stylesheets over one document.

    ``link_style`` 'pages' links registers to their own pages, 'single' keeps every link in one
    document; ``note_style`` 'end' gathers notes in a list, 'inline' leaves them at their markers.
    """
    sheet = stylesheet()
    result = sheet(
        doc.tree,
        **{
            "link-style": etree.XSLT.strparam(link_style),
            "note-style": etree.XSLT.strparam(note_style),
            # In one document every target is on the same "page": links are bare fragments.
            "text-page": etree.XSLT.strparam("" if link_style == "single" else "index.html"),
        },
    )
    unhandled = tuple(
        sorted({entry.message[len(UNHANDLED) :] for entry in sheet.error_log if entry.message.startswith(UNHANDLED)})
    )
    root = result.getroot()
    parts = {fragment.get("name"): serialize(fragment) for fragment in root} if root is not None else {}
    return Fragments(parts, unhandled)
