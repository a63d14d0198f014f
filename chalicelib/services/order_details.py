"""S4: one order with its lines and, beside them, its invoices and whether they are paid.

pixiGetOrder (header, addresses, lines, nested invoices), pixiGetInvoice by order (the invoice
list with paid amounts) and the payment types (the payment method's name) run at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chalicelib.domain.invoice import merge_invoices
from chalicelib.domain.order import Order
from chalicelib.domain.reference import payment_text
from chalicelib.services.concurrent import run_concurrently
from chalicelib.services.pixi_cache import tenant_pixi


@dataclass(frozen=True)
class OrderDetails:
    order: Order
    payment_text: str


def order_details(tenant_id: str, order_number: int, *, refresh: bool = False) -> OrderDetails:
    """The order of the tenant's pixi; ``NotFoundError`` if pixi has no such order."""
    pixi = tenant_pixi(tenant_id, refresh=refresh)
    order, invoices, payment_types = run_concurrently(
        lambda: pixi.order(order_number),
        lambda: pixi.order_invoices(order_number),
        pixi.payment_types,
    )
    order = replace(order, invoices=merge_invoices(invoices, order.invoices))
    header = order.header
    return OrderDetails(order=order, payment_text=payment_text(header.payment_code, payment_types,
                                                               header.payment_text))
