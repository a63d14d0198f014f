"""Powertools Idempotency against DynamoDB Local (the table the stack's bootstrap created)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.adapters import aws
from chalicelib.adapters.idempotency import IdempotencyKeyReusedError, OperationInProgressError, idempotent
from chalicelib.settings import get_settings
from devstack import LocalStack

pytestmark = pytest.mark.integration


class Counting:
    def __init__(self, result: Any) -> None:
        self.calls = 0
        self.result = result

    def __call__(self) -> Any:
        self.calls += 1
        return self.result


def once(key: str, run: Callable[[], Any], *, tenant: str = "demo", operation: str = "test_place",
         payload: dict[str, Any] | None = None) -> Any:
    return idempotent(tenant_id=tenant, operation=operation, key=key, run=run, payload=payload)


def new_key() -> str:
    return uuid.uuid4().hex


def test_the_same_key_twice_runs_once_and_returns_the_stored_result(local_stack: LocalStack) -> None:
    key = new_key()
    place_order = Counting({"order_number": "CC-1001", "lines": [1, 2]})

    first = once(key, place_order, payload={"cart": "c1"})
    second = once(key, place_order, payload={"cart": "c1"})

    assert first == second == {"order_number": "CC-1001", "lines": [1, 2]}
    assert place_order.calls == 1


def test_the_record_starts_with_the_tenant(local_stack: LocalStack) -> None:
    once(new_key(), lambda: {"ok": True}, operation="test_record")

    items = aws.client("dynamodb").scan(TableName=get_settings().idempotency_table_name)["Items"]
    mine = [item for item in items if item["id"]["S"].startswith("demo#test_record#")]
    assert len(mine) >= 1
    assert all("expiration" in item for item in mine)


def test_keys_are_per_tenant_and_operation(local_stack: LocalStack) -> None:
    key = new_key()
    place_order = Counting({"ok": True})

    once(key, place_order)
    once(key, place_order, tenant="nordlicht")
    once(key, place_order, operation="test_other")

    assert place_order.calls == 3


def test_a_concurrent_second_call_is_told_the_first_is_in_progress(local_stack: LocalStack) -> None:
    key = new_key()
    started, release = threading.Event(), threading.Event()
    results: list[Any] = []

    def slow_place_order() -> dict[str, str]:
        started.set()
        assert release.wait(20)
        return {"order_number": "CC-2002"}

    first = threading.Thread(target=lambda: results.append(once(key, slow_place_order)))
    first.start()
    try:
        assert started.wait(20)
        second = Counting({"order_number": "never"})
        with pytest.raises(OperationInProgressError) as refused:
            once(key, second)
        assert (refused.value.status, refused.value.code, second.calls) == (409, "operation_in_progress", 0)
    finally:
        release.set()
        first.join(20)

    assert results == [{"order_number": "CC-2002"}]
    later = Counting({"order_number": "never"})
    assert once(key, later) == {"order_number": "CC-2002"}
    assert later.calls == 0


def test_the_same_key_with_another_payload_is_refused(local_stack: LocalStack) -> None:
    key = new_key()
    once(key, lambda: {"ok": 1}, payload={"cart": "c1"})

    with pytest.raises(IdempotencyKeyReusedError) as refused:
        once(key, lambda: {"ok": 2}, payload={"cart": "c2"})

    assert (refused.value.status, refused.value.code) == (422, "idempotency_key_reused")


def test_a_failed_run_stores_nothing_and_the_key_can_be_used_again(local_stack: LocalStack) -> None:
    key = new_key()

    def broken() -> dict[str, str]:
        raise RuntimeError("pixi timed out")

    with pytest.raises(RuntimeError, match="pixi timed out"):
        once(key, broken)
    retry = Counting({"order_number": "CC-3003"})

    assert once(key, retry) == {"order_number": "CC-3003"}
    assert retry.calls == 1
