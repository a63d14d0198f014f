"""Product ids in the promo price file: EANs (GTIN check digit) and pixi shop item numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.promo_price_csv import (
    PromoRowError,
    RejectionCode,
    check_ean,
    check_item_number,
    gtin_check_digit,
)


@pytest.mark.parametrize(
    "ean",
    [
        "4006381333931",
        "73513537",
        "12345670",
        "012345678905",
        "04006381333931",
        "5901234123457",
        "7612345678900",
    ],
)
def test_a_valid_ean_is_kept_as_written(ean: str):
    assert check_ean(ean) == ean
    assert check_ean(f"  {ean}\t") == ean  # trimmed, leading zeros kept


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", RejectionCode.PRODUCT_ID_MISSING),
        ("   ", RejectionCode.PRODUCT_ID_MISSING),
        ("4006381333932", RejectionCode.EAN_CHECK_DIGIT),
        ("400638133393", RejectionCode.EAN_CHECK_DIGIT),  # 12 digits, UPC-A check fails
        ("40063813339X1", RejectionCode.EAN_NOT_DIGITS),
        ("4006381 333931", RejectionCode.EAN_NOT_DIGITS),
        ("4006381333931.0", RejectionCode.EAN_NOT_DIGITS),
        ("٤٠٠٦٣٨١٣٣٣٩٣١", RejectionCode.EAN_NOT_DIGITS),  # Arabic-Indic digits
        ("123", RejectionCode.EAN_LENGTH),
        ("400638133393100", RejectionCode.EAN_LENGTH),  # 15 digits
        ("4006381333931000000", RejectionCode.EAN_LENGTH),
        ("4,00638E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
        ("4.00638E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
        ("4E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
        ("4,00638e12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
        ("12345678905", RejectionCode.EAN_LEADING_ZEROS_LOST),  # 012345678905 without its zero
        ("123456789051", RejectionCode.EAN_CHECK_DIGIT),
    ],
)
def test_a_broken_ean_is_rejected_with_its_reason(text: str, code: RejectionCode):
    with pytest.raises(PromoRowError) as caught:
        check_ean(text)
    assert caught.value.code is code
    assert caught.value.reason


def test_the_excel_hints_say_what_to_do():
    with pytest.raises(PromoRowError) as caught:
        check_ean("4,00638E+12")
    assert "Excel hat die EAN als Zahl gekürzt: Spalte als Text formatieren" in caught.value.reason
    with pytest.raises(PromoRowError) as caught:
        check_ean("12345678905")
    assert "führenden Nullen" in caught.value.reason and "0012345678905" in caught.value.reason


def test_the_check_digit_reason_names_the_expected_digit():
    with pytest.raises(PromoRowError) as caught:
        check_ean("4006381333932")
    assert "erwartet 1" in caught.value.reason


@pytest.mark.parametrize(
    ("body", "digit"), [("400638133393", 1), ("7351353", 7), ("01234567890", 5), ("761234567890", 0)]
)
def test_gtin_check_digit(body: str, digit: int):
    assert gtin_check_digit(body) == digit


ean_bodies = st.sampled_from([7, 11, 12, 13]).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
)


@given(ean_bodies)
def test_every_ean_with_its_check_digit_is_valid_and_every_other_last_digit_is_not(body: str):
    valid = f"{body}{gtin_check_digit(body)}"
    assert check_ean(valid) == valid
    for digit in "0123456789":
        if digit != valid[-1]:
            with pytest.raises(PromoRowError):
                check_ean(body + digit)


@given(ean_bodies, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_a_single_wrong_digit_is_always_caught(body: str, position: int, change: int):
    valid = f"{body}{gtin_check_digit(body)}"
    position %= len(valid)
    broken = valid[:position] + str((int(valid[position]) + change) % 10) + valid[position + 1 :]
    with pytest.raises(PromoRowError) as caught:
        check_ean(broken)
    assert caught.value.code is RejectionCode.EAN_CHECK_DIGIT


@pytest.mark.parametrize("number", ["SCHR-2", "Dübel-6", "A" * 50, "ab 12/3", "MÜTZE-ROT"])
def test_an_item_number_is_kept_trimmed(number: str):
    assert check_item_number(f" {number} ") == number


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", RejectionCode.PRODUCT_ID_MISSING),
        (" \t ", RejectionCode.PRODUCT_ID_MISSING),
        ("A" * 51, RejectionCode.ITEM_NUMBER_TOO_LONG),
        ("A\x07B", RejectionCode.ITEM_NUMBER_CONTROL_CHARACTERS),
        ("A\u200bB", RejectionCode.ITEM_NUMBER_CONTROL_CHARACTERS),  # zero-width space (format)
        ("A\x85B", RejectionCode.ITEM_NUMBER_CONTROL_CHARACTERS),  # Latin-1 read as C1 control
    ],
)
def test_a_broken_item_number_is_rejected(text: str, code: RejectionCode):
    with pytest.raises(PromoRowError) as caught:
        check_item_number(text)
    assert caught.value.code is code
