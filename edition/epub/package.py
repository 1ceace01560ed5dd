"""The e-book's container: its package document's metadata, the zip, and the typeface.

An EPUB is a zip whose first entry is the file ``mimetype``, stored uncompressed, so that a reader
recognises it from its first bytes (OCF 3.3, 4.2.3). The rest follows in a fixed order (the
container file, the package document, then the manifest's order), every entry dated by the build
(``dates.moment``) with mode 0644: the same sources give the same bytes.

The typeface is EB Garamond, from Debian's ``fonts-ebgaramond``. Its licence, the SIL Open Font
License 1.1, permits embedding it in a document ("use, study, copy, merge, embed, modify,
redistribute"; condition 2: each copy must contain the copyright notice and the licence, which
every font file carries in its name table, and which the book's colophon shows).
"""

from __future__ import annotations

import io
import stat
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from edition.dates import ISO_DATE

MIMETYPE = b"application/epub+zip"
CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
# The earliest and latest moments a zip entry can hold (1980-01-01, 2107-12-31).
ZIP_FIRST = 315532800
ZIP_LAST = 4354819199

FONT_FOLDER = Path("/usr/share/fonts/opentype/ebgaramond")
# The faces the stylesheet uses: (file, CSS weight, CSS style).
FACES = (
    ("EBGaramond12-Regular.otf", "normal", "normal"),
    ("EBGaramond12-Italic.otf", "normal", "italic"),
    ("EBGaramond12-Bold.otf", "bold", "normal"),
)


@dataclass(frozen=True)
class Font:
    """An embedded font file: its name in the book, its bytes, its face, and the copyright notice
    and licence it carries (the OpenType name table's licence description)."""

    file: str
    data: bytes
    weight: str
    style: str
    licence: str


def _licence_of(data: bytes) -> str:
    from fontTools.ttLib import TTFont

    names = TTFont(io.BytesIO(data))["name"]
    record = names.getName(13, 3, 1, 0x409) or names.getName(13, 1, 0, 0)
    return str(record.toUnicode()).strip() if record is not None else ""


def fonts(folder: Path | None = None) -> tuple[Font, ...]:
    """The faces of EB Garamond found in ``folder`` (default: where Debian installs them; none if
    the package is not installed)."""
    found = []
    for name, weight, style in FACES:
        path = (folder or FONT_FOLDER) / name
        if path.is_file():
            data = path.read_bytes()
            found.append(Font(name, data, weight, style, _licence_of(data)))
    return tuple(found)


def font_fingerprint(folder: Path | None = None) -> tuple[tuple[str, int, int], ...]:
    """What the embedded faces are, for the key of the render cache: name, size and time."""
    found = []
    for name, _, _ in FACES:
        path = (folder or FONT_FOLDER) / name
        if path.is_file():
            info = path.stat()
            found.append((name, info.st_size, int(info.st_mtime)))
    return tuple(found)


def package_date(value: str) -> str:
    """A date for ``dc:date``: the value if it is a date as the package document wants it
    (YYYY, YYYY-MM or YYYY-MM-DD), else ""."""
    value = value.strip()
    return value if ISO_DATE.fullmatch(value) else ""


def zip_epub(entries: Sequence[tuple[str, bytes]], when: int) -> bytes:
    """The EPUB container: ``mimetype`` first and stored, then ``entries`` in their order,
    deflated; every entry dated ``when`` (clamped to what zip can store), mode 0644, made on Unix."""
    moment = time.gmtime(min(max(when, ZIP_FIRST), ZIP_LAST))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("mimetype", MIMETYPE), ("META-INF/container.xml", CONTAINER), *entries]:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()
