"""The message catalogues of the interface: what the code says, and the committed catalogues.

``messages()`` extracts every message of the builder with Babel: ``_()``, ``ngettext()`` and
``N_()`` in Python and in the Jinja templates, and ``i18n:text('…')`` in the XSLT. The test of
the catalogues compares them with ``edition/locale``; a maintainer who changed a message runs

    .venv/bin/python tests/catalogues.py

which writes ``edition/locale/edition.pot``, merges it into every ``.po`` (new messages are left
untranslated, so the test fails until someone translates them) and compiles the ``.mo`` files.
"""

from __future__ import annotations

import html
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PROJECT = Path(__file__).resolve().parent.parent
LOCALE = PROJECT / "edition" / "locale"
DOMAIN = "edition"
TRANSLATED = ("de", "fr")
_XSLT_TEXT = re.compile(r"i18n:text\('([^']*)'\)")
_XSLT_LABEL = re.compile(r"<l:label key=\"[^\"]*\">([^<]*)</l:label>")
METHODS = [
    ("edition/**.py", "python"),
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("templates/**.xhtml", "jinja2.ext:babel_extract"),
    ("xslt/**.xsl", "catalogues:extract_xslt"),
]
JINJA = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
OPTIONS = {"templates/**.html": JINJA, "templates/**.xhtml": JINJA}


def extract_xslt(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for the stylesheets: the literal argument of every ``i18n:text``, and the
    text of every entry of the labels table (``<l:label key="…">text</l:label>``, which the
    ``label`` template passes to ``i18n:text``)."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        for found in _XSLT_TEXT.finditer(line):
            yield number, "_", found.group(1), []
        for found in _XSLT_LABEL.finditer(line):
            yield number, "_", html.unescape(found.group(1)), []


def messages() -> Catalog:
    """Every message of the code, as a catalogue template."""
    if str(Path(__file__).parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).parent))
    catalog = Catalog(project="TEI edition builder", domain=DOMAIN, fuzzy=False)
    # Locations are left out: the catalogues then change only when a message does.
    for _, _, message, _, context in extract_from_dir(str(PROJECT), METHODS, OPTIONS):
        catalog.add(message, context=context)
    return catalog


def compiled(po: Path) -> bytes:
    """The .mo of a .po file, as Babel compiles it."""
    with po.open("rb") as file:
        catalog = read_po(file, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update() -> None:
    template = messages()
    LOCALE.mkdir(parents=True, exist_ok=True)
    with (LOCALE / f"{DOMAIN}.pot").open("wb") as file:
        write_po(file, template, omit_header=True, sort_output=True, width=100)
    for language in TRANSLATED:
        po = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.is_file():
            with po.open("rb") as file:
                catalog = read_po(file, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="TEI edition builder")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with po.open("wb") as file:
            write_po(file, catalog, sort_output=True, width=100, omit_header=False)
        po.with_suffix(".mo").write_bytes(compiled(po))


if __name__ == "__main__":
    update()
