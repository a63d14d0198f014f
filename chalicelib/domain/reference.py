"""Reference data read from pixi: shops, payment types, countries, currencies."""

from __future__ import annotations

from collections.abc import Iterable
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


def payment_type_for(code: str, payment_types: Iterable[PaymentType]) -> PaymentType | None:
    """The payment type of a code (pixi's codes are one character; an exact match wins over case)."""
    code = code.strip()
    if not code:
        return None
    known = list(payment_types)
    exact = next((p for p in known if p.code == code), None)
    return exact or next((p for p in known if p.code.casefold() == code.casefold()), None)


def payment_text(code: str, payment_types: Iterable[PaymentType], fallback: str = "") -> str:
    """How pixi names a payment code ("R" -> "Rechnung"); ``fallback``, else the code, if unknown."""
    found = payment_type_for(code, payment_types)
    return found.text if found and found.text else (fallback or code.strip())
