"""Fault injection through the admin API and the Python API; concurrency under latency."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from pixi_simulator.server import RunningSimulator
from tests.integration.simulator.conftest import SoapClient, parse_answer

pytestmark = pytest.mark.integration


def test_health_and_fault_admin(simulator: RunningSimulator) -> None:
    health = requests.get(simulator.base_url + "/_admin/health", timeout=5)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    created = requests.post(
        simulator.base_url + "/_admin/faults",
        timeout=5,
        json={"db": "pixiDEM", "call": "pixiCustomerSearch", "latency_ms": 200},
    )
    assert created.status_code == 201
    listed = requests.get(simulator.base_url + "/_admin/faults", timeout=5).json()["faults"]
    assert listed == [
        {"db": "pixiDEM", "call": "pixiCustomerSearch", "latency_ms": 200, "mode": None, "times": None}
    ]
    bad = requests.post(simulator.base_url + "/_admin/faults", json={"mode": "explode"}, timeout=5)
    assert bad.status_code == 400
    assert requests.delete(simulator.base_url + "/_admin/faults", timeout=5).json() == {"faults": []}


def test_fault_mode_is_a_soap_server_fault_for_the_next_call_only(
    simulator: RunningSimulator, dem: SoapClient
) -> None:
    requests.post(
        simulator.base_url + "/_admin/faults", json={"call": "*", "mode": "fault", "times": 1}, timeout=5
    )
    failed = dem.call("pixiGetShops")
    assert failed.status == 500 and failed.root is not None
    assert failed.root.findtext(".//faultcode").endswith(":Server")
    assert dem.call("pixiGetShops").status == 200


def test_garbage_and_http500(simulator: RunningSimulator, dem: SoapClient, tst: SoapClient) -> None:
    simulator.set_fault(db="pixiDEM", call="pixiGetShops", mode="garbage")
    garbage = dem.call("pixiGetShops")
    assert garbage.status == 200 and garbage.root is None
    assert tst.call("pixiGetShops").status == 200  # other database unaffected
    assert dem.call("pixiGetCurrency").status == 200  # other call unaffected
    simulator.clear_faults()
    simulator.set_fault(call="*", mode="http500", times=2)
    for _ in range(2):
        answer = dem.call("pixiGetCurrency")
        assert answer.status == 500 and b"Fault" not in answer.body
    assert dem.call("pixiGetCurrency").status == 200


def test_timeout_holds_the_connection(simulator: RunningSimulator, dem: SoapClient) -> None:
    simulator.set_fault(db="pixiDEM", call="pixiGetShops", mode="timeout", times=1)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        dem.call("pixiGetShops", timeout=0.5)
    assert time.monotonic() - started < 5


def test_latency_calls_are_served_concurrently(simulator: RunningSimulator, dem: SoapClient) -> None:
    simulator.set_fault(db="pixiDEM", call="pixiCustomerSearch", latency_ms=200)
    single_started = time.monotonic()
    assert dem.call("pixiCustomerSearch", {"Name": "Mustermann"}).status == 200
    assert time.monotonic() - single_started >= 0.2
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda _: dem.call("pixiCustomerSearch", {"Name": "Mustermann"}), range(5)))
    elapsed = time.monotonic() - started
    assert all(a.status == 200 and a.rows()[0]["CustKey"] == "1" for a in answers)
    assert elapsed < 0.7, f"5 calls with 200 ms latency took {elapsed:.2f} s: not concurrent"


def test_reset_rebuilds_the_data_and_clears_faults(simulator: RunningSimulator, dem: SoapClient) -> None:
    comment = dem.call("pixiAddOrderComment", {"OrderNr": "100002", "Comment": "vor dem Reset"})
    assert comment.rows()[0]["Status"] == "OK"
    simulator.set_fault(call="*", latency_ms=100)
    assert requests.post(simulator.base_url + "/_admin/reset", timeout=10).status_code == 200
    assert requests.get(simulator.base_url + "/_admin/faults", timeout=5).json() == {"faults": []}
    comments = dem.call("pixiGetOrderComments", {"OrderNr": "100002"}).rows()
    assert not any(c["Comment"] == "vor dem Reset" for c in comments)


def test_admin_on_unknown_route_is_404(simulator: RunningSimulator) -> None:
    assert requests.get(simulator.base_url + "/_admin/nope", timeout=5).status_code == 404
    assert parse_answer(requests.get(simulator.base_url + "/elsewhere", timeout=5)).status == 404
