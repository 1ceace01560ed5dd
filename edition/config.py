"""The project file, ``edition.toml``: what an edition is made of and how it is built.

Read with ``tomllib`` from the current folder (or ``--config FILE``). Every key has a default, so
a project without the file builds ``source/`` into ``dist/`` with the general profile; paths are
relative to the folder of the file. An unknown key or a value of the wrong type is an error that
names the file, the line and the key. Options of the command line override what the file says.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from edition.errors import EditionError, Problem
from edition.i18n import LANGUAGES
from edition.urls import browser_form, is_web

CONFIG_NAME = "edition.toml"
REGISTER_PAGES = ("people", "organisations", "places", "events", "works")
# What a build can make, and what it makes unless the project file says otherwise: the e-book is
# asked for by name (formats = ["html", "pdf", "epub"], or `edition epub`).
KNOWN_FORMATS = ("html", "pdf", "epub")
FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class SiteConfig:
    """``[site]``: what the pages show."""

    registers: tuple[str, ...] = REGISTER_PAGES
    timeline: bool = True
    search: bool = True


@dataclass(frozen=True)
class EditionConfig:
    """Every key of ``edition.toml``, with its default."""

    title: str = ""
    sources: tuple[str, ...] = ("source",)
    out: str = "dist"
    base_url: str = ""
    schema: str = "tei_all"
    rules: tuple[str, ...] = ()
    strict: bool = False
    languages: tuple[str, ...] = ("en",)
    licence: str = ""
    theme: str = ""
    releases: str = "releases"
    formats: tuple[str, ...] = FORMATS
    site: SiteConfig = field(default_factory=SiteConfig)
    # Where the file was (None: no file; the current folder is the project's folder).
    path: Path | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    def resolve(self, value: str) -> Path:
        """A path of the file, relative to its folder."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.folder / path

    def line_of(self, key: str) -> int:
        """The line of the project file that sets ``key`` (``site.search``), 0 if none does."""
        try:
            text = self.path.read_text(encoding="utf-8") if self.path is not None else ""
        except OSError:
            return 0
        table, _, bare = key.rpartition(".")
        return _line_of(text, table, bare)

    def source_paths(self) -> list[Path]:
        """The sources: files, folders and globs (``letters/*.xml``), in the order given."""
        found: list[Path] = []
        for value in self.sources:
            if any(c in value for c in "*?["):
                matches = sorted(self.folder.glob(value))
                found.extend(matches or [self.resolve(value)])  # no match: reported as missing
            else:
                found.append(self.resolve(value))
        return found


# Key -> (type accepted, what to call it in a message).
_TYPES: dict[str, tuple[type, str]] = {
    "title": (str, "a string"),
    "sources": (list, "a list of paths or globs"),
    "out": (str, "a path"),
    "base_url": (str, "a URL"),
    "schema": (str, '"tei_all", "xml-model", "none" or a path to a .rng file'),
    "rules": (list, 'a list of profiles ("citable") or paths to .sch files'),
    "strict": (bool, "true or false"),
    "languages": (list, 'a list of language codes ("en", "de", "fr")'),
    "licence": (str, "a string"),
    "theme": (str, "a path to a theme folder"),
    "releases": (str, "a path"),
    "formats": (list, 'a list of "html", "pdf" and "epub"'),
    "site": (dict, "a table"),
}
_SITE_TYPES: dict[str, tuple[type, str]] = {
    "registers": (list, f"a list of {', '.join(REGISTER_PAGES)}"),
    "timeline": (bool, "true or false"),
    "search": (bool, "true or false"),
}


# What each key means, as ``edition new`` writes it above the key (``project_file``): one entry
# per field of ``EditionConfig`` and ``SiteConfig`` (a test checks that none is missing).
DESCRIPTIONS: dict[str, str] = {
    "title": "The edition's title where the site names a whole collection (a document's own title\n"
    "comes from its teiHeader).",
    "sources": 'TEI files, folders (searched recursively) or globs such as "letters/*.xml".',
    "out": "Where `edition build` writes the site and the PDF; replaced whole by each build.",
    "base_url": "Where the site will be published (https://...): canonical URLs and citations use it.\n"
    "Leave empty for a site that works from any folder.",
    "schema": '"tei_all" (TEI P5), "xml-model" (each document\'s own <?xml-model?>), "none", or the\n'
    "path of a RELAX NG (.rng) schema of your own. Schema findings are warnings.",
    "rules": 'Rule profiles on top of the core rules: "citable" (every paragraph numbered and\n'
    "identified, every quotation sourced, every note a reference), or paths to .sch files.",
    "strict": "true: every warning is an error, and nothing is written while there is one.",
    "languages": 'The language of the interface (navigation, headings, labels, dates): "en", "de" or\n'
    '"fr". The first is used; the text keeps its own xml:lang.',
    "licence": "The licence of the edition, as an SPDX identifier (CC-BY-4.0).",
    "theme": "A theme: the path of a folder with templates/, static/ and custom.xsl, or the name of\n"
    'a theme shipped with the builder ("reading"). Empty: the built-in theme.',
    "releases": "Where `edition release VERSION` keeps the immutable snapshots of the edition.",
    "formats": 'What `edition build` makes: "html" (the site), "pdf" (the print edition) and "epub"\n'
    "(the e-book; not made unless named here).",
    "site": "What the pages show.",
    "site.registers": "The register pages of the site, in this order.",
    "site.timeline": "A timeline page of the dated events and dates.",
    "site.search": "The search page and the search box.",
}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _commented(key: str, value: object) -> list[str]:
    comment = [f"# {line}" for line in DESCRIPTIONS[key].splitlines()]
    return [*comment, f"{key.rpartition('.')[2]} = {_toml_value(value)}", ""]


def project_file(config: EditionConfig, heading: str = "") -> str:
    """``config`` as the text of an ``edition.toml``: every key, each with what it means."""
    lines = [f"# {line}" if line else "#" for line in heading.splitlines()]
    if lines:
        lines.append("")
    for item in fields(EditionConfig):
        if item.name not in ("site", "path"):
            lines += _commented(item.name, getattr(config, item.name))
    lines += [f"# {DESCRIPTIONS['site']}", "[site]"]
    for item in fields(SiteConfig):
        lines += _commented(f"site.{item.name}", getattr(config.site, item.name))
    return "\n".join(lines).rstrip("\n") + "\n"


def _line_of(text: str, table: str, key: str) -> int:
    """The line where ``key`` is set in ``[table]`` (or at the top), 0 if it cannot be found."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1)
        elif current == table and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return 0


def _check(
    data: Mapping[str, Any], types: Mapping[str, tuple[type, str]], table: str, name: str, text: str
) -> list[Problem]:
    problems = []
    for key, value in data.items():
        where = f"{table}.{key}" if table else key
        line = _line_of(text, table, key)
        if key not in types:
            known = ", ".join(sorted(types))
            problems.append(
                Problem(name, line, 1 if line else 0, "config-key", f"unknown key {where!r}; known: {known}")
            )
            continue
        expected, meaning = types[key]
        wrong = not isinstance(value, expected) or (expected is int and isinstance(value, bool))
        if expected is list and not wrong:
            wrong = not all(isinstance(item, str) for item in value)
        if wrong:
            message = f"{where} must be {meaning}, not {type(value).__name__} {value!r}"
            problems.append(Problem(name, line, 1 if line else 0, "config-type", message))
    return problems


def _values(config: EditionConfig, name: str, text: str) -> list[Problem]:
    """Values of the right type that still make no sense."""
    problems = []

    def bad(key: str, message: str) -> None:
        table, _, bare = key.rpartition(".")
        line = _line_of(text, table, bare)
        problems.append(Problem(name, line, 1 if line else 0, "config-value", message))

    for fmt in config.formats:
        if fmt not in KNOWN_FORMATS:
            bad("formats", f'formats: {fmt!r} is not "html", "pdf" or "epub"')
    for register in config.site.registers:
        if register not in REGISTER_PAGES:
            bad("site.registers", f"site.registers: {register!r} is not one of {', '.join(REGISTER_PAGES)}")
    if config.base_url and not (is_web(config.base_url) and browser_form(config.base_url) == config.base_url):
        bad("base_url", f"base_url {config.base_url!r} must start with http:// or https://")
    if not config.languages:
        bad("languages", "languages must name at least one language")
    for language in config.languages:
        if language not in LANGUAGES:
            bad("languages", f"languages: {language!r} is not one of {', '.join(LANGUAGES)} (the interfaces shipped)")
    return problems


def read_config(path: Path) -> EditionConfig:
    """The project file at ``path``; ``EditionError`` naming file, line and key if it is wrong."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise EditionError([Problem(name, 0, 0, "config-unreadable", error.strerror or str(error))]) from error
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, column = (int(match[1]), int(match[2])) if match else (0, 0)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise EditionError([Problem(name, line, column, "config-syntax", message)]) from error
    problems = _check(data, _TYPES, "", name, text)
    site = data.get("site", {})
    if isinstance(site, dict):
        problems += _check(site, _SITE_TYPES, "site", name, text)
    if problems:
        raise EditionError(problems, f"{path} cannot be used; nothing was written")
    values: dict[str, Any] = {}
    for item in fields(EditionConfig):
        if item.name in data and item.name != "site":
            value = data[item.name]
            values[item.name] = tuple(value) if isinstance(value, list) else value
    site_values: dict[str, Any] = {key: tuple(v) if isinstance(v, list) else v for key, v in site.items()}
    config = EditionConfig(**values, site=SiteConfig(**site_values), path=path.resolve())
    problems = _values(config, name, text)
    if problems:
        raise EditionError(problems, f"{path} cannot be used; nothing was written")
    return config


def find_config(explicit: Path | None = None, folder: Path | None = None) -> EditionConfig:
    """``explicit`` (``--config FILE``), else ``edition.toml`` in ``folder`` (the current
    folder), else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise EditionError([Problem(str(explicit), 0, 0, "config-missing", "no such project file")])
        return read_config(explicit)
    candidate = (folder or Path.cwd()) / CONFIG_NAME
    return read_config(candidate) if candidate.is_file() else EditionConfig()


def overridden(config: EditionConfig, **values: Any) -> EditionConfig:
    """The configuration with the command line's options (those given, not None) on top."""
    given = {key: value for key, value in values.items() if value is not None}
    return replace(config, **given)
