"""The build, top to bottom: load, validate, render, then one atomic write of the output folder.

Nothing is written until every document has loaded and validated; a single problem anywhere
means no output at all and the previous build stays as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, raise_if_any
from .load import Document, display_name, load
from .output import publish
from .text import render_text
from .validate import ValidationCache, validate_all

log = logging.getLogger("edition")


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the closing summary line."""

    documents: int
    files: int
    out: Path
    seconds: float

    def summary(self) -> str:
        plural = "s" if self.documents != 1 else ""
        where = display_name(self.out)
        return f"built {self.documents} document{plural} ({self.files} files) into {where} in {self.seconds:.1f} s"


def load_valid(sources: Sequence[Path], *, use_cache: bool = True) -> list[Document]:
    """Load and validate every document; raise ``EditionError`` with all problems if any."""
    documents, problems = load(sources)
    problems.extend(validate_all(documents, ValidationCache.default(use_cache)))
    raise_if_any(problems)
    return documents


def _duplicate_names(documents: Sequence[Document]) -> list[Problem]:
    seen: dict[str, Document] = {}
    problems = []
    for doc in documents:
        if doc.stem in seen:
            problems.append(
                Problem(
                    doc.name,
                    0,
                    0,
                    "duplicate-name",
                    f"has the same file name as {seen[doc.stem].name}; output would collide",
                )
            )
        seen.setdefault(doc.stem, doc)
    return problems


def document_files(doc: Document) -> dict[str, bytes]:
    """The files one document contributes to the edition, by path inside the output folder."""
    return {
        f"{doc.stem}.xml": doc.source,
        f"{doc.stem}.txt": render_text(doc).encode("utf-8"),
    }


def build(sources: Sequence[Path], out: Path, *, use_cache: bool = True) -> BuildResult:
    """Build the edition of ``sources`` into ``out``."""
    started = time.perf_counter()
    documents = load_valid(sources, use_cache=use_cache)
    raise_if_any(_duplicate_names(documents))
    files: dict[str, bytes] = {}
    for doc in documents:
        log.info("rendering %s", doc.name)
        files.update(document_files(doc))
    written = publish(files, out)
    return BuildResult(len(documents), len(files), written, time.perf_counter() - started)
