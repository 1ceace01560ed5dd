"""A ``DiffResult`` written out: terminal text, an HTML page, JSON for tools, a TEI ``listChange``.

Renderers only lay changes out; what a change *is* was settled by ``compare``. Each renderer is a
pure function returning a string; the command line decides where it goes.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable

import click
import jinja2
from lxml import etree

from edition.resources import TEMPLATES_DIR
from edition.tei.header import TEI_NS

from .model import CATEGORIES, KINDS, Category, Change, DiffResult

FORMATS = ("text", "html", "json", "tei")
TITLES: dict[Category, str] = {
    "structure": "Structure",
    "text": "Text",
    "encoding": "Encoding",
    "register": "Registers",
    "header": "Header",
}
TEXT_KINDS = {"text-inserted", "text-deleted", "text-replaced", "punctuation"}
# Shown in their words' context, as a change of text is.
INLINE_KINDS = TEXT_KINDS | {"token-spacing"}
NBSP = "\u00a0"
TEMPLATES = TEMPLATES_DIR


@functools.cache
def environment() -> jinja2.Environment:
    """The report's own Jinja environment (autoescaped), built once: the diff needs no site machinery."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )


def visible(text: str) -> str:
    """Make changed whitespace visible: a no-break space as ⍽, and a change that is only spaces as ␣."""
    text = text.replace(NBSP, "⍽")
    return text.replace(" ", "␣") if text and not text.strip(" ") else text


def summary(result: DiffResult) -> str:
    counts = result.counts()
    total = len(result.changes)
    if not total:
        return "no differences"
    parts = [f"{counts[c]} {c}" for c in CATEGORIES if counts[c]]
    return f"{total} change{'s' if total != 1 else ''}: {', '.join(parts)}"


def _short(text: str | None, limit: int = 80) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(change: Change, deleted: Callable[[str], str], inserted: Callable[[str], str]) -> str:
    """One line for a change; ``deleted``/``inserted`` mark old and new words (colour or brackets)."""
    kind = change.kind
    if kind in INLINE_KINDS:
        old = deleted(visible(change.old or "")) if change.old else ""
        new = inserted(visible(change.new or "")) if change.new else ""
        return f"…{change.before}{old}{new}{change.after}…"
    if kind in ("added", "removed"):
        text = change.new if kind == "added" else change.old
        mark = inserted if kind == "added" else deleted
        return f"<{change.element}> {mark(_short(text))}"
    if kind in ("moved", "split", "merged"):
        return f"{change.old} → {change.new}"
    around = f" around “{_short(change.content, 50)}”" if change.content else ""
    if kind == "element-added":
        return f"{inserted(change.new or '')}{around}"
    if kind == "element-removed":
        return f"{deleted(change.old or '')}{around}"
    if kind == "element-renamed":
        return f"<{deleted(change.old or '')}> → <{inserted(change.new or '')}>{around}"
    if kind == "element-moved":
        return f"<{change.element}> around “{deleted(_short(change.old, 40))}” → “{inserted(_short(change.new, 40))}”"
    target = f"<{change.element} @{change.attribute}>"
    if kind == "attribute-added":
        return f"{target} {inserted(repr(change.new))}{around}"
    if kind == "attribute-removed":
        return f"{target} {deleted(repr(change.old))}{around}"
    return f"{target} {deleted(repr(change.old))} → {inserted(repr(change.new))}{around}"


def render_text(result: DiffResult, color: bool = False) -> str:
    """The terminal report: a summary, then one line per change under each section."""
    if color:

        def deleted(text: str) -> str:
            return click.style(text, fg="red", strikethrough=True)

        def inserted(text: str) -> str:
            return click.style(text, fg="green", underline=True)

        def heading(text: str) -> str:
            return click.style(text, bold=True)

    else:

        def deleted(text: str) -> str:
            return f"[-{text}-]"

        def inserted(text: str) -> str:
            return f"{{+{text}+}}"

        def heading(text: str) -> str:
            return text

    lines = [f"--- {result.old_name}", f"+++ {result.new_name}", summary(result)]
    for category in CATEGORIES:
        changes = result.by_category(category)
        if not changes:
            continue
        lines += ["", heading(TITLES[category])]
        width = min(max(len(c.where) for c in changes), 24)
        for change in changes:
            lines.append(f"  {change.where:<{width}}  {change.kind:<17}  {describe(change, deleted, inserted)}")
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult) -> str:
    """Every change with its kind, location (xml:id and XPath) and values; ``kinds`` explains the kinds."""
    document = {
        "old": result.old_name,
        "new": result.new_name,
        "same": result.same,
        "counts": result.counts(),
        "kinds": KINDS,
        "changes": [change.as_dict() for change in result.changes],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_html(result: DiffResult) -> str:
    """A standalone HTML page: changes by section, then each changed unit inline and side by side."""

    def plain(text: str) -> str:
        return text

    sections = []
    for category in CATEGORIES:
        changes = result.by_category(category)
        if changes:
            rows = [
                {
                    "change": c,
                    "text": c.kind in INLINE_KINDS,
                    "old": visible(c.old or ""),
                    "new": visible(c.new or ""),
                    "summary": "" if c.kind in INLINE_KINDS else describe(c, plain, plain),
                }
                for c in changes
            ]
            sections.append({"id": category, "title": TITLES[category], "rows": rows})
    views = [
        {
            "view": view,
            "segments": [
                {
                    "op": s.op,
                    "old": s.old if s.op == "equal" else visible(s.old),
                    "new": s.new if s.op == "equal" else visible(s.new),
                }
                for s in view.segments
            ],
        }
        for view in result.views
    ]
    template = environment().get_template("diff.html")
    return template.render(result=result, summary=summary(result), sections=sections, views=views)


def list_change(result: DiffResult, when: str | None = None, who: str | None = None) -> etree._Element:
    """The changes as a TEI ``listChange``: one ``change`` each, typed by kind, pointing at what changed.

    ``@target`` is set only where the change's ``xml:id`` exists in the new revision, so the record
    stays valid (every pointer resolves) when placed in that revision's ``revisionDesc``.
    """
    tei = f"{{{TEI_NS}}}"
    root = etree.Element(f"{tei}listChange", nsmap={None: TEI_NS})
    root.set("type", "diff")
    desc = etree.SubElement(root, f"{tei}desc")
    desc.text = f"Differences from {result.old_name} to {result.new_name}: {summary(result)}."
    for change in result.changes:
        item = etree.SubElement(root, f"{tei}change")
        item.set("type", f"{change.category}.{change.kind}")
        if change.new_id:
            item.set("target", f"#{change.new_id}")
        if when:
            item.set("when", when)
        if who:
            item.set("who", who)
        _describe_tei(item, change)
    return root


def _add(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TEI_NS}}}{name}", attributes)
    element.text = text
    return element


def _describe_tei(item: etree._Element, change: Change) -> None:
    label = _add(item, "label", change.where)
    label.tail = f" ({change.category}, {change.kind}): "
    if change.kind in INLINE_KINDS:
        if change.old:
            _add(item, "seg", change.old, type="old").tail = " → " if change.new else ""
        if change.new:
            _add(item, "seg", change.new, type="new")
        return
    if change.kind in ("added", "removed"):
        _add(item, "gi", change.element or "").tail = " "
        _add(item, "seg", (change.new if change.kind == "added" else change.old) or "", type=change.kind)
        return
    if change.kind in ("moved", "split", "merged"):
        _add(item, "seg", change.old or "", type="old").tail = " → "
        _add(item, "seg", change.new or "", type="new")
        return
    if change.kind == "element-renamed":
        _add(item, "gi", change.old or "").tail = " → "
        _add(item, "gi", change.new or "")
    else:
        _add(item, "gi", change.element or "")
    if change.attribute:
        item[-1].tail = " "
        _add(item, "att", change.attribute).tail = ": "
        if change.old is not None:
            _add(item, "val", change.old).tail = " → " if change.new is not None else " removed"
        if change.new is not None:
            _add(item, "val", change.new)
    if change.content:
        item[-1].tail = (item[-1].tail or "") + " around "
        _add(item, "seg", change.content, type="content")


def render_tei(result: DiffResult, when: str | None = None, who: str | None = None) -> str:
    return str(etree.tostring(list_change(result, when, who), encoding="unicode", pretty_print=True))


def place_in_revision_desc(tree: etree._ElementTree, record: etree._Element) -> etree._ElementTree:
    """A copy of ``tree`` with ``record`` (a ``listChange``) first in its ``revisionDesc``.

    A ``revisionDesc`` holds a ``listChange`` or ``change`` elements, not both; earlier ``change``
    elements are therefore gathered into an outer ``listChange`` after the new record.
    """
    copied = copy.deepcopy(tree)
    tei = f"{{{TEI_NS}}}"
    header = copied.getroot().find(f"{tei}teiHeader")
    if header is None:
        raise ValueError("the document has no teiHeader")
    revision = header.find(f"{tei}revisionDesc")
    if revision is None:
        revision = etree.SubElement(header, f"{tei}revisionDesc")
    record = copy.deepcopy(record)
    if revision.find(f"{tei}list") is not None:
        raise ValueError("the revisionDesc holds a list; turn it into change elements first")
    outer = revision.find(f"{tei}listChange")
    if outer is None:
        outer = etree.Element(f"{tei}listChange")
        for child in list(revision):
            outer.append(child)
        revision.append(outer)
    position = sum(1 for child in outer if isinstance(child.tag, str) and child.tag == f"{tei}desc")
    outer.insert(position, record)
    return copied


def render(result: DiffResult, fmt: str, color: bool = False, when: str | None = None, who: str | None = None) -> str:
    """The report in one of ``FORMATS``."""
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: render_text(result, color),
        "html": lambda: render_html(result),
        "json": lambda: render_json(result),
        "tei": lambda: render_tei(result, when, who),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return renderers[fmt]()
