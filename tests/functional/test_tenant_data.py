"""Tenant data on moto: secrets cache, pixi connection lookup, setup errors."""

from __future__ import annotations

import json

from chalicelib.adapters.secrets import SecretStore, pixi_password_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.tenant import Tenant, TenantStatus
from chalicelib.services.connections import add_connection
from chalicelib.services.passwords import hash_password
from chalicelib.services.pixi_connection import open_connection, resolve_connection
from chalicelib.services.settings_audit import system_actor
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings
from tests.functional.conftest import PASSWORD, Api


def test_secret_reads_are_cached_for_a_short_time(aws: None):
    now = [1000.0]
    store = SecretStore(ttl_seconds=60, clock=lambda: now[0])
    name = "pcc/test/tenants/t-cache/pixi/c1"
    store.put(name, "first")
    assert store.get(name) == "first"
    SecretStore().put(name, "second")  # changed elsewhere
    now[0] += 30
    assert store.get(name) == "first"
    now[0] += 31
    assert store.get(name) == "second"


def test_the_pixi_password_lives_in_the_secret_store_only(aws: None):
    stored = add_connection(system_actor("t-secret"), name="pixi", endpoint="https://pixi.example/soap/pixiX/",
                            username="pixiX", password="s3cret-pw", connection_id="c1", test_first=False)
    assert stored.is_default  # the first one
    assert stored.password_secret_ref == pixi_password_secret_name(get_settings(), "t-secret", "c1")
    assert "t-secret" in stored.password_secret_ref
    [record] = adapters().connections.list_for_tenant("t-secret")
    assert "s3cret-pw" not in repr(record)
    connection = open_connection(resolve_connection("t-secret", None))
    assert (connection.endpoint, connection.username, connection.password) == (
        "https://pixi.example/soap/pixiX/", "pixiX", "s3cret-pw")


def test_a_tenant_without_pixi_connection_gets_a_setup_error(api: Api, aws: None):
    deps = adapters()
    deps.tenants.save(Tenant(tenant_id="t-nopixi", name="Ohne pixi KG", status=TenantStatus.ACTIVE))
    deps.agents.create(Agent(tenant_id="t-nopixi", agent_id="a1", email="agent@ohne-pixi.example", name="A",
                             role=Role.AGENT, state=AgentState.ACTIVE, password_hash=hash_password(PASSWORD)))
    token = api.login("agent@ohne-pixi.example")
    status, body = api.call("GET", "/customers?q=Mustermann", token=token)
    assert status == 409
    assert body["code"] == "pixi_not_configured"
    assert body["message"] == "Es ist keine aktive pixi-API-Verbindung eingerichtet."


def test_a_suspended_tenant_cannot_log_in(api: Api, aws: None):
    deps = adapters()
    deps.tenants.save(Tenant(tenant_id="t-suspended", name="Pausiert GmbH", status=TenantStatus.SUSPENDED))
    deps.agents.create(Agent(tenant_id="t-suspended", agent_id="a1", email="agent@pausiert.example", name="A",
                             role=Role.AGENT, state=AgentState.ACTIVE, password_hash=hash_password(PASSWORD)))
    status, body = api.call("POST", "/auth/login",
                            json_body={"email": "agent@pausiert.example", "password": PASSWORD})
    assert status == 401 and body["message"] == "E-Mail-Adresse oder Passwort ist falsch."


def test_no_route_answer_contains_a_pixi_password(api: Api, demo_agent_token: str):
    for method, path in (("GET", "/me"), ("POST", "/auth/refresh"), ("GET", "/openapi.json")):
        _, body = api.call(method, path, token=demo_agent_token)
        assert "pixi-demo" not in json.dumps(body)


def test_repeated_wrong_passwords_lock_the_agent(api: Api, aws: None):
    """Each try after the 5th has to wait (5 s, 10 s, ...); the 10th failure locks for 15 minutes.
    The clock is stepped past each wait, so every try counts."""
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from chalicelib.services import wiring

    real = adapters()
    clock = [datetime.now(UTC)]
    wiring.use_adapters(dataclasses.replace(real, now=lambda: clock[0]))
    try:
        locky = Agent(tenant_id="demo", agent_id="locky", email="locky@demo.example", name="L",
                      role=Role.AGENT, state=AgentState.ACTIVE, password_hash=hash_password(PASSWORD))
        real.agents.create(locky)
        for _ in range(10):
            wrong = {"email": "locky@demo.example", "password": "x"}
            assert api.call("POST", "/auth/login", json_body=wrong)[0] == 401
            clock[0] += timedelta(seconds=81)  # past the longest slow-down (80 s), within the 15 min lock
        right = {"email": "locky@demo.example", "password": PASSWORD}
        status, body = api.call("POST", "/auth/login", json_body=right)
        assert status == 429 and body["message"].startswith("Zu viele fehlgeschlagene Anmeldungen.")
        locked = real.agents.get("demo", "locky")
        assert locked is not None and locked.locked_until is not None and locked.failed_logins == 10
    finally:
        wiring.use_adapters(real)
