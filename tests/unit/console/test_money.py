"""Money: cents, half-up, one currency at a time, never a float (property-based where it counts)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.money import Money, round_to_cents
from chalicelib.domain.order import OrderLine

amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=4,
                      allow_nan=False, allow_infinity=False)
cents = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2,
                    allow_nan=False, allow_infinity=False)
quantities = st.integers(min_value=-1000, max_value=1000)
currencies = st.sampled_from(["EUR", "CHF", "USD"])


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


@pytest.mark.parametrize(("given_amount", "cents_text"), [
    ("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01"), ("49.9", "49.90"),
    ("7", "7.00"),
])
def test_amounts_are_rounded_to_cents_half_up(given_amount: str, cents_text: str) -> None:
    assert eur(given_amount).as_json() == cents_text


def test_an_int_is_whole_units() -> None:
    assert Money(12, "EUR").as_json() == "12.00"


@pytest.mark.parametrize("bad", [0.1, 1.0, True, "1.00", None])
def test_anything_but_decimal_or_int_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        Money(bad, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_an_amount_must_be_finite(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        Money(bad, "EUR")


def test_a_float_quantity_is_refused() -> None:
    with pytest.raises(TypeError):
        eur("1.00") * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        1.5 * eur("1.00")  # type: ignore[operator]


def test_currencies_do_not_mix() -> None:
    chf = Money(Decimal(1), "CHF")
    mixes = (lambda: eur("1") + chf, lambda: eur("1") - chf, lambda: eur("1") < chf, lambda: eur("1") >= chf)
    for mix in mixes:
        with pytest.raises(ValueError):
            mix()
    with pytest.raises(ValueError):
        Money.sum([eur("1"), chf], "EUR")
    assert eur("1") != chf


def test_money_is_frozen() -> None:
    money = eur("1.00")
    with pytest.raises(AttributeError):
        money.amount = Decimal(2)  # type: ignore[misc]


def test_sum_of_nothing_is_zero_and_comparisons_work() -> None:
    assert Money.sum([], "EUR") == Money.zero("EUR") == eur("0.00")
    assert Money.sum([eur("1.10"), eur("2.20")], "EUR") == eur("3.30")
    assert eur("1.00") < eur("1.01") <= eur("1.01") and max(eur("-1"), Money.zero("EUR")) == Money.zero("EUR")


@given(amounts, currencies)
def test_every_amount_is_whole_cents(amount: Decimal, currency: str) -> None:
    money = Money(amount, currency)
    assert money.amount == money.amount.quantize(Decimal("0.01"))
    assert abs(money.amount - amount) <= Decimal("0.005")
    assert Decimal(money.as_json()) == money.amount and money.as_json().count(".") == 1
    assert len(money.as_json().split(".")[1]) == 2


@given(amounts)
def test_rounding_is_half_up_away_from_zero(amount: Decimal) -> None:
    rounded = round_to_cents(amount)
    assert round_to_cents(-amount) == -rounded
    if abs(amount - rounded) == Decimal("0.005"):
        assert abs(rounded) > abs(amount)


@given(cents, cents, cents)
def test_adding_is_exact_commutative_and_associative(a: Decimal, b: Decimal, c: Decimal) -> None:
    x, y, z = Money(a, "EUR"), Money(b, "EUR"), Money(c, "EUR")
    assert (x + y).amount == a + b
    assert x + y == y + x and (x + y) + z == x + (y + z)
    assert (x + y) - y == x and x - x == Money.zero("EUR")
    assert Money.sum([x, y, z], "EUR") == x + y + z


@given(cents, quantities)
def test_multiplying_by_a_whole_quantity_is_repeated_adding(a: Decimal, quantity: int) -> None:
    price = Money(a, "EUR")
    assert price * quantity == quantity * price == Money(a * quantity, "EUR")
    if 0 <= quantity <= 20:
        assert price * quantity == Money.sum([price] * quantity, "EUR")


@given(cents, st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=3))
def test_multiplying_by_a_decimal_quantity_rounds_once(a: Decimal, quantity: Decimal) -> None:
    assert (Money(a, "EUR") * quantity).amount == round_to_cents(a * quantity)


@given(cents, cents)
def test_ordering_follows_the_amount(a: Decimal, b: Decimal) -> None:
    x, y = Money(a, "EUR"), Money(b, "EUR")
    assert (x < y) == (a < b) and (x == y) == (a == b) and (x >= y) == (a >= b)


@given(amounts, st.integers(min_value=0, max_value=500))
def test_a_line_total_is_quantity_times_unit_price_rounded_once(unit_price: Decimal, quantity: int) -> None:
    line = OrderLine(line_key=1, item_number="A-1", ean="", name="Tasse", quantity=quantity,
                     unit_price=unit_price, full_price=unit_price, discount_value=Decimal(0),
                     discount_percent=Decimal(0), status="HAL", currency="EUR")
    assert line.line_total == Money(unit_price * quantity, "EUR")
