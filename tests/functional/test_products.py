"""Product search (O2) through ``GET /products``: typeahead from the 2nd character, wildcard,
variations under their master, price basis, stock per configuration, one pixi read per query."""

from __future__ import annotations

import copy

import pytest

from tests.functional.conftest import Api, Simulator
from tests.functional.test_order_config import SHOP_CONFIG, Shop, ordering_shop


@pytest.fixture(scope="module")
def shop(api: Api, simulator: Simulator) -> Shop:
    simulator.clear_faults()
    return ordering_shop(api, simulator)


def search(api: Api, shop: Shop, query: str) -> tuple[int, dict]:
    return api.call("GET", f"/products?q={query}", token=shop.agent_token)


def test_one_character_is_not_enough_two_are(api: Api, shop: Shop):
    status, body = search(api, shop, "j")
    assert status == 400 and "q" in body["fields"] and "2 Zeichen" in body["fields"]["q"], body
    status, body = search(api, shop, "**")
    assert status == 400, body
    status, body = search(api, shop, "ja")
    assert status == 200 and body["query"] == "ja", body


def test_hits_by_name_item_number_ean_and_wildcard(api: Api, shop: Shop):
    status, body = search(api, shop, "jacke")
    assert status == 200 and body["items"], body
    item = next(i for i in body["items"] if not i["is_variation_master"])
    assert item["currency"] == "EUR" and item["price_basis"] == "gross" and item["promo_price"] is None
    for query in (item["item_number"], item["ean"]):
        found = search(api, shop, query)[1]["items"]
        assert item["item_key"] in {i["item_key"] for i in found}, query
    pattern = item["name"][:4] + "*" + item["name"][-3:]  # * = any characters, the pattern is anchored
    assert item["item_key"] in {i["item_key"] for i in search(api, shop, pattern)[1]["items"]}


def test_variations_are_listed_under_their_master(api: Api, shop: Shop):
    items = search(api, shop, "Funktionsshirt")[1]["items"]
    (master,) = [i for i in items if i["is_variation_master"]]
    assert len(master["variations"]) == 8
    assert master["default_variation_key"] in {v["item_key"] for v in master["variations"]}
    assert {v["variation_text"] for v in master["variations"]} >= {"Größe M, Farbe Schwarz"}
    assert not [i for i in items if i["master_item_key"] == master["item_key"]]


def test_stock_shows_the_number_or_only_the_indicator(api: Api, shop: Shop, pixi: Simulator):
    items = search(api, shop, "jacke")[1]["items"]
    assert all(i["stock"]["available"] is not None and i["stock"]["available"] >= 0 for i in items)
    indicator = ordering_shop(api, pixi, config=copy.deepcopy(SHOP_CONFIG) | {"stock_display": "indicator"})
    shown = search(api, indicator, "jacke")[1]["items"]
    assert all(i["stock"]["available"] is None for i in shown)
    by_key = {i["item_key"]: i["stock"]["level"] for i in shown}
    for item in items:
        available = item["stock"]["available"]
        expected = "none" if available == 0 else "few" if available <= 5 else "available"
        assert by_key[item["item_key"]] == expected, item


def test_a_settled_query_costs_one_pixi_read_and_none_when_repeated(
    api: Api, shop: Shop, pixi_calls: dict[str, int]
):
    assert search(api, shop, "mütze")[0] == 200
    assert pixi_calls.get("search_items") == 1 and set(pixi_calls) == {"search_items"}, pixi_calls
    assert search(api, shop, "mütze")[0] == 200
    assert pixi_calls == {"search_items": 1}
