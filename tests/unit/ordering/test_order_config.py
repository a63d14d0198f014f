"""The order configuration (O5): parsing with one message per field path, help texts, the comment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chalicelib.domain.money import Money
from chalicelib.domain.order_config import (
    DEFAULT_COMMENT_TEMPLATE,
    FIELD_HELP,
    INVALID_CONFIG_MESSAGE,
    OrderConfig,
    StockDisplay,
    help_key,
    order_config_as_raw,
    parse_order_config,
    payment_options,
    render_comment,
)
from chalicelib.domain.payment import Adjustment, AdjustmentKind, PaymentKind
from chalicelib.domain.reference import Currency, PaymentType
from chalicelib.domain.shipping import ShippingMethod, ShippingPrice
from chalicelib.errors import ValidationError

PAYMENT_TYPES = (
    PaymentType("R", "INVOICE", "Rechnung", "ANG"),
    PaymentType("B", "DEBIT", "Bankeinzug/Lastschrift", "ANG"),
    PaymentType("N", "CASH_ON_DELIVERY", "Nachnahme", "ANG"),
    PaymentType("V", "ADVANCE_PAYMENT", "Vorkasse", "HAL"),
    PaymentType("K", "CARD", "Kreditkarte", "ANG"),
    PaymentType("L", "KLARNA", "Klarna Rechnung", "ANG"),
)
CURRENCIES = (Currency(1, "EUR", True), Currency(2, "CHF", True), Currency(3, "USD", False))


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def complete(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "enabled": True,
        "allow_without_stock": True,
        "stock_display": "indicator",
        "few_stock_threshold": 3,
        "customer_number_prefix": "CC-K",
        "order_number_prefix": "CC-",
        "comment_template": "Telefonbestellung von $agent",
        "default_currency": "eur",
        "import_channel_id": 7,
        "cart_expiry_hours": 48,
        "order_confirmation_mail": True,
        "payment_methods": [
            {"code": "R"},
            {
                "code": "N",
                "adjustment": {"kind": "surcharge", "mode": "absolute", "value": {"EUR": "4,00", "CHF": 4.5}},
            },
            {"code": "V", "adjustment": {"kind": "discount", "mode": "percent", "value": "2"}},
        ],
        "shipping_methods": [
            {
                "vendor_code": "dhl",
                "name": "DHL Paket",
                "countries": ["de", "AT", "DE"],
                "prices": {"EUR": {"cost": "4.90", "free_from": "50"}, "CHF": {"cost": "6.90"}},
            },
            {"vendor_code": "UPS", "name": "UPS Express", "prices": {"EUR": {"cost": 0}}},
        ],
    }
    raw.update(changes)
    return raw


def parse(raw: Any) -> OrderConfig:
    return parse_order_config(raw, payment_types=PAYMENT_TYPES, currencies=CURRENCIES)


def errors_of(raw: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse(raw)
    assert caught.value.message == INVALID_CONFIG_MESSAGE
    return caught.value.fields


def test_a_complete_configuration_is_read_and_normalised():
    config = parse(complete())
    assert config.enabled and config.allow_without_stock and config.order_confirmation_mail
    assert config.stock_display is StockDisplay.INDICATOR
    assert config.few_stock_threshold == 3
    assert (config.customer_number_prefix, config.order_number_prefix) == ("CC-K", "CC-")
    assert config.default_currency == "EUR"
    assert config.import_channel_id == 7
    assert config.cart_expiry_hours == 48
    invoice, cod, prepayment = config.payment_methods
    assert (invoice.code, invoice.xml_tag, invoice.text, invoice.kind, invoice.adjustment) == (
        "R",
        "INVOICE",
        "Rechnung",
        PaymentKind.INVOICE,
        None,
    )
    assert cod.kind is PaymentKind.CASH_ON_DELIVERY
    assert cod.adjustment == Adjustment(
        AdjustmentKind.SURCHARGE, amounts={"EUR": eur("4.00"), "CHF": Money(Decimal("4.50"), "CHF")}
    )
    assert prepayment.adjustment == Adjustment(AdjustmentKind.DISCOUNT, percent=Decimal("2"))
    dhl, ups = config.shipping_methods
    assert dhl == ShippingMethod(
        "DHL",
        "DHL Paket",
        ("DE", "AT"),
        (ShippingPrice(eur("4.90"), eur("50.00")), ShippingPrice(Money(Decimal("6.90"), "CHF"))),
    )
    assert ups.countries == () and ups.prices == (ShippingPrice(eur("0")),)
    assert config.payment_method("N") is cod and config.payment_method("K") is None
    assert config.shipping_method("UPS") is ups and config.shipping_method("DPD") is None


def test_defaults_of_an_empty_configuration():
    config = parse({})
    assert config == OrderConfig()
    assert not config.enabled and not config.allow_without_stock and not config.order_confirmation_mail
    assert config.stock_display is StockDisplay.NUMBER
    assert config.few_stock_threshold == 5
    assert config.cart_expiry_hours == 72
    assert config.comment_template == DEFAULT_COMMENT_TEMPLATE
    assert config.default_currency is None and config.import_channel_id is None


def test_the_raw_form_reads_back_to_the_same_configuration():
    config = parse(complete())
    assert parse(order_config_as_raw(config)) == config
    assert order_config_as_raw(config)["payment_methods"][1]["adjustment"] == {
        "kind": "surcharge",
        "mode": "absolute",
        "value": {"EUR": "4.00", "CHF": "4.50"},
    }
    assert parse(order_config_as_raw(OrderConfig())) == OrderConfig()


def test_an_enabled_configuration_needs_what_an_order_needs():
    assert errors_of(
        complete(default_currency=None, import_channel_id=None, payment_methods=[], shipping_methods=[])
    ) == {
        "default_currency": "Pflichtangabe, sobald die Bestellfunktion eingeschaltet ist.",
        "import_channel_id": "Pflichtangabe, sobald die Bestellfunktion eingeschaltet ist.",
        "payment_methods": "Pflichtangabe, sobald die Bestellfunktion eingeschaltet ist.",
        "shipping_methods": "Pflichtangabe, sobald die Bestellfunktion eingeschaltet ist.",
    }
    # a disabled one may be saved half done
    assert (
        parse(complete(enabled=False, import_channel_id=None, payment_methods=[])).import_channel_id is None
    )


def test_an_enabled_configuration_must_work_in_its_default_currency():
    errors = errors_of(
        complete(
            default_currency="CHF",
            payment_methods=[
                {"code": "N", "adjustment": {"kind": "surcharge", "mode": "absolute", "value": {"EUR": "4"}}}
            ],
            shipping_methods=[{"vendor_code": "DHL", "name": "DHL", "prices": {"EUR": {"cost": "4.90"}}}],
        )
    )
    assert errors == {
        "payment_methods": "Keine Zahlungsart ist in der Standardwährung CHF nutzbar.",
        "shipping_methods": "Keine Versandart hat einen Preis in der Standardwährung CHF.",
    }


def test_every_wrong_top_level_field_gets_its_own_message():
    errors = errors_of(
        complete(
            enabled="yes",
            allow_without_stock=1,
            stock_display="graph",
            few_stock_threshold=0,
            customer_number_prefix="K *",
            order_number_prefix="X" * 21,
            comment_template="Von $agent für $kunde",
            default_currency="USD",
            import_channel_id=-3,
            cart_expiry_hours="many",
            order_confirmation_mail=None,
            colour="blue",
        )
    )
    assert errors == {
        "enabled": "Bitte ja oder nein (true/false) angeben.",
        "allow_without_stock": "Bitte ja oder nein (true/false) angeben.",
        "stock_display": (
            "Erlaubt sind „number“ (Bestandszahl) oder "
            "„indicator“ (verfügbar / wenige / keine)."
        ),
        "few_stock_threshold": "Bitte eine ganze Zahl von 1 bis 1000 angeben.",
        "customer_number_prefix": "Erlaubt sind nur Buchstaben A–Z, Ziffern sowie - _ / und Punkt.",
        "order_number_prefix": "Höchstens 20 Zeichen.",
        "comment_template": "Unbekannter Platzhalter $kunde; erlaubt ist nur $agent.",
        "default_currency": "USD ist in pixi keine aktive Währung (aktiv: CHF, EUR).",
        "import_channel_id": "Bitte eine ganze Zahl von 1 bis 2147483647 angeben.",
        "cart_expiry_hours": "Bitte eine ganze Zahl von 1 bis 720 angeben.",
        "order_confirmation_mail": "Bitte ja oder nein (true/false) angeben.",
        "colour": "Unbekanntes Feld.",
    }


def test_numbers_may_come_as_digit_strings():
    config = parse(complete(import_channel_id="12", cart_expiry_hours=" 24 "))
    assert (config.import_channel_id, config.cart_expiry_hours) == (12, 24)


def test_payment_methods_are_checked_against_pixi():
    errors = errors_of(
        complete(
            payment_methods=[
                {"code": "R"},
                {"code": "L"},
                {"code": "Z"},
                {"code": "R"},
                {"code": "K"},
                {},
                "R",
                {"code": "V", "fee": 1},
            ]
        )
    )
    assert errors["payment_methods.1.code"].startswith("„Klarna Rechnung“ ist eine Zahlung über Klarna.")
    assert "Zahlungsanbieter wie Klarna" in errors["payment_methods.1.code"]
    assert errors["payment_methods.2.code"] == "Die Zahlungsart „Z“ gibt es in pixi nicht."
    assert errors["payment_methods.3.code"] == "Diese Zahlungsart ist schon aufgeführt."
    assert errors["payment_methods.4.code"].startswith(
        "„Kreditkarte“ ist eine Zahlung über einen Kreditkarten"
    )
    assert errors["payment_methods.5.code"] == "Bitte eine Zahlungsart aus pixi wählen."
    assert errors["payment_methods.6"] == "Bitte ein Objekt mit Feldern angeben."
    assert errors["payment_methods.7.fee"] == "Unbekanntes Feld."
    assert "payment_methods.0.code" not in errors
    assert errors_of(complete(payment_methods={"code": "R"})) == {
        "payment_methods": "Bitte eine Liste angeben."
    }


@pytest.mark.parametrize(
    ("adjustment", "path", "message"),
    [
        (
            {"kind": "bonus", "mode": "percent", "value": "2"},
            "kind",
            "Erlaubt sind „surcharge“ (Aufschlag) oder „discount“ (Rabatt).",
        ),
        (
            {"kind": "surcharge", "mode": "half", "value": "2"},
            "mode",
            "Erlaubt sind „percent“ (Prozent) oder „absolute“ (fester Betrag je Währung).",
        ),
        (
            {"kind": "surcharge", "mode": "percent", "value": "0"},
            "value",
            "Bitte einen Prozentsatz größer 0 und höchstens 100 angeben (höchstens zwei Nachkommastellen).",
        ),
        (
            {"kind": "discount", "mode": "percent", "value": "100.01"},
            "value",
            "Bitte einen Prozentsatz größer 0 und höchstens 100 angeben (höchstens zwei Nachkommastellen).",
        ),
        (
            {"kind": "discount", "mode": "percent", "value": "2.555"},
            "value",
            "Bitte einen Prozentsatz größer 0 und höchstens 100 angeben (höchstens zwei Nachkommastellen).",
        ),
        (
            {"kind": "discount", "mode": "percent", "value": "-2"},
            "value",
            "Bitte einen Prozentsatz größer 0 und höchstens 100 angeben (höchstens zwei Nachkommastellen).",
        ),
        (
            {"kind": "surcharge", "mode": "absolute", "value": "2"},
            "value",
            'Bitte je Währung einen Betrag angeben, z. B. {"EUR": "2.00"}.',
        ),
        (
            {"kind": "surcharge", "mode": "absolute", "value": {}},
            "value",
            'Bitte je Währung einen Betrag angeben, z. B. {"EUR": "2.00"}.',
        ),
        (
            {"kind": "surcharge", "mode": "absolute", "value": {"EUR": "1.999"}},
            "value.EUR",
            "Bitte einen Betrag größer 0 mit höchstens zwei Nachkommastellen angeben.",
        ),
        (
            {"kind": "surcharge", "mode": "absolute", "value": {"EUR": True}},
            "value.EUR",
            "Bitte einen Betrag größer 0 mit höchstens zwei Nachkommastellen angeben.",
        ),
        (
            {"kind": "surcharge", "mode": "absolute", "value": {"EUR": "0"}},
            "value.EUR",
            "Bitte einen Betrag größer 0 mit höchstens zwei Nachkommastellen angeben.",
        ),
        (
            {"kind": "surcharge", "mode": "absolute", "value": {"USD": "1"}},
            "value.USD",
            "USD ist in pixi keine aktive Währung (aktiv: CHF, EUR).",
        ),
    ],
)
def test_a_wrong_adjustment_is_named_by_its_path(adjustment: dict[str, Any], path: str, message: str):
    errors = errors_of(complete(payment_methods=[{"code": "R"}, {"code": "N", "adjustment": adjustment}]))
    assert errors == {f"payment_methods.1.adjustment.{path}": message}


def test_shipping_methods_are_checked_field_by_field():
    errors = errors_of(
        complete(
            shipping_methods=[
                {"vendor_code": "DHL", "name": "DHL Paket", "prices": {"EUR": {"cost": "4.90"}}},
                {"vendor_code": "DHL", "name": "DHL again", "prices": {"EUR": {"cost": "4.90"}}},
                {"vendor_code": "DHLX", "name": "", "countries": ["DEU", 7], "prices": {}},
                {
                    "vendor_code": "GLS",
                    "name": "G" * 51,
                    "countries": "DE",
                    "prices": {"USD": {"cost": "1"}, "EUR": {"cost": "-1", "free_from": "0", "fee": 1}},
                },
            ]
        )
    )
    assert errors == {
        "shipping_methods.1.vendor_code": "Diese Versandart ist schon aufgeführt.",
        "shipping_methods.2.vendor_code": (
            "1 bis 3 Buchstaben oder Ziffern, wie der Code des "
            "Versanddienstleisters in pixi (z. B. DHL)."
        ),
        "shipping_methods.2.name": "Bitte einen Namen angeben (höchstens 50 Zeichen).",
        "shipping_methods.2.countries.0": "„DEU“ ist kein Ländercode (ISO 3166, zwei Buchstaben, z. B. DE).",
        "shipping_methods.2.countries.1": "„7“ ist kein Ländercode (ISO 3166, zwei Buchstaben, z. B. DE).",
        "shipping_methods.2.prices": (
            'Bitte je Währung die Versandkosten angeben, z. '
            'B. {"EUR": {"cost": "4.90"}}.'
        ),
        "shipping_methods.3.name": "Bitte einen Namen angeben (höchstens 50 Zeichen).",
        "shipping_methods.3.countries": "Bitte eine Liste angeben.",
        "shipping_methods.3.prices.USD": "USD ist in pixi keine aktive Währung (aktiv: CHF, EUR).",
        "shipping_methods.3.prices.EUR.cost": (
            "Bitte einen Betrag ab 0 mit höchstens zwei "
            "Nachkommastellen angeben."
        ),
        "shipping_methods.3.prices.EUR.free_from": (
            "Bitte einen Betrag größer 0 mit höchstens "
            "zwei Nachkommastellen angeben."
        ),
        "shipping_methods.3.prices.EUR.fee": "Unbekanntes Feld.",
    }


def test_something_that_is_no_mapping_at_all_is_refused():
    assert errors_of(["enabled"]) == {"config": "Bitte ein Objekt mit Feldern angeben."}


def test_payment_options_per_currency():
    config = parse(
        complete(
            payment_methods=[
                {"code": "R"},
                {"code": "N", "adjustment": {"kind": "surcharge", "mode": "absolute", "value": {"EUR": "4"}}},
            ]
        )
    )
    assert [m.code for m in payment_options(config, "EUR")] == ["R", "N"]
    assert [m.code for m in payment_options(config, "CHF")] == ["R"]


# --- help texts --------------------------------------------------------------------------------


def test_every_setting_has_a_german_and_an_english_help_text():
    for name in OrderConfig.__dataclass_fields__:
        assert name in FIELD_HELP, name
    for key, (german, english) in FIELD_HELP.items():
        assert german.strip() and english.strip(), key
        assert german != english, key


def test_every_path_an_error_can_name_has_a_help_text():
    raw = complete(
        stock_display="graph",
        payment_methods=[
            {"code": "Z"},
            {"code": "N", "adjustment": {"kind": "x"}},
            {"code": "V", "adjustment": {"kind": "discount", "mode": "x"}},
            {"code": "R", "adjustment": {"kind": "discount", "mode": "absolute", "value": {"EUR": "x"}}},
        ],
        shipping_methods=[
            {
                "vendor_code": "",
                "name": "",
                "countries": ["x"],
                "prices": {"EUR": {"cost": "x", "free_from": "x"}},
            }
        ],
    )
    paths = errors_of(raw)
    assert len(paths) >= 9
    for path in paths:
        assert help_key(path) in FIELD_HELP, path


def test_help_keys_of_paths():
    assert help_key("payment_methods.1.adjustment.value") == "payment_methods.*.adjustment.value"
    assert help_key("payment_methods.0.adjustment.value.EUR") == "payment_methods.*.adjustment.value"
    assert help_key("shipping_methods.2.prices.CHF.free_from") == "shipping_methods.*.prices.*.free_from"
    assert help_key("shipping_methods.0.countries.3") == "shipping_methods.*.countries"
    assert help_key("enabled") == "enabled"


def test_help_texts_say_where_things_end_up_in_pixi():
    assert "OrderNrExternal" in FIELD_HELP["order_number_prefix"][0]
    assert "CustomerNrExternal" in FIELD_HELP["customer_number_prefix"][1]
    assert "SHOP_NOTE" in FIELD_HELP["comment_template"][0]
    assert "ChannelRef" in FIELD_HELP["import_channel_id"][1]
    assert "SHIPPINGVENDOR" in FIELD_HELP["shipping_methods.*.vendor_code"][0]


# --- the comment -------------------------------------------------------------------------------


def test_the_comment_names_the_agent_and_appends_the_customer_wish():
    assert render_comment("Telefonbestellung von $agent", agent_email="agent@demo.example") == (
        "Telefonbestellung von agent@demo.example"
    )
    assert (
        render_comment(
            "Telefonbestellung von $agent.",
            agent_email="a@x.example",
            customer_wish="  Bitte nicht vor 10 Uhr  ",
        )
        == "Telefonbestellung von a@x.example.\n\nKundenwunsch: Bitte nicht vor 10 Uhr"
    )
    assert render_comment("", agent_email="a@x.example", customer_wish="Geschenk") == "Kundenwunsch: Geschenk"
    assert render_comment("$agent/$agent", agent_email="a@x.example") == "a@x.example/a@x.example"


def test_an_agent_address_with_dollar_signs_or_backslashes_is_put_in_literally():
    assert render_comment("Von $agent", agent_email=r"a$agent\1@x.example") == r"Von a$agent\1@x.example"


def test_only_the_agent_placeholder_is_known():
    assert render_comment("Preis 5 $ von $agentur", agent_email="a@x.example") == "Preis 5 $ von $agentur"
    errors = errors_of(complete(comment_template="$agentur"))
    assert errors == {"comment_template": "Unbekannter Platzhalter $agentur; erlaubt ist nur $agent."}
    assert errors_of(complete(comment_template="x" * 501)) == {"comment_template": "Höchstens 500 Zeichen."}
