"""Product search for the order form (O2): typeahead over name, shop item number and EAN.

One settled query is one ``search_items`` read through the tenant's pixi cache (which asks pixi by
name, item number and EAN at once); prices and stock come from the same answer, so a query costs
no further pixi call, and the same query within the cache's lifetime costs none. Variations are
listed under their master when both were found. Prices are pixi's gross selling prices, shown net
for business customers (``unit_price_in``); pixi has no price per currency on its API, so the
selling price counts in the cart's currency (promo prices are per currency).
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.cart import PriceBasis, price_basis_for, unit_price_in
from chalicelib.domain.customer import CustomerType
from chalicelib.domain.item import Item
from chalicelib.domain.money import Money
from chalicelib.domain.order_config import OrderConfig, StockDisplay
from chalicelib.domain.stock import StockLevel, stock_indicator
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import ValidationError
from chalicelib.services.order_config import config_for_ordering
from chalicelib.services.pixi_cache import tenant_pixi
from chalicelib.services.promo_prices import promo_price_for

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
SEARCH_LIMIT = 30
QUERY_MESSAGE = f"Bitte mindestens {MIN_QUERY_LENGTH} Zeichen eingeben (* als Platzhalter)."


@dataclass(frozen=True)
class ShownStock:
    available: int | None  # None: the configuration shows only the indicator
    level: StockLevel


@dataclass(frozen=True)
class ProductHit:
    item: Item
    price: Money  # in the price basis
    promo_price: Money | None  # in the price basis
    price_basis: PriceBasis
    stock: ShownStock
    variations: tuple[ProductHit, ...] = ()


def shown_stock(config: OrderConfig, available: int) -> ShownStock:
    """Stock as the configuration shows it: the number (never below 0) or only the indicator."""
    level = stock_indicator(available, config.few_stock_threshold)
    number = max(available, 0) if config.stock_display is StockDisplay.NUMBER else None
    return ShownStock(number, level)


def search_query(text: str) -> str:
    """The typed query, trimmed; 400 on ``q`` when fewer than two characters besides ``*``."""
    query = " ".join(text.split())
    if len(query.replace("*", "").strip()) < MIN_QUERY_LENGTH or len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(QUERY_MESSAGE, fields={"q": QUERY_MESSAGE})
    return query


def search_products(
    connection: ConnectionRef, text: str, *, currency: str | None, customer_type: CustomerType
) -> tuple[str, list[ProductHit]]:
    """(the query as searched, the hits): enabled items, variations under their master."""
    query = search_query(text)
    config = config_for_ordering(connection)
    currency = (currency or config.default_currency or "").upper()
    basis = price_basis_for(customer_type)
    items = [i for i in tenant_pixi(connection).search_items(query, SEARCH_LIMIT) if i.enabled]

    def hit(item: Item, variations: tuple[ProductHit, ...] = ()) -> ProductHit:
        gross = Money(item.price, currency)
        promo = promo_price_for(connection, item, currency)
        return ProductHit(
            item=item,
            price=unit_price_in(gross, item.vat_percent, basis),
            promo_price=unit_price_in(promo, item.vat_percent, basis) if promo is not None else None,
            price_basis=basis,
            stock=shown_stock(config, item.available_stock),
            variations=variations,
        )

    masters = {i.item_key for i in items if i.is_variation_master}
    under: dict[int, list[Item]] = {}
    for item in items:
        master = item.master_item_key
        if master is not None and master in masters:
            under.setdefault(master, []).append(item)
    hits = [
        hit(item, tuple(hit(v) for v in under.get(item.item_key, ())))
        for item in items
        if item.master_item_key not in masters
    ]
    return query, hits
