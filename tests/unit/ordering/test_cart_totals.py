"""The one totals function of the cart (O3), by example and by property."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chalicelib.domain.cart import (
    CartLine,
    CartTotals,
    Discount,
    LinePrice,
    PriceBasis,
    apportion,
    cart_totals,
    unit_price_in,
)
from chalicelib.domain.money import Money
from chalicelib.domain.payment import Adjustment, AdjustmentKind, PaymentKind, PaymentMethod
from chalicelib.domain.shipping import ShippingMethod, ShippingPrice

GROSS, NET = PriceBasis.GROSS, PriceBasis.NET


def eur(amount: str | int | Decimal) -> Money:
    return Money(Decimal(amount), "EUR")


def line(
    price: str,
    quantity: int = 1,
    vat: str = "19",
    promo: str | None = None,
    line_id: str = "l1",
    currency: str = "EUR",
) -> CartLine:
    return CartLine(
        line_id=line_id,
        item_key=1,
        item_number="A-1",
        ean="",
        name="Artikel",
        quantity=quantity,
        unit_price=Money(Decimal(price), currency),
        promo_price=Money(Decimal(promo), currency) if promo is not None else None,
        vat_percent=Decimal(vat),
        available_stock=None,
    )


def dhl(
    cost: str = "4.90", free_from: str | None = "50.00", countries: tuple[str, ...] = ()
) -> ShippingMethod:
    return ShippingMethod(
        "DHL", "DHL Paket", countries, (ShippingPrice(eur(cost), eur(free_from) if free_from else None),)
    )


def pay(
    kind: AdjustmentKind | None = None, *, percent: str | None = None, amount: str | None = None
) -> PaymentMethod:
    adjustment = None
    if kind is not None:
        adjustment = (
            Adjustment(kind, percent=Decimal(percent))
            if percent is not None
            else Adjustment(kind, amounts={"EUR": eur(amount or "0")})
        )
    return PaymentMethod("R", "INVOICE", "Rechnung", PaymentKind.INVOICE, adjustment)


def totals(
    lines: list[CartLine],
    basis: PriceBasis = GROSS,
    *,
    shipping: ShippingMethod | None = None,
    country: str = "DE",
    payment: PaymentMethod | None = None,
    discounts: tuple[Discount, ...] = (),
) -> CartTotals:
    return cart_totals(
        lines,
        price_basis=basis,
        currency="EUR",
        shipping=shipping,
        destination_country=country,
        payment=payment,
        discounts=discounts,
    )


def parts(t: CartTotals) -> tuple[str, ...]:
    return tuple(m.as_json() for m in (t.goods, t.discount, t.shipping, t.payment_surcharge, t.vat, t.total))


# --- examples ----------------------------------------------------------------------------------


def test_a_private_customer_pays_gross_with_the_promo_price_and_vat_contained():
    t = totals(
        [line("10.00", 2, "19", line_id="a"), line("5.00", 1, "7", promo="4.50", line_id="b")], shipping=dhl()
    )
    # goods 24.50; shipping 4.90 split 4.00 / 0.90 over 19 % / 7 %: VAT 24.00*19/119 + 5.40*7/107
    assert parts(t) == ("24.50", "0.00", "4.90", "0.00", "4.18", "29.40")
    assert t.lines == (
        LinePrice("a", eur("10.00"), eur("10.00"), eur("20.00")),
        LinePrice("b", eur("4.50"), eur("5.00"), eur("4.50")),
    )
    assert [(s.percent, s.base.as_json(), s.vat.as_json()) for s in t.vat_shares] == [
        (Decimal(7), "5.40", "0.35"),
        (Decimal(19), "24.00", "3.83"),
    ]
    assert t.missing_for_free_shipping == eur("25.50")


def test_a_business_customer_sees_net_prices_rounded_per_unit_and_vat_added():
    t = totals([line("11.90", 3, "19"), line("1.00", 7, "7", line_id="b")], NET)
    # 11.90 / 1.19 = 10.00; 1.00 / 1.07 = 0.934.. -> 0.93 per unit, 7 units 6.51
    assert [p.unit_price for p in t.lines] == [eur("10.00"), eur("0.93")]
    assert parts(t) == ("36.51", "0.00", "0.00", "0.00", "6.16", "42.67")  # 5.70 + 0.4557 -> 0.46


def test_net_unit_prices_round_half_up():
    assert unit_price_in(eur("1.07"), Decimal(7), NET) == eur("1.00")
    assert unit_price_in(eur("0.0535"), Decimal(7), NET) == eur("0.05")  # 0.05 exactly: gross rounds first
    assert unit_price_in(eur("0.11"), Decimal(10), NET) == eur("0.10")
    assert unit_price_in(eur("0.05"), Decimal(0), NET) == eur("0.05")
    assert unit_price_in(eur("2.45"), Decimal(19), GROSS) == eur("2.45")


def test_the_free_shipping_threshold_counts_the_goods_after_discounts():
    lines = [line("55.00")]
    assert totals(lines, shipping=dhl()).shipping == eur("0")
    t = totals(lines, shipping=dhl(), discounts=(Discount("10 %", percent=Decimal(10)),))
    assert parts(t)[:4] == ("55.00", "5.50", "4.90", "0.00")
    assert t.total == eur("54.40")
    assert t.missing_for_free_shipping == eur("0.50")
    assert totals([line("50.00")], shipping=dhl()).missing_for_free_shipping is None


@pytest.mark.parametrize(("goods", "shipping"), [("49.99", "4.90"), ("50.00", "0.00"), ("50.01", "0.00")])
def test_the_threshold_is_exact_to_the_cent(goods: str, shipping: str):
    assert totals([line(goods)], shipping=dhl()).shipping == eur(shipping)


def test_discounts_never_make_the_goods_negative():
    t = totals(
        [line("20.00")],
        shipping=dhl(),
        discounts=(Discount("Gutschein", amount=eur("15.00")), Discount("Aktion", percent=Decimal(50))),
    )
    assert parts(t) == ("20.00", "20.00", "4.90", "0.00", "0.78", "4.90")


def test_a_percent_payment_surcharge_is_taken_on_goods_after_discount_plus_shipping():
    t = totals(
        [line("40.00")],
        shipping=dhl(),
        payment=pay(AdjustmentKind.SURCHARGE, percent="2.5"),
        discounts=(Discount("5 €", amount=eur("5.00")),),
    )
    # (40 - 5 + 4.90) * 2.5 % = 0.9975 -> 1.00
    assert parts(t)[:4] == ("40.00", "5.00", "4.90", "1.00")
    assert t.total == eur("40.90")


def test_a_payment_discount_is_negative_and_never_more_than_the_base():
    t = totals([line("100.00")], payment=pay(AdjustmentKind.DISCOUNT, percent="3"))
    assert parts(t) == ("100.00", "0.00", "0.00", "-3.00", "15.49", "97.00")
    t = totals([line("2.00")], payment=pay(AdjustmentKind.DISCOUNT, amount="5.00"))
    assert t.payment_surcharge == eur("-2.00") and t.total == eur("0") and t.vat == eur("0")
    t = totals([line("2.00")], payment=pay(AdjustmentKind.SURCHARGE, amount="5.00"))
    assert t.payment_surcharge == eur("5.00") and t.total == eur("7.00")


def test_an_empty_cart_costs_nothing():
    t = totals([], shipping=dhl(), payment=pay(AdjustmentKind.SURCHARGE, amount="2.00"))
    assert parts(t) == ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00")
    assert t.lines == () and t.vat_shares == () and t.missing_for_free_shipping is None


def test_shipping_on_free_goods_is_taxed_at_the_highest_rate():
    t = totals([line("0.00", 1, "7"), line("0.00", 1, "19", line_id="b")], shipping=dhl("5.95", None))
    assert [(s.percent, s.base.as_json()) for s in t.vat_shares] == [
        (Decimal(7), "0.00"),
        (Decimal(19), "5.95"),
    ]
    assert t.vat == eur("0.95")


def test_mixing_currencies_and_unfitting_shipping_are_programming_errors():
    with pytest.raises(ValueError):
        totals([line("1.00", currency="CHF")])
    with pytest.raises(ValueError, match="does not fit"):
        totals([line("1.00")], shipping=dhl(countries=("AT",)), country="DE")
    with pytest.raises(ValueError):
        totals([line("1.00")], discounts=(Discount("CHF", amount=Money(Decimal(1), "CHF")),))


def test_a_discount_is_either_percent_or_amount_and_positive():
    for bad in (
        {},
        {"percent": Decimal(0)},
        {"percent": Decimal(101)},
        {"amount": eur("0")},
        {"percent": Decimal(5), "amount": eur("1")},
    ):
        with pytest.raises(ValueError):
            Discount("x", **bad)


# --- apportioning -------------------------------------------------------------------------------


def test_apportion_splits_in_whole_cents_that_add_up():
    weights = {Decimal(7): eur("1.00"), Decimal(19): eur("2.00")}
    assert apportion(eur("1.00"), weights) == {Decimal(7): eur("0.33"), Decimal(19): eur("0.67")}
    assert apportion(eur("-1.00"), weights) == {Decimal(7): eur("-0.33"), Decimal(19): eur("-0.67")}
    assert apportion(eur("1.00"), {Decimal(7): eur("0"), Decimal(19): eur("0")})[Decimal(19)] == eur("1.00")
    assert apportion(eur("1.00"), {}) == {}


cents = st.integers(min_value=-(10**7), max_value=10**7)
rates = st.sampled_from([Decimal(0), Decimal(5), Decimal(7), Decimal(19), Decimal("20"), Decimal("7.7")])


@given(amount=cents, weights=st.dictionaries(rates, st.integers(min_value=0, max_value=10**7), min_size=1))
def test_apportioned_parts_add_up_and_stay_within_a_cent_of_their_share(amount, weights):
    money_weights = {r: eur(Decimal(w) / 100) for r, w in weights.items()}
    split = apportion(eur(Decimal(amount) / 100), money_weights)
    assert sum(m.amount for m in split.values()) == Decimal(amount) / 100
    total_weight = sum(weights.values())
    if total_weight:
        for rate, part in split.items():
            exact = Decimal(amount) * weights[rate] / total_weight / 100
            assert abs(part.amount - exact) < Decimal("0.01")


# --- properties ---------------------------------------------------------------------------------

prices = st.integers(min_value=0, max_value=200_000).map(lambda c: Decimal(c) / 100)


@st.composite
def cart_lines(draw) -> list[CartLine]:
    result = []
    for index in range(draw(st.integers(min_value=0, max_value=6))):
        price = draw(prices)
        promo = draw(st.none() | prices)
        result.append(
            CartLine(
                line_id=f"l{index}",
                item_key=index,
                item_number=f"A{index}",
                ean="",
                name="x",
                quantity=draw(st.integers(min_value=1, max_value=50)),
                unit_price=eur(price),
                promo_price=eur(promo) if promo is not None else None,
                vat_percent=draw(rates),
                available_stock=None,
            )
        )
    return result


percents = st.integers(min_value=1, max_value=10_000).map(lambda p: Decimal(p) / 100)
discounts = st.lists(
    st.builds(lambda p: Discount("p", percent=p), percents)
    | st.builds(lambda a: Discount("a", amount=eur(a)), prices.filter(lambda a: a > 0)),
    max_size=3,
)
shipping_methods = st.none() | st.builds(
    lambda cost, free: ShippingMethod(
        "DHL", "DHL", (), (ShippingPrice(eur(cost), eur(free) if free else None),)
    ),
    prices,
    st.none() | prices.filter(lambda a: a > 0),
)
payments = st.none() | st.builds(
    lambda kind, percent, amount, use_percent: PaymentMethod(
        "R",
        "INVOICE",
        "Rechnung",
        PaymentKind.INVOICE,
        Adjustment(kind, percent=percent) if use_percent else Adjustment(kind, amounts={"EUR": eur(amount)}),
    ),
    st.sampled_from(list(AdjustmentKind)),
    percents,
    prices.filter(lambda a: a > 0),
    st.booleans(),
)


@settings(max_examples=150)
@given(
    lines=cart_lines(),
    basis=st.sampled_from(list(PriceBasis)),
    shipping=shipping_methods,
    payment=payments,
    cart_discounts=discounts,
)
def test_totals_are_never_negative_and_their_parts_add_up(lines, basis, shipping, payment, cart_discounts):
    t = totals(lines, basis, shipping=shipping, payment=payment, discounts=tuple(cart_discounts))
    zero = eur(0)
    assert t.goods >= zero and t.discount >= zero and t.shipping >= zero and t.vat >= zero and t.total >= zero
    assert t.discount <= t.goods
    assert t.goods - t.discount + t.shipping + t.payment_surcharge >= zero
    before_vat = t.goods - t.discount + t.shipping + t.payment_surcharge
    assert t.total == (before_vat if basis is GROSS else before_vat + t.vat)
    if basis is GROSS:
        assert t.vat <= t.total
    assert t.goods == Money.sum((p.total for p in t.lines), "EUR")
    assert Money.sum((s.base for s in t.vat_shares), "EUR") == before_vat
    assert t.vat == Money.sum((s.vat for s in t.vat_shares), "EUR")
    assert all(s.base >= zero for s in t.vat_shares)
    if not lines:
        assert t.total == zero


@given(lines=cart_lines(), basis=st.sampled_from(list(PriceBasis)))
def test_line_prices_are_the_promo_price_in_the_basis_times_the_quantity(lines, basis):
    t = totals(lines, basis)
    for cart_line, price in zip(lines, t.lines, strict=True):
        gross = cart_line.promo_price or cart_line.unit_price
        expected = gross.amount
        if basis is NET:
            expected = (gross.amount * 100 / (100 + cart_line.vat_percent)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        assert price.unit_price.amount == expected
        assert price.total.amount == expected * cart_line.quantity
        assert price.normal_unit_price == unit_price_in(cart_line.unit_price, cart_line.vat_percent, basis)


@given(
    goods_cents=st.integers(min_value=1, max_value=10**6),
    offset=st.sampled_from([-1, 0, 1]),
    discount_cents=st.integers(min_value=0, max_value=10**4),
    basis=st.sampled_from(list(PriceBasis)),
)
def test_the_free_shipping_threshold_is_exact_one_cent_below_at_and_above(
    goods_cents, offset, discount_cents, basis
):
    item = line(str(Decimal(goods_cents + discount_cents) / 100), vat="0")
    cart_discounts = (Discount("a", amount=eur(Decimal(discount_cents) / 100)),) if discount_cents else ()
    threshold = Decimal(goods_cents - offset) / 100  # goods after discount are threshold + offset cents
    assume(threshold > 0)
    t = totals([item], basis, shipping=dhl("4.90", str(threshold)), discounts=cart_discounts)
    assert t.goods - t.discount == eur(Decimal(goods_cents) / 100)
    assert t.shipping == (eur("4.90") if offset < 0 else eur(0))
    assert t.missing_for_free_shipping == (eur("0.01") if offset < 0 else None)


@given(lines=cart_lines().filter(bool), percent=percents.filter(lambda p: p < 100), shipping=shipping_methods)
def test_a_surcharge_and_a_discount_of_the_same_percent_mirror_each_other(lines, percent, shipping):
    up = totals(lines, shipping=shipping, payment=pay(AdjustmentKind.SURCHARGE, percent=str(percent)))
    down = totals(lines, shipping=shipping, payment=pay(AdjustmentKind.DISCOUNT, percent=str(percent)))
    plain = totals(lines, shipping=shipping)
    assert up.payment_surcharge == eur(0) - down.payment_surcharge
    assert up.total - plain.total == plain.total - down.total == up.payment_surcharge
    base = plain.goods - plain.discount + plain.shipping
    assert up.payment_surcharge.amount == (base.amount * percent / 100).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


@given(lines=cart_lines().filter(bool), cart_discounts=discounts)
def test_gross_vat_is_the_contained_vat_of_each_rate(lines, cart_discounts):
    t = totals(lines, discounts=tuple(cart_discounts))
    for share in t.vat_shares:
        expected = (share.base.amount * share.percent / (100 + share.percent)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        assert share.vat.amount == expected
