"""Order and customer numbers: prefix rules, formatting, the order document's id."""

from __future__ import annotations

import pytest

from chalicelib.domain.order_number import (
    COUNTER_MAX,
    CUSTOMER_NUMBER_MAX_LENGTH,
    ORDER_NUMBER_MAX_LENGTH,
    PREFIX_MAX_LENGTH,
    document_id,
    format_number,
    prefix_problem,
    same_document,
)


def test_the_prefix_goes_in_front_of_the_counter():
    assert format_number("CC-", 1042) == "CC-1042"
    assert format_number("", 7) == "7"
    assert format_number("K/2026.", 1, max_length=CUSTOMER_NUMBER_MAX_LENGTH) == "K/2026.1"


def test_the_longest_prefix_with_the_largest_counter_fits_both_pixi_fields():
    prefix = "P" * PREFIX_MAX_LENGTH
    number = format_number(prefix, COUNTER_MAX)
    assert len(number) <= ORDER_NUMBER_MAX_LENGTH <= CUSTOMER_NUMBER_MAX_LENGTH
    assert format_number(prefix, COUNTER_MAX, max_length=CUSTOMER_NUMBER_MAX_LENGTH) == number


@pytest.mark.parametrize("counter", [0, -1, COUNTER_MAX + 1, True])
def test_a_counter_outside_its_range_is_a_programming_error(counter: int):
    with pytest.raises(ValueError):
        format_number("CC-", counter)


def test_a_number_longer_than_its_field_is_refused():
    with pytest.raises(ValueError, match="longer than 5"):
        format_number("ABCD", 12, max_length=5)
    with pytest.raises(ValueError, match="prefix"):
        format_number("C C", 1)


@pytest.mark.parametrize("prefix", ["", "CC-", "K_", "2026/", "web.", "A" * PREFIX_MAX_LENGTH])
def test_allowed_prefixes(prefix: str):
    assert prefix_problem(prefix) is None


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("A" * (PREFIX_MAX_LENGTH + 1), f"Höchstens {PREFIX_MAX_LENGTH} Zeichen."),
        ("CC ", "Erlaubt sind nur"),
        ("CC*", "Erlaubt sind nur"),
        ("CC%", "Erlaubt sind nur"),
        ("Ü-", "Erlaubt sind nur"),
        ("<x>", "Erlaubt sind nur"),
    ],
)
def test_refused_prefixes_say_why(prefix: str, message: str):
    problem = prefix_problem(prefix)
    assert problem is not None and problem.startswith(message)


def test_the_document_id_is_the_order_number_and_is_compared_like_pixi_does():
    assert document_id("CC-1042") == "CC-1042"
    assert same_document("cc-1042", "CC-1042")
    assert not same_document("CC-1042", "CC-10420")
    for bad in ("", "CC 1", "CC-1]]>", "x" * (ORDER_NUMBER_MAX_LENGTH + 1)):
        with pytest.raises(ValueError):
            document_id(bad)
