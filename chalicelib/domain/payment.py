"""Payment methods offered to agents: pixi payment types, their kind, and a surcharge or discount.

pixi names its payment types freely (``XMLTag`` and ``PaymentText`` are set up per installation),
so the kind of a payment type is read from those two texts by keywords. Payment providers
(Klarna, PayPal, card gateways, ...) are recognised the same way: they cannot be offered, because
such a provider never learns of an order taken on the phone and the payment would never happen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.money import Money
from chalicelib.domain.reference import PaymentType


class PaymentKind(StrEnum):
    INVOICE = "invoice"
    DIRECT_DEBIT = "direct_debit"  # needs the customer's bank account
    CASH_ON_DELIVERY = "cash_on_delivery"
    PREPAYMENT = "prepayment"
    PROVIDER = "provider"  # Klarna, PayPal, card gateways: never offered
    OTHER = "other"


_CARDS = "einen Kreditkarten-Dienst"
# Provider names as they appear in pixi's texts (compacted: upper case, letters and digits only).
_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("KLARNA", "Klarna"),
    ("SOFORT", "Klarna"),
    ("AMAZON", "Amazon Pay"),
    ("PAYPAL", "PayPal"),
    ("STRIPE", "Stripe"),
    ("ADYEN", "Adyen"),
    ("MOLLIE", "Mollie"),
    ("UNZER", "Unzer"),
    ("HEIDELPAY", "Unzer"),
    ("PAYONE", "Payone"),
    ("COMPUTOP", "Computop"),
    ("CONCARDIS", "Concardis"),
    ("NEXI", "Nexi"),
    ("WORLDPAY", "Worldpay"),
    ("NOVALNET", "Novalnet"),
    ("RATEPAY", "Ratepay"),
    ("AFTERPAY", "Riverty"),
    ("RIVERTY", "Riverty"),
    ("BILLIE", "Billie"),
    ("MONDU", "Mondu"),
    ("GIROPAY", "giropay"),
    ("APPLEPAY", "Apple Pay"),
    ("GOOGLEPAY", "Google Pay"),
    ("SKRILL", "Skrill"),
    ("PAYDIREKT", "paydirekt"),
    ("KREDITKARTE", _CARDS),
    ("CREDITCARD", _CARDS),
    ("DEBITCARD", _CARDS),
    ("MASTERCARD", _CARDS),
    ("GIROCARD", _CARDS),
    ("ECKARTE", _CARDS),
)
# Short provider words that are only matched as whole words ("CARD", not "BARCODE"-like parts).
_PROVIDER_WORDS: dict[str, str] = {"CARD": _CARDS, "CC": _CARDS, "VISA": _CARDS, "AMEX": _CARDS}

_KINDS: tuple[tuple[PaymentKind, tuple[str, ...], frozenset[str]], ...] = (
    # kind, keywords found anywhere in the compacted text, whole words
    (PaymentKind.DIRECT_DEBIT, ("DEBIT", "LASTSCHRIFT", "BANKEINZUG", "SEPA"), frozenset({"ELV"})),
    (PaymentKind.CASH_ON_DELIVERY, ("CASHONDELIVERY", "NACHNAHME"), frozenset({"COD"})),
    (PaymentKind.PREPAYMENT, ("ADVANCE", "PREPAY", "VORKASSE", "VORAUSKASSE", "VORAUSZAHLUNG"),
     frozenset()),
    (PaymentKind.INVOICE, ("INVOICE", "RECHNUNG", "ONACCOUNT"), frozenset()),
)

_NOT_LETTERS = re.compile(r"[^A-Z0-9]+")


def _texts(payment_type: PaymentType) -> tuple[str, set[str]]:
    """The payment type's texts compacted (``"CASH_ON_DELIVERY Nachnahme"`` -> ``"CASHONDELIVERYNACHNAHME"``)
    and as words."""
    text = f"{payment_type.xml_tag} {payment_type.text}".upper()
    for umlaut, spelled in (("Ä", "AE"), ("Ö", "OE"), ("Ü", "UE"), ("ß", "SS")):
        text = text.replace(umlaut, spelled)
    words = {w for w in _NOT_LETTERS.split(text) if w}
    return "".join(_NOT_LETTERS.split(text)), words


def payment_provider(payment_type: PaymentType) -> str | None:
    """The payment provider behind a payment type ("Klarna", "PayPal", "einen Kreditkarten-Dienst"),
    or None."""
    compact, words = _texts(payment_type)
    for keyword, name in _PROVIDERS:
        if keyword in compact:
            return name
    return next((name for word, name in _PROVIDER_WORDS.items() if word in words), None)


def provider_reason(payment_type: PaymentType) -> str | None:
    """Why a payment type cannot be offered to agents (German), or None when it can."""
    provider = payment_provider(payment_type)
    if provider is None:
        return None
    return (
        f"„{payment_type.text or payment_type.xml_tag}“ ist eine Zahlung über {provider}. "
        "Zahlungsanbieter wie Klarna, Amazon Pay, PayPal oder Kreditkarten-Dienste erfahren nichts von "
        "einer Bestellung, die im Callcenter angelegt wird: Die Zahlung würde nie ausgelöst. "
        "Bitte eine andere Zahlungsart wählen."
    )


def payment_kind(payment_type: PaymentType) -> PaymentKind:
    """What a payment type is, read from its ``XMLTag`` and text (a provider before anything else)."""
    if payment_provider(payment_type) is not None:
        return PaymentKind.PROVIDER
    compact, words = _texts(payment_type)
    for kind, keywords, whole_words in _KINDS:
        if any(k in compact for k in keywords) or words & whole_words:
            return kind
    return PaymentKind.OTHER


class AdjustmentKind(StrEnum):
    SURCHARGE = "surcharge"
    DISCOUNT = "discount"


@dataclass(frozen=True)
class Adjustment:
    """A surcharge or discount of a payment method: a percentage, or a fixed amount per currency."""

    kind: AdjustmentKind
    percent: Decimal | None = None
    amounts: Mapping[str, Money] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.percent is None) == (not self.amounts):
            raise ValueError("an adjustment is either a percentage or fixed amounts")
        if any(money.currency != currency for currency, money in self.amounts.items()):
            raise ValueError("each fixed amount must be in the currency it is listed under")

    def applies_in(self, currency: str) -> bool:
        return self.percent is not None or currency in self.amounts

    def on(self, base: Money) -> Money:
        """The signed adjustment for ``base`` (goods after discount plus shipping): a surcharge adds,
        a discount subtracts, at most the whole base."""
        if self.percent is not None:
            amount = Money(base.amount * self.percent / 100, base.currency)
        elif base.currency in self.amounts:
            amount = self.amounts[base.currency]
        else:
            raise ValueError(f"the adjustment has no amount in {base.currency}")
        if self.kind is AdjustmentKind.SURCHARGE:
            return amount
        return Money.zero(base.currency) - min(amount, max(base, Money.zero(base.currency)))


@dataclass(frozen=True)
class PaymentMethod:
    """A pixi payment type offered to agents, as the order configuration chose it."""

    code: str  # pixi's one-character payment code
    xml_tag: str  # the element name in the order document's PAYMENT
    text: str
    kind: PaymentKind
    adjustment: Adjustment | None = None

    @property
    def needs_bank_account(self) -> bool:
        return self.kind is PaymentKind.DIRECT_DEBIT

    def offered_in(self, currency: str) -> bool:
        """A fixed surcharge/discount is set per currency: without one for ``currency`` the method is
        not offered in it (it would cost a different amount than configured)."""
        return self.adjustment is None or self.adjustment.applies_in(currency)

    def adjustment_on(self, base: Money) -> Money:
        return self.adjustment.on(base) if self.adjustment else Money.zero(base.currency)
