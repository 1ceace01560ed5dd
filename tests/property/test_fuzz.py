"""Random TEI documents: transform and pages never crash, lose text, or let markup in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from .tei_grammar import DOCUMENTS, check


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCUMENTS)
def test_random_documents_keep_every_property(data: bytes) -> None:
    check(data)
