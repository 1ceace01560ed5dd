"""Dates, in one place: the build's date, ISO 8601 values as parts, and the moments outputs claim.

Every output that carries a date takes it from here, so that two builds of the same sources are
byte-identical: ``SOURCE_DATE_EPOCH`` when it is set, else the header's last revision (or its
publication date), never the clock — except a release, which is an act in time.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from typing import Protocol

_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class Dated(Protocol):
    """What the build's date is read from: a header's last revision and publication date."""

    @property
    def last_revision(self) -> str: ...
    @property
    def date(self) -> str: ...


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as an int, if set: the time every reproducible output claims."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _epoch_date(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date().isoformat()


def build_date(meta: Dated) -> str:
    """ISO date of this build: SOURCE_DATE_EPOCH if set, else the header's last revision or date."""
    epoch = source_date_epoch()
    return _epoch_date(epoch) if epoch is not None else meta.last_revision or meta.date


def latest_build_date(metas: Iterable[Dated]) -> str:
    """The build date of a collection: the latest of its documents' (``build_date``), the
    environment asked once rather than once a document."""
    epoch = source_date_epoch()
    if epoch is not None:
        return _epoch_date(epoch)
    return max(meta.last_revision or meta.date for meta in metas)


def release_date() -> str:
    """The date of a release: SOURCE_DATE_EPOCH if set, else today (a release is an act in time)."""
    epoch = source_date_epoch()
    return _epoch_date(epoch) if epoch is not None else datetime.datetime.now(datetime.UTC).date().isoformat()


def iso_parts(date: str) -> list[int]:
    """Year, month and day of an ISO 8601 date, as far as it gives them (``1956-03`` -> [1956, 3]);
    [] for anything that does not begin as one."""
    found = _ISO.match(date.strip())
    return [int(part) for part in found.groups() if part] if found else []


# A date exactly as CSL, EPUB and the stylesheets take it: a year, a month or a day.
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def full_iso_parts(date: str) -> list[int]:
    """``iso_parts`` of a date that is exactly ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (CSL's
    date-parts), else []."""
    return iso_parts(date) if ISO_DATE.fullmatch(date.strip()) else []


def year(date: str) -> str:
    """The four-digit year an ISO 8601 date begins with (``2026-11-25`` -> ``2026``), or ""."""
    parts = iso_parts(date)
    return f"{parts[0]:04d}" if parts and parts[0] >= 0 else ""


def midnight_utc(date: str) -> datetime.datetime:
    """Midnight UTC of an ISO date (a year or a month is its first day; an impossible day is the
    first of its year; no date is 1970): never the clock."""
    parts = [part for part in iso_parts(date) if part > 0] or [1970]
    first_year, month, day = [*parts, 1, 1][:3]
    try:
        return datetime.datetime(first_year, month, day, tzinfo=datetime.UTC)
    except ValueError:
        return datetime.datetime(first_year, 1, 1, tzinfo=datetime.UTC)


def moment(meta: Dated) -> int:
    """The moment an output claims, in seconds since 1970 UTC: ``SOURCE_DATE_EPOCH``, else the
    build date at midnight UTC."""
    epoch = source_date_epoch()
    return epoch if epoch is not None else int(midnight_utc(build_date(meta)).timestamp())
