"""Payment types: their kind, payment providers, surcharges and discounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.money import Money
from chalicelib.domain.payment import (
    Adjustment,
    AdjustmentKind,
    PaymentKind,
    PaymentMethod,
    payment_kind,
    payment_provider,
    provider_reason,
)
from chalicelib.domain.reference import PaymentType


def pt(xml_tag: str, text: str, code: str = "X") -> PaymentType:
    return PaymentType(code, xml_tag, text, "ANG")


@pytest.mark.parametrize(
    ("xml_tag", "text", "kind"),
    [
        ("INVOICE", "Rechnung", PaymentKind.INVOICE),
        ("", "Kauf auf Rechnung", PaymentKind.INVOICE),
        ("DEBIT", "Bankeinzug/Lastschrift", PaymentKind.DIRECT_DEBIT),
        ("SEPA", "SEPA-Lastschrift", PaymentKind.DIRECT_DEBIT),
        ("ELV", "Einzug", PaymentKind.DIRECT_DEBIT),
        ("CASH_ON_DELIVERY", "Nachnahme", PaymentKind.CASH_ON_DELIVERY),
        ("COD", "Per Nachnahme", PaymentKind.CASH_ON_DELIVERY),
        ("ADVANCE_PAYMENT", "Vorkasse", PaymentKind.PREPAYMENT),
        ("PREPAYMENT", "Vorauskasse per Überweisung", PaymentKind.PREPAYMENT),
        ("CASH", "Barzahlung", PaymentKind.OTHER),
        ("BARCODE", "Gutschein", PaymentKind.OTHER),  # "COD" only as a whole word
        ("KLARNA_INVOICE", "Klarna Rechnung", PaymentKind.PROVIDER),
        ("RATEPAY_DEBIT", "Ratepay Lastschrift", PaymentKind.PROVIDER),
        ("CARD", "Kreditkarte", PaymentKind.PROVIDER),
        ("DEBITCARD", "Debitkarte", PaymentKind.PROVIDER),
    ],
)
def test_the_kind_is_read_from_the_xml_tag_and_the_text(xml_tag: str, text: str, kind: PaymentKind):
    assert payment_kind(pt(xml_tag, text)) is kind


@pytest.mark.parametrize(
    ("xml_tag", "text", "provider"),
    [
        ("KLARNA", "Klarna Sofort", "Klarna"),
        ("AMAZON_PAY", "Amazon Pay", "Amazon Pay"),
        ("PAYPAL", "PayPal", "PayPal"),
        ("PAY_PAL", "Pay Pal", "PayPal"),
        ("STRIPE", "Karte über Stripe", "Stripe"),
        ("ADYEN", "Adyen", "Adyen"),
        ("CREDITCARD", "Credit card", "einen Kreditkarten-Dienst"),
        ("CREDIT_CARD", "Visa / Mastercard", "einen Kreditkarten-Dienst"),
        ("CC", "Kreditkarte", "einen Kreditkarten-Dienst"),
        ("GENERIC", "Kreditkarte (Visa)", "einen Kreditkarten-Dienst"),
    ],
)
def test_payment_providers_are_recognised_and_refused_with_the_reason(xml_tag: str, text: str, provider: str):
    payment_type = pt(xml_tag, text)
    assert payment_provider(payment_type) == provider
    reason = provider_reason(payment_type)
    assert reason is not None
    assert f"„{text}“ ist eine Zahlung über {provider}." in reason
    assert "erfahren nichts von einer Bestellung, die im Callcenter angelegt wird" in reason


@pytest.mark.parametrize(
    ("xml_tag", "text"),
    [("INVOICE", "Rechnung"), ("DEBIT", "Lastschrift"), ("ADVANCE_PAYMENT", "Vorkasse"), ("CASH", "Bar")],
)
def test_ordinary_payment_types_have_no_provider(xml_tag: str, text: str):
    assert payment_provider(pt(xml_tag, text)) is None
    assert provider_reason(pt(xml_tag, text)) is None


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_a_percent_surcharge_and_a_percent_discount_on_the_base():
    surcharge = Adjustment(AdjustmentKind.SURCHARGE, percent=Decimal("2.5"))
    discount = Adjustment(AdjustmentKind.DISCOUNT, percent=Decimal("3"))
    assert surcharge.on(eur("100.10")) == eur("2.50")  # 2.5025 -> 2.50
    assert surcharge.on(eur("100.30")) == eur("2.51")  # 2.5075 -> 2.51, half-up
    assert discount.on(eur("50.00")) == eur("-1.50")
    assert discount.on(eur("0.00")) == eur("0.00")


def test_a_fixed_adjustment_is_per_currency_and_a_discount_never_exceeds_the_base():
    fixed = Adjustment(AdjustmentKind.SURCHARGE, amounts={"EUR": eur("2.00")})
    assert fixed.on(eur("10.00")) == eur("2.00")
    assert fixed.applies_in("EUR") and not fixed.applies_in("CHF")
    with pytest.raises(ValueError, match="CHF"):
        fixed.on(Money(Decimal("10"), "CHF"))
    big_discount = Adjustment(AdjustmentKind.DISCOUNT, amounts={"EUR": eur("5.00")})
    assert big_discount.on(eur("3.20")) == eur("-3.20")


def test_an_adjustment_is_either_percent_or_amounts():
    with pytest.raises(ValueError):
        Adjustment(AdjustmentKind.SURCHARGE)
    with pytest.raises(ValueError):
        Adjustment(AdjustmentKind.SURCHARGE, percent=Decimal(1), amounts={"EUR": eur("1")})
    with pytest.raises(ValueError):
        Adjustment(AdjustmentKind.SURCHARGE, amounts={"CHF": eur("1")})


def test_a_payment_method_without_an_amount_in_a_currency_is_not_offered_there():
    plain = PaymentMethod("R", "INVOICE", "Rechnung", PaymentKind.INVOICE)
    fixed = PaymentMethod(
        "N",
        "COD",
        "Nachnahme",
        PaymentKind.CASH_ON_DELIVERY,
        Adjustment(AdjustmentKind.SURCHARGE, amounts={"EUR": eur("4.00")}),
    )
    assert plain.offered_in("CHF") and fixed.offered_in("EUR") and not fixed.offered_in("CHF")
    assert plain.adjustment_on(eur("10")) == eur("0")
    assert fixed.adjustment_on(eur("10")) == eur("4.00")
    assert not plain.needs_bank_account
    assert PaymentMethod("B", "DEBIT", "Lastschrift", PaymentKind.DIRECT_DEBIT).needs_bank_account
