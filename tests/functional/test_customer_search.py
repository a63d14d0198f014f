"""S1 simple search through the route, against the real pixi simulator."""

from __future__ import annotations

import json
import time

from tests.functional.conftest import Api, Simulator


def search(api: Api, token: str, q: str) -> tuple[int, dict]:
    return api.call("GET", f"/customers?q={q}", token=token)


def test_finds_mustermann_by_last_name_email_and_customer_number(api: Api, pixi: Simulator,
                                                                 demo_agent_token: str):
    for q in ("Mustermann", "muster", "erika.mustermann@example", "K10001"):
        status, body = search(api, demo_agent_token, q)
        assert status == 200, (q, body)
        assert [c["customer_number"] for c in body["customers"]] == ["K10001"], q
        erika = body["customers"][0]
        assert erika["customer_key"] == 1 and erika["last_name"] == "Mustermann"
        assert erika["first_name"] == "Erika" and erika["city"] == "Berlin"
        assert erika["customer_type"] == "private" and erika["locked"] is False
        assert body["truncated"] is False and body["limit"] == 50


def test_results_are_merged_deduplicated_and_sorted(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = search(api, demo_agent_token, "K1000")
    assert status == 200
    keys = [c["customer_key"] for c in body["customers"]]
    assert len(keys) == len(set(keys)) and {1, 2, 3, 4, 5, 6} <= set(keys)
    names = [(c["last_name"], c["first_name"]) for c in body["customers"]]
    assert names.index(("Meier", "Max")) < names.index(("Mustermann", "Erika"))
    assert names.index(("Mustermann", "Erika")) < names.index(("Schäfer", "Thomas"))


def test_business_and_locked_customers_are_flagged(api: Api, pixi: Simulator, demo_agent_token: str):
    _, body = search(api, demo_agent_token, "K10002")
    assert body["customers"][0]["customer_type"] == "business"
    _, body = search(api, demo_agent_token, "K10003")
    assert body["customers"][0]["locked"] is True


def test_another_tenant_does_not_see_mustermann(api: Api, pixi: Simulator, nordlicht_agent_token: str):
    for q in ("Mustermann", "erika.mustermann", "K10001"):
        status, body = search(api, nordlicht_agent_token, q)
        assert status == 200
        assert all(c["last_name"] != "Mustermann" for c in body["customers"]), q


def test_too_short_query_is_a_400_naming_the_field(api: Api, demo_agent_token: str):
    for q in ("ab", "%20%20ab%20%20", ""):
        status, body = search(api, demo_agent_token, q)
        assert status == 400, q
        assert body["code"] == "validation_error"
        assert body["fields"]["q"] == "Bitte mindestens 3 Zeichen eingeben."
    status, body = api.call("GET", "/customers", token=demo_agent_token)
    assert status == 400 and "q" in body["fields"]


def test_a_pixi_fault_is_a_502_without_a_stack_trace(api: Api, pixi: Simulator, demo_agent_token: str):
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", mode="fault", times=100)
    status, body = search(api, demo_agent_token, "Mustermann")
    assert status == 502
    assert body["code"] == "pixi_error" and body["request_id"]
    assert "Traceback" not in json.dumps(body) and "soap" not in body["message"].lower()


def test_a_pixi_timeout_is_a_504(api: Api, pixi: Simulator, demo_agent_token: str,
                                 short_pixi_timeouts: float):
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", mode="timeout", times=100)
    started = time.monotonic()
    status, body = search(api, demo_agent_token, "Mustermann")
    assert status == 504, body
    assert body["code"] == "pixi_timeout"
    assert body["message"] == "pixi antwortet zu langsam. Bitte gleich noch einmal versuchen."
    # three concurrent calls (each with the client's 2 retries): about one call's time, not three
    one_call = 3 * short_pixi_timeouts + 0.6
    assert time.monotonic() - started < 2 * one_call


def test_garbage_from_pixi_is_a_502_bad_response(api: Api, pixi: Simulator, demo_agent_token: str):
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", mode="garbage", times=100)
    status, body = search(api, demo_agent_token, "Mustermann")
    assert (status, body["code"]) == (502, "pixi_bad_response")


def test_the_three_calls_run_concurrently(api: Api, pixi: Simulator, demo_agent_token: str):
    pixi.fault(db="pixiDEM", call="pixiCustomerSearch", latency_ms=400, times=3)
    started = time.monotonic()
    status, _ = search(api, demo_agent_token, "Mustermann")
    elapsed = time.monotonic() - started
    assert status == 200
    assert elapsed < 1.0, f"three 400 ms calls took {elapsed:.2f} s"
