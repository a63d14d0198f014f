"""Carts on the real local servers (chalice local, DynamoDB Local, the simulator): concurrent changes
of one cart version through the API, exactly one wins (moto in-process does not check conditions
atomically, DynamoDB Local does, as DynamoDB)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from devstack import LocalStack
from tests.integration.api.test_api_on_local_stack import call, login

pytestmark = pytest.mark.integration


def test_concurrent_patches_of_one_version_never_lose_an_update(local_stack: LocalStack):
    tokens = [login(local_stack, email)["token"] for email in ("agent@demo.example", "admin@demo.example")]
    status, _, cart = call(local_stack.api_url, "POST", "/carts", body={"customer_key": 1}, token=tokens[0])
    assert status == 201, cart
    path = f"/carts/{cart['cart_id']}"

    def change(index: int) -> tuple[int, dict]:
        body = {"version": cart["version"], "customer_wish": f"Wunsch {index}"}
        status, _, answer = call(local_stack.api_url, "PATCH", path, body=body, token=tokens[index % 2])
        return status, answer

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(change, range(4)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409, 409], results
    winner = next(answer for status, answer in results if status == 200)
    assert all(a["code"] == "cart_version_conflict" for s, a in results if s == 409)
    status, _, stored = call(local_stack.api_url, "GET", path, token=tokens[1])
    assert status == 200 and stored["version"] == 2 and stored["customer_wish"] == winner["customer_wish"]
