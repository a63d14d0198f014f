"""Items (products) and their stock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Item:
    item_key: int
    item_number: str  # ItemNrInt, the pixi shop item number
    ean: str
    name: str
    price: Decimal  # gross selling price (PriceVK)
    vat_percent: Decimal
    available_stock: int
    physical_stock: int
    enabled: bool
    master_item_key: int | None  # set on a variation
    is_variation_master: bool
    default_variation_key: int | None
    variation_text: str


@dataclass(frozen=True)
class Stock:
    item_key: int
    item_number: str
    ean: str
    physical_stock: int
    available_stock: int
