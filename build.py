"""Command line of the TEI edition builder: ``python build.py --help``.

Only option parsing and messages live here; every command calls one function of the
``edition`` package. Expected failures print ``file:line:col: rule: message`` lines and exit 1.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from edition import __version__
from edition.pipeline import build, load_valid
from edition.text import render_text

PROJECT = Path(__file__).resolve().parent
DEFAULT_SOURCE = PROJECT / "source"
DEFAULT_OUT = PROJECT / "dist"

paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
no_cache_option = click.option("--no-cache", is_flag=True, help="Validate again even documents that passed before.")


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [DEFAULT_SOURCE]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Report each stage as it runs.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no summary.")
@click.version_option(__version__, prog_name="edition")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Build, validate and print TEI P5 scholarly editions.

    With no command, builds the whole edition of source/ into dist/.
    """
    level = logging.WARNING if quiet else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"quiet": quiet}
    if ctx.invoked_subcommand is None:
        ctx.invoke(build_command)


@cli.command("build")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="TEI file or folder (repeatable). Default: source/.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Output folder, replaced whole.",
)
@no_cache_option
@click.pass_context
def build_command(ctx: click.Context, sources: tuple[Path, ...], out: Path, no_cache: bool) -> None:
    """Validate and build the edition into an output folder.

    Nothing is written unless every document is valid; the previous build is replaced in one move.
    """
    result = build(_sources(sources), out, use_cache=not no_cache)
    if not (ctx.obj or {}).get("quiet"):
        click.echo(result.summary())


@cli.command("validate")
@paths_argument
@no_cache_option
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...], no_cache: bool) -> None:
    """Validate TEI files or folders (default: source/) against TEI P5 tei_all and the edition's rules.

    Every problem of the run is printed as file:line:col: rule: message; exit status 1 if any.
    """
    documents = load_valid(_sources(paths), use_cache=not no_cache)
    if not (ctx.obj or {}).get("quiet"):
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


if __name__ == "__main__":
    cli()
