"""Orders, order lines and their states."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.customer import Address
from chalicelib.domain.invoice import Invoice
from chalicelib.domain.money import Money


@dataclass(frozen=True)
class OrderHeader:
    """One row of a customer's order history (S3)."""

    order_number: int  # pixi OrderNr
    external_order_number: str  # OrderNrExternal (shop order number)
    customer_key: int | None
    shop_id: str
    order_date: datetime | None
    ship_date: datetime | None
    status: str  # OPEN / CLOSED / HOLD
    total: Decimal
    currency: str
    payment_code: str
    payment_text: str = ""  # as pixi names the payment type, if it says
    order_type: str = ""  # B2C / B2B
    customer_number: str = ""  # CustomerNrExternal of the order's customer


@dataclass(frozen=True)
class OrderLine:
    line_key: int | None
    item_number: str  # ItemNrInt, the shop item number
    ean: str
    name: str
    quantity: int
    unit_price: Decimal  # after discount
    full_price: Decimal  # before discount
    discount_value: Decimal
    discount_percent: Decimal
    status: str  # HAL ANG EIN AUS RET MIN STO NLB
    currency: str

    @property
    def line_total(self) -> Money:
        """Quantity times the unit price, rounded once (the unit price may have more decimals)."""
        return Money(self.unit_price * self.quantity, self.currency)


@dataclass(frozen=True)
class Order:
    """One order with lines and invoices (S4)."""

    header: OrderHeader
    billing_address: Address | None
    shipping_address: Address | None
    shipping_vendor: str
    shipping_cost: Decimal
    shop_note: str
    lines: tuple[OrderLine, ...] = field(default_factory=tuple)
    invoices: tuple[Invoice, ...] = field(default_factory=tuple)
    ship_locked: bool = False  # order-level shipping lock (HOLD)


@dataclass(frozen=True)
class OrderPage:
    """One page of a customer's order history, newest first.

    ``next_before`` is the order number to ask the next page with (orders below it), or None
    when this page is the last one.
    """

    orders: tuple[OrderHeader, ...]
    next_before: int | None


def order_page(orders: Sequence[OrderHeader], has_more: bool) -> OrderPage:
    """A page from pixi's answer: newest first by order number, the next-page marker from the last."""
    newest_first = tuple(sorted(orders, key=lambda o: o.order_number, reverse=True))
    return OrderPage(newest_first, newest_first[-1].order_number if has_more and newest_first else None)
