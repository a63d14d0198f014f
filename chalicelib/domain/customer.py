"""Customers and their addresses as the call center sees them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from chalicelib.errors import ValidationError


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

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)


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
    order_count: int | None = None  # None: pixi did not say
    last_order_date: datetime | None = None


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
    billing_address_key: int | None = None  # the customer's default billing address
    shipping_address_key: int | None = None  # the customer's default shipping address

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    @property
    def address_keys(self) -> tuple[int, ...]:
        """The default billing and shipping address keys, billing first, without repeats."""
        keys = (self.billing_address_key, self.shipping_address_key)
        return tuple(dict.fromkeys(k for k in keys if k))


def display_name(first_name: str, last_name: str, company: str = "") -> str:
    """How an agent names a customer: "Erika Mustermann", else the company."""
    person = f"{first_name} {last_name}".strip()
    return person or company.strip()


@dataclass(frozen=True)
class MarkedAddress:
    """An address of the overview with what it is used for."""

    address: Address
    is_billing: bool
    is_shipping: bool
    is_default_billing: bool
    is_default_shipping: bool


def marked_addresses(customer: Customer) -> list[MarkedAddress]:
    """Every known address, billing/shipping marked: by pixi's address type and by the customer's
    default billing/shipping address keys (one address can be both). Defaults come first."""
    marked: list[MarkedAddress] = []
    seen: set[int] = set()
    for address in customer.addresses:
        key = address.address_key
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        default_billing = key is not None and key == customer.billing_address_key
        default_shipping = key is not None and key == customer.shipping_address_key
        marked.append(
            MarkedAddress(
                address=address,
                is_billing=default_billing or address.address_type == AddressType.BILLING,
                is_shipping=default_shipping or address.address_type == AddressType.SHIPPING,
                is_default_billing=default_billing,
                is_default_shipping=default_shipping,
            )
        )
    marked.sort(key=lambda m: (not m.is_default_billing, not m.is_default_shipping))
    return marked


# --- advanced search (S1) ----------------------------------------------------------------------

ADVANCED_SEARCH_FIELDS: tuple[str, ...] = (
    "name", "first_name", "email", "customer_number", "zip_code", "city", "street", "country", "phone",
    "order_number", "invoice_number",
)
"""The fields of the advanced search, named as in the API (and as the pixi client's criteria)."""

NO_CRITERIA_MESSAGE = "Bitte mindestens ein Suchfeld ausfüllen."
ORDER_NUMBER_MESSAGE = "Bitte eine pixi-Auftragsnummer (nur Ziffern) eingeben."
SHOP_MESSAGE = "Ungültige Shop-Kennung (1 bis 3 Buchstaben oder Ziffern)."
MAX_PIXI_INT = 2_147_483_647  # pixi keys are SQL int

_BEGINS_WITH = frozenset({"name", "first_name", "customer_number", "zip_code", "city", "street"})
_CONTAINS = frozenset({"email", "phone"})
_PHONE_NOISE = re.compile(r"[\s\-/().]")
_SHOP_ID = re.compile(r"^[A-Za-z0-9]{1,3}$")
_DIGITS = re.compile(r"\A[0-9]{1,10}\Z")


def _text(value: str | None) -> str:
    """Trimmed text with the user's ``%`` read as the ``*`` wildcard; "" when only wildcards remain."""
    text = " ".join((value or "").replace("%", "*").split())
    return text if text.replace("*", "").strip() else ""


def normalise_phone(text: str) -> str:
    """Digits (and ``*``) only; ``+49``/``0049`` become a leading 0 as in German numbers."""
    text = _PHONE_NOISE.sub("", text)
    for prefix in ("+49", "0049"):
        if text.startswith(prefix):
            return "0" + text[len(prefix):]
    return text


def parse_pixi_number(value: str | None, field_name: str, message: str) -> int:
    """A pixi key or number typed by a user or given in a path: digits only, within SQL int."""
    text = (value or "").strip()
    if not _DIGITS.match(text) or not 0 < int(text) <= MAX_PIXI_INT:
        raise ValidationError(message, fields={field_name: message})
    return int(text)


def advanced_search_filters(values: Mapping[str, str | None]) -> dict[str, str | int]:
    """The advanced search's filters, normalised; only fields with a value are returned.

    ``*`` stands for any characters. Where the agent typed no ``*``: name, first name, customer
    number, ZIP, city and street match at the beginning ("Muster" finds "Mustermann"), e-mail and
    phone anywhere (phone digits only, +49 as 0), country and invoice number exactly; the order
    number must be a number. Raises ``ValidationError`` (with ``fields``) when nothing is given.
    """
    filters: dict[str, str | int] = {}
    for name in ADVANCED_SEARCH_FIELDS:
        text = _text(values.get(name))
        if not text:
            continue
        if name == "order_number":
            filters[name] = parse_pixi_number(text, name, ORDER_NUMBER_MESSAGE)
            continue
        if name == "phone":
            text = normalise_phone(text)
        elif name == "country" and len(text) <= 3:
            text = text.upper()
        if "*" not in text:
            if name in _BEGINS_WITH:
                text = f"{text}*"
            elif name in _CONTAINS:
                text = f"*{text}*"
        filters[name] = text
    if not filters:
        raise ValidationError(NO_CRITERIA_MESSAGE, fields={"criteria": NO_CRITERIA_MESSAGE})
    return filters


def normalise_shop(value: str | None) -> str | None:
    """A shop scope: a pixi ShopID (upper case), or None for all shops of the connection."""
    text = (value or "").strip()
    if not text:
        return None
    if not _SHOP_ID.match(text):
        raise ValidationError(SHOP_MESSAGE, fields={"shop": SHOP_MESSAGE})
    return text.upper()


_GERMAN_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def _name_key(value: str) -> str:
    """DIN 5007-1 style: umlauts sort like their base letter, case does not matter."""
    return value.casefold().translate(_GERMAN_FOLD)


def counted_search_results(
    answers: Sequence[tuple[Sequence[CustomerSummary], bool]], limit: int, count_limit: int | None
) -> tuple[list[CustomerSummary], bool, int, bool]:
    """(shown rows, truncated, total, total_capped) of merged answers.

    ``total`` counts distinct customers up to ``count_limit``; ``total_capped`` is true when an
    answer was cut by pixi or more than ``count_limit`` were merged (pixi has at least that many).
    """
    by_key: dict[int, CustomerSummary] = {}
    for customers, _ in answers:
        for customer in customers:
            by_key.setdefault(customer.customer_key, customer)
    merged = sorted(
        by_key.values(),
        key=lambda c: (_name_key(c.last_name or c.company), _name_key(c.first_name), c.customer_key),
    )
    cut_by_pixi = any(was_truncated for _, was_truncated in answers)
    capped = cut_by_pixi or (count_limit is not None and len(merged) > count_limit)
    total = len(merged) if count_limit is None else min(len(merged), count_limit)
    truncated = cut_by_pixi or len(merged) > limit
    return merged[:limit], truncated, total, capped
