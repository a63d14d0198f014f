"""Customers and their addresses as the call center sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class CustomerType(StrEnum):
    PRIVATE = "private"
    BUSINESS = "business"


class AddressType(StrEnum):
    BILLING = "billing"
    SHIPPING = "shipping"


@dataclass(frozen=True)
class Address:
    address_key: int | None
    address_type: AddressType | None
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    street: str = ""
    zip_code: str = ""
    city: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, e.g. "DE"
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class CustomerSummary:
    """One row of a customer search result: the same columns whatever the criterion."""

    customer_key: int
    customer_number: str  # pixi CustomerNrExternal
    shop_id: str
    first_name: str
    last_name: str
    company: str
    street: str
    zip_code: str
    city: str
    country: str
    email: str
    phone: str
    customer_type: CustomerType
    locked: bool


@dataclass(frozen=True)
class Customer:
    """The customer overview (S2)."""

    customer_key: int
    customer_number: str
    shop_id: str
    salutation: str
    first_name: str
    last_name: str
    company: str
    vat_id: str
    customer_type: CustomerType
    email: str
    phone: str
    locked: bool
    lock_reason: str
    payment_code: str
    currency: str
    created_at: datetime | None
    addresses: tuple[Address, ...] = field(default_factory=tuple)
