"""The cart record: price basis per customer type, destination, expiry, quantities."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.bank_account import BankAccount
from chalicelib.domain.cart import (
    QUANTITY_LIMIT,
    Cart,
    CartLine,
    CartStatus,
    ExistingCustomer,
    NewCustomer,
    PriceBasis,
    cart_expiry,
    price_basis_for,
    quantity_problem,
)
from chalicelib.domain.customer import Address, AddressType, CustomerType
from chalicelib.domain.money import Money
from chalicelib.domain.tenant import ConnectionRef

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def cart(**changes) -> Cart:
    values = dict(
        cart_id="c1",
        connection=ConnectionRef("t1", "pixi-1"),
        version=1,
        customer=ExistingCustomer(4711, CustomerType.PRIVATE, "K10001"),
        currency="EUR",
        owner_agent_id="a1",
        owner_email="agent@demo.example",
        created_at=NOW,
        updated_at=NOW,
        expires_at=cart_expiry(NOW, 72),
    )
    values.update(changes)
    return Cart(**values)


def test_private_customers_count_gross_and_business_customers_net():
    assert price_basis_for(CustomerType.PRIVATE) is PriceBasis.GROSS
    assert price_basis_for(CustomerType.BUSINESS) is PriceBasis.NET
    assert cart().price_basis is PriceBasis.GROSS
    business = NewCustomer(
        CustomerType.BUSINESS, "einkauf@firma.example", company="Firma GmbH", vat_id="DE123"
    )
    assert cart(customer=business).price_basis is PriceBasis.NET


def test_a_new_cart_is_open_and_empty():
    fresh = cart()
    assert fresh.status is CartStatus.OPEN and fresh.lines == () and fresh.parked_note == ""
    assert fresh.payment_code == fresh.shipping_code == fresh.customer_wish == ""
    assert fresh.bank_account is None


def test_the_destination_is_the_shipping_address_else_the_billing_address():
    billing = Address(1, AddressType.BILLING, country="de")
    shipping = Address(2, AddressType.SHIPPING, country="AT")
    assert cart().destination_country == ""
    assert cart(billing_address=billing).destination_country == "DE"
    assert cart(billing_address=billing, shipping_address=shipping).destination_country == "AT"
    assert cart(billing_address=billing, shipping_address=Address(3, None)).destination_country == "DE"


def test_an_abandoned_cart_expires_after_the_configured_hours_unless_ordered():
    assert cart_expiry(NOW, 72) == NOW + timedelta(hours=72)
    open_cart = cart()
    assert not open_cart.is_expired(NOW + timedelta(hours=71, minutes=59))
    assert open_cart.is_expired(NOW + timedelta(hours=72))
    assert cart(status=CartStatus.PARKED, parked_note="Rückruf").is_expired(NOW + timedelta(days=4))
    assert not cart(status=CartStatus.ORDERED).is_expired(NOW + timedelta(days=4))


def test_a_line_costs_its_promo_price_where_there_is_one():
    normal = Money(Decimal("19.99"), "EUR")
    promo = Money(Decimal("14.99"), "EUR")
    base = dict(
        line_id="l1",
        item_key=1,
        item_number="A-1",
        ean="4006381333931",
        name="Tasse",
        quantity=2,
        unit_price=normal,
        vat_percent=Decimal(19),
        available_stock=3,
    )
    assert CartLine(promo_price=None, **base).price == normal
    assert CartLine(promo_price=promo, **base).price == promo
    assert CartLine(promo_price=promo, **base).stock_note == ""


@pytest.mark.parametrize(
    ("quantity", "problem"),
    [
        (0, "Die Menge muss mindestens 1 sein."),
        (-1, "Die Menge muss mindestens 1 sein."),
        (1, None),
        (QUANTITY_LIMIT, None),
        (QUANTITY_LIMIT + 1, "Höchstens 9999 Stück je Zeile."),
    ],
)
def test_quantities(quantity: int, problem: str | None):
    assert quantity_problem(quantity) == problem


def test_a_cart_keeps_a_bank_account_for_direct_debit():
    account = BankAccount("Erika Mustermann", "DE89370400440532013000")
    assert cart(payment_code="B", bank_account=account).bank_account == account
