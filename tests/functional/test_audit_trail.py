"""B1 audit trail through the routes: views recorded with customer/order, admin changes, filters,
paging, tenant isolation, the admin-only rule, "zuletzt bearbeitet", and a failing audit store."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.fakes.audit import FailingAuditRepository
from tests.functional.conftest import Api, Simulator, log_lines
from tests.functional.test_tenant_support import new_tenant


@pytest.fixture(scope="module")
def demo_admin_token(api: Api) -> str:
    return api.login("admin@demo.example")


@pytest.fixture(scope="module")
def nordlicht_admin_token(api: Api) -> str:
    return api.login("admin@nordlicht.example")


def trail(api: Api, token: str, query: str = "") -> list[dict[str, Any]]:
    status, body = api.call("GET", f"/audit?limit=100{query}", token=token)
    assert status == 200, body
    return list(body["events"])


def erika_order(pixi: Simulator) -> int:
    return max(pixi.handle.database("pixiDEM").orders_by_customer[1])


def test_a_customer_view_is_recorded_with_who_and_whom(
    api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str
):
    assert api.call("GET", "/customers/2", token=demo_agent_token)[0] == 200
    latest = trail(api, demo_admin_token, "&customer_key=2")[0]
    assert (
        latest["action"] == "customer.viewed" and latest["outcome"] == "ok" and latest["kind"] == "customer"
    )
    assert (latest["agent_id"], latest["agent_email"]) == ("agent", "agent@demo.example")
    assert (latest["customer_key"], latest["customer_number"], latest["customer_name"]) == (
        2,
        "K10002",
        "Jürgen Müller",
    )
    assert latest["order_number"] is None
    assert datetime.fromisoformat(latest["at"]) > datetime.now(UTC) - timedelta(minutes=1)


def test_an_order_view_is_recorded_with_its_customer(
    api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str
):
    order = erika_order(pixi)
    assert api.call("GET", f"/orders/{order}", token=demo_agent_token)[0] == 200
    latest = trail(api, demo_admin_token, "&agent_id=agent")[0]
    assert (latest["action"], latest["outcome"], latest["order_number"]) == ("order.viewed", "ok", order)
    assert (latest["customer_key"], latest["customer_number"], latest["customer_name"]) == (
        1,
        "K10001",
        "Erika Mustermann",
    )


def test_a_failed_view_is_recorded_as_failed(
    api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str, fresh_pixi_cache: None
):
    assert api.call("GET", "/customers/999999", token=demo_agent_token)[0] == 404
    latest = trail(api, demo_admin_token, "&customer_key=999999")[0]
    assert (latest["action"], latest["outcome"], latest["details"]) == (
        "customer.viewed",
        "failed",
        {"error": "not_found"},
    )
    pixi.fault(db="pixiDEM", call="*", mode="fault")
    assert api.call("GET", "/customers/3", token=demo_agent_token)[0] == 502
    latest = trail(api, demo_admin_token, "&customer_key=3")[0]
    assert latest["outcome"] == "failed" and latest["details"]["error"].startswith("pixi")


def test_admin_changes_are_in_the_trail_and_in_the_settings_history(api: Api):
    tenant = new_tenant(api, company="Audit & Söhne")
    status, _ = api.call(
        "PUT",
        "/settings/email",
        token=tenant.admin_token,
        json_body={"support_address": "hilfe@audit.example"},
    )
    assert status == 200
    admin = trail(api, tenant.admin_token, "&kind=admin")
    assert admin[0]["action"] == "email.support_address_set" and admin[0]["kind"] == "admin"
    assert admin[0]["agent_email"] == tenant.admin_email and admin[0]["customer_key"] is None
    assert admin[0]["details"] == {"support_address": "hilfe@audit.example"}
    _, settings = api.call("GET", "/settings", token=tenant.admin_token)
    assert settings["recent_changes"][0]["action"] == "email.support_address_set"
    assert settings["recent_changes"][0]["agent_email"] == tenant.admin_email


def test_filters_by_agent_customer_and_date(
    api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str
):
    api.call("GET", "/customers/4", token=demo_agent_token)
    api.call("GET", "/customers/4", token=demo_admin_token)
    by_customer = trail(api, demo_admin_token, "&customer_key=4")
    assert by_customer and {e["customer_key"] for e in by_customer} == {4}
    assert {e["agent_id"] for e in by_customer} == {"agent", "admin"}
    only_admin = trail(api, demo_admin_token, "&customer_key=4&agent_id=admin")
    assert only_admin and {e["agent_id"] for e in only_admin} == {"admin"}
    today = datetime.now(UTC).date()
    assert trail(api, demo_admin_token, f"&customer_key=4&from={today}&to={today + timedelta(days=1)}")
    assert trail(api, demo_admin_token, f"&customer_key=4&from={today + timedelta(days=2)}") == []
    assert trail(api, demo_admin_token, f"&customer_key=4&to={today - timedelta(days=2)}") == []
    status, body = api.call("GET", "/audit?from=gestern", token=demo_admin_token)
    assert status == 400 and "from" in body["fields"]
    status, body = api.call(
        "GET", f"/audit?from={today}&to={today - timedelta(days=3)}", token=demo_admin_token
    )
    assert status == 400 and "to" in body["fields"]


def test_paging_with_a_cursor(api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str):
    for _ in range(5):
        api.call("GET", "/customers/5", token=demo_agent_token)
    everything = trail(api, demo_admin_token, "&customer_key=5")
    assert len(everything) >= 5
    paged: list[dict[str, Any]] = []
    cursor = ""
    while True:
        status, page = api.call("GET", f"/audit?customer_key=5&limit=2{cursor}", token=demo_admin_token)
        assert status == 200 and len(page["events"]) <= 2
        paged += page["events"]
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert [e["event_id"] for e in paged] == [e["event_id"] for e in everything]
    assert [e["at"] for e in paged] == sorted((e["at"] for e in paged), reverse=True)
    status, body = api.call("GET", "/audit?cursor=kaputt", token=demo_admin_token)
    assert status == 400 and "cursor" in body["fields"]


def test_tenants_never_see_each_others_events(
    api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str, nordlicht_admin_token: str
):
    api.call("GET", "/customers/1", token=demo_agent_token)
    theirs = trail(api, nordlicht_admin_token)
    assert all(not e["agent_email"].endswith("@demo.example") for e in theirs)
    assert trail(api, nordlicht_admin_token, "&agent_id=agent&customer_key=1") == [
        e for e in theirs if e["agent_id"] == "agent" and e["customer_key"] == 1
    ]
    assert all(
        e["agent_email"].endswith("@nordlicht.example")
        for e in trail(api, nordlicht_admin_token, "&agent_id=agent")
    )
    _, page = api.call("GET", "/audit?limit=1", token=demo_admin_token)
    status, body = api.call(
        "GET", f"/audit?limit=1&cursor={page['next_cursor']}", token=nordlicht_admin_token
    )
    assert status == 400 and "cursor" in body["fields"]


def test_agents_cannot_read_the_trail(api: Api, demo_agent_token: str):
    status, body = api.call("GET", "/audit", token=demo_agent_token)
    assert status == 403 and body["code"] == "forbidden"
    assert api.call("GET", "/audit")[0] == 401


def test_recent_customers_of_the_agent(
    api: Api, pixi: Simulator, demo_agent_token: str, nordlicht_agent_token: str
):
    api.call("GET", "/customers/6", token=demo_agent_token)
    api.call("GET", "/customers/2", token=demo_agent_token)
    api.call("GET", f"/orders/{erika_order(pixi)}", token=demo_agent_token)
    status, body = api.call("GET", "/me/recent-customers", token=demo_agent_token)
    assert status == 200
    recent = body["customers"]
    assert [c["customer_key"] for c in recent[:3]] == [1, 2, 6]
    assert len({c["customer_key"] for c in recent}) == len(recent) <= 20
    assert recent[0]["last_action"] == "order.viewed" and recent[0]["order_number"] == erika_order(pixi)
    assert (recent[1]["customer_number"], recent[1]["name"], recent[1]["last_action"]) == (
        "K10002",
        "Jürgen Müller",
        "customer.viewed",
    )
    assert recent[2]["name"] == "Max Meier" and recent[0]["at"] >= recent[1]["at"] >= recent[2]["at"]
    status, theirs = api.call("GET", "/me/recent-customers", token=nordlicht_agent_token)
    # the same agent id ("agent") in another tenant: its own work only (pixiTST numbers start with T)
    assert status == 200 and all(c["customer_number"].startswith("T") for c in theirs["customers"])


@pytest.fixture
def broken_audit_store(aws: None) -> Iterator[None]:
    from chalicelib.services import wiring

    real = wiring.adapters()
    wiring.use_adapters(dataclasses.replace(real, audit=FailingAuditRepository()))
    try:
        yield
    finally:
        wiring.use_adapters(real)


def test_a_failing_audit_store_never_fails_the_view_but_is_logged_loudly(
    api: Api, pixi: Simulator, demo_agent_token: str, broken_audit_store: None, captured_logs: io.StringIO
):
    status, body = api.call("GET", "/customers/1", token=demo_agent_token)
    assert status == 200 and body["customer_number"] == "K10001"
    lost = [
        line
        for line in log_lines(captured_logs)
        if line.get("message") == "AUDIT WRITE FAILED: event not stored"
    ]
    assert len(lost) == 1 and lost[0]["level"] == "ERROR"
    assert lost[0]["audit_event"]["action"] == "customer.viewed"
    assert lost[0]["audit_event"]["customer"]["customer_number"] == "K10001"


def test_the_routes_are_in_the_openapi_document(api: Api):
    _, document = api.call("GET", "/openapi.json")
    paths = document["paths"]
    assert paths["/audit"]["get"]["x-admin-only"] is True
    assert {p["name"] for p in paths["/audit"]["get"]["parameters"]} >= {
        "agent_id",
        "customer_key",
        "from",
        "to",
        "cursor",
        "limit",
    }
    assert paths["/me/recent-customers"]["get"]["x-admin-only"] is False
    assert "post" in paths["/support-requests"] and "get" in paths["/support-requests/readiness"]
