"""A short-lived, per-tenant cache of pixi reads, in the memory of the process.

An agent who goes back and forth between a customer, the orders and an order does not call pixi
again within a minute; reference data (shops, payment types) lives ten minutes. Every key starts
with the tenant id and the connection, so tenants (and a tenant's connections) never share an
entry. The cache is bounded (least recently used entries go first), thread-safe, and never keeps
an error: a failed load raises and stores nothing. ``refresh=True`` skips the cached value and
stores the fresh one (the agent's "Aktualisieren").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from chalicelib.cache import TtlCache
from chalicelib.services.pixi_connection import default_connection
from chalicelib.services.wiring import adapters

if TYPE_CHECKING:
    from chalicelib.adapters.pixi import CustomerCriteria, PixiClient, PixiConnection
    from chalicelib.domain.customer import Customer, CustomerSummary
    from chalicelib.domain.invoice import Invoice
    from chalicelib.domain.order import Order, OrderPage
    from chalicelib.domain.reference import PaymentType, Shop

T = TypeVar("T")

DATA_TTL_SECONDS = 60.0
"""Customers, orders, invoices: what an agent sees may be a minute old (refresh fetches it now)."""
REFERENCE_TTL_SECONDS = 600.0
"""Shops and payment types change rarely."""


_cache = TtlCache()


def pixi_cache() -> TtlCache:
    """The process's one cache of pixi reads."""
    return _cache


def connection_ref(connection: PixiConnection) -> str:
    """What names a connection in cache keys: its stored id, else a digest of endpoint and user."""
    if connection.connection_id:
        return connection.connection_id
    identity = f"{connection.endpoint.strip()}|{connection.username}".encode()
    return "c" + hashlib.sha256(identity).hexdigest()[:16]


@dataclass(frozen=True)
class TenantPixi:
    """The pixi reads of one tenant's default connection, through the cache."""

    tenant_id: str
    connection: str  # connection_ref of the connection
    client: PixiClient
    refresh: bool = False
    cache: TtlCache = _cache

    def _cached(self, ttl: float, load: Callable[[], T], kind: str, *args: Hashable) -> T:
        return self.cache.get_or_load((self.tenant_id, self.connection, kind, *args), ttl, load,
                                      refresh=self.refresh)

    # --- customers and orders (short lifetime) ---

    def customer(self, customer_key: int) -> Customer:
        return self._cached(DATA_TTL_SECONDS, lambda: self.client.get_customer(customer_key),
                            "customer", customer_key)

    def order_page(self, customer_key: int, limit: int, before: int | None) -> OrderPage:
        from chalicelib.domain.order import order_page

        def load() -> OrderPage:
            orders, has_more = self.client.list_orders(customer_key, limit, before)
            return order_page(orders, has_more)

        return self._cached(DATA_TTL_SECONDS, load, "orders", customer_key, limit, before)

    def order(self, order_number: int) -> Order:
        return self._cached(DATA_TTL_SECONDS, lambda: self.client.get_order(order_number),
                            "order", order_number)

    def order_invoices(self, order_number: int) -> tuple[Invoice, ...]:
        return self._cached(
            DATA_TTL_SECONDS, lambda: tuple(self.client.list_invoices(order_number=order_number)),
            "order_invoices", order_number,
        )

    def search_customers(self, criteria: CustomerCriteria, limit: int) -> tuple[list[CustomerSummary], bool]:
        """Not cached: a search shows customers created a moment ago."""
        return self.client.search_customers(criteria, limit)

    # --- reference data (long lifetime) ---

    def payment_types(self) -> tuple[PaymentType, ...]:
        return self._cached(REFERENCE_TTL_SECONDS, lambda: tuple(self.client.list_payment_types()),
                            "payment_types")

    def shops(self) -> tuple[Shop, ...]:
        return self._cached(REFERENCE_TTL_SECONDS, lambda: tuple(self.client.list_shops()), "shops")


def tenant_pixi(tenant_id: str, *, refresh: bool = False) -> TenantPixi:
    """The tenant's default pixi connection with its client and its part of the cache."""
    connection = default_connection(tenant_id)
    client: PixiClient = adapters().pixi_client_for(connection)
    return TenantPixi(tenant_id=tenant_id, connection=connection_ref(connection), client=client,
                      refresh=refresh)
