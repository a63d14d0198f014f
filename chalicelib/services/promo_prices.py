"""The promo price of a product in the cart (P1): the imported price of the active generation, looked
up by the product's EAN or shop item number (whichever the import's file uses), per currency.

Fast: the booked features and the active pointer are cached briefly, each price is one GetItem
(cached too; ``chalicelib.services.promo_imports.active_promo_price``).
"""

from __future__ import annotations

from typing import Protocol

from chalicelib.domain.money import Money
from chalicelib.domain.promo_price_csv import IdType
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.services.package import booked_features
from chalicelib.services.promo_imports import active_price_set, active_promo_price


class Product(Protocol):
    """What identifies a product for a promo price (``Item`` and ``CartLine`` both are one)."""

    @property
    def item_key(self) -> int: ...

    @property
    def item_number(self) -> str: ...  # the pixi shop item number (ItemNrInt)

    @property
    def ean(self) -> str: ...


def promo_price_for(connection: ConnectionRef, product: Product, currency: str) -> Money | None:
    """The active gross promo price of ``product`` in ``currency`` on this connection, or None."""
    if Feature.PRODUCT_IMPORT not in booked_features(connection.tenant_id):
        return None
    active = active_price_set(connection, currency)
    if active is None:
        return None
    product_id = product.ean if active.id_type is IdType.EAN else product.item_number
    found = active_promo_price(connection, currency, product_id) if product_id else None
    return Money(found.price, currency) if found is not None else None
