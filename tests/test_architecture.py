"""The shape of the package: no import circle, no import from a lower stage up to a higher one,
a docstring on every module, no test-only code inside it, and a test module for every module (``TESTS_OF``)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "edition"
# The stages in the order data flows through them: a module may import its own layer and those
# below it, never one above. (Within a layer, the graph must still be free of circles.)
LAYERS = [
    {
        "edition",
        "edition.errors",
        "edition.pickled",
        "edition.dates",
        "edition.resources",
        "edition.config",
        "edition.i18n",
        "edition.theme",
        "edition.urls",
    },
    {"edition.tei.header", "edition.tei.load"},
    {"edition.tei", "edition.tei.text", "edition.tei.transform", "edition.validate", "edition.diff"},
    {"edition.cite"},
    {"edition.site", "edition.pdf", "edition.epub"},
    {"edition.build"},
    {"edition.release", "edition.archive", "edition.serve", "edition.project"},
    {"edition.cli", "edition.__main__"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(name: str) -> int:
    """The layer of a module: that of the longest prefix named in LAYERS (the package itself
    names only its ``__init__``: a new module must be placed)."""
    best = (-1, -1)
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            below = name.startswith(prefix + ".") and prefix != "edition"
            if (name == prefix or below) and len(prefix) > best[0]:
                best = (len(prefix), index)
    assert best[1] >= 0, f"{name} has no layer in LAYERS: place it"
    return best[1]


def imports(path: Path, name: str) -> set[str]:
    """Every module of the package that ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


def graph() -> dict[str, set[str]]:
    return {name: imports(path, name) for name, path in modules().items()}


def test_no_module_imports_a_higher_stage() -> None:
    upward = [
        f"{name} (layer {layer_of(name)}) imports {target} (layer {layer_of(target)})"
        for name, targets in graph().items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_the_import_graph_has_no_circle() -> None:
    edges = graph()
    # A package's __init__ importing its own modules is how a package exposes them, not a circle.
    edges = {
        n: {t for t in ts if not (t.startswith(n + ".") and modules()[n].name == "__init__.py")}
        for n, ts in edges.items()
    }
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target] if target in path else [node, target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_the_walk_finds_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    # The checks above must be able to fail: on a made-up pair of modules they do.
    low = tmp_path / "low.py"
    low.write_text("from edition.build.pipeline import build\n", encoding="utf-8")
    assert "edition.build.pipeline" in imports(low, "edition.errors")
    assert layer_of("edition.build.pipeline") > layer_of("edition.errors")


def test_every_module_has_a_docstring() -> None:
    missing = [
        name for name, path in modules().items() if ast.get_docstring(ast.parse(path.read_text("utf-8"))) is None
    ]
    assert missing == []


def test_no_test_only_code_in_the_package() -> None:
    # Generators of test data and in-memory helpers for tests live under tests/.
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import pytest" not in text and "hypothesis" not in text, path
    assert not (PACKAGE / "diff" / "generate.py").exists()


# --- Tests mirror the package, module for module ---------------------------------------------
TESTS = PROJECT / "tests"
# Every module of the package with code of its own, and the test files (relative to tests/) that
# test it directly: each imports the module, or a name from it (a name a package's ``__init__``
# re-exports counts for the module it comes from). Exempt are ``__init__.py`` and ``__main__.py``
# files that hold no logic (``holds_no_logic``: docstring, imports, ``__all__``, an
# ``if __name__ == "__main__":`` call); ``edition.__main__`` only calls ``edition.cli.main``, and
# tests/test_install.py runs it as ``python -m edition``. An ``__init__`` with code of its own
# (``edition``: the version; ``edition.validate``: the layers put together) is listed like any module.
# Special case, ``edition.cli``: in a checkout the command line is ``build.py``, which re-exports the
# click group; a test that imports ``build`` or runs ``build.py`` in a subprocess drives the CLI as a
# user does, so it counts as testing ``edition.cli`` (``modules_tested_by``).
TESTS_OF: dict[str, tuple[str, ...]] = {
    "edition.epub.build": ("test_epub.py",),
    "edition.epub.content": ("test_epub_content.py",),
    "edition.epub.package": ("test_epub.py",),
    "edition": ("test_dates.py",),
    "edition.archive.package": (
        "test_archive.py",
        "test_verify_faults.py",
    ),
    "edition.build.beside": ("build/test_beside.py",),
    "edition.build.cache": ("test_scale.py",),
    "edition.build.document": (
        "build/test_beside.py",
        "build/test_plan.py",
        "test_parallel.py",
        "test_faults.py",
        "build/test_neighbours.py",
    ),
    "edition.build.neighbours": ("build/test_neighbours.py",),
    "edition.build.output": (
        "test_output.py",
        "test_faults.py",
    ),
    "edition.build.pipeline": (
        "test_output.py",
        "test_parallel.py",
        "test_scale.py",
        "test_faults.py",
    ),
    "edition.build.plan": ("test_views.py", "build/test_plan.py"),
    "edition.build.shards": ("test_scale.py",),
    "edition.build.sink": ("build/test_sink.py",),
    "edition.build.sources": ("build/test_sources.py",),
    "edition.build.survey": ("build/test_survey.py",),
    "edition.cite.csl": (
        "test_citations.py",
        "test_render_kinds.py",
    ),
    "edition.cite.datacite": ("test_archive.py",),
    "edition.cite.tags": ("test_render_kinds.py",),
    "edition.pickled": ("test_pickled.py",),
    "edition.cli": (
        "test_cli.py",
        "diff/test_cli.py",
        "test_project.py",
        "test_serve.py",
    ),
    "edition.config": (
        "test_config.py",
        "test_project.py",
    ),
    "edition.dates": ("test_dates.py",),
    "edition.diff.align": ("diff/test_align.py",),
    "edition.diff.apparatus": ("diff/test_apparatus.py",),
    "edition.diff.compare": (
        "diff/test_compare.py",
        "diff/test_accuracy.py",
    ),
    "edition.diff.encoding": ("diff/test_markup.py",),
    "edition.diff.model": ("diff/test_render.py",),
    "edition.diff.render": ("diff/test_render.py",),
    "edition.diff.sources": ("diff/test_sources.py",),
    "edition.diff.units": ("diff/test_units.py",),
    "edition.diff.words": ("diff/test_words.py",),
    "edition.errors": (
        "test_faults.py",
        "test_config.py",
    ),
    "edition.i18n": ("test_i18n.py",),
    "edition.pdf.render": (
        "test_hostile.py",
        "test_pdf.py",
    ),
    "edition.project": ("test_project.py",),
    "edition.release": (
        "test_release.py",
        "test_release_faults.py",
    ),
    "edition.resources": (
        "test_scale.py",
        "test_theme.py",
    ),
    "edition.serve": (
        "test_serve.py",
        "test_serve_faults.py",
    ),
    "edition.site.authorities": ("test_authorities.py",),
    "edition.site.cmif": ("test_cmif.py",),
    "edition.site.collection": ("test_collection.py",),
    "edition.site.dts": ("test_dts.py",),
    "edition.site.facsimile": ("test_views.py",),
    "edition.site.iiif": ("test_iiif.py",),
    "edition.site.links": (
        "test_checks.py",
        "test_urls.py",
    ),
    "edition.site.pages": (
        "test_pages.py",
        "test_registers.py",
        "test_i18n.py",
    ),
    "edition.site.registers": ("test_registers.py",),
    "edition.site.search": ("test_search.py",),
    "edition.site.summary": ("test_collection.py",),
    "edition.site.versions": ("test_release.py",),
    "edition.site.views": ("test_site_views.py",),
    "edition.site.witnesses": ("test_witnesses.py",),
    "edition.tei.entries": ("test_entries.py",),
    "edition.tei.header": (
        "test_header_robustness.py",
        "test_citations.py",
    ),
    "edition.tei.load": (
        "test_load.py",
        "test_encoding.py",
        "test_hostile.py",
    ),
    "edition.tei.text": ("test_text.py",),
    "edition.tei.transform": (
        "test_transform.py",
        "test_golden.py",
        "test_render_kinds.py",
    ),
    "edition.theme": ("test_theme.py",),
    "edition.urls": ("test_urls.py",),
    "edition.validate": (
        "test_validate.py",
        "validate/test_prune.py",
    ),
    "edition.validate.cache": ("test_validate.py",),
    "edition.validate.core": ("validate/test_core.py",),
    "edition.validate.locations": ("validate/test_locations.py",),
    "edition.validate.prune": ("validate/test_prune.py",),
    "edition.validate.rules": ("test_validate.py",),
    "edition.validate.schema": (
        "test_install.py",
        "test_render_kinds.py",
    ),
}


def holds_no_logic(path: Path) -> bool:
    """An ``__init__.py`` or ``__main__.py`` of nothing but its docstring, imports, ``__all__`` and
    an ``if __name__ == "__main__":`` call of a function imported from elsewhere."""
    if path.name not in ("__init__.py", "__main__.py"):
        return False
    for index, node in enumerate(ast.parse(path.read_text(encoding="utf-8")).body):
        docstring = index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        exports = isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["__all__"]
        main = isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'"
        main = main and all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) for s in node.body)
        if not (docstring or exports or main or isinstance(node, ast.Import | ast.ImportFrom)):
            return False
    return True


def reexports() -> dict[str, str]:
    """``package.name`` -> the module a package's ``__init__`` imports ``name`` from."""
    known = modules()
    found: dict[str, str] = {}
    for name, path in known.items():
        if path.name != "__init__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ImportFrom):
                continue
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                if base in known and base != name:
                    found[f"{name}.{alias.asname or alias.name}"] = base
    return found


def modules_tested_by(path: Path) -> set[str]:
    """The modules of the package a test file imports, or imports a name from (through a
    package's re-export too). ``build`` (the checkout's ``build.py``, which re-exports the click
    group of ``edition.cli``) imported, or ``build.py`` run in a subprocess, counts as
    ``edition.cli``: that is how a test drives the command line a user types."""
    known, via = modules(), reexports()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            if target == "build" or target.startswith("build."):
                found.add("edition.cli")
            elif target in known:
                found.add(target)
            elif target in via:
                found.add(via[target])
    runs = any(isinstance(n, ast.Constant) and n.value == "build.py" for n in ast.walk(tree))
    if runs and "subprocess" in {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}:
        found.add("edition.cli")
    return found


def test_every_module_has_a_test_that_imports_it() -> None:
    needed = {name for name, path in modules().items() if not holds_no_logic(path)}
    assert sorted(needed - TESTS_OF.keys()) == [], "add these modules and their tests to TESTS_OF"
    assert sorted(TESTS_OF.keys() - modules().keys()) == [], "TESTS_OF names modules that do not exist"
    wrong = []
    for name, files in TESTS_OF.items():
        assert files, f"{name} has no test file"
        for file in files:
            path = TESTS / file
            assert path.is_file(), f"TESTS_OF[{name!r}] names {file}, which does not exist"
            if name not in modules_tested_by(path):
                wrong.append(f"{file} does not import {name}")
    assert wrong == []


def test_the_mirror_check_can_fail(tmp_path: Path) -> None:
    # A test file that imports nothing of the package tests nothing of it; one that imports a name
    # the package re-exports tests the module it comes from; build.py stands for the CLI.
    empty = tmp_path / "test_nothing.py"
    empty.write_text("import json\n", encoding="utf-8")
    assert modules_tested_by(empty) == set()
    named = tmp_path / "test_named.py"
    named.write_text("from edition.diff import diff_trees\nimport build as cli_module\n", encoding="utf-8")
    assert modules_tested_by(named) == {"edition.diff", "edition.diff.compare", "edition.cli"}
    run = tmp_path / "test_run.py"
    run.write_text('import subprocess\nsubprocess.run(["python", "build.py"])\n', encoding="utf-8")
    assert modules_tested_by(run) == {"edition.cli"}
    assert holds_no_logic(PACKAGE / "__main__.py") and holds_no_logic(PACKAGE / "diff" / "__init__.py")
    assert not holds_no_logic(PACKAGE / "__init__.py") and not holds_no_logic(PACKAGE / "validate" / "__init__.py")
