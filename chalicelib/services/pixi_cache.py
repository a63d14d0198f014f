"""The one path of every pixi read: a short-lived cache per tenant connection, in process memory.

An agent who goes back and forth between a customer, the orders and an order does not call pixi
again within a minute; items and stock live half a minute (a cart shows what is available now),
reference data (shops, payment types, countries, currencies) ten minutes. Every key starts with
the tenant id and the connection id, so tenants (and a tenant's connections) never share an
entry. The cache is bounded (least recently used entries go first), thread-safe, and never keeps
an error: a failed load raises and stores nothing. ``refresh=True`` skips the cached value and
stores the fresh one (the agent's "Aktualisieren").

Every load that goes to pixi passes the guard (``services.pixi_guard``): the tenant's bulkhead and
the connection's circuit breaker. A cached value is served even while the breaker is open.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from chalicelib.cache import TtlCache
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services.pixi_connection import open_connection
from chalicelib.services.pixi_guard import PixiGuard, pixi_guard
from chalicelib.services.wiring import adapters

if TYPE_CHECKING:
    from chalicelib.adapters.pixi import CustomerCriteria, PixiClient
    from chalicelib.domain.customer import Address, Customer, CustomerSummary
    from chalicelib.domain.invoice import Invoice
    from chalicelib.domain.item import Item, Stock
    from chalicelib.domain.order import Order, OrderLine, OrderPage
    from chalicelib.domain.reference import Country, Currency, PaymentType, Shop

T = TypeVar("T")

DATA_TTL_SECONDS = 60.0
"""Customers, orders, invoices: what an agent sees may be a minute old (refresh fetches it now)."""
ITEM_TTL_SECONDS = 30.0
"""Items found by a search or read one by one: prices and availability change during the day."""
STOCK_TTL_SECONDS = 30.0
"""Stock: an agent filling a cart sees what is available about now."""
REFERENCE_TTL_SECONDS = 600.0
"""Shops, payment types, countries and currencies change rarely."""


_cache = TtlCache()


def pixi_cache() -> TtlCache:
    """The process's one cache of pixi reads."""
    return _cache


@dataclass(frozen=True)
class TenantPixi:
    """The pixi reads of one tenant connection, through the cache."""

    connection: ConnectionRef
    client: PixiClient
    refresh: bool = False
    cache: TtlCache = _cache
    guard: PixiGuard = field(default_factory=pixi_guard)

    def _guarded(self, load: Callable[[], T]) -> T:
        return self.guard.call(self.connection, load)

    def _cached(self, ttl: float, load: Callable[[], T], kind: str, *args: Hashable) -> T:
        key = (self.connection.tenant_id, self.connection.connection_id, kind, *args)
        return self.cache.get_or_load(key, ttl, lambda: self._guarded(load), refresh=self.refresh)

    # --- customers and orders (short lifetime) ---

    def customer(self, customer_key: int) -> Customer:
        """The customer with its addresses: the profile, then its addresses (read at the same time)."""
        from dataclasses import replace

        profile = self.customer_profile(customer_key)
        return replace(profile, addresses=self.addresses(profile.address_keys))

    def customer_profile(self, customer_key: int) -> Customer:
        """The customer without addresses (one pixi call): lock state, type, payment method."""
        return self._cached(DATA_TTL_SECONDS,
                            lambda: self.client.get_customer(customer_key, addresses=False),
                            "customer", customer_key)

    def addresses(self, address_keys: tuple[int, ...]) -> tuple[Address, ...]:
        """Addresses by key (at the same time); a key pixi no longer knows is left out."""
        if not address_keys:
            return ()
        return self._cached(DATA_TTL_SECONDS, lambda: tuple(self.client.get_addresses(address_keys)),
                            "addresses", address_keys)

    def order_page(self, customer_key: int, limit: int, before: int | None) -> OrderPage:
        from chalicelib.domain.order import order_page

        def load() -> OrderPage:
            orders, has_more = self.client.list_orders(customer_key, limit, before)
            return order_page(orders, has_more)

        return self._cached(DATA_TTL_SECONDS, load, "orders", customer_key, limit, before)

    def order(self, order_number: int) -> Order:
        return self._cached(DATA_TTL_SECONDS, lambda: self.client.get_order(order_number),
                            "order", order_number)

    def order_lines(self, order_number: int) -> tuple[OrderLine, ...]:
        return self._cached(DATA_TTL_SECONDS, lambda: tuple(self.client.list_order_lines(order_number)),
                            "order_lines", order_number)

    def order_invoices(self, order_number: int) -> tuple[Invoice, ...]:
        return self._cached(
            DATA_TTL_SECONDS, lambda: tuple(self.client.list_invoices(order_number=order_number)),
            "order_invoices", order_number,
        )

    def search_customers(self, criteria: CustomerCriteria, limit: int) -> tuple[list[CustomerSummary], bool]:
        """Not cached: a search shows customers created a moment ago."""
        return self._guarded(lambda: self.client.search_customers(criteria, limit))

    # --- items and stock (shorter lifetime) ---

    def search_items(self, text: str, limit: int) -> tuple[Item, ...]:
        query = text.strip()
        return self._cached(ITEM_TTL_SECONDS, lambda: tuple(self.client.search_items(query, limit)),
                            "item_search", query, limit)

    def item(
        self, *, item_key: int | None = None, item_number: str | None = None, ean: str | None = None
    ) -> Item:
        """One item by exactly one of key, shop item number or EAN (``NotFoundError`` if none)."""
        return self._cached(
            ITEM_TTL_SECONDS,
            lambda: self.client.get_item(item_key=item_key, item_number=item_number, ean=ean),
            "item", item_key, item_number, ean,
        )

    def stock(self, item_keys: list[int]) -> dict[int, Stock]:
        """Stock of several items (one pixi call per distinct set of keys); unknown items are absent."""
        keys = tuple(sorted({int(k) for k in item_keys}))
        found = self._cached(STOCK_TTL_SECONDS, lambda: tuple(self.client.get_stock(list(keys)).items()),
                             "stock", keys)
        return dict(found)

    # --- reference data (long lifetime) ---

    def payment_types(self) -> tuple[PaymentType, ...]:
        return self._cached(REFERENCE_TTL_SECONDS, lambda: tuple(self.client.list_payment_types()),
                            "payment_types")

    def shops(self) -> tuple[Shop, ...]:
        return self._cached(REFERENCE_TTL_SECONDS, lambda: tuple(self.client.list_shops()), "shops")

    def countries(self) -> tuple[Country, ...]:
        return self._cached(REFERENCE_TTL_SECONDS, lambda: tuple(self.client.list_countries()), "countries")

    def currencies(self) -> tuple[Currency, ...]:
        return self._cached(REFERENCE_TTL_SECONDS, lambda: tuple(self.client.list_currencies()),
                            "currencies")


def tenant_pixi(connection: ConnectionRef, *, refresh: bool = False) -> TenantPixi:
    """The reads of one tenant connection: its client and its part of the cache."""
    client: PixiClient = adapters().pixi_client_for(open_connection(connection))
    return TenantPixi(connection=connection, client=client, refresh=refresh)
