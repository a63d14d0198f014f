"""S1 advanced search, shop scope, truncation counts and the shop list, against the pixi simulator."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.functional.conftest import Api, Simulator


def search(api: Api, token: str, **params: str) -> tuple[int, dict]:
    return api.call("GET", "/customers?" + urlencode(params), token=token)


def keys(body: dict) -> list[int]:
    return [c["customer_key"] for c in body["customers"]]


@pytest.mark.parametrize("params", [
    {"name": "Mustermann"},
    {"name": "muster"},
    {"name": "*termann"},
    {"first_name": "Erika", "name": "Must"},
    {"email": "erika.mustermann@"},
    {"customer_number": "K10001"},
    {"zip_code": "10115", "name": "M"},
    {"city": "Berlin", "first_name": "Erika", "name": "Muster"},
    {"street": "Hauptstraße 5", "zip_code": "101"},
    {"country": "DE", "name": "Mustermann"},
    {"country": "Deutschland", "email": "erika.*"},
    {"phone": "+49 30 1234567"},
    {"phone": "030/123 4567", "name": "Mustermann"},
])
def test_each_advanced_field_finds_mustermann(api: Api, pixi: Simulator, demo_agent_token: str,
                                              params: dict[str, str]):
    status, body = search(api, demo_agent_token, **params)
    assert status == 200, body
    assert 1 in keys(body), params
    erika = next(c for c in body["customers"] if c["customer_key"] == 1)
    assert (erika["customer_number"], erika["city"], erika["customer_type"]) == (
        "K10001", "Berlin", "private")
    assert body["total"] == len(body["customers"]) and body["total_capped"] is False


def test_order_and_invoice_number_find_exactly_their_customer(api: Api, pixi: Simulator,
                                                              demo_agent_token: str):
    db = pixi.handle.database("pixiDEM")
    order = db.orders[max(db.orders_by_customer[2])]
    invoice = next(i for i in db.invoices.values() if i.cust_key == 1)
    status, body = search(api, demo_agent_token, order_number=str(order.order_nr))
    assert status == 200 and keys(body) == [2]
    assert body["customers"][0]["company"] == "Müller Haustechnik GmbH"
    status, body = search(api, demo_agent_token, invoice_number=invoice.invoice_nr)
    assert status == 200 and keys(body) == [1]
    status, body = search(api, demo_agent_token, order_number=str(order.order_nr), name="Mustermann")
    assert status == 200 and keys(body) == []  # criteria are combined (AND)


def test_fields_are_combined_and_an_empty_result_says_so(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = search(api, demo_agent_token, name="Mustermann", country="AT")
    assert status == 200
    assert body == {"customers": [], "truncated": False, "limit": 50, "total": 0, "total_capped": False}


def test_the_shop_scope_limits_simple_and_advanced_search(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = search(api, demo_agent_token, name="Müller", shop="FHD")
    assert status == 200 and 2 in keys(body)
    assert {c["shop_id"] for c in body["customers"]} == {"FHD"}
    status, body = search(api, demo_agent_token, name="Müller", shop="web")
    assert status == 200 and 2 not in keys(body) and {c["shop_id"] for c in body["customers"]} <= {"WEB"}
    status, all_shops = search(api, demo_agent_token, q="K1000")
    status, fhd = search(api, demo_agent_token, q="K1000", shop="FHD")
    assert status == 200 and set(keys(fhd)) == {c["customer_key"] for c in all_shops["customers"]
                                                 if c["shop_id"] == "FHD"} and keys(fhd)


def test_too_many_results_say_how_many_were_found(api: Api, pixi: Simulator, demo_agent_token: str):
    db = pixi.handle.database("pixiDEM")
    german = sum(any(db.countries[a.country].iso2 == "DE" for a in c.addresses)
                 for c in db.customers.values())
    assert 50 < german < 500
    status, body = search(api, demo_agent_token, country="DE")
    assert status == 200
    assert len(body["customers"]) == 50 and body["truncated"] is True
    assert body["total"] == german and body["total_capped"] is False
    names = [(c["last_name"] or c["company"]).casefold() for c in body["customers"]]
    assert names[0] <= names[-1]


def test_more_than_the_count_limit_is_capped(api: Api, pixi: Simulator, demo_agent_token: str,
                                             monkeypatch: pytest.MonkeyPatch):
    from chalicelib.services import customer_search

    monkeypatch.setattr(customer_search, "COUNT_LIMIT", 60)
    status, body = search(api, demo_agent_token, country="DE")
    assert status == 200
    shown = (len(body["customers"]), body["truncated"], body["total"], body["total_capped"])
    assert shown == (50, True, 60, True)


@pytest.mark.parametrize("params, field", [
    ({}, "criteria"),
    ({"name": "  "}, "criteria"),
    ({"name": "*"}, "criteria"),
    ({"q": "Mustermann", "name": "Mustermann"}, "q"),
    ({"order_number": "A-100"}, "order_number"),
    ({"order_number": "99999999999"}, "order_number"),
    ({"name": "Muster", "shop": "WEBSHOP"}, "shop"),
    ({"name": "x" * 101}, "name"),
])
def test_bad_advanced_searches_are_400_naming_the_field(api: Api, demo_agent_token: str,
                                                        params: dict[str, str], field: str):
    status, body = search(api, demo_agent_token, **params)
    assert status == 400, body
    assert body["code"] == "validation_error" and field in body["fields"], body


def test_shops_come_from_pixi_and_are_cached(api: Api, pixi: Simulator, demo_agent_token: str,
                                             nordlicht_agent_token: str, pixi_calls: dict[str, int]):
    expected = sorted((s.shop_id, s.name) for s in pixi.handle.database("pixiDEM").shops.values())
    for _ in range(2):
        status, body = api.call("GET", "/shops", token=demo_agent_token)
        assert status == 200
        assert [(s["shop_id"], s["name"]) for s in body["shops"]] == expected
    assert pixi_calls == {"list_shops": 1}
    api.call("GET", "/shops", token=nordlicht_agent_token)
    api.call("GET", "/shops?refresh=1", token=demo_agent_token)
    assert pixi_calls == {"list_shops": 3}


def test_a_search_is_never_cached(api: Api, pixi: Simulator, demo_agent_token: str,
                                  pixi_calls: dict[str, int]):
    for _ in range(2):
        status, _ = search(api, demo_agent_token, name="Mustermann")
        assert status == 200
    assert pixi_calls == {"search_customers": 2}


def test_an_advanced_search_fault_is_a_502(api: Api, pixi: Simulator, demo_agent_token: str):
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", mode="http500", times=100)
    status, body = search(api, demo_agent_token, name="Mustermann")
    assert status == 502 and body["code"] == "pixi_unavailable"
    assert body["message"] == "pixi ist gerade nicht erreichbar. Bitte gleich noch einmal versuchen."
