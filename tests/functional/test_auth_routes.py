"""Login, refresh, /me and the authorizer, through the real routes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.permissions import Principal
from chalicelib.services.passwords import hash_password
from chalicelib.services.tokens import issue_token
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings
from tests.functional.conftest import PASSWORD, Api

LOGIN_FAILED = "E-Mail-Adresse oder Passwort ist falsch."


def make_agent(email: str, *, tenant_id: str = "demo", state: AgentState = AgentState.ACTIVE,
               role: Role = Role.AGENT) -> Agent:
    agent = Agent(tenant_id=tenant_id, agent_id=email.split("@")[0], email=email, name="Test Agent",
                  role=role, state=state, password_hash=hash_password(PASSWORD))
    adapters().agents.create(agent)
    return agent


def test_login_returns_token_and_agent_profile(api: Api):
    credentials = {"email": " Agent@Demo.example ", "password": PASSWORD}
    status, body = api.call("POST", "/auth/login", json_body=credentials)
    assert status == 200, body
    assert body["agent"] == {
        "agent_id": "agent", "email": "agent@demo.example", "name": "Demo Agent (Demo GmbH)", "role": "agent",
        "tenant_id": "demo", "tenant_name": "Demo GmbH",
        # the demo seed books both options
        "features": ["search", "details", "support_mail", "ordering", "product_import"],
    }
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert timedelta(minutes=14) < expires_at - datetime.now(UTC) <= timedelta(minutes=15)
    status, me = api.call("GET", "/me", token=body["token"])
    assert status == 200 and me == body["agent"]


def test_wrong_password_and_unknown_email_get_the_same_401(api: Api, aws: None):
    wrong = api.call("POST", "/auth/login", json_body={"email": "agent@demo.example", "password": "falsch"})
    unknown = api.call("POST", "/auth/login",
                       json_body={"email": "nobody@demo.example", "password": PASSWORD})
    for status, body in (wrong, unknown):
        assert status == 401
        assert body["code"] == "unauthenticated"
        assert body["message"] == LOGIN_FAILED
        assert set(body) == {"code", "message", "request_id"}
    assert adapters().agents.get("demo", "agent").failed_logins >= 1  # type: ignore[union-attr]


def test_disabled_and_invited_agents_cannot_log_in(api: Api):
    make_agent("disabled.login@demo.example", state=AgentState.DISABLED)
    make_agent("invited.login@demo.example", state=AgentState.INVITED)
    for email in ("disabled.login@demo.example", "invited.login@demo.example"):
        status, body = api.call("POST", "/auth/login", json_body={"email": email, "password": PASSWORD})
        assert (status, body["message"]) == (401, LOGIN_FAILED)


def test_refresh_gives_a_new_token_and_is_refused_once_the_agent_is_disabled(api: Api):
    agent = make_agent("refresh.me@demo.example")
    token = api.login(agent.email)
    status, body = api.call("POST", "/auth/refresh", token=token)
    assert status == 200 and body["token"] != token and body["agent"]["email"] == agent.email
    adapters().agents.change(agent, state=AgentState.DISABLED)
    status, body = api.call("POST", "/auth/refresh", token=token)
    assert status == 401 and body["code"] == "unauthenticated"


def test_an_email_is_unique_in_the_whole_system(aws: None):
    from chalicelib.errors import EmailAlreadyRegisteredError

    with pytest.raises(EmailAlreadyRegisteredError) as refused:
        make_agent("Agent@Demo.example", tenant_id="nordlicht")
    assert refused.value.fields == {"email": "Diese E-Mail-Adresse ist bereits vergeben."}


def _token(principal: Principal, *, key: str | None = None, now: datetime | None = None) -> str:
    signing_key = key or adapters().secrets.get(token_signing_key_secret_name(get_settings()))
    return issue_token(principal, key=signing_key, ttl_seconds=60, now=now).token


DEMO_AGENT = Principal(tenant_id="demo", agent_id="agent", role=Role.AGENT, email="agent@demo.example")


@pytest.mark.parametrize("path", ["/me", "/customers?q=Mustermann"])
def test_protected_routes_without_or_with_a_bad_token_get_401(api: Api, path: str):
    method = "GET"
    assert api.call(method, path)[0] == 401
    assert api.call(method, path, headers={"Authorization": "Basic abc"})[0] == 401
    expired = _token(DEMO_AGENT, now=datetime.now(UTC) - timedelta(minutes=10))
    assert api.call(method, path, token=expired)[0] == 401
    foreign = _token(DEMO_AGENT, key="not-our-key-" * 6)
    assert api.call(method, path, token=foreign)[0] == 401
    good = _token(DEMO_AGENT)
    header, payload, signature = good.split(".")
    tampered_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    status, body = api.call(method, path, token=f"{header}.{tampered_payload}.{signature}")
    assert status == 401
    assert "Traceback" not in str(body)


def test_a_valid_token_opens_the_route(api: Api):
    assert api.call("GET", "/me", token=_token(DEMO_AGENT))[0] == 200


def test_public_routes_need_no_token(api: Api):
    assert api.call("GET", "/health") == (200, {"status": "ok"})
    status, body = api.call("GET", "/openapi.json")
    assert status == 200 and body["openapi"].startswith("3.")


def test_same_agent_id_twice_in_a_tenant_is_a_conflict_not_an_email_clash(aws: None):
    from chalicelib.errors import ConflictError, EmailAlreadyRegisteredError

    make_agent("twice@demo.example")
    with pytest.raises(ConflictError) as refused:
        adapters().agents.create(Agent(tenant_id="demo", agent_id="twice", email="other.twice@demo.example",
                                       name="", role=Role.AGENT, state=AgentState.INVITED))
    assert not isinstance(refused.value, EmailAlreadyRegisteredError)
    assert adapters().agents.find_by_email("other.twice@demo.example") is None
