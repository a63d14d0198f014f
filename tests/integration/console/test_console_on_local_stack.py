"""The agent console's routes on the real local servers: through the web server's /api proxy to
``chalice local``, DynamoDB Local, moto server and the pixi simulator process."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any
from urllib.error import HTTPError

import pytest

from devstack import LocalStack

pytestmark = pytest.mark.integration

PASSWORD = "Demo-Passw0rd!"


def call(url: str, *, token: str | None = None, body: Any = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except HTTPError as error:
        return error.code, json.loads(error.read())


def set_fault(stack: LocalStack, spec: dict[str, Any] | None) -> None:
    url = f"{stack.simulator_url}/_admin/faults"
    request = (urllib.request.Request(url, method="DELETE") if spec is None else
               urllib.request.Request(url, data=json.dumps(spec).encode(), method="POST",
                                      headers={"Content-Type": "application/json"}))
    with urllib.request.urlopen(request, timeout=5) as answer:
        answer.read()


@pytest.fixture(scope="module")
def api(local_stack: LocalStack) -> str:
    return f"{local_stack.web_url}/api"


@pytest.fixture(scope="module")
def token(api: str) -> str:
    status, body = call(f"{api}/auth/login", body={"email": "agent@demo.example", "password": PASSWORD})
    assert status == 200, body
    return str(body["token"])


def test_search_overview_history_and_details_through_the_proxy(api: str, token: str, local_stack: LocalStack):
    status, shops = call(f"{api}/shops", token=token)
    assert status == 200 and {s["shop_id"] for s in shops["shops"]} >= {"WEB", "FHD"}
    status, found = call(f"{api}/customers?name=Muster&city=Berlin&shop=WEB", token=token)
    assert status == 200 and [c["customer_number"] for c in found["customers"]] == ["K10001"]
    status, erika = call(f"{api}/customers/1", token=token)
    assert status == 200 and erika["name"] == "Erika Mustermann" and len(erika["orders"]["orders"]) == 20
    status, page = call(f"{api}/customers/1/orders?before={erika['orders']['next_before']}", token=token)
    assert status == 200 and page["orders"][0]["order_number"] < erika["orders"]["next_before"]
    number = erika["orders"]["orders"][1]["order_number"]
    status, order = call(f"{api}/orders/{number}", token=token)
    assert status == 200 and [i["state"] for i in order["invoices"]] == ["paid", "unpaid"]
    status, missing = call(f"{api}/orders/99999999", token=token)
    assert status == 404 and missing["code"] == "not_found"


def test_order_details_cost_about_one_slow_pixi_call(api: str, token: str, local_stack: LocalStack):
    number = call(f"{api}/customers/1/orders?limit=1", token=token)[1]["orders"][0]["order_number"]
    set_fault(local_stack, {"db": "pixiDEM", "call": "*", "latency_ms": 400})
    try:
        started = time.perf_counter()
        status, _ = call(f"{api}/orders/{number}?refresh=1&customer_key=1", token=token)  # as the page asks
        elapsed = time.perf_counter() - started
    finally:
        set_fault(local_stack, None)
    assert status == 200
    assert elapsed < 0.8, elapsed  # four calls one after another: >= 1.6 s
