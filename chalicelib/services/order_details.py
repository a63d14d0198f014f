"""S4: one order with its lines and, beside them, its invoices and whether they are paid.

pixiGetOrder (header, addresses, lines, nested invoices), pixiGetInvoice by order (the invoice
list with paid amounts) and the payment types (the payment method's name) run at the same time.
The customer who ordered (locked or not, for the header bar) is read beside them when the page
names the customer it came from (``customer_key_hint``); otherwise, or when the hint was not the
order's customer, right after the order. The customer is secondary: when it cannot be read, the
order is still shown (``customer`` is None) and the reason is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.customer import Customer
from chalicelib.domain.invoice import merge_invoices
from chalicelib.domain.order import Order
from chalicelib.domain.reference import payment_text
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import AppError
from chalicelib.log import logger
from chalicelib.services.pixi_cache import TenantPixi, tenant_pixi


@dataclass(frozen=True)
class OrderDetails:
    order: Order
    payment_text: str
    customer: Customer | None = None


def _customer_or_none(pixi: TenantPixi, customer_key: int | None) -> Customer | None:
    if customer_key is None:
        return None
    try:
        return pixi.customer(customer_key)
    except AppError as exc:  # not found, pixi down, ...: the order is shown without the lock state
        logger.info("customer of the order not read", extra={"customer_key": customer_key, "code": exc.code})
        return None


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
        lambda: pixi.order_invoices(order_number),
        pixi.payment_types,
        lambda: _customer_or_none(pixi, customer_key_hint),
    )
    order = replace(order, invoices=merge_invoices(invoices, order.invoices))
    header = order.header
    if customer is None or customer.customer_key != header.customer_key:
        customer = _customer_or_none(pixi, header.customer_key)
    return OrderDetails(order=order, payment_text=payment_text(header.payment_code, payment_types,
                                                               header.payment_text), customer=customer)
