"""A placed order's status from pixi's import log, and pixi's statuses in words."""

from __future__ import annotations

import pytest

from chalicelib.domain.order_import import ImportStatus
from chalicelib.domain.placed_order import (
    IMPORT_STATUS_REASONS,
    PlacedOrderStatus,
    reason_for,
    status_after,
)
from chalicelib.jobs import JOB_KINDS, handler_for

SENDING, SENT = PlacedOrderStatus.SENDING, PlacedOrderStatus.SENT


def found(status: str, error: str = "", order_number: int | None = None) -> ImportStatus:
    return ImportStatus(7, "TB-1", status, error, order_number, None, None)


@pytest.mark.parametrize(("status", "expected"), [
    ("XIM", PlacedOrderStatus.IMPORTED), ("OK", PlacedOrderStatus.IMPORTED),
    ("XPA", PlacedOrderStatus.PARSED), ("XPR", PlacedOrderStatus.PARSED),
    ("NEI", PlacedOrderStatus.FAILED), ("XER", PlacedOrderStatus.FAILED), ("Err", PlacedOrderStatus.FAILED),
])
def test_status_after_an_import_log_entry(status: str, expected: PlacedOrderStatus) -> None:
    assert status_after(found(status), SENT)[0] is expected


def test_no_import_log_entry_keeps_the_status() -> None:
    assert status_after(None, SENDING) == (SENDING, "")
    assert status_after(None, SENT) == (SENT, "")


def test_a_failure_has_a_reason_in_words_with_pixis_message() -> None:
    status, reason = status_after(found("NEI", "Artikel 'X-1' existiert nicht (SUPPLIER_AID)."), SENT)
    assert status is PlacedOrderStatus.FAILED
    assert reason.startswith("Ein Artikel der Bestellung ist in pixi unbekannt.")
    assert reason.endswith("(pixi: Artikel 'X-1' existiert nicht (SUPPLIER_AID).)")
    assert reason_for(found("ZZZ")) == "pixi meldet den Importstatus ZZZ."


def test_every_failing_import_status_has_a_german_reason() -> None:
    from chalicelib.domain.order_import import FAILED

    assert set(FAILED) <= set(IMPORT_STATUS_REASONS)


def test_only_imported_and_failed_are_settled() -> None:
    settled = {s for s in PlacedOrderStatus if s.settled}
    assert settled == {PlacedOrderStatus.IMPORTED, PlacedOrderStatus.FAILED}


def test_the_status_check_job_is_registered() -> None:
    from chalicelib.services.placed_orders import CHECK_JOB, check_placed_order

    assert CHECK_JOB in JOB_KINDS
    assert handler_for(CHECK_JOB) is check_placed_order
