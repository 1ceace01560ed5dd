"""``python build.py diff``: exit status as diff(1), every format, git revisions, and trouble."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHAPTER

import build as cli_module

cli = cli_module.cli


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def edited_chapter(tmp_path: Path) -> Path:
    text = CHAPTER.read_text(encoding="utf-8")
    text = text.replace("The political crisis within", "The political emergency within", 1)
    text = text.replace('<date when="1956-03-09">March 9, 1956</date>', '<date when="1956-03-10">March 9, 1956</date>')
    path = tmp_path / "new.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_same_documents_exit_zero() -> None:
    code, out, _ = invoke(str(CHAPTER), str(CHAPTER))
    assert code == 0
    assert out.splitlines()[-1] == "no differences"


def test_different_documents_exit_one_with_a_text_report(edited_chapter: Path) -> None:
    code, out, err = invoke(str(CHAPTER), str(edited_chapter))
    assert code == 1, err
    assert "2 changes: 1 text, 1 encoding" in out
    assert "[-crisis-]{+emergency+}" in out
    assert re.search(r"p19\s+attribute-changed\s+<date @when> \[-'1956-03-09'-\] → \{\+'1956-03-10'\+\}", out)
    assert "\x1b[" not in out  # not a terminal: no colour


@pytest.mark.parametrize("fmt", ["json", "html", "tei"])
def test_every_format_goes_to_stdout_or_to_a_file(edited_chapter: Path, tmp_path: Path, fmt: str) -> None:
    code, out, _ = invoke(str(CHAPTER), str(edited_chapter), "--format", fmt)
    assert code == 1
    target = tmp_path / f"report.{fmt}"
    code, written, err = invoke(str(CHAPTER), str(edited_chapter), "--format", fmt, "--out", str(target))
    assert code == 1 and written == ""
    assert "2 changes" in err
    assert target.read_text(encoding="utf-8") == out
    if fmt == "json":
        assert [c["kind"] for c in json.loads(out)["changes"]] == ["text-replaced", "attribute-changed"]
    elif fmt == "html":
        assert "<del>crisis</del><ins>emergency</ins>" in out
    else:
        assert out.startswith('<listChange xmlns="http://www.tei-c.org/ns/1.0" type="diff">')


def test_tei_format_stamps_the_given_date(edited_chapter: Path) -> None:
    _, out, _ = invoke(str(CHAPTER), str(edited_chapter), "--format", "tei", "--when", "2026-12-01")
    assert out.count('when="2026-12-01"') == 2


def test_a_malformed_and_a_non_tei_side_are_trouble_exit_two(tmp_path: Path) -> None:
    malformed = tmp_path / "malformed.xml"
    malformed.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<text>\n</TEI>\n", encoding="utf-8")
    other = tmp_path / "other.xml"
    other.write_text("<html><body/></html>\n", encoding="utf-8")
    code, out, err = invoke(str(malformed), str(other))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert re.fullmatch(r".*malformed\.xml:3:\d+: xml-syntax: .+", lines[0])
    assert re.fullmatch(r".*other\.xml:1:1: not-tei: root element is <html> in no namespace; .+", lines[1])
    assert lines[-1] == "cannot diff: 2 problems"
    assert "Traceback" not in err


def test_a_missing_file_is_trouble(tmp_path: Path) -> None:
    code, _, err = invoke(str(CHAPTER), str(tmp_path / "gone.xml"))
    assert code == 2
    assert "gone.xml:0:0: unreadable-file: No such file or directory" in err


def test_wrong_usage_exits_two() -> None:
    code, _, err = invoke(str(CHAPTER))
    assert code == 2 and "give two files" in err
    code, _, err = invoke(str(CHAPTER), str(CHAPTER), "--format", "pdf")
    assert code == 2 and "Invalid value for '--format'" in err


def git(folder: Path, *args: str) -> str:
    command = ["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_git_revisions_are_read_without_a_checkout(tmp_path: Path, edited_chapter: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "source").mkdir(parents=True)
    source = repo / "source" / "chapter.xml"
    source.write_bytes(CHAPTER.read_bytes())
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first edition")
    git(repo, "tag", "v1.0")
    source.write_bytes(edited_chapter.read_bytes())
    git(repo, "commit", "-q", "-am", "an edit")
    head = git(repo, "rev-parse", "HEAD").strip()

    code, out, err = invoke("--rev", "v1.0..HEAD", str(source))
    assert code == 1, err
    first, second = out.splitlines()[:2]
    assert first.startswith("--- v1.0:") and first.endswith("source/chapter.xml")
    assert second.startswith("+++ HEAD:") and second.endswith("source/chapter.xml")
    assert "[-crisis-]{+emergency+}" in out
    # One revision: compared with the file as it is now (edited again, not committed).
    source.write_text(source.read_text(encoding="utf-8").replace("emergency", "catastrophe"), encoding="utf-8")
    code, out, _ = invoke("--rev", "HEAD", str(source))
    assert code == 1 and "[-emergency-]{+catastrophe+}" in out
    code, out, _ = invoke("--rev", f"{head}..HEAD", str(source))
    assert code == 0 and out.splitlines()[-1] == "no differences"
    assert git(repo, "status", "--porcelain").strip() == "M source/chapter.xml"  # nothing checked out

    code, out, err = invoke("--rev", "v9.9..HEAD", str(source))
    assert code == 2 and out == ""
    assert re.fullmatch(
        r"v9\.9:.*chapter\.xml:0:0: unknown-revision: git knows no revision 'v9\.9' .*", err.splitlines()[0]
    )
    code, _, err = invoke("--rev", "--output=x", str(source))
    assert code == 2 and "unknown-revision" in err
    (repo / "source" / "later.xml").write_bytes(CHAPTER.read_bytes())
    code, _, err = invoke("--rev", "v1.0", str(repo / "source" / "later.xml"))
    assert code == 2 and "missing-in-revision: later.xml does not exist in revision 'v1.0'" in err


def test_a_file_outside_any_repository_is_trouble(tmp_path: Path) -> None:
    outside = tmp_path / "alone.xml"
    outside.write_bytes(CHAPTER.read_bytes())
    code, _, err = invoke("--rev", "HEAD", str(outside))
    assert code == 2 and "not-a-repository" in err


def test_an_unwritable_report_file_is_trouble(edited_chapter: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.json"
    code, _, err = invoke(str(CHAPTER), str(edited_chapter), "--format", "json", "--out", str(target))
    assert code == 2
    assert f"{target}:0:0: unwritable-file: No such file or directory" in err
