"""Pages: Jinja assembles the HTML site around the XSLT fragments.

This module decides which pages a document gets, their navigation and metadata; the templates
in ``templates/`` only lay them out, with autoescaping on. Fragments are trusted HTML made by
our stylesheets (which filter URLs and never copy TEI attributes as they are); everything else
that reaches a template is plain text and is escaped.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2
from markupsafe import Markup

from edition.cite import tags as cite
from edition.config import REGISTER_PAGES
from edition.dates import build_date, latest_build_date
from edition.errors import EditionError, Problem
from edition.i18n import N_, current, format_date, gettext, ngettext
from edition.resources import STATIC_DIR, TEMPLATES_DIR
from edition.tei.header import Metadata
from edition.tei.load import Document
from edition.tei.transform import SEARCHABLE, Block, Fragments
from edition.theme import BUILTIN_PREFIX, templates_folder
from edition.theme import static_files as theme_static_files
from edition.urls import web_url

TEMPLATES = TEMPLATES_DIR
STATIC = STATIC_DIR

# The register and reference pages a document may have: fragment name, file, heading, nav label.
# Headings, labels and intros are English here (N_ marks them for the catalogues) and are
# translated where a page is rendered, in the language of the build (``edition.i18n``).
SECTION_PAGES = (
    ("people", "people.html", N_("People"), N_("People")),
    ("organisations", "organisations.html", N_("Organisations"), N_("Organisations")),
    ("places", "places.html", N_("Places"), N_("Places")),
    ("events", "events.html", N_("Events"), N_("Events")),
    ("timeline", "timeline.html", N_("Timeline"), N_("Timeline")),
    ("works", "works.html", N_("Works cited and mentioned"), N_("Works")),
    ("about", "about.html", N_("About this edition"), N_("About")),
)
INTROS = {
    "people": N_("Everyone the text names, with every paragraph that mentions them."),
    "organisations": N_("Every organisation the text names, with every paragraph that mentions it."),
    "places": N_("Every place the text names, with every paragraph that mentions it."),
    "events": N_("The events the text names, with every paragraph that mentions them."),
    "timeline": N_("The dated events of the register in order, then every date of the text in order."),
    "works": N_("The works the notes cite and the works the text names."),
    "about": N_("What this edition is, how it was made, and what changed between versions."),
}


@dataclass(frozen=True)
class SiteOptions:
    """Choices for a whole site: where it will be published (for canonical URLs), if known,
    where the site's root is from the edition's root (``../../`` for a release under versions/),
    its theme and the language of its interface."""

    base_url: str = ""
    site_root: str = ""
    # The theme's folder, absolute ("": the built-in theme); see ``edition.theme``.
    theme: str = ""
    # The language of the interface (``edition.i18n.LANGUAGES``); the text keeps its own.
    language: str = "en"
    # edition.toml's title of a collection ("": "A collection of N TEI documents"), the licence
    # of the encoding where a header states none, and what the pages show ([site]).
    title: str = ""
    licence: str = ""
    registers: tuple[str, ...] = REGISTER_PAGES
    timeline: bool = True
    search: bool = True

    @property
    def hidden_registers(self) -> tuple[str, ...]:
        """The registers the site has no page for (``[site] registers``): names are not linked
        to them."""
        return tuple(kind for kind in REGISTER_PAGES if kind not in self.registers)

    def shows(self, section: str) -> bool:
        """Whether the site has the page of ``section`` (a register, the timeline, about)."""
        if section in REGISTER_PAGES:
            return section in self.registers
        return self.timeline if section == "timeline" else True


@dataclass(frozen=True)
class Page:
    """One page to write: its path in the site and its HTML."""

    path: str
    html: str


@dataclass(frozen=True)
class DataLink:
    """A file of data the site offers beside a page (a BEACON file, the places' GeoJSON)."""

    path: str
    label: str


@dataclass(frozen=True)
class ExtraPage:
    """A page of a document made by another module (the facsimile, a witness's text): its kind
    (``data-page`` of the body), file, heading, navigation label ('' for none), template and
    what the template gets as ``page`` besides kind, title and heading."""

    kind: str
    file: str
    heading: str
    label: str
    template: str
    context: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PageExtras:
    """What other modules made of a document for its pages: the JSON-LD of each register page's
    entries (by register), the data files offered on the register pages, pages of their own
    (after the text in the navigation), links to them from the text page and what else its
    template gets."""

    entities: Mapping[str, Sequence[Mapping[str, object]]] = field(default_factory=dict)
    data_files: Sequence[DataLink] = ()
    pages: Sequence[ExtraPage] = ()
    text_links: Sequence[DataLink] = ()
    # What the text page's template gets besides (the witness switch: "switch", "synopses").
    text_context: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentSite:
    """The pages of one document and what the collection index and search need of them."""

    document: Document
    folder: str
    pages: list[Page] = field(default_factory=list)
    searchable: list[tuple[str, tuple[Block, ...]]] = field(default_factory=list)
    # The pages it has beside its text (views and sections), as (file, label), in page order.
    sections: tuple[tuple[str, str], ...] = ()


class Listed(Protocol):
    """A document as the pages at the site root see it: its metadata and where its pages are."""

    @property
    def metadata(self) -> Metadata: ...
    @property
    def stem(self) -> str: ...
    @property
    def folder(self) -> str: ...


@dataclass(frozen=True)
class Listing:
    """A document as ``Listed`` needs it, for callers that have no summary yet."""

    metadata: Metadata
    stem: str
    folder: str


@dataclass(frozen=True)
class Neighbour:
    """A letter before or after another: the link to its text page and its title."""

    href: str
    title: str


@dataclass(frozen=True)
class CollectionLinks:
    """What a document's pages need to know of the rest of the collection: the folder of every
    document by its file name (without ``.xml``) and by its root ``xml:id``, and for each letter
    (by its folder) the previous and next letter."""

    folders: Mapping[str, str] = field(default_factory=dict)
    sequence: Mapping[str, tuple[Neighbour | None, Neighbour | None]] = field(default_factory=dict)


def _is_letter(meta: Metadata) -> bool:
    return bool(meta.letter_date or meta.previous_letter or meta.next_letter)


def _target_folder(target: str, folders: Mapping[str, str]) -> str | None:
    """The folder of the document a pointer names ("L00003", "L00003.xml", "letters/L00003.xml#p2",
    "#L00003"), if it is one of the collection's."""
    path = target.split("#", 1)[0] if not target.startswith("#") else target[1:]
    name = posixpath.basename(path.strip())
    for candidate in (name, name.removesuffix(".xml"), name.removesuffix(".html")):
        if candidate in folders:
            return folders[candidate]
    return None


def page_from(folder: str, here: str) -> str:
    """The text page of the document in ``folder`` as a link from a page in folder ``here``
    (``""``: the site root). Between two documents' folders at the top of the site, as every
    collection has them, that is ``../FOLDER/index.html``; relpath, asked twice a letter, cost
    a second for 5,000 letters."""
    top = here.count("/") == 1 and here.endswith("/") and folder.count("/") == 1 and folder.endswith("/")
    if top and folder != here and not {here, folder} & {"./", "../"}:
        return f"../{folder}index.html"
    return posixpath.relpath(f"{folder}index.html", here or ".")


def collection_links(listed: Sequence[Listed]) -> CollectionLinks:
    """The links between the documents of a collection.

    A letter's previous and next letters are those its correspContext names (by file name or
    xml:id) when they are in the collection; otherwise the letters before and after it by date
    (``letter_date``, then file name). Letters are the documents with a correspDesc date or
    pointers; the others have no sequence.
    """
    folders: dict[str, str] = {}
    for d in listed:
        folders.setdefault(d.stem, d.folder)
    for d in listed:
        if d.metadata.document_id:
            folders.setdefault(d.metadata.document_id, d.folder)
    letters = sorted((d for d in listed if _is_letter(d.metadata)), key=lambda d: (d.metadata.letter_date, d.stem))
    by_folder = {d.folder: d for d in letters}

    def neighbour(origin: Listed, target: Listed | None) -> Neighbour | None:
        if target is None or target.folder == origin.folder:
            return None
        return Neighbour(page_from(target.folder, origin.folder), target.metadata.title or target.stem)

    sequence: dict[str, tuple[Neighbour | None, Neighbour | None]] = {}
    for position, letter in enumerate(letters):
        named = [_target_folder(p, folders) for p in (letter.metadata.previous_letter, letter.metadata.next_letter)]
        before = by_folder.get(named[0]) if named[0] is not None else None
        after = by_folder.get(named[1]) if named[1] is not None else None
        if before is None and position > 0:
            before = letters[position - 1]
        if after is None and position + 1 < len(letters):
            after = letters[position + 1]
        sequence[letter.folder] = (neighbour(letter, before), neighbour(letter, after))
    return CollectionLinks(folders, sequence)


# A reference from one document into another file, as the stylesheets mark it (common.xsl,
# "link-url"): resolved here, where the collection is known.
_DOCUMENT_LINK = re.compile(r'href="tei-doc:([^"]*)"')


def resolve_document_links(fragment: str, links: CollectionLinks, folder: str) -> str:
    """Turn each reference into another file into a link to that document's text page when the
    collection has it (``../L00003/index.html#p2``), and into no link (an ``<a>`` without
    ``href``) when it has not: an image beside the file, a document of another collection."""

    def replace(found: re.Match[str]) -> str:
        target = html.unescape(found[1])
        where = _target_folder(target, links.folders)
        if where is None:
            return 'data-unresolved=""'
        fragment_id = target.split("#", 1)[1] if "#" in target[1:] else ""
        page = posixpath.relpath(f"{where}index.html", folder or ".") if where != folder else "index.html"
        href = page + (f"#{fragment_id}" if fragment_id else "")
        return f'href="{html.escape(href, quote=True)}"'

    return _DOCUMENT_LINK.sub(replace, fragment) if "tei-doc:" in fragment else fragment


def _environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # _() and ngettext() look the words up in the language of the rendering under way.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = format_date
    return env


@functools.cache
def environment() -> jinja2.Environment:
    """The built-in templates."""
    return _environment(jinja2.FileSystemLoader(str(TEMPLATES)))


@functools.lru_cache(maxsize=8)
def theme_environment(theme: str) -> jinja2.Environment:
    """A theme's templates over the built-in ones: a name is looked up in the theme's
    ``templates/`` first, then in the builder's; ``builtin/NAME`` is always the builder's own, so
    a theme's template may extend the one it replaces. (Jinja reloads a template whose file
    changed, so a preview sees an edited theme.)"""
    builtin = jinja2.FileSystemLoader(str(TEMPLATES))
    folder = templates_folder(theme)
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(folder))] if folder is not None else []
    loaders += [jinja2.PrefixLoader({BUILTIN_PREFIX: builtin}), builtin]
    return _environment(jinja2.ChoiceLoader(loaders))


def _template_file(theme: str, name: str) -> str:
    """Where the template ``name`` is read from: the theme's file if it has one."""
    folder = templates_folder(theme)
    if folder is not None and (folder / name).is_file():
        return str(folder / name)
    return str(TEMPLATES / name.removeprefix(f"{BUILTIN_PREFIX}/"))


def _failed_line(error: BaseException) -> tuple[str, int]:
    """The template file and line a rendering error happened at (Jinja's tracebacks have the
    templates' own frames), or ('', 0)."""
    found = ("", 0)
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and Path(filename).is_file():
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def render_template(name: str, *, theme: str = "", **context: object) -> str:
    """Render a template (the theme's, else the builder's); a missing or broken one (or one it
    extends) is a clear error that names its file and line, not a traceback."""
    whose = "theme's" if theme else "builder's"
    try:
        env = theme_environment(theme) if theme else environment()
        return env.get_template(name).render(ui_language=current(), **context)
    except jinja2.TemplateNotFound as error:
        missing = error.name if isinstance(error.name, str) else name
        problem = Problem(
            _template_file(theme, name), 0, 0, "template-missing", f"the template {missing} does not exist"
        )
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or _template_file(theme, error.name or name)
        problem = Problem(where, error.lineno, 0, "template-broken", error.message or "")
    except jinja2.TemplateError as error:  # raised while rendering: an unknown variable, say
        where, line = _failed_line(error)
        problem = Problem(where or _template_file(theme, name), line, 0, "template-broken", str(error))
    raise EditionError([problem], f"the {whose} templates are broken; nothing was written")


def static_files(theme: str = "") -> dict[str, bytes]:
    """The stylesheet and scripts every site carries, by path in the site (a theme's replace or
    add to the builder's)."""
    return theme_static_files(theme)


def _url(options: SiteOptions, path: str) -> str:
    if options.base_url:
        return options.base_url.rstrip("/") + "/" + path
    return posixpath.basename(path)


CITATION_LABELS = (
    ("chicago-note", N_("Chicago (note)")),
    ("chicago-bibliography", N_("Chicago (bibliography)")),
    ("mla", "MLA"),
    ("mla-in-text", N_("MLA (in text)")),
    ("apa", "APA"),
    ("apa-in-text", N_("APA (in text)")),
)
CITATION_FILES = (
    ("citation.bib", "BibTeX"),
    ("citation.ris", "RIS"),
    ("citation.json", "CSL-JSON"),
    ("CITATION.cff", "CFF"),
)


def _script_json(data: object) -> Markup:
    """JSON safe inside a <script> element."""
    return Markup(cite.script_safe_json(json.dumps(data, ensure_ascii=False, sort_keys=True)))


def _edition_context(
    meta: Metadata, stem: str, date: str, text_url: str = "", versioned_url: str = ""
) -> dict[str, object]:
    """What the templates show of the edition, with its citations. ``text_url`` is the text page's
    address (absolute with a base URL, else relative), ``versioned_url`` the same page in the
    release the header's version names (``versions/VERSION/…``), where paragraph citations point
    when that version is published (``cite.paragraph_page``). Without a base URL the page's
    script makes the paragraph's address absolute from where the reader has the page."""
    absolute = web_url(text_url)
    edition_styles = cite.edition_forms(meta, date, absolute)
    page = cite.paragraph_page(meta, text_url, versioned_url)
    paragraph_page = web_url(page)
    paragraph_styles = cite.paragraph_forms(meta, date, paragraph_page)
    return {
        "citations": [
            {"label": gettext(label), "text": Markup(edition_styles.html[key]), "plain": edition_styles.plain[key]}
            for key, label in CITATION_LABELS
            # A style that makes nothing of the header (Chicago's bibliography of a record with
            # a title alone, in citeproc-py) is not shown as a heading over nothing.
            if edition_styles.plain[key]
        ],
        "paragraph_citations": _script_json(
            {
                "standIn": cite.URL_STAND_IN,
                # Resolved by the script against the page's address when there is no base URL.
                "page": "" if paragraph_page else page,
                "styles": [
                    {
                        "key": key,
                        "label": gettext(label),
                        "text": paragraph_styles.plain[key],
                        "html": paragraph_styles.html[key],
                    }
                    for key, label in CITATION_LABELS
                    if paragraph_styles.plain[key]
                ],
            }
        ),
        "title": meta.title or stem,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "version": meta.version,
        "identifier": meta.identifier,
        "date": date,
        "licence": meta.licence,
        "licence_url": web_url(meta.licence_url),
        "language": meta.languages[0] if meta.languages else "en",
    }


def _meta_context(
    doc: Document, url: str, date: str, pdf_url: str = "", mentions: Sequence[Mapping[str, object]] = ()
) -> dict[str, object]:
    meta = doc.metadata
    highwire = cite.highwire_tags(meta, url, date)
    if pdf_url:
        highwire.append(("citation_pdf_url", pdf_url))
    return {
        "canonical": url,
        "highwire": highwire,
        "dublin_core": cite.dublin_core_tags(meta, url, date),
        "json_ld": Markup(_with_mentions(cite.json_ld(meta, url, date), mentions)),
        "coins": cite.coins(meta, url, date),
    }


def _with_mentions(json_ld: str, nodes: Sequence[Mapping[str, object]]) -> str:
    """A page's JSON-LD (script-safe text) with the register entries it shows as the things the
    work ``mentions``; a page that describes no work (``{}``) gets them as its ``@graph``."""
    if not nodes:
        return json_ld
    data = json.loads(json_ld) if json_ld.strip() else {}
    if data:
        data["mentions"] = list(nodes)
    else:
        data = {"@context": "https://schema.org", "@graph": list(nodes)}
    # On one line: json indents in Python, slowly for a register page that mentions thousands.
    return cite.script_safe_json(json.dumps(data, ensure_ascii=False, sort_keys=True))


def document_site(
    doc: Document,
    fragments: Fragments,
    folder: str,
    options: SiteOptions,
    *,
    with_pdf: bool = False,
    with_epub: bool = False,
    links: CollectionLinks | None = None,
    extras: PageExtras | None = None,
) -> DocumentSite:
    """Render every page of one document into ``folder`` ('' for the site root); ``links`` says
    where the collection's other documents are (for references between documents and the
    previous and next letter), if it is known; ``extras`` are the views and data other modules
    made of it (facsimile, witnesses, register data)."""
    extras = extras or PageExtras()
    links = links or collection_links([Listing(doc.metadata, doc.stem, folder)])
    fragments = dataclasses.replace(
        fragments, parts={name: resolve_document_links(value, links, folder) for name, value in fragments.parts.items()}
    )
    before, after = links.sequence.get(folder, (None, None))
    sequence = {"previous": before, "next": after} if before or after else {}
    date = build_date(doc.metadata)
    root = "../" * folder.count("/") if folder else ""
    present = [
        (name, file, gettext(heading), gettext(label))
        for name, file, heading, label in SECTION_PAGES
        if fragments[name].strip() and options.shows(name)
    ]
    nav_items = [
        ("text", "index.html", gettext("Text")),
        *((extra.kind, extra.file, extra.label) for extra in extras.pages if extra.label),
        *((name, file, label) for name, file, _, label in present),
    ]
    downloads = [
        {"label": "TEI XML", "href": f"{doc.stem}.xml"},
        {"label": gettext("plain text"), "href": f"{doc.stem}.txt"},
    ]
    if with_epub:
        downloads.insert(0, {"label": "EPUB", "href": f"{doc.stem}.epub"})
    if with_pdf:
        downloads.insert(0, {"label": "PDF", "href": f"{doc.stem}.pdf"})
    home = f"{root}index.html"
    versioned = f"versions/{doc.metadata.version}/{folder}index.html"
    edition = _edition_context(
        doc.metadata,
        doc.stem,
        date,
        _url(options, f"{folder}index.html"),
        options.base_url.rstrip("/") + "/" + versioned if options.base_url else root + options.site_root + versioned,
    )
    if not edition["licence"] and options.licence:
        # The header states no licence of the encoding: the project file's, as the footer says it.
        edition["licence"] = options.licence
    exports = [{"label": label, "href": name} for name, label in CITATION_FILES]

    def render(template_name: str, kind: str, file: str, heading: str, **extra: object) -> Page:
        path = f"{folder}{file}"
        nav = [{"label": label, "href": href, "current": name == kind} for name, href, label in nav_items]
        if folder:
            nav.insert(0, {"label": gettext("Collection"), "href": home, "current": False})
        html = render_template(
            template_name,
            theme=options.theme,
            page={"kind": kind, "title": heading, "heading": heading, "search": options.search, **extra},
            edition=edition,
            exports=exports,
            meta=_meta_context(
                doc,
                _url(options, path),
                date,
                _url(options, f"{folder}{doc.stem}.pdf") if with_pdf else "",
                extras.entities.get(kind, ()),
            ),
            nav=nav,
            root=root,
            site_root=root + options.site_root,
            home=home if folder else "index.html",
            downloads=downloads,
            fragments={name: Markup(value) for name, value in fragments.parts.items()},
        )
        return Page(path, html)

    site = DocumentSite(doc, folder, sections=tuple((file, label) for _, file, label in nav_items[1:]))
    site.pages.append(
        render(
            "text.html",
            "text",
            "index.html",
            doc.metadata.title or doc.stem,
            sequence=sequence,
            views=list(extras.text_links),
            **extras.text_context,
        )
    )
    for extra in extras.pages:
        site.pages.append(render(extra.template, extra.kind, extra.file, extra.heading, **extra.context))
    for name in SEARCHABLE:
        site.searchable.append((f"{folder}index.html", fragments.blocks.get(name, ())))
    for name, file, heading, _ in present:
        site.pages.append(
            render(
                "page.html",
                name,
                file,
                heading,
                body=Markup(fragments[name]),
                intro=_intro(name),
                data_files=list(extras.data_files) if name in extras.entities else [],
            )
        )
    return site


def _intro(name: str) -> str:
    return gettext(INTROS[name]) if name in INTROS else ""


def root_page(
    template: str,
    path: str,
    heading: str,
    edition: dict[str, object],
    options: SiteOptions,
    mentions: Sequence[Mapping[str, object]] = (),
    **extra: object,
) -> Page:
    """A page at the site root that describes no single document (collection, versions, search):
    it carries no citation metadata of its own; its JSON-LD holds only the register entries it
    shows (``mentions``: schema.org nodes), if any."""
    kind = path.removesuffix(".html")
    html = render_template(
        template,
        theme=options.theme,
        page={"kind": kind, "title": heading, "heading": heading, "search": options.search},
        edition=edition,
        meta={
            "canonical": _url(options, path),
            "highwire": [],
            "dublin_core": [("DC.title", heading)],
            "json_ld": Markup(_with_mentions("{}", mentions)),
            "coins": "",
        },
        root="",
        site_root=options.site_root,
        home="index.html",
        downloads=[],
        **extra,
    )
    return Page(path, html)


def collection_edition(first: Listed, date: str, title: str) -> dict[str, object]:
    """The edition context of a collection: the first document's, without its own facts."""
    edition = _edition_context(first.metadata, first.stem, date)
    edition.update({"title": title, "subtitle": "", "authors": [], "version": "", "identifier": ""})
    edition.update({"licence": "", "licence_url": ""})
    return edition


def collection_date(listed: Sequence[Listed]) -> str:
    """The build date of a collection: the latest of its documents'."""
    return latest_build_date(d.metadata for d in listed)


def collection_page(
    listed: Sequence[Listed], options: SiteOptions, title: str, sections: Sequence[tuple[str, str]] = ()
) -> Page:
    """The index of a collection of documents, at the site root; ``sections`` are the (file,
    label) of the collection's other pages (its registers), for the navigation."""
    date = collection_date(listed)
    documents = [
        {
            "href": f"{d.folder}index.html",
            "title": d.metadata.title or d.stem,
            "authors": list(d.metadata.authors),
            "version": d.metadata.version,
        }
        for d in listed
    ]
    nav = collection_nav(sections, "index.html")
    edition = collection_edition(listed[0], date, title)
    return root_page("collection.html", "index.html", title, edition, options, nav=nav, documents=documents)


def collection_nav(sections: Sequence[tuple[str, str]], current: str) -> list[dict[str, object]]:
    """The navigation of the collection's own pages: its index, then its registers."""
    items = [("index.html", gettext("Collection")), *sections]
    return [{"label": label, "href": href, "current": href == current} for href, label in items]


def document_nav(sections: Sequence[tuple[str, str]]) -> list[dict[str, object]]:
    """The navigation of a document's pages (its text, then the pages it has beside it, as
    (file, label)), for a page at the site root of a one-document site: the same links as on
    every page of the document."""
    items = [("index.html", gettext("Text")), *sections]
    return [{"label": label, "href": href, "current": False} for href, label in items]


def versions_page(
    versions: Sequence[str],
    changes: Sequence[str],
    first: Listed,
    options: SiteOptions,
    nav: Sequence[dict[str, object]] | None = None,
) -> Page:
    """The list of released versions, newest first, each with its changes where a report exists."""
    edition = _edition_context(first.metadata, first.stem, build_date(first.metadata))
    listed = [
        {
            "version": v,
            "href": f"versions/{v}/index.html",
            "changes": f"versions/{v}/changes.html" if v in changes else "",
        }
        for v in reversed(versions)
    ]
    heading = gettext("Versions of this edition")
    nav = list(nav) if nav is not None else [{"label": gettext("Text"), "href": "index.html", "current": False}]
    return root_page("versions.html", "versions.html", heading, edition, options, nav=nav, versions=listed)


def search_page(
    first: Listed,
    options: SiteOptions,
    collection_title: str | None,
    nav: Sequence[dict[str, object]] | None = None,
) -> Page:
    """The search page, at the site root, for every document of the site."""
    date = build_date(first.metadata)
    edition = (
        collection_edition(first, date, collection_title)
        if collection_title
        else _edition_context(first.metadata, first.stem, date)
    )
    if nav is None:
        label = gettext("Collection") if collection_title else gettext("Text")
        nav = [{"label": label, "href": "index.html", "current": False}]
    return root_page("search.html", "search.html", gettext("Search"), edition, options, nav=list(nav))
