"""S3: a customer's order history, newest first by order number, one page at a time."""

from __future__ import annotations

from chalicelib.domain.order import OrderPage
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services.pixi_cache import TenantPixi, tenant_pixi

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def order_history_page(
    pixi: TenantPixi, customer_key: int, limit: int = DEFAULT_PAGE_SIZE, before: int | None = None
) -> OrderPage:
    """One page of orders below ``before`` (None: the newest). An empty page of a customer pixi does
    not know is a ``NotFoundError``, so an unknown customer never looks like one without orders."""
    page = pixi.order_page(customer_key, limit, before)
    if not page.orders:
        pixi.customer_profile(customer_key)  # raises NotFoundError for an unknown customer
    return page


def customer_orders(
    connection: ConnectionRef,
    customer_key: int,
    *,
    limit: int = DEFAULT_PAGE_SIZE,
    before: int | None = None,
    refresh: bool = False,
) -> OrderPage:
    return order_history_page(tenant_pixi(connection, refresh=refresh), customer_key, limit, before)
