"""Releases: immutable, citable snapshots of the edition, and the promise kept by paragraph ids.

``release()`` checks that every paragraph identifier an earlier release published still
resolves (to the paragraph, or to a retired-identifier anchor naming its successors), records
the release in the TEI (``editionStmt`` and ``revisionDesc``), builds the whole edition into
``releases/VERSION/`` (kept in the repository, never rewritten) and records it in the source, in
one step that happens whole or not at all: the new source is written beside the old one first,
then the snapshot and the source are put in place by renames, and a failure undoes the first.
One release at a time: the releases folder is locked while a release is made. Every build copies
the releases into ``dist/versions/`` beside the latest edition.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from edition.dates import release_date
from edition.errors import EditionError, Problem, raise_if_any
from edition.i18n import format_date
from edition.site.versions import SEMVER, released_versions, version_key
from edition.tei.header import NS
from edition.tei.load import Document, display_name, parse
from edition.validate import ValidationSettings

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def paragraph_ids(doc: Document) -> set[str]:
    """Identifiers of the citable paragraphs of a document."""
    return {str(v) for v in doc.tree.xpath("//tei:text//tei:p[@n]/@xml:id", namespaces=NS)}


def published_ids(releases: Path, stem: str) -> dict[str, str]:
    """Every paragraph identifier a release of ``stem`` published, with the first version that did."""
    first: dict[str, str] = {}
    for version in released_versions(releases):
        snapshot = releases / version / f"{stem}.xml"
        doc = parse(snapshot) if snapshot.is_file() else None
        if isinstance(doc, Document):
            for identifier in sorted(paragraph_ids(doc)):
                first.setdefault(identifier, version)
    return first


def broken_promises(doc: Document, published: Mapping[str, str]) -> list[Problem]:
    """Published paragraph ids that no longer resolve to a paragraph or a recorded successor."""
    problems = []
    for identifier, version in sorted(published.items()):
        found = doc.tree.xpath("//*[@xml:id=$id]", id=identifier)
        element = found[0] if found else None
        if element is not None and etree.QName(element).localname == "p":
            continue
        successors = (element.get("corresp") or "").split() if element is not None else []
        if element is not None and element.get("type") == "retired" and successors:
            continue
        line = element.sourceline if element is not None else 0
        problems.append(
            Problem(
                doc.name,
                line or 0,
                1 if line else 0,
                "paragraph-id-lost",
                f'paragraph "{identifier}" was published in {version} and has no successor: keep it, or record '
                f'<anchor xml:id="{identifier}" type="retired" corresp="#new-id ..."/> where it stood',
            )
        )
    return problems


def record_release(source: bytes, version: str, date: str) -> bytes:
    """The TEI with the release recorded: ``edition/@n`` set and a ``change`` on top of the history.

    A textual edit, so that everything else in the file (its layout, its character references)
    stays byte for byte as the editor wrote it.
    """
    text = source.decode("utf-8")
    if re.search(rf'<change\b[^>]*\bn="{re.escape(version)}"', text) and re.search(
        rf'<edition\b[^>]*\bn="{re.escape(version)}"', text
    ):
        return source  # the document already declares this version (its first edition, say)
    human = format_date(date, "en")
    edition = f'<edition n="{version}">Version {version}, released <date when="{date}">{human}</date></edition>'
    text, count = re.subn(r"<edition\b[^>]*?(?:/>|>.*?</edition>)", edition, text, count=1, flags=re.S)
    if not count:
        text = re.sub(r"(</titleStmt>)", r"\1\n      <editionStmt>" + edition + "</editionStmt>", text, count=1)
    change = f'<change when="{date}" n="{version}" status="published">Release {escape(version)}.</change>'
    opening = re.search(r"<revisionDesc\b[^>]*>", text)
    if opening:
        text = text[: opening.end()] + "\n      " + change + text[opening.end() :]
    else:
        text = text.replace("</teiHeader>", f"  <revisionDesc>\n      {change}\n    </revisionDesc>\n  </teiHeader>", 1)
    return text.encode("utf-8")


def _problem(path: Path, rule: str, message: str) -> EditionError:
    return EditionError([Problem(display_name(path), 0, 0, rule, message)])


def _unwritable(error: OSError, where: Path) -> EditionError:
    return EditionError(
        [
            Problem(
                display_name(Path(error.filename or where)), 0, 0, "release-unwritable", error.strerror or str(error)
            )
        ],
        "the release could not be written; the source and the releases folder are unchanged",
    )


@contextmanager
def _locked(releases: Path) -> Iterator[None]:
    """Hold the releases folder for this release alone: an exclusive ``flock`` on the folder
    itself (no lock file is left behind), refused at once if another release holds it. Two
    releases at once would each see "not released yet" and both write, and the source would
    record only one of them."""
    created = not releases.exists()
    try:
        releases.mkdir(parents=True, exist_ok=True)
        handle = os.open(releases, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise _unwritable(error, releases) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _problem(
                releases, "release-busy", "another release is being made into this folder; wait for it to finish"
            ) from None
        yield
    finally:
        os.close(handle)  # closing the last descriptor releases the lock
        if created:
            with contextlib.suppress(OSError):
                releases.rmdir()  # only if the release left it empty: a refused first release


def _write_beside(path: Path, data: bytes) -> Path:
    """``data`` in a new file beside ``path`` (same folder, so the final rename is atomic),
    flushed to disk, with ``path``'s permissions; removed again if it cannot be written whole."""
    temporary = path.with_name(f".{path.name}.release-{os.getpid()}")
    try:
        with temporary.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        shutil.copymode(path, temporary)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _copy_tree(folder: Path, into: Path) -> None:
    """Copy a folder; the first file that cannot be written raises its own ``OSError`` (where
    ``shutil.copytree`` would gather every failure into one message)."""
    into.mkdir()
    for path in sorted(folder.rglob("*")):
        target = into / path.relative_to(folder)
        if path.is_dir():
            target.mkdir()
        else:
            shutil.copy2(path, target)


def release(
    source: Path,
    version: str,
    releases: Path,
    *,
    date: str | None = None,
    with_pdf: bool = True,
    validation: ValidationSettings | None = None,
) -> Path:
    """Release ``version`` of the single TEI document ``source`` into ``releases/version``.

    All or nothing: the snapshot appears in ``releases/`` and the source records the release
    together, or neither changes (a full disk, a second release at the same time, a crash).
    """
    name = display_name(source)
    # fullmatch: the pattern's "$" also matches before a final newline ("2.0.0\n").
    if not SEMVER.fullmatch(version):
        raise EditionError(
            [Problem(name, 0, 0, "release-version", f"{version!r} is not a version (MAJOR.MINOR.PATCH)")]
        )
    with _locked(releases):
        return _release_locked(source, version, releases, date, with_pdf, validation)


def _release_locked(
    source: Path,
    version: str,
    releases: Path,
    date: str | None,
    with_pdf: bool,
    validation: ValidationSettings | None,
) -> Path:
    from edition.build.pipeline import build  # the release builds the whole edition

    name = display_name(source)
    target = releases / version
    if target.exists():
        raise _problem(target, "release-exists", "this version was released; releases are never overwritten")
    earlier = released_versions(releases)
    if earlier and version_key(version) <= version_key(earlier[-1]):
        raise EditionError(
            [Problem(name, 0, 0, "release-version", f"{version} is not after the latest release, {earlier[-1]}")]
        )
    doc = parse(source)
    if not isinstance(doc, Document):
        raise_if_any(doc)
    assert isinstance(doc, Document)
    raise_if_any(broken_promises(doc, published_ids(releases, doc.stem)), "release refused; nothing was written")

    updated = record_release(doc.source, version, date or release_date())
    staging = releases / f".{version}.staging"
    new_source: Path | None = None
    renamed = False
    try:
        with tempfile.TemporaryDirectory() as folder:
            staged_source = Path(folder) / source.name
            staged_source.write_bytes(updated)
            built = Path(folder) / "built"
            from edition.site.pages import SiteOptions

            build(
                [staged_source],
                built,
                formats=("html", "pdf") if with_pdf else ("html",),
                options=SiteOptions(site_root="../../"),
                validation=validation,
            )
            # The snapshot's pages use the site's own versions.html and versions.js (../../), which
            # know of later releases; its own copies would only ever list what came before it.
            for name in (".edition-build", "versions.html", "versions.js"):
                (built / name).unlink(missing_ok=True)
            if earlier:
                # The snapshot's TEI is named as the build names it (NFC, .xml), not as the file is.
                previous = releases / earlier[-1] / f"{doc.stem}.xml"
                report = changes_report(previous, staged_source, earlier[-1], version)
                (built / "changes.html").write_text(report, "utf-8")
            # A staging folder here is a release that died: the lock says no other is running.
            shutil.rmtree(staging, ignore_errors=True)
            _copy_tree(built, staging)
        # The new source is written whole beside the old one before anything is published, so
        # that the last two steps are renames, which a full disk cannot stop half-way.
        new_source = _write_beside(source, updated)
        if target.exists():  # made meanwhile by something that does not take the lock
            raise _problem(target, "release-exists", "this version was released; releases are never overwritten")
        staging.rename(target)
        renamed = True
        os.replace(new_source, source)
        new_source = None
    except OSError as error:
        if renamed:
            with contextlib.suppress(OSError):
                target.rename(staging)  # the source was not replaced: the release did not happen
        raise _unwritable(error, source) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if new_source is not None:
            new_source.unlink(missing_ok=True)
    return target


def changes_report(previous: Path, current: Path, old_version: str, new_version: str) -> str:
    """The HTML report of what changed from the previous release: text apart from encoding.

    Sides are named by version, never by path, so that a snapshot holds no trace of where it was built.
    """
    from edition.diff import diff_documents
    from edition.diff.render import render

    old, new = parse(previous), parse(current)
    if not isinstance(old, Document) or not isinstance(new, Document):
        raise EditionError(
            [Problem(display_name(previous), 0, 0, "release-diff", "the previous release cannot be read")]
        )
    named = (
        dataclasses.replace(old, name=f"version {old_version}"),
        dataclasses.replace(new, name=f"version {new_version}"),
    )
    return render(diff_documents(*named), "html")
