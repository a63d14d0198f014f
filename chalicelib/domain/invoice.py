"""Invoices, whether the customer has paid them, and what is still open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.money import Money


class PaymentState(StrEnum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    UNPAID = "unpaid"


def payment_state(total: Decimal, paid_amount: Decimal, paid_flag: bool | None = None) -> PaymentState:
    """Paid / partly paid / unpaid from the amounts; pixi's Paid bit wins when it says paid.

    A PaidDate alone is not a paid flag (pixi fills it while PaidAmount is 0).
    """
    if paid_flag or total <= 0 or paid_amount >= total:
        return PaymentState.PAID
    if paid_amount > 0:
        return PaymentState.PARTLY_PAID
    return PaymentState.UNPAID


@dataclass(frozen=True)
class Invoice:
    invoice_key: int | None
    invoice_number: str
    order_number: int | None
    invoice_date: datetime | None
    due_date: datetime | None
    total: Decimal
    paid_amount: Decimal
    paid_date: datetime | None
    currency: str
    payment_code: str
    state: PaymentState
    tracking_id: str = ""  # the parcel's tracking number (ShipmentTrackingID)

    @property
    def open_amount(self) -> Money:
        """Total minus paid, never below zero; nothing is open once the invoice counts as paid."""
        nothing = Money.zero(self.currency)
        if self.state is PaymentState.PAID:
            return nothing
        return max(Money(self.total, self.currency) - Money(self.paid_amount, self.currency), nothing)


def merge_invoices(*sources: Iterable[Invoice]) -> tuple[Invoice, ...]:
    """One invoice per invoice number from several pixi answers (the first source wins), oldest first."""
    by_number: dict[str, Invoice] = {}
    for source in sources:
        for invoice in source:
            key = invoice.invoice_number or f"#{invoice.invoice_key}"
            by_number.setdefault(key, invoice)
    return tuple(
        sorted(by_number.values(), key=lambda i: (i.invoice_date or datetime.min, i.invoice_number))
    )
