"""Orders, order lines and their states."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.customer import Address
from chalicelib.domain.invoice import Invoice


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
