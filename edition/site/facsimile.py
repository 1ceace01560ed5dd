"""Facsimile beside the text: the pages of a document's facsimile, their images and zones, and
the transcription cut into the same pages.

What a page is comes from the TEI: each ``surface`` (of the ``facsimile`` or of a ``sourceDoc``),
and each ``pb`` whose ``@facs`` names an image file or URL of its own. Its image is the surface's
first ``graphic/@url`` (or the pb's ``@facs``), one of three kinds:

- a file of the project (a relative path): read from beside the document, only if it lies inside
  the source folder (``root``: never a path that leaves it, through ``..`` or a link) and is a PNG,
  JPEG, GIF or WebP image by its bytes; it is copied into the site under ``facsimile/``;
- a IIIF Image API service: a URL ending in ``/info.json``, or a URL under a ``/iiif/`` path that
  names no image file (the service's base);
- any other http(s) URL of an image, shown and linked as it is.

The size of a page (its canvas) is the surface's coordinates (``@ulx`` … ``@lry``), else the
graphic's ``@width``/``@height`` in pixels, else the image file's own size; zones (``zone``, and
``line`` with coordinates) are boxes in it, from their ``@ulx`` … ``@lry`` or the bounding box of
their ``@points``.

The stylesheets mark where each page begins in the text and which zone each line is
(``xslt/facsimile.xsl``: ``data-page``, ``data-zone``, numbered by the same rules as here);
``page_views`` cuts the text fragment at those marks. Nothing here is fetched from the network.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from edition.errors import Problem, warning
from edition.tei.load import Document
from edition.tei.transform import words as without_additions

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Where a document's image files go in its folder of the site.
IMAGES_FOLDER = "facsimile/"
MAX_IMAGE_BYTES = 64 * 1024 * 1024
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".jp2")
_NUMBER = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(px)?\s*$")
# A relative reference that may name a file: no scheme, not absolute, no backslash.
_RELATIVE = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?!/)(?!.*\\)[^\s?#]+$")


@dataclass(frozen=True)
class Zone:
    """A region of a page: its id (``data-zone`` in the text), label (its @n or @type, or '')
    and box in canvas units."""

    id: str
    label: str
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class FacsImage:
    """The image of a page. ``kind`` is 'file' (copied into the site at ``src``), 'iiif' (an
    Image API service at ``service``) or 'web' (an image at ``src``). ``full`` is what the image
    links to; width and height are its pixels where known (0 otherwise)."""

    kind: str
    src: str
    full: str
    service: str = ""
    format: str = ""
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class FacsPage:
    """A page of the facsimile: its id (``data-page`` in the text), label, image, canvas size
    (0 where unknown) and zones."""

    id: str
    label: str
    image: FacsImage | None
    width: int = 0
    height: int = 0
    zones: tuple[Zone, ...] = ()


@dataclass(frozen=True)
class Facsimile:
    """A document's facsimile: its pages in document order, the image files to copy into the
    site (path in the site: bytes), and warnings about images that could not be used."""

    pages: tuple[FacsPage, ...] = ()
    files: Mapping[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def shown(self) -> bool:
        """Whether a page view is worth making: some page has an image."""
        return any(page.image is not None for page in self.pages)


# --- images -------------------------------------------------------------------------------


def image_type(data: bytes) -> str:
    """The media type of image bytes the browsers show (PNG, JPEG, GIF, WebP), else ''."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return ""


def image_size(data: bytes) -> tuple[int, int]:
    """The pixel width and height of PNG, GIF, JPEG or WebP bytes, read from their headers;
    (0, 0) when they cannot be read."""
    kind = image_type(data)
    try:
        if kind == "image/png" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return int(width), int(height)
        if kind == "image/gif":
            width, height = struct.unpack("<HH", data[6:10])
            return int(width), int(height)
        if kind == "image/jpeg":
            return _jpeg_size(data)
        if kind == "image/webp":
            return _webp_size(data)
    except struct.error:
        pass
    return 0, 0


def _jpeg_size(data: bytes) -> tuple[int, int]:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            position += 1
            continue
        marker = data[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            position += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return int(width), int(height)
        position += 2 + length
    return 0, 0


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return 0, 0


def local_image(url: str, base: Path, root: Path) -> tuple[Path | None, str]:
    """The file a relative image URL names beside a document in ``base``, if it lies inside
    ``root`` (after following links) and is a file: (path, '') or (None, why not)."""
    if not _RELATIVE.match(url):
        return None, "is not a relative file name"
    try:
        path = (base / url).resolve()
        inside = path.is_relative_to(root.resolve())
    except (OSError, ValueError):
        return None, "cannot be resolved"
    if not inside:
        return None, "lies outside the source folder; only images inside it are published"
    if not path.is_file():
        return None, "does not exist"
    return path, ""


def iiif_service(url: str) -> str:
    """The base URL of a IIIF Image API service that ``url`` names (its info.json, or the base
    itself: a /iiif/ path naming no image file), else ''."""
    if not url.startswith(("https://", "http://")):
        return ""
    if url.endswith("/info.json"):
        return url.removesuffix("/info.json")
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "/iiif/" in path and not path.lower().endswith(_IMAGE_SUFFIXES):
        return path.rstrip("/")
    return ""


# --- the pages ------------------------------------------------------------------------------


def _number(value: str | None) -> float | None:
    found = _NUMBER.match(value or "")
    return float(found[1]) if found else None


def _box(element: etree._Element) -> tuple[float, float, float, float] | None:
    """An element's box (left, top, right, bottom) from @ulx … @lry, or from @points."""
    corners = [_number(element.get(name)) for name in ("ulx", "uly", "lrx", "lry")]
    if all(c is not None for c in corners):
        left, top, right, bottom = (c for c in corners if c is not None)
        return (left, top, right, bottom) if right > left and bottom > top else None
    points = (element.get("points") or "").split()
    xs, ys = [], []
    for point in points:
        x, _, y = point.partition(",")
        px, py = _number(x), _number(y)
        if px is None or py is None:
            return None
        xs.append(px)
        ys.append(py)
    if len(xs) >= 2 and max(xs) > min(xs) and max(ys) > min(ys):
        return min(xs), min(ys), max(xs), max(ys)
    return None


def _is_zone(element: etree._Element) -> bool:
    """Zones and lines with coordinates, as xslt/facsimile.xsl numbers them."""
    return element.tag == f"{TEI}zone" or (
        element.tag == f"{TEI}line" and (element.get("ulx") is not None or element.get("points") is not None)
    )


class _Reader:
    """Reads one document's facsimile; collects the files to copy and the warnings."""

    def __init__(self, doc: Document, folder: str, root: Path) -> None:
        self.doc = doc
        self.folder = folder
        self.root = root
        self.files: dict[str, bytes] = {}
        self.problems: list[Problem] = []
        self.images: dict[str, FacsImage | None] = {}

    def image(self, url: str, element: etree._Element) -> FacsImage | None:
        url = url.strip()
        if url not in self.images:
            self.images[url] = self._image(url, element)
        return self.images[url]

    def _warn(self, element: etree._Element, message: str) -> None:
        self.problems.append(warning(self.doc.name, element.sourceline or 0, 0, "facsimile-image", message))

    def _image(self, url: str, element: etree._Element) -> FacsImage | None:
        if not url:
            return None
        service = iiif_service(url)
        if service:
            return FacsImage("iiif", f"{service}/full/!1200,1200/0/default.jpg", f"{service}/full/max/0/default.jpg",
                             service, "image/jpeg")  # fmt: skip
        if url.startswith(("https://", "http://")):
            return FacsImage("web", url, url)
        path, why = local_image(url, self.doc.path.parent, self.root)
        if path is None:
            if _RELATIVE.match(url):
                self._warn(element, f"the page image {url!r} {why}")
            return None
        data = path.read_bytes() if path.stat().st_size <= MAX_IMAGE_BYTES else b""
        kind = image_type(data)
        if not kind:
            self._warn(element, f"the page image {url!r} is not a PNG, JPEG, GIF or WebP image")
            return None
        width, height = image_size(data)
        relative = path.relative_to(self.root.resolve()).as_posix()
        site_path = f"{IMAGES_FOLDER}{relative}"
        self.files[f"{self.folder}{site_path}"] = data
        return FacsImage("file", site_path, site_path, "", kind, width, height)


def _size(surface: etree._Element | None, graphic: etree._Element | None, image: FacsImage | None) -> tuple[int, int]:
    box = _box(surface) if surface is not None else None
    if box is not None:
        return round(box[2] - box[0]), round(box[3] - box[1])
    if graphic is not None:
        width, height = _number(graphic.get("width")), _number(graphic.get("height"))
        if width and height and width > 0 and height > 0:
            return round(width), round(height)
    if image is not None and image.width and image.height:
        return image.width, image.height
    return 0, 0


def read_facsimile(doc: Document, folder: str = "", root: Path | None = None) -> Facsimile:
    """The pages of a document's facsimile, in document order (surfaces, then the page breaks
    that name images of their own), with the image files to copy into ``folder``. ``root`` is
    the folder images must lie in (default: the document's own folder)."""
    reader = _Reader(doc, folder, root if root is not None else doc.path.parent)
    tree = doc.tree
    zone_ids: dict[etree._Element, str] = {}
    for number, element in enumerate((e for e in tree.iter(f"{TEI}zone", f"{TEI}line") if _is_zone(e)), start=1):
        zone_ids[element] = element.get(XML_ID) or f"zone-{number}"
    pages: list[FacsPage] = []
    labels = _pb_labels(tree)
    for number, surface in enumerate(tree.iter(f"{TEI}surface"), start=1):
        page_id = surface.get(XML_ID) or f"surface-{number}"
        graphic = next(surface.iterchildren(f"{TEI}graphic"), None)
        image = reader.image(graphic.get("url", ""), graphic) if graphic is not None else None
        width, height = _size(surface, graphic, image)
        origin = _box(surface)
        left, top = (origin[0], origin[1]) if origin else (0.0, 0.0)
        zones = []
        for element in surface.iterdescendants(f"{TEI}zone", f"{TEI}line"):
            box = _box(element) if element in zone_ids else None
            if box is None or next(element.iterancestors(f"{TEI}surface")) is not surface:
                continue
            zone_id = zone_ids[element]
            label = (element.get("n") or element.get("type") or "").strip()
            x, y = round(box[0] - left), round(box[1] - top)
            zones.append(Zone(zone_id, label, x, y, round(box[2] - box[0]), round(box[3] - box[1])))
        label = (surface.get("n") or labels.get(page_id, "") or page_id).strip()
        pages.append(FacsPage(page_id, label, image, width, height, tuple(zones)))
    number = 0
    for pb in tree.iter(f"{TEI}pb"):
        if pb.get("facs") is None:
            continue
        number += 1
        first = (pb.get("facs") or "").split()
        if not first or first[0].startswith("#"):
            continue
        image = reader.image(first[0], pb)
        width, height = _size(None, None, image)
        page_id = f"page-{number}"
        pages.append(FacsPage(page_id, (pb.get("n") or page_id).strip(), image, width, height))
    return Facsimile(tuple(pages), reader.files, tuple(reader.problems))


def _pb_labels(tree: etree._ElementTree) -> dict[str, str]:
    """The @n of the first pb that points to each surface, by the surface's xml:id."""
    found: dict[str, str] = {}
    for pb in tree.iter(f"{TEI}pb"):
        first = (pb.get("facs") or "").split()
        if first and first[0].startswith("#") and pb.get("n"):
            found.setdefault(first[0][1:], pb.get("n", ""))
    return found


# The fingerprint of a document that names no image file.
NO_IMAGES = hashlib.sha256().hexdigest()


def may_name_images(source: bytes) -> bool:
    """Whether a source may name image files: most name none, and two substring tests spare
    them the scan (10x the cost)."""
    return b"url" in source or b"facs" in source


def fingerprint(path: Path, source: bytes, root: Path | None = None) -> str:
    """The hash of the image files a document's source may name (every relative value of a
    @url or @facs, found in its bytes, that is a file inside ``root``): part of the document's
    key, so that a changed image builds the page again."""
    base = path.parent
    digest = hashlib.sha256()
    if not may_name_images(source):
        return NO_IMAGES
    names = sorted(set(re.findall(rb'(?:url|facs)\s*=\s*["\']([^"\'#\s]+)["\']', source)))
    for raw in names:
        name = raw.decode("utf-8", "replace")
        found, _ = local_image(name, base, root if root is not None else base)
        if found is not None:
            digest.update(name.encode() + b"\0" + found.read_bytes() + b"\0")
    return digest.hexdigest()


# --- the transcription, page by page --------------------------------------------------------


@dataclass(frozen=True)
class PageView:
    """A page of the facsimile view: the page, its transcription (HTML made by the stylesheets,
    cut at the page's bounds) and the words of each of its zones."""

    page: FacsPage
    html: str
    words: Mapping[str, str]


def _cut(root: etree._Element, bounds: Sequence[etree._Element]) -> list[etree._Element]:
    """``root`` cut where each of ``bounds`` (elements inside it, in document order) begins: one
    piece a bound, holding what lies from the bound (from the beginning of ``root``, for the first)
    up to where the next begins, inside copies of the elements it lies in (a copy of ``root``
    first), without what they hold before it. The text just before a bound goes with the piece
    before it; its tail with its own.

    One pass over the tree, linear in its size plus the bounds times their depth: only the bounds
    and the elements that hold one are copied (shallow, each where it is entered and once more for
    each piece that begins inside it); everything else is moved into its piece as it is, with its
    tail. ``root`` is taken apart (what is left of it is not to be used).
    """
    starts = set(bounds[1:])
    holders: set[etree._Element] = set()
    for bound in starts:
        for ancestor in bound.iterancestors():
            if ancestor in holders or ancestor is root:
                break
            holders.add(ancestor)
    first = root.makeelement(root.tag, root.attrib)
    first.text = root.text
    pieces = [first]
    # The elements being walked through, from root down, each with its copy in the last piece.
    path: list[list[etree._Element]] = [[root, first]]

    def begin() -> None:
        """Start a piece: copies of the elements the walk is in, without their text so far."""
        copy = root.makeelement(root.tag, root.attrib)
        pieces.append(copy)
        path[0][1] = copy
        for entry in path[1:]:
            copy = etree.SubElement(copy, entry[0].tag, entry[0].attrib)
            entry[1] = copy

    def walk(element: etree._Element) -> None:
        for child in list(element):
            if child in starts:
                begin()
            if child not in starts and child not in holders:
                path[-1][1].append(child)  # (with its tail)
                continue
            copy = etree.SubElement(path[-1][1], child.tag, child.attrib)
            copy.text = child.text
            entry = [child, copy]
            path.append(entry)
            walk(child)
            path.pop()
            entry[1].tail = child.tail

    walk(root)
    return pieces


def _zone_words(chunk: etree._Element) -> dict[str, str]:
    """The words of each zone of a page: of every element marked with it; a line break marked
    with it (``lb/@facs``) has the words up to the next line break."""
    words: dict[str, list[str]] = {}
    for element in chunk.iter():
        zone = element.get("data-zone") if isinstance(element.tag, str) else None
        if not zone:
            continue
        if element.tag == "br" or (element.tag == "span" and "tei-lb" in (element.get("class") or "")):
            text = [element.tail or ""]
            for sibling in element.itersiblings():
                if sibling.tag == "br" or sibling.get("data-zone") or sibling.get("data-page"):
                    break
                text.append(without_additions(sibling) + (sibling.tail or ""))
            words.setdefault(zone, []).append("".join(text))
        else:
            words.setdefault(zone, []).append(without_additions(element))
    return {zone: " ".join(" ".join(parts).split()) for zone, parts in words.items()}


def _clean(chunk: etree._Element, text_page: str) -> None:
    """Make a piece of the text fit the facsimile page: no ids (a piece of an element repeats
    its id), links to the text page instead of into the page itself, no cite buttons."""
    for button in chunk.xpath(".//button[contains(concat(' ', @class, ' '), ' cite-button ')]"):
        tail = button.tail
        parent = button.getparent()
        if parent is not None:
            previous = button.getprevious()
            if tail:
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            parent.remove(button)
    for element in chunk.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("id", "aria-describedby", "aria-labelledby", "aria-controls"):
            element.attrib.pop(name, None)
        href = element.get("href")
        if href is not None and href.startswith("#"):
            element.set("href", f"{text_page}{href}")


def page_views(facsimile: Facsimile, text: str, text_page: str = "index.html") -> list[PageView]:
    """The pages of the facsimile with their transcription: the text fragment cut where each
    page begins (``data-page``), in the order of the text; pages the text never begins are
    listed after, without a transcription. The text before the first page goes with it."""
    pages = {page.id: page for page in facsimile.pages}
    root = html.fragment_fromstring(text, create_parent="div") if text.strip() else html.Element("div")
    bounds = [e for e in root.iter() if isinstance(e.tag, str) and e.get("data-page") in pages]
    order = list(dict.fromkeys([e.get("data-page", "") for e in bounds] + [p.id for p in facsimile.pages]))
    chunks: dict[str, list[etree._Element]] = {}
    for element, piece in zip(bounds, _cut(root, bounds) if bounds else [], strict=True):
        chunks.setdefault(element.get("data-page", ""), []).append(piece)
    views = []
    for page_id in order:
        page = pages[page_id]
        pieces = chunks.get(page_id, [])
        markup = ""
        words: dict[str, str] = {}
        for piece in pieces:
            _clean(piece, text_page)
            for zone, said in _zone_words(piece).items():
                words[zone] = f"{words[zone]} {said}".strip() if zone in words else said
            markup += (piece.text or "") + "".join(
                etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in piece
            )
        views.append(PageView(page, markup, words))
    return views


def view_context(views: Sequence[PageView]) -> list[dict[str, object]]:
    """The pages as the facsimile template lays them out: plain values only (numbers for the
    zones' boxes, as percentages of the page)."""
    laid_out = []
    for view in views:
        page = view.page
        image = page.image
        zones = []
        for zone in page.zones:
            box = {}
            if page.width and page.height:
                box = {
                    "left": round(100 * zone.x / page.width, 3),
                    "top": round(100 * zone.y / page.height, 3),
                    "width": round(100 * zone.w / page.width, 3),
                    "height": round(100 * zone.h / page.height, 3),
                }
            zones.append({"id": zone.id, "label": zone.label, "box": box, "words": view.words.get(zone.id, "")})
        laid_out.append(
            {
                "id": page.id,
                "label": page.label,
                "width": page.width,
                "height": page.height,
                "image": (
                    {"kind": image.kind, "src": image.src, "full": image.full, "service": image.service}
                    if image is not None
                    else None
                ),
                "zones": zones,
                "text": view.html,
            }
        )
    return laid_out
