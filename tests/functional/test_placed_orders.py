"""Placing a cart's order in pixi (O4) through the routes: preview, idempotent place, status,
timeouts asked of pixi before any resend, other tenants."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest

from tests.functional.conftest import Api, Simulator
from tests.functional.test_carts import add, in_stock, new_cart, patch
from tests.functional.test_order_config import Shop, ordering_shop


@pytest.fixture(scope="module")
def shop(api: Api, simulator: Simulator) -> Shop:
    simulator.clear_faults()
    return ordering_shop(api, simulator)


def imports_of(simulator: Simulator, order_id: str) -> list[Any]:
    db = simulator.handle.simulator.databases["pixiDEM"]
    return [e for e in db.imports.values() if e.document_id == order_id]


def ready_cart(api: Api, shop: Shop) -> dict[str, Any]:
    item = in_stock(api, shop, minimum=1)
    cart = new_cart(api, shop)
    status, cart = add(api, shop, cart, item_number=item["item_number"], quantity=1)
    assert status == 200, cart
    status, cart = patch(api, shop, cart, payment_code="R", shipping_code="DHL",
                         customer_wish="Bitte klingeln")
    assert status == 200, cart
    return cart


def refreshed(api: Api, shop: Shop, order: dict[str, Any]) -> tuple[int, Any]:
    return api.call("GET", f"/placed-orders/{order['order_id']}?refresh=true", token=shop.agent_token)


def place(api: Api, shop: Shop, cart: dict[str, Any], key: str | None = None,
          token: str | None = None) -> tuple[int, Any]:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api.call("POST", f"/carts/{cart['cart_id']}/order", token=token or shop.agent_token,
                    json_body={"version": cart["version"]}, headers=headers)


def test_preview_shows_what_will_be_sent_and_what_is_missing(api: Api, shop: Shop, pixi: Simulator):
    empty = new_cart(api, shop)
    status, preview = api.call("POST", f"/carts/{empty['cart_id']}/order/preview", token=shop.agent_token,
                               json_body={"version": empty["version"]})
    assert status == 200, preview
    assert preview["ready"] is False and "lines" in preview["problems"]
    cart = ready_cart(api, shop)
    status, preview = api.call("POST", f"/carts/{cart['cart_id']}/order/preview", token=shop.agent_token,
                               json_body={"version": cart["version"]})
    assert status == 200 and preview["ready"] is True, preview
    assert preview["comment"] == f"Telefonbestellung von {shop.agent_email}\n\nKundenwunsch: Bitte klingeln"
    assert preview["cart"]["cart_id"] == cart["cart_id"]


def test_placing_imports_once_and_the_cart_is_ordered(api: Api, shop: Shop, pixi: Simulator):
    cart = ready_cart(api, shop)
    key = uuid.uuid4().hex
    status, order = place(api, shop, cart, key)
    assert status == 201, order
    assert order["order_id"].startswith("TB-") and order["status"] == "imported", order
    assert order["pixi_order_number"] and order["cart_id"] == cart["cart_id"]
    status, again = place(api, shop, cart, key)  # a retry: the same answer, nothing sent again
    assert status == 201 and again["order_id"] == order["order_id"], again
    assert len(imports_of(pixi, order["order_id"])) == 1
    status, stored = api.call("GET", f"/carts/{cart['cart_id']}", token=shop.agent_token)
    assert status == 200 and stored["status"] == "ordered"
    status, other_tab = place(api, shop, cart, uuid.uuid4().hex)
    assert status == 409, other_tab
    status, listed = api.call("GET", "/placed-orders?mine=true", token=shop.agent_token)
    assert status == 200 and order["order_id"] in [o["order_id"] for o in listed["placed_orders"]]
    status, theirs = api.call("GET", "/placed-orders?mine=true", token=shop.other_agent_token)
    assert status == 200 and order["order_id"] not in [o["order_id"] for o in theirs["placed_orders"]]


def test_a_missing_idempotency_key_is_refused(api: Api, shop: Shop, pixi: Simulator):
    cart = ready_cart(api, shop)
    status, body = place(api, shop, cart)
    assert status == 400 and "Idempotency-Key" in body["fields"], body


def test_two_concurrent_submits_make_one_pixi_order(api: Api, shop: Shop, pixi: Simulator):
    pixi.fault(db="pixiDEM", call="pixiImportAddXML", latency_ms=300, times=1)
    cart = ready_cart(api, shop)
    key = uuid.uuid4().hex
    answers: list[tuple[int, Any]] = []

    def submit() -> None:
        answers.append(place(api, shop, cart, key))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    placed = [body for status, body in answers if status == 201]
    assert placed and sorted(s for s, _ in answers) in ([201, 201], [201, 409]), answers
    assert len({body["order_id"] for body in placed}) == 1
    assert len(imports_of(pixi, placed[0]["order_id"])) == 1


def test_a_lost_answer_is_asked_of_pixi_not_sent_again(api: Api, shop: Shop, pixi: Simulator,
                                                        short_pixi_timeouts: float):
    cart = ready_cart(api, shop)
    pixi.fault(db="pixiDEM", call="pixiImportAddXML", latency_ms=int(short_pixi_timeouts * 1000) + 500,
               times=1)
    status, order = place(api, shop, cart, uuid.uuid4().hex)
    assert status == 201, order
    assert order["status"] == "sending", order  # pixi's answer got lost; nothing known yet
    time.sleep(short_pixi_timeouts + 0.5)  # the simulator stores the document after its latency
    status, order = refreshed(api, shop, order)
    assert status == 200 and order["status"] in ("sent", "parsed", "imported"), order
    assert len(imports_of(pixi, order["order_id"])) == 1


def test_a_send_that_never_reached_pixi_is_sent_after_asking(api: Api, shop: Shop, pixi: Simulator,
                                                              short_pixi_timeouts: float):
    cart = ready_cart(api, shop)
    pixi.fault(db="pixiDEM", call="pixiImportAddXML", mode="fault", times=1)
    status, order = place(api, shop, cart, uuid.uuid4().hex)
    assert status == 201 and order["status"] == "sending", order
    assert imports_of(pixi, order["order_id"]) == []
    status, order = refreshed(api, shop, order)
    assert status == 200 and order["status"] == "imported", order
    assert len(imports_of(pixi, order["order_id"])) == 1


def test_an_order_pixi_refuses_has_the_reason_and_reopens_the_cart(api: Api, shop: Shop, pixi: Simulator):
    cart = ready_cart(api, shop)
    db = pixi.handle.simulator.databases["pixiDEM"]
    item = db.item_by_number(cart["lines"][0]["item_number"])
    original, item.item_nr_int = item.item_nr_int, f"GONE-{uuid.uuid4().hex[:6]}"
    try:
        status, order = place(api, shop, cart, uuid.uuid4().hex)
    finally:
        item.item_nr_int = original
    assert status == 201 and order["status"] == "failed", order
    assert "unbekannt" in order["reason"], order
    status, stored = api.call("GET", f"/carts/{cart['cart_id']}", token=shop.agent_token)
    assert status == 200 and stored["status"] == "open"


def test_another_tenant_sees_no_placed_order(api: Api, shop: Shop, simulator: Simulator, pixi: Simulator):
    cart = ready_cart(api, shop)
    status, order = place(api, shop, cart, uuid.uuid4().hex)
    assert status == 201, order
    other = ordering_shop(api, simulator)
    status, body = api.call("GET", f"/placed-orders/{order['order_id']}", token=other.agent_token)
    assert status == 404, body
    status, body = place(api, other, cart, uuid.uuid4().hex)
    assert status == 404, body


def test_the_status_check_job_follows_the_order_and_the_trail_records_it(api: Api, shop: Shop,
                                                                        pixi: Simulator):
    from chalicelib.domain.audit import AuditFilter
    from chalicelib.domain.job import Job
    from chalicelib.domain.tenant import ConnectionRef
    from chalicelib.services.placed_orders import CHECK_JOB, check_placed_order
    from chalicelib.services.wiring import adapters

    cart = ready_cart(api, shop)
    pixi.fault(db="pixiDEM", call="pixiImportAddXML", mode="fault", times=1)
    status, order = place(api, shop, cart, uuid.uuid4().hex)
    assert status == 201 and order["status"] == "sending", order
    connection = ConnectionRef(shop.tenant_id, order["connection_id"])
    check_placed_order(Job.for_connection(CHECK_JOB, connection, correlation_id="c1",
                                          payload={"order_id": order["order_id"], "attempt": 1}))
    status, order = api.call("GET", f"/placed-orders/{order['order_id']}", token=shop.agent_token)
    assert status == 200 and order["status"] == "imported", order
    assert len(imports_of(pixi, order["order_id"])) == 1
    events = adapters().audit.query(shop.tenant_id, AuditFilter(), limit=100).events
    mine = [e.action for e in events if e.details.get("order_id") == order["order_id"]]
    assert mine == ["order.placed"]
