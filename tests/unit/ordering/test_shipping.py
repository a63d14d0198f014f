"""Shipping per destination (C4): which methods fit, and what happens to one that no longer does."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.money import Money
from chalicelib.domain.order_config import OrderConfig, shipping_options
from chalicelib.domain.shipping import ShippingMethod, ShippingPrice, reconcile_shipping


def money(amount: str, currency: str = "EUR") -> Money:
    return Money(Decimal(amount), currency)


DHL = ShippingMethod(
    "DHL",
    "DHL Paket",
    ("DE", "AT"),
    (ShippingPrice(money("4.90"), money("50.00")), ShippingPrice(money("6.90", "CHF"))),
)
DPD = ShippingMethod("DPD", "DPD Classic", ("DE",), (ShippingPrice(money("5.50")),))
WORLD = ShippingMethod("UPS", "UPS Weltweit", (), (ShippingPrice(money("19.00")),))
CONFIG = OrderConfig(shipping_methods=(DHL, DPD, WORLD))


def codes(methods: list[ShippingMethod]) -> list[str]:
    return [m.vendor_code for m in methods]


def test_options_depend_on_the_destination_and_the_currency():
    assert codes(shipping_options(CONFIG, "DE", "EUR")) == ["DHL", "DPD", "UPS"]
    assert codes(shipping_options(CONFIG, "AT", "EUR")) == ["DHL", "UPS"]
    assert codes(shipping_options(CONFIG, "at", "EUR")) == ["DHL", "UPS"]
    assert codes(shipping_options(CONFIG, "CH", "EUR")) == ["UPS"]
    assert codes(shipping_options(CONFIG, "AT", "CHF")) == ["DHL"]
    assert codes(shipping_options(CONFIG, "CH", "CHF")) == []


def test_an_unknown_destination_rules_nothing_out():
    assert codes(shipping_options(CONFIG, "", "EUR")) == ["DHL", "DPD", "UPS"]


def test_the_free_shipping_threshold_is_exact():
    price = DHL.price_in("EUR")
    assert price is not None
    assert price.cost_for(money("49.99")) == money("4.90")
    assert price.cost_for(money("50.00")) == money("0")
    assert price.cost_for(money("50.01")) == money("0")
    no_threshold = DPD.price_in("EUR")
    assert no_threshold is not None and no_threshold.cost_for(money("10000")) == money("5.50")


def test_a_price_and_its_threshold_share_one_currency():
    with pytest.raises(ValueError):
        ShippingPrice(money("4.90"), money("50", "CHF"))


def test_a_method_that_still_fits_is_kept():
    assert reconcile_shipping("DHL", shipping_options(CONFIG, "AT", "EUR")) == ("DHL", None)


def test_a_method_that_no_longer_fits_is_dropped_with_a_message():
    code, message = reconcile_shipping("DPD", shipping_options(CONFIG, "AT", "EUR"))
    assert code is None
    assert message == (
        "Die Versandart DPD ist für dieses Lieferland oder diese Währung nicht möglich und wurde entfernt. "
        "Bitte eine andere Versandart wählen."
    )


def test_dropping_the_last_possible_method_says_that_there_is_none():
    code, message = reconcile_shipping("DHL", shipping_options(CONFIG, "CH", "CHF"))
    assert code is None
    assert message is not None and "ist keine Versandart eingerichtet" in message


def test_a_cart_without_a_method_gets_the_only_option_and_otherwise_none():
    assert reconcile_shipping("", shipping_options(CONFIG, "AT", "CHF")) == ("DHL", None)
    assert reconcile_shipping("", shipping_options(CONFIG, "DE", "EUR")) == (None, None)
    assert reconcile_shipping("", []) == (None, None)
