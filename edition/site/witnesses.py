"""Witnesses and variants (stub)."""

from __future__ import annotations

from dataclasses import dataclass

from edition.site.pages import DataLink, ExtraPage, SiteOptions
from edition.tei.load import Document
from edition.tei.transform import Fragments


@dataclass(frozen=True)
class WitnessViews:
    pages: tuple[ExtraPage, ...] = ()
    links: tuple[DataLink, ...] = ()


def witness_views(doc: Document, fragments: Fragments, options: SiteOptions) -> WitnessViews:
    return WitnessViews()
