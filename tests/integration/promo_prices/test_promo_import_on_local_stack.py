"""The whole promo price path on the real local stack: the demo's configured price file served by the
stack's web server, "Jetzt importieren" through chalice local, the stack's worker running the queued
import against DynamoDB Local, then the run in the history, the active price and the report."""

from __future__ import annotations

import time
from typing import Any

import pytest

from devstack import LocalStack
from tests.integration.api.test_api_on_local_stack import call, login

pytestmark = pytest.mark.integration


CURRENCY = "NOK"  # the demo's file under a currency of this test: EUR carts of other tests keep their prices


def wait_for_run(stack: LocalStack, token: str, run_id: str, timeout: float = 90.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = call(stack.api_url, "GET", f"/promo-imports/runs?currency={CURRENCY}", token=token)
        assert status == 200, body
        (run,) = [r for r in body["runs"] if r["run_id"] == run_id]
        if run["outcome"] in ("succeeded", "failed"):
            return run
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} did not finish within {timeout:.0f} s")


def test_import_now_runs_in_the_stacks_worker_and_switches_the_prices(local_stack: LocalStack) -> None:
    admin = login(local_stack, "admin@demo.example")["token"]
    agent = login(local_stack, "agent@demo.example")["token"]
    status, _, configs = call(local_stack.api_url, "GET", "/settings/promo-imports", token=admin)
    assert status == 200, configs
    (eur,) = [c for c in configs["configurations"] if c["currency"] == "EUR"]  # the demo seed's
    assert eur["url"] == f"{local_stack.web_url}/demo/aktionspreise.csv" and eur["id_type"] == "item_number"

    status, _, saved = call(
        local_stack.api_url,
        "PUT",
        "/settings/promo-imports",
        token=admin,
        body={"currency": CURRENCY, "url": eur["url"], "id_type": "item_number", "active": False},
    )
    assert status == 200, saved
    preview = saved["preview"]
    assert preview["format"]["separator"] == ";" and preview["counts"]["rejected"] == 2

    status, _, queued = call(
        local_stack.api_url, "POST", "/promo-imports/run", token=admin, body={"currency": CURRENCY}
    )
    assert status == 202 and queued["outcome"] == "queued", queued
    run = wait_for_run(local_stack, admin, queued["run_id"])

    assert run["outcome"] == "succeeded", run
    assert (run["accepted"], run["rejected"], run["duplicates"]) == (preview["counts"]["accepted"], 2, 1)
    status, _, price = call(
        local_stack.api_url, "GET", f"/promo-prices?id=10-1001&currency={CURRENCY}", token=agent
    )
    assert status == 200 and price["price"] == "16.99" and price["id_type"] == "item_number", price
    status, headers, report = call(
        local_stack.api_url, "GET", f"/promo-imports/runs/{run['run_id']}/rejected.csv", token=admin
    )
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert len(report.splitlines()) == 3 and "doppelt, zuerst in Zeile 2" in report
    status, _, configs = call(local_stack.api_url, "GET", "/settings/promo-imports", token=admin)
    (ours,) = [c for c in configs["configurations"] if c["currency"] == CURRENCY]
    assert ours["active_prices"]["generation"] == run["run_id"] and ours["running"] is False
