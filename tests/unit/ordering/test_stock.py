"""Stock in the cart: refused, allowed but marked, and the indicator."""

from __future__ import annotations

import pytest

from chalicelib.domain.stock import StockLevel, StockVerdict, stock_check, stock_indicator


def test_within_stock_is_ok_either_way():
    for allow in (True, False):
        check = stock_check(5, 5, allow_without_stock=allow)
        assert check.verdict is StockVerdict.OK and check.allowed and check.message == ""


def test_beyond_stock_is_refused_with_the_numbers_when_not_allowed():
    check = stock_check(5, 3, allow_without_stock=False)
    assert check.verdict is StockVerdict.REFUSED and not check.allowed
    assert check.message.startswith("Nicht genug Bestand: 3 verfügbar, 5 angefragt.")


def test_beyond_stock_is_marked_when_allowed():
    check = stock_check(5, 3, allow_without_stock=True)
    assert check.verdict is StockVerdict.MARKED and check.allowed
    assert check.message == "Nicht genug Bestand: 3 verfügbar, 5 bestellt (2 ohne Bestand)."


def test_negative_available_stock_counts_as_none():
    assert stock_check(1, -4, allow_without_stock=False).message.startswith(
        "Nicht genug Bestand: 0 verfügbar"
    )
    assert "(1 ohne Bestand)" in stock_check(1, -4, allow_without_stock=True).message


def test_a_quantity_below_one_is_a_programming_error():
    with pytest.raises(ValueError):
        stock_check(0, 10, allow_without_stock=True)


@pytest.mark.parametrize(
    ("available", "level"),
    [
        (-2, StockLevel.NONE),
        (0, StockLevel.NONE),
        (1, StockLevel.FEW),
        (5, StockLevel.FEW),
        (6, StockLevel.AVAILABLE),
        (1000, StockLevel.AVAILABLE),
    ],
)
def test_the_indicator_with_the_default_threshold(available: int, level: StockLevel):
    assert stock_indicator(available, few=5) is level


def test_the_few_threshold_is_configurable():
    assert stock_indicator(10, few=10) is StockLevel.FEW
    assert stock_indicator(11, few=10) is StockLevel.AVAILABLE
