"""The API shape of the order configuration and the cart answer: translation to and from the
domain's raw form (values and error paths), help texts under API paths, the masked IBAN, the
payment adjustment text and stock as the configuration shows it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.api.carts import adjustment_text, mask_iban
from chalicelib.api.order_config import OrderConfigBody, api_help, api_path, config_out, domain_raw
from chalicelib.domain.money import Money
from chalicelib.domain.order_config import FIELD_HELP, OrderConfig, StockDisplay, parse_order_config
from chalicelib.domain.payment import Adjustment, AdjustmentKind, PaymentKind, PaymentMethod
from chalicelib.domain.reference import Currency, PaymentType
from chalicelib.domain.stock import StockLevel
from chalicelib.errors import ValidationError
from chalicelib.services.products import ShownStock, shown_stock

TYPES = [PaymentType("R", "INVOICE", "Rechnung", "ANG"), PaymentType("N", "COD", "Nachnahme", "ANG")]
CURRENCIES = [Currency(1, "EUR", True), Currency(2, "CHF", True)]
BODY = {
    "enabled": True,
    "default_currency": "EUR",
    "import_channel_id": 7,
    "stock_few_threshold": 3,
    "payment_methods": [
        {"code": "R", "adjustment": {"kind": "discount", "percent": "2,5"}},
        {"code": "N", "adjustment": {"kind": "surcharge", "amounts": {"EUR": "4.00", "CHF": "4.50"}}},
    ],
    "shipping_methods": [
        {
            "vendor_code": "dhl",
            "name": "DHL",
            "countries": ["de"],
            "prices": [
                {"currency": "CHF", "cost": "7"},
                {"currency": "eur", "cost": "4.90", "free_from": "50"},
            ],
        }
    ],
}


def test_the_api_shape_round_trips_through_the_domain():
    body = OrderConfigBody.model_validate(BODY)
    config = parse_order_config(domain_raw(body), payment_types=TYPES, currencies=CURRENCIES)
    assert config.few_stock_threshold == 3
    assert config.payment_methods[0].adjustment == Adjustment(AdjustmentKind.DISCOUNT, percent=Decimal("2.5"))
    assert config.payment_methods[1].adjustment.amounts["CHF"] == Money(Decimal("4.50"), "CHF")
    assert [p.cost.currency for p in config.shipping_methods[0].prices] == ["CHF", "EUR"]
    out = config_out(config)
    assert out.stock_few_threshold == 3 and out.shipping_methods[0].vendor_code == "DHL"
    assert out.payment_methods[0].adjustment.model_dump() == {
        "kind": "discount",
        "percent": "2.5",
        "amounts": None,
    }
    assert [p.model_dump() for p in out.shipping_methods[0].prices] == [
        {"currency": "CHF", "cost": "7.00", "free_from": None},
        {"currency": "EUR", "cost": "4.90", "free_from": "50.00"},
    ]
    again = parse_order_config(domain_raw(out), payment_types=TYPES, currencies=CURRENCIES)
    assert again == config
    assert config_out(OrderConfig()).enabled is False


@pytest.mark.parametrize(
    ("domain_path", "expected"),
    [
        ("few_stock_threshold", "stock_few_threshold"),
        ("payment_methods.0.adjustment.value", "payment_methods.0.adjustment.percent"),
        ("payment_methods.1.adjustment.value", "payment_methods.1.adjustment.amounts"),
        ("payment_methods.1.adjustment.value.CHF", "payment_methods.1.adjustment.amounts.CHF"),
        ("payment_methods.1.adjustment.mode", "payment_methods.1.adjustment"),
        ("shipping_methods.0.prices.EUR.free_from", "shipping_methods.0.prices.1.free_from"),
        ("shipping_methods.0.prices.CHF", "shipping_methods.0.prices.0"),
        ("shipping_methods.0.prices", "shipping_methods.0.prices"),
        ("default_currency", "default_currency"),
    ],
)
def test_error_paths_name_the_field_as_the_api_has_it(domain_path: str, expected: str):
    assert api_path(domain_path, OrderConfigBody.model_validate(BODY)) == expected


def test_a_wrong_value_is_reported_under_the_api_path():
    bad = OrderConfigBody.model_validate(
        BODY
        | {"payment_methods": [{"code": "N", "adjustment": {"kind": "surcharge", "amounts": {"EUR": "0"}}}]}
    )
    with pytest.raises(ValidationError) as raised:
        parse_order_config(domain_raw(bad), payment_types=TYPES, currencies=CURRENCIES)
    assert {api_path(p, bad) for p in raised.value.fields} == {"payment_methods.0.adjustment.amounts.EUR"}


def test_every_help_text_is_under_an_api_path():
    texts = api_help()
    assert "few_stock_threshold" not in texts and "payment_methods.*.adjustment.mode" not in texts
    assert texts["stock_few_threshold"].de == FIELD_HELP["few_stock_threshold"][0]
    assert texts["payment_methods.*.adjustment.percent"] == texts["payment_methods.*.adjustment.amounts"]
    assert len(texts) == len(FIELD_HELP)


def test_the_iban_is_shown_masked():
    assert mask_iban("DE89370400440532013000") == "DE89 **** **** **** **30 00"
    assert "0532013" not in mask_iban("DE89370400440532013000")
    assert mask_iban("DE89") == "****"


def test_the_adjustment_text_in_german():
    def method(adjustment: Adjustment | None) -> PaymentMethod:
        return PaymentMethod("N", "COD", "Nachnahme", PaymentKind.CASH_ON_DELIVERY, adjustment)

    amounts = {"EUR": Money(Decimal("4"), "EUR")}
    assert adjustment_text(method(Adjustment(AdjustmentKind.SURCHARGE, amounts=amounts)), "EUR") == (
        "Aufschlag 4,00 EUR"
    )
    assert adjustment_text(method(Adjustment(AdjustmentKind.DISCOUNT, percent=Decimal("2.50"))), "EUR") == (
        "Rabatt 2,5 %"
    )
    assert adjustment_text(method(None), "EUR") == ""


def test_stock_is_shown_as_the_configuration_says():
    number = OrderConfig(few_stock_threshold=5)
    indicator = OrderConfig(few_stock_threshold=5, stock_display=StockDisplay.INDICATOR)
    assert shown_stock(number, 12) == ShownStock(12, StockLevel.AVAILABLE)
    assert shown_stock(number, -3) == ShownStock(0, StockLevel.NONE)
    assert shown_stock(indicator, 5) == ShownStock(None, StockLevel.FEW)
