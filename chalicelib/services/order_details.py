"""S4: one order with its lines and, beside them, its invoices and whether they are paid.

pixiGetOrder (header, addresses, lines, nested invoices), pixiGetInvoice by order (the invoice
list with paid amounts) and the payment types (the payment method's name) run at the same time.
The customer who ordered (locked or not, for the header bar) is read beside them when the page
names the customer it came from (``customer_key_hint``); otherwise, or when the hint was not the
order's customer, right after the order.

Only the order itself is essential. The rest degrades: when pixiGetInvoice fails, the invoices the
order names itself are shown; when the customer or the payment types cannot be read, the order is
shown without them. Each such gap is named in ``unavailable`` (the page says so) and logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Generic, TypeVar

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.customer import Customer
from chalicelib.domain.invoice import Invoice, merge_invoices
from chalicelib.domain.order import Order
from chalicelib.domain.reference import PaymentType, payment_text
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import AppError, NotFoundError
from chalicelib.log import logger
from chalicelib.services.pixi_cache import TenantPixi, tenant_pixi

T = TypeVar("T")


class Gap(StrEnum):
    """A part of the order details pixi could not give this time."""

    INVOICES = "invoices"  # pixiGetInvoice failed: only the invoices the order names are shown
    CUSTOMER = "customer"  # the customer (lock state) could not be read
    PAYMENT_TYPES = "payment_types"  # the payment method is shown as pixi's code or text


@dataclass(frozen=True)
class OrderDetails:
    order: Order
    payment_text: str
    customer: Customer | None = None
    unavailable: tuple[Gap, ...] = ()


@dataclass(frozen=True)
class _Attempt(Generic[T]):
    value: T | None
    error: AppError | None = None


def _attempt(load: Callable[[], T]) -> Callable[[], _Attempt[T]]:
    """``load`` whose failure is kept (and logged) instead of failing the whole screen."""

    def run() -> _Attempt[T]:
        try:
            return _Attempt(load())
        except AppError as exc:
            return _Attempt(None, exc)

    return run


def _customer(pixi: TenantPixi, customer_key: int | None) -> _Attempt[Customer]:
    if customer_key is None:
        return _Attempt(None)
    return _attempt(lambda: pixi.customer_profile(customer_key))()


def order_details(
    connection: ConnectionRef,
    order_number: int,
    *,
    customer_key_hint: int | None = None,
    refresh: bool = False,
) -> OrderDetails:
    """The order in the connection's pixi; ``NotFoundError`` if pixi has no such order."""
    pixi = tenant_pixi(connection, refresh=refresh)
    order, invoices, payment_types, customer = run_concurrently(
        lambda: pixi.order(order_number),
        _attempt(lambda: pixi.order_invoices(order_number)),
        _attempt(pixi.payment_types),
        lambda: _customer(pixi, customer_key_hint),
    )
    header = order.header
    if customer.value is None or customer.value.customer_key != header.customer_key:
        customer = _customer(pixi, header.customer_key)
    gaps = _gaps(order_number, invoices, payment_types, customer)
    found: tuple[Invoice, ...] = invoices.value or ()
    known_types: tuple[PaymentType, ...] = payment_types.value or ()
    return OrderDetails(
        order=replace(order, invoices=merge_invoices(found, order.invoices)),
        payment_text=payment_text(header.payment_code, known_types, header.payment_text),
        customer=customer.value,
        unavailable=gaps,
    )


def _gaps(
    order_number: int,
    invoices: _Attempt[tuple[Invoice, ...]],
    payment_types: _Attempt[tuple[PaymentType, ...]],
    customer: _Attempt[Customer],
) -> tuple[Gap, ...]:
    gaps: list[Gap] = []
    parts = ((Gap.INVOICES, invoices), (Gap.PAYMENT_TYPES, payment_types), (Gap.CUSTOMER, customer))
    for gap, attempt in parts:
        error = attempt.error
        if error is None:
            continue
        logger.info("order details without a part", extra={"order_number": order_number, "part": gap.value,
                                                            "code": error.code})
        if not (gap is Gap.CUSTOMER and isinstance(error, NotFoundError)):
            gaps.append(gap)
    return tuple(gaps)
