"""The document stage: one TEI document, from its bytes to every file of its own, in one call.

A worker process runs ``build_document`` for one document at a time: it parses, validates,
transforms and renders the document, checks the links of its pages, and hands back its files and
a small summary (metadata, search records, register entries, DTS resource, the links that leave
its folder). The collection stage needs only the summaries, so the main process never holds more
than the documents in flight: memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from edition.build.beside import Beside
from edition.build.cache import RenderCache
from edition.build.neighbours import installed_folders
from edition.build.output import digest_of, flat_name, link_file, make_folder, write_file, write_files
from edition.cite.csl import citation_files
from edition.dates import build_date
from edition.epub.build import render_epub
from edition.errors import EditionError, Problem, errors_of, warning
from edition.i18n import interface
from edition.pdf.render import PrintResult, render_pdf
from edition.site.authorities import REGISTER_FILES, entity_nodes, register_data_files
from edition.site.cmif import read_correspondence
from edition.site.dts import dts_document_files
from edition.site.links import check_links
from edition.site.pages import CollectionLinks, Neighbour, PageExtras, SiteOptions, document_site
from edition.site.search import index_piece, records
from edition.site.summary import DocumentSummary
from edition.site.views import document_views
from edition.tei.load import Document, display_name, parse
from edition.tei.text import render_text
from edition.tei.transform import transform
from edition.validate import ValidationCache, ValidationSettings, validate_all
from edition.validate.core import document_pointers


@dataclass(frozen=True)
class DocumentJob:
    """What a worker needs to build one document: its bytes (the ones its cache key was made
    from), where its files go, and the build's choices."""

    path: Path
    source: bytes
    folder: str
    options: SiteOptions = field(default_factory=SiteOptions)
    formats: tuple[str, ...] = ("html", "pdf")
    use_cache: bool = True
    # Where the worker writes the files itself (the build's staging folder), and where it keeps
    # a copy under ``key`` for later builds; the files then never travel between processes.
    staging: Path | None = None
    key: str = ""
    cache: Path | None = None
    validation: ValidationSettings = field(default_factory=ValidationSettings)
    in_folder: bool = False
    # Its place in the collection: the fingerprint of the collection's folders (installed in the
    # worker, ``neighbours.install_folders``) and, for a letter, the letters before and after it.
    collection: str = ""
    neighbours: tuple[Neighbour | None, Neighbour | None] = (None, None)

    def links(self) -> CollectionLinks | None:
        """Where the other documents of the collection are, for this document's pages."""
        if not self.collection:
            return None
        return CollectionLinks(installed_folders(), {self.folder: self.neighbours})

    # The folder the document's page images must lie in (the source folder it was found in, or
    # its own folder); None: its own folder.
    source_root: Path | None = None
    # The SHA-256 of the bytes the plan read and made the key from, when ``source`` is still to
    # be read (``with_source``): empty if the job came with its bytes.
    digest: bytes = b""
    # Whether a core is free for this document's PDF while its HTML is made (a build of one
    # document on a machine of several cores).
    beside: bool = False


def with_source(job: DocumentJob) -> DocumentJob:
    """``job`` with its source's bytes, read now if it has none: they must be the bytes its key
    was made from, or the render would be kept under another document's key."""
    if job.source or not job.digest:
        return job
    name = display_name(job.path)
    try:
        data = job.path.read_bytes()
    except OSError as error:
        problem = Problem(name, 0, 0, "unreadable-file", f"could not be read again: {error.strerror or error}")
        raise EditionError([problem], "a source could not be read while the build ran") from error
    if hashlib.sha256(data).digest() != job.digest:
        problem = Problem(name, 0, 0, "source-changed", "changed while the build ran; build again")
        raise EditionError([problem], "a source changed while the build ran; nothing was written")
    return replace(job, source=data)


@dataclass(frozen=True)
class DocumentBuild:
    """A worker's answer: the summary and files, or the problems that stopped the document.

    ``fatal`` problems are the builder's own (a broken template or stylesheet): they stop the
    whole build, since every document would meet them.
    """

    summary: DocumentSummary | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    fatal: str = ""
    # Where the summary's files are when they are not yet in the staging folder: a previous
    # build (linked from there) or the render cache (copied).
    origin: Path | None = None
    written: bool = False
    # The SHA-256 of each file as rendered: what a file kept from the cache or from the previous
    # build must still hold, and what the manifest records of the files written.
    digests: dict[str, str] = field(default_factory=dict)
    # The size of each file as rendered: a file kept where the previous build left it is checked
    # by its size and time rather than read again (``Staging.keep_all``).
    sizes: dict[str, int] = field(default_factory=dict)


def _html_files(
    doc: Document,
    folder: str,
    options: SiteOptions,
    formats: Sequence[str],
    links: CollectionLinks | None = None,
    root: Path | None = None,
) -> tuple[dict[str, bytes], DocumentSummary]:
    fragments = transform(doc, theme=options.theme, without=options.hidden_registers)
    with_pdf, with_epub = "pdf" in formats, "epub" in formats
    views = document_views(doc, fragments, folder, options, root)
    entries = fragments.entries
    data, data_links = register_data_files(
        entries, base_url=options.base_url, name=doc.metadata.title or doc.stem, timestamp=build_date(doc.metadata),
        folder=folder,
    )  # fmt: skip
    extras = PageExtras(
        entities={
            kind: entity_nodes((e for e in entries if e.kind == kind), f"{folder}{file}", options.base_url)
            for kind, file in REGISTER_FILES.items()
        },
        data_files=tuple(data_links),
        pages=views.pages,
        text_links=views.links,
        text_context=views.text_context,
    )
    site = document_site(
        doc, fragments, folder, options, with_pdf=with_pdf, with_epub=with_epub, links=links, extras=extras
    )
    files = {page.path: page.html.encode("utf-8") for page in site.pages}
    files.update(data)
    files.update(views.files)
    files[f"{folder}{doc.stem}.xml"] = doc.source
    files[f"{folder}{doc.stem}.txt"] = render_text(doc).encode("utf-8")
    base = options.base_url
    text_url = f"{base.rstrip('/')}/{folder}index.html" if base else ""
    exports = citation_files(doc.metadata, build_date(doc.metadata), text_url)
    files.update({f"{folder}{name}": data for name, data in exports.items()})
    resource, dts = dts_document_files(doc, base)
    files.update(dts)
    title = doc.metadata.title or doc.stem
    found = tuple(record for page, fragment in site.searchable for record in records(page, title, fragment))
    summary = DocumentSummary(
        name=doc.name,
        stem=doc.stem,
        folder=folder,
        metadata=doc.metadata,
        files=(),
        pages=len(site.pages),
        warnings=unhandled_warnings(doc, fragments.unhandled) + views.problems,
        assets=views.assets + (("apparatus",) if fragments["apparatus"].strip() else ()),
        search=index_piece(found).encode("utf-8"),
        registers=entries,
        dts=resource,
        sections=site.sections,
        correspondence=read_correspondence(doc.tree),
    )
    return files, summary


def unhandled_warnings(doc: Document, names: Sequence[str]) -> tuple[Problem, ...]:
    """A warning for each element no stylesheet module knows, at its first place in the document."""
    if not names:
        return ()
    first: dict[str, int] = {}
    wanted = set(names)
    for element in doc.tree.iter("{*}*"):
        local = etree.QName(element).localname
        if local in wanted and local not in first:
            first[local] = element.sourceline or 0
    return tuple(
        warning(
            doc.name, first.get(name, 0), 0, "unhandled-element", f"no stylesheet handles <{name}>; its text is kept"
        )
        for name in names
    )


def render_document(
    doc: Document,
    folder: str,
    options: SiteOptions,
    formats: Sequence[str] = ("html", "pdf"),
    links: CollectionLinks | None = None,
    root: Path | None = None,
    *,
    beside: bool = False,
) -> tuple[dict[str, bytes], DocumentSummary]:
    """Every file of one (valid) document and its summary, in the interface's language; ``links``
    places it in its collection (references to other documents, previous and next letter);
    ``root`` is the source folder its page images must lie in (default: its own folder). Raises
    ``EditionError`` for the builder's own failures; anything else the PDF renderer raises is the
    document's problem. With ``beside`` (a core to spare), the PDF is made in a child process
    while the HTML and EPUB are made here (``build.beside``): the same bytes, sooner by the time
    those take (the chapter's HTML, 0.3 s)."""
    with interface(options.language):
        return _rendered(doc, folder, options, formats, links, root, beside)


def _rendered(
    doc: Document,
    folder: str,
    options: SiteOptions,
    formats: Sequence[str],
    links: CollectionLinks | None,
    root: Path | None = None,
    beside: bool = False,
) -> tuple[dict[str, bytes], DocumentSummary]:
    files: dict[str, bytes] = {}
    pdf_warnings: tuple[Problem, ...] = ()
    # The copyright page prints the HTML edition's address, the one its citations give.
    online = f"{options.base_url.rstrip('/')}/{folder}index.html" if options.base_url else ""
    printing = Beside(
        render_pdf,
        doc,
        answers=PrintResult,
        start=beside and "pdf" in formats and ("html" in formats or "epub" in formats),
        theme=options.theme,
        online_url=online,
    )
    with printing:
        book = render_epub(doc, options, folder=folder) if "epub" in formats else None
        if "html" in formats:
            html, summary = _html_files(doc, folder, options, formats, links=links, root=root)
        else:
            html, summary = {}, DocumentSummary(doc.name, doc.stem, folder, doc.metadata, (), 0, ())
        if "pdf" in formats:
            result = printing.result()
            files[f"{folder}{doc.stem}.pdf"] = result.pdf
            pdf_warnings = result.warnings
    if book is not None:
        files[f"{folder}{doc.stem}.epub"] = book.epub
        pdf_warnings += book.warnings
    files.update(html)
    return files, replace(summary, files=tuple(files), warnings=summary.warnings + pdf_warnings)


def build_document(job: DocumentJob) -> DocumentBuild:
    """One document from its bytes to its files: load, validate, transform and render, check its
    links, write. Never raises for a problem of the document: it comes back as a value."""
    doc = parse(job.path, job.source, in_folder=job.in_folder)
    if not isinstance(doc, Document):
        return DocumentBuild(problems=tuple(doc))
    found = [*doc.warnings, *validate_all([doc], job.validation, ValidationCache.default(job.use_cache))]
    if errors_of(found):
        return DocumentBuild(problems=tuple(found))
    try:
        files, summary = render_document(
            doc, job.folder, job.options, job.formats, job.links(), job.source_root, beside=job.beside
        )
    except EditionError as error:  # the builder's own parts are broken (a template, a stylesheet)
        return DocumentBuild(problems=tuple(error.problems), fatal=error.summary or "the builder is broken")
    except Exception as error:  # the renderer's failures are many and untyped; name the document
        problem = Problem(doc.name, 0, 0, "pdf-render", f"could not be rendered: {error}")
        return DocumentBuild(problems=(*found, problem))
    checked, outbound = check_links(files, job.folder)
    broken = errors_of(checked)
    if broken:
        return DocumentBuild(problems=tuple(broken), fatal="the built site has broken links; nothing was written")
    # Every page links to the same few files of the site root: one of each is enough to check.
    leaving = {(link.target, link.fragment): link for link in reversed(outbound)}
    summary = replace(
        summary,
        warnings=(*found, *summary.warnings, *checked),
        pointers=document_pointers(doc),
        outbound=tuple(sorted(leaving.values(), key=lambda link: (link.page, link.line))),
    )
    if job.staging is None:
        return DocumentBuild(summary=summary, files=files)
    return write_document(job, files, summary)


def write_document(job: DocumentJob, files: dict[str, bytes], summary: DocumentSummary) -> DocumentBuild:
    """Write a built document's files into the staging folder, and keep a copy in the render cache."""
    assert job.staging is not None
    try:
        write_files(job.staging, files)
    except OSError as error:
        problem = Problem(str(error.filename or job.staging), 0, 0, "unwritable-output", error.strerror or str(error))
        return DocumentBuild(
            problems=(problem,), fatal="the output could not be written; the previous build is unchanged"
        )
    digests = {name: digest_of(data) for name, data in files.items()}
    sizes = {name: len(data) for name, data in files.items()}
    if job.cache is not None and job.key:
        keep(files, summary, digests, sizes, job.cache, job.key, staged=job.staging)
    return DocumentBuild(summary=summary, written=True, digests=digests, sizes=sizes)


def cached_files(cache: Path, key: str) -> Path:
    """The folder of the render cache that holds the files of the document build ``key``, side
    by side, each named as ``flat_name`` spells it."""
    return cache / f"{key}.d"


def cache_entry(key: str) -> str:
    """The name, in the render cache, of a document build's summary and its files' digests."""
    return f"{key}.entry"


def cached_build(cache: RenderCache, key: str) -> DocumentBuild | None:
    """The summary, file digests and sizes the render cache holds for ``key``, if whole: one
    digest and one size for each file the summary names, and nothing else (no origin yet)."""
    entry = cache.get(cache_entry(key))
    if not (isinstance(entry, tuple) and len(entry) == 3):
        return None
    summary, digests, sizes = entry
    if not isinstance(summary, DocumentSummary) or not isinstance(digests, dict) or not isinstance(sizes, dict):
        return None
    names = set(summary.files)
    if digests.keys() != names or sizes.keys() != names:
        return None
    if not {type(d) for d in digests.values()} <= {str} or not {type(n) for n in sizes.values()} <= {int}:
        return None
    return DocumentBuild(summary=summary, digests=digests, sizes=sizes)


def keep(
    files: dict[str, bytes],
    summary: DocumentSummary,
    digests: dict[str, str],
    sizes: dict[str, int],
    cache: Path,
    key: str,
    staged: Path | None = None,
) -> None:
    """Keep a document's files, with their summary, digests and sizes, in the render cache; the
    entry last, since it promises that the files are there (and says what each must hold).
    ``staged`` is a folder that already holds these files as written (the staging folder): they
    are then hard-linked from it rather than written again. A cache that cannot be written only
    costs time."""
    folder = cached_files(cache, key)
    try:
        if staged is None:
            for name, data in files.items():
                write_file(folder, flat_name(name), data)
        else:
            link_files(staged, folder, files)
    except OSError:
        return
    RenderCache(cache).put(cache_entry(key), (summary, digests, sizes))


def link_files(staged: Path, folder: Path, files: dict[str, bytes]) -> None:
    """Put each of ``files``, already written under ``staged``, in ``folder`` too, side by side
    as ``flat_name`` spells them: a hard link, or a written copy where a link cannot be made
    (another file system).

    Why a link: creating a file is most of what writing one costs (0.3-0.5 ms here, a letter has
    48), a link a tenth of that; and why side by side: a folder costs as much as a file, and a
    letter's files fill nine. Sharing the inode with the output is safe because the builder
    never writes through a file (``write_file`` and the reuse of kept files unlink first), and a
    file someone edits in place afterwards is caught where the cache is used: each file is
    checked against the digest recorded here, and the document rendered again if one differs.
    """
    root = str(folder)
    make_folder(root, set())
    for name, data in files.items():
        if not link_file(f"{staged}/{name}", f"{root}/{flat_name(name)}"):
            write_file(folder, flat_name(name), data)
