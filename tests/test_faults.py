"""Faults: a build that is killed, cannot write, runs out of disk or misses a part of the builder
loses nothing: the previous output stays as it was, and the user reads one clear line per problem.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, MINIMAL, PROJECT, cached_corpus, dead_pid, snapshot, write

from build import cli
from edition.build.output import MARKER, flat_name, remove_stale
from edition.build.pipeline import build
from edition.errors import EditionError
from edition.site import pages
from edition.tei import transform
from edition.validate import CITABLE


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


# A build whose every file write is slow, so that it can be killed while it writes.
SLOW_BUILD = """
import pathlib, runpy, sys, time
write_bytes = pathlib.Path.write_bytes
def slow(self, data):
    time.sleep(0.02)
    return write_bytes(self, data)
pathlib.Path.write_bytes = slow
sys.argv = ["build.py", *sys.argv[1:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_a_build_killed_while_writing_leaves_the_previous_build_and_the_next_one_works(tmp_path: Path) -> None:
    source = tmp_path / "source"
    write(source, "minimal.xml", MINIMAL.read_text(encoding="utf-8"))
    out = tmp_path / "site" / "dist"
    build([source], out, formats=("html",))
    before = snapshot(out)
    # The next version of the source: the killed build would have written it.
    write(source, "minimal.xml", MINIMAL.read_text(encoding="utf-8").replace("The end.", "The new end."))
    command = [sys.executable, "-c", SLOW_BUILD, "html", "--source", str(source), "--out", str(out)]
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staging: list[Path] = []
    deadline = time.monotonic() + 120
    while not staging:
        assert process.poll() is None, "the build ended before it was seen writing"
        assert time.monotonic() < deadline, "the build never started writing"
        staging = [p for p in out.parent.iterdir() if p.name.startswith(".dist.staging-") and any(p.rglob("*"))]
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert snapshot(out) == before, "the previous build was touched"
    assert any(p.name.startswith(".dist.staging-") for p in out.parent.iterdir()), "the kill came too late"

    result = build([source], out, formats=("html",))
    assert result.documents == 1
    assert siblings(out) == ["dist"], "the dead build's staging folder is cleared"
    assert b"The new end." in (out / "index.html").read_bytes()
    fresh = tmp_path / "fresh"
    build([source], fresh, formats=("html",))
    assert snapshot(out) == snapshot(fresh)


def test_a_build_killed_between_its_two_renames_gets_its_previous_output_back(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    retired = tmp_path / f".dist.old-{dead_pid()}"
    write(retired, "index.html", "previous build")
    write(retired, MARKER, "")
    live = tmp_path / f".dist.staging-{os.getpid()}"  # a build still running is left alone
    live.mkdir()
    remove_stale(out)
    assert (out / "index.html").read_text() == "previous build"
    assert siblings(out) == [live.name, "dist"]


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = write(tmp_path, "not-a-folder", "a file where the output's parent should be")
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], blocker / "dist", formats=("html",))
    [problem] = raised.value.problems
    assert problem.rule == "unwritable-output"
    assert raised.value.summary == "the output could not be written; the previous build is unchanged"
    assert blocker.read_text() == "a file where the output's parent should be"

    result = CliRunner().invoke(cli, ["html", "--source", str(MINIMAL), "--out", str(blocker / "dist")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert ": unwritable-output: " in result.output


def test_a_full_disk_leaves_the_previous_build_and_no_half_written_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build([MINIMAL], out, formats=("html",))
    before = snapshot(out)
    written: list[Path] = []
    write_bytes = Path.write_bytes

    def full_disk(self: Path, data: bytes) -> int:
        if len(written) >= 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        written.append(self)
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(EditionError) as raised:
        build([FIXTURES / "general" / "verse.xml"], out, formats=("html",))
    [problem] = raised.value.problems
    assert (problem.rule, problem.message) == ("unwritable-output", "No space left on device")
    assert ".dist.staging-" in problem.file
    assert snapshot(out) == before
    assert siblings(out) == ["dist"], "the half-written staging folder is removed"

    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["html", "--source", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_a_missing_template_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    (templates / "base.html").unlink()  # every page extends it
    environment = pages.environment.__wrapped__
    monkeypatch.setattr(pages, "TEMPLATES", templates)
    monkeypatch.setattr(pages, "environment", lambda: environment())
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], out, formats=("html",))
    [problem] = raised.value.problems
    assert problem.rule == "template-missing"
    assert problem.message == "the template base.html does not exist"
    assert not out.exists()

    result = CliRunner().invoke(cli, ["html", "--source", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[-1] == "the builder's templates are broken; nothing was written"


def test_a_broken_template_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    (templates / "page.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    environment = pages.environment.__wrapped__
    monkeypatch.setattr(pages, "TEMPLATES", templates)
    monkeypatch.setattr(pages, "environment", lambda: environment())
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], tmp_path / "dist", formats=("html",))
    [problem] = raised.value.problems
    assert (problem.rule, problem.line) == ("template-broken", 2)
    assert problem.file.endswith("page.html")


@pytest.fixture
def fresh_stylesheet() -> object:
    transform.stylesheet.cache_clear()
    yield
    transform.stylesheet.cache_clear()


@pytest.mark.usefixtures("fresh_stylesheet")
def test_a_missing_stylesheet_module_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xslt = tmp_path / "xslt"
    shutil.copytree(transform.XSLT_DIR, xslt)
    (xslt / "phrase.xsl").unlink()
    monkeypatch.setattr(transform, "MAIN_STYLESHEET", xslt / "edition.xsl")
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], out)
    [problem] = raised.value.problems
    assert problem.rule == "stylesheet-broken"
    assert "phrase.xsl" in problem.message
    assert raised.value.summary == "the builder's stylesheets are broken; nothing was written"
    assert not out.exists()

    monkeypatch.setattr(transform, "MAIN_STYLESHEET", xslt / "missing.xsl")
    transform.stylesheet.cache_clear()
    result = CliRunner().invoke(cli, ["html", "--source", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ": stylesheet-broken: the stylesheets cannot be loaded: " in result.output


# --- a corpus with some invalid documents ---------------------------------------------------


@pytest.fixture
def mixed_corpus(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    for name in ("minimal.xml",):
        write(source, name, MINIMAL.read_text(encoding="utf-8"))
    write(source, "verse.xml", (FIXTURES / "general" / "verse.xml").read_text(encoding="utf-8"))
    for name in ("para-id.xml", "note-bibl.xml"):
        write(source, name, (FIXTURES / "invalid" / name).read_text(encoding="utf-8"))
    write(source, "broken.xml", "<TEI><unclosed></TEI>")
    write(source, "doctype.xml", '<!DOCTYPE TEI SYSTEM "tei.dtd"><TEI xmlns="http://www.tei-c.org/ns/1.0"/>')
    return source


# With the citable profile (the chapter's): two documents break its rules, one is not
# well-formed; the DOCTYPE that only names an external DTD is a warning, and that document builds.
EXPECTED_RULES = {"para-id", "note-bibl", "xml-syntax"}


def test_every_problem_of_a_corpus_is_reported_in_one_run(mixed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([mixed_corpus], out, formats=("html",), validation=CITABLE)
    assert {p.rule for p in raised.value.problems if not p.is_warning} == EXPECTED_RULES
    assert {Path(p.file).name for p in raised.value.problems if not p.is_warning} == {
        "para-id.xml",
        "note-bibl.xml",
        "broken.xml",
    }
    assert not out.exists()


def test_the_general_profile_builds_every_well_formed_document_with_warnings(
    mixed_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([mixed_corpus], out, formats=("html",))
    assert [p.rule for p in raised.value.problems if not p.is_warning] == ["xml-syntax"]
    (mixed_corpus / "broken.xml").unlink()
    result = build([mixed_corpus], out, formats=("html",))
    assert result.documents == 5 and result.warnings > 0
    assert (out / "doctype" / "index.html").is_file() and (out / "para-id" / "index.html").is_file()
    with pytest.raises(EditionError) as strict:
        build([mixed_corpus], tmp_path / "strict", formats=("html",), strict=True)
    assert "with --strict: nothing was written" in strict.value.summary
    assert not (tmp_path / "strict").exists()


def test_keep_going_builds_the_valid_documents_and_still_fails(mixed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([mixed_corpus], out, formats=("html",), keep_going=True, validation=CITABLE)
    assert {p.rule for p in raised.value.problems} >= EXPECTED_RULES
    assert "left out the documents that have them and wrote the rest (built 3 documents" in raised.value.summary
    assert (out / "minimal" / "index.html").is_file() and (out / "verse" / "index.html").is_file()
    assert (out / "doctype" / "index.html").is_file()
    assert not any((out / name).exists() for name in ("para-id", "note-bibl", "broken"))

    cli_out = tmp_path / "cli"
    profile = ["--config", str(PROJECT / "edition.toml")]
    arguments = [*profile, "html", "--no-strict", "--keep-going", "--source", str(mixed_corpus), "--out", str(cli_out)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.splitlines()
    assert any(": para-id: " in line for line in lines) and any(": xml-syntax: " in line for line in lines)
    assert any(line.startswith("warning: ") and ": doctype-ignored: " in line for line in lines)
    assert "wrote the rest" in lines[-1]
    assert (cli_out / "minimal" / "index.html").is_file()


def test_keep_going_with_nothing_valid_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([FIXTURES / "invalid" / "para-id.xml"], out, keep_going=True, validation=CITABLE)
    assert raised.value.summary == "1 problem found; nothing was written"
    assert not out.exists()


def test_keep_going_leaves_out_a_document_whose_pdf_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from edition.build import document

    render_pdf = document.render_pdf

    def failing(doc: object, *args: object, **options: object) -> object:
        if getattr(doc, "stem", "") == "verse":
            raise RuntimeError("the renderer gave up")
        return render_pdf(doc, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "render_pdf", failing)
    source = tmp_path / "source"
    write(source, "minimal.xml", MINIMAL.read_text(encoding="utf-8"))
    write(source, "verse.xml", (FIXTURES / "general" / "verse.xml").read_text(encoding="utf-8"))
    out = tmp_path / "dist"
    with pytest.raises(EditionError) as raised:
        build([source], out, formats=("pdf",), keep_going=True)
    assert [p.rule for p in raised.value.problems] == ["pdf-render"]
    # The survivor keeps the address it has in the collection: another document's failure
    # does not move it (links and citations to it stay good).
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "minimal"]
    assert sorted(p.name for p in (out / "minimal").iterdir()) == ["minimal.pdf"]


# --- a render cache or a previous build damaged since it was written -------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(b"")


def _same_size_edit(path: Path) -> None:
    data = path.read_bytes()
    at = data.index(b"<title>") + len(b"<title>")
    path.write_bytes(data[:at] + b"X" + data[at + 1 :])  # one letter of the title, same size


def _cached_folder(tmp_path: Path, out: Path, document: str) -> Path:
    from edition.build.document import cached_files
    from edition.build.output import read_manifest

    keys = read_manifest(out)["documents"]
    [key] = [key for name, key in keys.items() if Path(name).stem == document]
    return cached_files(tmp_path / "cache" / "render", key)


def _damage_cached_file(tmp_path: Path, out: Path) -> None:
    folder = _cached_folder(tmp_path, out, "drama")
    shutil.rmtree(out)  # the cache is then where the files come from
    _truncate(folder / flat_name("drama/index.html"))


def _damage_dist_page(tmp_path: Path, out: Path) -> None:
    _truncate(out / "drama" / "index.html")


def _delete_half_of_a_cached_folder(tmp_path: Path, out: Path) -> None:
    folder = _cached_folder(tmp_path, out, "drama")
    shutil.rmtree(out)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files[::2]:
        path.unlink()


def _same_size_edit_in_dist(tmp_path: Path, out: Path) -> None:
    _same_size_edit(out / "drama" / "index.html")


def _damage_both(tmp_path: Path, out: Path) -> None:
    _same_size_edit(_cached_folder(tmp_path, out, "drama") / flat_name("drama/index.html"))
    _same_size_edit(out / "drama" / "index.html")


@pytest.mark.parametrize(
    "damage",
    [_damage_cached_file, _damage_dist_page, _delete_half_of_a_cached_folder, _same_size_edit_in_dist, _damage_both],
)
def test_a_damaged_cache_or_previous_build_never_reaches_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    corpus, clean = _three_documents(tmp_path, monkeypatch)
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    assert callable(damage)
    damage(tmp_path, out)
    for _ in range(2):  # and every later build too
        result = build([corpus], out, formats=("html",))
        assert not result.unchanged or _ > 0
        assert snapshot(out) == clean
    assert build([corpus], out, formats=("html",)).unchanged


def _three_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, bytes]]:
    """A corpus with the render cache on, and its clean build (no cache) to compare with."""
    corpus = cached_corpus(tmp_path, monkeypatch)
    clean = tmp_path / "clean"
    build([corpus], clean, formats=("html",), use_cache=False)
    return corpus, snapshot(clean)


def _no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on a build that renders anything fails: what it ships came from the cache."""
    from edition.build import document

    def refused(*args: object, **options: object) -> object:
        raise AssertionError("rendered again, though the render cache should hold it")

    monkeypatch.setattr(document, "transform", refused)


def test_the_render_cache_shares_the_output_s_files_and_an_edit_in_place_never_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, clean = _three_documents(tmp_path, monkeypatch)
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    page = out / "drama" / "index.html"
    kept = _cached_folder(tmp_path, out, "drama") / flat_name("drama/index.html")
    assert kept.read_bytes() == page.read_bytes() and kept.stat().st_ino == page.stat().st_ino  # a link
    # The document's files side by side in one folder (no folder of their own), every one of them.
    shipped = {
        p.relative_to(out).as_posix()
        for folder in ("drama", "dts/document/drama", "dts/navigation/drama")
        for p in (out / folder).rglob("*")
        if p.is_file()
    }
    assert len(shipped) > 5
    assert not [p for p in kept.parent.iterdir() if p.is_dir()]
    assert {flat_name(name) for name in shipped} <= {p.name for p in kept.parent.iterdir()}
    _same_size_edit(page)  # written through: the cache's copy is the same file, so it changes too
    shutil.rmtree(out)
    build([corpus], out, formats=("html",))
    assert snapshot(out) == clean
    # The document rendered again was kept again under the same key (its damaged files replaced),
    # so a build from the cache alone is the clean one.
    shutil.rmtree(out)
    _no_rendering(monkeypatch)
    build([corpus], out, formats=("html",))
    assert snapshot(out) == clean


def test_the_render_cache_is_written_where_its_files_cannot_be_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(target))

    monkeypatch.setattr(os, "link", cross_device)  # the cache on another file system: no link anywhere
    corpus, clean = _three_documents(tmp_path, monkeypatch)
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    page = out / "drama" / "index.html"
    kept = _cached_folder(tmp_path, out, "drama") / flat_name("drama/index.html")
    assert kept.read_bytes() == page.read_bytes() and kept.stat().st_ino != page.stat().st_ino  # a copy
    shutil.rmtree(out)
    _no_rendering(monkeypatch)
    build([corpus], out, formats=("html",))
    assert snapshot(out) == clean


# --- a source that is not a regular file ---------------------------------------------------


def _diff(*paths: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(PROJECT / "build.py"), "diff", *paths]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd=cwd)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "a named pipe"])
def test_diff_refuses_what_is_not_a_regular_file_without_reading_it(tmp_path: Path, special: str) -> None:
    document = write(tmp_path, "x.xml", MINIMAL.read_text(encoding="utf-8"))
    if special == "a named pipe":
        os.mkfifo(tmp_path / "pipe.xml")  # nothing ever writes to it: opening it would wait forever
        side, shown, kind = str(tmp_path / "pipe.xml"), "pipe.xml", "a named pipe"
    else:
        side, shown, kind = special, special, "a device"
    result = _diff(side, str(document), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [
        f"{shown}:0:0: not-a-file: {kind}, not a file; only regular files are read",
        "cannot diff: 1 problem",
    ]


def test_a_link_to_a_device_is_refused_by_what_it_is(tmp_path: Path) -> None:
    from edition.tei.load import parse

    # A device reports 0 bytes and never ends: what is opened is checked, not the name's stat.
    (tmp_path / "zero.xml").symlink_to("/dev/zero")
    found = parse(tmp_path / "zero.xml")
    assert isinstance(found, list)
    assert [(p.rule, p.message) for p in found] == [("not-a-file", "a device, not a file; only regular files are read")]


# --- names that differ only by Unicode normalisation -------------------------------------------

NFC_NAME = "caf\u00e9.xml"  # é as one character
NFD_NAME = "cafe\u0301.xml"  # e and a combining acute accent: the same name to a reader


def test_two_names_that_differ_only_by_normalisation_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "source"
    write(source, NFC_NAME, MINIMAL.read_text(encoding="utf-8"))
    write(source, NFD_NAME, MINIMAL.read_text(encoding="utf-8").replace("The end.", "Another end."))
    assert len(list(source.iterdir())) == 2, "the file system keeps both names"
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["html", "--source", str(source), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if ": duplicate-name: " in line]
    assert line.endswith(
        " but for its Unicode normalisation ('caf\\xe9.xml' and 'cafe\\u0301.xml'); output would collide: rename one"
    ), line
    assert not out.exists() and siblings(out) == ["source"], "nothing is written"


def test_a_name_typed_as_nfd_gives_nfc_output_and_releases_in_turn(tmp_path: Path) -> None:
    from edition.release import release

    source = write(tmp_path / "source", NFD_NAME, MINIMAL.read_text(encoding="utf-8"))
    out = tmp_path / "dist"
    build([source, FIXTURES / "general" / "verse.xml"], out, formats=("html",))
    assert "caf\u00e9" in {p.name for p in out.iterdir()} and "cafe\u0301" not in {p.name for p in out.iterdir()}
    releases = tmp_path / "releases"
    release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    assert sorted(p.name for p in (releases / "0.2.0").glob("*.xml")) == [NFC_NAME]
    source.write_text(source.read_text(encoding="utf-8").replace("The end.", "The very end."), encoding="utf-8")
    # The second release compares with the first's TEI, found by the name the build gave it.
    release(source, "0.3.0", releases, date="2026-11-26", with_pdf=False)
    assert "very" in (releases / "0.3.0" / "changes.html").read_text(encoding="utf-8")
