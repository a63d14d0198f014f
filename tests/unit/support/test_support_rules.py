"""Support request rules: readiness, the agent's text, header values, the context from pixi records."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from chalicelib.domain.customer import Customer, CustomerType
from chalicelib.domain.mail import Language
from chalicelib.domain.order import Order, OrderHeader
from chalicelib.domain.support_request import (
    MESSAGE_EMPTY,
    MESSAGE_TOO_LONG,
    clean_message,
    format_money,
    header_text,
    mail_address,
    order_reference,
    readiness,
    support_context,
    template_values,
)
from chalicelib.errors import NotFoundError, SetupRequiredError, ValidationError


def customer(key: int = 1, first: str = "Erika", last: str = "Mustermann") -> Customer:
    return Customer(
        customer_key=key,
        customer_number=f"K1000{key}",
        shop_id="WEB",
        salutation="Frau",
        first_name=first,
        last_name=last,
        company="",
        vat_id="",
        customer_type=CustomerType.PRIVATE,
        email="erika.mustermann@example.com",
        phone="",
        locked=False,
        lock_reason="",
        payment_code="R",
        currency="EUR",
        created_at=None,
    )


def order(customer_key: int | None = 1, external: str = "WEB-2024-000123") -> Order:
    header = OrderHeader(
        order_number=100123,
        external_order_number=external,
        customer_key=customer_key,
        shop_id="WEB",
        order_date=datetime(2024, 3, 5, 14, 30),
        ship_date=None,
        status="OPEN",
        total=Decimal("1234.5"),
        currency="EUR",
        payment_code="R",
    )
    return Order(
        header=header,
        billing_address=None,
        shipping_address=None,
        shipping_vendor="DHL",
        shipping_cost=Decimal("4.90"),
        shop_note="",
    )


# --- readiness --------------------------------------------------------------------------------


def test_ready_with_support_address_and_verified_sender():
    r = readiness(
        support_address="support@shop.example", sender_address="info@shop.example", sender_verified=True
    )
    assert r.ready and r.missing == ()
    r.require()


@pytest.mark.parametrize(
    ("support", "sender", "verified", "missing"),
    [
        ("", "info@shop.example", True, ("support_address",)),
        ("support@shop.example", "info@shop.example", False, ("verified_sender",)),
        ("support@shop.example", "", False, ("verified_sender",)),
        ("  ", "", False, ("support_address", "verified_sender")),
    ],
)
def test_not_ready_says_what_the_admin_must_set_up(support, sender, verified, missing):
    r = readiness(support_address=support, sender_address=sender, sender_verified=verified)
    assert not r.ready and r.missing == missing
    assert r.message.startswith("Support-Anfragen sind noch nicht eingerichtet.")
    assert ("Support-Adresse" in r.message) == ("support_address" in missing)
    assert ("Absender" in r.message) == ("verified_sender" in missing)
    with pytest.raises(SetupRequiredError) as refused:
        r.require()
    assert refused.value.status == 409 and refused.value.code == "setup_required"
    assert tuple(refused.value.fields) == missing and all(refused.value.fields.values())


# --- the agent's text -------------------------------------------------------------------------


def test_line_breaks_are_kept_and_normalised():
    assert (
        clean_message("  Zeile 1\r\nZeile 2\rZeile 3\u2028Ende \x00\x07 ")
        == "Zeile 1\nZeile 2\nZeile 3\nEnde"
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\x00\x01"])
def test_an_empty_message_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        clean_message(text)
    assert refused.value.fields == {"message": MESSAGE_EMPTY}


def test_at_most_5000_characters():
    assert len(clean_message("x" * 5000)) == 5000
    with pytest.raises(ValidationError) as refused:
        clean_message("x" * 5001)
    assert refused.value.fields == {"message": MESSAGE_TOO_LONG}
    assert "5.000" in MESSAGE_TOO_LONG


# --- header values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["K1\r\nBcc: evil@example.com", "K1\nBcc: x", "K1\u2028X", "K1\x85X", "K1\x00X"]
)
def test_header_text_never_contains_a_line_break(value):
    cleaned = header_text(value)
    assert not any(c in cleaned for c in "\r\n\u2028\x85\x00") and cleaned.startswith("K1 ")


@pytest.mark.parametrize(
    "value",
    [
        "agent@shop.example\r\nBcc: evil@example.com",
        "agent@shop.example\n",
        "a@b.example, c@d.example",
        "Agent <agent@shop.example>",
        "agent",
        "agent@shop",
        "age nt@shop.example",
        "",
    ],
)
def test_addresses_for_headers_must_be_one_plain_address(value):
    with pytest.raises(ValidationError) as refused:
        mail_address(value, "reply_to")
    assert "reply_to" in refused.value.fields


def test_a_plain_address_passes():
    assert mail_address(" anna.agent+1@shop-example.de ", "reply_to") == "anna.agent+1@shop-example.de"


# --- the context ------------------------------------------------------------------------------


def test_context_from_customer_and_order():
    c = support_context(customer(), order())
    assert (c.customer_number, c.customer_name, c.customer_email) == (
        "K10001",
        "Erika Mustermann",
        "erika.mustermann@example.com",
    )
    assert (c.order_number, c.external_order_number, c.order_total, c.order_status) == (
        100123,
        "WEB-2024-000123",
        Decimal("1234.5"),
        "OPEN",
    )


def test_an_order_of_another_customer_is_not_found():
    with pytest.raises(NotFoundError):
        support_context(customer(), order(customer_key=2))
    with pytest.raises(NotFoundError):
        support_context(customer(), order(customer_key=None))


def test_subject_order_part():
    assert (
        order_reference(support_context(customer(), order()), Language.DE)
        == ", Auftrag 100123 (WEB-2024-000123)"
    )
    assert order_reference(support_context(customer(), order(external="")), Language.EN) == ", order 100123"
    assert order_reference(support_context(customer(), None), Language.DE) == ""
    sneaky = support_context(customer(), order(external="W-1\r\nBcc: evil@example.com"))
    assert "\n" not in order_reference(sneaky, Language.DE)


def test_money_and_dates_per_language():
    assert format_money(Decimal("1234.5"), "EUR", Language.DE) == "1.234,50 EUR"
    assert format_money(Decimal("1234.5"), "EUR", Language.EN) == "1,234.50 EUR"
    values = template_values(
        support_context(customer(), order()),
        message="a\nb",
        agent_email="a@b.example",
        tenant_name="Shop",
        language=Language.DE,
    )
    assert values["order_date"] == "05.03.2024" and values["order_status"] == "offen"
    assert values["message_lines"] == ["a", "b"] and values["has_order"] is True
