"""Dates: the build's date never comes from the clock, ISO values as parts, written dates."""

from __future__ import annotations

import datetime

import pytest

from edition import dates
from edition.i18n import format_date
from edition.tei.header import Metadata


def test_the_build_date_is_the_epoch_else_the_last_revision_else_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    meta = Metadata(date="2020-01-02", last_revision="2026-11-25")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert dates.build_date(meta) == "2026-11-25"
    assert dates.build_date(Metadata(date="2020-01-02")) == "2020-01-02"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert dates.build_date(meta) == "1970-01-02"
    assert dates.moment(meta) == 86400


def test_iso_parts_year_and_midnight() -> None:
    assert dates.iso_parts("1956-03-09") == [1956, 3, 9]
    assert dates.iso_parts("1956-03") == [1956, 3]
    assert dates.iso_parts("9 March 1956") == []
    assert dates.full_iso_parts("1956-03-09T10:00") == []
    assert dates.year("2026-11-25T10:00:00Z") == "2026" and dates.year("") == ""
    assert dates.midnight_utc("1956-02-30") == datetime.datetime(1956, 1, 1, tzinfo=datetime.UTC)
    assert dates.midnight_utc("") == datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def test_written_dates() -> None:
    # As a release's changes page writes its date: English, whatever the interface.
    assert format_date("1956-03-09", "en") == "9 March 1956"
    assert format_date("1956-03", "en") == "March 1956"
    assert format_date("1956", "en") == "1956"
    assert format_date("about then", "en") == "about then"


def test_a_collections_build_date_is_the_latest_of_its_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    metas = [
        Metadata(date="1956-02-25"),
        Metadata(date="1950", last_revision="1988-06-01"),
        Metadata(date="1970-01-01", last_revision=""),
    ]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert dates.latest_build_date(metas) == max(dates.build_date(m) for m in metas) == "1988-06-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert dates.latest_build_date(metas) == max(dates.build_date(m) for m in metas) == "2023-11-14"
