"""Advanced-search criteria: validation and normalisation (pure)."""

from __future__ import annotations

import pytest

from chalicelib.domain.customer import (
    NO_CRITERIA_MESSAGE,
    ORDER_NUMBER_MESSAGE,
    SHOP_MESSAGE,
    advanced_search_filters,
    normalise_phone,
    normalise_shop,
    parse_pixi_number,
)
from chalicelib.errors import ValidationError
from chalicelib.services.customer_search import (
    MIXED_SEARCH_MESSAGE,
    QUERY_TOO_SHORT_MESSAGE,
    advanced_search_criteria,
    search_customers,
)


def test_names_numbers_and_places_match_at_the_beginning_email_and_phone_anywhere():
    assert advanced_search_filters({
        "name": " Muster ", "first_name": "Erika", "customer_number": "K100", "zip_code": "101",
        "city": "Berlin", "street": "Hauptstraße 5", "email": "erika@", "phone": "030 123",
    }) == {
        "name": "Muster*", "first_name": "Erika*", "customer_number": "K100*", "zip_code": "101*",
        "city": "Berlin*", "street": "Hauptstraße 5*", "email": "*erika@*", "phone": "*030123*",
    }


def test_a_wildcard_typed_by_the_agent_is_used_as_given():
    assert advanced_search_filters({"name": "*mann", "email": "erika.*", "city": "M%nchen"}) == {
        "name": "*mann", "email": "erika.*", "city": "M*nchen"}


def test_country_and_invoice_number_are_exact_and_the_order_number_is_a_number():
    given = {"country": "de", "invoice_number": " DEM0000021 ", "order_number": "100042"}
    assert advanced_search_filters(given) == {
        "country": "DE", "invoice_number": "DEM0000021", "order_number": 100042}
    assert advanced_search_filters({"country": "Deutschland"}) == {"country": "Deutschland"}


def test_inner_whitespace_is_collapsed_and_empty_fields_are_left_out():
    given = {"street": "Am   Hafen  7", "name": "", "city": None, "zip_code": "  "}
    assert advanced_search_filters(given) == {
        "street": "Am Hafen 7*"}


@pytest.mark.parametrize("phone, expected", [
    ("+49 30 1234567", "0301234567"), ("0049 (30) 123-45/67", "0301234567"), ("030.1234567", "0301234567"),
    ("+41 44 123", "+4144123"),
])
def test_phone_numbers_are_compared_by_their_digits(phone: str, expected: str):
    assert normalise_phone(phone) == expected


@pytest.mark.parametrize("values", [{}, {"name": ""}, {"name": "  ", "city": "*"}, {"email": "%%"},
                                    {"unknown": "x"}])
def test_at_least_one_field_is_needed(values: dict[str, str]):
    with pytest.raises(ValidationError) as caught:
        advanced_search_filters(values)
    assert caught.value.fields == {"criteria": NO_CRITERIA_MESSAGE}


@pytest.mark.parametrize("number", ["A-1", "12.5", "-3", "0", "2147483648"])
def test_the_order_number_must_be_a_pixi_number(number: str):
    with pytest.raises(ValidationError) as caught:
        advanced_search_filters({"order_number": number})
    assert caught.value.fields == {"order_number": ORDER_NUMBER_MESSAGE}


def test_pixi_numbers():
    assert parse_pixi_number(" 42 ", "k", "m") == 42
    assert parse_pixi_number("2147483647", "k", "m") == 2147483647
    for bad in ("", None, "4e2", "²", "１２", "1 2", "12\x00"):
        with pytest.raises(ValidationError):
            parse_pixi_number(bad, "k", "m")


def test_the_shop_scope():
    assert normalise_shop(None) is None and normalise_shop("  ") is None
    assert normalise_shop(" web ") == "WEB" and normalise_shop("F1") == "F1"
    for bad in ("WEBS", "W-B", "%", "W B"):
        with pytest.raises(ValidationError) as caught:
            normalise_shop(bad)
        assert caught.value.fields == {"shop": SHOP_MESSAGE}


def test_the_filters_become_pixi_criteria_with_the_shop():
    filters = advanced_search_filters({"name": "Muster", "order_number": "7"})
    criteria = advanced_search_criteria(filters, "WEB")
    params = criteria.params()
    assert (params["Name"], params["OrderNr"], params["ShopID"]) == ("Muster%", 7, "WEB")
    assert params["eMail"] is None and params["Zip"] is None


def test_simple_and_advanced_search_are_not_mixed_and_one_is_needed():
    # These checks come before any pixi call: no tenant is looked up.
    with pytest.raises(ValidationError) as caught:
        search_customers("t", "Mustermann", {"name": "Muster"})
    assert caught.value.fields == {"q": MIXED_SEARCH_MESSAGE}
    with pytest.raises(ValidationError) as caught:
        search_customers("t", None, {"name": " "})
    assert caught.value.fields == {"q": QUERY_TOO_SHORT_MESSAGE, "criteria": NO_CRITERIA_MESSAGE}
    with pytest.raises(ValidationError) as caught:
        search_customers("t", "ab", {})
    assert caught.value.fields == {"q": QUERY_TOO_SHORT_MESSAGE}
