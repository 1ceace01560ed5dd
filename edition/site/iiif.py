"""A IIIF Presentation 3 manifest per document with a facsimile, so that any IIIF viewer (Mirador,
the Universal Viewer) opens the edition's pages with their transcription.

Written by hand as JSON (no library), from the pages ``edition.site.facsimile`` reads:

- the Manifest: ``@context`` (Presentation 3), ``id`` (its own URL), ``label`` and ``summary``
  as language maps, ``metadata``, ``requiredStatement`` (the licence as the header states it),
  ``rights`` where the licence is a Creative Commons or RightsStatements.org URI, ``homepage``
  (the text page), ``seeAlso`` (the TEI source);
- a Canvas per page whose size is known (a canvas needs one; see ``facsimile``), painted by an
  Annotation (``motivation: painting``) whose body is the image: a file of the site, an image on
  the web, or a IIIF Image API service (``service`` of type ``ImageService3``, or
  ``ImageService2`` where the URL says ``/2/``);
- the transcription as W3C Web Annotations (``motivation: supplementing``, a ``TextualBody`` of
  plain text in the document's language), one per zone with words, targeting the canvas with a
  media fragment ``#xywh=x,y,w,h``; a page without zones gets one for its whole transcription.

Ids are absolute URLs when the site's URL is known (``--base-url``: the Presentation API asks for
HTTP(S) URIs); without it they are relative to the manifest's folder, which viewers opened on the
same site resolve, but which a viewer elsewhere cannot use. ``tests/test_views.py`` validates the
manifests against a JSON Schema written from the specification (``tests/schemas/``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from lxml import html

from edition.site.facsimile import FacsPage, PageView
from edition.tei.header import Metadata

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
MANIFEST_FILE = "manifest.json"
_RIGHTS_HOSTS = ("creativecommons.org/", "rightsstatements.org/")


def _language(meta: Metadata) -> str:
    return meta.languages[0] if meta.languages else "none"


def rights_uri(url: str) -> str:
    """A licence URL as the ``rights`` property takes it (Creative Commons and RightsStatements
    URIs, which the specification lists in their http form), or '' for any other."""
    bare = url.strip().removeprefix("https://").removeprefix("http://")
    return f"http://{bare}" if bare.startswith(_RIGHTS_HOSTS) else ""


def _text(markup: str) -> str:
    """The words of a piece of HTML, without the edition's additions (numbers, labels)."""
    if not markup.strip():
        return ""
    root = html.fragment_fromstring(markup, create_parent="div")
    for added in root.xpath(".//*[@data-added]"):
        tail = added.tail
        parent = added.getparent()
        previous = added.getprevious()
        if parent is None:
            continue
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(added)
    return " ".join(str(root.text_content()).split())


def _image_body(page: FacsPage, base: str) -> dict[str, object] | None:
    image = page.image
    if image is None:
        return None
    if image.kind == "iiif":
        version3 = "/2/" not in image.service
        service: dict[str, object] = (
            {"id": image.service, "type": "ImageService3", "profile": "level1"}
            if version3
            else {"@id": image.service, "@type": "ImageService2", "profile": "http://iiif.io/api/image/2/level1.json"}
        )
        body: dict[str, object] = {"id": image.full, "type": "Image", "format": "image/jpeg", "service": [service]}
    else:
        url = f"{base}{image.src}" if image.kind == "file" else image.src
        body = {"id": url, "type": "Image"}
        if image.format:
            body["format"] = image.format
    if image.width and image.height:
        body["width"], body["height"] = image.width, image.height
    return body


def manifest(
    meta: Metadata, views: Sequence[PageView], *, base: str = "", title: str = "", source: str = ""
) -> dict[str, object] | None:
    """The manifest of a document's facsimile (``views``: its pages with their transcription),
    with ids under ``base`` (the URL of the document's folder, ending in '/', or '' for ids
    relative to the manifest); None when no page has both an image and a size."""
    language = _language(meta)
    manifest_id = f"{base}{MANIFEST_FILE}"
    canvases = []
    for view in views:
        page = view.page
        body = _image_body(page, base)
        if body is None or not (page.width and page.height):
            continue
        canvas_id = f"{base}{MANIFEST_FILE}/canvas/{page.id}"
        painting = {
            "id": f"{canvas_id}/painting",
            "type": "Annotation",
            "motivation": "painting",
            "body": body,
            "target": canvas_id,
        }
        annotations = []
        for zone in page.zones:
            words = view.words.get(zone.id, "")
            if words:
                annotations.append((zone.id, words, f"{canvas_id}#xywh={zone.x},{zone.y},{zone.w},{zone.h}"))
        if not annotations:
            words = _text(view.html)
            if words:
                annotations.append(("text", words, canvas_id))
        canvas: dict[str, object] = {
            "id": canvas_id,
            "type": "Canvas",
            "label": {"none": [page.label]},
            "width": page.width,
            "height": page.height,
            "items": [{"id": f"{canvas_id}/page/1", "type": "AnnotationPage", "items": [painting]}],
        }
        if annotations:
            canvas["annotations"] = [
                {
                    "id": f"{canvas_id}/page/2",
                    "type": "AnnotationPage",
                    "items": [
                        {
                            "id": f"{canvas_id}/transcription/{name}",
                            "type": "Annotation",
                            "motivation": "supplementing",
                            "body": {
                                "type": "TextualBody",
                                "value": words,
                                "format": "text/plain",
                                "language": language,
                            },
                            "target": target,
                        }
                        for name, words, target in annotations
                    ],
                }
            ]
        canvases.append(canvas)
    if not canvases:
        return None
    name = title or meta.title or "Facsimile"
    data: dict[str, object] = {
        "@context": PRESENTATION_CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": {language: [name]},
        "items": canvases,
        "homepage": [{"id": f"{base}index.html", "type": "Text", "label": {language: [name]}, "format": "text/html"}],
        "behavior": ["individuals"],
    }
    if meta.authors:
        data["metadata"] = [{"label": {"en": ["Author"]}, "value": {"none": list(meta.authors)}}]
    if meta.licence:
        data["requiredStatement"] = {"label": {"en": ["Licence"]}, "value": {"none": [meta.licence]}}
    rights = rights_uri(meta.licence_url)
    if rights:
        data["rights"] = rights
    if source:
        data["seeAlso"] = [{"id": f"{base}{source}", "type": "Dataset", "format": "application/tei+xml",
                            "profile": "https://tei-c.org/ns/1.0/"}]  # fmt: skip
    return data


def manifest_file(
    meta: Metadata, views: Sequence[PageView], *, base: str = "", title: str = "", source: str = ""
) -> bytes | None:
    """The manifest as the bytes of ``manifest.json``, or None (see ``manifest``)."""
    data = manifest(meta, views, base=base, title=title, source=source)
    if data is None:
        return None
    # On one line: json indents in Python, slowly for a manifest of hundreds of canvases.
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
