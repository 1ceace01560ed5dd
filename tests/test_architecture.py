"""The shape of the package: no import circle, no import from a lower stage up to a higher one,
a docstring on every module, no test-only code inside it, and a test module for every module."""

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
