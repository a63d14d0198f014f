"""The cart (a server-side draft of an order, O3/C5) and the one function that computes its totals.

pixi prices items gross. A private customer's cart counts in gross prices (VAT contained), a
business customer's in net prices: each unit's gross price divided by (1 + VAT rate), rounded to
the cent per unit, with VAT added on top. Configured amounts (shipping cost, free-shipping
threshold, fixed payment adjustments, fixed discounts) count as they are in the cart's basis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.bank_account import BankAccount
from chalicelib.domain.customer import Address, CustomerType
from chalicelib.domain.money import CENT, Money
from chalicelib.domain.payment import PaymentMethod
from chalicelib.domain.shipping import ShippingMethod
from chalicelib.domain.tenant import ConnectionRef

QUANTITY_LIMIT = 9999


def quantity_problem(quantity: int) -> str | None:
    """Why a line cannot have ``quantity`` pieces (German), or None."""
    if quantity < 1:
        return "Die Menge muss mindestens 1 sein."
    if quantity > QUANTITY_LIMIT:
        return f"Höchstens {QUANTITY_LIMIT} Stück je Zeile."
    return None


class PriceBasis(StrEnum):
    GROSS = "gross"  # private customers: prices include VAT
    NET = "net"  # business customers: VAT is added


def price_basis_for(customer_type: CustomerType) -> PriceBasis:
    return PriceBasis.NET if customer_type is CustomerType.BUSINESS else PriceBasis.GROSS


class CartStatus(StrEnum):
    OPEN = "open"
    PARKED = "parked"  # set aside with a note; another agent of the tenant may take it over
    ORDERED = "ordered"


@dataclass(frozen=True)
class ExistingCustomer:
    """A customer pixi knows."""

    customer_key: int
    customer_type: CustomerType
    customer_number: str = ""


@dataclass(frozen=True)
class NewCustomer:
    """A customer pixi does not know yet; created with the order."""

    customer_type: CustomerType
    email: str
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    vat_id: str = ""
    phone: str = ""


CartCustomer = ExistingCustomer | NewCustomer


@dataclass(frozen=True)
class CartLine:
    line_id: str
    item_key: int
    item_number: str  # ItemNrInt, the shop item number
    ean: str
    name: str
    quantity: int
    unit_price: Money  # the normal price, gross, as pixi prices the item
    promo_price: Money | None  # gross; used instead of the normal price when there is one
    vat_percent: Decimal
    available_stock: int | None  # None: not checked
    stock_note: str = ""  # set when the line goes beyond the stock (allowed, and marked)

    @property
    def price(self) -> Money:
        """The gross unit price the customer pays: the promo price where one exists."""
        return self.promo_price if self.promo_price is not None else self.unit_price


@dataclass(frozen=True)
class Cart:
    cart_id: str
    connection: ConnectionRef
    version: int  # raised on every stored change; a change against an older version is a conflict
    customer: CartCustomer
    currency: str
    owner_agent_id: str
    owner_email: str
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    billing_address: Address | None = None
    shipping_address: Address | None = None
    payment_code: str = ""
    shipping_code: str = ""
    customer_wish: str = ""
    bank_account: BankAccount | None = None
    lines: tuple[CartLine, ...] = ()
    status: CartStatus = CartStatus.OPEN
    parked_note: str = ""

    @property
    def price_basis(self) -> PriceBasis:
        return price_basis_for(self.customer.customer_type)

    @property
    def destination_country(self) -> str:
        """Where the goods go: the shipping address's country, else the billing address's ("" unknown)."""
        for address in (self.shipping_address, self.billing_address):
            if address is not None and address.country:
                return address.country.strip().upper()
        return ""

    def is_expired(self, now: datetime) -> bool:
        return self.status is not CartStatus.ORDERED and now >= self.expires_at


def cart_expiry(changed_at: datetime, expiry_hours: int) -> datetime:
    """When a cart changed at ``changed_at`` expires (``OrderConfig.cart_expiry_hours``)."""
    return changed_at + timedelta(hours=expiry_hours)


# --- totals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Discount:
    """A voucher's discount on the goods: a percentage, or a fixed amount in the cart's currency."""

    label: str
    percent: Decimal | None = None
    amount: Money | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("a discount is either a percentage or a fixed amount")
        if self.percent is not None and not 0 < self.percent <= 100:
            raise ValueError(f"a discount percentage is above 0 and at most 100, not {self.percent}")
        if self.amount is not None and self.amount.amount <= 0:
            raise ValueError("a fixed discount is above 0")

    def on(self, goods: Money) -> Money:
        if self.percent is not None:
            return Money(goods.amount * self.percent / 100, goods.currency)
        assert self.amount is not None
        return self.amount + Money.zero(goods.currency)  # refuses another currency


@dataclass(frozen=True)
class LinePrice:
    line_id: str
    unit_price: Money  # what one piece costs in the cart's basis (the promo price where there is one)
    normal_unit_price: Money  # the normal price in the cart's basis, shown beside a promo price
    total: Money  # unit price times quantity


@dataclass(frozen=True)
class VatShare:
    percent: Decimal
    base: Money  # the amount taxed at this rate (gross: VAT contained; net: before VAT)
    vat: Money


@dataclass(frozen=True)
class CartTotals:
    """``goods - discount + shipping + payment_surcharge`` is the total for gross prices; for net prices
    ``vat`` is added as well. ``payment_surcharge`` is negative for a payment discount."""

    price_basis: PriceBasis
    goods: Money
    discount: Money
    shipping: Money
    payment_surcharge: Money
    vat: Money
    total: Money
    lines: tuple[LinePrice, ...]
    vat_shares: tuple[VatShare, ...]
    missing_for_free_shipping: Money | None  # None: no threshold, or already reached


def unit_price_in(gross: Money, vat_percent: Decimal, basis: PriceBasis) -> Money:
    """A gross unit price in ``basis``: itself, or net = gross / (1 + VAT), rounded to the cent."""
    if basis is PriceBasis.GROSS:
        return gross
    return Money(gross.amount * 100 / (100 + vat_percent), gross.currency)


def apportion(amount: Money, weights: Mapping[Decimal, Money]) -> dict[Decimal, Money]:
    """``amount`` split over the VAT rates in proportion to ``weights``, in whole cents that add up to
    ``amount`` exactly (largest remainder). Without any weight the highest rate takes it all."""
    rates = sorted(weights)
    total_weight = sum((weights[r].amount for r in rates), Decimal(0))
    if not rates:
        return {}
    if total_weight == 0:
        return {r: amount if r == rates[-1] else Money.zero(amount.currency) for r in rates}
    cents = int(amount.amount / CENT)
    exact = {r: Decimal(cents) * weights[r].amount / total_weight for r in rates}
    shares = {r: int(exact[r]) for r in rates}  # toward zero
    left = cents - sum(shares.values())
    step = 1 if left >= 0 else -1
    for rate in sorted(rates, key=lambda r: (-abs(exact[r] - shares[r]), -r))[: abs(left)]:
        shares[rate] += step
    return {r: Money(Decimal(shares[r]) * CENT, amount.currency) for r in rates}


def cart_totals(
    lines: Sequence[CartLine],
    *,
    price_basis: PriceBasis,
    currency: str,
    shipping: ShippingMethod | None,
    destination_country: str,
    payment: PaymentMethod | None,
    discounts: Sequence[Discount] = (),
) -> CartTotals:
    """Everything a cart costs, computed the one way (O3).

    Line price = promo price where there is one; discounts reduce the goods, never below zero; the
    free-shipping threshold is measured on the goods after discounts (at the threshold shipping is
    free); the payment surcharge or discount is taken on goods after discounts plus shipping; VAT per
    item rate, with discounts, shipping and payment adjustment apportioned to the rates in proportion
    to the goods. An empty cart costs nothing. A shipping method that does not fit the destination
    and currency is a programming error here: ``shipping.reconcile_shipping`` drops it first.
    """
    zero = Money.zero(currency)
    priced: list[tuple[CartLine, LinePrice]] = []
    for line in lines:
        unit = unit_price_in(line.price + zero, line.vat_percent, price_basis)
        normal = unit_price_in(line.unit_price + zero, line.vat_percent, price_basis)
        priced.append((line, LinePrice(line.line_id, unit, normal, unit * line.quantity)))
    goods = Money.sum((p.total for _, p in priced), currency)
    by_rate: dict[Decimal, Money] = {}
    for line, price in priced:
        by_rate[line.vat_percent] = by_rate.get(line.vat_percent, zero) + price.total

    discount = min(Money.sum((d.on(goods) for d in discounts), currency), goods)
    goods_after_discount = goods - discount

    shipping_cost, missing = zero, None
    if shipping is not None and priced:
        if not shipping.fits(destination_country, currency):
            raise ValueError(
                f"shipping method {shipping.vendor_code} does not fit {destination_country}/{currency}"
            )
        rate_card = shipping.price_in(currency)
        assert rate_card is not None
        shipping_cost = rate_card.cost_for(goods_after_discount)
        if rate_card.free_from is not None and goods_after_discount < rate_card.free_from:
            missing = rate_card.free_from - goods_after_discount

    surcharge = zero
    if payment is not None and priced:
        surcharge = payment.adjustment_on(goods_after_discount + shipping_cost)

    discount_by_rate = apportion(discount, by_rate)
    after_discount = {r: by_rate[r] - discount_by_rate[r] for r in by_rate}
    weights = after_discount if goods_after_discount.amount > 0 else by_rate
    extras = apportion(shipping_cost + surcharge, weights)
    shares = []
    for rate in sorted(by_rate):
        base = after_discount[rate] + extras[rate]
        factor = rate / (100 + rate) if price_basis is PriceBasis.GROSS else rate / 100
        shares.append(VatShare(rate, base, Money(base.amount * factor, currency)))
    vat = Money.sum((s.vat for s in shares), currency)

    total = goods_after_discount + shipping_cost + surcharge
    if price_basis is PriceBasis.NET:
        total = total + vat
    return CartTotals(
        price_basis=price_basis,
        goods=goods,
        discount=discount,
        shipping=shipping_cost,
        payment_surcharge=surcharge,
        vat=vat,
        total=total,
        lines=tuple(p for _, p in priced),
        vat_shares=tuple(shares),
        missing_for_free_shipping=missing,
    )
