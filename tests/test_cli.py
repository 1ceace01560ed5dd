"""The command line: every command has help, exit codes and messages are as documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, MINIMAL, PROJECT, TRANSCRIPTION

import build as cli_module

cli = cli_module.cli


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert isinstance(cli, click.Group)
    for name in cli.commands:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_validate_passes_on_the_chapter() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 document valid\n"


def test_validate_prints_every_problem_and_exits_non_zero(tmp_path: Path) -> None:
    malformed = tmp_path / "malformed.xml"
    malformed.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>\n</TEI>\n", encoding="utf-8")
    chapter_profile = ["--config", str(PROJECT / "edition.toml")]
    paths = [str(FIXTURES / "invalid" / "para-id.xml"), str(malformed), str(tmp_path / "gone.xml")]
    result = CliRunner().invoke(cli, [*chapter_profile, "validate", *paths])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.endswith(": missing-file: no such file or folder") for line in lines)
    assert any(":2:" in line and ": xml-syntax: " in line for line in lines)
    assert any(line.endswith("para-id.xml:37:9: para-id: " + line.split(": para-id: ")[-1]) for line in lines)
    assert lines[-1] == "3 errors found; nothing was written"
    assert "Traceback" not in result.output


def test_validate_with_the_general_profile_lists_warnings_and_passes(tmp_path: Path) -> None:
    # Outside the chapter's sources the general profile applies: the citable rules are not asked
    # for, and what is only a warning (a dangling pointer) is listed but does not fail the run.
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "invalid" / "pointer-resolves.xml")])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and ": pointer-resolves: " in result.output
    assert result.output.rstrip().endswith("1 document valid")
    strict = CliRunner().invoke(cli, ["validate", "--strict", str(FIXTURES / "invalid" / "pointer-resolves.xml")])
    assert strict.exit_code == 1
    assert strict.output.strip().splitlines()[-1] == "1 error found; nothing was written"


def test_text_prints_the_transcription_exactly() -> None:
    # A real process with a pipe: the output must carry no added newline.
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "text"], capture_output=True, check=True, cwd=PROJECT
    )
    assert completed.stdout == TRANSCRIPTION.read_bytes()


def test_build_writes_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "--source", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("built 1 document: 7 pages, 44 files, 0 warnings, into ")
    assert (out / "minimal.xml").read_bytes() == MINIMAL.read_bytes()


def test_html_command_builds_a_folder_of_documents(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["html", "--source", str(FIXTURES / "general"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # The apparatus fixture shows an image no build ships: one warning names it.
    assert re.match(
        r"warning: apparatus/index\.html:\d+:0: missing-image: the image mill-wheel-sketch\.png", result.output
    )
    assert result.output.splitlines()[-1].startswith("built 6 documents: ")
    assert (out / "index.html").is_file() and (out / "verse" / "index.html").is_file()


def test_usage_errors_exit_with_2() -> None:
    assert CliRunner().invoke(cli, ["build", "--no-such-option"]).exit_code == 2


def test_quiet_build_prints_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-q", "build", "--source", str(MINIMAL), "--out", str(tmp_path / "o")])
    assert (result.exit_code, result.output) == (0, "")
