"""Reference data read from pixi: shops, payment types, countries, currencies."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Shop:
    shop_id: str
    name: str


@dataclass(frozen=True)
class PaymentType:
    code: str
    xml_tag: str
    text: str
    initial_line_status: str


@dataclass(frozen=True)
class Country:
    pixi_code: str
    name: str
    iso2: str
    iso3: str
    charge_vat: bool
    is_eu: bool
    default_shipping_cost: Decimal


@dataclass(frozen=True)
class Currency:
    currency_id: int
    code: str
    active: bool
