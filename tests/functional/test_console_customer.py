"""S2 customer overview through the route, against the real pixi simulator (facts from pixiDEM)."""

from __future__ import annotations

import time

import pytest

from tests.functional.conftest import Api, Simulator


def overview(api: Api, token: str, key: object, refresh: bool = False) -> tuple[int, dict]:
    return api.call("GET", f"/customers/{key}" + ("?refresh=1" if refresh else ""), token=token)


def test_mustermann_has_billing_and_shipping_address_and_is_private(
    api: Api, pixi: Simulator, demo_agent_token: str, fresh_pixi_cache: None
):
    status, body = overview(api, demo_agent_token, 1)
    assert status == 200, body
    assert (body["customer_key"], body["customer_number"], body["name"]) == (1, "K10001", "Erika Mustermann")
    assert body["customer_type"] == "private" and body["company"] == "" and body["vat_id"] == ""
    assert body["locked"] is False and body["lock_reason"] == ""
    billing = [a for a in body["addresses"] if a["is_default_billing"]]
    shipping = [a for a in body["addresses"] if a["is_default_shipping"]]
    assert [(a["street"], a["zip_code"], a["city"], a["address_type"]) for a in billing] == [
        ("Hauptstraße 5", "10115", "Berlin", "billing")]
    assert [(a["street"], a["zip_code"], a["address_type"]) for a in shipping] == [
        ("Friedrichstraße 120", "10117", "shipping")]
    assert billing[0]["is_shipping"] is False and shipping[0]["is_billing"] is False
    assert body["payment_method"] == {"code": "R", "text": "Rechnung"}


def test_the_overview_brings_the_first_page_of_orders_newest_first(
    api: Api, pixi: Simulator, demo_agent_token: str, fresh_pixi_cache: None
):
    erika_orders = sorted(pixi.handle.database("pixiDEM").orders_by_customer[1], reverse=True)
    _, body = overview(api, demo_agent_token, 1)
    numbers = [o["order_number"] for o in body["orders"]["orders"]]
    assert numbers == erika_orders[:20]
    assert body["orders"]["next_before"] == erika_orders[19]
    newest = body["orders"]["orders"][0]
    assert newest["currency"] == "EUR" and newest["status"] in ("OPEN", "CLOSED", "HOLD")
    assert newest["external_order_number"].startswith("WEB-") and newest["order_date"] and newest["ship_date"]
    assert newest["total"].count(".") == 1 and len(newest["total"].split(".")[1]) == 2


def test_mueller_haustechnik_is_a_business_customer_with_vat_id(
    api: Api, pixi: Simulator, demo_agent_token: str, fresh_pixi_cache: None
):
    status, body = overview(api, demo_agent_token, 2)
    assert status == 200
    assert body["customer_type"] == "business"
    assert (body["company"], body["vat_id"]) == ("Müller Haustechnik GmbH", "DE123456789")
    assert body["shop_id"] == "FHD"
    [address] = body["addresses"]  # one address for billing and shipping
    assert address["is_default_billing"] and address["is_default_shipping"] and address["city"] == "Köln"


def test_weiss_is_locked_with_the_reason(api: Api, pixi: Simulator, demo_agent_token: str,
                                         fresh_pixi_cache: None):
    status, body = overview(api, demo_agent_token, 3)
    assert status == 200
    assert body["locked"] is True and body["lock_reason"] == "Zahlungsausfall – nur Vorkasse"
    assert body["payment_method"] == {"code": "V", "text": "Vorkasse"}


def test_a_customer_without_orders_has_an_empty_history(api: Api, pixi: Simulator, demo_agent_token: str,
                                                        fresh_pixi_cache: None):
    status, body = overview(api, demo_agent_token, 6)
    assert status == 200 and body["name"] == "Max Meier"
    assert body["orders"] == {"orders": [], "next_before": None}


def test_unknown_and_other_tenants_customers_are_404(api: Api, pixi: Simulator, demo_agent_token: str,
                                                     nordlicht_agent_token: str, fresh_pixi_cache: None):
    demo_keys = set(pixi.handle.database("pixiDEM").customers)
    other_keys = set(pixi.handle.database("pixiTST").customers)
    only_demo = max(demo_keys - other_keys)
    status, body = overview(api, demo_agent_token, only_demo)
    assert status == 200 and body["customer_key"] == only_demo
    for token, key in ((nordlicht_agent_token, only_demo), (demo_agent_token, 999999)):
        status, body = overview(api, token, key)
        assert status == 404, body
        assert body["code"] == "not_found" and body["message"] == "Kunde nicht gefunden."
        assert "customer_key" not in body and str(key) not in body["message"]
    # the same key in the other tenant's pixi is simply another customer there
    status, body = overview(api, nordlicht_agent_token, 1)
    assert status == 200 and body["customer_number"].startswith("T") and body["last_name"] != "Mustermann"


@pytest.mark.parametrize("key", ["abc", "0", "-1", "1.5", "99999999999", "1%20OR%201"])
def test_a_malformed_customer_key_is_a_400(api: Api, demo_agent_token: str, key: str):
    status, body = overview(api, demo_agent_token, key)
    assert status == 400, (key, body)
    assert body["fields"] == {"customer_key": "Der Kundenschlüssel muss eine positive ganze Zahl sein."}


def test_the_overview_needs_a_token(api: Api):
    status, _ = api.call("GET", "/customers/1")
    assert status == 401


def test_repeated_views_use_the_cache_and_refresh_asks_pixi_again(
    api: Api, pixi: Simulator, demo_agent_token: str, nordlicht_agent_token: str, pixi_calls: dict[str, int]
):
    for _ in range(3):
        status, _ = overview(api, demo_agent_token, 1)
        assert status == 200
    assert pixi_calls == {"get_customer": 1, "get_addresses": 1, "list_orders": 1, "list_payment_types": 1}
    status, page = api.call("GET", "/customers/1/orders?limit=20", token=demo_agent_token)
    assert status == 200 and pixi_calls["list_orders"] == 1  # the overview's first page, cached
    status, body = overview(api, demo_agent_token, 1, refresh=True)
    assert status == 200 and body["orders"] == page
    assert pixi_calls == {"get_customer": 2, "get_addresses": 2, "list_orders": 2, "list_payment_types": 2}
    # another tenant never gets the demo tenant's cached customer 1
    status, other = overview(api, nordlicht_agent_token, 1)
    assert status == 200 and other["last_name"] != "Mustermann" and pixi_calls["get_customer"] == 3


def test_a_failed_pixi_call_is_not_cached(api: Api, pixi: Simulator, demo_agent_token: str,
                                          pixi_calls: dict[str, int]):
    pixi.fault(db="pixiDEM", call="pixiGetCustomerInfo", mode="fault", times=1)
    status, body = overview(api, demo_agent_token, 2)
    assert status == 502 and body["code"] == "pixi_error"
    status, body = overview(api, demo_agent_token, 2)
    assert status == 200 and body["company"] == "Müller Haustechnik GmbH"
    assert pixi_calls["get_customer"] == 2


def test_the_pixi_calls_run_concurrently(api: Api, pixi: Simulator, demo_agent_token: str,
                                         fresh_pixi_cache: None):
    """Profile, orders and payment types at once, then the profile's two addresses at once: two
    rounds (pixi documents no call that lists a customer's addresses), never the sum of five calls."""
    overview(api, demo_agent_token, 1)  # warm: connection resolved, WSDL parsed
    pixi.fault(db="pixiDEM", call="*", latency_ms=200)
    started = time.perf_counter()
    status, _ = api.call("GET", "/shops?refresh=1", token=demo_agent_token)
    one_call = time.perf_counter() - started
    assert status == 200 and one_call >= 0.2
    started = time.perf_counter()
    status, body = overview(api, demo_agent_token, 1, refresh=True)
    elapsed = time.perf_counter() - started
    assert status == 200 and body["customer_key"] == 1
    assert elapsed < 3 * one_call, (elapsed, one_call)  # the sum of five calls would be >= 5 x 200 ms


def test_a_pixi_fault_is_a_502_with_a_german_message(api: Api, pixi: Simulator, demo_agent_token: str,
                                                      fresh_pixi_cache: None):
    pixi.fault(db="pixiDEM", call="pixiGetOrderHeader", mode="fault", times=100)
    status, body = overview(api, demo_agent_token, 1)
    assert status == 502
    assert body["code"] == "pixi_error"
    assert body["message"] == "pixi hat die Anfrage mit einem Fehler beantwortet."
    assert "Traceback" not in str(body)


def test_a_pixi_timeout_is_a_504_without_waiting_for_the_other_calls(
    api: Api, pixi: Simulator, demo_agent_token: str, short_pixi_timeouts: float, fresh_pixi_cache: None
):
    pixi.fault(db="pixiDEM", call="pixiGetPaymenttypes", mode="timeout", times=100)
    status, body = overview(api, demo_agent_token, 1)
    assert status == 504, body
    assert body["code"] == "pixi_timeout"
    assert body["message"] == "pixi antwortet zu langsam. Bitte gleich noch einmal versuchen."
