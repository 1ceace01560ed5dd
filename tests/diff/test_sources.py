"""edition.diff.sources: the two sides of a diff from files or git revisions, trouble as DiffError."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MINIMAL

from edition.diff.sources import DiffError, read_file, read_revision, read_sides, split_revisions

TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>{}</p></body></text></TEI>'


def rules(error: pytest.ExceptionInfo[DiffError]) -> list[str]:
    return [p.rule for p in error.value.problems]


def test_split_revisions_reads_ranges_as_git_does() -> None:
    assert split_revisions("v1..v2") == ("v1", "v2")
    assert split_revisions("v1..") == ("v1", "HEAD")
    assert split_revisions("..v2") == ("HEAD", "v2")
    assert split_revisions("v1") == ("v1", None)
    with pytest.raises(DiffError) as error:
        split_revisions("a...b")
    assert rules(error) == ["bad-revision"] and error.value.exit_code == 2


def test_two_files_or_every_problem_of_both(tmp_path: Path) -> None:
    old, new = read_sides([MINIMAL, MINIMAL], None)
    assert old.metadata.title == new.metadata.title == "A Minimal Edition"
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>", encoding="utf-8")
    with pytest.raises(DiffError) as error:
        read_sides([broken, tmp_path / "missing.xml"], None)
    assert rules(error) == ["xml-syntax", "unreadable-file"]
    assert str(error.value.summary) == "cannot diff: 2 problems"
    with pytest.raises(DiffError) as error:
        read_sides([MINIMAL], None)
    assert rules(error) == ["usage"]
    with pytest.raises(DiffError):
        read_file(broken)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_file_as_it_stood_at_a_revision(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    source = tmp_path / "doc.xml"
    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    source.write_text(TEI.format("first"), encoding="utf-8")
    git("add", "doc.xml")
    git("commit", "-q", "-m", "one")
    git("tag", "v1")
    source.write_text(TEI.format("second"), encoding="utf-8")
    old, new = read_sides([source], "v1")
    assert old.name.startswith("v1:") and old.name.endswith("doc.xml")
    assert "".join(old.tree.getroot().itertext()) == "first"
    assert "".join(new.tree.getroot().itertext()) == "second"  # the working file
    for revision, rule in (("nope", "unknown-revision"), ("--all", "unknown-revision"), ("a b", "unknown-revision")):
        with pytest.raises(DiffError) as error:
            read_revision(source, revision)
        assert rules(error) == [rule]
    (tmp_path / "new.xml").write_text(TEI.format("x"), encoding="utf-8")
    with pytest.raises(DiffError) as error:
        read_revision(tmp_path / "new.xml", "v1")
    assert rules(error) == ["missing-in-revision"]
