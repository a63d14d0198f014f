"""Issue 17 through the routes: a dead pixi opens its connection's circuit breaker (fast 503 with
Retry-After, audit event, log line), other tenants go on, one probe closes it; the tenant's bulkhead
refuses one read too many at once (429)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from chalicelib.domain.circuit_breaker import BreakerPolicy
from chalicelib.services.pixi_guard import Bulkhead, pixi_guard
from tests.functional.conftest import Api, Simulator, log_lines

SEARCH = "/customers?name=Mustermann"  # the advanced search: one pixi call per request


@pytest.fixture
def quick_breaker(monkeypatch: pytest.MonkeyPatch) -> Iterator[BreakerPolicy]:
    policy = BreakerPolicy(failure_threshold=5, open_seconds=1)
    monkeypatch.setattr(pixi_guard(), "policy", policy)
    yield policy


def get(api: Api, token: str, path: str) -> tuple[int, dict, dict]:
    answer = api.client.http.request("GET", path, headers={"Authorization": f"Bearer {token}"}, body=b"")
    return answer.status_code, json.loads(answer.body), dict(answer.headers)


def admin_actions(api: Api) -> list[str]:
    status, body = api.call("GET", "/audit?kind=admin&limit=100", token=api.login("admin@demo.example"))
    assert status == 200, body
    return [event["action"] for event in body["events"]]


def test_a_dead_pixi_is_not_asked_for_a_while_and_one_probe_brings_it_back(
    api: Api, pixi: Simulator, demo_agent_token: str, nordlicht_agent_token: str,
    quick_breaker: BreakerPolicy, captured_logs,
):
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", mode="http500", times=1000)
    for _ in range(quick_breaker.failure_threshold):
        status, body, _ = get(api, demo_agent_token, SEARCH)
        assert status == 502 and body["code"] == "pixi_unavailable"

    started = time.perf_counter()
    status, body, headers = get(api, demo_agent_token, SEARCH)
    assert time.perf_counter() - started < 0.5
    assert status == 503 and body["code"] == "pixi_circuit_open"
    assert body["message"] == "pixi antwortet nicht – neuer Versuch in 1 s." and headers["Retry-After"] == "1"
    assert get(api, nordlicht_agent_token, SEARCH)[0] == 200  # another tenant's pixi is asked as ever

    opened = [line for line in log_lines(captured_logs) if line["message"].startswith("pixi circuit opened")]
    assert len(opened) == 1 and opened[0]["tenant_id"] == "demo" and opened[0]["failures"] == 5
    assert "pixi_connection.circuit_opened" in admin_actions(api)

    pixi.clear_faults()
    time.sleep(1.1)
    status, body, _ = get(api, demo_agent_token, SEARCH)
    assert status == 200, body
    actions = admin_actions(api)
    assert actions.index("pixi_connection.circuit_closed") < actions.index("pixi_connection.circuit_opened")


def test_one_read_too_many_of_a_tenant_is_refused_at_once(
    api: Api, pixi: Simulator, demo_agent_token: str, monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(pixi_guard(), "bulkhead", Bulkhead(1))
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", latency_ms=600, times=1)
    first: list[int] = []
    slow = threading.Thread(target=lambda: first.append(get(api, demo_agent_token, SEARCH)[0]))
    slow.start()
    time.sleep(0.3)
    started = time.perf_counter()
    status, body, headers = get(api, demo_agent_token, SEARCH)
    assert time.perf_counter() - started < 0.3
    assert status == 429 and body["code"] == "pixi_busy" and headers["Retry-After"] == "1"
    slow.join(5)
    assert first == [200]
