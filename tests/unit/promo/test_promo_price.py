"""Prices in the promo price file: what is read, what is rejected (never guessed) and why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.promo_price_csv import PromoRowError, RejectionCode, parse_promo_price


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("19,99", "19.99"),  # the documented format
        ("19,9", "19.90"),
        ("5", "5.00"),
        ("  7,00  ", "7.00"),
        ("19.99", "19.99"),  # a decimal point is unambiguous with one or two decimals
        ("1.299,00", "1299.00"),
        ("1 299,00", "1299.00"),
        ("1\u00a0299,00", "1299.00"),  # Excel's no-break space
        ("1\u202f299,00", "1299.00"),
        ("1,299.00", "1299.00"),  # English with both separators: unambiguous
        ("1'299.50", "1299.50"),  # Swiss
        ("12.345,6", "12345.60"),
        ("1 299", "1299.00"),
        ("19,-", "19.00"),
        ("19,--", "19.00"),
        ("19,99 €", "19.99"),
        ("€19,99", "19.99"),
        ("EUR 3,50", "3.50"),
        ("3,50 eur", "3.50"),
        ("0,01", "0.01"),
        ("019,99", "19.99"),
        ("100000", "100000.00"),  # the upper limit itself
    ],
)
def test_a_price_is_read(text: str, price: str):
    assert parse_promo_price(text) == Decimal(price)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", RejectionCode.PRICE_MISSING),
        ("   ", RejectionCode.PRICE_MISSING),
        ("€", RejectionCode.PRICE_MISSING),
        ("1.299", RejectionCode.PRICE_AMBIGUOUS),  # 1299 or 1,299
        ("1,299", RejectionCode.PRICE_AMBIGUOUS),
        ("12,345", RejectionCode.PRICE_AMBIGUOUS),
        ("999.999", RejectionCode.PRICE_AMBIGUOUS),
        ("0,299", RejectionCode.PRICE_TOO_MANY_DECIMALS),  # "0,299" cannot be thousands
        ("1299,999", RejectionCode.PRICE_TOO_MANY_DECIMALS),  # nor four digits before the comma
        ("1,2999", RejectionCode.PRICE_TOO_MANY_DECIMALS),
        ("1.299,999", RejectionCode.PRICE_TOO_MANY_DECIMALS),
        ("0", RejectionCode.PRICE_ZERO),
        ("0,00", RejectionCode.PRICE_ZERO),
        ("-0,00", RejectionCode.PRICE_ZERO),
        ("-5", RejectionCode.PRICE_NEGATIVE),
        ("-5,00 €", RejectionCode.PRICE_NEGATIVE),
        ("5,00-", RejectionCode.PRICE_NEGATIVE),  # SAP style
        ("\u22125,00", RejectionCode.PRICE_NEGATIVE),  # a real minus sign
        ("100000,01", RejectionCode.PRICE_TOO_HIGH),
        ("250.000,00", RejectionCode.PRICE_TOO_HIGH),
        ("abc", RejectionCode.PRICE_NOT_A_NUMBER),
        ("zwölf", RejectionCode.PRICE_NOT_A_NUMBER),
        ("12 99", RejectionCode.PRICE_NOT_A_NUMBER),  # not a group of three
        ("1.29,00", RejectionCode.PRICE_NOT_A_NUMBER),
        ("1.299 000,00", RejectionCode.PRICE_NOT_A_NUMBER),  # two kinds of grouping
        ("1,299,00", RejectionCode.PRICE_NOT_A_NUMBER),
        ("19,", RejectionCode.PRICE_NOT_A_NUMBER),
        (",99", RejectionCode.PRICE_NOT_A_NUMBER),
        ("1,5E+3", RejectionCode.PRICE_NOT_A_NUMBER),
        ("NaN", RejectionCode.PRICE_NOT_A_NUMBER),
        ("Infinity", RejectionCode.PRICE_NOT_A_NUMBER),
        ("19,99 CHF", RejectionCode.PRICE_NOT_A_NUMBER),  # only the import's currency marks
        ("$5", RejectionCode.PRICE_NOT_A_NUMBER),
        ("+5", RejectionCode.PRICE_NOT_A_NUMBER),
        ("١٢", RejectionCode.PRICE_NOT_A_NUMBER),  # Arabic-Indic digits
    ],
)
def test_a_price_is_rejected_with_its_reason(text: str, code: RejectionCode):
    with pytest.raises(PromoRowError) as caught:
        parse_promo_price(text)
    assert caught.value.code is code
    assert caught.value.reason  # German, shown to the merchant


def test_the_ambiguous_reason_names_both_readings():
    with pytest.raises(PromoRowError) as caught:
        parse_promo_price("1.299")
    assert "mehrdeutig" in caught.value.reason
    assert "1299" in caught.value.reason and "1,299" in caught.value.reason


def test_limit_and_currency_marks_are_the_callers():
    # grouping only: several dots cannot be a decimal point
    assert parse_promo_price("1.299.000", max_price=Decimal(2_000_000)) == Decimal(1_299_000)
    assert parse_promo_price("1,299,000", max_price=Decimal(2_000_000)) == Decimal(1_299_000)
    assert parse_promo_price("12,50 CHF", currency_marks=("CHF", "Fr.")) == Decimal("12.50")
    assert parse_promo_price("Fr. 12.50", currency_marks=("CHF", "Fr.")) == Decimal("12.50")
    with pytest.raises(PromoRowError) as caught:
        parse_promo_price("19,99 €", currency_marks=("CHF",))
    assert caught.value.code is RejectionCode.PRICE_NOT_A_NUMBER
    with pytest.raises(PromoRowError) as caught:
        parse_promo_price("50,01", max_price=Decimal(50))
    assert caught.value.code is RejectionCode.PRICE_TOO_HIGH
    assert "50,00" in caught.value.reason


# --- properties --------------------------------------------------------------------------------

prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


def german(price: Decimal, grouping: str = "") -> str:
    whole, cents = f"{price:.2f}".split(".")
    groups = f"{int(whole):,}".split(",")
    return f"{grouping.join(groups)},{cents}"


def english(price: Decimal) -> str:
    return f"{price:,.2f}"


@given(prices, st.sampled_from(["", ".", " ", "\u00a0"]))
def test_every_german_price_reads_back(price: Decimal, grouping: str):
    assert parse_promo_price(german(price, grouping)) == price


@given(prices)
def test_every_english_price_with_two_decimals_reads_back(price: Decimal):
    assert parse_promo_price(english(price)) == price
    assert parse_promo_price(f"{price:.2f}") == price


@given(prices, st.sampled_from(["{} €", "€ {}", "{}€", "EUR {}", "{} EUR"]))
def test_currency_marks_around_a_price_do_not_change_it(price: Decimal, pattern: str):
    assert parse_promo_price(pattern.format(german(price))) == price


@given(prices)
def test_a_negative_price_is_never_read(price: Decimal):
    for text in (f"-{german(price)}", f"{german(price)}-"):
        with pytest.raises(PromoRowError) as caught:
            parse_promo_price(text)
        assert caught.value.code is RejectionCode.PRICE_NEGATIVE


@given(
    st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999), st.sampled_from(".,")
)
def test_three_digits_after_one_separator_are_always_ambiguous(whole: int, fraction: int, separator: str):
    with pytest.raises(PromoRowError) as caught:
        parse_promo_price(f"{whole}{separator}{fraction:03d}")
    assert caught.value.code is RejectionCode.PRICE_AMBIGUOUS


@given(st.text(max_size=20))
def test_any_text_is_a_price_in_range_with_cents_or_a_reason(text: str):
    try:
        price = parse_promo_price(text)
    except PromoRowError as problem:
        assert problem.reason
    else:
        assert Decimal("0.01") <= price <= Decimal(100_000)
        assert price == price.quantize(Decimal("0.01"))
