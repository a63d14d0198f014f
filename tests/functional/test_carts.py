"""Carts (O1, O3, C2–C5) through the routes: start, lines, totals, conflicts, park and take over,
reorder, tenant and connection scope, the option gate and bad bodies."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from tests.functional.conftest import Api, Simulator
from tests.functional.test_order_config import SHOP_CONFIG, Shop, ordering_shop

ERIKA = 1  # pixiDEM's Erika Mustermann, Musterstraße, Köln (DE)


@pytest.fixture(scope="module")
def shop(api: Api, simulator: Simulator) -> Shop:
    simulator.clear_faults()
    return ordering_shop(api, simulator)


def new_cart(
    api: Api, shop: Shop, body: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    status, cart = api.call(
        "POST", "/carts", token=token or shop.agent_token, json_body=body or {"customer_key": ERIKA}
    )
    assert status == 201, cart
    return cart


def products(api: Api, shop: Shop, query: str, **params: str) -> list[dict[str, Any]]:
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    status, body = api.call("GET", f"/products?q={query}{extra}", token=shop.agent_token)
    assert status == 200, body
    return list(body["items"])


def in_stock(api: Api, shop: Shop, minimum: int = 3) -> dict[str, Any]:
    """A plain (not variation) item with at least ``minimum`` pieces available."""
    for query in ("jacke", "socken", "mütze", "shirt", "hose"):
        for item in products(api, shop, query):
            if not item["is_variation_master"] and (item["stock"]["available"] or 0) >= minimum:
                return item
    raise AssertionError("no item in stock")


def add(api: Api, shop: Shop, cart: dict[str, Any], **line: Any) -> tuple[int, dict[str, Any]]:
    return api.call(
        "POST",
        f"/carts/{cart['cart_id']}/lines",
        token=shop.agent_token,
        json_body={"version": cart["version"], **line},
    )


def patch(
    api: Api, shop: Shop, cart: dict[str, Any], token: str | None = None, **changes: Any
) -> tuple[int, dict[str, Any]]:
    return api.call(
        "PATCH",
        f"/carts/{cart['cart_id']}",
        token=token or shop.agent_token,
        json_body={"version": cart["version"], **changes},
    )


def test_a_cart_for_a_known_customer_starts_with_the_addresses_and_options(api: Api, shop: Shop):
    cart = new_cart(api, shop)
    assert cart["version"] == 1 and cart["status"] == "open" and cart["connection_id"] == "default"
    customer = cart["customer"]
    assert customer["kind"] == "existing" and customer["customer_key"] == ERIKA
    assert (customer["first_name"], customer["last_name"]) == ("Erika", "Mustermann")
    assert cart["billing_address"]["last_name"] == "Mustermann" and cart["known_addresses"]
    assert cart["currency"] == "EUR" and cart["lines"] == [] and cart["messages"] == []
    assert cart["totals"] == {
        "goods": "0.00",
        "discount": "0.00",
        "shipping": "0.00",
        "payment_surcharge": "0.00",
        "vat": "0.00",
        "total": "0.00",
        "currency": "EUR",
        "price_basis": "gross",
        "missing_for_free_shipping": None,
    }
    assert {o["vendor_code"] for o in cart["shipping_options"]} == {"DHL", "UPS"}
    cod = next(o for o in cart["payment_options"] if o["code"] == "N")
    assert cod["adjustment_text"] == "Aufschlag 4,00 EUR"
    prepay = next(o for o in cart["payment_options"] if o["code"] == "V")
    assert prepay["adjustment_text"] == "Rabatt 2,5 %"
    assert cart["owner"]["email"] == shop.agent_email and cart["expires_at"] > cart["updated_at"]
    status, again = api.call("GET", f"/carts/{cart['cart_id']}", token=shop.agent_token)
    assert status == 200 and again["version"] == 1 and again["cart_id"] == cart["cart_id"]


def test_lines_totals_shipping_and_payment_are_recomputed_on_every_change(api: Api, shop: Shop):
    item = in_stock(api, shop)
    cart = new_cart(api, shop)
    status, cart = add(api, shop, cart, item_number=item["item_number"], quantity=2)
    assert status == 200, cart
    assert cart["version"] == 2
    (line,) = cart["lines"]
    assert line["item_key"] == item["item_key"] and line["quantity"] == 2 and line["promo"] is False
    price = Decimal(item["price"])
    assert Decimal(line["unit_price"]) == price and Decimal(line["line_total"]) == price * 2
    assert line["stock"]["available"] == item["stock"]["available"] and line["stock"]["note"] == ""
    status, cart = patch(api, shop, cart, shipping_code="UPS", payment_code="N")
    assert status == 200, cart
    totals = cart["totals"]
    assert Decimal(totals["goods"]) == price * 2 and totals["shipping"] == "12.90"
    assert totals["payment_surcharge"] == "4.00"
    assert Decimal(totals["total"]) == price * 2 + Decimal("16.90")
    status, cart = api.call(
        "PATCH",
        f"/carts/{cart['cart_id']}/lines/{line['line_id']}",
        token=shop.agent_token,
        json_body={"version": cart["version"], "quantity": 1},
    )
    assert status == 200 and cart["lines"][0]["quantity"] == 1, cart
    assert Decimal(cart["totals"]["goods"]) == price
    status, cart = add(api, shop, cart, item_key=item["item_key"], quantity=1)
    assert status == 200 and len(cart["lines"]) == 1 and cart["lines"][0]["quantity"] == 2, cart
    status, cart = api.call(
        "DELETE",
        f"/carts/{cart['cart_id']}/lines/{line['line_id']}?version={cart['version']}",
        token=shop.agent_token,
    )
    assert status == 200 and cart["lines"] == [] and cart["totals"]["total"] == "0.00", cart


def test_business_customers_see_net_prices(api: Api, shop: Shop):
    item = in_stock(api, shop)
    (business,) = [
        p
        for p in products(api, shop, item["item_number"], customer_type="business")
        if p["item_key"] == item["item_key"]
    ]
    assert business["price_basis"] == "net" and item["price_basis"] == "gross"
    vat = Decimal(item["vat_percent"])
    assert Decimal(business["price"]) == (Decimal(item["price"]) * 100 / (100 + vat)).quantize(
        Decimal("0.01")
    )
    cart = new_cart(
        api,
        shop,
        {
            "new_customer": {
                "customer_type": "business",
                "company": "Firma AG",
                "last_name": "Meier",
                "email": "einkauf@firma.example",
            }
        },
    )
    status, cart = add(api, shop, cart, item_key=item["item_key"], quantity=1)
    assert status == 200, cart
    assert cart["totals"]["price_basis"] == "net" and cart["lines"][0]["unit_price"] == business["price"]
    assert Decimal(cart["totals"]["total"]) == Decimal(cart["totals"]["goods"]) + Decimal(
        cart["totals"]["vat"]
    )


def test_a_variation_master_adds_its_default_variation(api: Api, shop: Shop):
    hits = products(api, shop, "Funktionsshirt")
    master = next(h for h in hits if h["is_variation_master"])
    assert master["variations"] and all(
        v["master_item_key"] == master["item_key"] for v in master["variations"]
    )
    assert all(h["master_item_key"] != master["item_key"] for h in hits)  # variations only under the master
    cart = new_cart(api, shop)
    status, cart = add(api, shop, cart, item_key=master["item_key"], quantity=1)
    if status == 409:  # the default variation has no stock in this simulator's data
        assert cart["code"] == "stock_insufficient"
        return
    assert status == 200, cart
    assert cart["lines"][0]["item_key"] == master["default_variation_key"]


def test_stock_beyond_the_available_is_refused_with_the_numbers_or_marked(
    api: Api, shop: Shop, pixi: Simulator
):
    item = in_stock(api, shop)
    available = item["stock"]["available"]
    cart = new_cart(api, shop)
    status, body = add(api, shop, cart, item_key=item["item_key"], quantity=available + 5)
    assert (status, body["code"]) == (409, "stock_insufficient"), body
    assert f"{available} verfügbar" in body["message"] and f"{available + 5}" in body["message"]
    allowing = ordering_shop(
        api,
        pixi,
        config=copy.deepcopy(SHOP_CONFIG) | {"allow_without_stock": True, "stock_display": "indicator"},
    )
    cart = new_cart(api, allowing)
    status, cart = add(api, allowing, cart, item_key=item["item_key"], quantity=available + 5)
    assert status == 200, cart
    stock = cart["lines"][0]["stock"]
    assert stock["available"] is None and stock["level"] in ("available", "few")
    assert "ohne Bestand" in stock["note"]


def test_two_changes_of_the_same_version_one_wins_one_gets_a_conflict(api: Api, shop: Shop):
    cart = new_cart(api, shop)
    status, first = patch(api, shop, cart, customer_wish="Bitte klingeln")
    assert status == 200, first
    status, second = patch(api, shop, cart, token=shop.other_agent_token, customer_wish="Anderer Wunsch")
    assert (status, second["code"]) == (409, "cart_version_conflict"), second
    assert second["message"] == (
        f"Der Warenkorb wurde inzwischen geändert (von {shop.agent_email}). Bitte neu laden."
    )
    status, stored = api.call("GET", f"/carts/{cart['cart_id']}", token=shop.agent_token)
    assert stored["customer_wish"] == "Bitte klingeln" and stored["version"] == 2


def test_shipping_that_no_longer_fits_the_destination_is_dropped_with_a_message(api: Api, shop: Shop):
    cart = new_cart(api, shop)
    status, cart = patch(api, shop, cart, shipping_code="DHL")
    assert status == 200 and cart["shipping_code"] == "DHL", cart
    swiss = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "street": "Bahnhofstrasse 1",
        "zip_code": "8001",
        "city": "Zürich",
        "country": "CH",
    }
    status, cart = patch(api, shop, cart, shipping_address=swiss)
    assert status == 200, cart
    assert cart["shipping_code"] == "" and [m["code"] for m in cart["messages"]] == ["shipping_dropped"]
    assert [o["vendor_code"] for o in cart["shipping_options"]] == ["UPS"]
    assert cart["shipping_same_as_billing"] is False and cart["shipping_address"]["country"] == "CH"
    status, refused = patch(api, shop, cart, shipping_code="DHL")
    assert status == 400 and "shipping_code" in refused["fields"], refused
    status, cart = patch(api, shop, cart, shipping_same_as_billing=True)
    assert status == 200 and cart["shipping_address"] is None and cart["shipping_same_as_billing"] is True


def test_a_bank_account_is_checked_and_never_shown_unmasked(api: Api, shop: Shop):
    cart = new_cart(api, shop)
    status, body = patch(
        api,
        shop,
        cart,
        payment_code="B",
        bank_account={"holder": "Erika Mustermann", "iban": "DE89 3704 0044 0532 0130 01"},
    )
    assert status == 400 and "bank_account.iban" in body["fields"], body
    status, cart = patch(
        api,
        shop,
        cart,
        payment_code="B",
        bank_account={"holder": "Erika Mustermann", "iban": "de89 3704 0044 0532 0130 00"},
    )
    assert status == 200, cart
    assert cart["bank_account"] == {
        "holder": "Erika Mustermann",
        "iban_masked": "DE89 **** **** **** **30 00",
        "bic": "",
    }
    status, stored = api.call("GET", f"/carts/{cart['cart_id']}", token=shop.agent_token)
    assert "370400440532013000" not in str(stored)
    status, cart = patch(api, shop, cart, bank_account=None)
    assert status == 200 and cart["bank_account"] is None


def test_quick_order_paste_adds_what_it_can_and_reports_the_rest_per_row(api: Api, shop: Shop):
    item = in_stock(api, shop)
    cart = new_cart(api, shop)
    text = f"{item['item_number']}\t2\nGIBT-ES-NICHT;1\n\n{item['ean']} 1\n{item['item_number']};1,5"
    status, body = api.call(
        "POST",
        f"/carts/{cart['cart_id']}/lines/paste",
        token=shop.agent_token,
        json_body={"version": cart["version"], "text": text},
    )
    assert status == 200, body
    (line,) = body["cart"]["lines"]
    assert line["item_key"] == item["item_key"] and line["quantity"] == 3
    problems = {p["line_number"]: p for p in body["problems"]}
    assert set(problems) == {2, 5}
    assert problems[2]["text"] == "GIBT-ES-NICHT;1" and "nicht gefunden" in problems[2]["reason"]
    assert "ganze Stückzahl" in problems[5]["reason"]


def test_park_list_and_take_over_by_another_agent(api: Api, shop: Shop):
    cart = new_cart(api, shop)
    status, parked = api.call(
        "POST",
        f"/carts/{cart['cart_id']}/park",
        token=shop.agent_token,
        json_body={"version": cart["version"], "note": "Kundin ruft zurück"},
    )
    assert status == 200 and parked["status"] == "parked" and parked["parked_note"] == "Kundin ruft zurück"
    status, refused = patch(api, shop, parked, customer_wish="x")
    assert (status, refused["code"]) == (409, "cart_not_changeable"), refused
    status, listed = api.call("GET", "/carts?status=parked", token=shop.other_agent_token)
    summary = next(c for c in listed["carts"] if c["cart_id"] == cart["cart_id"])
    assert summary["customer_name"] == "Erika Mustermann" and summary["owner_email"] == shop.agent_email
    assert summary["parked_note"] == "Kundin ruft zurück" and summary["total"] == "0.00"
    mine = api.call("GET", "/carts?mine=true", token=shop.other_agent_token)[1]["carts"]
    assert cart["cart_id"] not in {c["cart_id"] for c in mine}
    status, taken = api.call(
        "POST",
        f"/carts/{cart['cart_id']}/take-over",
        token=shop.other_agent_token,
        json_body={"version": parked["version"]},
    )
    assert status == 200, taken
    assert taken["status"] == "open" and taken["owner"]["email"] == shop.other_agent_email
    mine = api.call("GET", "/carts?mine=true", token=shop.other_agent_token)[1]["carts"]
    assert cart["cart_id"] in {c["cart_id"] for c in mine}
    from chalicelib.services import audit

    actions = [e.action for e in audit.search(shop.tenant_id, customer_key=ERIKA).events]
    assert {"cart.created", "cart.parked", "cart.taken_over"} <= set(actions)


def test_reorder_takes_lines_addresses_and_payment_of_a_past_order(api: Api, shop: Shop):
    status, page = api.call("GET", f"/customers/{ERIKA}/orders", token=shop.agent_token)
    assert status == 200 and page["orders"], page
    number = page["orders"][0]["order_number"]
    status, order = api.call("GET", f"/orders/{number}", token=shop.agent_token)
    cart = new_cart(api, shop, {"from_order": number})
    assert cart["customer"]["customer_key"] == ERIKA
    assert cart["billing_address"]["last_name"] == order["billing_address"]["last_name"]
    taken = {line["item_number"] for line in cart["lines"]}
    reported = " ".join(m["text"] for m in cart["messages"])
    for line in order["lines"]:
        assert line["item_number"] in taken or line["item_number"] in reported, (line, cart["messages"])


def test_bad_bodies_get_400_with_fields(api: Api, shop: Shop):
    status, body = api.call("POST", "/carts", token=shop.agent_token, json_body={})
    assert status == 400 and "body" in body["fields"], body
    status, body = api.call(
        "POST",
        "/carts",
        token=shop.agent_token,
        json_body={"new_customer": {"customer_type": "business", "last_name": "Meier"}},
    )
    assert status == 400 and "new_customer.company" in body["fields"], body
    status, body = api.call(
        "POST",
        "/carts",
        token=shop.agent_token,
        json_body={"new_customer": {"last_name": "Meier", "email": "kein-at"}},
    )
    assert status == 400 and "new_customer.email" in body["fields"], body
    cart = new_cart(api, shop)
    status, body = add(api, shop, cart, item_number="GIBT-ES-NICHT", quantity=1)
    assert status == 400 and "item_number" in body["fields"], body
    item = in_stock(api, shop)
    status, body = add(api, shop, cart, item_key=item["item_key"], quantity=0)
    assert status == 400 and "quantity" in body["fields"], body
    status, body = patch(api, shop, cart, currency="USD")
    assert status == 400 and "currency" in body["fields"], body
    status, body = api.call(
        "PATCH",
        f"/carts/{cart['cart_id']}",
        token=shop.agent_token,
        json_body={"customer_wish": "ohne Version"},
    )
    assert status == 400 and "version" in body["fields"], body


def test_other_tenants_carts_are_not_found(api: Api, shop: Shop, pixi: Simulator, demo_agent_token: str):
    cart = new_cart(api, shop)
    status, body = api.call("GET", f"/carts/{cart['cart_id']}", token=demo_agent_token)
    assert (status, body["code"]) == (404, "not_found"), body
    status, body = api.call(
        "PATCH",
        f"/carts/{cart['cart_id']}",
        token=demo_agent_token,
        json_body={"version": 1, "customer_wish": "fremd"},
    )
    assert status == 404, body
    listed = api.call("GET", "/carts", token=demo_agent_token)[1]["carts"]
    assert cart["cart_id"] not in {c["cart_id"] for c in listed}


def test_a_cart_stays_on_its_connection(api: Api, shop: Shop):
    from chalicelib.services import connections
    from chalicelib.services.settings_audit import system_actor

    second = "zweite"
    if not any(c.connection_id == second for c in connections.list_connections(shop.tenant_id)):
        pixi_url = next(c.endpoint for c in connections.list_connections(shop.tenant_id))
        connections.add_connection(
            system_actor(shop.tenant_id),
            connection_id=second,
            name="Zweite",
            endpoint=pixi_url,
            username="pixiDEM",
            password="pixi-demo",
            test_first=False,
        )
    cart = new_cart(api, shop)
    status, body = api.call(
        "GET", f"/carts/{cart['cart_id']}", token=shop.agent_token, headers={"X-Pixi-Connection": second}
    )
    assert (status, body["code"]) == (409, "cart_other_connection"), body
    status, body = api.call(
        "GET", f"/carts/{cart['cart_id']}", token=shop.agent_token, headers={"X-Pixi-Connection": "default"}
    )
    assert status == 200, body


def test_the_routes_need_the_ordering_option(api: Api, pixi: Simulator, nordlicht_agent_token: str):
    for method, path in (
        ("POST", "/carts"),
        ("GET", "/carts"),
        ("GET", "/products?q=ab"),
        ("POST", "/address-matches"),
    ):
        status, body = api.call(method, path, token=nordlicht_agent_token, json_body={})
        assert (status, body["code"]) == (403, "feature_not_booked"), (path, body)


def test_the_duplicate_check_finds_a_known_customer_despite_spelling(api: Api, shop: Shop):
    billing = new_cart(api, shop)["billing_address"]
    assert "straße" in billing["street"]
    typed = {
        "first_name": "erika",
        "last_name": "MUSTERMANN",
        "street": billing["street"].replace("straße", "str.").upper(),
        "zip_code": billing["zip_code"],
        "city": billing["city"],
        "country": billing["country"],
    }
    status, body = api.call("POST", "/address-matches", token=shop.agent_token, json_body=typed)
    assert status == 200, body
    best = body["matches"][0]
    assert best["customer_key"] == ERIKA and best["score"] == 100 and best["name"] == "Erika Mustermann"
    status, body = api.call("POST", "/address-matches", token=shop.agent_token, json_body={"last_name": "X"})
    assert status == 200 and body["matches"] == []
